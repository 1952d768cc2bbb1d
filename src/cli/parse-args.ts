import { UsageError } from './usage-error.js';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import type { Command } from './command.js';
import { didYouMean } from './did-you-mean.js';
import { ParsedArgs, type Values } from './parsed-args.js';
import { OPTIONS, optionUsage, type OptionName, type OptionSpec } from './options.js';

/** Options that people try because other tools have them; a token there lands in shell history. */
const TOKEN_FLAGS = /^--?(token|trigger-token|api-token|private-token|job-token)$/;

/** Every option a command takes, from its sections. */
export function optionsOf(command: Command): OptionName[] {
  return [...new Set(command.sections.flatMap((s) => s.options))];
}

/**
 * Reads `args` (what follows the command's name) against the command's options. Throws an
 * UsageError naming the option for anything mistyped; `--help` skips the other checks.
 */
export function parseCommandLine(command: Command, args: readonly string[]): ParsedArgs {
  const names = optionsOf(command);
  const config: ParseArgsOptionsConfig = {};
  for (const name of names) {
    const spec: OptionSpec = OPTIONS[name];
    config[name] = { type: spec.type, multiple: spec.multiple ?? false };
    if (spec.short) config[name].short = spec.short;
  }
  const see = `See 'gitlab-trigger ${command.name} --help'.`;
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: config,
      strict: true,
      allowPositionals: true,
      tokens: true,
    });
  } catch (error) {
    throw explain(error, command, see);
  }
  const result = new ParsedArgs(parsed.values as Values, parsed.positionals);
  if (result.flag('help')) return result;

  for (const name of names) {
    const given = parsed.tokens.filter((t) => t.kind === 'option' && t.name === name).length;
    const spec: OptionSpec = OPTIONS[name];
    if (given > 1 && !spec.multiple) {
      throw new UsageError(`--${name}`, `--${name} is given ${given} times; give it once.`);
    }
  }
  for (const name of command.required ?? []) {
    if (result.string(name) === undefined) {
      throw new UsageError(
        `--${name}`,
        `${optionUsage(name)} is missing. ${OPTIONS[name].help} ${see}`,
      );
    }
  }
  const expected = command.positionals ?? [];
  const [missing] = expected.slice(parsed.positionals.length);
  if (missing) {
    throw new UsageError(missing.name, `${missing.name} is missing: ${missing.help} ${see}`);
  }
  const extra = parsed.positionals[expected.length];
  if (extra !== undefined) {
    throw new UsageError(
      command.name,
      `Unexpected argument '${shorten(extra)}': 'gitlab-trigger ${command.name}' takes ${expected.length ? expected.map((p) => p.name).join(' ') : 'no arguments besides options'}. ${see}`,
    );
  }
  return result;
}

/** Rewrites parseArgs' errors, which suggest `--`, into what to do here. */
function explain(error: unknown, command: Command, see: string): unknown {
  const code = (error as { code?: string }).code;
  // Not `instanceof Error`: Node's own errors come from another realm under a test runner's VM.
  const message = String((error as { message?: unknown } | null)?.message ?? '');
  // Node names an option with a short form `'-r, --ref <value>'`: the long one is kept.
  const option = /'(?:-[^-' ], )?(-[^' ]+)/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      if (TOKEN_FLAGS.test(option)) {
        return new UsageError(
          option,
          `There is no ${option} option: a token on the command line ends up in shell history. Set ${/api|private/.test(option) ? 'GITLAB_API_TOKEN, or give --api-token-file FILE' : 'GITLAB_TRIGGER_TOKEN, or give --token-file FILE'}.`,
        );
      }
      return new UsageError(
        option,
        `Unknown option ${option} for 'gitlab-trigger ${command.name}'.${suggestion(option, command)} ${see}`,
      );
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = option.replace(/^--/, '') as OptionName;
      const usage = name in OPTIONS ? optionUsage(name) : option;
      if (/does not take an argument/.test(message)) {
        return new UsageError(option, `${option} takes no value. ${see}`);
      }
      if (/ambiguous/.test(message)) {
        return new UsageError(
          option,
          `${option} is followed by an option instead of its value: write ${usage}, or ${option}=VALUE for a value that starts with '-'.`,
        );
      }
      return new UsageError(option, `${option} needs a value: write ${usage}. ${see}`);
    }
    default:
      return error;
  }
}

/** ` Did you mean --project?` for `--prject`, or `-p` for `-P`; nothing when none is near. */
function suggestion(option: string, command: Command): string {
  const names = optionsOf(command);
  if (/^-[^-]$/.test(option)) {
    const shorts = names.flatMap((name) => {
      const short = (OPTIONS[name] as OptionSpec).short;
      return short && short.toLowerCase() === option[1]?.toLowerCase() ? [`-${short}`] : [];
    });
    return shorts.length ? ` Did you mean ${shorts[0]}?` : '';
  }
  return didYouMean(option.replace(/^--?/, ''), names, '--');
}

/** An argument quoted back without giving away much of it, in case it is a misplaced token. */
function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 10)}…` : text;
}
