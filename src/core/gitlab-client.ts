import { lookup as lookUpName } from 'node:dns/promises';
import type { Clock } from './clock.js';
import { apiRefusal, type CallAdvice } from './api-messages.js';
import { GitLabError, NetworkError, StoppedError } from './errors.js';
import { gitlabSays, isHtml, parseJson, retryAfterMs, statusText } from './gitlab-answer.js';
import type { BodyWindow, HttpHeaders, HttpResponse, HttpSend, SaveTo } from './http-transport.js';
import type { Logger } from './logger.js';
import { isPermanent } from './network-failures.js';
import { formatDuration } from './parse/duration.js';
import { isPipeline, type Pipeline } from './pipeline.js';
import type { Redactor } from './redact.js';
import {
  DEFAULT_RETRY,
  TRIGGER_GRACE_MS,
  abortedLater,
  retrying,
  timeLeft,
  type AttemptOutcome,
  type RetryPolicy,
  type StopConditions,
} from './retry.js';
import type { GitLabInstance, PipelineInputValue, ProjectRef } from './settings.js';
import { triggerRefusal } from './trigger-messages.js';

export interface GitLabClientOptions {
  readonly instance: GitLabInstance;
  readonly send: HttpSend;
  readonly userAgent: string;
  readonly logger: Logger;
  readonly redactor: Redactor;
  readonly clock: Clock;
  readonly retry?: RetryPolicy;
  /** The addresses of a host name, for the check of a download's redirect; DNS by default. */
  readonly lookup?: Lookup;
  /**
   * How the host says the run was stopped, to begin a message: a GitHub run is cancelled,
   * a command is interrupted. Default: INTERRUPTED.
   */
  readonly interrupted?: string;
}

/** How a stop is told when the host says nothing else: the GitHub runner cancels a run. */
export const INTERRUPTED = 'The run was cancelled';

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
  readonly query?: Readonly<Record<string, string | number | readonly string[] | undefined>>;
  readonly json?: unknown;
  /** None for a public project read anonymously. */
  readonly token?: ApiToken;
  /** What the call does, for messages: `read pipeline #5 of project 'acme/deploy'`. */
  readonly what: string;
  /** Repeat on 429, 502, 503, 504 and broken connections: only for calls that change nothing. */
  readonly idempotent?: boolean;
  /** One attempt only: the caller rides out trouble itself (the follow loop's reads). */
  readonly once?: boolean;
  /** What a refusal means for this call, before the generic advice. */
  readonly advice?: CallAdvice;
  /**
   * A download GitLab may redirect to object storage (artifacts, logs): one redirect to an
   * http(s) address is followed, without the token.
   */
  readonly fromStorage?: boolean;
  /** Keep only the last this many bytes of the body (a job's log). */
  readonly tailBytes?: number;
  /** Keep only this window of the body (the new part of a job's log); see HttpRequest. */
  readonly window?: BodyWindow;
  /** Read at most this many bytes of the body (a small file); more fails with TOO_LARGE. */
  readonly maxBytes?: number;
  /**
   * Write a 2xx body to a file as it arrives, up to `maxBytes` (an artifacts archive, a whole
   * log); the answer's body is then empty and `saved` counts the bytes written.
   */
  readonly saveTo?: SaveTo;
  /** The run's cancel and the wait's deadline. */
  readonly stops?: StopConditions;
}

/** The most pages any list is read to: 50,000 items at 100 a page. */
export const MAX_PAGES = 500;

