import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitLabError, InputError, quoted } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Git, GitResult } from './git.js';
import { pushConfig } from './git-auth.js';
import { OWNED_PREFIX, type PushNames, type PushSettings } from './push-settings.js';

/** How far a shallow checkout is deepened before each new try; then it is unshallowed. */
export const DEEPEN_STEPS: readonly number[] = [50, 1000];

/** What was pushed. */
export interface Pushed {
  /** The commit, full sha. */
  readonly sha: string;
  readonly branch: string;
  /** What the branch held before, when git said (undefined for a new branch). */
  readonly before?: string;
}

export interface PushOptions {
  readonly git: Git;
  readonly logger: Logger;
  readonly names: PushNames;
  readonly signal?: AbortSignal;
}

/**
 * Pushes the checkout's HEAD (a branch or a detached commit, as a pull request's checkout is)
 * to the branch on GitLab, with the push option ci.skip so that GitLab starts no pipeline of
 * its own for it. A shallow checkout that GitLab refuses is deepened from its own remote and
 * pushed again. Any other refusal is one line saying why and what to do.
 */
export async function pushCommit(settings: PushSettings, options: PushOptions): Promise<Pushed> {
  const sha = await checkedOutCommit(settings, options);
  return withCaFile(settings, (ca) => pushChecked(settings, sha, ca, options));
}

/**
 * Runs `work` with the CA certificates of ca_cert in a file git can read (they are public;
 * git takes a CA only from a file), removed afterwards.
 */
