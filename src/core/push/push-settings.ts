import { InputError, quoted } from '../errors.js';

/**
 * Branches the tool owns: under this prefix a push may replace what the branch held (a force
 * push), since nothing but the tool writes there. Anywhere else a push only fast-forwards.
 */
export const OWNED_PREFIX = 'github/';

/** Everything a push of the checked-out commit needs. Built and validated before any request. */
export interface PushSettings {
  /** The checkout whose HEAD is pushed. */
  readonly workspace: string;
  /** The branch on GitLab, without refs/heads/. */
  readonly branch: string;
  /** The repository's address over HTTPS: `{gitlab}/{project path}.git`. */
  readonly remoteUrl: string;
  /** A token with write_repository (or api) whose user may push to the branch. Secret. */
  readonly token: string;
  /** True under OWNED_PREFIX: the push may replace the branch's history. */
  readonly force: boolean;
  /** PEM certificates of a private CA that signed GitLab's certificate (ca_cert), if any. */
  readonly caCerts?: readonly string[];
}

/** How the host names the settings a push message points at. */
export interface PushNames {
  readonly push: string;
  readonly token: string;
  readonly ref: string;
  readonly project: string;
  readonly caCert: string;
}

/**
 * A branch name as git accepts it (git-check-ref-format, with --branch): refused here rather
 * than handed to git, where a name starting with `-` could read as an option.
 */
export function parseBranch(value: string, input: string): string {
  const name = value.trim().replace(/^refs\/heads\//, '');
  const why = branchProblem(name);
  if (why)
    throw new InputError(
      input,
      `is ${quoted(value)}, which cannot be pushed as a branch (${why})`,
      'give a branch name such as github/pr-42',
    );
  return name;
}

function branchProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.startsWith('-')) return "it starts with '-'";
  if (name === 'HEAD') return 'HEAD names the current commit, not a branch';
  if (name.startsWith('refs/')) return 'only branches (refs/heads/…) are pushed';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return 'no spaces, control characters or ~^:?*[\\';
  if (name.includes('..') || name.includes('@{') || name === '@') return "no '..' or '@{'";
  if (name.includes('//') || name.endsWith('/') || name.endsWith('.'))
    return "no empty part, and no '/' or '.' at its end";
  if (name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock')))
    return "no part starting with '.' or ending in '.lock'";
  return undefined;
}

/** The repository's HTTPS address; a project given by id has no path to push to. */
export function remoteUrlOf(
  gitlabUrl: string,
  project: string,
  names: Pick<PushNames, 'project' | 'push'>,
): string {
  if (/^\d+$/.test(project))
    throw new InputError(
      names.project,
      `is the id ${project}, and git pushes to a project's path`,
      `give the project's full path (group/project) when ${names.push} is true`,
    );
  return `${gitlabUrl}/${project}.git`;
}
