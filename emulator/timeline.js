// @ts-check
// A pipeline's life on the emulated clock. Jobs move created → pending → running → result;
// a stage's jobs are processed once the composite status of all earlier stages is complete,
// as Ci::PipelineProcessing::AtomicProcessingService and Ci::ProcessBuildService do. The
// pipeline's status is the composite of its latest jobs (status.js). Nothing runs on timers:
// `advance` replays every transition due up to "now", so reading state at any moment is exact.

import { downstreamScript, jobSpecs, DEFAULT_SCRIPT } from './scripts.js';
import {
  CANCELABLE_STATUSES,
  COMPLETED_STATUSES,
  compositeKey,
  compositeOfKeys,
  compositeStatus,
} from './status.js';
import { bytesLog, generatedLog, textLog } from './logs.js';
import { shaFor } from './store.js';

/** @typedef {import('./types.js').Pipeline} Pipeline */
/** @typedef {import('./types.js').Job} Job */
/** @typedef {import('./types.js').Project} Project */
/** @typedef {import('./types.js').Script} Script */
/** @typedef {import('./types.js').Status} Status */
/** @typedef {import('./store.js').Store} Store */

/**
 * The script the next pipeline on `ref` follows.
 * @param {Project} project
 * @param {string} ref
 * @returns {Script}
 */
export function scriptFor(project, ref) {
  const script = project.scripts.get(ref) ?? project.defaultScript ?? DEFAULT_SCRIPT;
  // A script that names no jobs and no bridges keeps the default jobs, with its own knobs.
  if (script.jobs === undefined && script.bridges === undefined && script.generate === undefined) {
    return { ...script, jobs: DEFAULT_SCRIPT.jobs };
  }
  return script;
}

/**
 * @param {Pipeline} pipeline
 * @returns {Job[]} the jobs that count (retried ones are hidden, as `latest` does)
 */
export function latestJobs(pipeline) {
  return pipeline.jobs.filter((j) => !j.retried);
}

/**
 * @typedef {object} NewPipeline
 * @property {Project} project
 * @property {string} ref a branch or tag name
 * @property {string} source
 * @property {number} userId
 * @property {Script} script
 * @property {number} now
 * @property {Record<string, unknown>} [variables]
 * @property {unknown} [inputs]
 * @property {string} [triggerPayload]
 * @property {number | null} [triggerId]
 * @property {string | null} [jobToken]
 * @property {{ reason: string, message: string } | null} [dropped] saved but failed (config error)
 * @property {string} [sha] the commit, when a push names it (git.js)
 */

/**
 * Creates and stores a pipeline with its jobs, all `created`.
 * @param {Store} store
 * @param {NewPipeline} spec
 * @returns {Pipeline}
 */
export function createPipeline(store, spec) {
  const { project, ref, now, script } = spec;
  project.iidCounter += 1;
  /** @type {Pipeline} */
  const pipeline = {
    id: store.nextPipelineId++,
    iid: project.iidCounter,
    projectId: project.id,
    ref,
    sha: spec.sha ?? project.pushedShas?.get(ref) ?? shaFor(project.path, ref),
    tag: project.tags.includes(ref) && !project.refs.includes(ref),
    source: spec.source,
    userId: spec.userId,
    name: script.name ?? null,
    status: 'created',
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    finishedAt: null,
    duration: null,
    yamlErrors: null,
    failureReason: null,
    variables: spec.variables ?? {},
    inputs: spec.inputs,
    triggerPayload: spec.triggerPayload ?? '{}',
    triggerId: spec.triggerId ?? null,
    jobToken: spec.jobToken ?? null,
    jobs: [],
    script,
    processAt: now + (script.createdSeconds ?? 1) * 1000,
    processing: false,
    cancelingSeconds: script.cancelingSeconds ?? 2,
    upstreamBridge: null,
  };
  if (spec.dropped) {
    // Chain::Helpers#error with a drop reason: the pipeline is saved as failed, without jobs.
    pipeline.status = 'failed';
    pipeline.failureReason = spec.dropped.reason;
    pipeline.yamlErrors = spec.dropped.reason === 'config_error' ? spec.dropped.message : null;
    pipeline.finishedAt = now;
    pipeline.processing = true;
  } else {
    for (const s of jobSpecs(script)) {
      /** @type {Job} */
      const job = {
        id: store.nextJobId++,
        pipelineId: pipeline.id,
        kind: s.kind,
        name: s.name,
        stage: s.stage,
        stageIdx: s.stageIdx,
        when: s.when,
        allowFailure: s.allowFailure,
        duration: s.duration,
        result: s.result,
        trace: s.trace,
        failureReasonOnFail: s.failureReasonOnFail,
        queueSeconds: s.queueSeconds,
        startIn: s.startIn,
        waitingForResourceSeconds: s.waitingForResourceSeconds,
        status: 'created',
        failureReason: null,
        createdAt: now,
        queuedAt: null,
        startedAt: null,
        finishedAt: null,
        nextAt: null,
        retried: false,
        userId: spec.userId,
        downstream: s.downstream,
        strategy: s.strategy,
        downstreamPipeline: null,
        extras: s.extras,
      };
      pipeline.jobs.push(job);
      store.jobs.set(job.id, job);
    }
  }
  store.pipelines.set(pipeline.id, pipeline);
  return pipeline;
}

