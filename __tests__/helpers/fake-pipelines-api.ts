// One fake of GitLab's pipelines API for unit tests: every call the real PipelinesApi offers,
// over one pipeline and its jobs in memory. The job lists are paged and counted as GitLab does
// (newest first, `X-Total` up to 10,000, `scope[]`), so that the code under test takes the
// same paths as against GitLab; tests script the pipeline's status and any trouble.
import { GitLabError } from '../../src/core/errors.js';
import type { Pipeline } from '../../src/core/pipeline.js';
import type {
  Bridge,
  Job,
  JobCount,
  JobsPage,
  JobsReadOptions,
  PipelinesApi,
  ReadOptions,
} from '../../src/core/pipelines-api.js';

/** Every public call and property of the real API, so a fake cannot leave one out. */
export type PipelinesApiCalls = { readonly [K in keyof PipelinesApi]: PipelinesApi[K] };

/** GitLab's default page, and the most jobs it counts in `X-Total`. */
const PER_PAGE = 100;
const MAX_COUNTED = 10_000;

export interface FakePipelinesApiOptions {
  /** The pipeline followed; a read of another id is answered 404. */
  readonly pipeline: Pipeline;
  /** Its status at each read (see `timeline`); the pipeline's own when absent. */
  readonly status?: () => string;
  /** Its jobs, in any order. */
  readonly jobs?: readonly Job[];
  readonly bridges?: readonly Bridge[];
  /** The log of a job, by id; a job without one has an empty log. */
  readonly traces?: Readonly<Record<number, string>>;
  /** How long recent successful pipelines took, newest first: on the ref, and on any ref. */
  readonly history?: { readonly onRef?: readonly number[]; readonly inProject?: readonly number[] };
  /** False for a token that may not change things (none, or a CI job token). Default true. */
  readonly hasToken?: boolean;
  /** Called before each status read with its number (from 1): may throw, to script trouble. */
  readonly onRead?: (n: number) => void;
  /** Called when a manual job is played, after GitLab would have queued it. */
  readonly onPlay?: (jobId: number) => void;
  /** Called when the pipeline is cancelled. */
  readonly onCancel?: () => void;
}

/**
 * A pipeline's status that follows a timeline of [status, from-ms] pairs on a clock, from the
 * moment this is called; `created` before the first. The timeline is read at each call, so
 * a test may add to it as the wait goes.
 */
export function timeline(
  steps: ReadonlyArray<readonly [string, number]>,
  clock: { now(): number },
): () => string {
  const start = clock.now();
  return () => {
    const age = clock.now() - start;
    return [...steps].reverse().find(([, from]) => age >= from)?.[0] ?? 'created';
  };
}

export class FakePipelinesApi implements PipelinesApiCalls {
  readonly hasToken: boolean;
  /** What was asked: status reads, cancels, the jobs played, job-list requests (pages). */
  readonly calls = { pipeline: 0, cancel: 0, play: [] as number[], jobLists: 0 };
  private readonly jobList: Job[];
  private canceled = false;

  constructor(private readonly options: FakePipelinesApiOptions) {
    this.hasToken = options.hasToken ?? true;
    // GitLab lists a pipeline's jobs newest (highest id) first.
    this.jobList = (options.jobs ?? []).map((job) => ({ ...job })).sort((a, b) => b.id - a.id);
  }

  private current(): Pipeline {
    const status = this.canceled
      ? 'canceled'
      : (this.options.status?.() ?? this.options.pipeline.status);
    return { ...this.options.pipeline, status };
  }

  private check(id: number): void {
    if (id !== this.options.pipeline.id)
      throw new GitLabError(
        `GitLab answered 404 Not Found to the request for pipeline #${id}`,
        404,
      );
  }

  async pipeline(id: number, _options?: ReadOptions): Promise<Pipeline> {
    this.options.onRead?.(++this.calls.pipeline);
    this.check(id);
    return this.current();
  }

  async recentDurations(_ref: string, count = 5, _options?: ReadOptions): Promise<number[]> {
    return (this.options.history?.onRef ?? []).slice(0, count);
  }

