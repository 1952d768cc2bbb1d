// @ts-check
// Who is asking, and what they may do. Mirrors Gitlab::Auth::AuthFinders and API::APIGuard
// (lib/gitlab/auth/auth_finders.rb, lib/api/api_guard.rb) for the tokens the emulator knows:
// personal access tokens (PRIVATE-TOKEN header, private_token parameter, Authorization: Bearer)
// and CI job tokens (JOB-TOKEN header, job_token or token parameter, Bearer) on the routes that
// accept them. Trigger tokens authenticate nothing but the trigger endpoint itself.

import { ApiError, apiError, forbidden, notFound, unauthorized } from './http-helpers.js';
import { ROLE_LEVELS } from './store.js';

/** @typedef {import('./types.js').User} User */
/** @typedef {import('./types.js').Project} Project */
/** @typedef {import('./types.js').Role} Role */
/** @typedef {import('./types.js').AccessToken} AccessToken */
/** @typedef {import('./types.js').JobToken} JobToken */
/** @typedef {import('./router.js').Ctx} Ctx */

/**
 * @typedef {{ kind: 'anonymous' }
 *   | { kind: 'token', user: User, token: AccessToken }
 *   | { kind: 'job', user: User, job: JobToken }} Principal
 */

/**
 * Rack::OAuth2's bearer-token errors, which APIGuard answers for expired, revoked and
 * under-scoped tokens.
 * @param {number} status
 * @param {string} error
 * @param {string} description
 * @param {string} [scope]
 */
function oauthError(status, error, description, scope) {
  const body =
    scope === undefined
      ? { error, error_description: description }
      : { error, error_description: description, scope };
  /** @type {Record<string, string>} */
  const headers = {};
  if (status === 401) {
    headers['WWW-Authenticate'] =
      `Bearer realm="The API", error="${error}", error_description="${description}"`;
  }
  return new ApiError(status, body, headers);
}

/**
 * @param {unknown} value
 * @returns {string}
 */
function str(value) {
  return typeof value === 'string' ? value : '';
}

/**
 * Ci::AuthJobFinder#execute: a job token of a running, not erased job.
 * @param {Ctx} ctx
 * @param {string} token
 */
function runningJob(ctx, token) {
  const job = ctx.instance.store.jobTokens.get(token);
  return job && job.running && !job.erased ? job : null;
}

/**
 * The current user (API::Helpers#current_user), resolved once per request. Throws what GitLab
 * answers for a token it does not accept.
 * @param {Ctx} ctx
 * @returns {Principal}
 */
export function principalOf(ctx) {
  if (ctx.principal) return ctx.principal;
  ctx.principal = resolve(ctx);
  return ctx.principal;
}

/**
 * @param {Ctx} ctx
 * @returns {Principal}
 */
function resolve(ctx) {
  const { store } = ctx.instance;
  const jobTokenAllowed = ctx.route?.jobTokenAllowed ?? false;
  const bearer = /^Bearer\s+(.+)$/i.exec(ctx.headers.authorization ?? '')?.[1]?.trim() ?? '';

  // find_user_from_job_bearer_token, on routes that take job tokens.
  if (jobTokenAllowed && bearer) {
    const job = runningJob(ctx, bearer);
    if (job) return jobPrincipal(ctx, job);
  }

  // find_personal_access_token: a token that is not found is a 401 at once.
  const pat = str(ctx.params.private_token) || (ctx.headers['private-token'] ?? '') || bearer;
  // A job token in PRIVATE-TOKEN is ignored here so that the job-token lookup can find it.
  if (pat && !pat.startsWith('glcbt-')) {
    const token = store.accessTokens.get(pat);
    const user = token ? store.users.get(token.userId) : undefined;
    if (!token || !user) throw unauthorized();
    if (token.revoked) {
      throw oauthError(
        401,
        'invalid_token',
        'Token was revoked. You have to re-authorize from the user.',
      );
    }
    if (token.expiresAt !== null && Date.parse(`${token.expiresAt}T00:00:00Z`) <= ctx.now) {
      throw oauthError(
        401,
        'invalid_token',
        'Token is expired. You can either do re-authorization or token refresh.',
      );
    }
    // allow_access_with_scope :api, and :read_api for GET and HEAD only (lib/api/api.rb).
    const read = ctx.method === 'GET' || ctx.method === 'HEAD';
    const sufficient = token.scopes.includes('api') || (read && token.scopes.includes('read_api'));
    if (!sufficient) {
      throw oauthError(
        403,
        'insufficient_scope',
        'The request requires higher privileges than provided by the access token.',
        ctx.route?.scopeList ?? 'api read_api',
      );
    }
    if (user.state === 'blocked') throw forbidden('Your account has been blocked.');
    return { kind: 'token', user, token };
  }

  // find_user_from_job_token: job_token or token parameter, or the JOB-TOKEN header.
  if (jobTokenAllowed) {
    const value =
      str(ctx.params.job_token) || str(ctx.params.token) || (ctx.headers['job-token'] ?? '');
    if (value) {
      const job = runningJob(ctx, value);
      if (!job) throw unauthorized();
      return jobPrincipal(ctx, job);
    }
  }
  return { kind: 'anonymous' };
}

