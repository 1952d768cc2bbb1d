import { VERSION } from '../core/version.js';
import type { Command } from './command.js';
import { Env } from './env-config.js';
import { ExitCode } from './exit-codes.js';
import { OPTIONS, optionUsage, type OptionSpec } from './options.js';

/** The help texts, built from the commands and the options table so they cannot drift. */

export const PROGRAM = 'gitlab-trigger';

const ENVIRONMENT: ReadonlyArray<[string, string]> = [
  [Env.GitLabUrl, 'The GitLab instance. Default: https://gitlab.com.'],
  [Env.TriggerToken, 'The pipeline trigger token (glptt-…) for run.'],
  [
    Env.ApiToken,
    'An access token: read by run --wait to follow the pipeline (read_api is enough; api to cancel it or play manual jobs), and by tokens (api scope, Maintainer of the project).',
  ],
  [
    `${Env.CiApiUrl}, ${Env.CiJobToken}`,
    `Inside a GitLab CI job (${Env.GitLabCi}=true): the instance, and for that instance the trigger token and, with run --wait, the token that reads the pipeline, when the ones above are unset.`,
  ],
  [
    'HTTPS_PROXY, HTTP_PROXY',
    'The proxy for the requests (HTTPS_PROXY first, as curl reads them; lower case too).',
  ],
  ['NO_PROXY', 'Hosts reached without the proxy, separated by commas.'],
  [
    'NODE_EXTRA_CA_CERTS',
    'A PEM file with the CA of an instance whose certificate Node does not trust.',
  ],
  ['NO_COLOR', 'Set to anything to print no colour.'],
];

const EXIT_CODES: ReadonlyArray<[number, string]> = [
  [ExitCode.Success, 'Done.'],
  [
    ExitCode.PipelineDidNotPass,
    'Waiting: the pipeline did not pass, waits on a manual job, or --timeout ran out.',
  ],
  [ExitCode.Usage, 'The command line or a setting is unusable; nothing was sent.'],
  [ExitCode.Refused, 'GitLab refused the request, or the network did not carry it.'],
  [ExitCode.Internal, 'An unexpected error inside the tool (a bug: please report it).'],
  [ExitCode.Interrupted, 'Interrupted (Ctrl-C, SIGTERM) while waiting.'],
];

export function versionText(): string {
  return `${PROGRAM} ${VERSION}`;
}

/** `gitlab-trigger --help`. */
export function programHelp(commands: readonly Command[]): string {
  return [
    `${PROGRAM} ${VERSION}: trigger GitLab pipelines and manage pipeline trigger tokens.`,
    '',
    'Usage:',
    ...commands.map((c) => `  ${PROGRAM} ${c.usage}`),
    `  ${PROGRAM} help [COMMAND]`,
    `  ${PROGRAM} --version`,
    '',
    'Commands:',
    ...table(commands.map((c) => [c.name, c.summary])),
    '',
    'Tokens are read from the environment or a file, never from an option: a command line',
    'ends up in shell history.',
    '',
    'Short options:',
    ...table([[shortOptions(), '']]),
    '',
    'Environment:',
    ...table(ENVIRONMENT),
    '',
    'Exit codes:',
    ...table(EXIT_CODES.map(([code, text]) => [String(code), text])),
    '',
    'Examples:',
    ...examples(commands.flatMap((c) => c.examples.slice(0, 2))),
    '',
    `Run '${PROGRAM} COMMAND --help' for a command's options.`,
  ].join('\n');
}

/**
 * `-p --project, -r --ref, …`: the one-letter forms, read from the options table. They are
 * for what a run needs most (what to run, waiting); the rest are spelt out, as in glab.
 */
export function shortOptions(): string {
  return Object.entries(OPTIONS as Record<string, OptionSpec>)
    .filter(([, spec]) => spec.short)
    .map(([name, spec]) => `-${spec.short} --${name}`)
    .join(', ');
}

/** `gitlab-trigger tokens --help`: the group's commands. */
export function groupHelp(group: string, commands: readonly Command[]): string {
  return [
    'Usage:',
    ...commands.map((c) => `  ${PROGRAM} ${c.usage}`),
    '',
    'Commands:',
    ...table(commands.map((c) => [c.name, c.summary])),
    '',
    `Run '${PROGRAM} ${group} COMMAND --help' for a command's options.`,
  ].join('\n');
}

/** `gitlab-trigger run --help`. */
export function commandHelp(command: Command): string {
  const lines = [`Usage: ${PROGRAM} ${command.usage}`, '', command.summary];
  if (command.details) lines.push('', command.details);
  for (const p of command.positionals ?? []) {
    lines.push('', 'Arguments:', ...table([[p.name, p.help]]));
  }
  for (const section of command.sections) {
    lines.push(
      '',
      `${section.title}:`,
      ...table(
        section.options.map((name) => {
          const spec: OptionSpec = OPTIONS[name];
          const flag = spec.short ? `-${spec.short}, ${optionUsage(name)}` : optionUsage(name);
          const required = command.required?.includes(name) ? ' Required.' : '';
          return [flag, `${spec.help}${required}`];
        }),
      ),
    );
  }
  lines.push('', 'Examples:', ...examples(command.examples));
  return lines.join('\n');
}

const WIDTH = 100;
const MAX_LEFT = 24;

/** Two columns; the right one wrapped at word boundaries, under a left one too long to share its line. */
function table(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.min(MAX_LEFT, Math.max(...rows.map(([left]) => left.length)));
  const indent = ' '.repeat(width + 4);
  return rows.flatMap(([left, right]) => {
    const lines = wrap(right, WIDTH - indent.length);
    const first =
      left.length <= width ? `  ${left.padEnd(width)}  ${lines.shift() ?? ''}` : `  ${left}`;
    return [first.trimEnd(), ...lines.map((line) => indent + line)];
  });
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function examples(lines: readonly string[]): string[] {
  return lines.map((line) => `  ${line}`);
}