async function withCaFile<T>(
  settings: PushSettings,
  work: (caFile?: string) => Promise<T>,
): Promise<T> {
  if (!settings.caCerts?.length) return work();
  const dir = mkdtempSync(join(tmpdir(), 'gitlab-ca-'));
  try {
    const file = join(dir, 'ca.pem');
    writeFileSync(file, settings.caCerts.join('\n'));
    return await work(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pushChecked(
  settings: PushSettings,
  sha: string,
  caFile: string | undefined,
  options: PushOptions,
): Promise<Pushed> {
  const { logger } = options;
  logger.info(
    `Pushing commit ${sha} to branch '${settings.branch}' of ${settings.remoteUrl}${settings.force ? ` (a branch under ${OWNED_PREFIX}: replaced whatever it held)` : ''}`,
  );
  let result = await push(settings, sha, caFile, options);
  for (const depth of [...DEEPEN_STEPS, 0]) {
    if (!/shallow update not allowed/.test(result.stderr + result.stdout)) break;
    await deepen(settings, sha, depth, options);
    result = await push(settings, sha, caFile, options);
  }
  if (result.code !== 0) throw refusal(result, settings, sha, options.names);
  const before = /\t(?<before>[0-9a-f]{7,64})\.\.\.?[0-9a-f]{7,64}$/m.exec(result.stdout)?.groups
    ?.before;
  logger.info(
    `Pushed ${sha.slice(0, 12)} to '${settings.branch}'${before ? ` (it held ${before})` : ' (a new branch)'}`,
  );
  return { sha, branch: settings.branch, before };
}

/**
 * Deletes the branch pushed earlier, only while it still holds the pushed commit: someone
 * else's later push to it is left alone.
 */
export async function deletePushed(
  settings: PushSettings,
  pushed: Pushed,
  options: PushOptions,
): Promise<void> {
  const ref = `refs/heads/${pushed.branch}`;
  const run = (caFile?: string) =>
    options.git.run({
      args: [
        'push',
        '--porcelain',
        '-o',
        'ci.skip',
        `--force-with-lease=${ref}:${pushed.sha}`,
        settings.remoteUrl,
        `:${ref}`,
      ],
      cwd: settings.workspace,
      env: pushConfig(settings.remoteUrl, settings.token, caFile),
      signal: options.signal,
    });
  const result = await withCaFile(settings, run);
  if (result.code === 0)
    options.logger.info(
      `Deleted branch '${pushed.branch}' from GitLab; its pipeline keeps its own ref.`,
    );
  else
    options.logger.warning(
      `Branch '${pushed.branch}' was not deleted from GitLab: ${lastLines(result)}. It may have moved since the push; delete it by hand if it is no longer wanted.`,
    );
}

/**
 * The commit HEAD names, after checking the workspace is a checkout with one: one git call,
 * which prints the checkout's top, then the commit (none when HEAD is unborn).
 */
async function checkedOutCommit(settings: PushSettings, options: PushOptions): Promise<string> {
  const { git, names } = options;
  const cwd = settings.workspace;
  const env = pushConfig(settings.remoteUrl);
  const found = await git.run({
    args: ['rev-parse', '--show-toplevel', 'HEAD^{commit}', '--'],
    cwd,
    env,
  });
  const [top = '', sha = ''] = found.stdout.split('\n').map((line) => line.trim());
  if (top === '')
    throw new InputError(
      names.push,
      `is true, but ${quoted(cwd)} is not a git checkout (${lastLines(found)})`,
      'check the repository out first (actions/checkout), or leave it false',
    );
  // A workspace inside another repository (the runner's own folder, a parent checkout) would
  // push that repository's commit.
  if (!samePath(top, cwd))
    throw new InputError(
      names.push,
      `is true, but ${quoted(cwd)} is not the top of a checkout: git finds the repository at ${quoted(top)}`,
      'check the repository out into the workspace itself',
    );
  if (found.code !== 0 || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha))
    throw new InputError(
      names.push,
      `is true, but the checkout at ${quoted(cwd)} has no commit yet (its HEAD is unborn)`,
      'commit first, or check out the commit to run',
    );
  return sha;
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

function push(
  settings: PushSettings,
  sha: string,
  caFile: string | undefined,
  options: PushOptions,
): Promise<GitResult> {
  const spec = `${settings.force ? '+' : ''}${sha}:refs/heads/${settings.branch}`;
  return options.git.run({
    args: ['push', '--porcelain', '-o', 'ci.skip', settings.remoteUrl, spec],
    cwd: settings.workspace,
    env: pushConfig(settings.remoteUrl, settings.token, caFile),
    signal: options.signal,
  });
}

/**
 * Fetches more of the commit's history from the checkout's own remote (`origin`, where
 * actions/checkout fetched it from, with the credentials it left for it): `depth` more
 * commits, or all of them when 0.
 */
async function deepen(
  settings: PushSettings,
  sha: string,
  depth: number,
  options: PushOptions,
): Promise<void> {
  const { git, logger } = options;
  const cwd = settings.workspace;
  const how = depth > 0 ? [`--deepen=${depth}`] : ['--unshallow'];
  logger.info(
    `GitLab refused the shallow checkout's push (shallow update not allowed): fetching ${depth > 0 ? `${depth} more commits` : 'the whole history'} from origin, then pushing again`,
  );
  const env = pushConfig(settings.remoteUrl);
  let result = await git.run({
    args: ['fetch', '--quiet', '--no-tags', ...how, 'origin', sha],
    cwd,
    env,
    signal: options.signal,
  });
  if (result.code !== 0)
    result = await git.run({
      args: ['fetch', '--quiet', '--no-tags', ...how, 'origin'],
      cwd,
      env,
      signal: options.signal,
    });
  if (result.code !== 0)
    throw new InputError(
      options.names.push,
      `is true, and the checkout is shallow: GitLab refuses a shallow push, and fetching more history from origin failed (${lastLines(result)})`,
      'check the repository out with fetch-depth: 0 (actions/checkout)',
    );
}

/** Why GitLab or git refused the push, in one line with what to do. */
function refusal(result: GitResult, settings: PushSettings, sha: string, names: PushNames): Error {
  const text = `${result.stdout}\n${result.stderr}`;
  const branch = quoted(settings.branch);
  const call = `push commit ${sha.slice(0, 12)} to branch ${branch}`;
  if (/shallow update not allowed/.test(text))
    return new InputError(
      names.push,
      `is true, and GitLab refuses the shallow checkout's push even with its whole history fetched`,
      'check the repository out with fetch-depth: 0 (actions/checkout)',
    );
  if (/\[rejected\].*\((non-fast-forward|fetch first|stale info)\)/.test(text))
    return new GitLabError(
      `Branch ${branch} on GitLab holds commits that ${sha.slice(0, 12)} does not contain: pushing would rewrite its history, which is never done outside branches under ${OWNED_PREFIX}. Set ${names.ref} to a new branch, or to one under ${OWNED_PREFIX} that only this tool writes.`,
      409,
      { call },
    );
  if (/force push code to a protected branch/.test(text))
    return new GitLabError(
      `GitLab refused to ${call}: it is a protected branch, where force pushes are not allowed. Set ${names.ref} to an unprotected branch, or allow force pushes in Settings → Repository → Protected branches.`,
      403,
      { call },
    );
  if (/protected branch/.test(text))
    return new GitLabError(
      `GitLab refused to ${call}: it is a protected branch and the user of ${names.token} may not push to it. Set ${names.ref} to an unprotected branch, or allow the user in Settings → Repository → Protected branches.`,
      403,
      { call },
    );
  if (
    /certificate verification failed|SSL certificate problem|self[- ]signed certificate/i.test(text)
  )
    return new GitLabError(
      `git does not trust the certificate of ${settings.remoteUrl}, so ${sha.slice(0, 12)} was not pushed: if a private CA signed it, give that CA's certificate in ${names.caCert}.`,
      0,
      { call },
    );
  if (/could not read Username|Authentication failed|returned error: 401/.test(text))
    return new GitLabError(
      `GitLab refused ${names.token} for a push to ${settings.remoteUrl}: it needs a token with the write_repository (or api) scope whose user is at least a Developer of ${names.project}.`,
      401,
      { call },
    );
  if (/not allowed to push code to this project|returned error: 403/.test(text))
    return new GitLabError(
      `GitLab refused to ${call}: the user of ${names.token} may not push to the project (it needs the Developer role at least).`,
      403,
      { call },
    );
  if (/returned error: 404|not found|could not be found/i.test(text))
    return new GitLabError(
      `GitLab has no repository at ${settings.remoteUrl} that ${names.token} can see: check ${names.project}, and that the token's user is a member.`,
      404,
      { call },
    );
  return new GitLabError(`Could not ${call} of ${settings.remoteUrl}: ${lastLines(result)}`, 0, {
    call,
  });
}

/** The last lines git printed, control characters removed, for a one-line message. */
function lastLines(result: GitResult): string {
  const lines = `${result.stderr}\n${result.stdout}`
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && l !== 'Done' && !l.startsWith('To '));
  return lines.slice(-2).join(' ') || `git exited with ${result.code}`;
}
