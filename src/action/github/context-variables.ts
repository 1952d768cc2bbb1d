/**
 * The GitHub run as pipeline variables (`github_context: true`), so that a GitLab job knows
 * which repository, commit, branch and pull request asked for it and can link back to the run.
 * For a pull request the commit and branch are its head's, not the merge commit GitHub tests.
 */
import type { GitHubRun } from './event.js';

/** The variables sent, in the order the log names them. */
export const CONTEXT_VARIABLES = [
  'GITHUB_REPOSITORY',
  'GITHUB_SHA',
  'GITHUB_REF_NAME',
  'GITHUB_EVENT_NAME',
  'GITHUB_ACTOR',
  'GITHUB_RUN_URL',
  'GITHUB_PR_NUMBER',
] as const;
export type ContextVariable = (typeof CONTEXT_VARIABLES)[number];

/** The run's variables; those the run does not know (no pull request, no actor) are left out. */
export function githubContextVariables(run: GitHubRun): Partial<Record<ContextVariable, string>> {
  const values: Record<ContextVariable, string | undefined> = {
    GITHUB_REPOSITORY: run.repository,
    GITHUB_SHA: run.sha,
    GITHUB_REF_NAME: run.refName,
    GITHUB_EVENT_NAME: run.eventName,
    GITHUB_ACTOR: run.actor,
    GITHUB_RUN_URL: run.runUrl,
    GITHUB_PR_NUMBER: run.prNumber === undefined ? undefined : String(run.prNumber),
  };
  const out: Partial<Record<ContextVariable, string>> = {};
  for (const name of CONTEXT_VARIABLES) {
    const value = values[name];
    if (value) out[name] = value;
  }
  return out;
}

export interface MergedVariables {
  /** The user's variables, with the run's added under them. */
  readonly variables: Readonly<Record<string, string>>;
  /** The run's variables that were added. */
  readonly added: readonly string[];
  /** The run's variables the user's `variables` already gave, whose value was kept. */
  readonly kept: readonly string[];
}

/** Adds the run's variables to the user's; a variable the user gave wins. */
export function withGitHubContext(
  user: Readonly<Record<string, string>>,
  run: GitHubRun,
): MergedVariables {
  const added: string[] = [];
  const kept: string[] = [];
  const variables: Record<string, string> = { ...user };
  for (const [name, value] of Object.entries(githubContextVariables(run))) {
    if (Object.hasOwn(user, name)) kept.push(name);
    else {
      variables[name] = value;
      added.push(name);
    }
  }
  return { variables, added, kept };
}

/** The log line: `GitHub context sent as variables: GITHUB_REPOSITORY, …; kept from variables: GITHUB_SHA`. */
export function describeMerge(merged: MergedVariables, setting = 'variables'): string {
  const added = merged.added.length ? merged.added.join(', ') : 'none';
  const kept = merged.kept.length ? `; kept as given in ${setting}: ${merged.kept.join(', ')}` : '';
  return `GitHub context sent as variables: ${added}${kept}.`;
}