/**
 * The one place that talks to GitLab's REST API: it builds the requests, retries what may be
 * retried through the one retry engine, and turns every status and error body into an error
 * that keeps the status, the call and GitLab's words, with a message a person can act on.
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
  async triggerPipeline(request: TriggerRequest, stops?: StopConditions): Promise<Pipeline> {
    const body: Record<string, unknown> = { ref: request.ref, token: request.token };
    if (Object.keys(request.variables).length > 0) body.variables = request.variables;
    if (Object.keys(request.inputs).length > 0) body.inputs = request.inputs;
    const url = `${this.options.instance.apiUrl}/projects/${request.project.encoded}/trigger/pipeline`;
    const where = `project '${request.project.display}' at ref '${request.ref}'`;
    const maybeCreated = `A pipeline may have been created for ${where}, so the request was not repeated: check ${this.pipelinesPage(request.project)} before running again.`;
    const stopped = this.options.interrupted ?? INTERRUPTED;
    try {
      return await retrying<Pipeline>(
        async () => {
          let response: HttpResponse;
          // A trigger on its way is not dropped at a cancel: GitLab may create the pipeline
          // anyway, and only its answer says which one, so the run can cancel it. It gets
          // TRIGGER_GRACE_MS for that answer, no more: the runner kills a cancelled step within
          // seconds. The cancel still stops the pauses between attempts, and no attempt starts
          // after it.
          const grace = abortedLater(stops?.signal, TRIGGER_GRACE_MS, this.options.clock);
          try {
            response = await this.send('POST', url, {}, body, {
              deadline: stops?.deadline,
              signal: grace.signal,
            });
          } catch (error) {
            if (error instanceof StoppedError && error.reason === 'aborted')
              throw this.fail(
                new StoppedError(
                  error.maybeProcessed
                    ? `${stopped} while the trigger was on its way, and GitLab did not answer within ${formatDuration(TRIGGER_GRACE_MS)} of it. ${maybeCreated}`
                    : `${stopped} before the trigger reached GitLab (no connection within ${formatDuration(TRIGGER_GRACE_MS)} of the cancel); no pipeline was created for ${where}.`,
                  'aborted',
                  error.maybeProcessed,
                ),
              );
            if (!(error instanceof NetworkError)) throw error;
            if (error.maybeProcessed)
              throw this.fail(
                new NetworkError(
                  `${error.message}. ${maybeCreated}`,
                  true,
                  error.code,
                  error.status,
                  {
                    cause: error,
                  },
                ),
              );
            if (isPermanent(error)) throw this.fail(this.finalNetwork(error, 1));
            return {
              why: `${error.message}; nothing was sent`,
              giveUp: (n) => this.fail(this.finalNetwork(error, n)),
            };
          } finally {
            grace.dispose();
          }
          return this.triggerAnswer(response, request, where);
        },
        {
          ...this.retryOptions(stops),
          cancelledBetween: `${stopped} before GitLab created a pipeline for ${where}; the trigger was not sent again.`,
        },
      );
    } catch (error) {
      throw error instanceof StoppedError ? this.fail(error) : error;
    }
  }

  private triggerAnswer(
    response: HttpResponse,
    request: TriggerRequest,
    where: string,
  ): AttemptOutcome<Pipeline> {
    const refusal = (attempts: number): Error =>
      this.fail(
        triggerRefusal(response, request, this.describe(), attempts, this.options.clock.now()),
      );
    if (response.status === 201) {
      const pipeline = parseJson(response);
      if (isPipeline(pipeline)) return { done: pipeline };
      throw this.fail(
        new GitLabError(
          `GitLab answered 201 Created for ${where}, but not with a pipeline, so its id is unknown: find it at ${this.pipelinesPage(request.project)}.`,
          201,
        ),
      );
    }
    if (response.status !== 429 && response.status !== 503) throw refusal(1);
    return {
      why: `GitLab answered ${statusText(response.status)}${gitlabWords(response)}; no pipeline was created`,
      afterMs: retryAfterMs(response.headers, this.options.clock.now()),
      giveUp: refusal,
    };
  }

  /**
   * Sends one API call and returns GitLab's 2xx answer; any other answer is thrown as a
   * GitLabError whose message says what the status means for this call.
   */
  async api(call: ApiCall): Promise<HttpResponse> {
    const url = new URL(`${this.options.instance.apiUrl}${call.path}`);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, v);
      else if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = call.token
      ? { [call.token.header]: call.token.value }
      : {};
    const policy = call.once ? { ...this.retry, attempts: 1 } : this.retry;
    return retrying<HttpResponse>(() => this.apiAttempt(call, url.toString(), headers), {
      ...this.retryOptions(call.stops),
      policy,
    });
  }

  private async apiAttempt(
    call: ApiCall,
    url: string,
    headers: Record<string, string>,
  ): Promise<AttemptOutcome<HttpResponse>> {
    let response: HttpResponse;
    try {
      response = await this.send(call.method, url, headers, call.json, call.stops, call);
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      const wrapped = (): NetworkError =>
        this.fail(
          error instanceof StoppedError
            ? error
            : new NetworkError(
                `${error.message}, trying to ${call.what}.`,
                error.maybeProcessed,
                error.code,
                error.status,
                { cause: error },
              ),
        );
      const repeat =
        (call.idempotent || !error.maybeProcessed) &&
        !isPermanent(error) &&
        !(error instanceof StoppedError);
      if (!repeat) throw wrapped();
      return { why: error.message, giveUp: wrapped };
    }
    const now = this.options.clock.now();
    if (response.status >= 200 && response.status < 300) return { done: response };
    const stored = call.fromStorage ? storageLocation(response) : undefined;
    if (stored) {
      const why = await redirectRefusal(
        stored,
        new URL(this.options.instance.url),
        this.options.lookup,
      );
      if (why)
        throw this.fail(
          new GitLabError(
            `GitLab sent the request to ${call.what} on to ${stored.origin}${stored.pathname}, ${why}: the redirect was not followed. Check the object storage settings of the GitLab instance (its proxy_download, or the storage's address).`,
            response.status,
            { call: call.what },
          ),
        );
      return { done: await this.fromStorage(stored, call) };
    }
    const refusal = (): GitLabError =>
      this.fail(
        apiRefusal(
          response,
          { what: call.what, withToken: !!call.token, advice: call.advice },
          now,
        ),
      );
    // The call decides what is repeated, not the fault alone: a 502 or 504 may come after GitLab
    // did the work, so only a call that changes nothing is sent again after one.
    const repeat =
      response.status === 429 ||
      response.status === 503 ||
      (call.idempotent && [502, 504].includes(response.status));
    if (!repeat) throw refusal();
    return {
      why: `GitLab answered ${statusText(response.status)}${gitlabWords(response)}`,
      afterMs: retryAfterMs(response.headers, now),
      giveUp: refusal,
    };
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
          { call: call.what },
        ),
      );
    }
    return json as T;
  }

  /**
   * Reads a paginated list page by page, handing each page to `onPage` so that a caller can
   * keep counts rather than every item. Stops at `x-total-pages` when GitLab gives it, at a
   * page that repeats, and at MAX_PAGES: a list that never ends is an error, not a hang.
   * `onPage` may return false to stop early.
   */
  async forEachPage<T>(
    call: ApiCall,
    onPage: (items: T[]) => boolean | void,
    perPage = 100,
  ): Promise<void> {
    const seen = new Set<string>();
    for (let page: string | null = '1'; page;) {
      seen.add(page);
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
            { call: call.what },
          ),
        );
      }
      // GitLab answers pages past the end with []: an empty page ends the list, whatever the
      // headers say next.
      if (onPage(json as T[]) === false || json.length === 0) return;
      page = nextPage(response.headers, page, seen, call.what, response.status);
    }
  }

  /** Every page of a paginated list. */
  async apiAll<T>(call: ApiCall, perPage = 100): Promise<T[]> {
    const items: T[] = [];
    await this.forEachPage<T>(call, (page) => void items.push(...page), perPage);
    return items;
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

  private retryOptions(stops: StopConditions | undefined) {
    return {
      policy: this.retry,
      clock: this.options.clock,
      logger: this.options.logger,
      stops,
      holdMs: () => this.rateLimitPauseMs(),
    };
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
      undefined,
      { cause: error },
    );
  }

  private async send(
    method: ApiCall['method'],
    url: string,
    headers: Record<string, string>,
    json: unknown,
    stops: StopConditions | undefined,
    body: Pick<ApiCall, 'tailBytes' | 'saveTo' | 'window' | 'maxBytes'> = {},
  ): Promise<HttpResponse> {
    this.options.logger.debug(`${method} ${url}`);
    const response = await this.options.send({
      method,
      url,
      headers: { accept: 'application/json', 'user-agent': this.options.userAgent, ...headers },
      json,
      signal: stops?.signal,
      timeoutMs: timeLeft(this.options.clock, stops),
      tailBytes: body.tailBytes,
      maxBytes: body.maxBytes,
      saveTo: body.saveTo,
      window: body.window,
    });
    this.noteRateLimit(response.headers);
    this.options.logger.debug(
      `${method} ${url} → ${response.status}${isHtml(response) ? ' (HTML page)' : ''}`,
    );
    return response;
  }

  /**
   * Follows GitLab's redirect to object storage (a signed URL, good on its own) for a download,
   * without GitLab's token: the token never leaves GitLab's own address.
   */
  private async fromStorage(location: URL, call: ApiCall): Promise<HttpResponse> {
    const where = `${location.origin}${location.pathname}`;
    this.options.logger.debug(`GET ${where} (object storage, without the token)`);
    const response = await this.options.send({
      method: 'GET',
      url: location.toString(),
      headers: { 'user-agent': this.options.userAgent },
      signal: call.stops?.signal,
      timeoutMs: timeLeft(this.options.clock, call.stops),
      tailBytes: call.tailBytes,
      maxBytes: call.maxBytes,
      saveTo: call.saveTo,
      window: call.window,
    });
    if (response.status >= 200 && response.status < 300) return response;
    throw this.fail(
      new GitLabError(
        `The object storage GitLab sent the download to (${location.host}) answered ${statusText(response.status)} to the request to ${call.what}.`,
        response.status,
        { call: call.what },
      ),
    );
  }

  /** Every error leaves the client through here, so no secret can ride out in a message. */
  private fail<E extends Error>(error: E): E {
    error.message = this.options.redactor.redact(error.message);
    return error;
  }
}

