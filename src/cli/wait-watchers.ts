import type { GitLabClient } from '../core/gitlab-client.js';
import type { ResultOptions } from '../core/follow/watchers/result-watchers.js';
import { resultWatchers } from '../core/follow/watchers/result-watchers.js';
import { liveLogWatchers } from '../core/follow/watchers/live-log-watchers.js';
import { standardWatchers } from '../core/follow/watchers/standard.js';
import type { Watcher } from '../core/follow/watcher.js';
import { parseStreamLogs } from '../core/parse/stream-logs.js';
import type { Context } from './command.js';
import { terminalLogSink } from './live-log-sink.js';
import type { ParsedArgs } from './parsed-args.js';
import { MAX_PROBLEM_LINES } from './run-render.js';
import type { PipelineReader } from './wait-settings.js';

/** `--stream-logs NAME`, repeatable: the jobs whose logs are followed live; only with a wait. */
export function readStreamLogs(args: ParsedArgs, waiting: boolean) {
  return parseStreamLogs(args.strings('stream-logs').join('\n'), '--stream-logs', {
    wait: waiting,
    input: '--wait',
  });
}

/**
 * The watchers of a wait on the command line, for `run --wait` and `follow` alike: the
 * standard ones, the live logs asked for, then the results brought home.
 */
export async function waitWatchers(
  client: GitLabClient,
  reader: PipelineReader | undefined,
  results: Omit<ResultOptions, 'maxAnnotations'> | undefined,
  streamLogs: ReturnType<typeof readStreamLogs>,
  ctx: Context,
): Promise<Watcher[]> {
  const token = reader?.token;
  const logger = ctx.out.logger();
  const brought = results
    ? await resultWatchers(
        client,
        token?.value,
        { ...results, maxAnnotations: MAX_PROBLEM_LINES },
        logger,
        token?.header,
      )
    : [];
  const sink = terminalLogSink(ctx.io, ctx.redactor);
  const streamed = await liveLogWatchers(client, token?.value, streamLogs, sink, token?.header);
  return [...standardWatchers(), ...streamed, ...brought];
}
