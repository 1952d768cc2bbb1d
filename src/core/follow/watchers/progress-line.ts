import { formatDuration } from '../../parse/duration.js';
import type { Job } from '../../pipelines-api.js';
import { DONE_JOB_STATUSES } from '../../statuses.js';
import type { Watcher } from '../watcher.js';

/** While a pipeline runs, its jobs are re-read for the progress line at most this often. */
export const JOB_REFRESH_MS = 60_000;

/** "7/12 jobs done, 1 failed": a pipeline's progress from its jobs. */
export function jobProgress(jobs: readonly Job[]): string {
  const done = jobs.filter((j) => DONE_JOB_STATUSES.includes(j.status)).length;
  const failed = jobs.filter((j) => j.status === 'failed' && !j.allow_failure).length;
  return `${done}/${jobs.length} jobs done${failed ? `, ${failed} failed` : ''}`;
}

/**
 * One line per change of status or progress, not per poll:
 * `Pipeline #7: running, 7/12 jobs done, 1 failed (2m 5s)`. The jobs are read when the
 * status changes, and at most once a minute otherwise.
 */
export function progressLine(): Watcher {
  let lastLine = '';
  let progress = '';
  let readAt = -Infinity;
  return {
    name: 'progress line',
    async see(snapshot, { clock, logger }) {
      if (snapshot.statusChanged || clock.now() - readAt >= JOB_REFRESH_MS) {
        readAt = clock.now();
        const jobs = await snapshot.jobs();
        if (jobs?.length) progress = `, ${jobProgress(jobs)}`;
      }
      const line = `Pipeline #${snapshot.pipeline.id}: ${snapshot.pipeline.status}${progress}`;
      if (line !== lastLine) {
        logger.info(`${line} (${formatDuration(snapshot.elapsedMs)})`);
        lastLine = line;
      }
      return undefined;
    },
  };
}