/**
 * @param {Ctx} ctx
 * @param {JobToken} job
 * @returns {Principal}
 */
function jobPrincipal(ctx, job) {
  const user = ctx.instance.store.users.get(job.userId);
  if (!user) throw unauthorized();
  return { kind: 'job', user, job };
}

/**
 * authenticate!: 401 without a user.
 * @param {Ctx} ctx
 * @returns {Exclude<Principal, { kind: 'anonymous' }>}
 */
export function authenticate(ctx) {
  const principal = principalOf(ctx);
  if (principal.kind === 'anonymous') throw unauthorized();
  return principal;
}

/**
 * The principal's role in the project, or null.
 * @param {Ctx} ctx
 * @param {Principal} principal
 * @param {Project} project
 * @returns {Role | null}
 */
function roleIn(ctx, principal, project) {
  if (principal.kind === 'anonymous') return null;
  return ctx.instance.store.roleOf(principal.user.id, project.id);
}

/**
 * Whether the job token's scope lets it reach the project: its own project, or one whose
 * allowlist admits it. Public projects are readable anyway.
 * @param {Principal} principal
 * @param {Project} project
 */
function jobTokenScopeAllows(principal, project) {
  if (principal.kind !== 'job') return true;
  return principal.job.projectId === project.id || principal.job.allowlist.includes(project.id);
}

/**
 * :read_project
 * @param {Ctx} ctx
 * @param {Principal} principal
 * @param {Project} project
 */
export function canReadProject(ctx, principal, project) {
  if (project.visibility === 'public') return true;
  if (!jobTokenScopeAllows(principal, project)) return false;
  if (project.visibility === 'internal' && principal.kind !== 'anonymous') return true;
  return roleIn(ctx, principal, project) !== null;
}

/**
 * The abilities the emulated endpoints check, by the minimum role GitLab's ProjectPolicy gives
 * them (read_pipeline/read_build: reporter, or anyone on a public project; cancel_pipeline,
 * update_pipeline, play_job: developer; admin_build/manage_trigger: maintainer).
 * @param {Ctx} ctx
 * @param {Principal} principal
 * @param {'read_pipeline' | 'read_build' | 'cancel_pipeline' | 'update_pipeline' | 'play_job' | 'admin_build' | 'create_pipeline'} ability
 * @param {Project} project
 */
export function can(ctx, principal, ability, project) {
  if (!canReadProject(ctx, principal, project)) return false;
  const role = roleIn(ctx, principal, project);
  const level = role === null ? 0 : ROLE_LEVELS[role];
  switch (ability) {
    case 'read_pipeline':
    case 'read_build':
      return project.visibility === 'public' || level >= ROLE_LEVELS.reporter;
    case 'cancel_pipeline':
    case 'update_pipeline':
    case 'play_job':
    case 'create_pipeline':
      return level >= ROLE_LEVELS.developer;
    case 'admin_build':
      return level >= ROLE_LEVELS.maintainer;
    default:
      return false;
  }
}

/**
 * authorize!(ability, subject): 403 {"message":"403 Forbidden"} when not allowed.
 * @param {Ctx} ctx
 * @param {Parameters<typeof can>[2]} ability
 * @param {Project} project
 */
export function authorize(ctx, ability, project) {
  if (!can(ctx, principalOf(ctx), ability, project)) throw forbidden();
}

/**
 * user_project / find_project! (lib/api/helpers.rb): the project of the :id parameter as the
 * current user may see it. A project the user cannot read is "404 Project Not Found"; a job
 * token outside its allowlist gets the 403 that names both projects; a renamed project is
 * redirected for GET and refused for anything else.
 * @param {Ctx} ctx
 * @returns {Project}
 */
export function userProject(ctx) {
  const principal = principalOf(ctx);
  const id = ctx.routeParams.id ?? '';
  const project = ctx.instance.store.findProject(id);
  if (!project) throw notFound('Project');
  if (!canReadProject(ctx, principal, project)) {
    if (principal.kind === 'job' && !jobTokenScopeAllows(principal, project)) {
      const source = ctx.instance.store.projects.get(principal.job.projectId);
      const from = source?.path.split('/').pop() ?? '';
      const to = project.path.split('/').pop() ?? '';
      throw forbidden(`Authentication by CI/CD job token not allowed from ${from} to ${to}.`);
    }
    throw notFound('Project');
  }
  if (id.includes('/') && project.path.toLowerCase() !== id.toLowerCase()) {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      throw apiError('Non GET methods are not allowed for moved projects', 405);
    }
    // redirect!(url_with_project_id(project)): the same URL with the numeric id.
    const location = `${ctx.instance.origin}${ctx.instance.basePath}/api/v4${ctx.apiPath.replace(
      /^\/projects\/[^/]+/,
      `/projects/${project.id}`,
    )}${ctx.query ? `?${ctx.query}` : ''}`;
    throw new ApiError(301, `This resource has been moved permanently to ${location}`, {
      Location: location,
      'Content-Type': 'application/json',
    });
  }
  return project;
}
