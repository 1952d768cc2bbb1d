// @ts-check
// Shapes shared by the emulator's modules. Nothing runs here: the typedefs let `tsc --checkJs`
// follow the data from the store through the timeline to the entities.

/** @typedef {'public' | 'internal' | 'private'} Visibility */
/** @typedef {'guest' | 'reporter' | 'developer' | 'maintainer' | 'owner'} Role */

/**
 * The statuses of GitLab's Ci::HasStatus (app/models/concerns/ci/has_status.rb).
 * @typedef {'created' | 'waiting_for_resource' | 'preparing' | 'waiting_for_callback' | 'pending'
 *   | 'running' | 'success' | 'failed' | 'canceling' | 'canceled' | 'skipped' | 'manual'
 *   | 'scheduled'} Status
 */

/**
 * @typedef {object} User
 * @property {number} id
 * @property {string} username
 * @property {string} name
 * @property {string} email
 * @property {'active' | 'blocked'} state
 * @property {number} createdAt emulated epoch ms
 */

/**
 * @typedef {object} ScriptJob
 * @property {string} name
 * @property {string} [stage]
 * @property {number} [duration] emulated seconds spent running
 * @property {'success' | 'failed' | 'canceled' | 'skipped'} [result]
 * @property {'success' | 'failed' | 'canceled'} [retryResult] how a run after a retry of the
 *   pipeline ends (default: as `result`): a flaky job that passes when run again
 * @property {'on_success' | 'on_failure' | 'always' | 'manual' | 'delayed'} [when]
 * @property {boolean} [allowFailure] manual jobs default to true, as in GitLab
 * @property {string} [trace] the job log, served as it is
 * @property {string} [failureReason] defaults to script_failure
 * @property {number} [queueSeconds] time spent pending before a runner takes it
 * @property {number} [startIn] for `when: 'delayed'`: emulated seconds in `scheduled`
 * @property {number} [waitingForResourceSeconds] time in `waiting_for_resource` before pending
 * @property {number} [traceSize] a generated log of this many bytes, streamed (never held whole)
 * @property {string} [traceTail] the last lines of the generated log (counted in traceSize)
 * @property {TraceChunk[]} [traceChunks] the log written piece by piece: each chunk appears
 *   `at` emulated seconds after the job started (a line may be cut anywhere between chunks)
 * @property {number} [retry] GitLab's `retry:` keyword: a failed run is retried at once, up to
 *   this many times, each new run ending as `retryResult` (default: as `result`)
 * @property {ScriptTestCase[]} [tests] the job's JUnit report, read once the job has finished
 * @property {string} [testSuite] the suite the tests count under (default: the job's name)
 * @property {string} [testSuiteError] the report could not be parsed (suite_error)
 * @property {Record<string, ArtifactContent>} [artifacts] the files of the job's archive
 * @property {HostileArchive | true} [hostileArtifacts] an archive built to hurt its reader
 */

/**
 * A file of an artifacts archive: its text, or generated content of `size` bytes (streamed)
 * ending with `tail`.
 * @typedef {string | { size: number, tail?: string }} ArtifactContent
 */

/**
 * @typedef {object} HostileArchive
 * @property {number} [bombSize] uncompressed bytes of the deflated zero-filled entry (default 64 MiB)
 * @property {number} [declaredSize] the uncompressed size the central directory claims for it
 * @property {{ name: string, data: string, symlink?: boolean }[]} [entries] the entries before
 *   it, in order, instead of the usual hostile names (a name ending in / is a folder)
 */

/**
 * A test case of a JUnit report (Gitlab::Ci::Reports::TestCase).
 * @typedef {object} ScriptTestCase
 * @property {string} name
 * @property {'success' | 'failed' | 'skipped' | 'error'} [status] default success
 * @property {string} [classname]
 * @property {string} [file] e.g. ./spec/foo_spec.rb
 * @property {number} [time] execution_time in seconds
 * @property {string} [systemOutput]
 * @property {string} [stackTrace]
 * @property {string} [attachment] a path in the job's artifacts (screenshots)
 */

/**
 * Many jobs from a few numbers, for pipelines of thousands of jobs.
 * @typedef {object} GeneratedJobs
 * @property {number} count how many jobs
 * @property {number} [stages] spread over this many stages `stage-1`… (default 1)
 * @property {number} [duration] emulated seconds each runs (default 1; equal durations keep
 *   the number of distinct events small)
 * @property {number} [failEvery] every n-th job fails (allow_failure: true, script_failure)
 * @property {number} [manualEvery] every n-th job is an optional manual job
 */

/**
 * @typedef {object} ScriptDownstream
 * @property {string} [projectPath] required unless `child`
 * @property {boolean} [child] a child pipeline of the same project (source parent_pipeline)
 * @property {string} [ref]
 * @property {Status} [status] the final status of the downstream pipeline
 * @property {number} [duration] emulated seconds the downstream pipeline runs
 * @property {Script} [script] a full script for the downstream pipeline instead
 */

/**
 * @typedef {object} ScriptBridge
 * @property {string} name
 * @property {string} [stage]
 * @property {ScriptDownstream | null} [downstream] null: the downstream pipeline could not be created
 * @property {'depend'} [strategy] the bridge mirrors the downstream pipeline's status
 * @property {'on_success' | 'on_failure' | 'always' | 'manual'} [when]
 * @property {boolean} [allowFailure]
 */

