// @ts-check
// lib/api/ci/triggers.rb: triggering a pipeline with a trigger token or a CI job token
// (Ci::PipelineTriggerService, Ci::CreatePipelineService), and the trigger token CRUD.

import { authenticate, authorize, can, canReadProject, principalOf, userProject } from '../auth.js';
import { pipelineEntity, triggerEntity } from '../entities.js';
import { isHash, validate } from '../grape.js';
import {
  ApiError,
  apiError,
  badRequest,
  forbidden,
  json,
  noContent,
  notFound,
  recordNotFound,
} from '../http-helpers.js';
import { inputErrors } from '../inputs.js';
import { PAGINATION_SPECS, paginate } from '../pagination.js';
import { ROLE_LEVELS } from '../store.js';
import { createPipeline, scriptFor } from '../timeline.js';

/** @typedef {import('../router.js').Ctx} Ctx */
/** @typedef {import('../router.js').RouteDef} RouteDef */
/** @typedef {import('../types.js').Project} Project */
/** @typedef {import('../types.js').Trigger} Trigger */

const SCOPES = 'api read_api';

/**
 * A variable key as Ci::HasVariable validates it (the key is stripped first).
 * @param {string} key
 * @returns {string[]} the error messages, empty when valid
 */
function keyErrors(key) {
  const stripped = key.trim();
  /** @type {string[]} */
  const errors = [];
  if (stripped === '') errors.push("can't be blank");
  if (stripped.length > 255) errors.push('is too long (maximum is 255 characters)');
  if (!/^[a-zA-Z0-9_]+$/.test(stripped)) errors.push("can contain only letters, digits and '_'.");
  return errors;
}

/**
 * Branch or tag, also written as refs/heads/… or refs/tags/… (Gitlab::Git.ref_name).
 * @param {Project} project
 * @param {string} ref
 * @returns {string | null} the ref name, or null when the repository has no such ref
 */
