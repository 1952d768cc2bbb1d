/**
 * The runner's side of a JavaScript action, as GitHub documents it ("Workflow commands"):
 * inputs from `INPUT_*`, outputs, state and the job summary appended to the files the runner
 * names, and `::command::` lines on stdout.
 *
 * Written here rather than taken from @actions/core because that package loads an HTTP
 * client (for OIDC tokens) at import, which tripled the action's start-up time; this module
 * loads nothing. __tests__/runner.test.ts checks it writes what @actions/core writes.
 *
 * One Runner holds the redactor: every line, output and summary it writes passes through it,
 * so no secret the action learns can reach the log, an output or the summary.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import type { LogPiece } from '../core/follow/watchers/live-log-text.js';
import type { Logger } from '../core/logger.js';
import { Redactor } from '../core/redact.js';

/** Where the runner protocol reads and writes: the process in real use, a stand-in in tests. */
export interface RunnerIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A line to the step's log (stdout). */
  write(text: string): void;
  /** Appends to a file the runner named (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY). */
  append(path: string, text: string): void;
}

export const processIo: RunnerIo = {
  get env() {
    return process.env;
  },
  write: (text) => void process.stdout.write(text),
  append: (path, text) => appendFileSync(path, text, 'utf8'),
};

export interface InputOptions {
  /** Trim surrounding white space, as @actions/core does by default. */
  readonly trimWhitespace?: boolean;
}

/** Annotation properties; `title` shows above the message on the run page. */
export type AnnotationProperties = {
  readonly title?: string;
  /** A file in the repository, so GitHub shows the annotation on the diff. */
  readonly file?: string;
  readonly line?: number;
};

export class Runner {
  /** 1 once the step has failed; the entry point hands it to the process. */
  exitCode = 0;

  constructor(
    private readonly io: RunnerIo = processIo,
    readonly redactor: Redactor = new Redactor(),
  ) {}

  /** The step's environment (GITHUB_SHA, GITHUB_EVENT_PATH, …). */
  get env(): Readonly<Record<string, string | undefined>> {
    return this.io.env;
  }

  /** An input's value; empty when the workflow gave none and action.yml has no default. */
  getInput(name: string, options: InputOptions = {}): string {
    const value = this.io.env[inputVariable(name)] ?? '';
    return options.trimWhitespace === false ? value : value.trim();
  }

  /**
   * Whether the input was set at all. The runner sets every input action.yml gives a default
   * for, so a blank one was given blank (`${{ vars.X }}` of a variable that is not defined).
   */
  hasInput(name: string): boolean {
    return this.io.env[inputVariable(name)] !== undefined;
  }

  /** The value a main step saved for the post step. */
  getState(name: string): string {
    return this.io.env[`STATE_${name}`] ?? '';
  }

  setOutput(name: string, value: string): void {
    const clean = this.redactor.redact(value);
    if (!this.appendKeyValue('GITHUB_OUTPUT', name, clean))
      this.issue('set-output', clean, { name });
  }

  /** Saves a value for the post step, through the redactor as everything else this writes. */
  saveState(name: string, value: string): void {
    const clean = this.redactor.redact(value);
    if (!this.appendKeyValue('GITHUB_STATE', name, clean))
      this.issue('save-state', clean, { name });
  }

  /** Masks the value in every later line of the log, and keeps it out of all this runner writes. */
  setSecret(value: string): void {
    this.redactor.add(value);
    this.issue('add-mask', value);
  }

