import { UsageError } from './usage-error.js';
import { quoted } from '../core/errors.js';
import type { Command } from './command.js';
import { didYouMean } from './did-you-mean.js';
import { followCommand } from './commands/follow.js';
import { runCommand } from './commands/run.js';
import { tokensCommands } from './commands/tokens.js';
import { PROGRAM } from './help.js';

/** Every subcommand. A new one is a module in commands/ and a line here. */
export const COMMANDS: readonly Command[] = [runCommand, followCommand, ...tokensCommands];

/** Command names that only group others: `tokens`. */
const GROUPS = new Set(
  COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]),
);

export interface Found {
  /** Undefined for a group named alone (`tokens`, `tokens --help`). */
  readonly command?: Command;
  /** How many words of the command line the name took. */
  readonly words: number;
}

/** The command the first words name; undefined when they name none. */
export function findCommand(first: string, second: string | undefined): Found | undefined {
  const single = COMMANDS.find((c) => c.name === first);
  if (single) return { command: single, words: 1 };
  if (!GROUPS.has(first)) return undefined;
  const sub = COMMANDS.find((c) => c.name === `${first} ${second}`);
  if (sub) return { command: sub, words: 2 };
  if (second === undefined || second.startsWith('-')) return { words: 1 };
  return undefined;
}

export function inGroup(group: string): Command[] {
  return COMMANDS.filter((c) => c.name.startsWith(`${group} `));
}

/** `list, get, create, …`: what follows the group's name. */
export function subcommandNames(group: string): string {
  return inGroup(group)
    .map((c) => c.name.slice(group.length + 1))
    .join(', ');
}

export function unknownCommand(first: string, second: string | undefined): UsageError {
  if (GROUPS.has(first)) {
    return new UsageError(
      'command',
      `Unknown command ${quoted(`${first} ${second ?? ''}`)}: '${first}' takes ${subcommandNames(first)}.${didYouMean(second ?? '', subcommandNames(first).split(', '), `${first} `)} Run '${PROGRAM} ${first} --help'.`,
    );
  }
  const known = [...new Set(COMMANDS.map((c) => c.name.split(' ')[0] ?? c.name))];
  return new UsageError(
    'command',
    `Unknown command ${quoted(first)}: the commands are ${known.join(', ')}.${didYouMean(first, known)} Run '${PROGRAM} --help'.`,
  );
}
