import { formatDuration } from '../../parse/duration.js';
import type { Job } from '../../pipelines-api.js';
import { tallyJobs, type JobTally } from '../job-tally.js';
import type { Watcher } from '../watcher.js';

/** While a pipeline runs, its jobs are re-read for the progress line at most this often. */
export const JOB_REFRESH_MS = 60_000;

/**
 * "7/12 jobs done, 1 failed": a pipeline's progress from a tally of its jobs (or the jobs);
 * only failures that may not happen count as failed.
 */
export function jobProgress(jobs: JobTally | readonly Job[]): string {
  const { done, total, blockingFailed } = isTally(jobs) ? jobs : tallyJobs(jobs);
  return `${done}/${total} jobs done${blockingFailed ? `, ${blockingFailed} failed` : ''}`;
}

function isTally(jobs: JobTally | readonly Job[]): jobs is JobTally {
  return !Array.isArray(jobs);
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
        const tally = await snapshot.jobs();
        if (tally?.total) progress = `, ${jobProgress(tally)}`;
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
