import { describe, expect, it } from '@jest/globals';
import { GitLabError, NetworkError, StoppedError } from '../src/core/errors.js';
import { OutageTracker, UNREACHABLE_LIMIT_MS } from '../src/core/follow/outage-tracker.js';
import type { Pipeline } from '../src/core/pipeline.js';
import { fakeClock, recordingLogger } from './helpers/client.js';

// The follow loop's failed reads, one by one: the pause before the next read (the retry
// engine's FOLLOW_RETRY policy), what is said, and when the wait gives up.

const pipeline = {
  id: 7,
  web_url: 'https://gitlab.example.com/acme/deploy/-/pipelines/7',
} as Pipeline;

function rider() {
  const clock = fakeClock();
  const logger = recordingLogger();
  const trouble = new OutageTracker(clock, logger, 'api_token');
  /** A failed read, then the pause it was given, on the clock. */
  const fail = async (error: unknown): Promise<number> => {
    const ms = trouble.failed(error, pipeline);
    await clock.sleep(ms);
    return ms;
  };
  return { clock, logger, trouble, fail };
}

const reset = () => new NetworkError('Connection reset by GitLab', true, 'ECONNRESET');
const busy = (retryAfterMs?: number) =>
  new GitLabError('GitLab answered 503 Service Unavailable.', 503, { retryAfterMs });

describe('OutageTracker', () => {
  it('pauses one second after the first failed read, doubling to at most thirty', async () => {
    const { fail } = rider();
    const paused: number[] = [];
    for (let i = 0; i < 8; i++) paused.push(await fail(reset()));
    expect(paused).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it("waits GitLab's Retry-After when it asks longer, but never more than a minute", async () => {
    const { fail } = rider();
    expect(await fail(busy(45_000))).toBe(45_000);
    expect(await fail(busy(600_000))).toBe(60_000);
    // A shorter Retry-After does not hurry the growing pause.
    expect(await fail(busy(500))).toBe(4_000);
  });

  it('says a new trouble once, and the recovery with how long it lasted; then starts over', async () => {
    const { fail, logger, trouble } = rider();
    await fail(reset());
    await fail(reset());
    await fail(busy());
    trouble.recovered();
    expect(logger.lines).toEqual([
      'warning: Connection reset by GitLab Still waiting: the wait gives up after 5m of such trouble, or at its timeout.',
      'warning: GitLab answered 503 Service Unavailable. Still waiting: the wait gives up after 5m of such trouble, or at its timeout.',
      'info: GitLab answers again after 7s.',
    ]);
    expect(await fail(reset())).toBe(1_000);
  });

  it('gives up once GitLab has been unreachable for five minutes, keeping the link', async () => {
    const { fail, clock } = rider();
    const first = clock.now();
    let error: unknown;
    try {
      for (;;) await fail(reset());
    } catch (thrown) {
      error = thrown;
    }
    expect(clock.now() - first).toBeGreaterThanOrEqual(UNREACHABLE_LIMIT_MS);
    expect((error as Error).message).toMatch(
      /^GitLab stayed unreachable for 5m( \d+s)? while waiting for pipeline #7; it may still run: https:\/\/gitlab\.example\.com\/acme\/deploy\/-\/pipelines\/7\. Last trouble: Connection reset by GitLab$/,
    );
  });

  it('throws at once what waiting cannot change: a denial, a redirect, a wrong request', () => {
    const { trouble } = rider();
    for (const status of [404, 302, 422])
      expect(() =>
        trouble.failed(new GitLabError(`GitLab answered ${status}.`, status), pipeline),
      ).toThrow(/^Pipeline #7 was created .* but cannot be read to follow it/);
  });

  it('pauses not at all for a stop, which the follow loop reports itself', () => {
    const { trouble } = rider();
    expect(
      trouble.failed(new StoppedError('The run was cancelled', 'aborted', false), pipeline),
    ).toBe(0);
  });
});
