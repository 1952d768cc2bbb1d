import { randomUUID } from 'node:crypto';
import type { Logger } from '../core/logger.js';
import { jsonText } from '../core/gitlab-answer.js';
import type { Redactor } from '../core/redact.js';
import type { Io } from './io.js';
import { oneMessage, plainText } from './terminal-text.js';

const STYLES = {
  red: ['\u001b[31m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
  green: ['\u001b[32m', '\u001b[39m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  bold: ['\u001b[1m', '\u001b[22m'],
} as const;
type Style = keyof typeof STYLES;

/** Colour only for a person at a terminal who has not asked for none (https://no-color.org). */
export function wantsColor(io: Pick<Io, 'env' | 'stderrIsTTY'>): boolean {
  return io.stderrIsTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
}

/**
 * Where the command writes. Results go to stdout, everything a person reads while it runs
 * (progress, warnings, errors) to stderr, so `--json` output can be piped. Every line is
 * cleaned of terminal control sequences (GitLab's words and job logs may carry them) and
 * passes the redactor on its way out, whatever produced it; the tool's own colours are
 * added after that.
 */
export class Output {
  /** Print the core's debug lines (each request) to stderr. */
  verbose = false;
  private readonly color: boolean;
  /**
   * In a GitHub Actions `run:` step the runner reads workflow commands from both streams: a
   * `::` line or the older `##[…]` form anywhere in GitLab's text would act.
   */
  private readonly underGitHubRunner: boolean;

  constructor(
    private readonly io: Io,
    private readonly redactor: Redactor,
  ) {
    this.color = wantsColor(io);
    this.underGitHubRunner = io.env.GITHUB_ACTIONS === 'true';
  }

  /** A result line on stdout (a table of tokens may hold GitLab's text: fenced as on stderr). */
  result(text: string): void {
    this.io.writeOut(this.fenced(this.redactor.redact(plainText(text))));
  }

  /**
   * A value as JSON on stdout. JSON escapes C0 controls itself; DEL, the C1 controls and the
   * bidirectional controls are escaped too, so the value reaches `jq` whole and the terminal
   * harmless.
   */
  json(value: unknown): void {
    const text = jsonText(value, 2)
      .replace(
        /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      )
      // `##[` only occurs inside strings; escaped, it is the same JSON and no runner command.
      .replace(/##\[/g, '##\\u005b');
    // Never fenced: the JSON goes to files and jq, and holds no command once escaped.
    this.io.writeOut(`${this.redactor.redact(plainText(text))}\n`);
  }

  status(text: string): void {
    this.err(text);
  }

  success(text: string): void {
    this.err(text, 'green');
  }

  warning(text: string): void {
    this.err(`warning: ${text}`, 'yellow');
  }

  error(text: string): void {
    this.err(`error: ${text}`, 'red');
  }

  /** A line after an error that says where to read more. */
  hint(text: string): void {
    this.err(text, 'dim');
  }

  debug(text: string): void {
    if (this.verbose) this.err(text, 'dim');
  }

  /** The core's logger, writing here. */
  logger(): Logger {
    return {
      info: (m) => this.status(m),
      warning: (m) => this.warning(m),
      debug: (m) => this.debug(m),
    };
  }

  private err(text: string, style?: Style): void {
    const clean = this.redactor.redact(oneMessage(text));
    const [on, off] = style && this.color ? STYLES[style] : ['', ''];
    this.io.writeErr(this.fenced(`${on}${clean}${off}`));
  }

  /**
   * The line, fenced with the runner's stop-commands (which hold for both forms of command)
   * when it runs in a GitHub Actions step and holds one.
   */
  private fenced(line: string): string {
    if (!this.underGitHubRunner || !/::|##\[/.test(line)) return `${line}\n`;
    const fence = `gitlab-text-${randomUUID()}`;
    return `::stop-commands::${fence}\n${line}\n::${fence}::\n`;
  }
}
