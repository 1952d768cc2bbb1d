import { describe, expect, it } from '@jest/globals';
import { GitLabError, NetworkError } from '../src/core/errors.js';
import type { Pipeline } from '../src/core/pipeline.js';
import { standardWatchers } from '../src/core/follow/watchers/standard.js';
import type { Job } from '../src/core/pipelines-api.js';
import { Redactor } from '../src/core/redact.js';
import { runPipeline } from '../src/core/run-pipeline.js';
import {
  WAIT_DEFAULTS,
  buildWaitSettings,
  type RawWaitSettings,
} from '../src/core/wait-settings.js';
import { fakeClock, recordingLogger } from './helpers/client.js';
import { FakePipelinesApi, timeline } from './helpers/fake-pipelines-api.js';

const created: Pipeline = {
  id: 7,
  iid: 1,
  project_id: 42,
  sha: 'abc',
  ref: 'main',
  status: 'created',
  created_at: '2026-11-25T12:00:00Z',
  web_url: 'https://gitlab.example.com/acme/deploy/-/pipelines/7',
};

const names = {
  apiToken: 'api_token',
  timeout: 'timeout',
  cancelOnAbort: 'cancel_on_abort',
  passStatuses: 'pass_statuses',
  onManual: 'on_manual',
  maxPollInterval: 'max_poll_interval',
};

/** A pipeline whose status follows a timeline: [status, from-ms] pairs on the fake clock. */
function scripted(
  steps: Array<[string, number]>,
  clock: { now(): number },
  extra: { jobs?: Job[]; fail?: (n: number) => Error | undefined } = {},
) {
  const start = clock.now();
  let cancelAt = 0;
  const api = new FakePipelinesApi({
    pipeline: created,
    status: timeline(steps, clock),
    jobs: extra.jobs,
    onRead: (n) => {
      const error = extra.fail?.(n);
      if (error) throw error;
    },
    onCancel: () => (cancelAt = clock.now() - start),
    // A played job runs and the pipeline succeeds 3 s later.
    onPlay: () => steps.push(['success', clock.now() - start + 3_000]),
  });
  return { api, calls: api.calls, cancelAt: () => cancelAt };
}

function setup(steps: Array<[string, number]>, raw: Partial<RawWaitSettings> = {}, extra = {}) {
  const clock = fakeClock();
  const logger = recordingLogger();
  const { api, calls, cancelAt } = scripted(steps, clock, extra);
  const settings = buildWaitSettings({ ...WAIT_DEFAULTS, ...raw }, names);
  const start = clock.now();
  const source = { describe: () => 'Triggering', start: async () => created };
  const run = (signal?: AbortSignal) =>
    runPipeline(source, standardWatchers(), {
      clock,
      logger,
      redactor: new Redactor(),
      signal,
      wait: true,
      follow: { api, settings, names, random: () => 0.5 },
    });
  return { run, calls, cancelAt, logger, clock, elapsed: () => clock.now() - start };
}