/**
 * Brings every pipeline up to `now`. Older pipelines first: a trigger job follows its
 * downstream pipeline inside its own pipeline's replay, which needs both up to date in order.
 * @param {Store} store
 * @param {number} now
 */
export function advanceAll(store, now) {
  const ids = [...store.pipelines.keys()].sort((a, b) => a - b);
  for (const id of ids) {
    const pipeline = store.pipelines.get(id);
    if (pipeline) advance(store, pipeline, now);
  }
}

/**
 * Replays every transition of `pipeline` due up to `now`.
 * @param {Store} store
 * @param {Pipeline} pipeline
 * @param {number} now
 */
export function advance(store, pipeline, now) {
  // The guard only stops a runaway loop; a pipeline has a handful of events.
  for (let guard = 0; guard < 100000; guard += 1) {
    const t = nextEventTime(pipeline);
    if (t === null || t > now) return;
    step(store, pipeline, t);
  }
}

/**
 * @param {Pipeline} pipeline
 * @returns {number | null}
 */
function nextEventTime(pipeline) {
  /** @type {number | null} */
  let next = pipeline.processing ? null : pipeline.processAt;
  for (const job of latestJobs(pipeline)) {
    if (job.nextAt !== null && (next === null || job.nextAt < next)) next = job.nextAt;
    const downstream = job.downstreamPipeline;
    if (job.strategy === 'depend' && job.status === 'running' && downstream) {
      const t = nextEventTime(downstream);
      if (t !== null && (next === null || t < next)) next = t;
    }
  }
  return next;
}

/**
 * Applies everything that happens at time `t`.
 * @param {Store} store
 * @param {Pipeline} pipeline
 * @param {number} t
 */
function step(store, pipeline, t) {
  if (!pipeline.processing && pipeline.processAt <= t) pipeline.processing = true;
  for (const job of latestJobs(pipeline)) {
    if (job.strategy === 'depend' && job.status === 'running' && job.downstreamPipeline) {
      advance(store, job.downstreamPipeline, t);
    }
  }
  for (const job of latestJobs(pipeline)) {
    if (job.nextAt !== null && job.nextAt <= t) fire(store, pipeline, job, t);
  }
  settle(pipeline, t);
}

/**
 * Follows bridges, processes the jobs that became ready and recomputes the pipeline status:
 * all instantaneous at `t`.
 * @param {Pipeline} pipeline
 * @param {number} t
 */
function settle(pipeline, t) {
  syncBridges(pipeline, t);
  processJobs(pipeline, t);
  updateStatus(pipeline, t);
}

/**
 * @param {Job} job
 * @param {number} t
 */
function enqueue(job, t) {
  if (job.waitingForResourceSeconds > 0) {
    job.status = 'waiting_for_resource';
    job.nextAt = t + job.waitingForResourceSeconds * 1000;
    job.waitingForResourceSeconds = 0;
    return;
  }
  job.status = 'pending';
  job.queuedAt = t;
  job.nextAt = t + job.queueSeconds * 1000;
}

/**
 * @param {Job} job
 * @param {Status} status
 * @param {number} t
 */
function finish(job, status, t) {
  job.status = status;
  job.finishedAt = t;
  job.nextAt = null;
}

