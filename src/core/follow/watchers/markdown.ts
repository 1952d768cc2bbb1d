/**
 * Small pieces of GitHub-flavoured markdown for the summary sections the result watchers
 * report: table cells that cannot break a table, links whose URL cannot break out, statuses
 * with their icon, and collapsed log tails.
 */

const ICONS: Record<string, string> = {
  success: '✅',
  failed: '❌',
  canceled: '⏹️',
  canceling: '⏹️',
  skipped: '⏭️',
  manual: '✋',
  running: '🔄',
  pending: '⏳',
  created: '⏳',
  scheduled: '🕒',
};

/** `✅ success`: a status with its icon. */
export function statusMark(status: string): string {
  return `${ICONS[status] ?? ''} ${cell(status)}`.trim();
}

/** Text safe inside a markdown table cell or a heading: no pipe, no HTML, one line. */
export function cell(text: string): string {
  return text
    .replace(/[|\\<>[\]`*_]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}

/** `[text](url)`, with the characters that would end the URL escaped. */
export function link(text: string, url: string): string {
  const safe = url.replace(/[()\s<>]/g, (c) =>
    c === '(' ? '%28' : c === ')' ? '%29' : encodeURIComponent(c),
  );
  return `[${cell(text)}](${safe})`;
}

/** Text safe inside HTML (a `<summary>`). */
export function html(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\r?\n/g, ' ');
}

/**
 * A collapsed block: `<details><summary>…</summary>` and the text in a code fence longer
 * than any run of backticks inside it, so that no log line can end the fence.
 */
export function details(summary: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return [
    `<details><summary>${html(summary)}</summary>`,
    '',
    `${fence}text`,
    text,
    fence,
    '',
    '</details>',
  ].join('\n');
}

/** The first `lines` lines of a text, at most `chars` characters, with a mark when cut. */
export function firstLines(text: string, lines: number, chars: number): string {
  const all = text.replace(/\r\n?/g, '\n').split('\n');
  let head = all.slice(0, lines).join('\n');
  if (head.length > chars) head = head.slice(0, chars);
  return head.length < text.replace(/\r\n?/g, '\n').trimEnd().length
    ? `${head.trimEnd()}\n…`
    : head;
}
