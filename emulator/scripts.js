// @ts-check
// What a pipeline does when nobody said otherwise, and how a script becomes jobs.

/** @typedef {import('./types.js').Script} Script */
/** @typedef {import('./types.js').ScriptJob} ScriptJob */
/** @typedef {import('./types.js').ScriptBridge} ScriptBridge */
/** @typedef {import('./types.js').ScriptDownstream} ScriptDownstream */

/**
 * Three stages, four jobs, success in about eleven emulated seconds:
 * 1 s created, then per stage 1 s pending and the longest job's duration.
 */
export const DEFAULT_SCRIPT = /** @type {Script} */ ({
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [
    { name: 'build', stage: 'build', duration: 2, result: 'success' },
    { name: 'unit-tests', stage: 'test', duration: 3, result: 'success' },
    { name: 'lint', stage: 'test', duration: 2, result: 'success' },
    { name: 'deploy', stage: 'deploy', duration: 2, result: 'success' },
  ],
});

/**
 * @typedef {object} JobSpec
 * @property {'build' | 'bridge'} kind
 * @property {string} name
 * @property {string} stage
 * @property {number} stageIdx
 * @property {'on_success' | 'on_failure' | 'always' | 'manual' | 'delayed'} when
 * @property {boolean} allowFailure
 * @property {number} duration
 * @property {'success' | 'failed' | 'canceled' | 'skipped'} result
 * @property {string | undefined} trace
 * @property {string} failureReasonOnFail
 * @property {number} queueSeconds
 * @property {number} startIn
 * @property {number} waitingForResourceSeconds
 * @property {ScriptDownstream | null} downstream
 * @property {'depend' | undefined} strategy
 * @property {import('./types.js').JobExtras} extras
 */

/**
 * The jobs of a script in the order GitLab creates them: by stage, then as written.
 * GitLab's default stage is `test`.
 * @param {Script} script
 * @returns {JobSpec[]}
 */
export function jobSpecs(script) {
  const jobs = [...(script.jobs ?? []), ...generatedJobs(script.generate)];
  const bridges = script.bridges ?? [];
  const stages = [...(script.stages ?? [])];
  for (const item of [...jobs, ...bridges]) {
    const stage = item.stage ?? 'test';
    if (!stages.includes(stage)) stages.push(stage);
  }
  const queue = script.queueSeconds ?? 1;
  /** @type {JobSpec[]} */
  const specs = [];
  for (const job of jobs) {
    const when = job.when ?? 'on_success';
    const stage = job.stage ?? 'test';
    specs.push({
      kind: 'build',
      name: job.name,
      stage,
      stageIdx: stages.indexOf(stage),
      when,
      // Manual jobs may fail unless told otherwise (`allow_failure` defaults to true for them).
      allowFailure: job.allowFailure ?? when === 'manual',
      duration: job.duration ?? 5,
      result: job.result ?? 'success',
      trace: job.trace,
      failureReasonOnFail: job.failureReason ?? 'script_failure',
      queueSeconds: job.queueSeconds ?? queue,
      startIn: job.startIn ?? 30,
      waitingForResourceSeconds: job.waitingForResourceSeconds ?? 0,
      downstream: null,
      strategy: undefined,
      extras: {
        traceSize: job.traceSize,
        traceTail: job.traceTail,
        tests: job.tests,
        testSuite: job.testSuite,
        testSuiteError: job.testSuiteError,
        artifacts: job.artifacts,
        hostileArtifacts: job.hostileArtifacts,
        retryResult: job.retryResult,
        retry: job.retry,
        traceChunks: job.traceChunks,
      },
    });
  }
  for (const bridge of bridges) {
    const when = bridge.when ?? 'on_success';
    const stage = bridge.stage ?? 'test';
    specs.push({
      kind: 'bridge',
      name: bridge.name,
      stage,
      stageIdx: stages.indexOf(stage),
      when,
      allowFailure: bridge.allowFailure ?? when === 'manual',
      duration: 0,
      result: 'success',
      trace: undefined,
      failureReasonOnFail: 'downstream_pipeline_creation_failed',
      // Ci::CreateDownstreamPipelineWorker picks a bridge up at once; one second stands for it.
      queueSeconds: 1,
      startIn: 0,
      waitingForResourceSeconds: 0,
      downstream: bridge.downstream ?? null,
      strategy: bridge.strategy,
      extras: {},
    });
  }
  // A stable sort keeps the written order inside a stage.
  return specs.sort((a, b) => a.stageIdx - b.stageIdx);
}

/**
 * The jobs of `generate`: `count` jobs over `stages` stages, named `<stage>-job-<n>`.
 * @param {import('./types.js').GeneratedJobs | undefined} spec
 * @returns {ScriptJob[]}
 */
export function generatedJobs(spec) {
  if (!spec) return [];
  const stages = Math.max(1, spec.stages ?? 1);
  const perStage = Math.ceil(spec.count / stages);
  /** @type {ScriptJob[]} */
  const jobs = [];
  for (let i = 1; i <= spec.count; i += 1) {
    const stage = `stage-${Math.floor((i - 1) / perStage) + 1}`;
    const fails = spec.failEvery !== undefined && i % spec.failEvery === 0;
    const manual = !fails && spec.manualEvery !== undefined && i % spec.manualEvery === 0;
    jobs.push({
      name: `${stage}-job-${String(i).padStart(5, '0')}`,
      stage,
      duration: spec.duration ?? 1,
      result: fails ? 'failed' : 'success',
      ...(fails ? { allowFailure: true } : {}),
      ...(manual ? { when: 'manual' } : {}),
    });
  }
  return jobs;
}

/**
 * The script of a downstream pipeline that only says how it ends.
 * @param {ScriptDownstream} downstream
 * @returns {Script}
 */
export function downstreamScript(downstream) {
  if (downstream.script) return downstream.script;
  const duration = downstream.duration ?? 5;
  switch (downstream.status) {
    case 'failed':
    case 'canceled':
    case 'skipped':
      return { jobs: [{ name: 'downstream', stage: 'test', duration, result: downstream.status }] };
    case 'manual':
      return { jobs: [{ name: 'downstream', stage: 'test', when: 'manual', allowFailure: false }] };
    case 'running':
    case 'pending':
    case 'created':
      // Never finishes within any test.
      return { jobs: [{ name: 'downstream', stage: 'test', duration: 1e9 }] };
    default:
      return { jobs: [{ name: 'downstream', stage: 'test', duration, result: 'success' }] };
  }
}
