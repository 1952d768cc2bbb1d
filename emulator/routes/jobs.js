// @ts-check
// lib/api/ci/jobs.rb: a job, its log (trace) and playing a manual job. The whole resource has
// `before { authenticate! }`: no user, no answer but 401, even on a public project.

import { authenticate, authorize, userProject } from '../auth.js';
import { bridgeEntity, jobEntity } from '../entities.js';
import { validate } from '../grape.js';
import { badRequest, json, recordNotFound, streamed, text } from '../http-helpers.js';
import { parseRange } from '../logs.js';
import { logOf, playJob, traceOf } from '../timeline.js';

/** @typedef {import('../router.js').Ctx} Ctx */
/** @typedef {import('../router.js').RouteDef} RouteDef */
/** @typedef {import('../types.js').Project} Project */
/** @typedef {import('../types.js').Job} Job */

const SCOPES = 'ai_workflows api read_api';
const JOB_ID = /** @type {import('../grape.js').ParamSpec} */ ({
  name: 'job_id',
  required: true,
  type: 'integer',
});

/**
 * find_build! (builds only) or find_job! (builds and bridges): 404 Not found otherwise.
 * @param {Ctx} ctx
 * @param {Project} project
 * @param {unknown} id
 * @param {boolean} bridgesToo
 */
function findJob(ctx, project, id, bridgesToo) {
  const { store } = ctx.instance;
  const job = store.jobs.get(Number(id));
  const pipeline = job ? store.pipelines.get(job.pipelineId) : undefined;
  if (!job || !pipeline || pipeline.projectId !== project.id) throw recordNotFound();
  if (job.kind === 'bridge' && !bridgesToo) throw recordNotFound();
  return { job, pipeline };
}

/** GET /projects/:id/jobs/:job_id @param {Ctx} ctx */
function getJob(ctx) {
  authenticate(ctx);
  const declared = validate(ctx.params, [JOB_ID]);
  const project = userProject(ctx);
  authorize(ctx, 'read_build', project);
  const { job, pipeline } = findJob(ctx, project, declared.job_id, false);
  return json(200, jobEntity(ctx.instance, job, pipeline, ctx.now));
}

/** GET /projects/:id/jobs/:job_id/trace @param {Ctx} ctx */
function getTrace(ctx) {
  authenticate(ctx);
  const declared = validate(ctx.params, [JOB_ID]);
  const project = userProject(ctx);
  authorize(ctx, 'read_build', project);
  const { job, pipeline } = findJob(ctx, project, declared.job_id, false);
  const headers = {
    'Content-Type': 'text/plain',
    'Content-Disposition': `infile; filename="${job.id}.log"`,
  };
  const pieces = job.extras.traceChunks !== undefined;
  if (job.extras.traceSize === undefined && !pieces && !ctx.instance.traceRange) {
    return text(200, traceOf(job, pipeline, ctx.now), headers);
  }
  const log = logOf(job, pipeline, ctx.now);
  if (!ctx.instance.traceRange) {
    // GitLab sends `build.trace.raw` whole (`body trace`): Range is not looked at.
    return streamed(200, log.size, () => log.open(0, log.size), headers);
  }
  // A proxy or object storage in front of GitLab that honours Range (traceRange: true).
  const ranged = { ...headers, 'Accept-Ranges': 'bytes' };
  const range = parseRange(ctx.headers.range, log.size);
  if (range === 'unsatisfiable') {
    return text(416, '', { ...ranged, 'Content-Range': `bytes */${log.size}` });
  }
  if (range === null) return streamed(200, log.size, () => log.open(0, log.size), ranged);
  const { start, end } = range;
  return streamed(206, end - start + 1, () => log.open(start, end + 1), {
    ...ranged,
    'Content-Range': `bytes ${start}-${end}/${log.size}`,
  });
}

/** POST /projects/:id/jobs/:job_id/play @param {Ctx} ctx */
function play(ctx) {
  const principal = authenticate(ctx);
  const declared = validate(ctx.params, [JOB_ID]);
  const project = userProject(ctx);
  authorize(ctx, 'read_build', project);
  const { job, pipeline } = findJob(ctx, project, declared.job_id, true);
  authorize(ctx, 'play_job', project);
  const played = playJob(ctx.instance.store, pipeline, job, principal.user.id, ctx.now);
  if (!played) throw badRequest('Unplayable Job');
  const entity =
    played.kind === 'bridge'
      ? bridgeEntity(ctx.instance, played, pipeline, ctx.now)
      : jobEntity(ctx.instance, played, pipeline, ctx.now);
  return json(200, entity);
}

const ID = '(?<id>[^/]+)';

/** @type {RouteDef[]} */
export const routes = [
  {
    method: 'GET',
    pattern: new RegExp(`^/projects/${ID}/jobs/(?<job_id>[^/]+)$`),
    handler: getJob,
    scopeList: SCOPES,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/projects/${ID}/jobs/(?<job_id>[^/]+)/trace$`),
    handler: getTrace,
    jobTokenRoute: 'job-trace',
    scopeList: SCOPES,
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/projects/${ID}/jobs/(?<job_id>[^/]+)/play$`),
    handler: play,
    scopeList: SCOPES,
  },
];
