import { describe, expect, it } from '@jest/globals';
import { formatDuration, parseDuration } from '../../src/core/parse/duration.js';

// Durations as a user writes them (timeouts, poll intervals), and as the tool prints them.

describe('parseDuration', () => {
  it('reads plain seconds, whole or not', () => {
    expect(parseDuration('3600', 'timeout')).toBe(3_600_000);
    expect(parseDuration(' 1.5 ', 'timeout')).toBe(1_500);
  });

  it('reads each unit, in any case, and adds them up', () => {
    expect(parseDuration('250ms', 't')).toBe(250);
    expect(parseDuration('90s', 't')).toBe(90_000);
    expect(parseDuration('30M', 't')).toBe(1_800_000);
    expect(parseDuration('2h', 't')).toBe(7_200_000);
    expect(parseDuration('1h30m', 't')).toBe(5_400_000);
    expect(parseDuration('1h 2m 3s 4ms', 't')).toBe(3_723_004);
    expect(parseDuration('0.5m', 't')).toBe(30_000);
  });

  it('rounds to the millisecond', () => {
    expect(parseDuration('0.0004', 't')).toBe(0);
    expect(parseDuration('1.2346s', 't')).toBe(1_235);
  });

  it('refuses what is not a duration, quoting it and saying what to write', () => {
    for (const value of ['', 'soon', '10 minutes', '5d', '-5s', 'h', '1.s', 's10']) {
      expect(() => parseDuration(value, 'timeout')).toThrow(
        `timeout is '${value.trim()}', which is not a duration: give a duration such as 90s, 30m, 2h or 1h30m, or plain seconds.`,
      );
    }
  });

  it('refuses a number too large to be a duration', () => {
    expect(() => parseDuration('9'.repeat(400), 't')).toThrow('which is not a duration');
  });

  it('holds the value between the least and the most allowed, both included', () => {
    const limits = { min: 1_000, max: 60_000 };
    expect(parseDuration('1s', 't', limits)).toBe(1_000);
    expect(parseDuration('60s', 't', limits)).toBe(60_000);
    expect(() => parseDuration('999ms', 'poll', limits)).toThrow(
      "poll is '999ms', shorter than the 1s it must be at least.",
    );
    expect(() => parseDuration('61s', 'poll', limits)).toThrow(
      "poll is '61s', longer than the 1m it may be at most.",
    );
  });
});

describe('formatDuration', () => {
  it('prints hours, minutes and seconds, leaving out the parts that are zero', () => {
    expect(formatDuration(3_723_000)).toBe('1h 2m 3s');
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(3_603_000)).toBe('1h 3s');
    expect(formatDuration(120_000)).toBe('2m');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(59_600)).toBe('1m');
  });

  it('prints tenths of a second below ten seconds, and no tenth that is zero', () => {
    expect(formatDuration(500)).toBe('0.5s');
    expect(formatDuration(250)).toBe('0.3s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(1_000)).toBe('1s');
    expect(formatDuration(1_500)).toBe('1.5s');
    expect(formatDuration(2_500)).toBe('2.5s');
    expect(formatDuration(1_020)).toBe('1s');
    expect(formatDuration(9_999)).toBe('10s');
  });

  it('prints whole seconds from ten seconds on', () => {
    expect(formatDuration(10_000)).toBe('10s');
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(12_600)).toBe('13s');
    expect(formatDuration(60_000)).toBe('1m');
  });
});
