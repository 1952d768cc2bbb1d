import { describe, expect, it } from '@jest/globals';
import {
  MAX_UPDATES,
  commitStatusWatcher,
  defaultStatusContext,
  finalStatus,
  progressDescription,
} from '../../src/action/github/commit-status-watcher.js';
import {
  GitHubError,
  type CallOptions,
  type CommitStatus,
  type NewStatus,
  type StatusesClient,
} from '../../src/action/github/commit-statuses.js';
import { standardWatchers } from '../../src/core/follow/watchers/standard.js';
import type { WaitEnd } from '../../src/core/follow/watcher.js';
import type { Pipeline } from '../../src/core/pipeline.js';
import type { Job } from '../../src/core/pipelines-api.js';
import { Redactor } from '../../src/core/redact.js';
import { runPipeline } from '../../src/core/run-pipeline.js';
import {
  WAIT_DEFAULTS,
  buildWaitSettings,
  type RawWaitSettings,
} from '../../src/core/wait-settings.js';
import { fakeClock, recordingLogger } from '../helpers/client.js';
import { FakePipelinesApi, timeline } from '../helpers/fake-pipelines-api.js';

const SHA = '2222222222222222222222222222222222222222';
const URL7 = 'https://gitlab.example.com/acme/deploy/-/pipelines/7';
const created: Pipeline = {
  id: 7,
  iid: 1,
  project_id: 42,
  sha: 'abc',
  ref: 'main',
  status: 'created',
  created_at: '2026-11-25T12:00:00Z',
  web_url: URL7,
};
const names = {
  apiToken: 'api_token',
  timeout: 'timeout',
  cancelOnAbort: 'cancel_on_abort',
  passStatuses: 'pass_statuses',
  onManual: 'on_manual',
  maxPollInterval: 'max_poll_interval',
};

/** A statuses client that records what it was asked to write, and fails as told. */
function recordingClient(
  fail: (n: number, status: NewStatus) => Error | undefined = () => undefined,
) {
  const written: Array<NewStatus & { sha: string; options?: CallOptions }> = [];
  let calls = 0;
  const client: StatusesClient = {
    repository: 'acme/app',
    async create(sha, status, options) {
      calls++;
      const error = fail(calls, status);
      if (error) throw error;
      written.push({ sha, ...status, options });
      return { id: calls, ...status } as unknown as CommitStatus;
    },
    find: async () => undefined,
  };
  return { client, written, calls: () => calls };
}

const jobs: Job[] = [
  { id: 1, name: 'build', stage: 'build', status: 'success', web_url: 'j1' },
  { id: 2, name: 'test', stage: 'test', status: 'running', web_url: 'j2' },
];

/** Runs a wait over a pipeline whose status follows `timeline` ([status, from-ms]). */
async function waitWith(
  steps: Array<[string, number]>,
  client: StatusesClient,
  raw: Partial<RawWaitSettings> = {},
  cancelAtRead?: number,
) {
  const clock = fakeClock();
  const logger = recordingLogger();
  const cancelled = new AbortController();
  const api = new FakePipelinesApi({
    pipeline: created,
    status: timeline(steps, clock),
    jobs,
    onRead: (n) => n === cancelAtRead && cancelled.abort(),
  });
  const watcher = commitStatusWatcher(client, { sha: SHA, context: 'gitlab/acme/deploy', logger });
  const result = await runPipeline(
    { describe: () => 'Triggering', start: async () => created },
    // First: a watcher after one that gives a verdict does not see that read.
    [watcher, ...standardWatchers()],
    {
      clock,
      logger,
      redactor: new Redactor(),
      signal: cancelled.signal,
      wait: true,
      follow: {
        api,
        settings: buildWaitSettings({ ...WAIT_DEFAULTS, ...raw }, names),
        names,
        random: () => 0.5,
      },
      onStarted: (pipeline) => void watcher.onStarted(pipeline),
    },
  );
  await watcher.finish();
  return { result, logger };
}