/**
 * A job's timed transition.
 * @param {Store} store
 * @param {Pipeline} pipeline
 * @param {Job} job
 * @param {number} t
 */
function fire(store, pipeline, job, t) {
  switch (job.status) {
    case 'waiting_for_resource':
    case 'scheduled':
      enqueue(job, t);
      return;
    case 'pending':
      if (job.kind === 'bridge') {
        startBridge(store, pipeline, job, t);
      } else {
        job.status = 'running';
        job.startedAt = t;
        job.nextAt = t + job.duration * 1000;
      }
      return;
    case 'running':
      finish(job, job.result, t);
      if (job.result === 'failed') {
        job.failureReason = job.failureReasonOnFail;
        retryAutomatically(store, pipeline, job, t);
      }
      return;
    case 'canceling':
      finish(job, 'canceled', t);
      return;
    default:
      job.nextAt = null;
  }
}

/**
 * GitLab's `retry:` keyword: a failed job is retried at once while runs are left, as a new job
 * of the same name (Ci::Build `after_transition any => [:failed]` → `Ci::RetryJobService`,
 * app/models/ci/build.rb and app/services/ci/retry_job_service.rb, 17.x); the failed run is
 * marked retried and drops out of the latest jobs.
 * @param {Store} store
 * @param {Pipeline} pipeline
 * @param {Job} job
 * @param {number} t
 */
function retryAutomatically(store, pipeline, job, t) {
  const runs = pipeline.jobs.filter((j) => j.kind === 'build' && j.name === job.name).length;
  if (runs > (job.extras.retry ?? 0)) return;
  job.retried = true;
  /** @type {Job} */
  const clone = {
    ...job,
    id: store.nextJobId++,
    status: 'created',
    result: job.extras.retryResult ?? job.result,
    failureReason: null,
    createdAt: t,
    queuedAt: null,
    startedAt: null,
    finishedAt: null,
    nextAt: null,
    retried: false,
  };
  pipeline.jobs.push(clone);
  store.jobs.set(clone.id, clone);
  enqueue(clone, t);
}

/**
 * A trigger job creates its downstream pipeline (Ci::CreateDownstreamPipelineService).
 * @param {Store} store
 * @param {Pipeline} pipeline
 * @param {Job} bridge
 * @param {number} t
 */
function startBridge(store, pipeline, bridge, t) {
  bridge.startedAt = t;
  const spec = bridge.downstream;
  if (!spec) {
    finish(bridge, 'failed', t);
    bridge.failureReason = bridge.failureReasonOnFail;
    return;
  }
  // A child pipeline runs in the parent's project, on the parent's ref (trigger:include).
  const child = spec.child === true || spec.projectPath === undefined;
  const path = spec.projectPath ?? '';
  const project = child
    ? store.projects.get(pipeline.projectId)
    : (store.findProjectByExactPath(path) ??
      store.addProject({ path, refs: [spec.ref ?? 'main'] }));
  if (!project) throw new Error(`no project ${pipeline.projectId}`);
  const ref = child ? pipeline.ref : (spec.ref ?? project.defaultBranch);
  const script = spec.script ?? (spec.status ? downstreamScript(spec) : scriptFor(project, ref));
  const downstream = createPipeline(store, {
    project,
    ref,
    source: child ? 'parent_pipeline' : 'pipeline',
    userId: pipeline.userId,
    script,
    now: t,
  });
  downstream.upstreamBridge = bridge;
  store.downstreamPipelines.push(downstream);
  bridge.downstreamPipeline = downstream;
  if (bridge.strategy === 'depend') {
    bridge.status = 'running';
    bridge.nextAt = null;
  } else {
    finish(bridge, 'success', t);
  }
}

/**
 * Bridges with `strategy: depend` take the status of their finished downstream pipeline
 * (Ci::Bridge#inherit_status_from_downstream!: success, or failed for anything else).
 * @param {Pipeline} pipeline
 * @param {number} t
 */
function syncBridges(pipeline, t) {
  for (const job of latestJobs(pipeline)) {
    const downstream = job.downstreamPipeline;
    if (job.strategy !== 'depend' || job.status !== 'running' || !downstream) continue;
    if (!COMPLETED_STATUSES.has(downstream.status)) continue;
    const at = Math.min(t, downstream.finishedAt ?? t);
    const passed = downstream.status === 'success';
    finish(job, passed ? 'success' : 'failed', at);
    if (!passed) job.failureReason = 'downstream_pipeline_failure';
  }
}

