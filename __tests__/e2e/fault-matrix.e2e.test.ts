import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, sep } from 'node:path';
import { startEmulator, type Emulator, type FaultRule } from '../../emulator/index.js';
import { ROOT, annotations, runAction, type ActionRun } from '../../scripts/github-runner.js';

// Every fault, once on the trigger and once while polling, through the committed dist/ and
// the emulator. The rows are checked against docs/fault-matrix.md; after a deliberate change
// of behaviour, refresh it with `UPDATE_FAULT_MATRIX=1 npm test -- fault-matrix`.

const MATRIX = join(ROOT, 'docs', 'fault-matrix.md');

let emu: Emulator;
let elsewhere: Server;
let elsewhereUrl: string;
const elsewhereRequests: string[] = [];
let closedPortUrl: string;

beforeAll(async () => {
  emu = await startEmulator({ speed: 20 });
  elsewhere = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      elsewhereRequests.push(`${req.method} ${req.url} ${body}`);
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPortUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(async () => {
  await emu.close();
  await new Promise((resolve) => elsewhere.close(resolve));
});

type Fault = Omit<FaultRule, 'method' | 'path' | 'times'>;
interface Row {
  readonly fault: string;
  readonly rule?: Fault | (() => Fault);
  /** Instead of a rule: where to send the step (DNS failure, refused connection). */
  readonly url?: () => string;
}

const redirect = (status: 301 | 302 | 307 | 308): Row => ({
  fault: `${status} redirect to another host`,
  rule: () => ({ redirect: { status, location: `${elsewhereUrl}/api/v4/elsewhere` } }),
});

const ROWS: Row[] = [
  {
    fault: '429 with Retry-After: 1',
    rule: {
      status: 429,
      body: 'Retry later',
      contentType: 'text/plain',
      headers: { 'Retry-After': '1' },
    },
  },
  { fault: '500 (JSON)', rule: { status: 500, body: { message: '500 Internal Server Error' } } },
  { fault: '502 HTML page', rule: { html: 502 } },
  { fault: '503 HTML page', rule: { html: 503 } },
  { fault: '504 HTML page', rule: { html: 504 } },
  { fault: 'reset before the request is handled', rule: { reset: 'before' } },
  { fault: 'reset after the request is handled', rule: { reset: 'after' } },
  { fault: 'no answer (request_timeout 2s)', rule: { hang: 'after' } },
  { fault: 'JSON body cut short', rule: { truncate: true } },
  redirect(301),
  redirect(302),
  redirect(307),
  redirect(308),
  { fault: 'DNS failure', url: () => 'http://gitlab.nonexistent.invalid' },
  { fault: 'connection refused', url: () => closedPortUrl },
];

/** The text a user reads, with what changes from run to run (ports, ids, times) made stable. */
function stable(text: string): string {
  return text
    .split(elsewhereUrl)
    .join('http://other.test')
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://gitlab.test')
    .replace(/127\.0\.0\.1:\d+/g, 'gitlab.test')
    .replace(/#\d+/g, '#N')
    .replace(/\/(pipelines|jobs)\/\d+/g, '/$1/N')
    .replace(/ after [\d.]+s/g, ' after Ts')
    .replace(/\|/g, '\\|');
}

function firstLine(run: ActionRun, kind: 'error' | 'warning'): string {
  const [line] = annotations(run.stdout, kind);
  return line === undefined ? '' : stable(line.split('\n')[0] ?? '');
}

const tokens = () => [emu.seed.triggerToken, emu.seed.apiToken];
function leaked(run: ActionRun): boolean {
  const shown = run.everything.replace(/^::add-mask::.*$/gm, '');
  return tokens().some((t) => shown.includes(t) || elsewhereRequests.some((r) => r.includes(t)));
}

async function triggerRow(row: Row): Promise<string[]> {
  const rule = typeof row.rule === 'function' ? row.rule() : row.rule;
  if (rule) emu.fail({ method: 'POST', path: /\/trigger\/pipeline$/, ...rule });
  const before = {
    pipelines: emu.pipelines.length,
    posts: emu.requests.filter((r) => r.method === 'POST').length,
    elsewhere: elsewhereRequests.length,
  };
  const run = await runAction({
    with: {
      gitlab_url: row.url ? row.url() : emu.url,
      project: emu.seed.projectPath,
      ref: 'main',
      token: emu.seed.triggerToken,
      request_timeout: '2s',
    },
    timeoutMs: 60_000,
  });
  emu.clearFaults();
  const posts = emu.requests.filter((r) => r.method === 'POST').length - before.posts;
  const tries = row.url ? '—' : String(posts);
  return [
    row.fault,
    run.exitCode === 0 ? 'passes' : 'fails',
    run.exitCode === 0 ? firstLine(run, 'warning') || '—' : firstLine(run, 'error'),
    tries,
    String(emu.pipelines.length - before.pipelines),
    String(elsewhereRequests.length - before.elsewhere),
    leaked(run) ? 'yes' : 'no',
  ];
}

async function pollingRow(row: Row): Promise<string[]> {
  emu.setScript(emu.seed.projectId, 'main', {
    createdSeconds: 1,
    queueSeconds: 1,
    jobs: [{ name: 'build', stage: 'build', duration: 10 }],
  });
  const rule = typeof row.rule === 'function' ? row.rule() : row.rule;
  const active = rule
    ? emu.fail({ method: 'GET', path: /\/pipelines\/\d+$/, times: 2, ...rule })
    : undefined;
  const before = { pipelines: emu.pipelines.length, elsewhere: elsewhereRequests.length };
  const run = await runAction({
    with: {
      gitlab_url: emu.url,
      project: emu.seed.projectPath,
      ref: 'main',
      token: emu.seed.triggerToken,
      api_token: emu.seed.apiToken,
      wait: 'true',
      request_timeout: '2s',
    },
    timeoutMs: 90_000,
  });
  emu.clearFaults();
  return [
    row.fault,
    run.exitCode === 0 ? `passes (${run.outputs['status'] ?? ''})` : 'fails',
    run.exitCode === 0 ? firstLine(run, 'warning') || '—' : firstLine(run, 'error'),
    String(active?.hits ?? 0),
    String(emu.pipelines.length - before.pipelines),
    String(elsewhereRequests.length - before.elsewhere),
    leaked(run) ? 'yes' : 'no',
  ];
}

/** Faults after the pipeline ends (reading its jobs and logs), and on the cancel of a stopped run. */
interface EndRow {
  readonly fault: string;
  /** The emulator's fault, when the fault is not in the pipeline itself. */
  readonly rule?: FaultRule;
  /** The pipeline fails with a job whose log is this long, or runs long enough to time out. */
  readonly script: Record<string, unknown>;
  readonly with?: Record<string, string>;
}

const failing = (trace: Record<string, unknown> = {}) => ({
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [{ name: 'test', stage: 'test', duration: 2, result: 'failed', ...trace }],
});

const END_ROWS: EndRow[] = [
  {
    fault: 'endless x-next-page on the jobs list',
    rule: {
      method: 'GET',
      path: /\/pipelines\/\d+\/jobs$/,
      paging: 'endless-without-total',
      times: 10_000,
    },
    script: failing(),
  },
  {
    fault: 'a jobs page that points back',
    rule: { method: 'GET', path: /\/pipelines\/\d+\/jobs$/, paging: 'repeat', times: 10_000 },
    script: failing(),
  },
  {
    fault: "a failed job's 600 MB log",
    script: failing({ traceSize: 600 * 1024 * 1024, traceTail: 'assertion failed: expected 2' }),
  },
  {
    fault: 'a cancel that never answers (timeout 3s)',
    rule: { method: 'POST', path: /\/cancel$/, hang: true },
    script: {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [{ name: 'slow', stage: 'build', duration: 3600 }],
    },
    with: { timeout: '3s' },
  },
];

/**
 * What the results brought home are handed: a hostile answer from GitLab, or a workspace that
 * already holds links where the tool writes. `prepare` lays out the workspace; `outside` is a
 * folder beside it that nothing may write into, and the row says whether anything did.
 */
interface ResultRow extends Omit<EndRow, 'script'> {
  /** A function when the script needs the running emulator (its tokens). */
  readonly script: Record<string, unknown> | (() => Record<string, unknown>);
  readonly prepare?: (workspace: string, outside: string) => void;
}

const oneJob = (job: Record<string, unknown>) => ({
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [{ name: 'package', stage: 'build', duration: 1, ...job }],
});
const planted = (path: string) => (workspace: string, outside: string) => {
  mkdirSync(join(workspace, 'gitlab-artifacts'), { recursive: true });
  symlinkSync(outside, join(workspace, 'gitlab-artifacts', path));
};

const RESULT_ROWS: ResultRow[] = [
  {
    fault: "a job's folder planted as a link to outside",
    prepare: planted('package'),
    script: oneJob({ artifacts: { 'app.txt': 'built' } }),
    with: { download_artifacts: 'package' },
  },
  {
    fault: "a job's log planted as a link to outside",
    prepare: planted('package.log'),
    script: oneJob({ trace: 'log\n' }),
    with: { download_logs: 'true' },
  },
  {
    fault: "artifacts_path committed as a link to the checkout's own .git",
    prepare: (workspace) => {
      mkdirSync(join(workspace, '.git'));
      symlinkSync(join(workspace, '.git'), join(workspace, 'gitlab-artifacts'));
    },
    script: oneJob({ artifacts: { HEAD: 'ref: refs/heads/evil' } }),
    with: { download_artifacts: 'package' },
  },
  {
    fault: 'archive entries under a `.git` folder (`.git/config`)',
    script: oneJob({
      hostileArtifacts: {
        bombSize: 0,
        entries: [
          { name: '.git/config', data: '[core]\n\tfsmonitor = touch /tmp/owned' },
          { name: 'ok.txt', data: 'ok' },
        ],
      },
    }),
    with: { download_artifacts: 'package' },
  },
  {
    fault: 'a job id shaped like a path (`/../../x`)',
    rule: {
      method: 'GET',
      path: /\/pipelines\/\d+\/jobs$/,
      times: 10_000,
      rewrite: (jobs: { id: unknown }[]) => jobs.map((j) => ({ ...j, id: '/../../x' })),
    },
    script: oneJob({ artifacts: { 'app.txt': 'built' } }),
    with: { download_artifacts: '*' },
  },
  {
    fault: 'archive entries that clash (`dir/`, then a file `dir`)',
    script: oneJob({
      hostileArtifacts: {
        bombSize: 0,
        entries: [
          { name: 'dir/', data: '' },
          { name: 'dir', data: 'x' },
          { name: '..data/config.yaml', data: 'k: v' },
        ],
      },
    }),
    with: { download_artifacts: 'package' },
  },
  {
    fault: 'an archive entry that lies about its size',
    script: oneJob({ hostileArtifacts: { bombSize: 65_536, declaredSize: 1024 } }),
    with: { download_artifacts: 'package' },
  },
  {
    fault: 'artifacts past artifacts_max_size',
    script: oneJob({ artifacts: { 'big.bin': { size: 3 * 1024 * 1024 } } }),
    with: { download_artifacts: 'package', artifacts_max_size: '1MiB' },
  },
  {
    fault: 'a download redirected to 169.254.169.254',
    rule: {
      method: 'GET',
      path: /\/jobs\/\d+\/artifacts$/,
      redirect: { status: 302, location: 'http://169.254.169.254/latest/meta-data/' },
    },
    script: oneJob({ artifacts: { 'app.txt': 'built' } }),
    with: { download_artifacts: 'package' },
  },
  {
    fault: 'a dotenv file of 200,000 keys',
    script: oneJob({
      artifacts: { 'out.env': Array.from({ length: 200_000 }, (_, i) => `K${i}=v`).join('\n') },
    }),
    with: { outputs_from: 'package:out.env' },
  },
  {
    fault: 'a log that prints the tokens',
    script: () => oneJob({ trace: `${emu.seed.triggerToken}\n${emu.seed.apiToken}\n` }),
    with: { download_logs: 'true' },
  },
];

async function resultRow(row: ResultRow): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fault-matrix-'));
  const workspace = join(dir, 'workspace');
  const outside = join(dir, 'outside');
  mkdirSync(workspace);
  mkdirSync(outside);
  row.prepare?.(workspace, outside);
  emu.setScript(
    emu.seed.projectId,
    'main',
    typeof row.script === 'function' ? row.script() : row.script,
  );
  if (row.rule) emu.fail(row.rule);
  const before = emu.requests.length;
  const run = await runAction({ with: { ...waitingInputs(), ...row.with }, workspace });
  emu.clearFaults();
  const saved = readdirSync(workspace, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
  const strayed = emu.requests.slice(before).some((r) => r.url.includes('..'));
  const shown = (line: string) => stable(line.split(dir).join('')).replace(/\bjob \d+/g, 'job N');
  const [first] = [...annotations(run.stdout, 'error'), ...annotations(run.stdout, 'warning')];
  const intoGit = below(workspace).some((path) => path.split(sep).includes('.git'));
  const wrote = readdirSync(outside).length > 0 || strayed || intoGit;
  rmSync(dir, { recursive: true, force: true });
  return [
    row.fault,
    run.exitCode === 0 ? 'passes' : 'fails',
    first === undefined ? '—' : shown(first.split('\n')[0] ?? ''),
    // How many requests met the fault depends on how often the wait read the jobs: not shown.
    wrote ? 'yes' : 'no',
    leaked(run) || tokens().some((t) => saved.includes(t)) ? 'yes' : 'no',
  ];
}

function waitingInputs(): Record<string, string> {
  return {
    gitlab_url: emu.url,
    project: emu.seed.projectPath,
    ref: 'main',
    token: emu.seed.triggerToken,
    api_token: emu.seed.apiToken,
    wait: 'true',
  };
}

async function endRow(row: EndRow): Promise<string[]> {
  emu.setScript(emu.seed.projectId, 'main', row.script);
  const active = row.rule ? emu.fail(row.rule) : undefined;
  const before = { pipelines: emu.pipelines.length, elsewhere: elsewhereRequests.length };
  const run = await runAction({
    with: {
      gitlab_url: emu.url,
      project: emu.seed.projectPath,
      ref: 'main',
      token: emu.seed.triggerToken,
      api_token: emu.seed.apiToken,
      wait: 'true',
      ...row.with,
    },
    timeoutMs: 90_000,
  });
  emu.clearFaults();
  return [
    row.fault,
    run.exitCode === 0 ? `passes (${run.outputs['status'] ?? ''})` : 'fails',
    firstLine(run, 'warning') || firstLine(run, 'error') || '—',
    active ? String(active.hits) : '—',
    String(emu.pipelines.length - before.pipelines),
    String(elsewhereRequests.length - before.elsewhere),
    leaked(run) ? 'yes' : 'no',
  ];
}

function table(headers: string[], rows: string[][]): string {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function document(
  trigger: string[][],
  polling: string[][],
  end: string[][],
  results: string[][],
): string {
  const columns = [
    'fault',
    'the step',
    'what the user reads (first line)',
    'requests that met the fault',
    'pipelines created',
    'requests to the other host',
    'token shown',
  ];
  return [
    '# Fault matrix',
    '',
    '<!-- Written by __tests__/e2e/fault-matrix.e2e.test.ts from runs of the committed dist/index.js',
    '     against the emulator; `UPDATE_FAULT_MATRIX=1 npm test -- fault-matrix` rewrites it, and',
    '     `npm test` fails while it differs from what the action does. -->',
    '',
    'Each row injects one fault into the GitLab emulator and runs the action as a GitHub runner',
    'does. Ports, ids and times are written as `gitlab.test`, `N` and `T`.',
    '',
    '## On the trigger (`POST /projects/:id/trigger/pipeline`)',
    '',
    'The trigger is repeated only when GitLab certainly created nothing (429, 503, no',
    'connection). After anything else, a second pipeline could do real damage, so the message',
    'says a pipeline may exist and links where to look.',
    '',
    table(columns, trigger),
    '',
    '## While polling (`GET /projects/:id/pipelines/:id`, the fault on two polls in a row)',
    '',
    'Polling changes nothing, so every transient fault is ridden out; GitLab may stay unreachable',
    'for up to 5 minutes. A redirect is never followed and ends the wait.',
    '',
    table(columns, polling),
    '',
    'DNS failure and a refused connection cannot happen while polling without also happening to',
    'the trigger, which reached the same host a moment earlier; their trigger rows stand for both.',
    '',
    '## After the pipeline ends, and when the run stops',
    '',
    'What GitLab sends is read only as far as it is used: a list stops at a page that repeats or',
    'past a ceiling (500 pages), only the last 16 KiB of a log are kept, and a cancel is given up',
    'after 5 s so a stopped run exits before the runner kills it.',
    '',
    table(columns, end),
    '',
    '## What the results bring home (artifacts, logs, outputs)',
    '',
    'Ids, names and paths from GitLab are checked before use; folders on the way and the files',
    'written are looked at first, so a link already in the workspace is never written through;',
    'what was asked for and could not be brought home whole fails the step, and a saved log has',
    'the tokens masked. The workspace is `/workspace`, with `/outside` beside it.',
    '',
    table(
      [
        'fault',
        'the step',
        'what the user reads (first line)',
        'written outside the workspace or into a .git, or a request to another path',
        'token shown or saved',
      ],
      results,
    ),
    '',
  ].join('\n');
}

describe('the fault matrix', () => {
  it('matches docs/fault-matrix.md, no token shown anywhere, no request repeated that could create a second pipeline', async () => {
    const trigger: string[][] = [];
    for (const row of ROWS) trigger.push(await triggerRow(row));
    const polling: string[][] = [];
    for (const row of ROWS.filter((r) => r.rule)) polling.push(await pollingRow(row));

    for (const row of [...trigger, ...polling]) expect([row[0], row[6]]).toEqual([row[0], 'no']);
    // Only a fault that certainly created nothing may see the trigger twice.
    for (const row of trigger) {
      if (!/^(429|503|connection refused)/.test(row[0] ?? ''))
        expect([row[0], row[3]]).toEqual([row[0], expect.stringMatching(/^(1|—)$/)]);
    }

    const end: string[][] = [];
    for (const row of END_ROWS) end.push(await endRow(row));
    for (const row of end) expect([row[0], row[6]]).toEqual([row[0], 'no']);

    const results: string[][] = [];
    for (const row of RESULT_ROWS) results.push(await resultRow(row));
    for (const row of results) expect([row[0], row[3], row[4]]).toEqual([row[0], 'no', 'no']);

    const text = document(trigger, polling, end, results);
    if (process.env.UPDATE_FAULT_MATRIX) writeFileSync(MATRIX, text);
    expect(existsSync(MATRIX) ? readFileSync(MATRIX, 'utf8') : '').toBe(text);
  }, 600_000);
});

/** Every file below `dir` (links not followed), relative to it. */
function below(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}
