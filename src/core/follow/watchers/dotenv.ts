/**
 * A dotenv file as GitLab reads `artifacts:reports:dotenv` (Ci::ParseDotenvArtifactService):
 * `KEY=value` lines; a key of letters, digits and `_`; the value trimmed, and one pair of
 * matching quotes around it removed. Blank lines and `#` comments are skipped here too.
 */

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
  }
  return { ok: true, values };
}
