import { GitLabError } from './errors.js';
import { answered, redirectTarget, statusText } from './gitlab-answer.js';
import type { HttpResponse } from './http.js';

/** What an answer means for any API call other than the trigger, in one line. */
export function apiRefusal(response: HttpResponse, what: string, withToken = true): GitLabError {
  const { status } = response;
  const answeredTo = `${answered(response)} to the request to ${what}`;
  const meaning: Record<number, string> = {
    401: 'the token was not accepted; check that it has not expired or been revoked',
    403: 'the token may not do this; it needs the api scope (read_api to read) and a role on the project that allows it',
    404: 'it does not exist, or the token may not see it',
    429: "GitLab's rate limit held; try again later",
  };
  if (!withToken && (status === 401 || status === 403)) {
    return new GitLabError(
      `${answeredTo}: GitLab does not allow this without a token; give one.`,
      status,
    );
  }
  if (status >= 300 && status < 400) {
    const location = redirectTarget(response);
    return new GitLabError(
      `GitLab answered ${statusText(status)}${location ? `, pointing to ${location},` : ''} to the request to ${what}: redirects are not followed, so the token is never sent elsewhere; set the GitLab URL to the address GitLab lives at.`,
      status,
    );
  }
  const why = meaning[status] ?? (status >= 500 ? 'GitLab failed; try again later' : undefined);
  return new GitLabError(why ? `${answeredTo}: ${why}.` : `${answeredTo}.`, status);
}
