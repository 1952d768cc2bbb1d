import { describe, expect, it } from '@jest/globals';
import { expectedWindow, nextPollDelay, typicalDuration } from '../src/core/poll-schedule.js';

const middle = () => 0.5;
const delay = (ageMs: number, capMs = 60_000, expectedMs?: number) =>
  nextPollDelay({ ageMs, capMs, expectedMs, random: middle });

/** The ages at which a schedule polls, until the pipeline (ending at `endMs`) is seen finished. */
function polls(endMs: number, expectedMs?: number, random = middle): number[] {
  const at: number[] = [];
  for (let age = 0; ;) {
    age += nextPollDelay({ ageMs: age, capMs: 60_000, expectedMs, random });
    at.push(age);
    if (age >= endMs) return at;
  }
}

describe('the age-based schedule, without history', () => {
  it('polls every second while the pipeline is young', () => {
    expect(delay(0)).toBe(1_000);
    expect(delay(5_000)).toBe(1_000);
  });

  it('grows with the age of the pipeline', () => {
    expect(delay(30_000)).toBe(6_000);
    expect(delay(60_000)).toBe(12_000);
  });

  it('never exceeds the cap', () => {
    expect(delay(3_600_000)).toBe(60_000);
    expect(delay(3_600_000, 10_000)).toBe(10_000);
  });

  it('spreads polls by at most 10 % either way', () => {
    expect(nextPollDelay({ ageMs: 60_000, capMs: 60_000, random: () => 0 })).toBe(10_800);
    expect(nextPollDelay({ ageMs: 60_000, capMs: 60_000, random: () => 1 })).toBe(13_200);
  });

  it('notices a two-second pipeline within a second', () => {
    expect(polls(2_000).at(-1)).toBeLessThanOrEqual(3_000);
  });
});

describe('the schedule with history', () => {
  it.each([60_000, 120_000, 600_000, 3_600_000])(
    'spends no more requests than a fixed 15-second poll on a %i ms pipeline, and notices its end within 3 s',
    (duration) => {
      const seen = polls(duration, duration);
      expect(seen.length).toBeLessThanOrEqual(Math.ceil(duration / 15_000));
      expect((seen.at(-1) ?? 0) - duration).toBeLessThan(3_000);
    },
  );

  it('looks once early, so a pipeline that fails at once is noticed', () => {
    expect(polls(600_000, 600_000)[0]).toBe(1_000);
  });

  it('looks every 3 s around the expected end, and after it grows the pause with the overrun', () => {
    const { start, end } = expectedWindow(600_000);
    expect(start).toBe(588_000);
    expect(delay(590_000, 60_000, 600_000)).toBe(3_000);
    expect(delay(end, 60_000, 600_000)).toBe(3_000);
    expect(delay(end + 60_000, 60_000, 600_000)).toBe(12_000);
  });

  it('stays within the reference budget when the pipeline ends a moment after the expected end', () => {
    for (const duration of [60_000, 600_000]) {
      expect(polls(duration + 1_500, duration).length).toBeLessThanOrEqual(
        Math.ceil(duration / 15_000) + 1,
      );
      expect(polls(duration + 1_500, duration).length).toBeLessThanOrEqual(
        Math.ceil((duration + 1_500) / 15_000),
      );
    }
  });

  it('still notices a pipeline that ends far earlier than usual within the sparse spacing', () => {
    const seen = polls(100_000, 600_000);
    expect((seen.at(-1) ?? 0) - 100_000).toBeLessThanOrEqual(20_000);
  });

  it('keeps the age-based schedule for pipelines too short to profit', () => {
    expect(delay(1_000, 60_000, 10_000)).toBe(delay(1_000));
  });
});

describe('typicalDuration', () => {
  it('takes the median, so one odd run does not move it', () => {
    expect(typicalDuration([60_000, 61_000, 600_000])).toBe(61_000);
    expect(typicalDuration([60_000, 62_000])).toBe(61_000);
  });

  it('has nothing to say without history', () => {
    expect(typicalDuration([])).toBeUndefined();
  });
});