/**
 * Ci::ProcessBuildService#valid_statuses_for_processable
 * @param {Job['when']} when
 */
function validPriorStatuses(when) {
  switch (when) {
    case 'on_success':
    case 'manual':
    case 'delayed':
      return ['success', 'skipped'];
    case 'on_failure':
      return ['failed'];
    case 'always':
      return ['success', 'failed', 'skipped'];
    default:
      return [];
  }
}

/**
 * Processes `created` jobs whose earlier stages are complete, until nothing changes.
 * @param {Pipeline} pipeline
 * @param {number} t
 */
function processJobs(pipeline, t) {
  if (!pipeline.processing) return;
  // Stages in order, each seeing the composite of every earlier stage as it stands after the
  // earlier stages were processed: one pass reaches the same fixpoint as repeating until
  // nothing changes, in time linear in the number of jobs (pipelines may have thousands).
  /** @type {Map<number, Job[]>} */
  const byStage = new Map();
  for (const job of latestJobs(pipeline)) {
    const list = byStage.get(job.stageIdx);
    if (list) list.push(job);
    else byStage.set(job.stageIdx, [job]);
  }
  /** @type {Set<string>} */
  const prior = new Set();
  for (const idx of [...byStage.keys()].sort((a, b) => a - b)) {
    const jobs = byStage.get(idx) ?? [];
    const priorStatus = prior.size === 0 ? 'success' : compositeOfKeys(prior).status;
    if (priorStatus !== null && COMPLETED_STATUSES.has(priorStatus)) {
      for (const job of jobs) {
        if (job.status === 'created') processJob(job, priorStatus, t);
      }
    }
    for (const job of jobs) prior.add(compositeKey(job));
  }
}

/**
 * A `created` job whose earlier stages ended in `priorStatus`.
 * @param {Job} job
 * @param {Status} priorStatus
 * @param {number} t
 */
function processJob(job, priorStatus, t) {
  if (!validPriorStatuses(job.when).includes(priorStatus)) {
    job.status = 'skipped';
  } else if (job.kind === 'build' && job.result === 'skipped') {
    job.status = 'skipped';
  } else if (job.when === 'manual') {
    job.status = 'manual';
  } else if (job.when === 'delayed') {
    job.status = 'scheduled';
    job.nextAt = t + job.startIn * 1000;
  } else {
    enqueue(job, t);
  }
}

/** Statuses from which reaching `running` sets started_at (Ci::Pipeline's state machine). */
const BEFORE_RUNNING = new Set(['created', 'preparing', 'pending', 'waiting_for_resource']);
/** Statuses that set finished_at and the duration. */
const FINISHED = new Set(['success', 'failed', 'canceled']);

/**
 * @param {Pipeline} pipeline
 * @param {number} t
 */
function updateStatus(pipeline, t) {
  if (!pipeline.processing || pipeline.jobs.length === 0) return;
  const { status } = compositeStatus(latestJobs(pipeline));
  if (status === null || status === pipeline.status) return;
  if (status === 'running' && BEFORE_RUNNING.has(pipeline.status)) pipeline.startedAt = t;
  if (FINISHED.has(status)) {
    pipeline.finishedAt = t;
    pipeline.duration = pipelineDuration(pipeline);
  } else if (FINISHED.has(pipeline.status)) {
    pipeline.finishedAt = null;
    pipeline.duration = null;
  }
  pipeline.status = status;
  pipeline.updatedAt = t;
}

/**
 * Gitlab::Ci::Pipeline::Duration: the time during which at least one job was running, in
 * whole seconds (the column is an integer).
 * @param {Pipeline} pipeline
 */
export function pipelineDuration(pipeline) {
  const periods = pipeline.jobs
    .filter((j) => j.startedAt !== null && j.finishedAt !== null)
    .map((j) => [/** @type {number} */ (j.startedAt), /** @type {number} */ (j.finishedAt)])
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
  let total = 0;
  let end = -Infinity;
  for (const [s, f] of periods) {
    if (s === undefined || f === undefined) continue;
    const from = Math.max(s, end);
    if (f > from) total += f - from;
    end = Math.max(end, f);
  }
  return Math.floor(total / 1000);
}

