import type { GitLabClient } from '../core/gitlab-client.js';
import type { Watcher } from '../core/follow/watcher.js';
import { liveLogWatchers } from '../core/follow/watchers/live-log-watchers.js';
import { resultWatchers, type ResultSettings } from '../core/follow/watchers/result-watchers.js';
import { standardWatchers } from '../core/follow/watchers/standard.js';
import type { Logger } from '../core/logger.js';
import type { LogPattern } from '../core/parse/stream-logs.js';
import { MAX_ANNOTATIONS_PER_STEP } from './annotations.js';
import type { CommitStatusWatcher } from './github/commit-status-watcher.js';
import { Input, Output } from './names.js';
import type { Runner } from './runner.js';

/**
 * The watchers this step follows the pipeline with, in order: the commit status first (it
 * sees every read), the standard three, the live logs (`stream_logs`), then the result watchers, which fetch what the pipeline left.
 */
export async function chooseWatchers(
  client: GitLabClient,
  apiToken: string | undefined,
  results: ResultSettings,
  logger: Logger,
  commitStatus?: CommitStatusWatcher,
  live?: { readonly patterns: readonly LogPattern[]; readonly runner: Runner },
): Promise<Watcher[]> {
  const streamed = live
    ? await liveLogWatchers(client, apiToken, live.patterns, {
        write: (pieces) => live.runner.logLines(pieces),
      })
    : [];
  const resultReaders = await resultWatchers(
    client,
    apiToken,
    results,
    {
      reservedOutputs: Object.values(Output),
      names: {
        outputsFrom: Input.OutputsFrom,
        downloadArtifacts: Input.DownloadArtifacts,
        artifactsMaxSize: Input.ArtifactsMaxSize,
        artifactsPath: Input.ArtifactsPath,
      },
      // GitHub keeps 10 error annotations a step: failed jobs and failed tests share them.
      maxAnnotations: Math.floor(MAX_ANNOTATIONS_PER_STEP / 2),
    },
    logger,
  );
  return [
    ...(commitStatus ? [commitStatus] : []),
    ...standardWatchers(),
    ...streamed,
    ...resultReaders,
  ];
}
