import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './processes.js';

/**
 * The GitHub workflows that ship with the project and the workflow snippets of the README,
 * as files actionlint can read, and the uses of this action and of its reusable workflow in
 * them.
 */

/** The owner the README and the workflows name this repository by (see README, "Install"). */
export const OWNER = 'gitlab-pipeline-trigger';
export const REPOSITORY = `${OWNER}/gitlab-pipeline-trigger`;
export const REUSABLE = '.github/workflows/trigger-gitlab.yml';

export interface WorkflowText {
  /** Where it comes from, as `file:line` for a snippet of the README or docs/. */
  readonly path: string;
  /** A whole workflow: a README snippet of steps or jobs wrapped into one. */
  readonly data: string;
  /** The line of `path` the first line of `data` stands for, minus the lines added around it. */
  readonly lineOffset: number;
}

export function shippedWorkflows(): WorkflowText[] {
  const dir = join(ROOT, '.github', 'workflows');
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({
      path: `.github/workflows/${f}`,
      data: readFileSync(join(dir, f), 'utf8'),
      lineOffset: 0,
    }));
}

/** The ```yaml workflow snippets of the README and of every page of docs/. */
export function readmeWorkflowSnippets(): WorkflowText[] {
  return documentationFiles().flatMap(markdownWorkflowSnippets);
}

/** The README and the pages of docs/, relative to the repository's root. */
export function documentationFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

/**
 * A Markdown file's ```yaml blocks that are GitHub workflows or parts of one (they have
 * `jobs:`, `steps:` or `uses:`), each made a whole workflow: a list of steps goes into a job,
 * jobs without a trigger get one. GitLab CI snippets have none of those keys and are left out.
 */
export function markdownWorkflowSnippets(file: string): WorkflowText[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const snippets: WorkflowText[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^(\s*)```ya?ml\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const indent = open[1]?.length ?? 0;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end] ?? '')) end += 1;
    const body = lines.slice(start, end).map((l) => l.slice(indent));
    i = end;
    const text = body.join('\n');
    if (!/^\s*(jobs|steps):/m.test(text) && !/^\s*-?\s*uses:/m.test(text)) continue;
    const where = `${file}:${start + 1}`;
    if (/^jobs:/m.test(text)) {
      const head = /^on:/m.test(text) ? [] : ['on: workflow_dispatch'];
      snippets.push({
        path: where,
        data: [...head, ...body].join('\n'),
        lineOffset: start - head.length,
      });
    } else {
      const head = ['on: workflow_dispatch', 'jobs:', '  snippet:', '    runs-on: ubuntu-latest'];
      // A single step written as a mapping becomes the one item of the list.
      const first = body.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
      const steps = /^-/.test(body[first] ?? '')
        ? body
        : body.map((l, n) => (n === first ? `- ${l}` : `  ${l}`));
      const wrapped = [...head, '    steps:', ...steps.map((l) => (l ? `      ${l}` : l))];
      snippets.push({ path: where, data: wrapped.join('\n'), lineOffset: start - head.length - 1 });
    }
  }
  return snippets;
}

export interface LintFinding {
  readonly path: string;
  readonly line: number;
  readonly kind: string;
  readonly message: string;
}

/**
 * actionlint (its WebAssembly build) over the given workflows, in a Node.js of its own: the
 * Go runtime it loads sets globals that have no business in a test's module sandbox.
 */
export function actionlint(files: readonly WorkflowText[]): LintFinding[] {
  const script = `
    const { runLint } = require(${JSON.stringify(join(ROOT, 'node_modules', '@tktco', 'node-actionlint', 'build', 'index.js'))});
    const files = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));
    (async () => {
      const out = [];
      for (const f of files) out.push(await runLint(f.data, f.path));
      process.stdout.write(JSON.stringify(out));
      process.exit(0);
    })();`;
  // A script file, not `node -e`: there Node's `fs` is a global, which the Go runtime's glue
  // then calls for real and deadlocks on (actionlint stats each workflow's path).
  const dir = mkdtempSync(join(tmpdir(), 'actionlint-'));
  let output: string;
  try {
    const input = join(dir, 'workflows.json');
    const runner = join(dir, 'lint.cjs');
    writeFileSync(input, JSON.stringify(files));
    writeFileSync(runner, script);
    output = execFileSync(process.execPath, [runner, input], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 50_000,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const results = JSON.parse(output) as { line: number; kind: string; message: string }[][];
  return results.flatMap((found, i) => {
    const file = files[i];
    if (!file) return [];
    const [name] = file.path.split(':');
    return found.map((r) => ({
      path: name ?? file.path,
      line: r.line + file.lineOffset,
      kind: r.kind,
      message: r.message,
    }));
  });
}

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: Record<string, unknown> | 'inherit';
  steps?: Step[];
}

export interface Use {
  readonly where: string;
  readonly what: 'action' | 'reusable workflow';
  readonly withKeys: string[];
  readonly secretKeys: string[];
  /** `steps.<id>.outputs.<name>` (action) or `needs.<job>.outputs.<name>` (workflow) names. */
  readonly outputsRead: string[];
}

const isThisAction = (uses: string) =>
  uses === './' ||
  uses.startsWith(`${REPOSITORY}@`) ||
  /^[^/]+\/gitlab-pipeline-trigger@/.test(uses);
const isTheReusableWorkflow = (uses: string) =>
  uses === `./${REUSABLE}` ||
  /^[^/]+\/gitlab-pipeline-trigger\/\.github\/workflows\/trigger-gitlab\.yml@/.test(uses);

function outputsNamed(text: string, prefix: string): string[] {
  const pattern = new RegExp(
    `${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.outputs\\.([A-Za-z0-9_-]+)`,
    'g',
  );
  return [...text.matchAll(pattern)].map((m) => m[1] ?? '');
}

/** Every step that uses this action and every job that calls its reusable workflow. */
export function usesOfThisProject(file: WorkflowText): Use[] {
  const doc = parse(file.data) as { jobs?: Record<string, Job> };
  const uses: Use[] = [];
  for (const [jobName, job] of Object.entries(doc.jobs ?? {})) {
    if (job.uses && isTheReusableWorkflow(job.uses)) {
      uses.push({
        where: `${file.path} job ${jobName}`,
        what: 'reusable workflow',
        withKeys: Object.keys(job.with ?? {}),
        secretKeys: job.secrets === 'inherit' ? [] : Object.keys(job.secrets ?? {}),
        outputsRead: outputsNamed(file.data, `needs.${jobName}`),
      });
    }
    const jobText = JSON.stringify(job);
    for (const step of job.steps ?? []) {
      if (!step.uses || !isThisAction(step.uses)) continue;
      uses.push({
        where: `${file.path} job ${jobName} step ${step.id ?? step.uses}`,
        what: 'action',
        withKeys: Object.keys(step.with ?? {}),
        secretKeys: [],
        // A job's `outputs:` read its steps' outputs too; both are in the job's text.
        outputsRead: step.id ? outputsNamed(jobText, `steps.${step.id}`) : [],
      });
    }
  }
  return uses;
}

/** Every `uses:` value in a workflow, to check which repositories the examples name. */
export function allUses(file: WorkflowText): string[] {
  return [...file.data.matchAll(/^\s*-?\s*uses:\s*(\S+)/gm)].map((m) => m[1] ?? '');
}
