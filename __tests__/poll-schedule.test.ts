import { describe, expect, it } from '@jest/globals';
import {
  REFERENCE_POLL_MS,
  expectation,
  lookTargets,
  nextPollDelay,
  typicalDuration,
  type Expectation,
} from '../src/core/poll-schedule.js';

const none = () => 0;

/** The ages at which the schedule reads, until the pipeline (ending at `endMs`) is seen finished. */
function reads(
  endMs: number,
  expected?: Expectation,
  options: { capMs?: number; random?: () => number; imminentAtMs?: number } = {},
): number[] {
  const at: number[] = [];
  let seenAt: number | undefined;
  for (let age = 0; ;) {
    // The jobs tell the schedule at the first read past that moment.
    if (options.imminentAtMs !== undefined && age >= options.imminentAtMs) seenAt ??= age;
    age += nextPollDelay({
      ageMs: age,
      reads: at.length,
      capMs: options.capMs ?? 60_000,
      expected,
      imminentAtMs: seenAt,
      random: options.random ?? none,
    });
    at.push(age);
    if (age >= endMs) return at;
  }
}

/** The fixed poll's reads for a pipeline of `endMs`: one every 15 s from the start. */
const fixedReads = (endMs: number) => Math.ceil(endMs / REFERENCE_POLL_MS);
const delayOf = (at: number[], endMs: number) => (at.at(-1) ?? 0) - endMs;
const gaps = (at: number[]) => at.map((t, i) => t - (at[i - 1] ?? 0));

const lengths = [2_000, 60_000, 67_000, 180_000, 600_000, 3_600_000];
/** Ends around a length, as the bench spreads them. */
const around = (ms: number) => [ms - 1_000, ms - 400, ms, ms + 300, ms + 1_000];

describe('the budget: never more than two reads ahead of a fixed 15-second poll', () => {
  it.each([...lengths, 7_000, 31_000, 95_000])(
    'holds for a %i ms pipeline with no history, with history, and with history that is wrong',
    (length) => {
      for (const end of around(length)) {
        for (const expected of [
          undefined,
          { ms: length },
          { ms: length / 3 },
          { ms: length * 2 },
        ]) {
          expect(reads(end, expected).length).toBeLessThanOrEqual(fixedReads(end) + 2);
        }
      }
    },
  );

  it('holds with jitter drawn at either extreme', () => {
    for (const random of [() => 0, () => 0.999]) {
      for (const end of around(600_000)) {
        expect(reads(end, undefined, { random }).length).toBeLessThanOrEqual(fixedReads(end) + 2);
      }
    }
  });

  it('waits about 15 s at most between reads, so no end is noticed much later than by the fixed poll', () => {
    for (const expected of [undefined, { ms: 600_000 }, { ms: 180_000 }]) {
      expect(Math.max(...gaps(reads(900_000, expected)))).toBeLessThanOrEqual(REFERENCE_POLL_MS);
    }
    // A little longer only to land a read on the expected end within the budget.
    expect(gaps(reads(68_000, { ms: 67_000 }))).toEqual([
      2_000, 4_000, 15_500, 15_500, 15_500, 15_500,
    ]);
  });

  it('gives way to a shorter max_poll_interval', () => {
    expect(Math.max(...gaps(reads(120_000, { ms: 120_000 }, { capMs: 5_000 })))).toBe(5_000);
  });
});

describe('without history', () => {
  it('looks at 2 s and 6 s, then every 15 s', () => {
    expect(reads(60_000)).toEqual([2_000, 6_000, 21_000, 36_000, 51_000, 66_000]);
  });

  it('notices a two-second pipeline at once', () => {
    expect(delayOf(reads(2_000), 2_000)).toBe(0);
  });

  it('notices a failure at 5 s within 5 s', () => {
    expect(delayOf(reads(5_000), 5_000)).toBeLessThanOrEqual(5_000);
  });

  it('shortens the pauses by at most 5 % to spread waits started together', () => {
    expect(nextPollDelay({ ageMs: 20_000, reads: 3, capMs: 60_000, random: () => 0.999 })).toBe(
      14_251,
    );
  });

  it('never reads sooner than a second after the last, even with a max_poll_interval of 1 s', () => {
    expect(nextPollDelay({ ageMs: 999, reads: 0, capMs: 1_000, random: none })).toBe(1_000);
  });

  it('slows down after an hour, up to the cap', () => {
    const at = 4 * 3_600_000;
    expect(nextPollDelay({ ageMs: at, reads: 300, capMs: 600_000, random: none })).toBe(60_000);
    expect(nextPollDelay({ ageMs: at, reads: 300, capMs: 30_000, random: none })).toBe(30_000);
  });
});