describe('runPipeline, waiting', () => {
  it('notices a pipeline that ends after two seconds within a second', async () => {
    const { run, elapsed } = setup([
      ['running', 500],
      ['success', 2_000],
    ]);
    const result = await run();
    expect(result.outcome).toBe('passed');
    expect(elapsed() - 2_000).toBeLessThanOrEqual(1_000);
  });

  it('logs one line per status change, not per poll', async () => {
    const { run, logger, calls } = setup([
      ['pending', 1_000],
      ['running', 3_000],
      ['success', 120_000],
    ]);
    await run();
    // More reads than lines, and no more reads than a fixed 15-second poll's, plus two.
    expect(calls.pipeline).toBeGreaterThan(3);
    expect(calls.pipeline).toBeLessThanOrEqual(Math.ceil(120 / 15) + 2);
    const statusLines = logger.lines.filter((l) => l.startsWith('info: Pipeline #7:'));
    expect(statusLines).toEqual([
      'info: Pipeline #7: pending (2s)',
      'info: Pipeline #7: running (6s)',
      expect.stringMatching(/^info: Pipeline #7: success \(2m \d+s\)$/),
    ]);
  });

  it('shows job progress when the jobs can be read', async () => {
    const jobs = [
      { id: 1, name: 'build', stage: 'build', status: 'success', web_url: 'u1' },
      { id: 2, name: 'test', stage: 'test', status: 'failed', web_url: 'u2' },
      { id: 3, name: 'lint', stage: 'test', status: 'running', web_url: 'u3' },
    ];
    const { run, logger } = setup(
      [
        ['running', 1_000],
        ['failed', 5_000],
      ],
      {},
      { jobs },
    );
    await run();
    expect(logger.lines).toContainEqual(
      expect.stringMatching(/^info: Pipeline #7: running, 2\/3 jobs done, 1 failed \(\d+s\)$/),
    );
  });

  it.each([
    ['success', 'success', 'passed'],
    ['failed', 'success', 'failed'],
    ['canceled', 'success', 'failed'],
    ['skipped', 'success', 'failed'],
    ['skipped', 'success, skipped', 'passed'],
    ['failed', 'success,failed', 'passed'],
  ])('treats a pipeline that ends %s as %s when passing on "%s"', async (final, pass, outcome) => {
    const { run } = setup(
      [
        ['running', 1_000],
        [final, 4_000],
      ],
      { passStatuses: pass },
    );
    const result = await run();
    expect(result.outcome).toBe(outcome);
    expect(result.pipeline.status).toBe(final);
  });

  it('keeps waiting through canceling and scheduled', async () => {
    const { run, logger } = setup([
      ['scheduled', 1_000],
      ['running', 5_000],
      ['canceling', 8_000],
      ['canceled', 30_000],
    ]);
    const result = await run();
    expect(result.pipeline.status).toBe('canceled');
    expect(logger.lines.some((l) => l.includes('Pipeline #7: canceling'))).toBe(true);
  });

  it('fails on a pipeline blocked on a manual job, naming the job and how to change it', async () => {
    const jobs = [
      {
        id: 9,
        name: 'deploy',
        stage: 'deploy',
        status: 'manual',
        allow_failure: false,
        web_url: 'https://gitlab.example.com/j/9',
      },
      {
        id: 10,
        name: 'rollback',
        stage: 'deploy',
        status: 'manual',
        allow_failure: true,
        web_url: 'https://gitlab.example.com/j/10',
      },
    ];
    const { run } = setup([['manual', 2_000]], {}, { jobs });
    const result = await run();
    expect(result.outcome).toBe('manual');
    expect(result.message).toBe(
      "Pipeline #7 is blocked on 'deploy' (stage deploy) at https://gitlab.example.com/j/9, which waits for someone to run it. Run it there, or set on_manual to pass, wait or play.",
    );
  });

  it('passes on a manual job when on_manual is pass', async () => {
    const { run } = setup([['manual', 2_000]], { onManual: 'pass' });
    expect((await run()).outcome).toBe('passed');
  });

  it('keeps waiting on a manual job when on_manual is wait', async () => {
    const { run } = setup(
      [
        ['manual', 2_000],
        ['success', 60_000],
      ],
      { onManual: 'wait' },
    );
    const result = await run();
    expect(result.outcome).toBe('passed');
  });

  it('runs only the blocking manual jobs, once, when on_manual is play', async () => {
    const jobs = [
      {
        id: 9,
        name: 'approve',
        stage: 'deploy',
        status: 'manual',
        allow_failure: false,
        web_url: 'u',
      },
      {
        id: 10,
        name: 'rollback',
        stage: 'deploy',
        status: 'manual',
        allow_failure: true,
        web_url: 'v',
      },
    ];
    const { run, calls, logger } = setup([['manual', 2_000]], { onManual: 'play' }, { jobs });
    const result = await run();
    expect(calls.play).toEqual([9]);
    expect(result.outcome).toBe('passed');
    expect(logger.lines).toContain(
      "info: Left the optional manual job 'rollback' alone: it blocks nothing (allow_failure).",
    );
  });

  it('cancels the pipeline when the timeout is reached', async () => {
    const { run, calls, cancelAt } = setup([['running', 1_000]], { timeout: '2m' });
    const result = await run();
    expect(result.outcome).toBe('timed-out');
    expect(calls.cancel).toBe(1);
    expect(cancelAt()).toBe(120_000);
    expect(result.message).toBe(
      'The wait reached its timeout of 2m; pipeline #7 was cancelled: https://gitlab.example.com/acme/deploy/-/pipelines/7',
    );
  });

  it('leaves the pipeline running at the timeout when cancel_on_abort is false', async () => {
    const { run, calls } = setup([['running', 1_000]], { timeout: '30s', cancelOnAbort: 'false' });
    const result = await run();
    expect(calls.cancel).toBe(0);
    expect(result.message).toContain('was left running (cancel_on_abort is false)');
  });

  it('cancels the pipeline at once when the run is cancelled', async () => {
    const { run, calls } = setup([['running', 1_000]]);
    const controller = new AbortController();
    controller.abort();
    const result = await run(controller.signal);
    expect(result.outcome).toBe('aborted');
    expect(calls.cancel).toBe(1);
    // The one read is the one after the cancel, to say what GitLab did.
    expect(calls.pipeline).toBe(1);
  });

  it('rides out 5xx answers and broken connections', async () => {
    const fail = (n: number) =>
      n === 2
        ? new GitLabError('GitLab answered 502 Bad Gateway', 502)
        : n === 3
          ? new NetworkError('reset', true, 'ECONNRESET')
          : undefined;
    const { run, logger } = setup(
      [
        ['running', 1_000],
        ['success', 20_000],
      ],
      {},
      { fail },
    );
    const result = await run();
    expect(result.outcome).toBe('passed');
    expect(logger.lines.filter((l) => l.startsWith('warning:'))).toHaveLength(2);
    expect(logger.lines).toContainEqual(expect.stringMatching(/^info: GitLab answers again after/));
  });

  it('gives up when GitLab stays unreachable for five minutes, keeping the link', async () => {
    const fail = (n: number) =>
      n > 1 ? new NetworkError('Could not connect', false, 'ECONNREFUSED') : undefined;
    const { run } = setup([['running', 0]], { timeout: '2h' }, { fail });
    await expect(run()).rejects.toThrow(
      /^GitLab stayed unreachable for 5m( \d+s)? while waiting for pipeline #7; it may still run: https:\/\/gitlab.example.com\/acme\/deploy\/-\/pipelines\/7/,
    );
  });

  it('says the pipeline cannot be read and names api_token on a 404', async () => {
    const fail = () =>
      new GitLabError('GitLab answered 404 Not Found to the request to read pipeline #7', 404);
    const { run } = setup([['running', 0]], {}, { fail });
    await expect(run()).rejects.toThrow(
      "Pipeline #7 was created (https://gitlab.example.com/acme/deploy/-/pipelines/7) but cannot be read to follow it: GitLab answered 404 Not Found to the request to read pipeline #7 Give 'api_token' a token with read_api on the project, or do not wait.",
    );
  });

  it('costs few requests for a long pipeline', async () => {
    const { run, calls } = setup([
      ['running', 1_000],
      ['success', 600_000],
    ]);
    await run();
    // A fixed 15-second poll would take 40; the schedule spends at most two more.
    expect(calls.pipeline).toBeLessThanOrEqual(42);
  });

  it('says how the wait ended before the watchers make their final reads', async () => {
    const clock = fakeClock();
    const order: string[] = [];
    const { api } = scripted([['success', 1_000]], clock);
    const settings = buildWaitSettings({ ...WAIT_DEFAULTS, timeout: '10s' }, names);
    const slow = {
      name: 'slow report',
      end: async (_end: unknown, ctx: { stops: { deadline?: number } }) => {
        order.push('end');
        // Its own time, past the wait's deadline, for results of a pipeline that just finished.
        expect(ctx.stops.deadline).toBeGreaterThan(clock.now() + 60_000);
      },
    };
    await runPipeline({ describe: () => '', start: async () => created }, [slow], {
      clock,
      logger: recordingLogger(),
      redactor: new Redactor(),
      wait: true,
      follow: { api, settings, names },
      onWaitEnded: () => order.push('wait ended'),
    });
    expect(order).toEqual(['wait ended', 'end']);
  });

  it('stops at once on an answer that says the request is wrong (400), rather than waiting', async () => {
    const fail = () => new GitLabError('GitLab answered 400 Bad Request', 400);
    const { run, clock } = setup([['running', 0]], {}, { fail });
    const started = clock.now();
    await expect(run()).rejects.toThrow(/cannot be read to follow it: GitLab answered 400/);
    expect(clock.now() - started).toBeLessThan(10_000);
  });
});

describe('the waiting settings', () => {
  it('refuses a pipeline trigger token as the access token, before anything is sent', () => {
    expect(() =>
      buildWaitSettings(
        { ...WAIT_DEFAULTS, apiToken: 'glptt-0123456789abcdef0123456789abcdef01234567' },
        names,
      ),
    ).toThrow(
      'api_token is a pipeline trigger token (glptt-…), which can start pipelines but not read them: give a personal, project or group access token with read_api (api to cancel or play jobs).',
    );
  });
});
