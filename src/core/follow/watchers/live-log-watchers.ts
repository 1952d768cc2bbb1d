import type { ApiToken, GitLabClient } from '../../gitlab-client.js';
import type { LogPattern } from '../../parse/stream-logs.js';
import type { Watcher } from '../watcher.js';
import type { LiveLogSink } from './live-log-text.js';

/**
 * The watcher that follows the named jobs' logs live, when any are named; its modules load
 * only then, with the results' (result-modules.ts), so a trigger without a wait does not pay for them.
 */
export async function liveLogWatchers(
  client: GitLabClient,
  apiToken: string | undefined,
  patterns: readonly LogPattern[],
  sink: LiveLogSink,
  header?: ApiToken['header'],
): Promise<Watcher[]> {
  if (patterns.length === 0) return [];
  // In the results' chunk: the downstream walk and the API are shared with them, held once.
  const { liveLogs, GitLabLiveLogApi, PipelineResultsApi } = await import('./result-modules.js');
  return [
    liveLogs({
      patterns,
      api: new GitLabLiveLogApi(client, apiToken, header),
      tree: new PipelineResultsApi(client, apiToken, undefined, header),
      sink,
    }),
  ];
}
