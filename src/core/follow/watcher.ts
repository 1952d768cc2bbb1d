import type { Clock } from '../clock.js';
import type { JobsApi, JobTally } from './job-tally.js';
import type { FinalReport } from './report.js';
import type { DownstreamPipeline, Downloads, TestResults } from './watchers/result-findings.js';
import type { Logger } from '../logger.js';
import type { Pipeline } from '../pipeline.js';
import type { Job, PipelinesApi } from '../pipelines-api.js';
import type { Redactor } from '../redact.js';
import type { StopConditions } from '../retry.js';
import type { WaitSettingNames, WaitSettings } from '../wait-settings.js';

/** How a wait ended. */
export type WaitOutcome = 'passed' | 'failed' | 'manual' | 'timed-out' | 'aborted';

/** One read of the pipeline, as every watcher sees it. */
export interface Snapshot {
  readonly pipeline: Pipeline;
  /** Time since the wait began. */
  readonly elapsedMs: number;
  /** True when the status differs from the previous read's (always on the first read). */
  readonly statusChanged: boolean;
  /**
   * What the jobs show at this read: counts, and the jobs that matter (failed, manual, still to
   * run), never every job. Read at most once for this snapshot however many watchers ask, and
   * not again once the pipeline has finished; undefined when the token cannot list them or the
   * read failed.
   */
  jobs(): Promise<JobTally | undefined>;
  /** The tally, when a watcher has read it for this snapshot; never reads. */
  readonly tallyIfRead: JobTally | undefined;
  /** The jobs the tally kept (see JobTally.jobs), when a watcher has read it; never reads. */
  readonly jobsIfRead: readonly Job[] | undefined;
}

/** A watcher's decision to end the wait before the pipeline finishes. */
export interface Verdict {
  readonly outcome: 'passed' | 'failed' | 'manual';
  /** One line that says why, for the log or the failure. */
  readonly message: string;
}

/**
 * What a watcher found, as data: each host renders it its own way (the action as a job
 * summary, annotations and outputs; the command line as lines on stderr and JSON).
 */
export type Finding =
  | { readonly kind: 'report'; readonly report: FinalReport }
  | {
      readonly kind: 'problem';
      readonly level: 'error' | 'warning';
      readonly title: string;
      readonly text: string;
      /** A file of the repository the problem is in (a failed test), for an annotation on the diff. */
      readonly file?: string;
      /** Its line in `file`, when known. */
      readonly line?: number;
      /**
       * A failed test's (or the count of those not reported one by one): a host that lists
       * the failed tests from the `tests` finding itself (the command line) skips these.
       */
      readonly test?: true;
    }
  | {
      readonly kind: 'output';
      readonly name: string;
      readonly value: string;
      /** True for the one output that holds all the others as JSON (`gitlab_outputs`). */
      readonly aggregate?: boolean;
    }
  /** A part of the job summary, ready: `markdown` for the action, `text` for a terminal. */
  | {
      readonly kind: 'section';
      readonly title: string;
      readonly markdown: string;
      /** A shorter form kept when `markdown` would not fit in what is left of the summary. */
      readonly brief?: string;
      readonly text: string;
    }
  /** The step must fail even when the pipeline passed (an output that could not be read). */
  | { readonly kind: 'failure'; readonly message: string }
  /** Every downstream pipeline, followed down from the trigger jobs, in the order walked. */
  | { readonly kind: 'downstream'; readonly pipelines: readonly DownstreamPipeline[] }
  /** The pipeline's test report: totals, suites and failed cases. */
  | { readonly kind: 'tests'; readonly tests: TestResults }
  /** What was written to disk: artifacts unpacked and logs saved, per job. */
  | { readonly kind: 'downloads'; readonly downloads: Downloads };

/** The calls watchers make besides reading the pipeline. */
export type WatcherApi = JobsApi & Pick<PipelinesApi, 'play' | 'bridges' | 'traceTail'>;

/** What every watcher gets besides the snapshot. */
export interface WatchContext {
  readonly api: WatcherApi;
  readonly settings: WaitSettings;
  /** The host's names of the settings, for messages (`on_manual`, `--on-manual`). */
  readonly names: WaitSettingNames;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly redactor: Redactor;
  /** The run's cancel and the wait's deadline, for every request a watcher makes. */
  readonly stops: StopConditions;
  report(finding: Finding): void;
}

/** How the wait ended, for the watchers' final reads. */
export interface WaitEnd {
  readonly outcome: WaitOutcome;
  /** The pipeline as last read (or as the cancel left it). */
  readonly pipeline: Pipeline;
  /** The last read, when there was one. */
  readonly last?: Snapshot;
  readonly message: string;
  readonly elapsedMs: number;
}

/**
 * Something that follows the pipeline alongside the wait: the progress line, the policy for
 * manual jobs, the final report. It sees every read in order and may end the wait with a
 * verdict; at the end it may read more and report findings. A watcher that throws is
 * reported as a warning and the wait goes on.
 */
export interface Watcher {
  /** For the warning when it fails: `progress line`, `final report`. */
  readonly name: string;
  see?(snapshot: Snapshot, ctx: WatchContext): Promise<Verdict | undefined> | Verdict | undefined;
  /**
   * When the watcher wants the loop to wake for it before the next status read (epoch ms on the
   * context's clock), for reads of its own at its own cadence (a job's log); undefined when
   * the status reads are enough. The loop asks after every status read and every wake.
   */
  wakeAt?(): number | undefined;
  /** The loop woke for this watcher's `wakeAt`: it reads what it wanted, without a status read. */
  wake?(ctx: WatchContext): Promise<void> | void;
  end?(end: WaitEnd, ctx: WatchContext): Promise<void> | void;
}
