import type { GitLabClient } from '../core/gitlab-client.js';
import type { Watcher } from '../core/follow/watcher.js';
import { standardWatchers } from '../core/follow/watchers/standard.js';
import type { Logger } from '../core/logger.js';
import { MAX_ANNOTATIONS_PER_STEP } from './annotations.js';
import type { CommitStatusWatcher } from './github/commit-status-watcher.js';
import type { ResultSettings } from './inputs.js';
import { Input, Output } from './names.js';

export interface ChosenWatchers {
  readonly watchers: Watcher[];
  /** Set when the commit status is mirrored: told at once when the pipeline exists. */
  readonly commitStatus?: CommitStatusWatcher;
}

/**
 * The watchers this step follows the pipeline with, in order: the commit status first (it
 * sees every read), the standard three, then what is brought home from GitLab. The modules of
 * the optional ones are loaded only when asked for, so a plain trigger does not pay for them.
 */
export async function chooseWatchers(
  client: GitLabClient,
  apiToken: string | undefined,
  results: ResultSettings,
  logger: Logger,
  commitStatus?: CommitStatusWatcher,
): Promise<ChosenWatchers> {
  const { ResultsApi } = await import('../core/results-api.js');
  const api = new ResultsApi(client, apiToken, logger);
  // GitHub keeps 10 error annotations a step: the failed jobs come first, then tests.
  const share = Math.floor(MAX_ANNOTATIONS_PER_STEP / 2);
  const watchers: Watcher[] = [...(commitStatus ? [commitStatus] : []), ...standardWatchers()];
  const { downstreamPipelines } = await import('../core/follow/watchers/downstream.js');
  watchers.push(downstreamPipelines({ api, maxAnnotations: share }));
  if (results.testReport) {
    const { testReport } = await import('../core/follow/watchers/test-report.js');
    watchers.push(testReport({ api, maxAnnotations: share }));
  }
  if (results.outputsFrom.length > 0) {
    const { outputsFrom } = await import('../core/follow/watchers/outputs-from.js');
    watchers.push(
      outputsFrom({
        api,
        sources: results.outputsFrom,
        reserved: Object.values(Output),
        input: Input.OutputsFrom,
      }),
    );
  }
  if (results.artifactGlobs.length > 0 || results.downloadLogs) {
    const { downloadArtifacts } = await import('../core/follow/watchers/artifacts.js');
    watchers.push(
      downloadArtifacts({
        api,
        globs: results.artifactGlobs,
        logs: results.downloadLogs,
        artifactsPath: results.artifactsPath,
        maxBytes: results.artifactsMaxBytes,
        names: { artifacts: Input.DownloadArtifacts, maxBytes: Input.ArtifactsMaxSize },
      }),
    );
  }
  return { watchers, commitStatus };
}
