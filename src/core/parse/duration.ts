import { InputError, quoted } from '../errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * Reads a duration: `90s`, `30m`, `2h`, `1h30m`, or plain seconds (`3600`), into milliseconds.
 */
export function parseDuration(
  value: string,
  input: string,
  options: { min?: number; max?: number } = {},
): number {
  const text = value.trim().toLowerCase();
  const expected = `give a duration such as 90s, 30m, 2h or 1h30m, or plain seconds`;
  let ms: number | undefined;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else if (/^(\d+(\.\d+)?(ms|s|m|h)\s*)+$/.test(text)) {
    ms = 0;
    for (const [, amount = '0', unit = 's'] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
      ms += Number(amount) * (UNITS[unit] ?? 1000);
    }
  }
  if (ms === undefined || !Number.isFinite(ms)) {
    throw new InputError(
      input,
      `is ${quoted(value.trim())}, which is not a duration`,
      `${expected}`,
    );
  }
  ms = Math.round(ms);
  if (options.min !== undefined && ms < options.min) {
    throw new InputError(
      input,
      `is ${quoted(value.trim())}, shorter than the ${formatDuration(options.min)} it must be at least`,
    );
  }
  if (options.max !== undefined && ms > options.max) {
    throw new InputError(
      input,
      `is ${quoted(value.trim())}, longer than the ${formatDuration(options.max)} it may be at most`,
    );
  }
  return ms;
}

/**
 * `1h 2m 3s`, `45s`, `2.5s`, `0.5s`: a duration as a person reads it, the one format of every
 * message. Below ten seconds a part of a second is shown to the tenth (a pause of 2.5s is not
 * `3s`); from ten seconds on, whole seconds.
 */
export function formatDuration(ms: number): string {
  if (ms < 10_000 && ms % 1000 !== 0) return `${Number((ms / 1000).toFixed(1))}s`;
  let seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  seconds -= h * 3600;
  const m = Math.floor(seconds / 60);
  seconds -= m * 60;
  return [h && `${h}h`, m && `${m}m`, (seconds || (!h && !m)) && `${seconds}s`]
    .filter(Boolean)
    .join(' ');
}
