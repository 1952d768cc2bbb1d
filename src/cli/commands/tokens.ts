import { InputError, quoted } from '../../core/errors.js';
import { TRIGGER_TOKEN_EXPIRY_SINCE, releaseBefore } from '../../core/gitlab-release.js';
import { parseGitLabUrl } from '../../core/parse/gitlab-url.js';
import { parseProject } from '../../core/parse/project.js';
import { parseToken } from '../../core/parse/ref.js';
import { isShortened, TriggerTokens, type TriggerToken } from '../../core/trigger-tokens.js';
import type { Command, Context } from '../command.js';
import { connectTo, readConnection } from '../connection-options.js';
import {
  Env,
  GITLAB_URL_SETTING,
  resolveApiToken,
  resolveGitLabUrl,
  secret,
} from '../env-config.js';
import { ExitCode } from '../exit-codes.js';
import type { OptionSection } from '../options.js';
import type { ParsedArgs } from '../parsed-args.js';
import { tokenRecord, tokensTable } from '../tokens-view.js';

/**
 * `gitlab-trigger tokens list|get|create|update|delete`: the project's pipeline trigger
 * tokens, through the API with an access token (GITLAB_API_TOKEN), not a trigger token.
 */

const WHERE: OptionSection = {
  title: 'Where',
  options: ['project', 'gitlab-url', 'api-token-file', 'ca-cert', 'request-timeout'],
};
const OUTPUT: OptionSection = { title: 'Output', options: ['json', 'verbose', 'help'] };
const SHOWING: OptionSection = {
  title: 'Output',
  options: ['show-tokens', 'json', 'verbose', 'help'],
};

/**
 * A listed token as GitLab shortens other owners' tokens, unless --show-tokens: a table in a
 * CI log or a terminal recording should not carry working credentials by default.
 */
function shown<T extends TriggerToken>(token: T, args: ParsedArgs): T {
  return args.flag('show-tokens') || isShortened(token.token)
    ? token
    : { ...token, token: shorten(token.token) };
}
const TRIGGER_ID = {
  name: 'TRIGGER_ID',
  help: "the trigger token's id, as 'gitlab-trigger tokens list' shows it.",
};
const DETAILS = [
  'Needs an access token with the api scope whose user is a Maintainer of the project, from',
  'GITLAB_API_TOKEN or --api-token-file. GitLab shows a trigger token whole only to its owner;',
  'others see its first four characters, marked (shortened).',
].join('\n');

/** The project's trigger tokens, through a client for its instance. */
async function tokensOf(args: ParsedArgs, ctx: Context): Promise<TriggerTokens> {
  const { env, readFile } = ctx.io;
  const url = resolveGitLabUrl(args.string('gitlab-url'), env);
  const instance = parseGitLabUrl(url.value, url.source, `${Env.ApiToken} or --api-token-file`);
  const project = parseProject(args.string('project') ?? '', '--project', GITLAB_URL_SETTING);
  const api = secret(resolveApiToken(args.string('api-token-file'), env, readFile), ctx.redactor);
  const apiToken = parseToken(
    api.value,
    api.source,
    'a personal, group or project access token with the api scope',
  );
  const client = await connectTo(instance, readConnection(args), ctx);
  return new TriggerTokens({ client, project, apiToken, apiTokenName: api.source });
}

function triggerId(args: ParsedArgs): number {
  const text = args.positionals[0] ?? '';
  // An id past 2^53 would be sent as another number: JavaScript's numbers stop being exact there.
  if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new InputError(
      TRIGGER_ID.name,
      `is ${quoted(text)}, which is not a trigger token id`,
      "give the number 'gitlab-trigger tokens list' shows",
    );
  }
  return Number(text);
}

function text(args: ParsedArgs, option: 'description' | 'expires-at'): string | undefined {
  const value = args.string(option);
  if (value !== undefined && value.trim() === '') {
    const what =
      option === 'description'
        ? "give the token a description, such as 'GitHub: acme/app'"
        : 'give a date, or leave the option out for a token that does not expire';
    throw new InputError(`--${option}`, 'is empty', what);
  }
  return value;
}

const DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** `--expires-at`, a day that exists; a warning when it has passed already. */
function expiresAt(args: ParsedArgs, ctx: Context): string | undefined {
  const value = text(args, 'expires-at');
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const [, year, month, day, hour, minute, second] = DATE.exec(trimmed) ?? [];
  const [y = NaN, mo = NaN, d = NaN, h = 0, mi = 0, s = 0] = [
    year,
    month,
    day,
    hour,
    minute,
    second,
  ]
    .map(Number)
    .map((n, i) => (i > 2 && Number.isNaN(n) ? 0 : n));
  const calendar = new Date(Date.UTC(y, mo - 1, d));
  const exists =
    calendar.getUTCFullYear() === y &&
    calendar.getUTCMonth() === mo - 1 &&
    calendar.getUTCDate() === d &&
    h <= 23 &&
    mi <= 59 &&
    s <= 59;
  const ms = Date.parse(trimmed);
  if (!exists || Number.isNaN(ms)) {
    throw new InputError(
      '--expires-at',
      `is ${quoted(value)}, which is not ${year === undefined ? 'a date' : 'a date or time that exists'}`,
      'give one such as 2027-01-31, or an ISO 8601 time such as 2027-01-31T12:00:00Z',
    );
  }
  // A day alone lasts until its end; a time, until that instant.
  const until = hour === undefined ? Date.UTC(y, mo - 1, d + 1) : ms;
  if (until <= ctx.clock.now()) {
    ctx.out.warning(
      `--expires-at is ${trimmed}, which has passed: the token may not work at all. Give a later date, or leave --expires-at out for a token that does not expire.`,
    );
  }
  return trimmed;
}

export const tokensList: Command = {
  name: 'tokens list',
  summary: "List the project's pipeline trigger tokens.",
  usage: 'tokens list --project P [options]',
  details: DETAILS,
  sections: [WHERE, SHOWING],
  required: ['project'],
  examples: [
    '# A table of every trigger token of the project (all pages)',
    'gitlab-trigger tokens list --project acme/platform/deploy',
    '# The ids and descriptions, with jq',
    'gitlab-trigger tokens list --project 42 --json | jq -r \'.[] | "\\(.id) \\(.description)"\'',
  ],
  async execute(args, ctx) {
    const tokens = (await (await tokensOf(args, ctx)).list()).map((t) => shown(t, args));
    if (args.flag('json')) ctx.out.json(tokens);
    else if (tokens.length === 0) ctx.out.status('The project has no pipeline trigger tokens.');
    else ctx.out.result(tokensTable(tokens, ctx.clock.now()));
    return ExitCode.Success;
  },
};

export const tokensGet: Command = {
  name: 'tokens get',
  summary: 'Show one pipeline trigger token.',
  usage: 'tokens get TRIGGER_ID --project P [options]',
  details: DETAILS,
  sections: [WHERE, SHOWING],
  required: ['project'],
  positionals: [TRIGGER_ID],
  examples: [
    '# Trigger token #7 of the project',
    'gitlab-trigger tokens get 7 --project acme/deploy',
  ],
  async execute(args, ctx) {
    const id = triggerId(args);
    const token = shown(await (await tokensOf(args, ctx)).get(id), args);
    if (args.flag('json')) ctx.out.json(token);
    else ctx.out.result(tokenRecord(token, ctx.clock.now()));
    return ExitCode.Success;
  },
};