describe('with history', () => {
  it.each(lengths)(
    "notices a %i ms pipeline that takes as long as usual within 2 s, for at most the fixed poll's reads + 2",
    (length) => {
      for (const end of around(length)) {
        const at = reads(end, { ms: length });
        expect(delayOf(at, end)).toBeLessThanOrEqual(2_000);
        expect(at.length).toBeLessThanOrEqual(fixedReads(end) + 2);
      }
    },
  );

  it('lands a read 1 s after the expected end, with evenly spaced reads before it', () => {
    const at = reads(60_000, { ms: 60_000 });
    expect(at).toEqual([2_000, 6_000, 19_750, 33_500, 47_250, 61_000]);
  });

  it('takes as few reads of at most 15 s as reach the expected end, not more', () => {
    // 30 s in, an end expected at 59 s: two steps of 15 s, not four of 7.5 s.
    const plan = { ageMs: 30_000, reads: 2, capMs: 60_000, expected: { ms: 59_000 } };
    expect(nextPollDelay(plan)).toBe(15_000);
  });

  it('notices a failure at 5 s of an expected minute within 5 s', () => {
    expect(delayOf(reads(5_000, { ms: 60_000 }), 5_000)).toBeLessThanOrEqual(5_000);
  });

  it('notices an end at any moment before the expected one sooner than the fixed poll on average', () => {
    const ends = Array.from({ length: 600 }, (_, i) => i * 1_000 + 500);
    const ours = ends.map((end) => delayOf(reads(end, { ms: 600_000 }), end));
    const fixed = ends.map((end) => fixedReads(end) * REFERENCE_POLL_MS - end);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(ours)).toBeLessThan(mean(fixed));
  });

  it('aims at the slower usual runs too, when the history is spread', () => {
    expect(lookTargets({ expected: { ms: 60_000, highMs: 75_000 } })).toEqual([
      2_000, 6_000, 61_000, 76_000,
    ]);
    for (const end of [59_500, 74_500]) {
      const at = reads(end, { ms: 60_000, highMs: 75_000 });
      expect(delayOf(at, end)).toBeLessThanOrEqual(2_000);
      expect(at.length).toBeLessThanOrEqual(fixedReads(end) + 2);
    }
  });

  it('polls like the fixed poll once the pipeline overruns every expected end', () => {
    const at = reads(200_000, { ms: 60_000 });
    expect(gaps(at).slice(-5)).toEqual(Array(5).fill(15_000));
  });
});

describe('when the jobs say the end is near', () => {
  it('looks as soon as the budget allows rather than at the planned pace', () => {
    // Reads at 2, 6, 21 and 36 s; a failure seen at 36 s; the budget allows the next at 45 s.
    expect(reads(40_000, undefined, { imminentAtMs: 36_000 }).at(-1)).toBe(45_000);
    expect(reads(40_000).at(-1)).toBe(51_000);
  });

  it('looks 2 s later when the budget has room', () => {
    const at = reads(4_000, { ms: 600_000 }, { imminentAtMs: 2_000 });
    expect(at).toEqual([2_000, 4_000]);
  });

  it('spends no read beyond the budget on it', () => {
    for (const end of [37_000, 41_000, 60_000, 300_000]) {
      const at = reads(end, { ms: 600_000 }, { imminentAtMs: 30_000 });
      expect(at.length).toBeLessThanOrEqual(fixedReads(end) + 2);
    }
  });
});

describe('expectation', () => {
  it('takes the median, so one odd run does not move it', () => {
    expect(typicalDuration([60_000, 61_000, 600_000])).toBe(61_000);
    expect(typicalDuration([60_000, 62_000])).toBe(61_000);
    expect(expectation([60_000, 61_000, 600_000])?.ms).toBe(61_000);
  });

  it('keeps the second slowest of five as the slower usual run, when it is over 3 s later', () => {
    expect(expectation([40_000, 50_000, 60_000, 75_000, 600_000])).toEqual({
      ms: 60_000,
      highMs: 75_000,
    });
    expect(expectation([59_000, 60_000, 61_000])).toEqual({ ms: 60_000 });
  });

  it('reads the history in any order, leaving out runs with no duration', () => {
    expect(typicalDuration([90_000, 30_000, 60_000])).toBe(60_000);
    expect(typicalDuration([0, 0, -5, Number.NaN, Infinity, 60_000])).toBe(60_000);
    expect(expectation([600_000, 75_000, 40_000, 60_000, 50_000])).toEqual({
      ms: 60_000,
      highMs: 75_000,
    });
    expect(expectation([0, 0, 0, Number.NaN, -1, Infinity, 50_000, 60_000, 70_000])).toEqual({
      ms: 60_000,
      highMs: 70_000,
    });
  });

  it('takes the slowest as the slower usual run below four runs, the second slowest from four', () => {
    expect(expectation([70_000, 50_000, 60_000])).toEqual({ ms: 60_000, highMs: 70_000 });
    expect(expectation([50_000, 60_000, 70_000, 90_000])).toEqual({ ms: 65_000, highMs: 70_000 });
  });

  it('aims at no slower run only 3 s or less after the typical one', () => {
    expect(expectation([57_000, 60_000, 63_000])).toEqual({ ms: 60_000 });
    expect(expectation([57_000, 60_000, 63_001])).toEqual({ ms: 60_000, highMs: 63_001 });
  });

  it('has nothing to say without history', () => {
    expect(expectation([])).toBeUndefined();
    expect(typicalDuration([])).toBeUndefined();
  });
});
