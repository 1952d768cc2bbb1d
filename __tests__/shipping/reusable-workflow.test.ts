import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startEmulator, type Emulator, type Script } from '../../emulator/index.js';
import { startGitHubEmulator } from '../../emulator/github.js';
import { ROOT } from './processes.js';
import {
  callReusableWorkflow,
  declared,
  REUSABLE_TEXT,
  reusableWorkflow,
} from './reusable-workflow.js';
import { markdownWorkflowSnippets, REUSABLE, shippedWorkflows } from './workflows.js';

// .github/workflows/trigger-gitlab.yml against action.yml: every input, secret and output of
// the action is the workflow's too, handed through unchanged; and the workflow called as a
// caller calls it, its action step being the built dist/ against the GitLab emulator.

interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description?: string }>;
};

/** Inputs that carry a credential or a certificate travel as `secrets:`, never in the log. */
const isSecret = (name: string) => /token$/.test(name) || name === 'ca_cert';
/**
 * Where the workflow cannot take an input under the action's name. GitHub refuses a
 * workflow_call secret named github_token ("would collide with system reserved name").
 */
const RENAMED: Record<string, string> = { github_token: 'gh_token' };
/** How the step receives an input that the workflow renames: the action's default otherwise. */
const PASSED_AS: Record<string, string> = {
  github_token: '${{ secrets.gh_token || github.token }}',
};
/** The workflow's own settings and results, which the action has no use for. */
const OWN_INPUTS = ['artifact_name', 'runs-on'];
const OWN_OUTPUTS = ['artifact_name'];

const sorted = (values: Iterable<string>) => [...values].sort();
const job = reusableWorkflow.jobs.trigger;
const actionStep = job?.steps.find((s) => s.id === 'gitlab');

describe('the reusable workflow, against action.yml', () => {
  it('takes every input of the action: the credentials as secrets, the rest as inputs', () => {
    const names = Object.keys(action.inputs);
    const secrets = names.filter(isSecret).map((n) => RENAMED[n] ?? n);
    const inputs = names.filter((n) => !isSecret(n)).map((n) => RENAMED[n] ?? n);
    expect(sorted(Object.keys(declared.secrets))).toEqual(sorted(secrets));
    expect(sorted(Object.keys(declared.inputs))).toEqual(sorted([...inputs, ...OWN_INPUTS]));
  });

  it("keeps each input's type, default and whether it is required", () => {
    for (const [name, spec] of Object.entries(action.inputs)) {
      const where = RENAMED[name] ?? name;
      if (isSecret(name)) {
        // A secret has no default: unset, it is empty, as the action's '' (or github.token,
        // which the step falls back to).
        expect({ name, required: declared.secrets[where]?.required ?? false }).toEqual({
          name,
          required: spec.required ?? false,
        });
        continue;
      }
      const boolean = spec.default === 'true' || spec.default === 'false';
      const mine = declared.inputs[where];
      expect({ name, ...mine, description: undefined }).toEqual({
        name,
        type: boolean ? 'boolean' : 'string',
        ...(spec.required ? { required: true } : {}),
        ...(spec.default === undefined
          ? {}
          : { default: boolean ? spec.default === 'true' : spec.default }),
        description: undefined,
      });
      expect(mine?.description).toBeTruthy();
    }
  });

  it("hands each input to the action's step unchanged, and nothing else", () => {
    expect(actionStep?.uses).toBe('gitlab-pipeline-trigger/gitlab-pipeline-trigger@v1');
    const expected = Object.fromEntries(
      Object.keys(action.inputs).map((name) => [
        name,
        PASSED_AS[name] ?? `\${{ ${isSecret(name) ? 'secrets' : 'inputs'}.${name} }}`,
      ]),
    );
    expect(actionStep?.with).toEqual(expected);
  });

  it('exposes every output of the action as an output of the workflow', () => {
    const names = Object.keys(action.outputs);
    expect(sorted(Object.keys(declared.outputs))).toEqual(sorted([...names, ...OWN_OUTPUTS]));
    for (const name of names) {
      expect({ name, value: declared.outputs[name]?.value }).toEqual({
        name,
        value: `\${{ jobs.trigger.outputs.${name} }}`,
      });
      expect({ name, value: job?.outputs[name] }).toEqual({
        name,
        value: `\${{ steps.gitlab.outputs.${name} }}`,
      });
    }
  });
});

