import type { CallAdvice } from './api-messages.js';
import { GitLabError } from './errors.js';
import { parseJson, statusText } from './gitlab-answer.js';
import type { ApiCall, ApiToken, GitLabClient } from './gitlab-client.js';
import { checkedBridges, checkedJobs, type Bridge, type Job } from './gitlab-entities.js';
import type { StopConditions } from './retry.js';
import { isPipeline, type Pipeline } from './pipeline.js';
import type { ProjectRef } from './settings.js';

export type { Bridge, Job } from './gitlab-entities.js';

/** How one read is made: bounded by the run's stops, and tried once when its caller rides out trouble. */
export interface ReadOptions {
  readonly stops?: StopConditions;
  readonly once?: boolean;
}

/** A read of the jobs, limited to the statuses of `scope` when given (GitLab's `scope[]`). */
export interface JobsReadOptions extends ReadOptions {
  readonly scope?: readonly string[];
}

/** One page of jobs, and how many the whole list holds when GitLab counts it (up to 10,000). */
export interface JobsPage {
  readonly jobs: Job[];
  readonly total?: number;
}

/** How many jobs a list holds, and its newest (highest id) job when it holds any. */
export interface JobCount {
  readonly count: number;
  readonly newest?: Job;
}

/** The pipeline endpoints followed after the trigger, each with a message-ready description. */
export class PipelinesApi {
  private readonly token: ApiToken | undefined;

  constructor(
    private readonly client: GitLabClient,
    private readonly project: ProjectRef,
    apiToken: string | undefined,
    /** A CI job token (`JOB-TOKEN`) may read pipelines on recent GitLab, never cancel or play. */
    header: ApiToken['header'] = 'PRIVATE-TOKEN',
    /** What a refused read means for this token (a job token's allowlist, say). */
    private readonly readAdvice?: CallAdvice,
  ) {
    this.token = apiToken ? { header, value: apiToken } : undefined;
  }

  /** Whether a token that may change things was given: never anonymously, never a job token. */
  get hasToken(): boolean {
    return this.token?.header === 'PRIVATE-TOKEN';
  }

  private base(id: number): string {
    return `/projects/${this.project.encoded}/pipelines/${id}`;
  }

  /**
   * The pipeline as GitLab last reported it. An answer that is not this pipeline (another's id,
   * a cache's or a proxy's JSON) is refused as trouble, never taken for it: its status would be
   * reported, and a cancel sent to its id.
   */
  async pipeline(id: number, options: ReadOptions = {}): Promise<Pipeline> {
    const what = `read pipeline #${id} of project '${this.project.display}'`;
    const answer = await this.client.apiJson<unknown>({
      ...options,
      method: 'GET',
      path: this.base(id),
      token: this.token,
      what,
      idempotent: true,
      advice: this.readAdvice,
    });
    if (isPipeline(answer) && answer.id === id) return answer;
    throw new GitLabError(
      `GitLab answered the request to ${what} with ${isPipeline(answer) ? `pipeline #${answer.id}` : 'JSON that is not a pipeline'}; the answer was not used.`,
      200,
      { call: what },
    );
  }

  /**
   * How long the last successful pipelines on the ref took, from creation to their last
   * update (when they finished), newest first. One request; the poll schedule uses it.
   */
  async recentDurations(ref: string, count = 5, options: ReadOptions = {}): Promise<number[]> {
    const recent = await this.client.apiJson<Pipeline[]>({
      ...options,
      method: 'GET',
      path: `/projects/${this.project.encoded}/pipelines`,
      query: { ref, status: 'success', order_by: 'id', sort: 'desc', per_page: count },
      token: this.token,
      what: `list recent pipelines of '${ref}'`,
      idempotent: true,
    });
    return (Array.isArray(recent) ? recent : [])
      .map((p) => Date.parse(p.updated_at ?? '') - Date.parse(p.created_at))
      .filter((ms) => Number.isFinite(ms) && ms > 0);
  }

  /**
   * How long the last successful pipelines of the project took, on any ref, newest first:
   * what a new tag or branch, with no history of its own, can expect. One request.
   */
  async recentProjectDurations(count = 5, options: ReadOptions = {}): Promise<number[]> {
    const recent = await this.client.apiJson<Pipeline[]>({
      ...options,
      method: 'GET',
      path: `/projects/${this.project.encoded}/pipelines`,
      query: { status: 'success', order_by: 'id', sort: 'desc', per_page: count },
      token: this.token,
      what: `list recent pipelines of project '${this.project.display}'`,
      idempotent: true,
    });
    return (Array.isArray(recent) ? recent : [])
      .map((p) => Date.parse(p.updated_at ?? '') - Date.parse(p.created_at))
      .filter((ms) => Number.isFinite(ms) && ms > 0);
  }

  /**
   * The newest pipelines of a commit (on `ref` when given), newest first: GitLab's list
   * filtered by the whole sha. Child pipelines are left out, as the list does by default.
   */
  async ofCommit(sha: string, ref?: string, options: ReadOptions = {}): Promise<Pipeline[]> {
    const answer = await this.client.apiJson<unknown>({
      ...options,
      method: 'GET',
      path: `/projects/${this.project.encoded}/pipelines`,
      query: { sha, ...(ref ? { ref } : {}), order_by: 'id', sort: 'desc', per_page: 20 },
      token: this.token,
      what: `list the pipelines of commit ${sha.slice(0, 12)} in project '${this.project.display}'`,
      idempotent: true,
      advice: this.readAdvice,
    });
    // Only what is this commit's pipeline counts: a proxy's or cache's list is not taken for it.
    return (Array.isArray(answer) ? answer : []).filter(
      (p): p is Pipeline => isPipeline(p) && p.sha === sha && (!ref || p.ref === ref),
    );
  }

