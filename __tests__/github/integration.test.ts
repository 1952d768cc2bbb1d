import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator, type Script } from '../../emulator/index.js';
import { startGitHubEmulator } from '../../emulator/github.js';
import { commitStatusWatcher } from '../../src/action/github/commit-status-watcher.js';
import { describeMerge, withGitHubContext } from '../../src/action/github/context-variables.js';
import { readGitHubRun } from '../../src/action/github/event.js';
import { decideRerun } from '../../src/action/github/rerun.js';
import { githubStatuses } from '../../src/action/github/commit-statuses.js';
import { systemClock, type Clock } from '../../src/core/clock.js';
import { standardWatchers } from '../../src/core/follow/watchers/standard.js';
import { GitLabClient } from '../../src/core/gitlab-client.js';
import { createHttpSend } from '../../src/core/http-transport.js';
import { triggerSource, type PipelineSource } from '../../src/core/pipeline-source.js';
import { PipelinesApi } from '../../src/core/pipelines-api.js';
import { Redactor } from '../../src/core/redact.js';
import { runPipeline } from '../../src/core/run-pipeline.js';
import { buildTriggerSettings } from '../../src/core/trigger-settings.js';
import { WAIT_DEFAULTS, buildWaitSettings } from '../../src/core/wait-settings.js';
import { recordingLogger } from '../helpers/client.js';

// The GitHub side end to end, in process: the GitHub stand-in and the GitLab emulator on
// loopback, the core's runPipeline with the commit status watcher beside the standard ones,
// and the re-run decision reading back what an earlier attempt wrote. The emulator's clock is
// frozen and moved by the run's own sleeps, so a pipeline of minutes takes milliseconds.

const WRITE_TOKEN = 'ghs_writeTOKEN0123456789abcdefghijklmnop';
const READ_ONLY_TOKEN = 'ghs_forkTOKEN0123456789abcdefghijklmnopq';
const HEAD = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
const CONTEXT = 'gitlab/acme/platform/deploy';

let emu: Emulator;
let gh: Awaited<ReturnType<typeof startGitHubEmulator>>;
beforeAll(async () => {
  emu = await startEmulator({ speed: 0 });
  gh = await startGitHubEmulator({
    tokens: { [WRITE_TOKEN]: {}, [READ_ONLY_TOKEN]: { canWriteStatuses: false } },
    repos: { 'acme/app': { commits: [HEAD] } },
  });
});
afterAll(async () => {
  await gh.close();
  await emu.close();
});
afterEach(() => {
  gh.requests.length = 0;
});

const names = {
  apiToken: 'api_token',
  timeout: 'timeout',
  cancelOnAbort: 'cancel_on_abort',
  passStatuses: 'pass_statuses',
  onManual: 'on_manual',
  maxPollInterval: 'max_poll_interval',
};

const script = (test: 'success' | 'failed'): Script => ({
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [
    { name: 'build', stage: 'build', duration: 20, result: 'success' },
    // A flaky test: when the pipeline is retried, it passes.
    { name: 'test', stage: 'test', duration: 40, result: test, retryResult: 'success' },
    { name: 'deploy', stage: 'deploy', duration: 10, result: 'success' },
  ],
});

/** Time is the emulator's: each sleep of the run moves it on, at once. */
function emulatorClock(): Clock {
  return {
    now: () => emu.now(),
    sleep: async (ms, signal) => {
      if (!signal?.aborted) emu.advance(ms / 1000);
    },
  };
}

/** One attempt of the workflow: what the action will do once it is wired, step by step. */
async function attempt(options: {
  runAttempt: number;
  githubToken: string;
  onRerun?: 'new' | 'retry';
}) {
  const seed = emu.seed;
  const logger = recordingLogger();
  const redactor = new Redactor();
  const clock = emulatorClock();
  const run = readGitHubRun({
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_SHA: HEAD,
    GITHUB_REF_NAME: 'main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '555',
    GITHUB_RUN_ATTEMPT: String(options.runAttempt),
    GITHUB_ACTOR: 'octocat',
  });
  const settings = buildTriggerSettings(
    {
      gitlabUrl: emu.url,
      project: seed.projectPath,
      ref: 'main',
      token: seed.triggerToken,
      variables: 'DEPLOY_ENV: staging',
      inputs: '',
    },
    {
      gitlabUrl: 'gitlab_url',
      project: 'project',
      ref: 'ref',
      token: 'token',
      variables: 'variables',
      inputs: 'inputs',
      requestTimeout: 'request_timeout',
      caCert: 'ca_cert',
    },
  );
  const merged = withGitHubContext(settings.variables, run);
  logger.info(describeMerge(merged));
  const requestsBefore = emu.requests.length;
  const client = new GitLabClient({
    instance: settings.gitlab,
    send: createHttpSend({ responseTimeoutMs: 5_000 }),
    userAgent: 'test',
    logger,
    redactor,
    clock,
  });
  const api = new PipelinesApi(client, settings.project, seed.apiToken);
  const waitSettings = buildWaitSettings({ ...WAIT_DEFAULTS, apiToken: seed.apiToken }, names);
  const statuses = githubStatuses({
    token: options.githubToken,
    apiUrl: gh.url,
    repository: run.repository,
    // GitHub's emulator answers in real time, and a request's timeout is its clock's: the
    // emulated GitLab's clock, whose sleeps end at once, would end every request unanswered.
    clock: systemClock,
    logger,
  });
  const trigger = triggerSource(client, { ...settings, variables: merged.variables });
  const decision = await decideRerun({
    mode: options.onRerun ?? 'new',
    run,
    statuses,
    context: CONTEXT,
    api,
    project: settings.project,
    ref: settings.ref,
    gitlabUrl: settings.gitlab.url,
    passStatuses: waitSettings.passStatuses,
    trigger,
    clock,
    logger,
  });
  if (decision.reason) logger.info(decision.reason);
  const watcher = commitStatusWatcher(statuses, {
    sha: run.sha,
    runId: run.runId,
    context: CONTEXT,
    logger,
  });
  const result = await runPipeline(
    decision.source as PipelineSource,
    [watcher, ...standardWatchers()],
    {
      clock,
      logger,
      redactor,
      wait: true,
      follow: { api, settings: waitSettings, names, random: () => 0.5 },
      onStarted: (created) => void watcher.onStarted(created),
    },
  );
  await watcher.finish();
  // The pipelines this attempt asked GitLab to retry.
  const retried = emu.requests
    .slice(requestsBefore)
    .filter((r) => r.method === 'POST')
    .map((r) => /\/pipelines\/(\d+)\/retry$/.exec(r.path)?.[1])
    .filter((id) => id !== undefined)
    .map(Number);
  return { result, logger, retried };
}

