/**
 * Control sequences and characters, as a job's log may carry them: a live log keeps only the
 * colours. The sequences are those the command line strips from all of GitLab's text
 * (src/cli/terminal-text.ts), written again here: the command line's chunk and the results'
 * chunk of dist/ may not share a module, and __tests__/live-logs/live-log-text.test.ts checks
 * that both strip the same.
 */

/* eslint-disable no-control-regex */
/** Every control sequence: CSI, OSC/DCS/SOS/PM/APC up to their end, any other escape. */
export const SEQUENCES = new RegExp(
  [
    // CSI: ESC [ (or the 8-bit CSI), parameters, intermediates, a final byte.
    '(?:\\u001b\\[|\\u009b)[\\u0030-\\u003f]*[\\u0020-\\u002f]*[\\u0040-\\u007e]?',
    // OSC, DCS, SOS, PM, APC: up to BEL or ST (ESC \\ or the 8-bit ST), or the end of the text.
    '(?:\\u001b[\\]PX^_]|[\\u0090\\u0098\\u009d\\u009e\\u009f])[^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u001b\\\\|\\u009c)?',
    // Any other escape: ESC, intermediates, a final byte.
    '\\u001b[\\u0020-\\u002f]*[\\u0030-\\u007e]?',
  ].join('|'),
  'g',
);
/**
 * C0 and C1 controls but tab and line feed, and DEL; and Unicode's bidirectional controls,
 * which could show a job named `build\u202eliaf` as `buildfail` read backwards.
 */
export const CONTROLS =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** A colour or text style (SGR): the one sequence a log reader's screen may keep. */
export const COLOUR = /\u001b\[[0-9;:]{0,32}m/g;
/* eslint-enable no-control-regex */

/** The text without any control sequence or character but tab and line feed. */
export function withoutControls(text: string): string {
  return text.replace(SEQUENCES, '').replace(CONTROLS, '');
}

/** The text with its colours (SGR sequences) kept and every other control removed. */
export function colourOnly(text: string): string {
  let out = '';
  let from = 0;
  for (const match of text.matchAll(COLOUR)) {
    out += withoutControls(text.slice(from, match.index)) + match[0];
    from = match.index + match[0].length;
  }
  return out + withoutControls(text.slice(from));
}

/** The text without its colours. */
export function withoutColours(text: string): string {
  return text.replace(COLOUR, '');
}
