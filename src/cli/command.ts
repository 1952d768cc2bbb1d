import type { Clock } from '../core/clock.js';
import type { Redactor } from '../core/redact.js';
import type { ExitCode } from './exit-codes.js';
import type { OptionName, OptionSection } from './options.js';
import type { Output } from './output.js';
import type { Io } from './io.js';
import type { ParsedArgs } from './parsed-args.js';

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
