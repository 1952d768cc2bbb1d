import { InputError, quoted } from '../errors.js';

/** The largest archive (downloaded, and unpacked) taken by default: 1 GiB. */
export const DEFAULT_ARTIFACTS_MAX_BYTES = 1024 ** 3;

/**
 * Reads `download_artifacts`: job names or globs, one a line (`*` any run of characters,
 * `?` one); blank lines and `#` comments skipped.
 */
export function parseArtifactGlobs(value: string, input: string): string[] {
  const globs: string[] = [];
  for (const [index, raw] of value.split(/\r?\n/).entries()) {
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) continue;
    // eslint-disable-next-line no-control-regex
    if (/[\0-\x1f]/.test(text))
      throw new InputError(
        input,
        `has ${quoted(text)} on line ${index + 1}, with a control character`,
        'write one job name or glob (such as build-*) a line',
      );
    globs.push(text);
  }
  return [...new Set(globs)];
}

/** Whether a job's name matches one of the globs, whole and case-sensitively. */
export function matchesAny(globs: readonly string[], name: string): boolean {
  return globs.some((glob) => globRegExp(glob).test(name));
}

function globRegExp(glob: string): RegExp {
  const body = [...glob]
    .map((c) =>
      c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${body}$`);
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/**
 * Reads a size: plain bytes, or a number with K, M or G (KB/KiB…, all powers of 1024):
 * `512MiB`, `2G`, `1.5GB`.
 */
export function parseSize(value: string, input: string): number {
  const text = value.trim();
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
  const bytes = match && unit !== undefined ? Math.floor(Number(match[1]) * unit) : NaN;
  if (!Number.isFinite(bytes) || bytes < 1) {
    throw new InputError(
      input,
      `is ${quoted(text)}, which is not a size`,
      'give a size such as 500MiB or 2GiB (K, M and G count in 1024s), or plain bytes',
    );
  }
  return bytes;
}

/** `1 GiB`, `512 MiB`, `900 KiB`, `12 B`: a size as a person reads it. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : Number(n.toFixed(1))} ${units[i]}`;
}