export const tokensCreate: Command = {
  name: 'tokens create',
  summary: "Create a pipeline trigger token, owned by the API token's user.",
  usage: 'tokens create --project P --description TEXT [--expires-at DATE] [options]',
  details: `${DETAILS}\nThe new token is printed whole on stdout: store it as a secret straight away.`,
  sections: [{ title: 'The token', options: ['description', 'expires-at'] }, WHERE, OUTPUT],
  required: ['project', 'description'],
  examples: [
    '# A token for a GitHub workflow, stored straight into a GitHub secret',
    "gitlab-trigger tokens create --project acme/deploy --description 'GitHub: acme/app' --json \\\n    | jq -r .token | gh secret set GITLAB_TRIGGER_TOKEN",
    '# One that stops working at the end of January',
    "gitlab-trigger tokens create --project 42 --description 'release 1.2' --expires-at 2027-01-31",
  ],
  async execute(args, ctx) {
    const description = text(args, 'description') ?? '';
    const expires = expiresAt(args, ctx);
    const tokens = await tokensOf(args, ctx);
    const version = expires === undefined ? undefined : await tokens.gitlabVersion();
    const token = await tokens.create(description, expires);
    ctx.out.success(
      `Created trigger token #${token.id}. Store it as a secret now (e.g. GITLAB_TRIGGER_TOKEN).`,
    );
    if (expires !== undefined) warnIfExpiryDropped(args, ctx, { expires, version, token });
    if (args.flag('json')) ctx.out.json(token);
    else ctx.out.result(tokenRecord(token, ctx.clock.now()));
    return ExitCode.Success;
  },
};

/**
 * GitLab before 17.0 has no trigger token expiry: it drops `expires_at` unread and the token
 * never expires. Said when the instance's version is older, or when the answer shows no
 * expiry although one was asked for (the version could not be read).
 */
function warnIfExpiryDropped(
  args: ParsedArgs,
  ctx: Context,
  asked: { expires: string; version: string | undefined; token: TriggerToken },
): void {
  const { expires, version, token } = asked;
  const older = releaseBefore(version, TRIGGER_TOKEN_EXPIRY_SINCE);
  if (!older && typeof token.expires_at === 'string') return;
  const who = older ? `GitLab ${version}` : 'This GitLab';
  const project = args.string('project') ?? '';
  ctx.out.warning(
    `${who} keeps no expiry for trigger tokens (GitLab ${TRIGGER_TOKEN_EXPIRY_SINCE} added it): --expires-at ${expires} was dropped and trigger token #${token.id} never expires. Delete it when it is no longer needed ('gitlab-trigger tokens delete ${token.id} --project ${project}'), or upgrade GitLab.`,
  );
}

export const tokensUpdate: Command = {
  name: 'tokens update',
  summary: "Change a pipeline trigger token's description.",
  usage: 'tokens update TRIGGER_ID --project P --description TEXT [options]',
  details: `${DETAILS}\nOnly the token's owner may change it.`,
  sections: [{ title: 'The token', options: ['description'] }, WHERE, SHOWING],
  required: ['project', 'description'],
  positionals: [TRIGGER_ID],
  examples: [
    '# Rename trigger token #7',
    "gitlab-trigger tokens update 7 --project acme/deploy --description 'GitHub: acme/app (prod)'",
  ],
  async execute(args, ctx) {
    const id = triggerId(args);
    const description = text(args, 'description') ?? '';
    const token = shown(await (await tokensOf(args, ctx)).update(id, description), args);
    ctx.out.success(`Updated trigger token #${token.id}.`);
    if (args.flag('json')) ctx.out.json(token);
    else ctx.out.result(tokenRecord(token, ctx.clock.now()));
    return ExitCode.Success;
  },
};

export const tokensDelete: Command = {
  name: 'tokens delete',
  summary: 'Delete a pipeline trigger token: pipelines can no longer be triggered with it.',
  usage: 'tokens delete TRIGGER_ID --project P [options]',
  details: DETAILS,
  sections: [WHERE, OUTPUT],
  required: ['project'],
  positionals: [TRIGGER_ID],
  examples: ['# Delete trigger token #7', 'gitlab-trigger tokens delete 7 --project acme/deploy'],
  async execute(args, ctx) {
    const id = triggerId(args);
    await (await tokensOf(args, ctx)).delete(id);
    ctx.out.success(`Deleted trigger token #${id}.`);
    if (args.flag('json')) ctx.out.json({ deleted: id });
    return ExitCode.Success;
  },
};

export const tokensCommands: readonly Command[] = [
  tokensList,
  tokensGet,
  tokensCreate,
  tokensUpdate,
  tokensDelete,
];

/** GitLab's own shortened form: the prefix and the first four characters after it. */
function shorten(token: string): string {
  const prefix = /^glptt-/.exec(token)?.[0] ?? '';
  return `${prefix}${token.slice(prefix.length, prefix.length + 4)}`;
}