  /**
   * A plain log line. Text from GitLab (a job name, a log tail) could hold a workflow command:
   * a line that starts with `::` (`::add-mask::`, `::set-output`), or the older form the runner
   * still reads anywhere in a line (`##[set-output name=x;]`, `##[stop-commands]`). Such a
   * message is fenced with the runner's stop-commands, which hold for both forms, so the
   * runner prints it and acts on none of it. Any `::` counts, not only at a line's start: the
   * runner trims whitespace JavaScript does not call whitespace (U+0085), and a fence costs
   * nothing but two lines.
   */
  info(message: string): void {
    const clean = this.redactor.redact(message);
    if (!/::|##\[/.test(clean)) return this.io.write(clean + EOL);
    const fence = `gitlab-text-${randomUUID()}`;
    this.io.write(`::stop-commands::${fence}${EOL}${clean}${EOL}::${fence}::${EOL}`);
  }

  debug(message: string): void {
    this.issue('debug', this.redactor.redact(message));
  }

  warning(message: string, properties: AnnotationProperties = {}): void {
    this.issue('warning', visible(this.redactor.redact(message)), this.clean(properties));
  }

  error(message: string, properties: AnnotationProperties = {}): void {
    this.issue('error', visible(this.redactor.redact(message)), this.clean(properties));
  }

  notice(message: string, properties: AnnotationProperties = {}): void {
    this.issue('notice', visible(this.redactor.redact(message)), this.clean(properties));
  }

  /** Fails the step: an error annotation and exit status 1. */
  setFailed(message: string): void {
    this.exitCode = 1;
    this.error(message);
  }

  /**
   * Lines of a job's log, followed live: GitLab's text, so fenced whole with stop-commands
   * (no line in it acts, whatever it prints: `::add-mask::`, `##[set-output]`); the fence is
   * closed around each group the log's sections become, so that the group commands act, and
   * opened again after with a new token. Colours are kept: the log page renders them.
   */
  logLines(pieces: readonly LogPiece[]): void {
    let fence: string | undefined;
    const close = (): void => {
      if (fence) this.io.write(`::${fence}::${EOL}`);
      fence = undefined;
    };
    for (const piece of pieces) {
      if (piece.kind === 'lines') {
        if (!fence) {
          fence = `gitlab-log-${randomUUID()}`;
          this.io.write(`::stop-commands::${fence}${EOL}`);
        }
        this.io.write(this.redactor.redact(piece.text).replace(/\n/g, EOL));
        continue;
      }
      close();
      if (piece.kind === 'group') this.startGroup(piece.title);
      else this.endGroup();
    }
    close();
  }

  startGroup(name: string): void {
    this.issue('group', this.redactor.redact(name));
  }

  endGroup(): void {
    this.issue('endgroup', '');
  }

  /** Appends markdown to the job summary; false when the runner gave no summary file. */
  appendSummary(markdown: string): boolean {
    const file = this.io.env.GITHUB_STEP_SUMMARY;
    if (!file) return false;
    this.io.append(file, this.redactor.redact(markdown) + EOL);
    return true;
  }

  /** The runner's log as the core's logger. */
  logger(): Logger {
    return {
      info: (m) => this.info(m),
      warning: (m) => this.warning(m),
      debug: (m) => this.debug(m),
    };
  }

  private clean(properties: AnnotationProperties): Record<string, string | undefined> {
    return {
      title: properties.title && visible(this.redactor.redact(properties.title)),
      file: properties.file,
      line: properties.line === undefined ? undefined : String(properties.line),
    };
  }

  private appendKeyValue(variable: string, name: string, value: string): boolean {
    const file = this.io.env[variable];
    if (!file) return false;
    const delimiter = `ghadelimiter_${randomUUID()}`;
    // A value holding the delimiter would end the value early; a random one never occurs.
    this.io.append(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`);
    return true;
  }

  private issue(
    command: string,
    message: string,
    properties: { readonly [key: string]: string | undefined } = {},
  ): void {
    const props = Object.entries(properties)
      .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
      .map(([key, value]) => `${key}=${escapeProperty(value)}`)
      .join(',');
    this.io.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
  }
}

/**
 * An annotation's text as the page shows it: a job name or a message from GitLab may carry
 * Unicode's bidirectional controls (`build\u202eliaf` read as `buildfail`) or other control
 * characters, which are written as visible escapes; line feeds, carriage returns and tabs stay.
 */
function visible(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The variable the runner sets for an input, as @actions/core reads it. */
function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
