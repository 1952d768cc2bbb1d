// @ts-check
// Grape-like routing over the raw request path. Node hands over the path undecoded, which is
// what matters here: the project :id must be one segment (`[^/]+`, API::NAMESPACE_OR_PROJECT_
// REQUIREMENTS), so a raw slash inside it matches no route, while `%2F` matches and is decoded
// once into the route parameter. Whatever matches nothing falls to the catch-all of
// lib/api/api.rb: 404 {"error":"404 Not Found"}.

import { ApiError, grapeError } from './http-helpers.js';
import { routes as artifactRoutes } from './routes/artifacts.js';
import { routes as jobRoutes } from './routes/jobs.js';
import { routes as miscRoutes } from './routes/misc.js';
import { routes as pipelineRoutes } from './routes/pipelines.js';
import { routes as reportRoutes } from './routes/reports.js';
import { routes as triggerRoutes } from './routes/triggers.js';

/** @typedef {import('./instance.js').Instance} Instance */
/** @typedef {import('./http-helpers.js').Response} Response */
/** @typedef {import('./auth.js').Principal} Principal */

/**
 * @typedef {object} RouteDef
 * @property {string} method
 * @property {RegExp} pattern matched against the raw path after /api/v4
 * @property {(ctx: Ctx) => Response} handler
 * @property {boolean} [jobTokenAllowed] route_setting :authentication, job_token_allowed: true
 * @property {string} [jobTokenRoute] the row of JOB_TOKEN_ROUTES (releases.js) that says, by
 *   release, whether this route reads job tokens; it then decides jobTokenAllowed
 * @property {string} [scopeList] the scopes named in an insufficient_scope answer
 */

/**
 * @typedef {object} Ctx
 * @property {Instance} instance
 * @property {string} method upper case
 * @property {string} rawPath the raw path, base path included
 * @property {string} apiPath the raw path after `{basePath}/api/v4`
 * @property {string} query the raw query string, without '?'
 * @property {Record<string, string>} headers lower-case names
 * @property {Record<string, unknown>} params query, then body, then route parameters
 * @property {Record<string, string>} routeParams decoded route parameters
 * @property {number} now emulated epoch ms
 * @property {RouteDef | undefined} route
 * @property {Principal | undefined} principal
 */

/** @type {RouteDef[]} */
const ROUTES = [
  ...triggerRoutes,
  ...pipelineRoutes,
  ...reportRoutes,
  ...artifactRoutes,
  ...jobRoutes,
  ...miscRoutes,
];

/**
 * Mustermann decodes route parameters once.
 * @param {string} value
 */
function decodeParam(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The route as the emulated release has it: whether it reads job tokens comes from the
 * release table (releases.js); fine-grained job token permissions (jobTokenReadPipelines:
 * false) can only refuse them where the release reads them.
 * @param {Ctx} ctx
 * @param {RouteDef} route
 * @returns {RouteDef}
 */
function asReleased(ctx, route) {
  if (route.jobTokenRoute === undefined) return route;
  const released = ctx.instance.release.jobTokenRoutes[route.jobTokenRoute];
  if (released === undefined) throw new Error(`no job-token row ${route.jobTokenRoute}`);
  const narrowed = ctx.instance.jobTokenReadPipelines === false;
  return { ...route, jobTokenAllowed: released && !narrowed };
}

/**
 * Finds the route for the request and runs it.
 * @param {Ctx} ctx
 * @returns {Response}
 */
export function dispatch(ctx) {
  // Grape answers HEAD with the GET route.
  const method = ctx.method === 'HEAD' ? 'GET' : ctx.method;
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(ctx.apiPath);
    if (!match) continue;
    /** @type {Record<string, string>} */
    const routeParams = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) {
      if (value !== undefined) routeParams[name] = decodeParam(value);
    }
    ctx.route = asReleased(ctx, route);
    ctx.routeParams = routeParams;
    // Route parameters win over query and body parameters (Grape's deep_merge of routing args).
    ctx.params = { ...ctx.params, ...routeParams };
    try {
      return route.handler(ctx);
    } catch (error) {
      if (error instanceof ApiError) return error.toResponse();
      throw error;
    }
  }
  return grapeError('404 Not Found', 404).toResponse();
}
