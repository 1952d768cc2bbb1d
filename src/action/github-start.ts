import type { Clock } from '../core/clock.js';
import type { GitLabClient } from '../core/gitlab-client.js';
import { triggerSource, type PipelineSource } from '../core/pipeline-source.js';
import type { PipelinesApi } from '../core/pipelines-api.js';
import type { TriggerSettings } from '../core/settings.js';
import type { WaitSettings } from '../core/wait-settings.js';
import type { CommitStatusWatcher } from './github/commit-status-watcher.js';
import type { StatusesClient } from './github/commit-statuses.js';
import type { GitHubSettings } from './inputs.js';
import { Input } from './names.js';
import type { Runner } from './runner.js';

export interface Start {
  /** Where the pipeline comes from: the trigger, or a retry of the earlier attempt's pipeline. */
  readonly source: PipelineSource;
  /** The commit status watcher, when the status is mirrored. */
  readonly commitStatus?: CommitStatusWatcher;
}

export interface StartOptions {
  readonly runner: Runner;
  readonly github: GitHubSettings;
  readonly settings: TriggerSettings;
  readonly waitSettings: WaitSettings;
  readonly client: GitLabClient;
  readonly api: PipelinesApi;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Replaces the trigger as the way a new pipeline is had (a push before it, a followed one). */
  readonly wrap?: (trigger: PipelineSource) => PipelineSource;
}

/**
 * How this run starts its pipeline, and the GitHub side of it: the run's context as
 * variables, the commit status, and on a re-run a retry of the earlier pipeline. The GitHub
 * modules are loaded only when one of these is on, so a plain trigger does not pay for them.
 */
export async function startOnGitHub(options: StartOptions): Promise<Start> {
  const { runner, github, waitSettings } = options;
  const logger = runner.logger();
  const versionCheck = { apiToken: waitSettings.apiToken, logger };
  const wrap = options.wrap ?? ((trigger: PipelineSource) => trigger);
  if (!github.commitStatus && github.onRerun === 'new' && !github.githubContext)
    return { source: wrap(triggerSource(options.client, options.settings, versionCheck)) };

  const githubSide = await import('./github/index.js');
  const { readGitHubRun } = githubSide;
  const run = readGitHubRun(runner.env);
  for (const problem of run.problems) logger.warning(problem);
  let settings = options.settings;
  if (github.githubContext) {
    const { describeMerge, withGitHubContext } = githubSide;
    const merged = withGitHubContext(settings.variables, run);
    logger.info(describeMerge(merged, Input.Variables));
    settings = { ...settings, variables: merged.variables };
  }
  const trigger = wrap(triggerSource(options.client, settings, versionCheck));
  const statuses = await statusesClient(runner, github, run.repository, options.clock);
  const { defaultStatusContext, commitStatusWatcher } = githubSide;
  const context = github.statusContext || defaultStatusContext(settings.project);
  const { decideRerun } = githubSide;
  const decision = await decideRerun({
    mode: github.onRerun,
    run,
    statuses,
    context,
    api: options.api,
    project: settings.project,
    ref: settings.ref,
    gitlabUrl: settings.gitlab.url,
    passStatuses: waitSettings.passStatuses,
    trigger,
    clock: options.clock,
    logger,
    signal: options.signal,
    names: { onRerun: Input.OnRerun, apiToken: Input.ApiToken },
  });
  if (decision.reason) logger.info(decision.reason);
  const commitStatus =
    github.commitStatus && statuses
      ? commitStatusWatcher(statuses, {
          sha: run.sha,
          runId: run.runId,
          context,
          logger,
          redactor: runner.redactor,
          signal: options.signal,
        })
      : undefined;
  return { source: decision.source, commitStatus };
}

/** The GitHub statuses client, or undefined (with one warning) when it cannot be had. */
export async function statusesClient(
  runner: Runner,
  github: GitHubSettings,
  repository: string,
  clock: Clock,
): Promise<StatusesClient | undefined> {
  if (!github.commitStatus && github.onRerun === 'new') return undefined;
  if (!github.githubToken) {
    runner.warning(
      `No GitHub token in ${Input.GitHubToken}: the commit status is not written (and a re-run cannot find the earlier pipeline). Leave ${Input.GitHubToken} at its default, \${{ github.token }}.`,
    );
    return undefined;
  }
  const { githubStatuses } = await import('./github/index.js');
  try {
    return githubStatuses({
      token: github.githubToken,
      apiUrl: runner.env.GITHUB_API_URL || 'https://api.github.com',
      repository,
      tokenSetting: Input.GitHubToken,
      clock,
      logger: runner.logger(),
    });
  } catch (error) {
    runner.warning(`The commit status is not written: ${(error as Error).message}`);
    return undefined;
  }
}
