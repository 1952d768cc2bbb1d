import { GitLabError } from './errors.js';
import type { ApiCall, ApiToken, GitLabClient } from './gitlab-client.js';
import { checkedBridges, checkedJobs } from './gitlab-entities.js';
import type { Logger } from './logger.js';
import { redactingFilter } from './redact-stream.js';
import type { Redactor } from './redact.js';
import type { Bridge, Job, ReadOptions } from './pipelines-api.js';

/**
 * The calls that read what a pipeline left behind — its trigger jobs and downstream
 * pipelines, test reports, artifacts and logs — in any project, by numeric id: a downstream
 * pipeline may live in another project than the one triggered.
 */

/** Test counts of one suite, as `…/test_report_summary` lists them. */
export interface SuiteSummary {
  readonly name: string;
  readonly total_time: number;
  readonly total_count: number;
  readonly success_count: number;
  readonly failed_count: number;
  readonly skipped_count: number;
  readonly error_count: number;
  readonly suite_error?: string | null;
}

/** Counts of test cases, as GitLab's test report summary gives them. */
export interface TestCounts {
  /** Seconds. */
  readonly time: number;
  readonly count: number;
  readonly success: number;
  readonly failed: number;
  readonly skipped: number;
  readonly error: number;
}

/** `GET /projects/:id/pipelines/:pipeline_id/test_report_summary`. */
export interface TestReportSummary {
  readonly total: TestCounts & { readonly suite_error?: string | null };
  readonly test_suites: readonly SuiteSummary[];
}

/** One test case of `…/test_report`. */
export interface TestCase {
  readonly status: string;
  readonly name: string;
  readonly classname?: string | null;
  readonly file?: string | null;
  readonly execution_time?: number;
  readonly system_output?: string | null;
  readonly stack_trace?: string | null;
}

/** `GET /projects/:id/pipelines/:pipeline_id/test_report`: the suites with their cases. */
export interface TestReport {
  readonly test_suites: readonly (SuiteSummary & { readonly test_cases?: readonly TestCase[] })[];
}

/** Options of the reads that write to disk. */
export interface SaveOptions extends ReadOptions {
  /** The most bytes written; a larger body fails with a TooLarge NetworkError. */
  readonly maxBytes: number;
}

/** Options of a saved log: its secrets are masked on the way to the file. */
export interface SaveLogOptions extends SaveOptions {
  readonly redactor: Redactor;
}

export class PipelineResultsApi {
  private readonly token: ApiToken | undefined;
  /** Which route lists trigger jobs here: `trigger_jobs` from GitLab 19.2, `bridges` before. */
  private triggerJobsRoute: 'unknown' | 'trigger_jobs' | 'bridges' = 'unknown';
  /**
   * Projects whose trigger jobs this token was refused, with the refusal: learned once a run,
   * so that each later walk down the pipelines (every refresh) does not pay the same refused
   * requests again (two before 19.2: `/trigger_jobs`, then `/bridges`).
   */
  private readonly refusedTriggerJobs = new Map<number, GitLabError>();

  constructor(
    private readonly client: GitLabClient,
    apiToken: string | undefined,
    private readonly logger?: Logger,
    /** A CI job token reads with `JOB-TOKEN`, where GitLab lets it. */
    header: ApiToken['header'] = 'PRIVATE-TOKEN',
  ) {
    this.token = apiToken ? { header, value: apiToken } : undefined;
  }

  private call(path: string, what: string, options: ReadOptions): ApiCall {
    return { ...options, method: 'GET', path, token: this.token, what, idempotent: true };
  }

  private pipelinePath(projectId: number, pipelineId: number): string {
    return `/projects/${projectId}/pipelines/${pipelineId}`;
  }

  /**
   * The trigger jobs of a pipeline and the pipelines they started. GitLab 19.2 renamed
   * `/bridges` to `/trigger_jobs` and deprecated the old name: the new route is tried first,
   * and where it does not exist (404 while `/bridges` answers) the old one is used from then on.
   * A project that refuses the token (a CI job token before GitLab 18.1, a project it cannot
   * read) is not asked again this run: the refusal is answered at once.
   */
  async triggerJobs(
    projectId: number,
    pipelineId: number,
    options: ReadOptions = {},
  ): Promise<Bridge[]> {
    const refused = this.refusedTriggerJobs.get(projectId);
    if (refused) throw refused;
    try {
      return await this.readTriggerJobs(projectId, pipelineId, options);
    } catch (error) {
      if (refusesProject(error)) {
        this.refusedTriggerJobs.set(projectId, error);
        this.logger?.debug(
          `The trigger jobs of project ${projectId} are not readable with this token (${error.status}): not asked again this run.`,
        );
      }
      throw error;
    }
  }

  private async readTriggerJobs(
    projectId: number,
    pipelineId: number,
    options: ReadOptions,
  ): Promise<Bridge[]> {
    const what = `list the trigger jobs of pipeline #${pipelineId} of project ${projectId}`;
    const read = async (route: 'trigger_jobs' | 'bridges'): Promise<Bridge[]> =>
      checkedBridges(
        await this.client.apiAll<unknown>(
          this.call(`${this.pipelinePath(projectId, pipelineId)}/${route}`, what, options),
        ),
        what,
      );
    if (this.triggerJobsRoute === 'bridges') return read('bridges');
    try {
      const jobs = await read('trigger_jobs');
      this.triggerJobsRoute = 'trigger_jobs';
      return jobs;
    } catch (error) {
      if (this.triggerJobsRoute !== 'unknown' || !(error instanceof GitLabError)) throw error;
      if (error.status !== 404) throw error;
    }
    const jobs = await read('bridges');
    this.triggerJobsRoute = 'bridges';
    this.logger?.debug('This GitLab has no /trigger_jobs route (before 19.2): using /bridges.');
    return jobs;
  }