  /** The jobs page by page, for a reader that keeps counts rather than every job. */
  async forEachJobsPage(
    id: number,
    onPage: (jobs: Job[]) => boolean | void,
    options: JobsReadOptions = {},
  ): Promise<void> {
    const call = this.jobsCall(id, options);
    await this.client.forEachPage<unknown>(call, (page) => onPage(checkedJobs(page, call.what)));
  }

  /**
   * One page of the jobs, newest first (GitLab sorts them by id, descending), and how many
   * there are in all as GitLab counts them (`X-Total`), which it does up to 10,000 only.
   */
  async jobsPage(
    id: number,
    options: JobsReadOptions & { page?: number; perPage?: number } = {},
  ): Promise<JobsPage> {
    const call = this.jobsCall(id, options);
    const response = await this.client.api({
      ...call,
      query: { ...call.query, per_page: options.perPage ?? 100, page: options.page ?? 1 },
    });
    const jobs = parseJson(response);
    if (!Array.isArray(jobs))
      throw new GitLabError(
        `GitLab answered ${statusText(response.status)} to ${call.what}, but not with a list.`,
        response.status,
        { call: call.what },
      );
    const header = response.headers.get('x-total')?.trim();
    const total = header ? Number(header) : NaN;
    return {
      jobs: checkedJobs(jobs, call.what),
      total: Number.isSafeInteger(total) && total >= 0 ? total : undefined,
    };
  }

  /**
   * How many jobs are in the statuses of `scope` (all when none), and the newest of them: one
   * request of one job while GitLab counts; past 10,000 (no `X-Total`), page by page.
   */
  async countJobs(id: number, options: JobsReadOptions = {}): Promise<JobCount> {
    const first = await this.jobsPage(id, { ...options, perPage: 1 });
    const newest = first.jobs[0];
    if (first.total !== undefined) return { count: first.total, newest };
    let count = 0;
    await this.forEachJobsPage(id, (jobs) => void (count += jobs.length), options);
    return { count, newest };
  }

  private jobsCall(id: number, options: JobsReadOptions): ApiCall {
    return {
      stops: options.stops,
      once: options.once,
      method: 'GET',
      path: `${this.base(id)}/jobs`,
      query: options.scope?.length ? { 'scope[]': options.scope } : undefined,
      token: this.token,
      what: `list the jobs of pipeline #${id}`,
      idempotent: true,
      advice: this.readAdvice,
    };
  }

  async bridges(id: number, options: ReadOptions = {}): Promise<Bridge[]> {
    const what = `list the trigger jobs of pipeline #${id}`;
    const bridges = await this.client.apiAll<unknown>({
      ...options,
      method: 'GET',
      path: `${this.base(id)}/bridges`,
      token: this.token,
      what,
      idempotent: true,
      advice: this.readAdvice,
    });
    return checkedBridges(bridges, what);
  }

  async cancel(id: number, options: ReadOptions = {}): Promise<Pipeline> {
    return this.client.apiJson<Pipeline>({
      ...options,
      method: 'POST',
      path: `${this.base(id)}/cancel`,
      token: this.token,
      what: `cancel pipeline #${id}`,
      // Cancelling twice is harmless: GitLab answers 200 with the pipeline either way.
      idempotent: true,
    });
  }

  /**
   * `POST …/pipelines/:id/retry`: GitLab retries the pipeline's failed and canceled jobs and
   * answers with the pipeline (201). Not repeated after a lost answer, like any write.
   */
  async retry(id: number, options: ReadOptions = {}): Promise<Pipeline> {
    return this.client.apiJson<Pipeline>({
      ...options,
      method: 'POST',
      path: `${this.base(id)}/retry`,
      token: this.token,
      what: `retry the failed jobs of pipeline #${id} of project '${this.project.display}'`,
      advice: ({ status }) =>
        status === 403
          ? 'retrying needs an api token with the api scope and at least the Developer role on the project'
          : undefined,
    });
  }

  async play(jobId: number, options: ReadOptions = {}): Promise<Job> {
    return this.client.apiJson<Job>({
      ...options,
      method: 'POST',
      path: `/projects/${this.project.encoded}/jobs/${jobId}/play`,
      token: this.token,
      what: `run manual job ${jobId}`,
    });
  }

  /** The last `maxBytes` of a job's log, cut at a line start. */
  async traceTail(jobId: number, maxBytes: number, options: ReadOptions = {}): Promise<string> {
    const response = await this.client.api({
      ...options,
      tailBytes: maxBytes,
      method: 'GET',
      path: `/projects/${this.project.encoded}/jobs/${jobId}/trace`,
      token: this.token,
      what: `read the log of job ${jobId}`,
      idempotent: true,
      advice: this.readAdvice,
    });
    // Only the last maxBytes were kept; when the log was longer, its first line is a fragment.
    const text = response.body;
    if (Buffer.byteLength(text) < maxBytes) return text;
    const newline = text.indexOf('\n');
    return newline >= 0 ? text.slice(newline + 1) : text;
  }
}
