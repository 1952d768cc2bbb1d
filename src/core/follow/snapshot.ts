import { isDenied } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Pipeline } from '../pipeline.js';
import type { Job, PipelinesApi } from '../pipelines-api.js';
import type { Stops } from '../retry.js';
import type { Snapshot } from './watcher.js';

/**
 * Reads the jobs for snapshots: once per snapshot whatever the number of watchers asking,
 * and never again after GitLab refuses them to this token. The read is tried once: a
 * failure leaves the jobs out of this snapshot, and the loop rides out trouble itself.
 */
export class JobsReader {
  private readable = true;

  constructor(
    private readonly api: Pick<PipelinesApi, 'jobs'>,
    private readonly logger: Logger,
    private readonly stops: Stops,
  ) {}

  snapshot(pipeline: Pipeline, elapsedMs: number, statusChanged: boolean): Snapshot {
    let read: Promise<readonly Job[] | undefined> | undefined;
    let jobs: readonly Job[] | undefined;
    return {
      pipeline,
      elapsedMs,
      statusChanged,
      jobs: () => {
        read ??= this.read(pipeline.id).then((result) => (jobs = result));
        return read;
      },
      get jobsIfRead() {
        return jobs;
      },
    };
  }

  private async read(id: number): Promise<readonly Job[] | undefined> {
    if (!this.readable) return undefined;
    try {
      return await this.api.jobs(id, { stops: this.stops, once: true });
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
