import { GitLabError, NetworkError } from './errors.js';
import type { ApiToken, GitLabClient } from './gitlab-client.js';
import type { StopConditions } from './retry.js';

/**
 * The release of the GitLab instance, for features that older releases lack. GitLab answers
 * `GET /version` to any authenticated user (lib/api/metadata.rb: `before { authenticate! }`,
 * the read_user scope besides api and read_api): an access token will do; a CI job token (the
 * route is not job_token_allowed) or a trigger token will not.
 */

/**
 * The first release that keeps a trigger token's `expires_at`: lib/api/ci/triggers.rb declares
 * `optional :expires_at` from 17.0 (GitLab MR 146912); an older one drops the parameter unread
 * and the token never expires. The emulator's table (emulator/releases.js) says the same.
 */
export const TRIGGER_TOKEN_EXPIRY_SINCE = '17.0';

/**
 * The first release that takes pipeline inputs on the trigger API: lib/api/ci/triggers.rb
 * passes `inputs` on behind a flag in 17.10, on by default from 17.11; older ones ignore it.
 */
export const PIPELINE_INPUTS_SINCE = '17.11';

/**
 * The first release that lets a CI job token read a pipeline, list pipelines and trigger jobs
 * (`job_token_allowed` on those routes of lib/api/ci/pipelines.rb; see emulator/releases.js).
 */
export const JOB_TOKEN_PIPELINE_READS_SINCE = '18.1';

/** `17.11.3-ee` → [17, 11]; undefined when the text is no release. */
export function releaseOf(version: string): readonly [number, number] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})(?:\.\d{1,3})?(?:-[a-z0-9]+)?$/i.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** True when `version` is a release older than `since` ('17.0'); false when unknown. */
export function releaseBefore(version: string | undefined, since: string): boolean {
  const have = version === undefined ? undefined : releaseOf(version);
  const want = releaseOf(since);
  if (!have || !want) return false;
  return have[0] < want[0] || (have[0] === want[0] && have[1] < want[1]);
}

/**
 * The instance's version (`17.11.3-ee`), or undefined when it cannot be read: a missing
 * version must never stop what the user asked for, only the advice that depends on it.
 */
export async function readGitLabVersion(
  client: GitLabClient,
  token: ApiToken,
  options: { readonly once?: boolean; readonly stops?: StopConditions } = {},
): Promise<string | undefined> {
  try {
    const answer = await client.apiJson<{ version?: unknown }>({
      ...options,
      method: 'GET',
      path: '/version',
      token,
      what: 'read the GitLab version',
      idempotent: true,
    });
    const version = typeof answer?.version === 'string' ? answer.version : undefined;
    return version !== undefined && releaseOf(version) ? version : undefined;
  } catch (error) {
    if (error instanceof GitLabError || error instanceof NetworkError) return undefined;
    throw error;
  }
}
