import type { Logger } from '../logger.js';
import { formatDuration } from '../parse/duration.js';
import type { Pipeline } from '../pipeline.js';
import type { PipelinesApi } from '../pipelines-api.js';
import { nextPollDelay, typicalDuration } from '../poll-schedule.js';
import type { Stops } from '../retry.js';

export interface ScheduleOptions {
  readonly capMs: number;
  readonly random?: () => number;
  /**
   * How long the pipeline is expected to take; shapes the schedule. When absent, it is read
   * from the recent successful pipelines on the same ref while the first poll waits.
   */
  readonly expectedMs?: number;
}

/** When to read the pipeline next: poll-schedule.ts's plan, fed with the ref's history. */
export class Schedule {
  private expectedMs: number | undefined;

  constructor(
    private readonly options: ScheduleOptions,
    private readonly logger: Logger,
  ) {
    this.expectedMs = options.expectedMs;
  }

  /** Reads the ref's history in the background; without it the age-based schedule applies. */
  learn(
    api: Partial<Pick<PipelinesApi, 'recentDurations'>>,
    pipeline: Pipeline,
    stops: Stops,
  ): void {
    if (this.expectedMs !== undefined || !api.recentDurations) return;
    api
      .recentDurations(pipeline.ref, 5, { stops, once: true })
      .then((durations) => {
        this.expectedMs = typicalDuration(durations);
        if (this.expectedMs !== undefined)
          this.logger.debug(
            `Recent pipelines on '${pipeline.ref}' took about ${formatDuration(this.expectedMs)}; polling around that.`,
          );
      })
      .catch((error: Error) =>
        this.logger.debug(`No history for the poll schedule: ${error.message}`),
      );
  }

  /** The pause before the next read, for a pipeline `ageMs` old. */
  next(ageMs: number): number {
    return nextPollDelay({
      ageMs,
      capMs: this.options.capMs,
      expectedMs: this.expectedMs,
      random: this.options.random,
    });
  }
}
