// @ts-check
// lib/api/ci/pipelines.rb: following a pipeline, its jobs and trigger jobs, and cancelling it.
// The API has `before { authenticate_non_get! }`: every non-GET request needs a user before
// its parameters are even looked at.

import { authenticate, authorize, can, principalOf, userProject } from '../auth.js';
import {
  bridgeEntity,
  jobEntity,
  pipelineBasic,
  pipelineEntity,
  pipelineWithMetadata,
} from '../entities.js';
import { validate } from '../grape.js';
import { forbidden, grapeError, json, recordNotFound } from '../http-helpers.js';
import { PAGINATION_SPECS, paginate } from '../pagination.js';
import { AVAILABLE_STATUSES } from '../status.js';
import { cancelPipeline, latestJobs, retryPipeline } from '../timeline.js';

/** @typedef {import('../router.js').Ctx} Ctx */
/** @typedef {import('../router.js').RouteDef} RouteDef */
/** @typedef {import('../types.js').Project} Project */
/** @typedef {import('../types.js').Pipeline} Pipeline */
/** @typedef {import('../types.js').Job} Job */

/** Scopes registered for these endpoints: ai_workflows (GET only), then api and read_api. */
const SCOPES = 'ai_workflows api read_api';

/**
 * user_project.all_pipelines.find(params[:pipeline_id])
 * @param {Ctx} ctx
 * @param {Project} project
 * @param {unknown} id
 * @returns {Pipeline}
 */
export function findPipeline(ctx, project, id) {
  const pipeline = ctx.instance.store.pipelines.get(Number(id));
  if (!pipeline || pipeline.projectId !== project.id) throw recordNotFound();
  return pipeline;
}

/**
 * Jobs of the pipeline the way Ci::JobsFinder lists them: latest only unless include_retried,
 * filtered by scope, newest first.
 * @param {Pipeline} pipeline
 * @param {'build' | 'bridge'} kind
 * @param {Record<string, unknown>} declared
 */
function pipelineJobs(pipeline, kind, declared) {
  const scope = Array.isArray(declared.scope) ? declared.scope : null;
  const jobs = (declared.include_retried === true ? pipeline.jobs : latestJobs(pipeline))
    .filter((j) => j.kind === kind)
    .filter((j) => scope === null || scope.length === 0 || scope.includes(j.status));
  return [...jobs].sort((a, b) => b.id - a.id);
}

const PIPELINE_ID = /** @type {import('../grape.js').ParamSpec} */ ({
  name: 'pipeline_id',
  required: true,
  type: 'integer',
});
const SCOPE = /** @type {import('../grape.js').ParamSpec} */ ({
  name: 'scope',
  type: 'scope',
  values: AVAILABLE_STATUSES,
});

/** GET /projects/:id/pipelines/:pipeline_id @param {Ctx} ctx */
function getPipeline(ctx) {
  const declared = validate(ctx.params, [PIPELINE_ID]);
  const project = userProject(ctx);
  const pipeline = findPipeline(ctx, project, declared.pipeline_id);
  authorize(ctx, 'read_pipeline', project);
  return json(200, pipelineWithMetadata(ctx.instance, pipeline, true));
}

/**
 * GET /projects/:id/pipelines/latest: the newest pipeline of the ref (default branch when
 * none is given); with none, authorize! on nil is a 403.
 * @param {Ctx} ctx
 */
function latestPipeline(ctx) {
  const declared = validate(ctx.params, [{ name: 'ref', type: 'string' }]);
  const project = userProject(ctx);
  const ref = typeof declared.ref === 'string' ? declared.ref : project.defaultBranch;
  const pipeline = ctx.instance.store
    .pipelinesOf(project.id)
    .filter((p) => p.ref === ref)
    .sort((a, b) => b.id - a.id)[0];
  if (!pipeline || !can(ctx, principalOf(ctx), 'read_pipeline', project)) {
    authorize(ctx, 'read_pipeline', project);
    throw forbidden();
  }
  return json(200, pipelineWithMetadata(ctx.instance, pipeline, true));
}

