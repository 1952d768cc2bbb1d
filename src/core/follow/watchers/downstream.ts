import { StoppedError } from '../../errors.js';
import { isFinished } from '../../pipeline-statuses.js';
import type { WatchContext, Watcher } from '../watcher.js';
import {
  countProgress,
  downstreamProgressText,
  downstreamSection,
  failedJobProblems,
  type DownstreamProgress,
} from './downstream-render.js';
import { DownstreamTree, MAX_DOWNSTREAM_PIPELINES, type TreeApi } from './downstream-tree.js';
import { JOB_REFRESH_MS } from './progress-line.js';
import { MAX_ANNOTATIONS } from './result-findings.js';

export interface DownstreamOptions {
  /** The reads, in any project: a PipelineResultsApi. */
  readonly api: TreeApi;
  /** Off: the watcher does nothing. Default on. */
  readonly enabled?: boolean;
  /** The most downstream pipelines read; default GitLab's own hierarchy limit, 1,000. */
  readonly maxPipelines?: number;
  /** While waiting, the tree is re-read when the status changes and at most this often otherwise. */
  readonly refreshMs?: number;
  /** The most failed downstream jobs annotated; the summary lists them all. Default 10. */
  readonly maxAnnotations?: number;
  /** Log a line when the downstream progress changes; off when the progress line shows it. */
  readonly logProgress?: boolean;
}

/** The downstream watcher, with what it last counted for a progress line to show. */
export interface DownstreamWatcher extends Watcher {
  /** The downstream jobs as last counted while waiting; undefined before, or with none. */
  progress(): DownstreamProgress | undefined;
}

/**
 * Follows every trigger job down to its pipeline, child or multi-project, at every depth.
 * While waiting it counts the downstream jobs (read when the status changes, and at most
 * once a `refreshMs` otherwise); when the pipeline has finished it reports the tree as a
 * `downstream` finding, one `section` per downstream pipeline, and a `problem` per failed
 * job named with its path (`integration-tests › integration`) and quoting its log tail.
 * A pipeline in a project the token cannot read is linked and named, not an error.
 */
export function downstreamPipelines(options: DownstreamOptions): DownstreamWatcher {
  const tree = new DownstreamTree(options.api);
  const maxPipelines = options.maxPipelines ?? MAX_DOWNSTREAM_PIPELINES;
  const refreshMs = options.refreshMs ?? JOB_REFRESH_MS;
  let readAt = -Infinity;
  let progress: DownstreamProgress | undefined;
  let lastLine = '';
  const note = (error: unknown, ctx: WatchContext): void => {
    if (error instanceof StoppedError) throw error;
    ctx.logger.debug(`Downstream pipelines not read: ${(error as Error).message}`);
  };
  return {
    name: 'downstream pipelines',
    progress: () => progress,
    async see(snapshot, ctx) {
      const { pipeline } = snapshot;
      if (options.enabled === false || isFinished(pipeline.status)) return undefined;
      if (!snapshot.statusChanged && ctx.clock.now() - readAt < refreshMs) return undefined;
      readAt = ctx.clock.now();
      try {
        const walk = await tree.walk(pipeline, { maxPipelines, stops: ctx.stops, once: true });
        const counted = countProgress(walk.pipelines, isFinished);
        if (counted.pipelines === 0) return undefined;
        progress = counted;
      } catch (error) {
        note(error, ctx);
        return undefined;
      }
      const line = `Pipeline #${pipeline.id}: ${downstreamProgressText(progress)}`;
      if (options.logProgress !== false && line !== lastLine) ctx.logger.info(line);
      lastLine = line;
      return undefined;
    },
    async end(end, ctx) {
      if (options.enabled === false || ctx.stops.signal?.aborted) return;
      if (end.outcome !== 'passed' && end.outcome !== 'failed') return;
      const walk = await tree.walk(end.pipeline, {
        maxPipelines,
        stops: ctx.stops,
        traces: { redactor: ctx.redactor },
      });
      if (walk.pipelines.length === 0) return;
      ctx.report({ kind: 'downstream', pipelines: walk.pipelines });
      for (const down of walk.pipelines) ctx.report(downstreamSection(down));
      if (walk.cut) {
        const text = `Only the first ${maxPipelines} downstream pipelines were read.`;
        ctx.report({
          kind: 'section',
          title: 'More downstream pipelines',
          markdown: `_${text}_\n`,
          text,
        });
      }
      for (const problem of failedJobProblems(
        walk.pipelines,
        options.maxAnnotations ?? MAX_ANNOTATIONS,
      ))
        ctx.report(problem);
    },
  };
}
