import { isDenied } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Pipeline } from '../pipeline.js';
import type { StopConditions } from '../retry.js';
import { isFinished } from '../pipeline-statuses.js';
import { readTally, type JobsApi, type JobTally } from './job-tally.js';
import type { Snapshot } from './watcher.js';

/**
 * Reads the jobs for snapshots: once per snapshot whatever the number of watchers asking, not
 * again once the pipeline has finished and they were read, and never again after GitLab
 * refuses them to this token. What a read keeps is a tally (counts and the jobs that matter),
 * never every job. The read is tried once: a failure leaves the jobs out of this snapshot,
 * and the loop rides out trouble itself.
 */
export class JobsReader {
  private readable = true;
  private last: JobTally | undefined;

  constructor(
    private readonly api: JobsApi,
    private readonly logger: Logger,
    private readonly stops: StopConditions,
  ) {}

  snapshot(pipeline: Pipeline, elapsedMs: number, statusChanged: boolean): Snapshot {
    let read: Promise<JobTally | undefined> | undefined;
    let tally: JobTally | undefined;
    return {
      pipeline,
      elapsedMs,
      statusChanged,
      jobs: () => {
        read ??= this.read(pipeline).then((result) => (tally = result));
        return read;
      },
      get tallyIfRead() {
        return tally;
      },
      get jobsIfRead() {
        return tally?.jobs;
      },
    };
  }

  private async read(pipeline: Pipeline): Promise<JobTally | undefined> {
    if (!this.readable) return undefined;
    // A finished pipeline's jobs no longer change: what was read since it finished holds.
    if (this.last?.status === pipeline.status && isFinished(pipeline.status)) return this.last;
    try {
      const options = { stops: this.stops, once: true };
      this.last = await readTally(this.api, pipeline, options, this.last?.total);
      return this.last;
    } catch (error) {
      // Jobs are a nicety: any failure leaves them out; a refusal stops further tries.
      if (isDenied(error)) {
        this.readable = false;
        this.logger.debug(
          `Jobs are not readable with this token (${error.status}); progress shows the status only.`,
        );
      }
      return undefined;
    }
  }
}