describe('the reusable workflow and permissions', () => {
  it("asks for none of its own, so it takes exactly the calling job's grant", () => {
    // A `permissions:` here could only narrow the caller's grant, and one asking for
    // statuses: write would make GitHub refuse every call that does not grant it.
    expect(reusableWorkflow.permissions).toBeUndefined();
    for (const one of Object.values(reusableWorkflow.jobs)) expect(one.permissions).toBeUndefined();
  });

  it('says in its header which permission each option needs', () => {
    const header = REUSABLE_TEXT.split('\n')
      .filter((line) => line.startsWith('#'))
      .join('\n');
    expect(header).toMatch(/commit_status: true +statuses: write/);
    expect(header).toMatch(/on_rerun: retry +statuses: write/);
    expect(header).toMatch(/download_artifacts, _logs +nothing/);
    expect(header).toMatch(/every other option +nothing: set `permissions: \{\}`/);
  });

  it('is called with statuses: write wherever an example asks for commit_status', () => {
    const files = [
      ...shippedWorkflows(),
      ...markdownWorkflowSnippets('README.md'),
      ...markdownWorkflowSnippets('docs/reusable-workflow.md'),
    ];
    let calls = 0;
    for (const file of files) {
      const doc = parse(file.data) as {
        permissions?: Record<string, string>;
        jobs?: Record<
          string,
          {
            uses?: string;
            with?: Record<string, unknown>;
            permissions?: Record<string, string> | string;
          }
        >;
      };
      for (const [name, caller] of Object.entries(doc.jobs ?? {})) {
        if (!caller.uses?.includes(REUSABLE.slice(1)) || !caller.with?.commit_status) continue;
        calls += 1;
        const granted = caller.permissions ?? doc.permissions;
        expect({ where: `${file.path} job ${name}`, granted }).toEqual({
          where: `${file.path} job ${name}`,
          granted: expect.objectContaining({ statuses: 'write' }),
        });
      }
    }
    expect(calls).toBeGreaterThan(0);
  });
});

const TRIGGERED_BY = 'ghs_callerGITHUBTOKEN0123456789abcdefghij';
const STATUS_TOKEN = 'ghs_statusAppTOKEN0123456789abcdefghijklm';

let emu: Emulator;
let gh: Awaited<ReturnType<typeof startGitHubEmulator>>;
const workspaces: string[] = [];
beforeAll(async () => {
  emu = await startEmulator({ speed: 20 });
  gh = await startGitHubEmulator({ tokens: { [TRIGGERED_BY]: {}, [STATUS_TOKEN]: {} } });
});
afterAll(async () => {
  await gh?.close();
  await emu?.close();
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'reusable-workflow-'));
  workspaces.push(dir);
  return dir;
}

/** A caller's `with:` and `secrets:` for the emulator's project. */
function caller(
  extra: Record<string, string | boolean> = {},
  secrets: Record<string, string> = {},
) {
  return {
    with: { gitlab_url: emu.url, project: emu.seed.projectPath, ref: 'main', ...extra },
    secrets: { token: emu.seed.triggerToken, api_token: emu.seed.apiToken, ...secrets },
    githubToken: TRIGGERED_BY,
    env: { GITHUB_API_URL: gh.url },
    workspace: workspace(),
  };
}

const deploy = (result: 'success' | 'failed'): Script => ({
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [
    {
      name: 'build',
      stage: 'build',
      duration: 1,
      trace: 'compiling\nbuilt app.tar.gz\n',
      artifacts: { 'app.txt': 'the app\n', '.env.build': 'BUILD=7\n' },
    },
    {
      name: 'deploy',
      stage: 'deploy',
      duration: 1,
      result,
      trace: `deploying\n${result}\n`,
      artifacts: { 'deploy.env': 'ENVIRONMENT_URL=https://staging.example.com\n' },
    },
  ],
});

