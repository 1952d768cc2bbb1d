import type { Clock, Logger } from './clock.js';
import { GitLabError, NetworkError } from './errors.js';
import {
  baseMessages,
  gitlabSays,
  isHtml,
  parseJson,
  retryAfterMs,
  statusText,
} from './gitlab-answer.js';
import type { HttpResponse, HttpSend } from './http.js';
import { isPipeline, type Pipeline } from './pipeline.js';
import type { Redactor } from './redact.js';
import type { GitLabInstance, PipelineInputValue, ProjectRef } from './settings.js';
import { triggerRefusal } from './trigger-messages.js';

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

/**
 * The one place that talks to GitLab's REST API: it builds the requests, and turns every
 * status and error body into a message a person can act on.
 */
export class GitLabClient {
  private readonly retry: RetryPolicy;

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
  async triggerPipeline(request: TriggerRequest): Promise<Pipeline> {
    const body: Record<string, unknown> = { ref: request.ref, token: request.token };
    if (Object.keys(request.variables).length > 0) body.variables = request.variables;
    if (Object.keys(request.inputs).length > 0) body.inputs = request.inputs;
    const url = `${this.options.instance.apiUrl}/projects/${request.project.encoded}/trigger/pipeline`;
    const where = `project '${request.project.display}' at ref '${request.ref}'`;

    for (let attempt = 1; ; attempt++) {
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
        const retryable = error.code !== 'ENOTFOUND' && !/certificate/.test(error.message);
        if (!retryable || attempt >= this.retry.attempts)
          throw this.fail(this.finalNetwork(error, attempt));
        await this.pause(attempt, undefined, `${error.message}; nothing was sent`);
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
          );
          continue;
        }
      }
      throw this.fail(
        triggerRefusal(response, request, this.describe(), attempt, this.options.clock.now()),
      );
    }
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
    const hint = error.message.includes('certificate')
      ? ''
      : ': check the GitLab URL, and that this machine reaches it (set HTTPS_PROXY if it must go through a proxy)';
    return new NetworkError(
      `${error.message}${tries}${hint}. No pipeline was created.`,
      false,
      error.code,
    );
  }

  private async pause(attempt: number, waitMs: number | undefined, why: string): Promise<void> {
    const ms =
      waitMs ??
      this.retry.backoffMs[Math.min(attempt - 1, this.retry.backoffMs.length - 1)] ??
      1_000;
    this.options.logger.warning(
      `${why}; trying again in ${formatSeconds(ms)} (attempt ${attempt + 1} of ${this.retry.attempts}).`,
    );
    await this.options.clock.sleep(ms);
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

export { baseMessages };