/**
 * POST …/jobs/:job_id/play. Returns the job that runs now (a new one when a finished manual
 * job is played again, as Ci::Build#play retries it), or null when the job is not playable.
 * @param {Store} store
 * @param {Pipeline} pipeline
 * @param {Job} job
 * @param {number} userId
 * @param {number} t
 * @returns {Job | null}
 */
export function playJob(store, pipeline, job, userId, t) {
  const action = job.when === 'manual' || job.when === 'delayed';
  const waiting = job.status === 'manual' || job.status === 'scheduled';
  const retryable =
    job.kind === 'build' && ['success', 'failed', 'canceled'].includes(job.status) && !job.retried;
  if (!action || job.retried || !(waiting || retryable)) return null;
  let target = job;
  if (!waiting) {
    job.retried = true;
    target = {
      ...job,
      id: store.nextJobId++,
      status: 'created',
      failureReason: null,
      createdAt: t,
      queuedAt: null,
      startedAt: null,
      finishedAt: null,
      nextAt: null,
      retried: false,
      downstreamPipeline: null,
    };
    pipeline.jobs.push(target);
    store.jobs.set(target.id, target);
  }
  target.userId = userId;
  if (target.kind === 'bridge') {
    target.status = 'pending';
    target.queuedAt = t;
    target.nextAt = t + target.queueSeconds * 1000;
  } else {
    enqueue(target, t);
  }
  settle(pipeline, t);
  return target;
}

/**
 * Ci::RetryPipelineService#execute (app/services/ci/retry_pipeline_service.rb): each latest
 * failed or canceled build (Ci::Pipeline#retryable_builds: builds only, not trigger jobs) is
 * cloned as a new `created` job and the old one becomes retried (Ci::RetryJobService#clone!);
 * the latest skipped jobs are processed again; a child pipeline's `strategy: depend` bridge
 * waits again (Ci::Pipeline#reset_source_bridge!); then the pipeline is processed at once
 * (StartPipelineService). A clone runs as `retryResult` says, else as the first run did.
 * Returns how many jobs were retried.
 * @param {Store} store
 * @param {Pipeline} pipeline
 * @param {number} userId
 * @param {number} t
 */
export function retryPipeline(store, pipeline, userId, t) {
  let retried = 0;
  for (const job of latestJobs(pipeline)) {
    if (job.kind !== 'build' || (job.status !== 'failed' && job.status !== 'canceled')) continue;
    job.retried = true;
    /** @type {Job} */
    const clone = {
      ...job,
      id: store.nextJobId++,
      status: 'created',
      result: job.extras.retryResult ?? job.result,
      failureReason: null,
      createdAt: t,
      queuedAt: null,
      startedAt: null,
      finishedAt: null,
      nextAt: null,
      retried: false,
      userId,
    };
    pipeline.jobs.push(clone);
    store.jobs.set(clone.id, clone);
    retried += 1;
  }
  for (const job of latestJobs(pipeline)) {
    if (job.status === 'skipped') job.status = 'created';
  }
  pipeline.processing = true;
  settle(pipeline, t);
  const bridge = pipeline.upstreamBridge;
  const upstream = bridge ? store.pipelines.get(bridge.pipelineId) : undefined;
  if (bridge && upstream && bridge.strategy === 'depend' && COMPLETED_STATUSES.has(bridge.status)) {
    if (!COMPLETED_STATUSES.has(pipeline.status)) {
      bridge.status = 'running';
      bridge.finishedAt = null;
      bridge.failureReason = null;
      settle(upstream, t);
    }
  }
  return retried;
}

/**
 * Ci::CancelPipelineService: every cancelable job is cancelled; a running job first goes
 * `canceling` for a moment (graceful cancellation), then `canceled`. Manual jobs are not
 * cancelable and stay as they are.
 * @param {Pipeline} pipeline
 * @param {number} t
 */