describe('the reusable workflow, called', () => {
  it("hands the caller's values to GitLab unchanged and every output of the action back", async () => {
    emu.setScript(emu.seed.projectId, 'main', deploy('success'));
    const variables = `VERSION: "1.10"\nNOTE: "it's \\"quoted\\": # not a comment"`;
    const run = await callReusableWorkflow(
      caller({ wait: true, variables, outputs_from: 'deploy:deploy.env', timeout: '5m' }),
    );
    expect(run.step.exitCode).toBe(0);
    const pipeline = emu.pipelines.at(-1);
    expect(pipeline?.variables).toEqual({
      VERSION: '1.10',
      NOTE: `it's "quoted": # not a comment`,
    });
    expect(run.stepWith).toMatchObject({ wait: 'true', test_report: 'true', timeout: '5m' });
    for (const name of Object.keys(action.outputs)) {
      expect({ name, value: run.outputs[name] }).toEqual({
        name,
        value: run.step.outputs[name] ?? '',
      });
    }
    expect(run.outputs.status).toBe('success');
    expect(run.outputs.pipeline_id).toBe(String(pipeline?.id));
    expect(JSON.parse(run.outputs.gitlab_outputs ?? '')).toEqual({
      ENVIRONMENT_URL: 'https://staging.example.com',
    });
    // Nothing was asked to be downloaded: nothing is uploaded, no artifact is named.
    expect(run.upload).toBeUndefined();
    expect(run.outputs.artifact_name).toBe('');
  }, 30_000);

  it('uploads what a failed pipeline left, logs and dotfiles too, and names the artifact', async () => {
    emu.setScript(emu.seed.projectId, 'main', deploy('failed'));
    const run = await callReusableWorkflow(
      caller({ wait: true, download_artifacts: 'build', download_logs: true }),
    );
    expect(run.step.exitCode).toBe(1);
    const id = run.outputs.pipeline_id;
    expect(run.upload?.with).toMatchObject({
      name: `gitlab-pipeline-${id}`,
      path: run.step.outputs.artifacts_path,
    });
    expect(run.upload?.files).toEqual(['build.log', 'build/.env.build', 'build/app.txt']);
    expect(run.outputs.artifact_name).toBe(`gitlab-pipeline-${id}`);
  }, 30_000);

  it('names the artifact as the caller asks', async () => {
    emu.setScript(emu.seed.projectId, 'main', deploy('success'));
    const run = await callReusableWorkflow(
      caller({ wait: true, download_logs: true, artifact_name: 'partner-logs' }),
    );
    expect(run.upload?.with.name).toBe('partner-logs');
    expect(run.upload?.files).toEqual(['build.log', 'deploy.log']);
    expect(run.outputs.artifact_name).toBe('partner-logs');
  }, 30_000);

  it("writes the commit status with the caller's GITHUB_TOKEN, or with gh_token when given", async () => {
    emu.setScript(emu.seed.projectId, 'main', deploy('success'));
    const used = async (secrets: Record<string, string>) => {
      const from = gh.requests.length;
      const run = await callReusableWorkflow(caller({ wait: true, commit_status: true }, secrets));
      expect(run.step.exitCode).toBe(0);
      const writes = gh.requests.slice(from).filter((r) => r.method === 'POST');
      expect(writes.length).toBeGreaterThan(0);
      return [...new Set(writes.map((r) => String(r.headers.authorization)))];
    };
    expect(await used({})).toEqual([`token ${TRIGGERED_BY}`]);
    expect(await used({ gh_token: STATUS_TOKEN })).toEqual([`token ${STATUS_TOKEN}`]);
  }, 30_000);

  it('refuses what GitHub refuses (an unknown input, a string for a boolean), and the action a missing token', async () => {
    await expect(callReusableWorkflow(caller({ github_token: 'x' }))).rejects.toThrow(
      'github_token is not defined',
    );
    await expect(callReusableWorkflow(caller({ wait: 'true' }))).rejects.toThrow(
      'wait is typed boolean',
    );
    // The token is not required by the workflow (following a pipeline needs none): the
    // action refuses it empty, before any request.
    const missing = await callReusableWorkflow({ ...caller(), secrets: { api_token: 'x' } });
    expect(missing.step?.exitCode).toBe(1);
    expect(missing.step?.stdout).toContain("::error::Input 'token' is empty");
  });
});
