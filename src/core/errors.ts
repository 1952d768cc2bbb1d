/**
 * The errors the core throws. Each carries a message written for the person reading the
 * log: what went wrong, the value involved, and what to do. The entry points print
 * `message` and nothing else, so a message must stand on its own in one line.
 */

/** A setting given by the user is unusable. Raised before any request is sent. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    /** The input (action) or option (command line) the value came from. */
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
}

/** GitLab answered, and the answer means the request failed. */
export class GitLabError extends Error {
  override readonly name = 'GitLabError';
  constructor(
    message: string,
    /** HTTP status GitLab answered with. */
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * The request got no usable answer: the connection failed, was reset, timed out, or the
 * body was cut short. `maybeProcessed` is true when the request may have reached GitLab,
 * so a non-idempotent call (the trigger) must not be repeated.
 */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    message: string,
    readonly maybeProcessed: boolean,
    /** The low-level error code (ECONNREFUSED, UND_ERR_SOCKET, …), when there is one. */
    readonly code: string | undefined,
    /** The HTTP status, when GitLab answered but its body could not be read whole. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * A value quoted for a one-line message: line breaks and other control characters written
 * as escapes (`\n`), and a long value cut, so a pasted block cannot spread a message over
 * many lines or pages.
 */
export function quoted(value: string, max = 80): string {
  // Something shaped like a GitLab token (glptt-, glpat-, glcbt-…) given where a name or id
  // was expected is shown as GitLab shows others' tokens: the prefix and four characters.
  const token = /^(gl[a-z]{2,5}-)[\w-]{8,}/.exec(value.trim());
  if (token)
    return `'${token[1]}${value.trim().slice(token[1]?.length ?? 0, (token[1]?.length ?? 0) + 4)}…'`;
  const escaped = value.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f\u2028\u2029]/g,
    (c) =>
      JSON.stringify(c)
        .slice(1, -1)
        .replace(/^\\u2028$/, '\\u2028'),
  );
  return `'${escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped}'`;
}