  /** Every job of a pipeline; with `includeRetried`, the retried runs too. */
  async jobs(
    projectId: number,
    pipelineId: number,
    options: ReadOptions & { includeRetried?: boolean } = {},
  ): Promise<Job[]> {
    const { includeRetried, ...read } = options;
    const call = this.call(
      `${this.pipelinePath(projectId, pipelineId)}/jobs`,
      `list the jobs of pipeline #${pipelineId} of project ${projectId}`,
      read,
    );
    return checkedJobs(
      await this.client.apiAll<unknown>(
        includeRetried ? { ...call, query: { include_retried: 'true' } } : call,
      ),
      call.what,
    );
  }

  /** The last `maxBytes` of a job's log, cut at a line start. */
  async traceTail(
    projectId: number,
    jobId: number,
    maxBytes: number,
    options: ReadOptions = {},
  ): Promise<string> {
    const response = await this.client.api({
      ...this.call(
        `/projects/${projectId}/jobs/${jobId}/trace`,
        `read the log of job ${jobId}`,
        options,
      ),
      tailBytes: maxBytes,
    });
    const text = response.body;
    if (Buffer.byteLength(text) < maxBytes) return text;
    const newline = text.indexOf('\n');
    return newline >= 0 ? text.slice(newline + 1) : text;
  }

  /** The test counts of a pipeline, by suite: one small request. */
  async testReportSummary(
    projectId: number,
    pipelineId: number,
    options: ReadOptions = {},
  ): Promise<TestReportSummary> {
    return this.client.apiJson<TestReportSummary>(
      this.call(
        `${this.pipelinePath(projectId, pipelineId)}/test_report_summary`,
        `read the test report summary of pipeline #${pipelineId}`,
        options,
      ),
    );
  }

  /** The whole test report of a pipeline, every case of every suite. */
  async testReport(
    projectId: number,
    pipelineId: number,
    options: ReadOptions = {},
  ): Promise<TestReport> {
    return this.client.apiJson<TestReport>(
      this.call(
        `${this.pipelinePath(projectId, pipelineId)}/test_report`,
        `read the test report of pipeline #${pipelineId}`,
        options,
      ),
    );
  }

  /**
   * One file of a job's artifacts (`GET /projects/:id/jobs/:job_id/artifacts/*artifact_path`)
   * as text; undefined when the job has no such file (GitLab answers 404).
   */
  async artifactFile(
    projectId: number,
    jobId: number,
    path: string,
    options: ReadOptions & { maxBytes?: number } = {},
  ): Promise<string | undefined> {
    const { maxBytes, ...read } = options;
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    try {
      const response = await this.client.api({
        ...this.call(
          `/projects/${projectId}/jobs/${jobId}/artifacts/${encoded}`,
          `read ${path} from the artifacts of job ${jobId}`,
          read,
        ),
        maxBytes,
        fromStorage: true,
      });
      return response.body;
    } catch (error) {
      if (error instanceof GitLabError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * Streams a job's artifacts archive to `file`; the bytes written, or undefined when the
   * job has no archive (404).
   */
  async saveArchive(
    projectId: number,
    jobId: number,
    file: string,
    options: SaveOptions,
  ): Promise<number | undefined> {
    const { maxBytes, ...read } = options;
    try {
      const response = await this.client.api({
        ...this.call(
          `/projects/${projectId}/jobs/${jobId}/artifacts`,
          `download the artifacts of job ${jobId}`,
          read,
        ),
        saveTo: { path: file, maxBytes },
        fromStorage: true,
      });
      return response.saved ?? 0;
    } catch (error) {
      if (error instanceof GitLabError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Streams a job's whole log to `file`, every secret the tool knows masked; the bytes read. */
  async saveLog(
    projectId: number,
    jobId: number,
    file: string,
    options: SaveLogOptions,
  ): Promise<number> {
    const { maxBytes, redactor, ...read } = options;
    const response = await this.client.api({
      ...this.call(
        `/projects/${projectId}/jobs/${jobId}/trace`,
        `read the log of job ${jobId}`,
        read,
      ),
      saveTo: { path: file, maxBytes, filter: () => redactingFilter(redactor) },
      fromStorage: true,
    });
    return response.saved ?? 0;
  }
}

/**
 * A refusal that holds for the whole project, not for one pipeline: the token is refused
 * (401, 403) or the project is hidden from it (404 Project Not Found). A plain 404 (`Not
 * found`: no such pipeline) says nothing of the project's other pipelines.
 */
function refusesProject(error: unknown): error is GitLabError {
  if (!(error instanceof GitLabError)) return false;
  if (error.status === 401 || error.status === 403) return true;
  return error.status === 404 && /project not found/i.test(error.gitlabMessage ?? '');
}
