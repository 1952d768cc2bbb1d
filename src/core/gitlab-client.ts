import type { Clock, Logger } from './clock.js';
import { GitLabError, NetworkError } from './errors.js';
import { gitlabSays, isHtml, parseJson, retryAfterMs, statusText } from './gitlab-answer.js';
import { isPermanent, type HttpHeaders, type HttpResponse, type HttpSend } from './http.js';
import { isPipeline, type Pipeline } from './pipeline.js';
import type { Redactor } from './redact.js';
import type { GitLabInstance, PipelineInputValue, ProjectRef } from './settings.js';
import { triggerRefusal } from './trigger-messages.js';
import { apiRefusal } from './api-messages.js';

/** How the trigger is retried when GitLab certainly created nothing. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Waits between attempts when GitLab names none (503, a refused connection). */
  readonly backoffMs: readonly number[];
  /** The longest `Retry-After` that is waited out; a longer one fails at once. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  backoffMs: [1_000, 2_000, 4_000, 8_000],
  maxRetryAfterMs: 60_000,
};

export interface GitLabClientOptions {
  readonly instance: GitLabInstance;
  readonly send: HttpSend;
  readonly userAgent: string;
  readonly logger: Logger;
  readonly redactor: Redactor;
  readonly clock: Clock;
  readonly retry?: RetryPolicy;
}

export interface TriggerRequest {
  readonly project: ProjectRef;
  readonly ref: string;
  readonly token: string;
  readonly variables: Readonly<Record<string, string>>;
  readonly inputs: Readonly<Record<string, PipelineInputValue>>;
}

/** A token for the API's read and write endpoints, and the header GitLab takes it in. */
export interface ApiToken {
  readonly header: 'PRIVATE-TOKEN' | 'JOB-TOKEN';
  readonly value: string;
}

/** One call to the REST API, other than the trigger. */
export interface ApiCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Under the API base, already encoded: `/projects/acme%2Fdeploy/pipelines/5`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly json?: unknown;
  /** None for a public project read anonymously. */
  readonly token?: ApiToken;
  /** What the call does, for messages: `read pipeline #5 of project 'acme/deploy'`. */
  readonly what: string;
  /** Repeat on 429, 502, 503, 504 and broken connections: only for calls that change nothing. */
  readonly idempotent?: boolean;
}

/**
 * The one place that talks to GitLab's REST API: it builds the requests, and turns every
 * status and error body into a message a person can act on.
 */
export class GitLabClient {
  private readonly retry: RetryPolicy;
  /** When GitLab's rate limit, as its last answer told, lets the next request through. */
  private rateLimitResetAt = 0;

  constructor(private readonly options: GitLabClientOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /** Where a project's pipelines are listed: the link given when a pipeline's own is unknown. */
  pipelinesPage(project: ProjectRef): string {
    const path = /^\d+$/.test(project.display) ? `projects/${project.display}` : project.display;
    return `${this.options.instance.url}/${path}/-/pipelines`;
  }

  /**
   * `POST /projects/:id/trigger/pipeline`. The token travels in the JSON body, never in the
   * URL. Retried only when GitLab certainly created nothing (429, 503, no connection):
   * a repeated trigger after a lost answer could start a second deployment.
   */
  async triggerPipeline(request: TriggerRequest, signal?: AbortSignal): Promise<Pipeline> {
    const body: Record<string, unknown> = { ref: request.ref, token: request.token };
    if (Object.keys(request.variables).length > 0) body.variables = request.variables;
    if (Object.keys(request.inputs).length > 0) body.inputs = request.inputs;
    const url = `${this.options.instance.apiUrl}/projects/${request.project.encoded}/trigger/pipeline`;
    const where = `project '${request.project.display}' at ref '${request.ref}'`;

    for (let attempt = 1; ; attempt++) {
      if (attempt > 1 && signal?.aborted) {
        // Cancelled during a retry pause: every earlier attempt certainly created nothing.
        throw new NetworkError(
          `The run was cancelled before GitLab created a pipeline for ${where}; the trigger was not sent again.`,
          false,
          'ABORTED',
        );
      }
      let response: HttpResponse;
      try {
        response = await this.send('POST', url, {}, body);
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        if (error.maybeProcessed) {
          throw this.fail(
            new NetworkError(
              `${error.message}. A pipeline may have been created for ${where}, so the request was not repeated: check ${this.pipelinesPage(request.project)} before running again.`,
              true,
              error.code,
              error.status,
            ),
          );
        }
        if (isPermanent(error) || attempt >= this.retry.attempts)
          throw this.fail(this.finalNetwork(error, attempt));
        await this.pause(attempt, undefined, `${error.message}; nothing was sent`, signal);
        continue;
      }

      if (response.status === 201) {
        const pipeline = parseJson(response);
        if (isPipeline(pipeline)) return pipeline;
        throw this.fail(
          new GitLabError(
            `GitLab answered 201 Created for ${where}, but not with a pipeline, so its id is unknown: find it at ${this.pipelinesPage(request.project)}.`,
            201,
          ),
        );
      }
      if ((response.status === 429 || response.status === 503) && attempt < this.retry.attempts) {
        const wait = retryAfterMs(response.headers, this.options.clock.now());
        if (wait === undefined || wait <= this.retry.maxRetryAfterMs) {
          await this.pause(
            attempt,
            wait,
            `GitLab answered ${statusText(response.status)}${said(response)}; no pipeline was created`,
            signal,
          );
          continue;
        }
      }
      throw this.fail(
        triggerRefusal(response, request, this.describe(), attempt, this.options.clock.now()),
      );
    }
  }

  /**
   * Sends one API call and returns GitLab's 2xx answer; any other answer is thrown as a
   * GitLabError whose message says what the status means for this call.
   */
  async api(call: ApiCall): Promise<HttpResponse> {
    const url = new URL(`${this.options.instance.apiUrl}${call.path}`);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = call.token
      ? { [call.token.header]: call.token.value }
      : {};
    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse;
      try {
        response = await this.send(call.method, url.toString(), headers, call.json);
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        const repeat = (call.idempotent || !error.maybeProcessed) && !isPermanent(error);
        if (!repeat || attempt >= this.retry.attempts) {
          throw this.fail(
            new NetworkError(
              `${error.message}, trying to ${call.what}.`,
              error.maybeProcessed,
              error.code,
              error.status,
            ),
          );
        }
        await this.pause(attempt, undefined, error.message);
        continue;
      }
      this.noteRateLimit(response.headers);
      if (response.status >= 200 && response.status < 300) return response;
      const transient =
        response.status === 429 ||
        response.status === 503 ||
        (call.idempotent && [502, 504].includes(response.status));
      if (transient && attempt < this.retry.attempts) {
        const wait = retryAfterMs(response.headers, this.options.clock.now());
        if (wait === undefined || wait <= this.retry.maxRetryAfterMs) {
          await this.pause(
            attempt,
            wait,
            `GitLab answered ${statusText(response.status)}${said(response)}`,
          );
          continue;
        }
      }
      throw this.fail(apiRefusal(response, call.what, call.token !== undefined));
    }
  }

