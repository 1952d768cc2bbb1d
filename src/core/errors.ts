/**
 * The errors the core throws, as data: each keeps what went wrong, the value or call
 * involved, and what to do, so that each host (the action, the command line) can put its own
 * names in and print one line a newcomer understands. `message` is a neutral rendering of
 * the same fields, for logs and for hosts that need nothing else.
 */

/** A setting given by the user is unusable. Raised before any request is sent. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    /** The setting, as the host named it: `project` (action), `--project`, `GITLAB_URL`. */
    readonly input: string,
    /** What is wrong, said of the setting: `is empty`, `is 'x', which is not a URL`. */
    readonly problem: string,
    /** What to do: `give the branch or tag to run the pipeline on`. */
    readonly fix?: string,
  ) {
    super(inputErrorLine(input, problem, fix));
  }
}

/** `<label> <problem>: <fix>.` — the one shape every input error is printed in. */
export function inputErrorLine(label: string, problem: string, fix?: string): string {
  return `${label} ${problem}${fix ? `: ${fix}` : ''}.`;
}

/** What a GitLab answer was, kept apart from the advice built on it. */
export interface GitLabRefusal {
  /** HTTP status GitLab answered with. */
  readonly status: number;
  /** What the call did, for messages: `read pipeline #5 of project 'acme/deploy'`. */
  readonly call?: string;
  /** GitLab's own words (`404 Project Not Found`), when its answer had any. */
  readonly gitlabMessage?: string;
  /** What to do about it, for this call. */
  readonly advice?: string;
  /** How long GitLab asked to wait before asking again (Retry-After, RateLimit-Reset). */
  readonly retryAfterMs?: number;
}

/**
 * What a failed request means for the next one, the same for GitLab and GitHub: the token may
 * not do it or cannot see the target (`denied`), a later try may pass (`transient`), or the
 * request itself is wrong and stays so (`final`).
 */
export type ApiFault = 'denied' | 'transient' | 'final';

/**
 * The fault an HTTP answer means: 401, 403 and 404 deny (unless the 403 is a rate limit, as
 * GitHub sends it); a rate limit, a timeout (408), a server's error (5xx), no answer (0), and a
 * 2xx whose body could not be used (a proxy's page) may pass later; any other (a redirect, which
 * is never followed, or a 4xx) is final.
 */
export function faultOf(status: number, rateLimited = false): ApiFault {
  if (rateLimited || status === 429 || status === 408 || status >= 500) return 'transient';
  if ([401, 403, 404].includes(status)) return 'denied';
  if (status >= 300) return 'final';
  return 'transient';
}

/** A remote API (GitLab's, GitHub's) refused a request, or gave no answer that could be used. */
export abstract class ApiError extends Error {
  override readonly name: string = 'ApiError';
  constructor(
    message: string,
    /** The HTTP status, when the API answered. */
    readonly status: number | undefined,
    /** Asked through isDenied and isTransient. */
    readonly fault: ApiFault,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The API refused the token or hides the target: no retry or wait can change that. */
export function isDenied(error: unknown): error is ApiError {
  return error instanceof ApiError && error.fault === 'denied';
}

/** The API may answer otherwise later: a retry or a wait may help. */
export function isTransient(error: unknown): boolean {
  return error instanceof ApiError && error.fault === 'transient';
}

/** GitLab answered, and the answer means the request failed. */
export class GitLabError extends ApiError implements GitLabRefusal {
  override readonly name = 'GitLabError';
  declare readonly status: number;
  readonly call?: string;
  readonly gitlabMessage?: string;
  readonly advice?: string;
  readonly retryAfterMs?: number;
  constructor(
    message: string,
    /** HTTP status GitLab answered with (0 when it did not answer at all). */
    status: number,
    details: Omit<GitLabRefusal, 'status'> = {},
    options?: { cause?: unknown },
  ) {
    super(message, status, faultOf(status), options);
    Object.assign(this, details);
  }
}

/**
 * The request got no usable answer: the connection failed, was reset, timed out, or the
 * body was cut short. `maybeProcessed` is true when the request may have reached GitLab,
 * so a non-idempotent call (the trigger) must not be repeated.
 */
export class NetworkError extends Error {
  override readonly name: string = 'NetworkError';
  constructor(
    message: string,
    readonly maybeProcessed: boolean,
    /** The low-level error code (ECONNREFUSED, UND_ERR_SOCKET, …), when there is one. */
    readonly code: string | undefined,
    /** The HTTP status, when GitLab answered but its body could not be read whole. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The run was cancelled or its deadline passed before a request or a pause could finish.
 * `maybeProcessed` tells, as for a NetworkError, whether the request may have reached GitLab.
 */
export class StoppedError extends NetworkError {
  override readonly name = 'StoppedError';
  constructor(
    message: string,
    readonly reason: 'aborted' | 'deadline',
    maybeProcessed: boolean,
  ) {
    super(message, maybeProcessed, reason === 'aborted' ? 'ABORTED' : 'DEADLINE');
  }
}

/** The escapes JSON writes for the commonest control characters; the rest are `\uXXXX`. */
const SHORT_ESCAPES: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/**
 * A value quoted for a one-line message: line breaks and other control characters written
 * as escapes (`\n`, `\u001b`), and a long value cut, so a pasted block cannot spread a message
 * over many lines or pages. DEL, the C1 controls (U+009B starts a terminal sequence as ESC [
 * does), the Unicode line separators and the bidirectional controls (U+202E turns the rest of
 * a line around) are escaped too: a value may come from GitLab, and is shown as written.
 */
export function quoted(value: string, max = 80): string {
  // Something shaped like a GitLab token (glptt-, glpat-, glcbt-…) given where a name or id
  // was expected is shown as GitLab shows others' tokens: the prefix and four characters.
  const token = /^(gl[a-z]{2,5}-)[\w-]{8,}/.exec(value.trim());
  if (token)
    return `'${token[1]}${value.trim().slice(token[1]?.length ?? 0, (token[1]?.length ?? 0) + 4)}…'`;
  const escaped = value.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `'${escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped}'`;
}
