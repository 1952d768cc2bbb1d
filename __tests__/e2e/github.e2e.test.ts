import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Output, State } from '../../src/action/names.js';
import { startEmulator, type Emulator, type Script } from '../../emulator/index.js';
import { startGitHubEmulator } from '../../emulator/github.js';
import { annotations, runAction, type ActionRun } from '../../scripts/github-runner.js';

// The GitHub side, end to end: the built dist/index.js run as a runner runs it for a pull
// request, against the GitLab emulator (pipelines 20 times faster than real time) and the
// GitHub statuses stand-in. Commit statuses, re-runs that retry, the run's context as
// pipeline variables, and the GitHub token kept out of everything the step leaves.

const WRITE_TOKEN = 'ghs_e2eWriteTOKEN0123456789abcdefghijklm';
const READ_ONLY_TOKEN = 'ghs_e2eForkTOKEN0123456789abcdefghijklmn';
/** The pull request's head: where a pull request page shows the checks. */
const HEAD = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee01';
/** GITHUB_SHA of a pull_request run: the test merge commit, which no page shows. */
const MERGE = 'baddad00baddad00baddad00baddad00baddad02';
const CONTEXT = 'gitlab/acme/platform/deploy';
const PR = 17;

let emu: Emulator;
let seed: Emulator['seed'];
let gh: Awaited<ReturnType<typeof startGitHubEmulator>>;
let dir: string;
let eventPath: string;
const runs: ActionRun[] = [];
beforeAll(async () => {
  emu = await startEmulator({ speed: 20 });
  seed = emu.seed;
  gh = await startGitHubEmulator({
    tokens: { [WRITE_TOKEN]: {}, [READ_ONLY_TOKEN]: { canWriteStatuses: false } },
    // Only the head is a commit: a status on the merge commit would be refused.
    repos: { 'acme/app': { commits: [HEAD] } },
  });
  dir = mkdtempSync(join(tmpdir(), 'github-e2e-'));
  eventPath = join(dir, 'event.json');
  writeFileSync(
    eventPath,
    JSON.stringify({
      action: 'synchronize',
      number: PR,
      pull_request: {
        number: PR,
        head: { sha: HEAD, ref: 'feature/login' },
        base: { ref: 'main' },
      },
    }),
  );
});
afterAll(async () => {
  await gh.close();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => emu.setScript(seed.projectId, 'main', null));

/** The runner's environment for attempt `attempt` of run 777 (or `runId`) on pull request 17. */
function pullRequestEnv(attempt = 1, runId = '777'): Record<string, string> {
  return {
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_SHA: MERGE,
    GITHUB_REF: `refs/pull/${PR}/merge`,
    GITHUB_REF_NAME: `${PR}/merge`,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_ATTEMPT: String(attempt),
    GITHUB_ACTOR: 'octocat',
  };
}

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    gitlab_url: emu.url,
    project: seed.projectPath,
    ref: 'main',
    token: seed.triggerToken,
    wait: 'true',
    api_token: seed.apiToken,
    github_token: WRITE_TOKEN,
    ...extra,
  };
}

async function attempt(
  withInputs: Record<string, string>,
  runAttempt = 1,
  runId = '777',
): Promise<ActionRun> {
  const run = await runAction({ with: withInputs, env: pullRequestEnv(runAttempt, runId) });
  runs.push(run);
  return run;
}

const script = (test: 'success' | 'failed'): Script => ({
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [
    { name: 'build', stage: 'build', duration: 2 },
    // A flaky test: when its pipeline is retried, it passes.
    { name: 'test', stage: 'test', duration: 3, result: test, retryResult: 'success' },
  ],
});

const mine = (from: number) => gh.statuses.slice(from).filter((s) => s.entity.context === CONTEXT);

/**
 * A main step killed (SIGKILL) while it waits on a pipeline that runs for hours, once its
 * pending status has had time to be written; then the post step with the state it left.
 * `between` runs after the kill, before the post step.
 */