describe('the commit status watcher', () => {
  it('writes pending with the link at once, each change of status, and success at the end', async () => {
    const { client, written } = recordingClient();
    const { result } = await waitWith(
      [
        ['pending', 20_000],
        ['running', 60_000],
        ['success', 120_000],
      ],
      client,
    );
    expect(result.outcome).toBe('passed');
    expect(written.map((w) => [w.state, w.description])).toEqual([
      ['pending', 'Pipeline #7: created'],
      ['pending', 'Pipeline #7: created, 1/2 jobs done'],
      ['pending', 'Pipeline #7: pending, 1/2 jobs done'],
      ['pending', 'Pipeline #7: running, 1/2 jobs done'],
      ['success', expect.stringMatching(/^Pipeline #7: success, 1\/2 jobs done after 2m( \d+s)?$/)],
    ]);
    expect(written.every((w) => w.sha === SHA && w.targetUrl === URL7)).toBe(true);
    expect(written.every((w) => w.context === 'gitlab/acme/deploy')).toBe(true);
  });

  it('warns once naming statuses: write when GitHub refuses, writes no more, and the wait still passes', async () => {
    const refused = new GitHubError(
      "GitHub answered 403 (Resource not accessible by integration) when asked to write the commit status 'gitlab/acme/deploy': github_token needs `permissions: statuses: write` (a pull request from a fork only gets a read-only token).",
      403,
      'denied',
    );
    const { client, calls } = recordingClient(() => refused);
    const { result, logger } = await waitWith(
      [
        ['running', 1_000],
        ['success', 5_000],
      ],
      client,
    );
    expect(result.outcome).toBe('passed');
    expect(calls()).toBe(1);
    const warnings = logger.lines.filter((l) => l.startsWith('warning:'));
    expect(warnings).toEqual([
      expect.stringContaining(
        "The commit status 'gitlab/acme/deploy' is not written: GitHub answered 403",
      ),
    ]);
    expect(warnings[0]).toContain('`permissions: statuses: write`');
    expect(warnings[0]).toMatch(/The wait goes on\.$/);
  });

  it('warns once about a passing failure, writes the later changes, and the end', async () => {
    const down = new GitHubError('GitHub answered 502 when asked to write.', 502, 'transient');
    const { client, written } = recordingClient((n) => (n <= 2 ? down : undefined));
    const { logger } = await waitWith(
      [
        ['pending', 20_000],
        ['running', 60_000],
        ['failed', 120_000],
      ],
      client,
    );
    expect(logger.lines.filter((l) => l.startsWith('warning:'))).toEqual([
      "warning: The commit status 'gitlab/acme/deploy' was not updated: GitHub answered 502 when asked to write. The wait goes on, and later changes are written again.",
    ]);
    expect(written.map((w) => w.state)).toEqual(['pending', 'pending', 'failure']);
  });

  it('says the status may still show pending when the final state cannot be written', async () => {
    const down = new GitHubError('GitHub answered 503.', 503, 'transient');
    const { client } = recordingClient((_, status) =>
      status.state === 'success' ? down : undefined,
    );
    const { logger } = await waitWith([['success', 1_000]], client);
    expect(logger.lines).toContainEqual(
      "warning: The commit status 'gitlab/acme/deploy' was not set to success and may still show pending: GitHub answered 503.",
    );
  });

  it('fails the status when the pipeline is blocked on a manual job and on_manual is fail', async () => {
    const { client, written } = recordingClient();
    const { result } = await waitWith([['manual', 20_000]], client);
    expect(result.outcome).toBe('manual');
    expect(written.at(-2)).toMatchObject({
      state: 'pending',
      description: 'Pipeline #7: manual, 1/2 jobs done, waiting for a manual job to be run',
    });
    expect(written.at(-1)).toMatchObject({ state: 'failure' });
    expect(written.at(-1)?.description).toMatch(/^Pipeline #7 is blocked on a manual job after/);
  });

  it('errors the status when the wait times out, after the pipeline was cancelled', async () => {
    const { client, written } = recordingClient();
    const { result } = await waitWith([['running', 1_000]], client, { timeout: '2m' });
    expect(result.outcome).toBe('timed-out');
    expect(written.at(-1)).toMatchObject({ state: 'error' });
    expect(written.at(-1)?.description).toMatch(
      /^Timed out after 2m( \d+s)?; pipeline #7 is canceled$/,
    );
  });

  it('writes error with one short try when the GitHub run is cancelled', async () => {
    const { client, written } = recordingClient();
    const { result } = await waitWith([['running', 1_000]], client, {}, 2);
    expect(result.outcome).toBe('aborted');
    const last = written.at(-1);
    expect(last).toMatchObject({ state: 'error', options: { attempts: 1, timeoutMs: 3_000 } });
    expect(last?.description).toMatch(
      /^The GitHub run was cancelled after .+; pipeline #7 is canceled$/,
    );
  });

  it('keeps writes in order when GitHub answers slowly', async () => {
    const order: string[] = [];
    const client: StatusesClient = {
      repository: 'acme/app',
      async create(_sha, status) {
        await new Promise((resolve) => setTimeout(resolve, status.state === 'pending' ? 20 : 0));
        order.push(`${status.state}: ${status.description}`);
        return {} as CommitStatus;
      },
      find: async () => undefined,
    };
    await waitWith(
      [
        ['running', 20_000],
        ['success', 60_000],
      ],
      client,
    );
    expect(order.at(-1)).toMatch(/^success: /);
    expect(order).toEqual([
      'pending: Pipeline #7: created',
      'pending: Pipeline #7: created, 1/2 jobs done',
      'pending: Pipeline #7: running, 1/2 jobs done',
      expect.stringMatching(/^success: Pipeline #7: success, 1\/2 jobs done after/),
    ]);
  });

  it(`writes at most ${MAX_UPDATES} updates before the final state`, async () => {
    const { client, written } = recordingClient();
    const flapping: Array<[string, number]> = Array.from({ length: 120 }, (_, i) => [
      i % 2 ? 'running' : 'pending',
      (i + 1) * 20_000,
    ]);
    await waitWith([...flapping, ['success', 3_000_000]], client, { timeout: '2h' });
    expect(written).toHaveLength(MAX_UPDATES + 1);
    expect(written.at(-1)?.state).toBe('success');
  });

  it('keeps secrets out of the descriptions it writes', async () => {
    const { client, written } = recordingClient();
    const redactor = new Redactor();
    redactor.add('s3cr3t-value');
    const watcher = commitStatusWatcher(client, {
      sha: SHA,
      context: 'c',
      logger: recordingLogger(),
      redactor,
    });
    await watcher.onStarted({ ...created, status: 'deploying s3cr3t-value' });
    expect(written[0]?.description).toBe('Pipeline #7: deploying ***');
  });
});

describe('finalStatus', () => {
  const end = (outcome: WaitEnd['outcome'], status: string): WaitEnd => ({
    outcome,
    pipeline: { ...created, status },
    message: '',
    elapsedMs: 65_000,
  });
  const state = (outcome: WaitEnd['outcome'], status: string) =>
    finalStatus(end(outcome, status), 'c', names).state;

  it.each([
    ['passed', 'success', 'success'],
    ['passed', 'failed', 'success'],
    ['passed', 'manual', 'success'],
    ['failed', 'failed', 'failure'],
    ['failed', 'skipped', 'failure'],
    ['failed', 'canceled', 'error'],
    ['manual', 'manual', 'failure'],
    ['timed-out', 'canceled', 'error'],
    ['timed-out', 'running', 'error'],
    ['aborted', 'canceled', 'error'],
  ] as const)(
    'maps a wait that ended %s with the pipeline %s to %s',
    (outcome, status, expected) => {
      expect(state(outcome, status)).toBe(expected);
    },
  );

  it('says why a pipeline that did not succeed passed', () => {
    expect(finalStatus(end('passed', 'failed'), 'c', names).description).toBe(
      'Pipeline #7: failed (pass_statuses accepts it) after 1m 5s',
    );
    expect(finalStatus(end('passed', 'manual'), 'c', names).description).toBe(
      'Pipeline #7: manual, a manual job left to run (on_manual is pass) after 1m 5s',
    );
    expect(finalStatus(end('failed', 'canceled'), 'c', names).description).toBe(
      'Pipeline #7 was canceled after 1m 5s',
    );
  });
});

describe('progressDescription', () => {
  it('stays within 140 characters once written, whatever the counts', () => {
    const many = Array.from({ length: 12_345 }, (_, i) => ({
      ...jobs[0],
      id: i,
      status: i % 3 ? 'success' : 'failed',
    })) as Job[];
    const text = progressDescription({ ...created, id: 123_456_789, status: 'running' }, many);
    expect(text).toBe('Pipeline #123456789: running, 12345/12345 jobs done, 4115 failed');
    expect(text.length).toBeLessThanOrEqual(140);
  });
});

describe('defaultStatusContext', () => {
  it('names the status after the project, as the user wrote it', () => {
    expect(defaultStatusContext({ display: 'acme/platform/deploy' })).toBe(
      'gitlab/acme/platform/deploy',
    );
    expect(defaultStatusContext({ display: '42' })).toBe('gitlab/42');
  });
});

describe('the final state follows the step', () => {
  it('writes failure when something after the wait failed the step, and error when the wait itself failed', async () => {
    const { client, written } = recordingClient();
    const logger = recordingLogger();
    const watcher = commitStatusWatcher(client, { sha: SHA, context: 'c', logger });
    await watcher.end?.(
      { outcome: 'passed', pipeline: { ...created, status: 'success' }, message: '', elapsedMs: 1 },
      { redactor: new Redactor(), names } as never,
    );
    await watcher.finish("outputs_from: deploy.env is not in the artifacts of job 'deploy'");
    expect(written.at(-1)).toMatchObject({ state: 'failure' });
    await watcher.abandon('Pipeline #7 cannot be read to follow it');
    expect(written.at(-1)).toMatchObject({ state: 'error' });
  });
});