/** GET /projects/:id/pipelines/:pipeline_id/jobs @param {Ctx} ctx */
function listJobs(ctx) {
  const declared = validate(ctx.params, [
    PIPELINE_ID,
    { name: 'include_retried', type: 'boolean', default: false },
    SCOPE,
    ...PAGINATION_SPECS,
  ]);
  const project = userProject(ctx);
  authorize(ctx, 'read_pipeline', project);
  const pipeline = findPipeline(ctx, project, declared.pipeline_id);
  const page = paginate(ctx, pipelineJobs(pipeline, 'build', declared), declared);
  return json(
    200,
    page.items.map((job) => jobEntity(ctx.instance, job, pipeline, ctx.now)),
    page.headers,
  );
}

/** GET /projects/:id/pipelines/:pipeline_id/bridges @param {Ctx} ctx */
function listBridges(ctx) {
  const declared = validate(ctx.params, [PIPELINE_ID, SCOPE, ...PAGINATION_SPECS]);
  const project = userProject(ctx);
  authorize(ctx, 'read_build', project);
  const pipeline = findPipeline(ctx, project, declared.pipeline_id);
  const page = paginate(ctx, pipelineJobs(pipeline, 'bridge', declared), declared);
  return json(
    200,
    page.items.map((job) => bridgeEntity(ctx.instance, job, pipeline, ctx.now)),
    page.headers,
  );
}

/**
 * GET /projects/:id/pipelines/:pipeline_id/trigger_jobs: the trigger jobs again, under the
 * name GitLab 19.2 gave them when it deprecated /bridges; absent before (the catch-all 404).
 * @param {Ctx} ctx
 */
function listTriggerJobs(ctx) {
  if (!ctx.instance.release.triggerJobsRoute) throw grapeError('404 Not Found', 404);
  return listBridges(ctx);
}

/** POST /projects/:id/pipelines/:pipeline_id/cancel @param {Ctx} ctx */
function cancel(ctx) {
  authenticate(ctx);
  const declared = validate(ctx.params, [PIPELINE_ID]);
  const project = userProject(ctx);
  const pipeline = findPipeline(ctx, project, declared.pipeline_id);
  authorize(ctx, 'cancel_pipeline', project);
  // Every release answers 200 with the pipeline, also when nothing could be cancelled
  // (UNCHANGED.cancel in releases.js). The two modes differ only in when the status is seen.
  const mode = project.cancelBehaviour ?? ctx.instance.cancelBehaviour;
  if (mode === 'legacy-200') {
    cancelPipeline(pipeline, ctx.now);
    return json(200, pipelineEntity(ctx.instance, pipeline, true));
  }
  // `present pipeline.reset`: the row as it stands once the jobs were told to stop, before the
  // asynchronous processing recomputes the pipeline's status.
  const answer = pipelineEntity(ctx.instance, pipeline, true);
  cancelPipeline(pipeline, ctx.now);
  return json(200, answer);
}

/**
 * POST /projects/:id/pipelines/:pipeline_id/retry: `authorize! :update_pipeline, pipeline`
 * (Developer, else 403), then `pipeline.retry_failed(current_user)` (Ci::RetryPipelineService)
 * and 201 with the pipeline; with nothing to retry the pipeline is answered unchanged.
 * @param {Ctx} ctx
 */
function retry(ctx) {
  const principal = authenticate(ctx);
  const declared = validate(ctx.params, [PIPELINE_ID]);
  const project = userProject(ctx);
  const pipeline = findPipeline(ctx, project, declared.pipeline_id);
  authorize(ctx, 'update_pipeline', project);
  retryPipeline(ctx.instance.store, pipeline, principal.user.id, ctx.now);
  return json(201, pipelineEntity(ctx.instance, pipeline, true));
}

const PIPELINE_STATUSES = AVAILABLE_STATUSES.filter(
  (s) => s !== 'canceling' && s !== 'waiting_for_callback',
);

