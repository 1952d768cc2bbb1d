import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Output } from '../../src/action/names.js';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { actionYaml, annotations, runAction, type ActionRun } from '../../scripts/github-runner.js';

// The committed dist/index.js, run as a GitHub runner runs it, against the GitLab emulator.

let emu: Emulator;
let seed: Emulator['seed'];
beforeAll(async () => {
  emu = await startEmulator({ speed: 10 });
  seed = emu.seed;
});
afterAll(() => emu.close());
afterEach(() => emu.clearFaults());

const secrets = () => [
  seed.triggerToken,
  seed.apiToken,
  seed.jobToken,
  seed.expiredJobToken,
  seed.otherProjectTriggerToken,
];

function step(extra: Record<string, string> = {}) {
  return {
    gitlab_url: emu.url,
    project: seed.projectPath,
    ref: 'main',
    token: seed.triggerToken,
    ...extra,
  };
}

/**
 * No secret anywhere the run left text: log, outputs, summary, state. The `::add-mask::`
 * command is the one place a secret must appear: it is how the runner learns to hide it,
 * and the runner never shows that line.
 */
function expectNoSecret(run: ActionRun): void {
  const shown = run.everything.replace(/^::add-mask::.*$/gm, '');
  for (const secret of secrets()) expect(shown).not.toContain(secret);
}

function failureOf(run: ActionRun): string {
  expect(run.exitCode).toBe(1);
  const errors = annotations(run.stdout, 'error');
  expect(errors).toHaveLength(1);
  return errors[0] ?? '';
}

const triggerRequests = () => emu.requests.filter((r) => r.path.endsWith('/trigger/pipeline'));