async function killedWhileWaiting(
  withInputs: Record<string, string>,
  between?: () => void,
): Promise<{ main: ActionRun; post: ActionRun }> {
  emu.setScript(seed.projectId, 'main', {
    createdSeconds: 1,
    queueSeconds: 1,
    jobs: [{ name: 'soak', stage: 'test', duration: 36_000 }],
  });
  const main = await runAction({
    with: withInputs,
    env: pullRequestEnv(),
    onStart: (kill, stdout) => {
      const timer = setInterval(() => {
        if (!stdout().includes('Waiting for pipeline')) return;
        clearInterval(timer);
        setTimeout(() => kill('SIGKILL'), 500);
      }, 20);
    },
  });
  between?.();
  const post = await runAction({
    with: withInputs,
    env: pullRequestEnv(),
    step: 'post',
    state: main.state,
  });
  runs.push(main, post);
  return { main, post };
}

describe('commit statuses', () => {
  it("writes pending with the pipeline's link, then success, on the pull request's head", async () => {
    emu.setScript(seed.projectId, 'main', script('success'));
    const from = gh.statuses.length;
    const run = await attempt(inputs({ commit_status: 'true' }));
    expect(run.exitCode).toBe(0);
    const webUrl = run.outputs[Output.WebUrl];
    const written = mine(from);
    expect(written.length).toBeGreaterThanOrEqual(2);
    // The link carries the run in a fragment GitLab's page ignores, for a re-run to find it.
    const marked = `${webUrl}#github-run-777`;
    expect(written[0]?.entity).toMatchObject({ state: 'pending', target_url: marked });
    expect(written.at(-1)?.entity).toMatchObject({ state: 'success', target_url: marked });
    expect(written.slice(0, -1).every((s) => s.entity.state === 'pending')).toBe(true);
    expect(
      gh.statuses.slice(from).every((s) => s.sha === HEAD && s.repository === 'acme/app'),
    ).toBe(true);
    expect(gh.requests.some((r) => r.path.includes(MERGE))).toBe(false);
    expect(annotations(run.stdout, 'warning')).toEqual([]);
  });

  it('gives one warning naming statuses: write for a token that may not write them, and passes', async () => {
    emu.setScript(seed.projectId, 'main', script('success'));
    const from = gh.statuses.length;
    const run = await attempt(inputs({ commit_status: 'true', github_token: READ_ONLY_TOKEN }));
    expect(run.exitCode).toBe(0);
    expect(run.outputs[Output.Status]).toBe('success');
    expect(gh.statuses.length).toBe(from);
    const warnings = annotations(run.stdout, 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('statuses: write');
  });

  it('is closed as error by the post step when the main step was killed while it was pending', async () => {
    const from = gh.statuses.length;
    const { main, post } = await killedWhileWaiting(inputs({ commit_status: 'true' }), () =>
      expect(mine(from).map((s) => s.entity.state)).toEqual(['pending']),
    );
    expect(main.signal).toBe('SIGKILL');
    expect(post.exitCode).toBe(0);
    const last = mine(from).at(-1)?.entity;
    expect(last).toMatchObject({
      state: 'error',
      target_url: `${main.outputs[Output.WebUrl]}#github-run-777`,
    });
    expect(last?.description).toMatch(
      /^The step was stopped before the pipeline finished; pipeline #\d+ (was cancelled|is being cancelled)\.$/,
    );
    expect(gh.statuses.slice(from).every((s) => s.sha === HEAD)).toBe(true);
  });

  it('is closed by the post step too when cancel_on_abort leaves the pipeline running', async () => {
    const from = gh.statuses.length;
    const { post } = await killedWhileWaiting(
      inputs({ commit_status: 'true', cancel_on_abort: 'false' }),
    );
    expect(post.exitCode).toBe(0);
    expect(mine(from).at(-1)?.entity).toMatchObject({
      state: 'error',
      description: expect.stringMatching(/; pipeline #\d+ was left running\.$/),
    });
    expect(emu.pipelines.at(-1)?.status).toBe('running');
  });

  it('is left alone by the post step when the main step closed it', async () => {
    emu.setScript(seed.projectId, 'main', script('success'));
    const main = await attempt(inputs({ commit_status: 'true' }));
    const from = gh.statuses.length;
    const post = await runAction({
      with: inputs({ commit_status: 'true' }),
      env: pullRequestEnv(),
      step: 'post',
      state: main.state,
    });
    expect(post.exitCode).toBe(0);
    expect(gh.statuses.length).toBe(from);
  });

  it('is refused without wait, before any request to GitLab or GitHub', async () => {
    const gitlab = emu.requests.length;
    const github = gh.requests.length;
    const run = await attempt(inputs({ commit_status: 'true', wait: 'false' }));
    expect(run.exitCode).toBe(1);
    expect(annotations(run.stdout, 'error')).toEqual([
      "Input 'commit_status' is true, which mirrors the pipeline only while the step waits for it: set wait to true, or leave commit_status out.",
    ]);
    expect(emu.requests.length).toBe(gitlab);
    expect(gh.requests.length).toBe(github);
  });
});

describe('on_rerun: retry', () => {
  const rerun = { commit_status: 'true', on_rerun: 'retry' };

  it('retries the pipeline of a failed first attempt instead of triggering a new one, and follows it', async () => {
    emu.setScript(seed.projectId, 'main', script('failed'));
    const first = await attempt(inputs(rerun), 1);
    expect(first.exitCode).toBe(1);
    const id = first.outputs[Output.PipelineId];
    const webUrl = first.outputs[Output.WebUrl];
    expect(gh.statuses.filter((s) => s.entity.context === CONTEXT).at(-1)?.entity).toMatchObject({
      state: 'failure',
      target_url: `${webUrl}#github-run-777`,
    });

    const pipelines = emu.pipelines.length;
    const from = emu.requests.length;
    const second = await attempt(inputs(rerun), 2);
    expect(second.exitCode).toBe(0);
    expect(emu.pipelines.length).toBe(pipelines);
    const sent = emu.requests.slice(from).filter((r) => r.method === 'POST');
    expect(sent.map((r) => r.path)).toEqual([
      `/api/v4/projects/${seed.projectPath}/pipelines/${id}/retry`,
    ]);
    expect(second.outputs[Output.PipelineId]).toBe(id);
    expect(second.outputs[Output.Status]).toBe('success');
    expect(second.stdout).toContain(
      `Re-run attempt 2 with on_rerun retry: retrying pipeline #${id} (failed), found from the commit status '${CONTEXT}': ${webUrl}`,
    );
    expect(gh.statuses.filter((s) => s.entity.context === CONTEXT).at(-1)?.entity).toMatchObject({
      state: 'success',
      target_url: `${webUrl}#github-run-777`,
    });
  });

  it("retries its own run's pipeline when another run on the same commit wrote a newer status", async () => {
    emu.setScript(seed.projectId, 'main', script('failed'));
    const first = await attempt(inputs(rerun), 1, '900');
    expect(first.exitCode).toBe(1);
    const id = first.outputs[Output.PipelineId];
    // Another run on the same pull request head (a manual dispatch, say) passes meanwhile.
    emu.setScript(seed.projectId, 'main', script('success'));
    const other = await attempt(inputs(rerun), 1, '901');
    expect(other.exitCode).toBe(0);
    expect(other.outputs[Output.PipelineId]).not.toBe(id);

    const pipelines = emu.pipelines.length;
    const second = await attempt(inputs(rerun), 2, '900');
    expect(second.exitCode).toBe(0);
    expect(emu.pipelines.length).toBe(pipelines);
    expect(second.outputs[Output.PipelineId]).toBe(id);
    expect(second.stdout).toContain(`retrying pipeline #${id} (failed)`);
  });

  /** A pipeline another tool or person started on `ref`, through GitLab's trigger API. */
  async function foreignPipeline(ref: string): Promise<{ id: number; web_url: string }> {
    const answer = await fetch(`${emu.url}/api/v4/projects/${seed.projectId}/trigger/pipeline`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: seed.triggerToken, ref }),
    });
    return (await answer.json()) as { id: number; web_url: string };
  }

  /** A commit status written on the pull request's head by someone else than this run. */
  async function foreignStatus(targetUrl: string): Promise<void> {
    const answer = await fetch(`${gh.url}/repos/acme/app/statuses/${HEAD}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WRITE_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'failure', context: CONTEXT, target_url: targetUrl }),
    });
    expect(answer.status).toBe(201);
  }

  it("never retries a pipeline another tool's newer status links to: only this run's own", async () => {
    emu.setScript(seed.projectId, 'main', script('failed'));
    const first = await attempt(inputs(rerun), 1, '950');
    expect(first.exitCode).toBe(1);
    const id = first.outputs[Output.PipelineId];
    // Newer, unmarked, on the same commit and context: another tool's, on another ref.
    const foreign = await foreignPipeline('release/v1.2');
    await foreignStatus(foreign.web_url);

    const from = emu.requests.length;
    const second = await attempt(inputs(rerun), 2, '950');
    const retried = emu.requests.slice(from).filter((r) => r.path.endsWith('/retry'));
    expect(retried.map((r) => r.path)).toEqual([
      `/api/v4/projects/${seed.projectPath}/pipelines/${id}/retry`,
    ]);
    expect(second.outputs[Output.PipelineId]).toBe(id);
    // What the post step would cancel is this run's pipeline, never the other.
    expect(second.state[State.PipelineId]).toBe(id);
  });

  it("triggers anew, saying why, when this run's status links to a pipeline on another ref", async () => {
    emu.setScript(seed.projectId, 'main', script('failed'));
    const foreign = await foreignPipeline('release/v1.2');
    // Marked as this run's (forged, or left by a step of this run on another ref).
    await foreignStatus(`${foreign.web_url}#github-run-951`);
    const pipelines = emu.pipelines.length;
    const from = emu.requests.length;
    const second = await attempt(inputs(rerun), 2, '951');
    expect(emu.requests.slice(from).some((r) => r.path.endsWith('/retry'))).toBe(false);
    expect(emu.pipelines.length).toBe(pipelines + 1);
    expect(second.outputs[Output.PipelineId]).not.toBe(String(foreign.id));
    expect(second.stdout).toContain(
      `Re-run attempt 2 with on_rerun retry: pipeline #${foreign.id}, linked from the commit status, ran on ref 'release/v1.2', not 'main'; triggering a new pipeline.`,
    );
  });

  it('triggers a new pipeline after a first attempt that passed, and says why', async () => {
    emu.setScript(seed.projectId, 'main', script('success'));
    const first = await attempt(inputs(rerun), 1);
    expect(first.exitCode).toBe(0);
    const pipelines = emu.pipelines.length;
    const second = await attempt(inputs(rerun), 2);
    expect(second.exitCode).toBe(0);
    expect(emu.pipelines.length).toBe(pipelines + 1);
    const id = first.outputs[Output.PipelineId];
    expect(second.outputs[Output.PipelineId]).not.toBe(id);
    expect(second.stdout).toContain(
      `Re-run attempt 2 with on_rerun retry: pipeline #${id} passed (success): ${first.outputs[Output.WebUrl]}; triggering a new pipeline.`,
    );
  });
});