/** GET /projects/:id/pipelines @param {Ctx} ctx */
function listPipelines(ctx) {
  const declared = validate(ctx.params, [
    ...PAGINATION_SPECS,
    {
      name: 'scope',
      type: 'string',
      values: ['running', 'pending', 'finished', 'branches', 'tags'],
    },
    { name: 'status', type: 'string', values: PIPELINE_STATUSES },
    { name: 'ref', type: 'string' },
    { name: 'sha', type: 'string' },
    { name: 'username', type: 'string' },
    { name: 'source', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'updated_before', type: 'datetime' },
    { name: 'updated_after', type: 'datetime' },
    { name: 'created_before', type: 'datetime' },
    { name: 'created_after', type: 'datetime' },
    {
      name: 'order_by',
      type: 'string',
      values: ['id', 'status', 'ref', 'updated_at', 'user_id'],
      default: 'id',
    },
    { name: 'sort', type: 'string', values: ['asc', 'desc'], default: 'desc' },
  ]);
  const project = userProject(ctx);
  authorize(ctx, 'read_pipeline', project);
  authorize(ctx, 'read_build', project);
  const { store } = ctx.instance;
  const users = store.users;
  /** @type {(p: Pipeline) => boolean} */
  const keep = (p) => {
    const d = declared;
    if (d.scope === 'running' && p.status !== 'running') return false;
    if (d.scope === 'pending' && p.status !== 'pending') return false;
    if (d.scope === 'finished' && !['success', 'failed', 'canceled'].includes(p.status))
      return false;
    if (d.scope === 'branches' && p.tag) return false;
    if (d.scope === 'tags' && !p.tag) return false;
    if (typeof d.status === 'string' && p.status !== d.status) return false;
    if (typeof d.ref === 'string' && p.ref !== d.ref) return false;
    if (typeof d.sha === 'string' && p.sha !== d.sha) return false;
    if (typeof d.source === 'string' && p.source !== d.source) return false;
    if (typeof d.name === 'string' && p.name !== d.name) return false;
    if (typeof d.username === 'string' && users.get(p.userId)?.username !== d.username)
      return false;
    if (typeof d.updated_before === 'number' && !(p.updatedAt < d.updated_before)) return false;
    if (typeof d.updated_after === 'number' && !(p.updatedAt > d.updated_after)) return false;
    if (typeof d.created_before === 'number' && !(p.createdAt < d.created_before)) return false;
    if (typeof d.created_after === 'number' && !(p.createdAt > d.created_after)) return false;
    // Child pipelines are left out unless asked for by source.
    if (d.source === undefined && p.source === 'parent_pipeline') return false;
    return true;
  };
  const key = String(declared.order_by);
  /** @type {(p: Pipeline) => string | number} */
  const by = (p) =>
    key === 'status'
      ? p.status
      : key === 'ref'
        ? p.ref
        : key === 'updated_at'
          ? p.updatedAt
          : key === 'user_id'
            ? p.userId
            : p.id;
  const direction = declared.sort === 'asc' ? 1 : -1;
  const pipelines = store
    .pipelinesOf(project.id)
    .filter(keep)
    .sort((a, b) => {
      const x = by(a);
      const y = by(b);
      return (x < y ? -1 : x > y ? 1 : a.id - b.id) * direction;
    });
  const page = paginate(ctx, pipelines, declared);
  return json(
    200,
    page.items.map((p) => ({ ...pipelineBasic(ctx.instance, p), name: p.name })),
    page.headers,
  );
}

const ID = '(?<id>[^/]+)';

/** @type {RouteDef[]} */
export const routes = [
  {
    method: 'GET',
    pattern: new RegExp(`^/projects/${ID}/pipelines$`),
    handler: listPipelines,
    jobTokenRoute: 'pipelines',
    scopeList: SCOPES,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/projects/${ID}/pipelines/latest$`),
    handler: latestPipeline,
    scopeList: SCOPES,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/projects/${ID}/pipelines/(?<pipeline_id>[^/]+)$`),
    handler: getPipeline,
    jobTokenRoute: 'pipeline',
    scopeList: SCOPES,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/projects/${ID}/pipelines/(?<pipeline_id>[^/]+)/jobs$`),
    handler: listJobs,
    jobTokenRoute: 'pipeline-jobs',
    scopeList: SCOPES,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/projects/${ID}/pipelines/(?<pipeline_id>[^/]+)/bridges$`),
    handler: listBridges,
    jobTokenRoute: 'bridges',
    scopeList: SCOPES,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/projects/${ID}/pipelines/(?<pipeline_id>[^/]+)/trigger_jobs$`),
    handler: listTriggerJobs,
    jobTokenRoute: 'trigger-jobs',
    scopeList: SCOPES,
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/projects/${ID}/pipelines/(?<pipeline_id>[^/]+)/cancel$`),
    handler: cancel,
    scopeList: SCOPES,
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/projects/${ID}/pipelines/(?<pipeline_id>[^/]+)/retry$`),
    handler: retry,
    scopeList: SCOPES,
  },
];