describe('the action triggers a pipeline', () => {
  it('creates one pipeline, links it in the log at once, and sets every declared output', async () => {
    const before = emu.pipelines.length;
    const run = await runAction({ with: step() });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(emu.pipelines.length).toBe(before + 1);
    const pipeline = JSON.parse(run.outputs[Output.Pipeline] ?? '{}') as {
      id: number;
      web_url: string;
    };
    expect(run.outputs[Output.PipelineId]).toBe(String(pipeline.id));
    expect(run.outputs[Output.WebUrl]).toBe(
      `${emu.url}/${seed.projectPath}/-/pipelines/${pipeline.id}`,
    );
    expect(run.outputs[Output.Status]).toBe('created');
    expect(run.outputs[Output.Ref]).toBe('main');
    expect(run.outputs[Output.Sha]).toMatch(/^[0-9a-f]{40}$/);
    expect(run.stdout).toContain(`Pipeline #${pipeline.id} created (created): ${pipeline.web_url}`);
    // Every output but those of results brought home after a wait (outputs_from, artifacts).
    const results: string[] = [Output.GitLabOutputs, Output.ArtifactsPath];
    expect(Object.keys(run.outputs).sort()).toEqual(
      Object.keys(actionYaml.outputs)
        .filter((name) => !results.includes(name))
        .sort(),
    );
    expect(run.summary).toContain(`[#${pipeline.id}](${pipeline.web_url})`);
    expectNoSecret(run);
  });

  it('sends variables exactly as written and inputs typed', async () => {
    const run = await runAction({
      with: step({
        variables:
          'VERSION: 1.10\nBUILD: 007\nDEPLOY: yes\nEMPTY:\nNOTES: |\n  line one\n  line two\n',
        inputs: 'replicas: 3\ndry_run: false\nregions: [eu, us]\nlabel: "3"',
      }),
    });
    expect(run.exitCode).toBe(0);
    const created = emu.pipelines.at(-1);
    expect(created?.variables).toEqual({
      VERSION: '1.10',
      BUILD: '007',
      DEPLOY: 'yes',
      EMPTY: '',
      NOTES: 'line one\nline two\n',
    });
    expect(created?.inputs).toEqual({
      replicas: 3,
      dry_run: false,
      regions: ['eu', 'us'],
      label: '3',
    });
  });

  it('warns, as a warning annotation, when a YAML number of inputs reaches GitLab written otherwise', async () => {
    const run = await runAction({
      with: step({ inputs: 'version: 1.10\nreplicas: 3\nlabel: "1.10"\nlist: [2.50]' }),
    });
    expect(run.exitCode).toBe(0);
    expect(emu.pipelines.at(-1)?.inputs).toEqual({
      version: 1.1,
      replicas: 3,
      label: '1.10',
      list: [2.5],
    });
    expect(annotations(run.stdout, 'warning')).toEqual([
      "Input 'inputs' gives 'version' the number 1.10, which YAML reads as 1.1: GitLab receives 1.1. Quote it ('1.10') to send the text 1.10.",
      "Input 'inputs' gives 'list' the number 2.50, which YAML reads as 2.5: GitLab receives 2.5. Quote it ('2.50') to send the text 2.50.",
    ]);
    expect(run.stdout).toMatch(
      /^::warning title=YAML number in inputs::Input 'inputs' gives 'version'/m,
    );
  });

  it('reads KEY=value lines, keeping = inside values', async () => {
    const run = await runAction({ with: step({ variables: 'A=x=y\nURL=https://e.com/?a=1' }) });
    expect(run.exitCode).toBe(0);
    expect(emu.pipelines.at(-1)?.variables).toEqual({ A: 'x=y', URL: 'https://e.com/?a=1' });
  });

  it.each([
    ['its numeric id', () => String(seed.projectId), 'main'],
    ['its path encoded already', () => seed.projectPath.replace(/\//g, '%2F'), 'main'],
    ['its path, on a ref with a slash', () => seed.projectPath, 'release/v1.2'],
  ])('finds the project by %s', async (_what, project, ref) => {
    const run = await runAction({ with: step({ project: project(), ref }) });
    expect(run.exitCode).toBe(0);
    expect(emu.pipelines.at(-1)?.ref).toBe(ref);
    expect(triggerRequests().at(-1)?.url).toMatch(
      /^\/api\/v4\/projects\/(42|acme%2Fplatform%2Fdeploy)\/trigger\/pipeline$/,
    );
  });

  it('sends the token in a JSON body, never in the URL, with a User-Agent naming the tool', async () => {
    await runAction({ with: step() });
    const request = triggerRequests().at(-1);
    expect(request?.url).not.toContain('token');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['user-agent']).toMatch(
      /^gitlab-pipeline-trigger\/\d+\.\d+\.\d+ node\/24\./,
    );
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({
      token: seed.triggerToken,
      ref: 'main',
    });
  });

  it('keeps every secret out of the log with RUNNER_DEBUG=1', async () => {
    const run = await runAction({
      with: step({ api_token: seed.apiToken }),
      env: { RUNNER_DEBUG: '1' },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('::debug::POST');
    expect(run.stdout).toContain(`::add-mask::${seed.triggerToken}`);
    expect(run.stdout).toContain(`::add-mask::${seed.apiToken}`);
    expectNoSecret(run);
  });
});

describe('the action on an instance under a sub-path', () => {
  let sub: Emulator;
  beforeAll(async () => {
    sub = await startEmulator({ basePath: '/gitlab' });
  });
  afterAll(() => sub.close());

  it.each([
    ['the instance root', (url: string) => url],
    ['the root with a trailing slash', (url: string) => `${url}/`],
    ['the API URL (CI_API_V4_URL)', (url: string) => `${url}/api/v4`],
  ])('reaches it through %s', async (_what, url) => {
    const run = await runAction({
      with: {
        gitlab_url: url(sub.url),
        project: sub.seed.projectPath,
        ref: 'main',
        token: sub.seed.triggerToken,
      },
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs[Output.WebUrl]).toMatch(
      new RegExp(`^${sub.url}/acme/platform/deploy/-/pipelines/\\d+$`),
    );
  });
});

describe('the action refuses bad input before sending anything', () => {
  it.each([
    [
      'project',
      { project: 'just-a-name' },
      "Input 'project' is 'just-a-name', which is not a project path",
    ],
    ['ref', { ref: 'has space' }, "Input 'ref' is 'has space'"],
    ['token', { token: '' }, "Input 'token' is empty"],
    [
      'gitlab_url',
      { gitlab_url: 'gitlab.example.com' },
      "Input 'gitlab_url' is 'gitlab.example.com', which is not a URL",
    ],
    ['variables', { variables: 'MY-VAR: x' }, "has 'MY-VAR', which is not a valid variable key"],
    [
      'variables',
      { variables: 'TRIGGER_PAYLOAD: x' },
      'sets TRIGGER_PAYLOAD, which GitLab sets itself',
    ],
    ['variables', { variables: 'A: 1\nA: 2' }, 'has a key twice'],
    ['variables', { variables: 'A:\n  nested: 1' }, "gives variable 'A' a list or mapping"],
    ['inputs', { inputs: 'a: {b: 1}' }, "gives 'a' a mapping"],
    ['wait', { wait: 'sometimes' }, "Input 'wait' is 'sometimes': give true or false."],
    ['timeout', { timeout: 'forever' }, "Input 'timeout' is 'forever', which is not a duration"],
    [
      'on_manual',
      { on_manual: 'ignore' },
      "Input 'on_manual' is 'ignore': give one of fail, pass, wait, play.",
    ],
  ])('names %s in one line', async (_input, extra, message) => {
    const before = emu.requests.length;
    const run = await runAction({ with: step(extra) });
    const error = failureOf(run);
    expect(error).toContain(message);
    expect(error).not.toContain('\n');
    expect(emu.requests.length).toBe(before);
    expectNoSecret(run);
  });
});

describe('the action explains what GitLab answers', () => {
  it('says a 404 may be the project or the token', async () => {
    const run = await runAction({ with: step({ token: seed.otherProjectTriggerToken }) });
    const error = failureOf(run);
    expect(error).toContain("for project 'acme/platform/deploy' at ref 'main' on 127.0.0.1:");
    expect(error).toContain(
      'either no project has this id or path, or the token is not a trigger token of this project',
    );
    expectNoSecret(run);
  });

  it('says the ref does not exist', async () => {
    const run = await runAction({ with: step({ ref: 'no-such-branch' }) });
    expect(failureOf(run)).toBe(
      "GitLab did not create a pipeline for project 'acme/platform/deploy' at ref 'no-such-branch': Reference not found. To fix: check that the branch or tag 'no-such-branch' exists in the project (a commit SHA is not accepted).",
    );
  });

  it('explains a CI job token whose job has finished', async () => {
    const run = await runAction({ with: step({ token: seed.expiredJobToken }) });
    expect(failureOf(run)).toContain('a CI job token is valid only while its job runs');
    expectNoSecret(run);
  });

  it('triggers with a running CI job token', async () => {
    const run = await runAction({ with: step({ token: seed.jobToken }) });
    expect(run.exitCode).toBe(0);
    expect(emu.pipelines.at(-1)?.source).toBe('pipeline');
  });

  it('reports an HTML error page by its status, never dumping it, and does not repeat the trigger', async () => {
    emu.fail({ method: 'POST', path: /trigger\/pipeline$/, html: 502 });
    const before = triggerRequests().length;
    const run = await runAction({ with: step() });
    const error = failureOf(run);
    expect(error).toContain('GitLab answered 502 Bad Gateway with an HTML error page');
    expect(error).toContain('A pipeline may have been created');
    expect(run.stdout).not.toMatch(/<html|<!DOCTYPE/i);
    expect(triggerRequests().length).toBe(before + 1);
  });
});

describe('the action retries only when GitLab certainly created nothing', () => {
  it('waits out a 429 and then creates exactly one pipeline', async () => {
    emu.fail({
      method: 'POST',
      path: /trigger\/pipeline$/,
      status: 429,
      body: 'Retry later',
      contentType: 'text/plain',
      headers: { 'Retry-After': '1' },
    });
    const before = emu.pipelines.length;
    const run = await runAction({ with: step() });
    expect(run.exitCode).toBe(0);
    expect(emu.pipelines.length).toBe(before + 1);
    expect(annotations(run.stdout, 'warning')).toEqual([
      'GitLab answered 429 Too Many Requests (Retry later); no pipeline was created; trying again in 1s (attempt 2 of 5).',
    ]);
  });

  it('does not repeat the trigger after a reset, and links where the pipeline may be', async () => {
    emu.fail({ method: 'POST', path: /trigger\/pipeline$/, reset: 'after' });
    const before = { pipelines: emu.pipelines.length, requests: triggerRequests().length };
    const run = await runAction({ with: step() });
    const error = failureOf(run);
    expect(error).toContain('A pipeline may have been created');
    expect(error).toContain(
      `check ${emu.url}/acme/platform/deploy/-/pipelines before running again`,
    );
    expect(triggerRequests().length).toBe(before.requests + 1);
    expect(emu.pipelines.length).toBe(before.pipelines + 1);
    expectNoSecret(run);
  });

  it('stops retrying when the run is cancelled, creating nothing', async () => {
    emu.fail({ method: 'POST', path: /trigger\/pipeline$/, status: 503, times: 3 });
    const before = emu.pipelines.length;
    const run = await runAction({
      with: step(),
      onStart: (kill, stdout) => {
        const timer = setInterval(() => {
          if (stdout().includes('trying again')) {
            clearInterval(timer);
            kill('SIGINT');
          }
        }, 20);
      },
    });
    expect(failureOf(run)).toBe(
      "The run was cancelled before GitLab created a pipeline for project 'acme/platform/deploy' at ref 'main'; the trigger was not sent again.",
    );
    expect(emu.pipelines.length).toBe(before);
  });

  it('repeats the trigger after a 503, since nothing was created', async () => {
    emu.fail({ method: 'POST', path: /trigger\/pipeline$/, status: 503, times: 1 });
    const before = emu.pipelines.length;
    const run = await runAction({ with: step() });
    expect(run.exitCode).toBe(0);
    expect(emu.pipelines.length).toBe(before + 1);
  });
});
