/**
 * Text that may come from GitLab (its messages, job names, a job's log) made harmless for a
 * terminal: a control sequence could retitle the window, hide or rewrite earlier lines, or
 * write a link; a bare line break could print a line that looks like the tool's own.
 */

/* eslint-disable no-control-regex */
const SEQUENCES = new RegExp(
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
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

/**
 * The text without control sequences or control characters; tabs and line breaks kept
 * (a carriage return or a Unicode line separator read as a line break).
 */
export function plainText(text: string): string {
  return text
    .replace(SEQUENCES, '')
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(CONTROLS, '');
}

/**
 * One message, however many lines it has: every line after the first starts with white
 * space, so no line inside it can pass for one the tool printed (`error: …`, `Pipeline #5 …`).
 */
export function oneMessage(text: string): string {
  return plainText(text).replace(/\n(?=[^\s])/g, '\n  ');
}
