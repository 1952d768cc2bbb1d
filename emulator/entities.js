// @ts-check
// The JSON GitLab answers with, field for field, from the Grape entities in
// lib/api/entities (UserBasic, User, Ci::PipelineBasic, Ci::Pipeline, Ci::PipelineWithMetadata,
// Ci::JobBasic, Ci::Job, Ci::Bridge, Trigger, Commit) and DetailedStatusEntity.

import { createHash } from 'node:crypto';
import { artifactFields } from './archives.js';
import { iso } from './clock.js';
import { compositeStatus, detailedPipelineStatus } from './status.js';
import { latestJobs } from './timeline.js';

/** @typedef {import('./instance.js').Instance} Instance */
/** @typedef {import('./types.js').User} User */
/** @typedef {import('./types.js').Pipeline} Pipeline */
/** @typedef {import('./types.js').Job} Job */
/** @typedef {import('./types.js').Trigger} Trigger */
/** @typedef {import('./types.js').Project} Project */

/**
 * @param {Instance} instance
 * @param {number} projectId
 * @returns {Project}
 */
function projectOf(instance, projectId) {
  const project = instance.store.projects.get(projectId);
  if (!project) throw new Error(`no project ${projectId}`);
  return project;
}

/**
 * API::Entities::UserBasic
 * @param {Instance} instance
 * @param {User | undefined} user
 */
export function userBasic(instance, user) {
  if (!user) return null;
  const md5 = createHash('md5').update(user.email.toLowerCase()).digest('hex');
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    state: user.state,
    locked: false,
    avatar_url: `https://www.gravatar.com/avatar/${md5}?s=80&d=identicon`,
    web_url: `${instance.url}/${user.username}`,
  };
}

/**
 * API::Entities::User (what jobs expose)
 * @param {Instance} instance
 * @param {User | undefined} user
 */
export function userEntity(instance, user) {
  const basic = userBasic(instance, user);
  if (!basic || !user) return null;
  return {
    ...basic,
    created_at: iso(user.createdAt),
    bio: '',
    location: '',
    public_email: null,
    linkedin: '',
    twitter: '',
    discord: '',
    website_url: '',
    organization: '',
    job_title: '',
    pronouns: null,
    bot: false,
    work_information: null,
    local_time: null,
  };
}

/**
 * @param {Instance} instance
 * @param {Pipeline} pipeline
 */
function pipelineWebPath(instance, pipeline) {
  return `/${projectOf(instance, pipeline.projectId).path}/-/pipelines/${pipeline.id}`;
}

/**
 * API::Entities::Ci::PipelineBasic
 * @param {Instance} instance
 * @param {Pipeline} pipeline
 */
export function pipelineBasic(instance, pipeline) {
  return {
    id: pipeline.id,
    iid: pipeline.iid,
    project_id: pipeline.projectId,
    sha: pipeline.sha,
    ref: pipeline.ref,
    status: pipeline.status,
    source: pipeline.source,
    created_at: iso(pipeline.createdAt),
    updated_at: iso(pipeline.updatedAt),
    web_url: `${instance.url}${pipelineWebPath(instance, pipeline)}`,
  };
}

/**
 * Ci::Pipeline#queued_duration: whole seconds from creation to start, nil when zero.
 * @param {Pipeline} pipeline
 */
function queuedDuration(pipeline) {
  if (pipeline.startedAt === null) return null;
  const seconds = Math.floor((pipeline.startedAt - pipeline.createdAt) / 1000);
  return seconds === 0 ? null : seconds;
}

/**
 * API::Entities::Ci::Pipeline; `canRead` decides detailed_status.has_details, which GitLab
 * computes for the current user (none on the trigger endpoint).
 * @param {Instance} instance
 * @param {Pipeline} pipeline
 * @param {boolean} canRead
 */
export function pipelineEntity(instance, pipeline, canRead) {
  const { warnings } = compositeStatus(latestJobs(pipeline));
  return {
    ...pipelineBasic(instance, pipeline),
    before_sha: '0000000000000000000000000000000000000000',
    tag: pipeline.tag,
    yaml_errors: pipeline.yamlErrors,
    user: userBasic(instance, instance.store.users.get(pipeline.userId)),
    started_at: iso(pipeline.startedAt),
    finished_at: iso(pipeline.finishedAt),
    committed_at: null,
    duration: pipeline.duration,
    queued_duration: queuedDuration(pipeline),
    coverage: null,
    detailed_status: detailedPipelineStatus({
      status: pipeline.status,
      warnings: pipeline.status === 'success' && warnings,
      hasDetails: canRead,
      detailsPath: `${instance.basePath}${pipelineWebPath(instance, pipeline)}`,
      basePath: instance.basePath,
    }),
  };
}

/**
 * API::Entities::Ci::PipelineWithMetadata (GET a single pipeline)
 * @param {Instance} instance
 * @param {Pipeline} pipeline
 * @param {boolean} canRead
 */
export function pipelineWithMetadata(instance, pipeline, canRead) {
  return { ...pipelineEntity(instance, pipeline, canRead), name: pipeline.name, archived: false };
}

/**
 * API::Entities::Commit, for the pipeline's commit.
 * @param {Instance} instance
 * @param {Pipeline} pipeline
 */
