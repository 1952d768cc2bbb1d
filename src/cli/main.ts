import { systemClock, type Clock } from '../core/clock.js';
import { GitLabError, InputError, NetworkError } from '../core/errors.js';
import { Redactor } from '../core/redact.js';
import type { Command, Context } from './command.js';
import type { Io } from './io.js';
import { environmentSecrets } from './env-config.js';
import { ExitCode } from './exit-codes.js';
import { commandHelp, groupHelp, programHelp, PROGRAM, versionText } from './help.js';
import { Output } from './output.js';
import { parseCommandLine } from './parse-args.js';
import { COMMANDS, findCommand, inGroup, subcommandNames, unknownCommand } from './registry.js';
import { UsageError } from './usage-error.js';

/**
 * The command line: finds the command, reads its options, runs it, and turns whatever it
 * throws into one line on stderr and an exit code. Nothing below decides how the process ends.
 */
export async function main(
  argv: readonly string[],
  io: Io,
  clock: Clock = systemClock,
): Promise<ExitCode> {
  const redactor = new Redactor();
  for (const token of environmentSecrets(io.env)) redactor.add(token);
  const out = new Output(io, redactor);
  let command: Command | undefined;
  try {
    const [first, second] = argv;
    if (first === undefined) {
      out.error('No command given.');
      out.hint(`Run '${PROGRAM} --help' for the commands.`);
      return ExitCode.Usage;
    }
    if (first === '--version' || first === '-V') {
      out.result(versionText());
      return ExitCode.Success;
    }
    if (first === '--help' || first === '-h') {
      out.result(programHelp(COMMANDS));
      return ExitCode.Success;
    }
    if (first === 'help') return help(argv.slice(1), out);

    const found = findCommand(first, second);
    if (!found) throw unknownCommand(first, second);
    command = found.command;
    if (!command) return group(first, second, out);
    const args = parseCommandLine(command, argv.slice(found.words));
    if (args.flag('help')) {
      out.result(commandHelp(command));
      return ExitCode.Success;
    }
    out.verbose = args.flag('verbose');
    const ctx: Context = { io, out, redactor, clock };
    return await command.execute(args, ctx);
  } catch (error) {
    return report(error, out, command);
  }
}

/** `gitlab-trigger tokens` alone asks for a subcommand; with --help it lists them. */
function group(name: string, next: string | undefined, out: Output): ExitCode {
  if (next === '--help' || next === '-h') {
    out.result(groupHelp(name, inGroup(name)));
    return ExitCode.Success;
  }
  out.error(`'${PROGRAM} ${name}' needs a command: ${subcommandNames(name)}.`);
  out.hint(`Run '${PROGRAM} ${name} --help' for them.`);
  return ExitCode.Usage;
}

/** `gitlab-trigger help [COMMAND…]`. */
function help(words: readonly string[], out: Output): ExitCode {
  const [first, second] = words;
  if (first === undefined) {
    out.result(programHelp(COMMANDS));
    return ExitCode.Success;
  }
  const found = findCommand(first, second);
  if (!found) throw unknownCommand(first, second);
  out.result(found.command ? commandHelp(found.command) : groupHelp(first, inGroup(first)));
  return ExitCode.Success;
}

/** One line on stderr for what went wrong, and the exit code that says which kind it was. */
function report(error: unknown, out: Output, command: Command | undefined): ExitCode {
  if (error instanceof InputError || error instanceof UsageError) {
    out.error(error.message);
    if (command && !/--help'/.test(error.message)) {
      out.hint(`Run '${PROGRAM} ${command.name} --help' for the options.`);
    }
    return ExitCode.Usage;
  }
  if (error instanceof GitLabError || error instanceof NetworkError) {
    out.error(error.message);
    return ExitCode.Refused;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  out.error(`Unexpected failure, please report it: ${text}`);
  return ExitCode.Internal;
}