/** The next page to read, or null at the end; a list that repeats or never ends is an error. */
function nextPage(
  headers: HttpHeaders,
  page: string,
  seen: ReadonlySet<string>,
  what: string,
  status: number,
): string | null {
  const next = headers.get('x-next-page')?.trim() || null;
  const total = Number(headers.get('x-total-pages') ?? NaN);
  if (!next || (Number.isFinite(total) && Number(page) >= total)) return null;
  if (seen.has(next))
    throw new GitLabError(
      `GitLab's answer to ${what} pointed back to page ${next}, which was already read; stopped reading the list there.`,
      status,
      { call: what },
    );
  if (seen.size >= MAX_PAGES)
    throw new GitLabError(
      `GitLab's answer to ${what} went on past ${MAX_PAGES} pages (${MAX_PAGES * 100} items), more than this tool reads; stopped reading the list there.`,
      status,
      { call: what },
    );
  return next;
}

function gitlabWords(response: HttpResponse): string {
  const text = gitlabSays(response);
  return text ? ` (${text})` : isHtml(response) ? ' (an HTML error page)' : '';
}

/**
 * Why a redirect of a download must not be followed, or undefined when it may: object storage
 * is another host, but never a step down from https to http (the signed URL and the file would
 * travel in the clear), and never this machine or its link-local network (a cloud's metadata
 * service at 169.254.169.254) unless GitLab itself lives there.
 */