/**
 * What a pipeline does, written by a test or the demo.
 * @typedef {object} Script
 * @property {string[]} [stages]
 * @property {ScriptJob[]} [jobs]
 * @property {ScriptBridge[]} [bridges]
 * @property {GeneratedJobs} [generate] more jobs, generated after `jobs`
 * @property {Record<string, ScriptInput>} [inputs] spec:inputs the pipeline declares
 * @property {number} [createdSeconds] time the pipeline stays `created` before processing
 * @property {number} [queueSeconds] default time each job stays pending
 * @property {number} [cancelingSeconds] time a running job stays `canceling` once cancelled
 * @property {string} [name] pipeline name (workflow:name)
 * @property {{ status: 400 | 422, base?: string[], message?: unknown }} [reject]
 */

/**
 * An input of spec:inputs.
 * @typedef {object} ScriptInput
 * @property {'string' | 'number' | 'boolean' | 'array'} [type] default string
 * @property {unknown} [default] an input without default is required
 * @property {unknown[]} [options]
 */

/** @typedef {'legacy-200' | 'recompute'} CancelBehaviour */

/**
 * The project setting "Minimum role to use pipeline variables"
 * (ci_pipeline_variables_minimum_override_role, GitLab MR 149343).
 * @typedef {'no_one_allowed' | 'developer' | 'maintainer' | 'owner'} VariablesRole
 */

/**
 * @typedef {object} Project
 * @property {number} id
 * @property {string} path full path, e.g. acme/platform/deploy
 * @property {string} name
 * @property {Visibility} visibility
 * @property {string[]} refs branches
 * @property {string[]} tags
 * @property {string} defaultBranch
 * @property {string[]} previousPaths paths the project had before a rename (redirect routes)
 * @property {string[]} protectedRefs refs only maintainers may run pipelines on
 * @property {Map<string, Script>} scripts per ref
 * @property {Script | undefined} defaultScript
 * @property {CancelBehaviour | undefined} cancelBehaviour overrides the instance's
 * @property {VariablesRole} pipelineVariablesMinimumRole who may set pipeline variables
 * @property {number} iidCounter
 * @property {number} createdAt
 * @property {Map<string, string>} [pushedShas] branch → commit, for branches pushed over git (git.js)
 */

/**
 * @typedef {object} AccessToken
 * @property {string} token
 * @property {number} userId
 * @property {string[]} scopes
 * @property {string | null} expiresAt YYYY-MM-DD
 * @property {boolean} revoked
 */

/**
 * @typedef {object} Trigger
 * @property {number} id
 * @property {number} projectId
 * @property {number} ownerId
 * @property {string | null} description
 * @property {string} token
 * @property {number} createdAt
 * @property {number} updatedAt
 * @property {number | null} expiresAt
 */

/**
 * @typedef {object} JobToken
 * @property {string} token
 * @property {number} projectId the project whose job holds the token
 * @property {number} userId the user the job runs as
 * @property {boolean} running
 * @property {boolean} erased
 * @property {number[]} allowlist projects whose job-token allowlist admits this job's project
 */

/**
 * @typedef {object} Job
 * @property {number} id
 * @property {number} pipelineId
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
 * @property {Status} status
 * @property {string | null} failureReason
 * @property {number} createdAt
 * @property {number | null} queuedAt
 * @property {number | null} startedAt
 * @property {number | null} finishedAt
 * @property {number | null} nextAt time of the job's next scheduled transition
 * @property {boolean} retried
 * @property {number} userId
 * @property {ScriptDownstream | null} downstream bridges only
 * @property {'depend' | undefined} strategy bridges only
 * @property {Pipeline | null} downstreamPipeline bridges only, once created
 * @property {JobExtras} extras logs, reports and artifacts the script gave
 */

/**
 * @typedef {Pick<ScriptJob, 'traceSize' | 'traceTail' | 'tests' | 'testSuite' | 'testSuiteError'
 *   | 'artifacts' | 'hostileArtifacts' | 'retryResult' | 'retry' | 'traceChunks'>} JobExtras
 */

/**
 * @typedef {object} TraceChunk
 * @property {number} at emulated seconds after the job started
 * @property {string} [text] appended to the log then
 * @property {string} [base64] bytes appended instead, for what no text holds (invalid UTF-8)
 */

/**
 * @typedef {object} Pipeline
 * @property {number} id
 * @property {number} iid
 * @property {number} projectId
 * @property {string} ref
 * @property {string} sha
 * @property {boolean} tag
 * @property {string} source
 * @property {number} userId
 * @property {string | null} name
 * @property {Status} status
 * @property {number} createdAt
 * @property {number} updatedAt
 * @property {number | null} startedAt
 * @property {number | null} finishedAt
 * @property {number | null} duration
 * @property {string | null} yamlErrors
 * @property {string | null} failureReason
 * @property {Record<string, unknown>} variables as received
 * @property {unknown} inputs as received (undefined when none were sent)
 * @property {string} triggerPayload what GitLab stores in TRIGGER_PAYLOAD
 * @property {number | null} triggerId
 * @property {string | null} jobToken
 * @property {Job[]} jobs
 * @property {Script} script
 * @property {number} processAt when processing starts
 * @property {boolean} processing
 * @property {number} cancelingSeconds
 * @property {Job | null} upstreamBridge set on downstream pipelines
 */

export {};
