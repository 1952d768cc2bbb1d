import { describe, expect, it } from '@jest/globals';
import { nextPollDelay } from '../src/core/poll-schedule.js';

const middle = () => 0.5;

describe('nextPollDelay', () => {
  it('polls every second while the pipeline is young', () => {
    expect(nextPollDelay(0, 30_000, middle)).toBe(1_000);
    expect(nextPollDelay(5_000, 30_000, middle)).toBe(1_000);
  });

  it('grows with the age of the pipeline', () => {
    expect(nextPollDelay(30_000, 30_000, middle)).toBe(6_000);
    expect(nextPollDelay(60_000, 30_000, middle)).toBe(12_000);
  });

  it('never exceeds the cap', () => {
    expect(nextPollDelay(3_600_000, 30_000, middle)).toBe(30_000);
    expect(nextPollDelay(3_600_000, 10_000, middle)).toBe(10_000);
  });

  it('spreads polls by at most 10 % either way', () => {
    expect(nextPollDelay(60_000, 30_000, () => 0)).toBe(10_800);
    expect(nextPollDelay(60_000, 30_000, () => 1)).toBe(13_200);
  });
});
