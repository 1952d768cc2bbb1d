import type { ApiToken, GitLabClient } from '../../gitlab-client.js';
import type { LogPattern } from '../../parse/stream-logs.js';
import type { Watcher } from '../watcher.js';
import type { LiveLogSink } from './live-log-text.js';

/**
 * The watcher that follows the named jobs' logs live, when any are named; its modules load
 * only then, so a wait without `stream_logs` does not pay for them.
 */
export async function liveLogWatchers(
  client: GitLabClient,
  apiToken: string | undefined,
  patterns: readonly LogPattern[],
  sink: LiveLogSink,
  header?: ApiToken['header'],
): Promise<Watcher[]> {
  if (patterns.length === 0) return [];
  const [{ liveLogs }, { GitLabLiveLogApi }, { ResultsApi }] = await Promise.all([
    import('./live-logs.js'),
    import('../../live-log-api.js'),
    import('../../results-api.js'),
  ]);
  return [
    liveLogs({
      patterns,
      api: new GitLabLiveLogApi(client, apiToken, header),
      tree: new ResultsApi(client, apiToken, undefined, header),
      sink,
    }),
  ];
}
