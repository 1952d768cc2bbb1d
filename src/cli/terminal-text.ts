import { CONTROLS, SEQUENCES } from '../core/control-text.js';

/**
 * Text that may come from GitLab (its messages, job names, a job's log) made harmless for a
 * terminal: a control sequence could retitle the window, hide or rewrite earlier lines, or
 * write a link; a bare line break could print a line that looks like the tool's own.
 */

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
