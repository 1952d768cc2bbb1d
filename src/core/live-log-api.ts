import type { ApiCall, ApiToken, GitLabClient } from './gitlab-client.js';
import type { BodyWindow } from './http-transport.js';
import type { Job, ReadOptions } from './pipelines-api.js';

/** What one read of a job's log found. */
export interface LogPart {
  /** The bytes of the log handed on as text (a character cut by the read's bound is left out). */
  readonly bytes: number;
  /** The log's whole size at this read: what the read cost. */
  readonly size: number;
}

/** The calls that follow a job's log while it runs. */
export interface LiveLogApi {
  /** The job as GitLab reports it now (its status). */
  job(projectId: number, jobId: number, options?: ReadOptions): Promise<Job>;
  /**
   * The job's log from byte `window.from` on, at most `window.maxBytes` of it, handed to
   * `window.onText` piece by piece as it arrives: never held whole.
   */
  logFrom(
    projectId: number,
    jobId: number,
    window: BodyWindow,
    options?: ReadOptions,
  ): Promise<LogPart>;
}

/**
 * The live log's reads, through the one client. GitLab's `GET /jobs/:id/trace` answers the
 * whole log so far and looks at no Range header (lib/api/ci/jobs.rb, `body trace.raw`, 17.x):
 * each read costs the log's size, so the part before `from` is counted and dropped as it flows.
 */
export class GitLabLiveLogApi implements LiveLogApi {
  private readonly token: ApiToken | undefined;

  constructor(
    private readonly client: GitLabClient,
    apiToken: string | undefined,
    header: ApiToken['header'] = 'PRIVATE-TOKEN',
  ) {
    this.token = apiToken ? { header, value: apiToken } : undefined;
  }

  private call(path: string, what: string, options: ReadOptions): ApiCall {
    return { ...options, method: 'GET', path, token: this.token, what, idempotent: true };
  }

  async job(projectId: number, jobId: number, options: ReadOptions = {}): Promise<Job> {
    return this.client.apiJson<Job>(
      this.call(`/projects/${projectId}/jobs/${jobId}`, `read job ${jobId}`, options),
    );
  }

  async logFrom(
    projectId: number,
    jobId: number,
    window: BodyWindow,
    options: ReadOptions = {},
  ): Promise<LogPart> {
    const response = await this.client.api({
      ...this.call(
        `/projects/${projectId}/jobs/${jobId}/trace`,
        `read the log of job ${jobId}`,
        options,
      ),
      window,
      fromStorage: true,
    });
    const read = response.window;
    if (!read) throw new Error(`The answer to read the log of job ${jobId} kept no window.`);
    return { bytes: read.kept, size: read.size };
  }
}
