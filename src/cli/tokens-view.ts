import { isShortened, type TriggerToken } from '../core/trigger-tokens.js';

/** Shown under a table or record holding a token GitLab shortened. */
export const SHORTENED_NOTE =
  '(shortened): GitLab shows a trigger token whole only to the user who owns it, and this tool shows even those shortened unless given --show-tokens.';

/** The trigger tokens as a table a person reads; the note explains any shortened token. */
export function tokensTable(tokens: readonly TriggerToken[], now: number): string {
  const header = ['ID', 'DESCRIPTION', 'OWNER', 'LAST USED', 'EXPIRES', 'TOKEN'];
  const rows = tokens.map((t) => [
    String(t.id),
    text(t.description ?? ''),
    owner(t),
    when(t.last_used, 'never'),
    expiry(t, now),
    token(t),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const lines = [line(header), ...rows.map(line)];
  if (tokens.some((t) => isShortened(t.token))) lines.push('', SHORTENED_NOTE);
  return lines.join('\n');
}

/** One trigger token as `Field  value` lines. */
export function tokenRecord(t: TriggerToken, now: number): string {
  const fields: Array<[string, string]> = [
    ['ID', String(t.id)],
    ['Description', text(t.description ?? '')],
    ['Owner', owner(t)],
    ['Created', when(t.created_at, '-')],
    ['Last used', when(t.last_used, 'never')],
    ['Expires', expiry(t, now)],
    ['Token', token(t)],
  ];
  const width = Math.max(...fields.map(([name]) => name.length));
  const lines = fields.map(([name, value]) => `${name.padEnd(width)}  ${value}`.trimEnd());
  if (isShortened(t.token)) lines.push('', SHORTENED_NOTE);
  return lines.join('\n');
}

function token(t: TriggerToken): string {
  return isShortened(t.token) ? `${text(t.token)}… (shortened)` : text(t.token);
}

/** When the token expires, marked when it already has: GitLab lists expired tokens too. */
function expiry(t: TriggerToken, now: number): string {
  const shown = when(t.expires_at, 'never');
  const ms = t.expires_at ? Date.parse(t.expires_at) : NaN;
  return ms <= now ? `${shown} (expired)` : shown;
}

function owner(t: TriggerToken): string {
  return t.owner ? text(t.owner.username) : '-';
}

/** A time as `2026-11-25 12:00Z`; GitLab's own text when it is not a time. */
function when(value: string | null | undefined, none: string): string {
  if (!value) return none;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return text(value);
  const iso = new Date(ms).toISOString();
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

/** Text from GitLab made safe for a terminal: no control characters (escape sequences, newlines). */
function text(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}
