import { InputError, quoted } from '../errors.js';

/** One line of `outputs_from`: a dotenv file in the artifacts of a job. */
export interface OutputSource {
  /** The job's name, as GitLab shows it (`deploy`, `test: unit`). */
  readonly job: string;
  /** The file's path inside the job's artifacts, `./` stripped: `deploy.env`, `out/vars.env`. */
  readonly path: string;
  /** Its line in the setting, for messages. */
  readonly line: number;
}

const FORMAT = 'write one JOB:PATH a line, such as deploy:deploy.env';

/**
 * Reads `outputs_from`: lines of `JOB:PATH`; blank lines and lines starting with `#` are
 * skipped. A job name may hold colons (`test:unit:out.env` is job `test:unit`), so the path
 * is what follows the last one. The outputs are read once the pipeline has finished, so the
 * setting is refused, before the trigger, when the run does not wait.
 */
export function parseOutputsFrom(
  value: string,
  input: string,
  wait: { readonly wait: boolean; readonly input: string },
): OutputSource[] {
  const sources: OutputSource[] = [];
  for (const [index, raw] of value.split(/\r?\n/).entries()) {
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) continue;
    const where = `line ${index + 1}`;
    const colon = text.lastIndexOf(':');
    const job = colon > 0 ? text.slice(0, colon).trim() : '';
    const path = colon > 0 ? text.slice(colon + 1).trim() : '';
    if (!job || !path) {
      throw new InputError(input, `has ${quoted(text)} on ${where}, which is not JOB:PATH`, FORMAT);
    }
    sources.push({ job, path: artifactPath(path, input, where), line: index + 1 });
  }
  if (sources.length > 0 && !wait.wait) {
    throw new InputError(
      input,
      'is set, but the run does not wait for the pipeline',
      `set ${wait.input} to true: the outputs are read from the job artifacts once the pipeline has finished`,
    );
  }
  return sources;
}

/** A path inside a job's artifacts: relative, without `..`, `./` stripped. */
function artifactPath(path: string, input: string, where: string): string {
  const clean = path.replace(/^(\.\/)+/, '');
  const inside = 'give the path of the file inside the job artifacts, such as deploy.env';
  if (/^[\\/]/.test(clean) || /^[A-Za-z]:/.test(clean) || clean.includes('\0')) {
    throw new InputError(
      input,
      `has the path ${quoted(path)} on ${where}, which is absolute`,
      inside,
    );
  }
  if (clean.split(/[\\/]/).includes('..') || clean === '') {
    throw new InputError(
      input,
      `has the path ${quoted(path)} on ${where}, which leaves the job artifacts`,
      inside,
    );
  }
  return clean;
}