  async recentProjectDurations(count = 5, _options?: ReadOptions): Promise<number[]> {
    return (this.options.history?.inProject ?? []).slice(0, count);
  }

  async ofCommit(sha: string, ref?: string, _options?: ReadOptions): Promise<Pipeline[]> {
    const pipeline = this.current();
    return pipeline.sha === sha && (!ref || pipeline.ref === ref) ? [pipeline] : [];
  }

  async forEachJobsPage(
    id: number,
    onPage: (jobs: Job[]) => boolean | void,
    options: JobsReadOptions = {},
  ): Promise<void> {
    // Like the client: page after page up to the last GitLab counts (past 10,000, until an
    // empty one), or until onPage says stop.
    for (let page = 1; ; page++) {
      const { jobs, total } = await this.jobsPage(id, { ...options, page, perPage: PER_PAGE });
      if (onPage(jobs) === false || jobs.length === 0) return;
      if (total !== undefined && page * PER_PAGE >= total) return;
    }
  }

  async jobsPage(
    id: number,
    options: JobsReadOptions & { page?: number; perPage?: number } = {},
  ): Promise<JobsPage> {
    this.calls.jobLists++;
    this.check(id);
    const scope = options.scope ?? [];
    const listed = this.jobList.filter((job) => scope.length === 0 || scope.includes(job.status));
    const perPage = options.perPage ?? PER_PAGE;
    const from = ((options.page ?? 1) - 1) * perPage;
    return {
      jobs: listed.slice(from, from + perPage).map((job) => ({ ...job })),
      total: listed.length <= MAX_COUNTED ? listed.length : undefined,
    };
  }

  async countJobs(id: number, options: JobsReadOptions = {}): Promise<JobCount> {
    // As the real API counts: one job and X-Total, else page by page.
    const first = await this.jobsPage(id, { ...options, perPage: 1 });
    const newest = first.jobs[0];
    if (first.total !== undefined) return { count: first.total, newest };
    let count = 0;
    await this.forEachJobsPage(id, (jobs) => void (count += jobs.length), options);
    return { count, newest };
  }

  async bridges(id: number, _options?: ReadOptions): Promise<Bridge[]> {
    this.check(id);
    return (this.options.bridges ?? []).map((bridge) => ({ ...bridge }));
  }

  async cancel(id: number, _options?: ReadOptions): Promise<Pipeline> {
    this.check(id);
    this.calls.cancel++;
    this.canceled = true;
    this.options.onCancel?.();
    return { ...this.options.pipeline, status: 'canceling' };
  }

  async retry(id: number, _options?: ReadOptions): Promise<Pipeline> {
    this.check(id);
    this.canceled = false;
    return { ...this.current(), status: 'running' };
  }

  /** Plays a manual job as GitLab does: queued (`pending`); any other job is refused. */
  async play(jobId: number, _options?: ReadOptions): Promise<Job> {
    const at = this.jobList.findIndex((j) => j.id === jobId);
    const job = this.jobList[at];
    if (!job) throw new GitLabError(`GitLab answered 404 Not Found to playing job ${jobId}`, 404);
    if (job.status !== 'manual')
      throw new GitLabError(
        `GitLab answered 400 Bad Request (Unplayable Job) to job ${jobId}`,
        400,
      );
    this.calls.play.push(jobId);
    const queued = { ...job, status: 'pending' };
    this.jobList[at] = queued;
    this.options.onPlay?.(jobId);
    return { ...queued };
  }

  async traceTail(jobId: number, maxBytes: number, _options?: ReadOptions): Promise<string> {
    // Like the real API: the last maxBytes, from the first whole line when the log was longer.
    const log = this.options.traces?.[jobId] ?? '';
    if (Buffer.byteLength(log) < maxBytes) return log;
    const tail = log.slice(-maxBytes);
    const newline = tail.indexOf('\n');
    return newline >= 0 ? tail.slice(newline + 1) : tail;
  }
}
