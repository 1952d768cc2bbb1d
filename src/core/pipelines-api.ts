import type { ApiToken, GitLabClient } from './gitlab-client.js';
import type { Pipeline } from './pipeline.js';
import type { ProjectRef } from './settings.js';

/** A job as `GET /pipelines/:id/jobs` lists it; only the fields the tool reads are typed. */
export interface Job {
  readonly id: number;
  readonly name: string;
  readonly stage: string;
  readonly status: string;
  readonly duration?: number | null;
  readonly web_url: string;
  readonly allow_failure?: boolean;
  readonly failure_reason?: string;
}

/** A trigger job (`/bridges`) and the pipeline it started, when it started one. */
export interface Bridge {
  readonly id: number;
  readonly name: string;
  readonly stage: string;
  readonly status: string;
  readonly downstream_pipeline: (Pipeline & { project_id: number }) | null;
}

/** The pipeline endpoints followed after the trigger, each with a message-ready description. */
export class PipelinesApi {
  private readonly token: ApiToken | undefined;

  constructor(
    private readonly client: GitLabClient,
    private readonly project: ProjectRef,
    apiToken: string | undefined,
  ) {
    this.token = apiToken ? { header: 'PRIVATE-TOKEN', value: apiToken } : undefined;
  }

  /** Whether a token was given: cancelling and playing jobs are never allowed anonymously. */
  get hasToken(): boolean {
    return this.token !== undefined;
  }

  private base(id: number): string {
    return `/projects/${this.project.encoded}/pipelines/${id}`;
  }

  /** How long GitLab's rate limit asks to hold back before the next request. */
  rateLimitPauseMs(): number {
    return this.client.rateLimitPauseMs();
  }

  async pipeline(id: number): Promise<Pipeline> {
    return this.client.apiJson<Pipeline>({
      method: 'GET',
      path: this.base(id),
      token: this.token,
      what: `read pipeline #${id} of project '${this.project.display}'`,
      idempotent: true,
    });
  }

  /**
   * How long the last successful pipelines on the ref took, from creation to their last
   * update (when they finished), newest first. One request; the poll schedule uses it.
   */
  async recentDurations(ref: string, count = 5): Promise<number[]> {
    const recent = await this.client.apiJson<Pipeline[]>({
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

  async jobs(id: number): Promise<Job[]> {
    return this.client.apiAll<Job>({
      method: 'GET',
      path: `${this.base(id)}/jobs`,
      token: this.token,
      what: `list the jobs of pipeline #${id}`,
      idempotent: true,
    });
  }

  async bridges(id: number): Promise<Bridge[]> {
    return this.client.apiAll<Bridge>({
      method: 'GET',
      path: `${this.base(id)}/bridges`,
      token: this.token,
      what: `list the trigger jobs of pipeline #${id}`,
      idempotent: true,
    });
  }

  async cancel(id: number): Promise<Pipeline> {
    return this.client.apiJson<Pipeline>({
      method: 'POST',
      path: `${this.base(id)}/cancel`,
      token: this.token,
      what: `cancel pipeline #${id}`,
      // Cancelling twice is harmless: GitLab answers 200 with the pipeline either way.
      idempotent: true,
    });
  }

  async play(jobId: number): Promise<Job> {
    return this.client.apiJson<Job>({
      method: 'POST',
      path: `/projects/${this.project.encoded}/jobs/${jobId}/play`,
      token: this.token,
      what: `run manual job ${jobId}`,
    });
  }

  /** The last `maxBytes` of a job's log, cut at a line start. */
  async traceTail(jobId: number, maxBytes: number): Promise<string> {
    const response = await this.client.api({
      method: 'GET',
      path: `/projects/${this.project.encoded}/jobs/${jobId}/trace`,
      token: this.token,
      what: `read the log of job ${jobId}`,
      idempotent: true,
    });
    const text = response.body;
    if (text.length <= maxBytes) return text;
    const tail = text.slice(-maxBytes);
    const newline = tail.indexOf('\n');
    return newline >= 0 ? tail.slice(newline + 1) : tail;
  }
}
