import type { Pipeline } from '../pipeline.js';
import type { Bridge, Job } from '../pipelines-api.js';

export interface FailedJob {
  readonly job: Job;
  /** The end of its log, cleaned of colour codes and secrets; absent when unreadable or not read. */
  readonly trace?: string;
}

/** What is known about a finished pipeline, for the summary and the annotations. */
export interface FinalReport {
  readonly pipeline: Pipeline;
  /**
   * The jobs to list, in id order: the first ones by id and every failed job kept, never more
   * than a bounded number (`jobCount` says how many there are in all); undefined when the
   * token cannot list them.
   */
  readonly jobs?: readonly Job[];
  /** How many jobs the pipeline has, listed or not; absent when `jobs` is the whole list. */
  readonly jobCount?: number;
  /** How many of them failed, kept in `failed` or not; absent when `failed` holds them all. */
  readonly failedCount?: number;
  /** Trigger jobs and the downstream pipelines they started; undefined when unreadable. */
  readonly bridges?: readonly Bridge[];
  /** The failed jobs, those allowed to fail included, in id order; bounded like `jobs`. */
  readonly failed: readonly FailedJob[];
}
