import { colourOnly, withoutColours } from '../../control-text.js';
import type { Redactor } from '../../redact.js';

/** What a live log hands its host to write: GitLab's lines, or a group GitHub can fold. */
export type LogPiece =
  | {
      readonly kind: 'lines';
      /** Lines of the log, each ended by a line feed: colours kept, every other control gone, secrets masked. */
      readonly text: string;
    }
  | { readonly kind: 'group'; readonly title: string }
  | { readonly kind: 'endgroup' };

/** Where the lines of followed logs go: the step's log, or the terminal. */
export interface LiveLogSink {
  write(pieces: readonly LogPiece[]): void;
}

/**
 * The longest partial line kept waiting for its end: a log that writes no line feed is
 * still shown, this many characters at a time.
 */
export const MAX_LINE_CHARS = 16 * 1024;

/**
 * gitlab-runner's section markers: `section_start:<epoch>:<name>[options]` and
 * `section_end:<epoch>:<name>`, each ended by a carriage return and an erase of the line
 * (gitlab-runner helpers/build_section.go: `"section_start:%v:%s\r" + ANSI_CLEAR`; older
 * runners put a `\r` before it; doc/ci/jobs/job_logs.md, "Custom collapsible sections").
 */
/* eslint-disable no-control-regex */
const MARKER =
  /(?:\u001b\[0K)?section_(start|end):\d{1,20}:([^\r\n[\]]{0,256})(?:\[[^\r\n\]]{0,256}\])?\r(?:\u001b\[0K)?/g;
/* eslint-enable no-control-regex */

/**
 * Turns a job's log, as it arrives in parts, into pieces to write: whole lines only (a
 * partial line waits for its end, up to MAX_LINE_CHARS), sections as groups when `groups`,
 * each line after `prefix`, every secret the redactor knows masked — one cut by the end of
 * a read included, since its line waits for the rest.
 */
export class LogLines {
  private carry = '';
  private depth = 0;

  constructor(
    private readonly redactor: Redactor,
    private readonly options: { readonly groups: boolean; readonly prefix: string },
  ) {}

  /** The pieces for a new part of the log. */
  push(text: string): LogPiece[] {
    let all = this.carry + text;
    const end = all.lastIndexOf('\n');
    let ready = end >= 0 ? all.slice(0, end) : undefined;
    all = end >= 0 ? all.slice(end + 1) : all;
    if (all.length > MAX_LINE_CHARS) {
      // A line without end: show what came, keeping back a secret's length that could be
      // the start of one cut by this read.
      let cut = all.length - Math.min(this.redactor.longest, all.length);
      // Where it can, at a space: tokens hold none, so none is cut in two there.
      const space = all.lastIndexOf(' ', cut);
      if (space > cut - 256 && space > 0) cut = space + 1;
      const shown = bounded(all.slice(0, cut));
      ready = ready === undefined ? shown : `${ready}\n${shown}`;
      all = all.slice(cut);
    }
    this.carry = all;
    return ready === undefined ? [] : this.pieces(ready);
  }

  /** What is left once the log has ended: its last line without a line feed, closed groups. */
  flush(): LogPiece[] {
    const rest = this.carry;
    this.carry = '';
    const pieces = rest ? this.pieces(rest) : [];
    if (this.options.groups && this.depth > 0) pieces.push({ kind: 'endgroup' });
    this.depth = 0;
    return pieces;
  }

  /** Bytes held waiting for a line's end. */
  get held(): number {
    return this.carry.length;
  }

  private pieces(text: string): LogPiece[] {
    const out: LogPiece[] = [];
    let lines: string[] = [];
    const flushLines = (): void => {
      if (lines.length) out.push({ kind: 'lines', text: this.masked(lines) });
      lines = [];
    };
    for (const raw of text.split('\n')) {
      let from = 0;
      for (const marker of raw.matchAll(MARKER)) {
        const before = raw.slice(from, marker.index);
        from = marker.index + marker[0].length;
        if (withoutColours(before).trim()) lines.push(before);
        const next = raw.slice(from).search(MARKER);
        const header = next < 0 ? raw.slice(from) : raw.slice(from, from + next);
        if (marker[1] === 'start') {
          if (this.options.groups && this.depth === 0) {
            flushLines();
            out.push({ kind: 'group', title: this.title(header) });
            from += header.length;
          }
          this.depth++;
        } else if (this.depth > 0) {
          this.depth--;
          if (this.options.groups && this.depth === 0) {
            flushLines();
            out.push({ kind: 'endgroup' });
          }
        }
      }
      const rest = raw.slice(from);
      if (from === 0 || withoutColours(rest).trim()) lines.push(rest);
    }
    flushLines();
    return out;
  }

  /** The lines as the screen shows them: the last overwrite of each, colours only, masked, prefixed. */
  private masked(lines: readonly string[]): string {
    const shown = lines.map((l) => `${this.options.prefix}${colourOnly(overwritten(l))}`);
    const text = shown.join('\n');
    const plain = withoutColours(text);
    // A secret is looked for in the text as read, colours removed: a colour between two of its
    // characters must not hide it. A line that holds one loses its colours with it.
    if (this.redactor.redact(plain) === plain) return `${text}\n`;
    return `${shown.map((l) => (this.redactor.redact(withoutColours(l)) === withoutColours(l) ? l : this.redactor.redact(withoutColours(l)))).join('\n')}\n`;
  }

  private title(header: string): string {
    const title = withoutColours(colourOnly(overwritten(header))).trim();
    return this.redactor.redact(`${this.options.prefix}${title || 'section'}`);
  }
}

/** A line without end, as lines of at most MAX_LINE_CHARS. */
function bounded(text: string): string {
  const lines: string[] = [];
  for (let at = 0; at < text.length; at += MAX_LINE_CHARS)
    lines.push(text.slice(at, at + MAX_LINE_CHARS));
  return lines.join('\n');
}

/** What a terminal shows of a line rewritten with carriage returns: its last version. */
function overwritten(line: string): string {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  const at = text.lastIndexOf('\r');
  return at < 0 ? text : text.slice(at + 1);
}
