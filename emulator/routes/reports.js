// @ts-check
// lib/api/ci/pipelines.rb: a pipeline's test report and its summary (`authorize! :read_build,
// pipeline`; GET needs no user on a public project, as the rest of the Pipelines API).

import { authorize, userProject } from '../auth.js';
import { validate } from '../grape.js';
import { json } from '../http-helpers.js';
import { testReport, testReportSummary } from '../reports.js';
import { findPipeline } from './pipelines.js';

/** @typedef {import('../router.js').Ctx} Ctx */
/** @typedef {import('../router.js').RouteDef} RouteDef */

const SCOPES = 'ai_workflows api read_api';
const PIPELINE_ID = /** @type {import('../grape.js').ParamSpec} */ ({
  name: 'pipeline_id',
  required: true,
  type: 'integer',
});

/**
 * @param {Ctx} ctx
 */
function pipelineOf(ctx) {
  const declared = validate(ctx.params, [PIPELINE_ID]);
  const project = userProject(ctx);
  const pipeline = findPipeline(ctx, project, declared.pipeline_id);
  authorize(ctx, 'read_build', project);
  return pipeline;
}

/** GET /projects/:id/pipelines/:pipeline_id/test_report @param {Ctx} ctx */
function report(ctx) {
  return json(200, testReport(ctx.instance, pipelineOf(ctx)));
}

/** GET /projects/:id/pipelines/:pipeline_id/test_report_summary @param {Ctx} ctx */
function summary(ctx) {
  return json(200, testReportSummary(pipelineOf(ctx)));
}

const BASE = '^/projects/(?<id>[^/]+)/pipelines/(?<pipeline_id>[^/]+)';

/** @type {RouteDef[]} */
export const routes = [
  {
    method: 'GET',
    pattern: new RegExp(`${BASE}/test_report$`),
    handler: report,
    jobTokenRoute: 'test-report',
    scopeList: SCOPES,
  },
  {
    method: 'GET',
    pattern: new RegExp(`${BASE}/test_report_summary$`),
    handler: summary,
    jobTokenRoute: 'test-report',
    scopeList: SCOPES,
  },
];
