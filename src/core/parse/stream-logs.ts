import { InputError, quoted } from '../errors.js';

/** One name of `stream_logs`: a job's path from the pipeline down, `*` for any name at a step. */
export type LogPattern = readonly string[];

/** The most names one setting may hold: each is looked for at every read of the jobs. */
export const MAX_LOG_PATTERNS = 50;
/** GitLab's own bound on a job's name (Ci::Build validates `name` at 255 characters). */
const MAX_NAME = 255;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const FORMAT =
  'give job names, one a line or comma-separated, `*` for every job, `trigger job › job` for a downstream one';

/**
 * Reads `stream_logs`: job names, one a line or comma-separated; `*` for every job of the
 * pipeline; a downstream job as its trigger jobs and its name joined by `›`, as the summary
 * names it (`deploy › smoke-test`, `deploy › *`). Blank entries and lines starting with `#`
 * are skipped. The logs are followed while the pipeline runs, so the setting is refused,
 * before the trigger, when the run does not wait.
 */
export function parseStreamLogs(
  value: string,
  input: string,
  wait: { readonly wait: boolean; readonly input: string },
): LogPattern[] {
  const patterns: LogPattern[] = [];
  const seen = new Set<string>();
  for (const line of value.split(/\r?\n/)) {
    if (line.trim().startsWith('#')) continue;
    for (const entry of line.split(',')) {
      const text = entry.trim();
      if (!text) continue;
      const path = text.split('›').map((step) => step.trim());
      if (path.some((step) => !step || step.length > MAX_NAME || CONTROL.test(step)))
        throw new InputError(input, `has ${quoted(text)}, which is not a job name`, FORMAT);
      const key = path.join(' › ');
      if (seen.has(key)) continue;
      seen.add(key);
      patterns.push(path);
    }
  }
  if (patterns.length > MAX_LOG_PATTERNS)
    throw new InputError(
      input,
      `names ${patterns.length} jobs, more than ${MAX_LOG_PATTERNS}`,
      'name fewer, or use `*` for every job',
    );
  if (patterns.length > 0 && !wait.wait)
    throw new InputError(
      input,
      'is set, but the run does not wait for the pipeline',
      `set ${wait.input} to true: the logs are followed while the run waits for the pipeline`,
    );
  return patterns;
}

/** Whether a job at `path` (its trigger jobs, then its name) is one the patterns name. */
export function matchesPattern(pattern: LogPattern, path: readonly string[]): boolean {
  return (
    pattern.length === path.length && pattern.every((step, i) => step === '*' || step === path[i])
  );
}