function resolveRef(project, ref) {
  const name = ref.replace(/^refs\/(heads|tags)\//, '');
  if (ref.startsWith('refs/heads/')) return project.refs.includes(name) ? name : null;
  if (ref.startsWith('refs/tags/')) return project.tags.includes(name) ? name : null;
  return project.refs.includes(name) || project.tags.includes(name) ? name : null;
}

/**
 * POST /projects/:id/trigger/pipeline and POST /projects/:id/ref/:ref/trigger/pipeline
 * @param {Ctx} ctx
 */
function triggerPipeline(ctx) {
  const { instance } = ctx;
  const { store } = instance;
  // Grape validates the declared parameters before the endpoint runs.
  const declared = validate(ctx.params, [
    { name: 'ref', required: true, type: 'string', allowBlank: false },
    { name: 'token', required: true, type: 'string' },
    { name: 'variables', type: 'hash' },
    { name: 'inputs', type: 'hash' },
  ]);

  // forbidden! if gitlab_pipeline_hook_request?: a webhook pointed back at the trigger API.
  if (ctx.headers['x-gitlab-event'] === 'Pipeline Hook') throw forbidden();

  const variables = isHash(declared.variables) ? declared.variables : {};
  if (!Object.values(variables).every((v) => typeof v === 'string')) {
    throw apiError('variables needs to be a map of key-valued strings', 400);
  }

  const project = store.findProject(ctx.routeParams.id ?? '');
  if (!project) throw notFound();

  const token = String(declared.token ?? '');
  const ref = String(declared.ref);
  const trigger = store.findTriggerByToken(token);
  /** @type {{ userId: number, source: string, triggerId: number | null, jobToken: string | null }} */
  let origin;
  if (trigger) {
    // "this check is to not leak the presence of the project if user cannot read it"
    if (trigger.projectId !== project.id) throw notFound();
    origin = { userId: trigger.ownerId, source: 'trigger', triggerId: trigger.id, jobToken: null };
  } else {
    const job = store.jobTokens.get(token);
    if (!job) throw notFound();
    // Ci::AuthJobFinder#execute! raises these before anything else is looked at: 401.
    if (!job.running) throw apiError('Job is not running', 401);
    if (job.erased) throw apiError('Job has been erased!', 401);
    const user = store.users.get(job.userId);
    if (!user || !canReadProject(ctx, { kind: 'job', user, job }, project)) throw notFound();
    origin = { userId: job.userId, source: 'pipeline', triggerId: null, jobToken: token };
  }

  // TRIGGER_PAYLOAD: the request parameters without the token, as JSON.
  const payloadParams = { ...ctx.params };
  delete payloadParams.token;
  const triggerPayload = JSON.stringify(payloadParams);

  const base = {
    project,
    source: origin.source,
    userId: origin.userId,
    now: ctx.now,
    variables,
    inputs: declared.inputs,
    triggerPayload,
    triggerId: origin.triggerId,
    jobToken: origin.jobToken,
  };

  /**
   * A pipeline that is not saved: 400 {"message": {"base": [...]}}.
   * @param {Record<string, string[]>} errors
   */
  const notSaved = (errors) => apiError(errors, 400);
  /**
   * A pipeline saved as failed: 422 with its errors.
   * @param {string} message
   * @param {string} reason
   */
  const savedFailed = (message, reason) => {
    createdPipelines(ctx).push(
      createPipeline(store, {
        ...base,
        ref: resolveRef(project, ref) ?? ref,
        script: { jobs: [] },
        dropped: { reason, message },
      }),
    );
    return apiError({ base: [message] }, 422);
  };

  // Chain::Build::Associations: permission to set variables (TRIGGER_PAYLOAD is always one,
  // so 'no_one_allowed' refuses every trigger: GitLab issue 557381), by the project's minimum
  // role to use pipeline variables; then unique keys, a duplicate being a config error that
  // saves the pipeline as failed.
  const role = store.roleOf(origin.userId, project.id);
  const level = role === null ? 0 : ROLE_LEVELS[role];
  const minimum = project.pipelineVariablesMinimumRole;
  const needed = minimum === 'no_one_allowed' ? Infinity : ROLE_LEVELS[minimum];
  if (level < Math.max(needed, ROLE_LEVELS.developer)) {
    throw notSaved({ base: ['Insufficient permissions to set pipeline variables'] });
  }
  if (Object.prototype.hasOwnProperty.call(variables, 'TRIGGER_PAYLOAD')) {
    throw savedFailed('Duplicate variable name: TRIGGER_PAYLOAD', 'config_error');
  }
  // Chain::Validate::Abilities, then Chain::Validate::Repository.
  const refName = resolveRef(project, ref);
  if (refName && project.protectedRefs.includes(refName) && level < ROLE_LEVELS.maintainer) {
    throw notSaved({
      base: [
        `You do not have sufficient permission to run a pipeline on '${refName}'. Please select a different branch or contact your administrator for assistance.`,
      ],
    });
  }
  if (!refName) throw notSaved({ base: ['Reference not found'] });

  const script = scriptFor(project, refName);
  if (script.reject) {
    const message = script.reject.message ?? { base: script.reject.base ?? [] };
    if (script.reject.status === 422) {
      const first = (script.reject.base ?? [])[0] ?? 'Could not create pipeline';
      createdPipelines(ctx).push(
        createPipeline(store, {
          ...base,
          ref: refName,
          script: { jobs: [] },
          dropped: { reason: 'config_error', message: first },
        }),
      );
    }
    throw apiError(message, script.reject.status);
  }
  // Pipeline inputs: before 17.11 (behind a flag that was off by default) they are ignored;
  // later releases check them against spec:inputs while interpolating the configuration, a
  // config error that saves the pipeline as failed. Only scripts that declare `inputs` check.
  if (!instance.release.pipelineInputs) base.inputs = undefined;
  if (script.inputs) {
    const problem = inputErrors(script.inputs, isHash(base.inputs) ? base.inputs : {});
    if (problem) throw savedFailed(problem, 'config_error');
  }
  const count = (script.jobs ?? []).length + (script.bridges ?? []).length;
  if (count + (script.generate?.count ?? 0) === 0) {
    throw notSaved({
      base: [
        'Pipeline will not run for the selected trigger. The rules configuration prevented any jobs from being added to the pipeline.',
      ],
    });
  }

  // Chain::Create: pipeline.save! validates the variables (Ci::HasVariable); a RecordInvalid
  // leaves the nested errors and a base message, and nothing is saved.
  /** @type {string[]} */
  const keyMessages = [];
  for (const key of Object.keys(variables)) keyMessages.push(...keyErrors(key));
  if (keyMessages.length > 0) {
    const unique = [...new Set(keyMessages)];
    throw notSaved({
      'variables.key': unique,
      base: [
        `Failed to persist the pipeline: Validation failed: ${unique.map((m) => `Variables key ${m}`).join(', ')}`,
      ],
    });
  }

  const pipeline = createPipeline(store, { ...base, ref: refName, script });
  createdPipelines(ctx).push(pipeline);
  // Presented without a current user: has_details only when anyone may read the pipeline.
  return json(201, pipelineEntity(instance, pipeline, project.visibility === 'public'));
}

/**
 * @param {Ctx} ctx
 */
function createdPipelines(ctx) {
  return ctx.instance.store.createdPipelines;
}

/**
 * @param {Ctx} ctx
 * @param {Trigger} trigger
 */
function presentTrigger(ctx, trigger) {
  const principal = principalOf(ctx);
  const project = ctx.instance.store.projects.get(trigger.projectId);
  // Ci::TriggerPolicy: admin_trigger needs admin_build and ownership.
  const whole =
    principal.kind !== 'anonymous' &&
    project !== undefined &&
    trigger.ownerId === principal.user.id &&
    can(ctx, principal, 'admin_build', project);
  return triggerEntity(ctx.instance, trigger, whole);
}

/**
 * user_project.triggers.find(params[:trigger_id]): 404 Not found when it is not there.
 * @param {Ctx} ctx
 * @param {Project} project
 * @param {unknown} id
 */
function findTrigger(ctx, project, id) {
  const trigger = ctx.instance.store.triggers.get(Number(id));
  if (!trigger || trigger.projectId !== project.id) throw recordNotFound();
  return trigger;
}

/** @param {Ctx} ctx */
function listTriggers(ctx) {
  const declared = validate(ctx.params, PAGINATION_SPECS);
  authenticate(ctx);
  const project = userProject(ctx);
  authorize(ctx, 'admin_build', project);
  const page = paginate(ctx, ctx.instance.store.triggersOf(project.id), declared);
  return json(
    200,
    page.items.map((t) => presentTrigger(ctx, t)),
    page.headers,
  );
}

/** @param {Ctx} ctx */
function getTrigger(ctx) {
  const declared = validate(ctx.params, [{ name: 'trigger_id', required: true, type: 'integer' }]);
  authenticate(ctx);
  const project = userProject(ctx);
  authorize(ctx, 'admin_build', project);
  return json(200, presentTrigger(ctx, findTrigger(ctx, project, declared.trigger_id)));
}

/** @param {Ctx} ctx */
function createTrigger(ctx) {
  const declared = validate(ctx.params, [
    { name: 'description', required: true, type: 'string' },
    { name: 'expires_at', type: 'datetime' },
  ]);
  const principal = authenticate(ctx);
  const project = userProject(ctx);
  authorize(ctx, 'admin_build', project);
  // A release without trigger token expiry declares no expires_at: Grape drops it unread.
  const expiresAt =
    ctx.instance.release.triggerTokenExpiry && typeof declared.expires_at === 'number'
      ? declared.expires_at
      : null;
  // Ci::Trigger#expires_at_before_instance_max_expiry_date (a year, like personal tokens).
  if (expiresAt !== null) {
    const max = new Date(ctx.now + 365 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    if (expiresAt >= Date.parse(`${max}T00:00:00Z`)) {
      throw badRequest(JSON.stringify({ expires_at: [`must be before ${max}`] }));
    }
  }
  const trigger = ctx.instance.store.addTriggerToken({
    projectId: project.id,
    ownerId: principal.user.id,
    description: /** @type {string | null} */ (declared.description),
    expiresAt,
  });
  return json(201, presentTrigger(ctx, trigger));
}

/** @param {Ctx} ctx */
function updateTrigger(ctx) {
  const declared = validate(ctx.params, [
    { name: 'trigger_id', required: true, type: 'integer' },
    { name: 'description', type: 'string' },
  ]);
  const principal = authenticate(ctx);
  const project = userProject(ctx);
  const trigger = findTrigger(ctx, project, declared.trigger_id);
  // Ci::PipelineTriggers::UpdateService checks admin_trigger: the owner, with admin_build.
  const allowed =
    trigger.ownerId === principal.user.id && can(ctx, principal, 'admin_build', project);
  if (!allowed) {
    throw forbidden('The current user is not authorized to update the pipeline trigger token');
  }
  // declared_params(include_missing: false)[:description] is nil when it was not sent, and
  // the service updates the description with it all the same.
  trigger.description = /** @type {string | null} */ (declared.description ?? null);
  trigger.updatedAt = ctx.now;
  return json(200, presentTrigger(ctx, trigger));
}

/** @param {Ctx} ctx */
function deleteTrigger(ctx) {
  const declared = validate(ctx.params, [{ name: 'trigger_id', required: true, type: 'integer' }]);
  authenticate(ctx);
  const project = userProject(ctx);
  authorize(ctx, 'admin_build', project);
  const trigger = findTrigger(ctx, project, declared.trigger_id);
  // destroy_conditionally!: If-Unmodified-Since older than the last update is a 412.
  const since = Date.parse(ctx.headers['if-unmodified-since'] ?? '');
  if (!Number.isNaN(since) && trigger.updatedAt > since + 999) {
    throw new ApiError(412, { message: '412 Precondition Failed' });
  }
  ctx.instance.store.triggers.delete(trigger.id);
  return noContent();
}

const ID = '(?<id>[^/]+)';

/** @type {RouteDef[]} */
export const routes = [
  {
    method: 'POST',
    pattern: new RegExp(`^/projects/${ID}/(?:ref/(?<ref>.+)/)?trigger/pipeline$`),
    handler: triggerPipeline,
    scopeList: SCOPES,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/projects/${ID}/triggers$`),
    handler: listTriggers,
    scopeList: SCOPES,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/projects/${ID}/triggers/(?<trigger_id>[^/]+)$`),
    handler: getTrigger,
    scopeList: SCOPES,
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/projects/${ID}/triggers$`),
    handler: createTrigger,
    scopeList: SCOPES,
  },
  {
    method: 'PUT',
    pattern: new RegExp(`^/projects/${ID}/triggers/(?<trigger_id>[^/]+)$`),
    handler: updateTrigger,
    scopeList: SCOPES,
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`^/projects/${ID}/triggers/(?<trigger_id>[^/]+)$`),
    handler: deleteTrigger,
    scopeList: SCOPES,
  },
];