describe('github_context', () => {
  it("sends the run as pipeline variables, the pull request's head included, under the user's own", async () => {
    emu.setScript(seed.projectId, 'main', script('success'));
    const run = await attempt(
      inputs({
        github_context: 'true',
        variables: 'DEPLOY_ENV: review\nGITHUB_ACTOR: release-bot',
      }),
    );
    expect(run.exitCode).toBe(0);
    expect(emu.pipelines.at(-1)?.variables).toEqual({
      DEPLOY_ENV: 'review',
      GITHUB_ACTOR: 'release-bot',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_SHA: HEAD,
      GITHUB_REF_NAME: 'feature/login',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_RUN_URL: 'https://github.com/acme/app/actions/runs/777',
      GITHUB_PR_NUMBER: String(PR),
    });
    expect(run.stdout).toContain('kept as given in variables: GITHUB_ACTOR');
  });
});

describe('the GitHub token', () => {
  it('appears in no output, log, state or summary of any run', () => {
    expect(runs.length).toBeGreaterThanOrEqual(6);
    for (const run of runs) {
      const shown = run.everything.replace(/^::add-mask::.*$/gm, '');
      expect(shown).not.toContain(WRITE_TOKEN);
      expect(shown).not.toContain(READ_ONLY_TOKEN);
    }
    // It did reach GitHub, and only GitHub.
    expect(gh.requests.some((r) => r.headers.authorization?.includes(WRITE_TOKEN))).toBe(true);
    expect(emu.requests.some((r) => JSON.stringify(r).includes(WRITE_TOKEN))).toBe(false);
  });
});
