import { formatDuration } from './parse/duration.js';
import type { Pipeline } from './pipeline.js';

/**
 * How long the pipeline took, as every host shows it (the log's line, the summary's table):
 * GitLab's own `duration` when it gives one, as the pipeline's page shows it; else the time
 * the run waited for it.
 */
export function pipelineDurationMs(pipeline: Pipeline, waitedMs: number): number {
  return typeof pipeline.duration === 'number' && pipeline.duration >= 0
    ? Math.round(pipeline.duration * 1000)
    : waitedMs;
}

/** `succeeded`, `failed`, `was canceled`: a finished status as a verb. */
export function endedAs(status: string): string {
  switch (status) {
    case 'success':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'canceled':
    case 'skipped':
      return `was ${status}`;
    case 'manual':
      return 'stopped at a manual job';
    default:
      return `ended ${status}`;
  }
}

/**
 * One line for a finished pipeline in plain words: `Pipeline #5 failed after 10s: URL`. Only
 * when the host's pass statuses judge otherwise than the status reads does it name them.
 */
export function finishedMessage(
  pipeline: Pipeline,
  passed: boolean,
  passStatusesName: string,
  waitedMs: number,
): string {
  const took = formatDuration(pipelineDurationMs(pipeline, waitedMs));
  const judged =
    passed && pipeline.status !== 'success'
      ? `, which ${passStatusesName} counts as passing`
      : !passed && pipeline.status === 'success'
        ? `, which ${passStatusesName} does not count as passing`
        : '';
  return `Pipeline #${pipeline.id} ${endedAs(pipeline.status)} after ${took}${judged}: ${pipeline.web_url}`;
}
