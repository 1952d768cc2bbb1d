import type { Pipeline } from '../pipeline.js';
import type { Job, PipelinesApi, ReadOptions } from '../pipelines-api.js';
import { DONE_JOB_STATUSES } from '../pipeline-statuses.js';

/** Jobs GitLab lists on one page: a pipeline with no more is read whole in one request. */
export const JOBS_PER_PAGE = 100;

/** The most jobs of one kind (failed, manual, still to run) a tally keeps; the rest are counted. */
export const MAX_KEPT_JOBS = 1_000;

/** Jobs of the stages in progress: moving, unlike `created` ones waiting for their stage. */
export const IN_PROGRESS_JOB_STATUSES = [
  'waiting_for_resource',
  'preparing',
  'pending',
  'running',
  'scheduled',
];

/**
 * What one read of the jobs leaves: counts, and the few jobs that matter — never every job,
 * so that a pipeline of ten thousand jobs costs what one of a hundred does.
 */
export interface JobTally {
  /** The pipeline's status when the jobs were read: once it has finished, nothing moves. */
  readonly status: string;
  readonly total: number;
  /** Jobs that finished: success, failed, canceled, skipped. */
  readonly done: number;
  /** Jobs still to run: created, waiting, pending, running, scheduled. */
  readonly active: number;
  /** Failed jobs, those allowed to fail included. */
  readonly failedCount: number;
  /** Failed jobs that may not fail. */
  readonly blockingFailed: number;
  /** The failed jobs, lowest id first; at most MAX_KEPT_JOBS. */
  readonly failed: readonly Job[];
  /** The manual jobs, lowest id first; at most MAX_KEPT_JOBS. Read while the pipeline waits on one. */
  readonly manual: readonly Job[];
  /**
   * The jobs this read kept, in id order: all of them when they fit on one page; else the failed,
   * the manual and those in progress, and the newest created and done ones.
   */
  readonly jobs: readonly Job[];
}

/** The calls a tally makes: the jobs page by page, and counted by status. */
export type JobsApi = Pick<PipelinesApi, 'forEachJobsPage' | 'jobsPage' | 'countJobs'>;

/** True when the tally holds every job of the pipeline. */
export function isComplete(tally: JobTally): boolean {
  return tally.jobs.length === tally.total;
}

/** A job with only the fields the tool reads, so that the rest of GitLab's answer can go. */
export function slim(job: Job): Job {
  const { id, name, stage, status, duration, web_url, allow_failure, failure_reason } = job;
  return { id, name, stage, status, duration, web_url, allow_failure, failure_reason };
}

const byId = (a: Job, b: Job): number => a.id - b.id;

/** Keeps the `max` jobs of lowest id among those added, as slim copies, and counts them all. */
export class LowestIds {
  private kept: Job[] = [];
  count = 0;

  constructor(private readonly max: number = MAX_KEPT_JOBS) {}

  add(job: Job): void {
    this.count++;
    this.kept.push(slim(job));
    if (this.kept.length >= this.max * 2) this.trim();
  }

  jobs(): Job[] {
    this.trim();
    return this.kept;
  }

  private trim(): void {
    this.kept.sort(byId);
    if (this.kept.length > this.max) this.kept.length = this.max;
  }
}

/**
 * The manual jobs kept: the blocking ones (`allow_failure: false`) apart from the optional
 * ones, so that thousands of optional manual jobs can never push out the one that blocks.
 */
class ManualJobs {
  private readonly blocking = new LowestIds();
  private readonly optional = new LowestIds();

  add(job: Job): void {
    (job.allow_failure === false ? this.blocking : this.optional).add(job);
  }

  jobs(): Job[] {
    return unique([...this.blocking.jobs(), ...this.optional.jobs()]).sort(byId);
  }
}