function commitEntity(instance, pipeline) {
  const project = projectOf(instance, pipeline.projectId);
  const at = iso(project.createdAt);
  const title = `Update ${pipeline.ref}`;
  return {
    id: pipeline.sha,
    short_id: pipeline.sha.slice(0, 8),
    created_at: at,
    parent_ids: [],
    title,
    message: `${title}\n`,
    author_name: 'Emulator',
    author_email: 'emulator@example.com',
    authored_date: at,
    committer_name: 'Emulator',
    committer_email: 'emulator@example.com',
    committed_date: at,
    trailers: {},
    extended_trailers: {},
    web_url: `${instance.url}/${project.path}/-/commit/${pipeline.sha}`,
  };
}

/**
 * API::Entities::Ci::JobBasic
 * @param {Instance} instance
 * @param {Job} job
 * @param {Pipeline} pipeline
 * @param {number} now
 */
export function jobBasic(instance, job, pipeline, now) {
  const project = projectOf(instance, pipeline.projectId);
  const duration = job.startedAt === null ? null : ((job.finishedAt ?? now) - job.startedAt) / 1000;
  const queued =
    job.queuedAt === null ? null : ((job.startedAt ?? job.finishedAt ?? now) - job.queuedAt) / 1000;
  return {
    id: job.id,
    status: job.status,
    stage: job.stage,
    name: job.name,
    ref: pipeline.ref,
    tag: pipeline.tag,
    coverage: null,
    allow_failure: job.allowFailure,
    source: pipeline.source,
    created_at: iso(job.createdAt),
    started_at: iso(job.startedAt),
    finished_at: iso(job.finishedAt),
    erased_at: null,
    duration,
    queued_duration: queued,
    user: userEntity(instance, instance.store.users.get(job.userId)),
    commit: commitEntity(instance, pipeline),
    pipeline: pipelineBasic(instance, pipeline),
    ...(job.status === 'failed' ? { failure_reason: job.failureReason ?? 'unknown_failure' } : {}),
    web_url: `${instance.url}/${project.path}/-/jobs/${job.id}`,
    project: { ci_job_token_scope_enabled: false },
  };
}

/**
 * API::Entities::Ci::Job
 * @param {Instance} instance
 * @param {Job} job
 * @param {Pipeline} pipeline
 * @param {number} now
 */
export function jobEntity(instance, job, pipeline, now) {
  const started = job.startedAt !== null;
  return {
    ...jobBasic(instance, job, pipeline, now),
    ...artifactFields(job),
    runner: started
      ? {
          id: 1,
          description: 'emulator runner',
          ip_address: null,
          active: true,
          paused: false,
          is_shared: true,
          runner_type: 'instance_type',
          name: 'gitlab-runner',
          online: true,
          status: 'online',
        }
      : null,
    runner_manager: null,
    artifacts_expire_at: null,
    archived: false,
    tag_list: [],
  };
}

/**
 * API::Entities::Ci::Bridge
 * @param {Instance} instance
 * @param {Job} job
 * @param {Pipeline} pipeline
 * @param {number} now
 */
export function bridgeEntity(instance, job, pipeline, now) {
  return {
    ...jobBasic(instance, job, pipeline, now),
    downstream_pipeline: job.downstreamPipeline
      ? pipelineBasic(instance, job.downstreamPipeline)
      : null,
  };
}

/**
 * API::Entities::Trigger through Ci::TriggerPresenter: the token whole for its owner (who can
 * admin builds), otherwise its first four characters after the glptt- prefix
 * (Ci::Trigger#short_token).
 * @param {Instance} instance
 * @param {Trigger} trigger
 * @param {boolean} showWhole
 */
export function triggerEntity(instance, trigger, showWhole) {
  const lastUsed = instance.store.lastUsed(trigger);
  return {
    id: trigger.id,
    token: showWhole ? trigger.token : trigger.token.replace(/^glptt-/, '').slice(0, 4),
    description: trigger.description,
    created_at: iso(trigger.createdAt),
    updated_at: iso(trigger.updatedAt),
    last_used: iso(lastUsed),
    // The field came with the expiry itself (FEATURES.triggerTokenExpiry in releases.js).
    ...(instance.release.triggerTokenExpiry ? { expires_at: iso(trigger.expiresAt) } : {}),
    owner: userBasic(instance, instance.store.users.get(trigger.ownerId)),
  };
}

/**
 * A short API::Entities::Project, enough to resolve a path to an id.
 * @param {Instance} instance
 * @param {Project} project
 */
export function projectEntity(instance, project) {
  const namespace = project.path.split('/').slice(0, -1).join('/');
  return {
    id: project.id,
    description: null,
    name: project.name,
    name_with_namespace: project.path.split('/').join(' / '),
    path: project.path.split('/').pop(),
    path_with_namespace: project.path,
    created_at: iso(project.createdAt),
    default_branch: project.defaultBranch,
    tag_list: [],
    topics: [],
    visibility: project.visibility,
    web_url: `${instance.url}/${project.path}`,
    namespace: { full_path: namespace, path: namespace.split('/').pop() ?? namespace },
  };
}
