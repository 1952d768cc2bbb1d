import type { GitLabClient } from '../core/gitlab-client.js';
import { resultWatchers, type ResultSettings } from '../core/follow/watchers/result-watchers.js';
import { liveLogWatchers } from '../core/follow/watchers/live-log-watchers.js';
import { standardWatchers } from '../core/follow/watchers/standard.js';
import type { Watcher } from '../core/follow/watcher.js';
import type { LogPattern } from '../core/parse/stream-logs.js';
import type { Context } from './command.js';
import { terminalLogSink } from './live-log-sink.js';
import { CLI_RESULT_HOST } from './result-options.js';
import { MAX_PROBLEM_LINES } from './run-render.js';
import type { PipelineReader } from './pipeline-reader.js';

/**
 * The watchers of a wait on the command line, for `run --wait` and `follow` alike: the
 * standard ones, the live logs asked for, then the result watchers.
 */
export async function waitWatchers(
  client: GitLabClient,
  reader: PipelineReader | undefined,
  results: ResultSettings | undefined,
  streamLogs: readonly LogPattern[],
  ctx: Context,
): Promise<Watcher[]> {
  const token = reader?.token;
  const logger = ctx.out.logger();
  const resultReaders = results
    ? await resultWatchers(
        client,
        token?.value,
        results,
        { ...CLI_RESULT_HOST, maxAnnotations: MAX_PROBLEM_LINES },
        logger,
        token?.header,
      )
    : [];
  const sink = terminalLogSink(ctx.io, ctx.redactor);
  const streamed = await liveLogWatchers(client, token?.value, streamLogs, sink, token?.header);
  return [...standardWatchers(), ...streamed, ...resultReaders];
}
