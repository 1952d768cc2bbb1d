// @ts-check
// lib/api/ci/job_artifacts.rb: a job's artifacts archive and one file from it. The API has
// `before { authenticate_non_get! }` (a public project's artifacts need no user) and takes job
// tokens on both routes. The archive is served as present_artifacts_file! does for a file on
// disk (attachment, binary); one file comes through Workhorse's SendEntry
// (workhorse/internal/artifacts/entry.go), which answers Go's plain 404 when the entry is absent.

import { authorize, userProject } from '../auth.js';
import { archiveEntry, archiveOf, hasArtifacts } from '../archives.js';
import { validate } from '../grape.js';
import { badRequest, notFound, recordNotFound, streamed } from '../http-helpers.js';

/** @typedef {import('../router.js').Ctx} Ctx */
/** @typedef {import('../router.js').RouteDef} RouteDef */
/** @typedef {import('../types.js').Project} Project */

const JOB_ID = /** @type {import('../grape.js').ParamSpec} */ ({
  name: 'job_id',
  required: true,
  type: 'integer',
});

/** The types Go's mime.TypeByExtension knows without a system table. */
const MIME = /** @type {Record<string, string>} */ ({
  '.css': 'text/css; charset=utf-8',
  '.gif': 'image/gif',
  '.htm': 'text/html; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.jpeg': 'image/jpeg',
  '.jpg': 'image/jpeg',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.mjs': 'text/javascript; charset=utf-8',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.webp': 'image/webp',
  '.xml': 'text/xml; charset=utf-8',
});

/**
 * authorize_download_artifacts! then find_build!: builds only, of this project.
 * @param {Ctx} ctx
 */
function buildOf(ctx) {
  const declared = validate(ctx.params, [JOB_ID]);
  const project = userProject(ctx);
  authorize(ctx, 'read_build', project);
  const { store } = ctx.instance;
  const job = store.jobs.get(Number(declared.job_id));
  const pipeline = job ? store.pipelines.get(job.pipelineId) : undefined;
  if (!job || !pipeline || pipeline.projectId !== project.id || job.kind !== 'build') {
    throw recordNotFound();
  }
  return job;
}

/** GET /projects/:id/jobs/:job_id/artifacts @param {Ctx} ctx */
function archive(ctx) {
  const job = buildOf(ctx);
  // present_carrierwave_file!: not_found! unless the file exists.
  if (!hasArtifacts(job)) throw notFound();
  const zip = archiveOf(job);
  // Direct download from object storage: 302 to a signed URL (see object-storage.js).
  const storage = ctx.instance.objectStorage;
  if (storage) {
    const location = storage.sign(`${job.id}/artifacts.zip`, zip);
    return { status: 302, headers: { Location: location, 'Cache-Control': 'no-cache' }, body: '' };
  }
  const headers = {
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': `attachment; filename="artifacts.zip"; filename*=UTF-8''artifacts.zip`,
    'Content-Transfer-Encoding': 'binary',
  };
  return streamed(200, zip.size, zip.open, headers);
}

/** GET /projects/:id/jobs/:job_id/artifacts/*artifact_path @param {Ctx} ctx */
function file(ctx) {
  const job = buildOf(ctx);
  if (!hasArtifacts(job)) throw notFound();
  const path = String(ctx.routeParams.artifact_path ?? '');
  // Gitlab::Ci::Build::Artifacts::Path#valid?: no NUL byte, valid UTF-8.
  if (path.includes('\0') || path.includes('\uFFFD')) throw badRequest();
  const entry = archiveEntry(job, path);
  if (!entry) {
    return {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: '404 page not found\n',
    };
  }
  const base = path.split('/').pop() ?? path;
  const dot = base.lastIndexOf('.');
  const type = (dot > 0 && MIME[base.slice(dot).toLowerCase()]) || 'application/octet-stream';
  return streamed(200, entry.size, entry.open, {
    'Content-Type': type,
    'Content-Disposition': `attachment; filename="${base.replace(/(["\\])/g, '\\$1')}"`,
  });
}

const BASE = '^/projects/(?<id>[^/]+)/jobs/(?<job_id>[^/]+)/artifacts';

/** @type {RouteDef[]} */
export const routes = [
  { method: 'GET', pattern: new RegExp(`${BASE}$`), handler: archive, jobTokenAllowed: true },
  {
    method: 'GET',
    pattern: new RegExp(`${BASE}/(?<artifact_path>.+)$`),
    handler: file,
    jobTokenAllowed: true,
  },
];