export function unsafeRedirect(
  target: URL,
  gitlab: URL,
  addresses: { readonly target?: readonly string[]; readonly gitlab?: readonly string[] } = {},
): string | undefined {
  if (gitlab.protocol === 'https:' && target.protocol !== 'https:')
    return 'which steps down from https to http';
  // A name is judged by the addresses it has too: 169.254.169.254.nip.io is the metadata service.
  const place = (url: URL, found: readonly string[] = []): Place =>
    [url.hostname, ...found].map(placeOf).find((p) => p !== undefined);
  const where = place(target, addresses.target);
  if (where && where !== place(gitlab, addresses.gitlab))
    return `which is a ${where} address while GitLab (${gitlab.host}) is not on one`;
  return undefined;
}

type Place = 'loopback' | 'link-local' | undefined;

/** The addresses of a host name; none where it has none (the request then says so). */
export type Lookup = (hostname: string) => Promise<readonly string[]>;

const dnsLookup: Lookup = (hostname) =>
  lookUpName(hostname.replace(/^\[|\]$/g, ''), { all: true }).then(
    (found) => found.map((a) => a.address),
    () => [],
  );

/**
 * unsafeRedirect, with both host names looked up first. The look is not the connection (a name
 * may answer otherwise a moment later), but a name that plainly leads to this machine or to the
 * metadata service is refused.
 */
export async function redirectRefusal(
  target: URL,
  gitlab: URL,
  lookup: Lookup = dnsLookup,
): Promise<string | undefined> {
  const plain = unsafeRedirect(target, gitlab);
  if (plain) return plain;
  const [targetAddresses, gitlabAddresses] = await Promise.all([
    lookup(target.hostname),
    lookup(gitlab.hostname),
  ]);
  return unsafeRedirect(target, gitlab, { target: targetAddresses, gitlab: gitlabAddresses });
}

/** Whether a host name is this machine (loopback) or its link-local network. */
function placeOf(hostname: string): Place {
  // A name's trailing dot (`localhost.`, fully qualified) names the same host.
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '::')
    return 'loopback';
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    if (a === 127 || a === 0) return 'loopback';
    if (a === 169 && b === 254) return 'link-local';
    return undefined;
  }
  // IPv6 link-local, fe80::/10; a mapped IPv4 in hex: 127.x (::ffff:7f00:1) and 0.x
  // (::ffff:0:0, which Linux connects to this machine) are loopback.
  if (/^fe[89ab][0-9a-f]:/.test(host)) return 'link-local';
  if (/^::ffff:(?:7f[0-9a-f]{2}|[0-9a-f]{1,2}):/.test(host)) return 'loopback';
  if (/^::ffff:a9fe:/.test(host)) return 'link-local';
  return undefined;
}

/** Where a redirect of a download points, when it is one to follow (GET-able http(s)). */
function storageLocation(response: HttpResponse): URL | undefined {
  if (![301, 302, 303, 307, 308].includes(response.status)) return undefined;
  try {
    const url = new URL(response.headers.get('location') ?? '');
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
