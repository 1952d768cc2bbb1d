/**
 * What the result watchers (downstream pipelines, test reports, artifacts) find, as data the
 * hosts render: the action as summary sections, annotations and outputs; the command line as
 * one-line totals, warnings and JSON.
 */
import type { TestCounts } from '../../pipeline-results-api.js';
import type { Job } from '../../pipelines-api.js';

/** GitHub keeps at most 10 error annotations (and 10 warnings) a step. */
export const MAX_ANNOTATIONS = 10;

/** The joint between the trigger jobs of a path: `integration-tests › integration`. */
export const PATH_JOINT = ' › ';

/** A failed job of a downstream pipeline, named with its path from the top. */
export interface DownstreamFailedJob {
  readonly job: Job;
  /** `child › grandchild › integration`: the trigger jobs down to it, then its own name. */
  readonly name: string;
  /** The end of its log, cleaned of colour codes and secrets; absent when unreadable. */
  readonly trace?: string;
  /** True when its log was not read: past the first TRACED_FAILED_JOBS of its kind. */
  readonly unquoted?: boolean;
}

/** One downstream pipeline, started by a trigger job of the pipeline above it. */
export interface DownstreamPipeline {
  /** The trigger jobs' names from the top pipeline down to this one. */
  readonly path: readonly string[];
  /** The path as shown: `child › grandchild`. */
  readonly name: string;
  /** 1 for a pipeline started by a trigger job of the top pipeline. */
  readonly depth: number;
  /** The trigger job that started it. */
  readonly bridge: {
    readonly id: number;
    readonly name: string;
    readonly stage: string;
    /** A trigger job allowed to fail fails nothing above it. */
    readonly allow_failure?: boolean;
    readonly status: string;
  };
  /** Absent when the trigger job started no pipeline (a manual trigger, a failed creation). */
  readonly pipeline?: {
    readonly id: number;
    readonly project_id: number;
    readonly status: string;
    readonly web_url: string;
    readonly source?: string;
  };
  /**
   * `read`: its jobs are listed; `unreadable`: the token cannot read its project, so it is
   * only linked and named; `not-started`: there is no pipeline to read.
   */
  readonly access: 'read' | 'unreadable' | 'not-started';
  /** Its jobs in the order they ran, when read. */
  readonly jobs?: readonly Job[];
  readonly failed: readonly DownstreamFailedJob[];
}

export type { TestCounts };

export interface TestSuiteResult extends TestCounts {
  readonly name: string;
  /** Why GitLab could not read the suite's report (its counts are then 0). */
  readonly suiteError?: string;
}

/** A test case that failed or errored. */
export interface FailedTestCase {
  readonly suite: string;
  readonly name: string;
  readonly classname: string;
  readonly status: 'failed' | 'error';
  /** Relative to the repository, `./` stripped; absent when GitLab gave none or an absolute one. */
  readonly file?: string;
  /** The first lines of its output (system output, else stack trace), secrets masked. */
  readonly output?: string;
  /** True when an annotation was reported for it. */
  readonly annotated: boolean;
  /**
   * True when every job that ran its suite may fail (`allow_failure`): the failure fails
   * nothing, and is a warning rather than an error.
   */
  readonly allowedToFail?: boolean;
}

export interface TestResults {
  readonly total: TestCounts;
  readonly suites: readonly TestSuiteResult[];
  /** The failed cases read, in GitLab's order (errors, then failures, slowest first). */
  readonly failed: readonly FailedTestCase[];
  /** How many cases failed or errored, by the summary; may exceed `failed.length`. */
  readonly failedCount: number;
  /** How many of them were annotated (the rest are listed in the summary only). */
  readonly annotated: number;
  /** Why the failed cases could not be listed, when they could not. */
  readonly casesUnread?: string;
}

/** What became of one job's artifacts and log. */
export interface JobDownload {
  readonly job: { readonly id: number; readonly name: string; readonly web_url: string };
  /** Its name with the path of its pipeline: `child › integration`, or the name itself. */
  readonly name: string;
  /** The folder its artifacts were unpacked into (or its log written into). */
  readonly folder: string;
  /** Files written from its archive; 0 when it had none. */
  readonly files: number;
  /** Bytes written from its archive. */
  readonly bytes: number;
  /** The first refused entries (a link, a name that climbs out…), named as the checks read them. */
  readonly refused: readonly string[];
  /** How many entries were refused in all. */
  readonly refusedCount: number;
  /** The full log, when logs were asked for and it could be saved. */
  readonly log?: { readonly path: string; readonly bytes: number };
  /** What went wrong, when something did (no archive is not a problem). */
  readonly problems: readonly string[];
}

export interface Downloads {
  /** The folder everything was written under. */
  readonly root: string;
  readonly jobs: readonly JobDownload[];
  /** False when something asked for could not be fetched: the step fails. */
  readonly complete: boolean;
}
