// @ts-check
// What the emulated GitLab can do, by release: the one table every release-dependent answer
// of the emulator is derived from. Each row names the first release that behaves so and
// where in GitLab that was read (file, and the copy or release it was read at). A behaviour
// that is not here does not depend on the release in this emulator. docs/gitlab-versions.md
// shows the same table for users.

/** The GitLab release the emulator answers as unless told otherwise. */
export const DEFAULT_VERSION = '18.2.1-ee';

/**
 * @typedef {object} Row
 * @property {string | null} since the first release that behaves so ('18.1'); null: none yet
 * @property {string} source where in GitLab it was read
 */

/**
 * Routes a CI job token may call, by release. GitLab reads a job token (JOB-TOKEN header,
 * `job_token` parameter) only on routes marked `route_setting :authentication,
 * job_token_allowed: true` (lib/gitlab/auth/auth_finders.rb #find_user_from_job_token); on
 * any other route the request is anonymous, so a private project answers 404 Project Not Found.
 * Keys are the names route definitions give in `jobTokenRoute`.
 * @type {Record<string, Row>}
 */
export const JOB_TOKEN_ROUTES = {
  'pipeline-jobs': {
    since: '18.0',
    source:
      'lib/api/ci/pipelines.rb (gitlabhq copy 002718ac, 18.x): GET :id/pipelines/:pipeline_id/jobs is job_token_allowed with job_token_policies :read_jobs, while the pipeline, list and bridges are not; doc/ci/jobs/ci_job_token.md of 17.10 (gitlabhq copy 017a6c12) still lists only GET /job of the Jobs API; doc/ci/jobs/fine_grained_permissions.md: beta from 18.0, "Jobs: Read" lists the route (issue 506668)',
  },
  pipeline: {
    since: '18.1',
    source:
      'lib/api/ci/pipelines.rb (19.2, the release that deprecates /bridges): GET :id/pipelines/:pipeline_id is job_token_allowed with job_token_policies :read_pipelines; absent from 17.x (doc/ci/jobs/ci_job_token.md lists only PUT …/metadata of the Pipelines API). The first 18.x with it is pinned at 18.1, the release from which /bridges answers a job token too',
  },
  pipelines: {
    since: '18.1',
    source:
      'lib/api/ci/pipelines.rb (19.2): GET :id/pipelines is job_token_allowed, job_token_policies :read_pipelines; opened with the pipeline read (see "pipeline")',
  },
  bridges: {
    since: '18.1',
    source:
      'lib/api/ci/pipelines.rb (19.2): GET :id/pipelines/:pipeline_id/bridges is job_token_allowed, job_token_policies :read_pipelines (GitLab issue 554448 asked for it); opened with the pipeline read',
  },
  'trigger-jobs': {
    since: '19.2',
    source: 'lib/api/ci/pipelines.rb (19.2): the new route carries the same settings as /bridges',
  },
  'job-trace': {
    since: null,
    source:
      'lib/api/ci/jobs.rb (every copy read, 13.x to 18.x): GET :id/jobs/:job_id/trace has no job_token_allowed; GitLab issue 467492 rules out traces for job tokens',
  },
  'test-report': {
    since: null,
    source:
      'lib/api/ci/pipelines.rb (19.2): …/test_report and …/test_report_summary carry only route_setting :authorization permissions, no job_token_allowed',
  },
};

/**
 * Features that exist from a release on.
 * @type {Record<'triggerJobsRoute' | 'pipelineInputs' | 'triggerTokenExpiry', Row>}
 */
export const FEATURES = {
  triggerJobsRoute: {
    since: '19.2',
    source:
      'lib/api/ci/pipelines.rb (19.2): GET :id/pipelines/:pipeline_id/trigger_jobs added, /bridges "Deprecated in GitLab 19.2. Use trigger_jobs endpoint instead."; before it the path falls to the catch-all 404 of lib/api/api.rb',
  },
  pipelineInputs: {
    since: '17.11',
    source:
      'lib/api/ci/triggers.rb: `inputs` passed to Ci::CreatePipelineService; behind the ci_inputs_for_pipelines flag in 17.10, on by default in 17.11, generally available in 18.1; older releases ignore the parameter',
  },
  triggerTokenExpiry: {
    since: '17.0',
    source:
      'lib/api/ci/triggers.rb: `optional :expires_at, type: DateTime` on POST :id/triggers (GitLab MR 146912, issue 417111); an older release declares no such parameter and drops it: the token never expires',
  },
};

/**
 * Answers that are the same in every release emulated (16.0 to 19.x), kept here so that the
 * question "does this change by release?" has one place to look.
 */
export const UNCHANGED = {
  cancel:
    'lib/api/ci/pipelines.rb (16.x to 19.2): POST …/cancel answers 200 with the pipeline even when nothing could be cancelled ("TODO: inconsistent behavior … Set to be fixed on V5", issue 519143). The 422 that the 18.0 deprecation notice (issue 414963) announced never shipped',
  retry:
    'lib/api/ci/pipelines.rb (16.x to 19.2): POST …/retry answers 201 with the pipeline; with nothing to retry, the pipeline unchanged',
};

const VERSION = /^(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?(?:-(?:ee|ce|pre|rc\d*))?$/;

/**
 * The major and minor of a release, or null when `version` is not one ('18.2.1-ee' → [18, 2]).
 * @param {string} version
 * @returns {[number, number] | null}
 */
export function parseRelease(version) {
  const match = VERSION.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/**
 * Whether `version` is `since` or later; false for a row with no release yet.
 * @param {string} version
 * @param {string | null} since
 */
export function releaseAtLeast(version, since) {
  if (since === null) return false;
  const have = parseRelease(version);
  const want = parseRelease(since);
  if (!have || !want) throw new Error(`not a GitLab release: ${have ? since : version}`);
  return have[0] > want[0] || (have[0] === want[0] && have[1] >= want[1]);
}

/**
 * Everything release-dependent about one release, read from the tables above.
 * @param {string} version e.g. '17.11.3-ee'
 */
export function releaseOf(version) {
  if (!parseRelease(version)) {
    throw new Error(`--gitlab-version must be a GitLab release such as 17.11.3, not ${version}`);
  }
  /** @type {Record<string, boolean>} */
  const jobTokenRoutes = {};
  for (const [key, row] of Object.entries(JOB_TOKEN_ROUTES)) {
    jobTokenRoutes[key] = releaseAtLeast(version, row.since);
  }
  return {
    version,
    /** route key (a route's `jobTokenRoute`) → whether a job token is read there */
    jobTokenRoutes,
    triggerJobsRoute: releaseAtLeast(version, FEATURES.triggerJobsRoute.since),
    pipelineInputs: releaseAtLeast(version, FEATURES.pipelineInputs.since),
    triggerTokenExpiry: releaseAtLeast(version, FEATURES.triggerTokenExpiry.since),
  };
}

/** @typedef {ReturnType<typeof releaseOf>} Release */