  /**
   * How long to hold back before the next request: GitLab's `RateLimit-Remaining` reached 0
   * on its last answer, so anything sent before `RateLimit-Reset` would meet a 429.
   */
  rateLimitPauseMs(): number {
    return Math.max(0, this.rateLimitResetAt - this.options.clock.now());
  }

  private noteRateLimit(headers: HttpHeaders): void {
    if (headers.get('ratelimit-remaining')?.trim() !== '0') return;
    const wait = retryAfterMs(headers, this.options.clock.now());
    if (wait !== undefined)
      this.rateLimitResetAt = this.options.clock.now() + Math.min(wait, this.retry.maxRetryAfterMs);
  }

  /** An API call whose answer is JSON. */
  async apiJson<T>(call: ApiCall): Promise<T> {
    const response = await this.api(call);
    const json = parseJson(response);
    if (json === undefined) {
      throw this.fail(
        new GitLabError(
          `GitLab answered ${statusText(response.status)} to ${call.what}, but not with JSON${isHtml(response) ? ' (an HTML page: is the URL that of GitLab?)' : ''}.`,
          response.status,
        ),
      );
    }
    return json as T;
  }

  /** Every page of a paginated list, following GitLab's `x-next-page` header. */
  async apiAll<T>(call: ApiCall, perPage = 100): Promise<T[]> {
    const items: T[] = [];
    for (let page: string | null = '1'; page;) {
      const response = await this.api({
        ...call,
        query: { ...call.query, per_page: perPage, page },
      });
      const json = parseJson(response);
      if (!Array.isArray(json)) {
        throw this.fail(
          new GitLabError(
            `GitLab answered ${statusText(response.status)} to ${call.what}, but not with a list.`,
            response.status,
          ),
        );
      }
      items.push(...(json as T[]));
      page = response.headers.get('x-next-page') || null;
    }
    return items;
  }

  private describe(): {
    host: string;
    pipelinesPage: (p: ProjectRef) => string;
    maxRetryAfterMs: number;
  } {
    return {
      host: new URL(this.options.instance.url).host,
      pipelinesPage: (p) => this.pipelinesPage(p),
      maxRetryAfterMs: this.retry.maxRetryAfterMs,
    };
  }

  private finalNetwork(error: NetworkError, attempt: number): NetworkError {
    const tries = attempt > 1 ? ` (tried ${attempt} times)` : '';
    const hint =
      (isPermanent(error) && error.code !== 'ENOTFOUND') || /proxy/i.test(error.message)
        ? ''
        : ': check the GitLab URL, and that this machine reaches it (set HTTPS_PROXY if it must go through a proxy)';
    return new NetworkError(
      `${error.message}${tries}${hint}. No pipeline was created.`,
      false,
      error.code,
    );
  }

  private async pause(
    attempt: number,
    waitMs: number | undefined,
    why: string,
    signal?: AbortSignal,
  ): Promise<void> {
    const ms =
      waitMs ??
      this.retry.backoffMs[Math.min(attempt - 1, this.retry.backoffMs.length - 1)] ??
      1_000;
    this.options.logger.warning(
      `${why}; trying again in ${formatSeconds(ms)} (attempt ${attempt + 1} of ${this.retry.attempts}).`,
    );
    await this.options.clock.sleep(ms, signal);
  }

  private async send(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    json?: unknown,
  ): Promise<HttpResponse> {
    this.options.logger.debug(`${method} ${url}`);
    const response = await this.options.send({
      method,
      url,
      headers: { accept: 'application/json', 'user-agent': this.options.userAgent, ...headers },
      json,
    });
    this.options.logger.debug(
      `${method} ${url} → ${response.status}${isHtml(response) ? ' (HTML page)' : ''}`,
    );
    return response;
  }

  /** Every error leaves the client through here, so no secret can ride out in a message. */
  private fail<E extends Error>(error: E): E {
    error.message = this.options.redactor.redact(error.message);
    return error;
  }
}

function said(response: HttpResponse): string {
  const text = gitlabSays(response);
  return text ? ` (${text})` : isHtml(response) ? ' (an HTML error page)' : '';
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 && ms % 1000 !== 0
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.round(ms / 1000)} s`;
}
