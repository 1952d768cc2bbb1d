import type { Pipeline } from '../pipeline.js';
import type { Bridge, Job } from '../pipelines-api.js';

export interface FailedJob {
  readonly job: Job;
  /** The end of its log, cleaned of colour codes and secrets; absent when unreadable. */
  readonly trace?: string;
}

/** What is known about a finished pipeline, for the summary and the annotations. */
export interface FinalReport {
  readonly pipeline: Pipeline;
  /** Every job, across all pages; undefined when the token cannot list them. */
  readonly jobs?: readonly Job[];
  /** Trigger jobs and the downstream pipelines they started; undefined when unreadable. */
  readonly bridges?: readonly Bridge[];
  readonly failed: readonly FailedJob[];
}