export function cancelPipeline(pipeline, t) {
  // A pipeline cancelled before its first job was processed is finished all the same.
  pipeline.processing = true;
  for (const job of latestJobs(pipeline)) {
    if (!CANCELABLE_STATUSES.has(job.status)) continue;
    if (job.status === 'running' && job.kind === 'build' && pipeline.cancelingSeconds > 0) {
      job.status = 'canceling';
      job.nextAt = t + pipeline.cancelingSeconds * 1000;
    } else {
      finish(job, 'canceled', t);
    }
    // Child pipelines (same project) are cancelled with their parent.
    const downstream = job.downstreamPipeline;
    if (downstream && downstream.projectId === pipeline.projectId) cancelPipeline(downstream, t);
  }
  settle(pipeline, t);
}

/**
 * The job log as it stands at `now`: nothing before the job starts, the lines written so far
 * while it runs, everything once it has finished.
 * @param {Job} job
 * @param {Pipeline} pipeline
 * @param {number} now
 */
export function traceOf(job, pipeline, now) {
  if (job.startedAt === null) return '';
  const chunks = job.extras.traceChunks;
  if (chunks) {
    // Written piece by piece: what the runner has sent so far, cut wherever a chunk ends.
    const since = job.status === 'running' ? now - job.startedAt : Infinity;
    return chunks
      .filter((c) => c.at * 1000 <= since)
      .map((c) => (c.base64 ? Buffer.from(c.base64, 'base64').toString() : (c.text ?? '')))
      .join('');
  }
  const full = job.trace ?? defaultTrace(job, pipeline);
  if (job.status !== 'running') return full;
  const fraction = job.duration > 0 ? (now - job.startedAt) / (job.duration * 1000) : 1;
  const lines = full.split('\n');
  return lines.slice(0, Math.max(1, Math.ceil(Math.min(1, fraction) * lines.length))).join('\n');
}

/**
 * The job log as a body that can be streamed: a generated one when the script gave
 * `traceSize` (its lines appear as the job runs, `traceTail` once it has finished), the text
 * of traceOf otherwise.
 * @param {Job} job
 * @param {Pipeline} pipeline
 * @param {number} now
 * @returns {import('./logs.js').LogBody}
 */
export function logOf(job, pipeline, now) {
  const { traceSize, traceTail = '', traceChunks } = job.extras;
  if (traceChunks && job.startedAt !== null) {
    // As bytes: a chunk may give `base64` for bytes no text holds (invalid UTF-8).
    const since = job.status === 'running' ? now - job.startedAt : Infinity;
    const written = traceChunks.filter((c) => c.at * 1000 <= since);
    return bytesLog(
      Buffer.concat(
        written.map((c) =>
          c.base64 ? Buffer.from(c.base64, 'base64') : Buffer.from(c.text ?? ''),
        ),
      ),
    );
  }
  if (traceSize === undefined) return textLog(traceOf(job, pipeline, now));
  if (job.startedAt === null) return textLog('');
  if (job.status !== 'running') return generatedLog(traceSize, traceTail);
  const fraction = job.duration > 0 ? (now - job.startedAt) / (job.duration * 1000) : 1;
  const filler = Math.max(traceSize - Buffer.byteLength(traceTail), 0);
  return generatedLog(Math.floor(Math.min(1, fraction) * filler));
}

/**
 * A log shaped like gitlab-runner's, for jobs whose script gives none.
 * @param {Job} job
 * @param {Pipeline} pipeline
 */
function defaultTrace(job, pipeline) {
  const lines = [
    'Running with gitlab-runner 17.11.0 (0f67ff19)',
    '  on emulator-runner e1f2a3b4, system ID: s_0123456789ab',
    'Preparing the "shell" executor',
    'Using Shell (bash) executor...',
    'Preparing environment',
    'Running on emulator...',
    'Getting source from Git repository',
    'Fetching changes with git depth set to 20...',
    `Checking out ${pipeline.sha.slice(0, 8)} as detached HEAD (ref is ${pipeline.ref})...`,
    'Executing "step_script" stage of the job script',
    `$ ./ci/${job.name}.sh`,
    `${job.name}: working`,
  ];
  if (job.status === 'success') lines.push(`${job.name}: done`, 'Job succeeded');
  else if (job.status === 'failed') lines.push('ERROR: Job failed: exit code 1');
  else if (job.status === 'canceled' || job.status === 'canceling')
    lines.push('WARNING: Job was canceled');
  return `${lines.join('\n')}\n`;
}