/** Tallies a list of jobs read whole. */
export function tallyJobs(jobs: readonly Job[], status = ''): JobTally {
  const failed = new LowestIds();
  const manual = new ManualJobs();
  const moving = new LowestIds();
  let done = 0;
  let blocking = 0;
  let lastDone: Job | undefined;
  for (const job of jobs) {
    if (DONE_JOB_STATUSES.includes(job.status)) {
      done++;
      if (!lastDone || lastDone.id < job.id) lastDone = job;
    }
    if (job.status === 'created' || IN_PROGRESS_JOB_STATUSES.includes(job.status)) moving.add(job);
    if (job.status === 'manual') manual.add(job);
    if (job.status === 'failed') {
      failed.add(job);
      if (!job.allow_failure) blocking++;
    }
  }
  const kept =
    jobs.length <= JOBS_PER_PAGE
      ? jobs.map(slim)
      : unique([...failed.jobs(), ...manual.jobs(), ...moving.jobs(), ...oneOrNone(lastDone)]);
  return {
    status,
    total: jobs.length,
    done,
    active: moving.count,
    failedCount: failed.count,
    blockingFailed: blocking,
    failed: failed.jobs(),
    manual: manual.jobs(),
    jobs: kept.sort(byId),
  };
}

/**
 * Reads a tally of the pipeline's jobs. A pipeline of one page is read in one request; a larger
 * one is counted by status with `scope[]` (GitLab's `X-Total`, one job a request), and only
 * its failed jobs, its jobs in progress (one page) and, while it waits on one, its manual jobs
 * are read. `total`, when known from an earlier read, saves the request that counts them all.
 */
export async function readTally(
  api: JobsApi,
  pipeline: Pick<Pipeline, 'id' | 'status'>,
  options: ReadOptions = {},
  total?: number,
): Promise<JobTally> {
  if (total === undefined || total <= JOBS_PER_PAGE) {
    const first = await api.jobsPage(pipeline.id, { ...options, perPage: JOBS_PER_PAGE });
    total = first.total ?? (await api.countJobs(pipeline.id, options)).count;
    if (first.jobs.length >= total) return tallyJobs(first.jobs, pipeline.status);
  }
  return readLarge(api, pipeline, total, options);
}

async function readLarge(
  api: JobsApi,
  pipeline: Pick<Pipeline, 'id' | 'status'>,
  total: number,
  options: ReadOptions,
): Promise<JobTally> {
  const id = pipeline.id;
  const done = await api.countJobs(id, { ...options, scope: DONE_JOB_STATUSES });
  const created = await api.countJobs(id, { ...options, scope: ['created'] });
  const scope = IN_PROGRESS_JOB_STATUSES;
  const moving = await api.jobsPage(id, { ...options, scope, perPage: JOBS_PER_PAGE });
  const movingCount = moving.total ?? (await api.countJobs(id, { ...options, scope })).count;
  const failed = new LowestIds();
  let blocking = 0;
  await api.forEachJobsPage(
    id,
    (page) => {
      // The job's own status decides: a GitLab or a proxy that drops the query string would
      // answer every job to `scope[]=failed`; the filter only narrows the read.
      for (const job of page) {
        if (job.status !== 'failed') continue;
        failed.add(job);
        if (!job.allow_failure) blocking++;
      }
    },
    { ...options, scope: ['failed'] },
  );
  const manual = new ManualJobs();
  if (pipeline.status === 'manual')
    await api.forEachJobsPage(
      id,
      (page) => page.forEach((job) => job.status === 'manual' && manual.add(job)),
      {
        ...options,
        scope: ['manual'],
      },
    );
  const samples = [
    ...moving.jobs.filter((job) => scope.includes(job.status)),
    ...oneOrNone(created.newest).filter((job) => job.status === 'created'),
    ...oneOrNone(done.newest).filter((job) => DONE_JOB_STATUSES.includes(job.status)),
  ];
  return {
    status: pipeline.status,
    total,
    done: done.count,
    active: created.count + movingCount,
    failedCount: failed.count,
    blockingFailed: blocking,
    failed: failed.jobs(),
    manual: manual.jobs(),
    jobs: unique([...failed.jobs(), ...manual.jobs(), ...samples.map(slim)]).sort(byId),
  };
}

/** The job as a list of one, or none. */
function oneOrNone(job: Job | undefined): Job[] {
  return job ? [job] : [];
}

function unique(jobs: Job[]): Job[] {
  const seen = new Set<number>();
  return jobs.filter((job) => !seen.has(job.id) && !!seen.add(job.id));
}
