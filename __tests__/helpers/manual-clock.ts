import type { Clock } from '../../src/core/clock.js';

interface Sleeper {
  readonly at: number;
  wake(): void;
}

/**
 * A clock whose time moves only when the test moves it: a sleep ends when `pass` carries the
 * time to its end, or when its signal aborts. Unlike a clock whose sleeps return at once, it
 * can hold a request's timeout open while the request is answered, and fire it when the test
 * says the time has passed; no real time is waited either way.
 */
export class ManualClock implements Clock {
  private t: number;
  private readonly sleepers = new Set<Sleeper>();
  /** Every sleep asked for, in order, whether it ended or was cut short. */
  readonly slept: number[] = [];

  constructor(start = Date.parse('2026-11-25T12:00:00Z')) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.slept.push(ms);
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const sleeper: Sleeper = {
        at: this.t + ms,
        wake: () => {
          this.sleepers.delete(sleeper);
          signal?.removeEventListener('abort', sleeper.wake);
          resolve();
        },
      };
      this.sleepers.add(sleeper);
      signal?.addEventListener('abort', sleeper.wake, { once: true });
    });
  }

  /**
   * Waits, in real time and at most `patience` ms, until some sleep ends within `ms` of now (the
   * code under test has got that far), then moves the time on by `ms`, ending every sleep it
   * reaches.
   */
  async pass(ms: number, patience = 10_000): Promise<void> {
    const until = this.t + ms;
    const giveUp = Date.now() + patience;
    while (![...this.sleepers].some((s) => s.at <= until)) {
      if (Date.now() > giveUp) throw new Error(`No sleep ends within ${ms} ms of now.`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    this.t = until;
    for (const sleeper of [...this.sleepers]) if (sleeper.at <= until) sleeper.wake();
  }
}
