import type { ApiToken, GitLabClient } from '../../gitlab-client.js';
import type { Logger } from '../../logger.js';
import type { OutputSource } from '../../parse/outputs-from.js';
import type { Watcher } from '../watcher.js';

/** What to fetch from GitLab once the pipeline finishes, as both hosts read it. */
export interface ResultSettings {
  readonly testReport: boolean;
  readonly outputsFrom: readonly OutputSource[];
  readonly artifactGlobs: readonly string[];
  readonly downloadLogs: boolean;
  /** Resolved against the working directory: one folder per job below it. */
  readonly artifactsPath: string;
  readonly artifactsMaxBytes: number;
}

/** What the host adds to the results' settings: its names, its outputs, its annotations. */
export interface ResultHost {
  /** The host's own output names, which no key from GitLab may take. */
  readonly reservedOutputs: readonly string[];
  /** How the host names the settings, for messages. */
  readonly names: {
    readonly outputsFrom: string;
    readonly downloadArtifacts: string;
    readonly artifactsMaxSize: string;
    readonly artifactsPath: string;
  };
  /** Error annotations each of the failed-job and test watchers may spend. */
  readonly maxAnnotations: number;
}

/**
 * The watchers that fetch GitLab's results, in order: downstream pipelines (always,
 * when waiting), the test report, outputs from dotenv files, artifacts and logs. Their modules
 * load only when a wait fetches results (result-modules.ts), so a plain trigger does not pay
 * for them.
 */
export async function resultWatchers(
  client: GitLabClient,
  apiToken: string | undefined,
  results: ResultSettings,
  host: ResultHost,
  logger: Logger,
  header?: ApiToken['header'],
): Promise<Watcher[]> {
  const { PipelineResultsApi, downstreamPipelines, testReport, outputsFrom, downloadArtifacts } =
    await import('./result-modules.js');
  const api = new PipelineResultsApi(client, apiToken, logger, header);
  const options = { ...results, ...host };
  const watchers: Watcher[] = [
    downstreamPipelines({ api, maxAnnotations: options.maxAnnotations }),
  ];
  if (options.testReport) {
    watchers.push(testReport({ api, maxAnnotations: options.maxAnnotations }));
  }
  if (options.outputsFrom.length > 0) {
    watchers.push(
      outputsFrom({
        api,
        sources: options.outputsFrom,
        reserved: options.reservedOutputs,
        input: options.names.outputsFrom,
      }),
    );
  }
  if (options.artifactGlobs.length > 0 || options.downloadLogs) {
    watchers.push(
      downloadArtifacts({
        api,
        globs: options.artifactGlobs,
        logs: options.downloadLogs,
        artifactsPath: options.artifactsPath,
        maxBytes: options.artifactsMaxBytes,
        names: {
          artifacts: options.names.downloadArtifacts,
          maxBytes: options.names.artifactsMaxSize,
          path: options.names.artifactsPath,
        },
      }),
    );
  }
  return watchers;
}
