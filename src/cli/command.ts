import type { Clock } from '../core/clock.js';
import type { Redactor } from '../core/redact.js';
import type { ExitCode } from './exit-codes.js';
import type { OptionName, OptionSection } from './options.js';
import type { Output } from './output.js';
import type { ParsedArgs } from './parse-args.js';

/** What a command reads from and writes to: the process in real use, a stand-in in tests. */
export interface Io {
  readonly env: NodeJS.ProcessEnv;
  /** True when stderr is a terminal: only then are lines coloured. */
  readonly stderrIsTTY: boolean;
  writeOut(text: string): void;
  writeErr(text: string): void;
  /** A file's text; `-` reads stdin. Throws the file system's error. */
  readFile(path: string): string;
}

/** Everything a command gets besides its arguments. */
export interface Context {
  readonly io: Io;
  readonly out: Output;
  /** Every token the command reads is added here before it is used. */
  readonly redactor: Redactor;
  readonly clock: Clock;
}

export interface Positional {
  readonly name: string;
  readonly help: string;
}

/** One subcommand: what it takes, how its help reads, and what it does. */
export interface Command {
  /** As typed after `gitlab-trigger`: `run`, `tokens list`. */
  readonly name: string;
  /** One line, for the command list. */
  readonly summary: string;
  /** Usage after the program's name: `run --project P --ref R [options]`. */
  readonly usage: string;
  /** A paragraph or two for the command's help. */
  readonly details?: string;
  readonly sections: readonly OptionSection[];
  /** Options that must be given; refused before anything else is read. */
  readonly required?: readonly OptionName[];
  /** Arguments that must be given, in order. */
  readonly positionals?: readonly Positional[];
  /** Command lines shown in the help, each with a comment line starting with `#` above it. */
  readonly examples: readonly string[];
  execute(args: ParsedArgs, ctx: Context): Promise<ExitCode>;
}