const written = () => gh.statuses.filter((s) => s.entity.context === CONTEXT).map((s) => s.entity);

describe('commit statuses and re-runs against the GitHub stand-in and the GitLab emulator', () => {
  it('writes pending with the pipeline link, then success, on the head commit', async () => {
    emu.setScript(emu.seed.projectId, 'main', script('success'));
    const before = gh.statuses.length;
    const { result, logger } = await attempt({ runAttempt: 1, githubToken: WRITE_TOKEN });
    expect(result.outcome).toBe('passed');
    const mine = gh.statuses.slice(before).map((s) => s.entity);
    expect(mine[0]).toMatchObject({
      state: 'pending',
      target_url: `${result.created.web_url}#github-run-555`,
      description: `Pipeline #${result.created.id}: created`,
    });
    expect(mine.map((s) => s.state)).toEqual([
      ...mine.slice(0, -1).map(() => 'pending'),
      'success',
    ]);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(mine.at(-1)?.description).toMatch(
      new RegExp(`^Pipeline #${result.created.id}: success, 3/3 jobs done after \\d+m? ?\\d*s?`),
    );
    expect(mine.every((s) => s.target_url === `${result.created.web_url}#github-run-555`)).toBe(
      true,
    );
    expect(gh.statuses.slice(before).every((s) => s.sha === HEAD)).toBe(true);
    expect(logger.lines.filter((l) => l.startsWith('warning:'))).toEqual([]);
    // The run as pipeline variables, under the user's own.
    expect(emu.pipelines.at(-1)?.variables).toMatchObject({
      DEPLOY_ENV: 'staging',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_SHA: HEAD,
      GITHUB_REF_NAME: 'main',
      GITHUB_RUN_URL: 'https://github.com/acme/app/actions/runs/555',
    });
  });

  it('gives one warning naming statuses: write for a read-only token, and the wait still passes', async () => {
    emu.setScript(emu.seed.projectId, 'main', script('success'));
    const before = gh.statuses.length;
    const { result, logger } = await attempt({ runAttempt: 1, githubToken: READ_ONLY_TOKEN });
    expect(result.outcome).toBe('passed');
    expect(gh.statuses.length).toBe(before);
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    const warnings = logger.lines.filter((l) => l.startsWith('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('GitHub answered 403 (Resource not accessible by integration)');
    expect(warnings[0]).toContain('`permissions: statuses: write`');
  });

  it('retries the failed pipeline on a re-run, found from the commit status the first attempt left', async () => {
    emu.setScript(emu.seed.projectId, 'main', script('failed'));
    const first = await attempt({ runAttempt: 1, githubToken: WRITE_TOKEN, onRerun: 'retry' });
    expect(first.result.outcome).toBe('failed');
    expect(written().at(-1)).toMatchObject({
      state: 'failure',
      target_url: `${first.result.created.web_url}#github-run-555`,
    });
    const pipelinesBefore = emu.pipelines.length;

    const second = await attempt({ runAttempt: 2, githubToken: WRITE_TOKEN, onRerun: 'retry' });
    const id = first.result.created.id;
    expect(second.retried).toEqual([id]);
    expect(emu.pipelines.length).toBe(pipelinesBefore);
    expect(second.result.created.id).toBe(id);
    expect(second.result.outcome).toBe('passed');
    expect(second.logger.lines).toContainEqual(
      `info: Re-run attempt 2 with on_rerun retry: retrying pipeline #${id} (failed), found from the commit status '${CONTEXT}': ${first.result.created.web_url}`,
    );
    expect(second.logger.lines).toContainEqual(
      `info: Retrying the failed jobs of pipeline #${id} of project '${emu.seed.projectPath}' on ${emu.url}`,
    );
    expect(written().at(-1)).toMatchObject({
      state: 'success',
      target_url: `${first.result.created.web_url}#github-run-555`,
    });
  });

  it('triggers a new pipeline on a re-run after one that passed, and says why', async () => {
    emu.setScript(emu.seed.projectId, 'main', script('success'));
    const first = await attempt({ runAttempt: 1, githubToken: WRITE_TOKEN, onRerun: 'retry' });
    const second = await attempt({ runAttempt: 2, githubToken: WRITE_TOKEN, onRerun: 'retry' });
    expect(second.retried).toEqual([]);
    expect(second.result.created.id).not.toBe(first.result.created.id);
    expect(second.logger.lines).toContainEqual(
      `info: Re-run attempt 2 with on_rerun retry: pipeline #${first.result.created.id} passed (success): ${first.result.created.web_url}; triggering a new pipeline.`,
    );
  });
});
