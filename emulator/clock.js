// @ts-check
// The emulated clock. Pipelines move on emulated time so that a test can run a ten-minute
// pipeline in a fraction of a second (`speed`) or jump ahead without sleeping (`advance`).

export class Clock {
  /**
   * @param {{ speed?: number, start?: number }} [options]
   */
  constructor(options = {}) {
    /** emulated seconds per real second */
    this.speed = options.speed ?? 1;
    /** emulated epoch ms at the last rebase */
    this.base = options.start ?? Date.now();
    /** real monotonic ms at the last rebase */
    this.realBase = performance.now();
  }

  /** @returns {number} emulated epoch milliseconds */
  now() {
    return this.base + (performance.now() - this.realBase) * this.speed;
  }

  /**
   * Moves the emulated clock forward at once.
   * @param {number} seconds
   */
  advance(seconds) {
    this.base += seconds * 1000;
  }

  /**
   * Changes the speed from now on, keeping the current emulated time.
   * @param {number} speed
   */
  setSpeed(speed) {
    this.base = this.now();
    this.realBase = performance.now();
    this.speed = speed;
  }
}

/**
 * GitLab renders times as ISO 8601 in UTC with milliseconds (ActiveSupport's JSON encoding).
 * @param {number | null | undefined} ms
 * @returns {string | null}
 */
export function iso(ms) {
  return ms === null || ms === undefined ? null : new Date(Math.floor(ms)).toISOString();
}
