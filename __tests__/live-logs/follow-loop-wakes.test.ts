import { describe, expect, it } from '@jest/globals';
import type { Watcher } from '../../src/core/follow/watcher.js';
import { standardWatchers } from '../../src/core/follow/watchers/standard.js';
import type { Pipeline } from '../../src/core/pipeline.js';
import { Redactor } from '../../src/core/redact.js';
import { runPipeline } from '../../src/core/run-pipeline.js';
import { WAIT_DEFAULTS, buildWaitSettings } from '../../src/core/wait-settings.js';
import { fakeClock, recordingLogger } from '../helpers/client.js';
import { FakePipelinesApi, timeline } from '../helpers/fake-pipelines-api.js';

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

/** A wait on a pipeline that succeeds at `endMs`, with `extra` watchers; counts status reads. */
async function wait(
  endMs: number,
  extra: (clock: () => number) => Watcher[],
  signal?: AbortSignal,
) {
  const clock = fakeClock();
  const start = clock.now();
  const api = new FakePipelinesApi({
    pipeline: created,
    status: timeline(
      [
        ['running', 0],
        ['success', endMs],
      ],
      clock,
    ),
  });
  const result = await runPipeline(
    { describe: () => 'Triggering', start: async () => created },
    [...standardWatchers(), ...extra(clock.now)],
    {
      clock,
      logger: recordingLogger(),
      redactor: new Redactor(),
      signal,
      wait: true,
      follow: {
        api,
        settings: buildWaitSettings(WAIT_DEFAULTS, names),
        names,
        random: () => 0.5,
        expectedMs: 600_000,
      },
    },
  );
  return { result, reads: api.calls.pipeline, clock, start };
}

/** A watcher that wants to be woken every `everyMs`, and records when it was. */
function ticking(everyMs: number, clock: () => number): Watcher & { woken: number[] } {
  const woken: number[] = [];
  let next: number | undefined;
  return {
    name: 'ticking',
    woken,
    see() {
      next ??= clock() + everyMs;
      return undefined;
    },
    wakeAt: () => next,
    wake() {
      woken.push(clock());
      next = clock() + everyMs;
    },
  };
}

describe('the follow loop and a watcher with a cadence of its own', () => {
  it('wakes the watcher between status reads, and keeps the status reads as they were', async () => {
    const without = await wait(300_000, () => []);
    let watcher: ReturnType<typeof ticking> | undefined;
    const withIt = await wait(300_000, (now) => [(watcher = ticking(2_000, now))]);
    expect(withIt.result.outcome).toBe('passed');
    expect(withIt.reads).toBe(without.reads);
    // Every 2 s for five minutes, between the status reads.
    expect(watcher?.woken.length).toBeGreaterThan(100);
    const gaps = (watcher?.woken ?? []).slice(1).map((at, i) => at - (watcher?.woken[i] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2_000);
  });

  it('wakes no watcher once the run is cancelled', async () => {
    const controller = new AbortController();
    let wakes = 0;
    const watcher: Watcher = {
      name: 'cancelling',
      wakeAt: () => 0,
      wake: () => {
        if (++wakes === 3) controller.abort();
      },
    };
    const { result } = await wait(300_000, () => [watcher], controller.signal);
    expect(result.outcome).toBe('aborted');
    expect(wakes).toBe(3);
  });
});
