/**
 * A dotenv file as GitLab reads `artifacts:reports:dotenv` (Ci::ParseDotenvArtifactService):
 * `KEY=value` lines; a key of letters, digits and `_`; the value trimmed, and one pair of
 * matching quotes around it removed. Blank lines and `#` comments are skipped here too.
 */

/**
 * The most a dotenv file read for outputs may hold. GitLab's own dotenv report is far smaller
 * by default: 5 KB and 20 variables (Ci::ParseDotenvArtifactService, MAX_ACCEPTABLE_DOTENV_SIZE
 * and MAX_ACCEPTABLE_VARIABLES_COUNT; later the plan limits `dotenv_size` and
 * `dotenv_variables`, which an administrator may raise). These ceilings leave room for a raised
 * limit and a file kept under artifacts:paths, and keep a hostile file from becoming a
 * hundred thousand step outputs.
 */
export const MAX_DOTENV_BYTES = 64 * 1024;
export const MAX_DOTENV_KEYS = 200;

export type DotenvResult =
  | { readonly ok: true; readonly values: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly line: number; readonly text: string; readonly problem: string };

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseDotenv(text: string): DotenvResult {
  const values = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    const bad = (problem: string): DotenvResult => ({
      ok: false,
      line: index + 1,
      text: raw,
      problem,
    });
    if (equals < 0) return bad('has no = between a name and a value');
    const key = line.slice(0, equals).trim();
    if (!KEY.test(key))
      return bad(
        `has the name ${JSON.stringify(key)}, which is not letters, digits and _ (not starting with a digit)`,
      );
    let value = line.slice(equals + 1).trim();
    const quote = /^(["'])([\s\S]*)\1$/.exec(value);
    if (quote) value = quote[2] ?? '';
    values.set(key, value);
    if (values.size > MAX_DOTENV_KEYS)
      return bad(
        `is past the ${MAX_DOTENV_KEYS} keys a file may hold (GitLab's own dotenv report takes 20 by default); keep fewer keys in it`,
      );
  }
  return { ok: true, values };
}
