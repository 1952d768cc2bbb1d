import type { Logger } from '../logger.js';
import { formatDuration } from '../parse/duration.js';
import type { Pipeline } from '../pipeline.js';
import type { Job, PipelinesApi, ReadOptions } from '../pipelines-api.js';
import { expectation, nextPollDelay, type Expectation } from '../poll-schedule.js';
import type { StopConditions } from '../retry.js';
import type { Snapshot } from './watcher.js';

export interface ScheduleOptions {
  readonly capMs: number;
  readonly random?: () => number;
  /**
   * How long the pipeline is expected to take; shapes the schedule. When absent, it is read
   * from the recent successful pipelines on the same ref (or, for a new ref, on any ref of
   * the project) while the first poll waits.
   */
  readonly expectedMs?: number;
}

/** The history calls the schedule makes. */
export type HistoryApi = Pick<PipelinesApi, 'recentDurations' | 'recentProjectDurations'>;

/** Jobs that still have to run; when none is left, the pipeline is about to end. */
const ACTIVE_JOB_STATUSES = [
  'created',
  'waiting_for_resource',
  'preparing',
  'pending',
  'running',
  'scheduled',
];

/**
 * When to read the pipeline next: poll-schedule.ts's plan, fed with the history of the ref
 * (or of the project, for a new tag or branch) and with what the jobs show while it runs.
 */
export class Schedule {
  private expected: Expectation | undefined;
  private imminentAtMs: number | undefined;
  private reads = 0;

  constructor(
    private readonly options: ScheduleOptions,
    private readonly logger: Logger,
  ) {
    this.expected = options.expectedMs === undefined ? undefined : { ms: options.expectedMs };
  }

  /**
   * Reads the history in the background, tried once: the ref's own recent successful
   * pipelines, else the project's on any ref. Without either, the plan keeps its early looks
   * and the fixed poll's pace.
   */
  learn(api: HistoryApi, pipeline: Pipeline, stops: StopConditions): void {
    if (this.expected !== undefined) return;
    const options: ReadOptions = { stops, once: true };
    const ref = pipeline.ref;
    api
      .recentDurations(ref, 5, options)
      .then(async (durations) => {
        if (durations.length > 0) return { durations, where: `on '${ref}'` };
        const project = await api.recentProjectDurations(5, options);
        return { durations: project, where: 'in the project (none yet on this ref)' };
      })
      .then(({ durations, where }) => {
        // A read that arrives after the jobs said more is still worth having.
        this.expected ??= expectation(durations);
        if (this.expected)
          this.logger.debug(
            `Recent pipelines ${where} took about ${formatDuration(this.expected.ms)}; polling around that.`,
          );
      })
      .catch((error: Error) =>
        this.logger.debug(`No history for the poll schedule: ${error.message}`),
      );
  }

  /**
   * Learns from a read: when the jobs (if they were read for it) show that a job failed
   * which may not, or that none is left to run, the end is near and the next looks come soon.
   */
  observe(snapshot: Pick<Snapshot, 'elapsedMs' | 'jobsIfRead'>): void {
    const jobs = snapshot.jobsIfRead;
    if (!jobs?.length || this.imminentAtMs !== undefined) return;
    const why = endIsNear(jobs);
    if (!why) return;
    this.imminentAtMs = snapshot.elapsedMs;
    this.logger.debug(`${why}: the pipeline should end soon; looking again shortly.`);
  }

  /** The pause before the next read, `ageMs` after the wait began. */
  next(ageMs: number): number {
    const delay = nextPollDelay({
      ageMs,
      reads: this.reads,
      capMs: this.options.capMs,
      expected: this.expected,
      imminentAtMs: this.imminentAtMs,
      random: this.options.random,
    });
    this.reads++;
    return delay;
  }
}

/** Why the jobs say the pipeline is about to end, if they do. */
export function endIsNear(jobs: readonly Job[]): string | undefined {
  const failed = jobs.find((j) => j.status === 'failed' && !j.allow_failure);
  if (failed) return `Job '${failed.name}' failed`;
  if (!jobs.some((j) => ACTIVE_JOB_STATUSES.includes(j.status))) return 'No job is left to run';
  return undefined;
}
