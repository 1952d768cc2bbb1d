import { GitLabError } from './errors.js';
import {
  answered,
  baseMessages,
  gitlabSays,
  redirectTarget,
  retryAfterMs,
  statusText,
} from './gitlab-answer.js';
import type { HttpResponse } from './http-transport.js';
import { formatDuration } from './parse/duration.js';
import type { ProjectRef } from './settings.js';

/** The `message.base` texts GitLab's pipeline creation answers with, and what to do about each. */
const BASE_HINTS: ReadonlyArray<[RegExp, (ref: string) => string]> = [
  [
    /^Reference not found/,
    (ref) =>
      ref.startsWith('refs/')
        ? `give the short name '${ref.replace(/^refs\/(heads|tags)\//, '')}' instead of '${ref}'`
        : `check that the branch or tag '${ref}' exists in the project (a commit SHA is not accepted)`,
  ],
  [
    /Insufficient permissions to set pipeline variables/,
    () =>
      // Every trigger sets TRIGGER_PAYLOAD, so leaving variables out does not help (GitLab
      // issue 557381): only the project setting or another token's owner can.
      `the token's owner may not set pipeline variables here, and every trigger sets one (TRIGGER_PAYLOAD), even without variables: a Maintainer can lower the project's "Minimum role to use pipeline variables" (Settings > CI/CD > Variables; "No one allowed" refuses every trigger), or use a token owned by someone whose role reaches it`,
  ],
  [
    /sufficient permission to run a pipeline/,
    (ref) =>
      `the token's owner may not run pipelines on '${ref}' (a protected branch?); use a token owned by someone who may`,
  ],
  [
    /Too many pipelines created/,
    () => `GitLab limits how many pipelines a minute are created; run again in a minute`,
  ],
  [
    /filtered out by workflow rules|rules configuration prevented any jobs/,
    () =>
      `the project's .gitlab-ci.yml rules exclude this pipeline; check its rules for pipelines whose source is "trigger"`,
  ],
];

export interface RefusalContext {
  readonly host: string;
  readonly pipelinesPage: (project: ProjectRef) => string;
  readonly maxRetryAfterMs: number;
}

/**
 * One line for every answer to the trigger other than 201, from the table of GitLab's
 * answers (lib/api/ci/triggers.rb and Ci::CreatePipelineService).
 */
export function triggerRefusal(
  response: HttpResponse,
  request: { project: ProjectRef; ref: string; token: string },
  ctx: RefusalContext,
  attempts: number,
  now: number,
): GitLabError {
  const { status } = response;
  const where = `project '${request.project.display}' at ref '${request.ref}'`;
  const words = gitlabSays(response);
  const answeredWith = answered(response);
  const maybeCreated = `A pipeline may have been created, so the request was not repeated: check ${ctx.pipelinesPage(request.project)} before running again.`;
  const fail = (message: string): GitLabError => new GitLabError(message, status);

  if (status >= 300 && status < 400) {
    const location = redirectTarget(response);
    return fail(
      `GitLab answered ${statusText(status)}${location ? `, pointing to ${location}` : ''}: set the GitLab URL to the address GitLab lives at. Redirects are not followed, so the token is never sent elsewhere; no pipeline was created.`,
    );
  }
  const base = baseMessages(response);
  if ((status === 400 || status === 422) && base.length > 0) {
    const hints = base.flatMap((text) =>
      BASE_HINTS.filter(([re]) => re.test(text)).map(([, hint]) => hint(request.ref)),
    );
    const why = base.join(' ');
    const todo = hints.length > 0 ? ` To fix: ${hints.join('; ')}.` : '';
    return status === 422
      ? fail(
          `GitLab created a pipeline for ${where} but it failed at once: ${why}${period(why)} Fix .gitlab-ci.yml on '${request.ref}'; the failed pipeline is listed at ${ctx.pipelinesPage(request.project)}.${todo}`,
        )
      : fail(`GitLab did not create a pipeline for ${where}: ${why}${period(why)}${todo}`);
  }
  switch (status) {
    case 400:
      return fail(
        `GitLab refused the trigger for ${where}: ${words ?? statusText(status)}. No pipeline was created.`,
      );
    case 401:
      return fail(
        /job/i.test(words ?? '')
          ? `${answeredWith} for ${where}: a CI job token is valid only while its job runs; pass $CI_JOB_TOKEN from the running job, or use a pipeline trigger token.`
          : `${answeredWith} for ${where}: the token was not accepted; check that it is a trigger token of this project that has not expired or been revoked.`,
      );
    case 403:
      return fail(
        `${answeredWith} for ${where}: the token's owner may not trigger pipelines there, or a CI job token's project is not on this project's job token allowlist.`,
      );
    case 404:
      return fail(
        `${answeredWith} for ${where} on ${ctx.host}: either no project has this id or path, or the token is not a trigger token of this project (GitLab does not say which). Check the project and the token.`,
      );
    case 429: {
      const wait = retryAfterMs(response.headers, now);
      const long = wait !== undefined && wait > ctx.maxRetryAfterMs;
      return fail(
        long
          ? `${answeredWith}: GitLab's rate limit asks to wait ${formatDuration(wait)}, longer than the ${formatDuration(ctx.maxRetryAfterMs)} this tool waits. No pipeline was created; run again later.`
          : `${answeredWith} ${attempts} times: GitLab's rate limit held for every attempt. No pipeline was created; run again later.`,
      );
    }
    case 503:
      return fail(
        `${answeredWith} ${attempts} times: GitLab is down for maintenance or overloaded. No pipeline was created; run again later.`,
      );
    default:
      return fail(
        `${answeredWith} for ${where}. ${status >= 500 ? maybeCreated : 'No pipeline was created.'}`,
      );
  }
}

function period(text: string): string {
  return /[.!?]$/.test(text) ? '' : '.';
}
