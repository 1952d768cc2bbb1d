import { GitLabError } from './errors.js';
import { answered, gitlabSays, redirectTarget, retryAfterMs, statusText } from './gitlab-answer.js';
import type { HttpResponse } from './http-transport.js';

/** What a refusal means for one call, when the call knows better than the generic advice. */
export type CallAdvice = (refusal: {
  readonly status: number;
  readonly gitlabMessage: string | undefined;
}) => string | undefined;

/** What a status means for any call, when the call gives no advice of its own. */
const MEANING: Record<number, string> = {
  401: 'the token was not accepted; check that it has not expired or been revoked',
  403: 'the token may not do this; it needs the api scope (read_api to read) and a role on the project that allows it',
  404: 'it does not exist, or the token may not see it',
  429: "GitLab's rate limit held; try again later",
};

export interface RefusedCall {
  /** What the call does: `read pipeline #5 of project 'acme/deploy'`. */
  readonly what: string;
  readonly withToken: boolean;
  readonly advice?: CallAdvice;
}

/** What an answer means for any API call other than the trigger, in one line, kept as data too. */
export function apiRefusal(response: HttpResponse, call: RefusedCall, now: number): GitLabError {
  const { status } = response;
  const gitlabMessage = gitlabSays(response);
  const details = {
    call: call.what,
    gitlabMessage,
    retryAfterMs: retryAfterMs(response.headers, now),
  };
  if (status >= 300 && status < 400) {
    const location = redirectTarget(response);
    const advice =
      'redirects are not followed, so the token is never sent elsewhere; set the GitLab URL to the address GitLab lives at';
    return new GitLabError(
      `GitLab answered ${statusText(status)}${location ? `, pointing to ${location},` : ''} to the request to ${call.what}: ${advice}.`,
      status,
      { ...details, advice },
    );
  }
  const advice =
    !call.withToken && (status === 401 || status === 403)
      ? 'GitLab does not allow this without a token; give one'
      : (call.advice?.({ status, gitlabMessage }) ??
        MEANING[status] ??
        (status >= 500 ? 'GitLab failed; try again later' : undefined));
  const answeredTo = `${answered(response)} to the request to ${call.what}`;
  return new GitLabError(advice ? `${answeredTo}: ${advice}.` : `${answeredTo}.`, status, {
    ...details,
    advice,
  });
}
