export const id = 467;
export const ids = [467];
export const modules = {

/***/ 4467:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  GitLabLiveLogApi: () => (/* reexport */ GitLabLiveLogApi),
  PipelineResultsApi: () => (/* reexport */ PipelineResultsApi),
  downloadArtifacts: () => (/* reexport */ downloadArtifacts),
  downstreamPipelines: () => (/* reexport */ downstreamPipelines),
  liveLogs: () => (/* reexport */ liveLogs),
  outputsFrom: () => (/* reexport */ outputsFrom),
  testReport: () => (/* reexport */ testReport)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var core_errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/gitlab-entities.ts
var gitlab_entities = __webpack_require__(3090);
;// CONCATENATED MODULE: ./src/core/redact-stream.ts
/**
 * The redactor over a stream of bytes (a job's log saved to disk), in bounded memory: each
 * chunk is masked and written as soon as no secret can straddle its end. The text is read as
 * latin1, one character a byte, so that every byte GitLab sent is written back unchanged
 * except where a secret stood (a log need not be valid UTF-8); the redactor knows each secret
 * in that form too (redact.ts).
 */
/** Text held back at most, past which it is masked and written whatever it ends with. */
const MAX_HELD_CHARS = 64 * 1024;
function redactingFilter(redactor) {
    let held = '';
    const out = (text) => Buffer.from(redactor.redact(text), 'latin1');
    return {
        push(chunk) {
            held += chunk.toString('latin1');
            // Secrets and their cut forms never hold a line break: up to the last one is safe.
            let cut = held.lastIndexOf('\n') + 1;
            // A line longer than the bound (a log without line breaks) is cut where no word goes on,
            // leaving the longest secret's worth behind so that one split here is seen whole later.
            if (cut === 0 && held.length > MAX_HELD_CHARS)
                cut = wordStart(held, held.length - 1024);
            if (cut === 0)
                return Buffer.alloc(0);
            const ready = held.slice(0, cut);
            held = held.slice(cut);
            return out(ready);
        },
        end() {
            const rest = held;
            held = '';
            return out(rest);
        },
    };
}
/** Where the run of word characters (a token's alphabet) around `at` starts; `at` past 4 KiB. */
function wordStart(text, at) {
    let start = at;
    while (start > 0 && at - start < 4096 && /[\w+/=.~%-]/.test(text[start - 1] ?? ''))
        start--;
    return start > 0 ? start : at;
}

;// CONCATENATED MODULE: ./src/core/pipeline-results-api.ts



class PipelineResultsApi {
    client;
    logger;
    token;
    /** Which route lists trigger jobs here: `trigger_jobs` from GitLab 19.2, `bridges` before. */
    triggerJobsRoute = 'unknown';
    /**
     * Projects whose trigger jobs this token was refused, with the refusal: learned once a run,
     * so that each later walk down the pipelines (every refresh) does not pay the same refused
     * requests again (two before 19.2: `/trigger_jobs`, then `/bridges`).
     */
    refusedTriggerJobs = new Map();
    constructor(client, apiToken, logger, 
    /** A CI job token reads with `JOB-TOKEN`, where GitLab lets it. */
    header = 'PRIVATE-TOKEN') {
        this.client = client;
        this.logger = logger;
        this.token = apiToken ? { header, value: apiToken } : undefined;
    }
    call(path, what, options) {
        return { ...options, method: 'GET', path, token: this.token, what, idempotent: true };
    }
    pipelinePath(projectId, pipelineId) {
        return `/projects/${projectId}/pipelines/${pipelineId}`;
    }
    /**
     * The trigger jobs of a pipeline and the pipelines they started. GitLab 19.2 renamed
     * `/bridges` to `/trigger_jobs` and deprecated the old name: the new route is tried first,
     * and where it does not exist (404 while `/bridges` answers) the old one is used from then on.
     * A project that refuses the token (a CI job token before GitLab 18.1, a project it cannot
     * read) is not asked again this run: the refusal is answered at once.
     */
    async triggerJobs(projectId, pipelineId, options = {}) {
        const refused = this.refusedTriggerJobs.get(projectId);
        if (refused)
            throw refused;
        try {
            return await this.readTriggerJobs(projectId, pipelineId, options);
        }
        catch (error) {
            if (refusesProject(error)) {
                this.refusedTriggerJobs.set(projectId, error);
                this.logger?.debug(`The trigger jobs of project ${projectId} are not readable with this token (${error.status}): not asked again this run.`);
            }
            throw error;
        }
    }
    async readTriggerJobs(projectId, pipelineId, options) {
        const what = `list the trigger jobs of pipeline #${pipelineId} of project ${projectId}`;
        const read = async (route) => (0,gitlab_entities/* checkedBridges */.GY)(await this.client.apiAll(this.call(`${this.pipelinePath(projectId, pipelineId)}/${route}`, what, options)), what);
        if (this.triggerJobsRoute === 'bridges')
            return read('bridges');
        try {
            const jobs = await read('trigger_jobs');
            this.triggerJobsRoute = 'trigger_jobs';
            return jobs;
        }
        catch (error) {
            if (this.triggerJobsRoute !== 'unknown' || !(error instanceof core_errors/* GitLabError */.YZ))
                throw error;
            if (error.status !== 404)
                throw error;
        }
        const jobs = await read('bridges');
        this.triggerJobsRoute = 'bridges';
        this.logger?.debug('This GitLab has no /trigger_jobs route (before 19.2): using /bridges.');
        return jobs;
    }
    /** Every job of a pipeline; with `includeRetried`, the retried runs too. */
    async jobs(projectId, pipelineId, options = {}) {
        const { includeRetried, ...read } = options;
        const call = this.call(`${this.pipelinePath(projectId, pipelineId)}/jobs`, `list the jobs of pipeline #${pipelineId} of project ${projectId}`, read);
        return (0,gitlab_entities/* checkedJobs */._P)(await this.client.apiAll(includeRetried ? { ...call, query: { include_retried: 'true' } } : call), call.what);
    }
    /** The last `maxBytes` of a job's log, cut at a line start. */
    async traceTail(projectId, jobId, maxBytes, options = {}) {
        const response = await this.client.api({
            ...this.call(`/projects/${projectId}/jobs/${jobId}/trace`, `read the log of job ${jobId}`, options),
            tailBytes: maxBytes,
        });
        const text = response.body;
        if (Buffer.byteLength(text) < maxBytes)
            return text;
        const newline = text.indexOf('\n');
        return newline >= 0 ? text.slice(newline + 1) : text;
    }
    /** The test counts of a pipeline, by suite: one small request. */
    async testReportSummary(projectId, pipelineId, options = {}) {
        return this.client.apiJson(this.call(`${this.pipelinePath(projectId, pipelineId)}/test_report_summary`, `read the test report summary of pipeline #${pipelineId}`, options));
    }
    /** The whole test report of a pipeline, every case of every suite. */
    async testReport(projectId, pipelineId, options = {}) {
        return this.client.apiJson(this.call(`${this.pipelinePath(projectId, pipelineId)}/test_report`, `read the test report of pipeline #${pipelineId}`, options));
    }
    /**
     * One file of a job's artifacts (`GET /projects/:id/jobs/:job_id/artifacts/*artifact_path`)
     * as text; undefined when the job has no such file (GitLab answers 404).
     */
    async artifactFile(projectId, jobId, path, options = {}) {
        const { maxBytes, ...read } = options;
        const encoded = path.split('/').map(encodeURIComponent).join('/');
        try {
            const response = await this.client.api({
                ...this.call(`/projects/${projectId}/jobs/${jobId}/artifacts/${encoded}`, `read ${path} from the artifacts of job ${jobId}`, read),
                maxBytes,
                fromStorage: true,
            });
            return response.body;
        }
        catch (error) {
            if (error instanceof core_errors/* GitLabError */.YZ && error.status === 404)
                return undefined;
            throw error;
        }
    }
    /**
     * Streams a job's artifacts archive to `file`; the bytes written, or undefined when the
     * job has no archive (404).
     */
    async saveArchive(projectId, jobId, file, options) {
        const { maxBytes, ...read } = options;
        try {
            const response = await this.client.api({
                ...this.call(`/projects/${projectId}/jobs/${jobId}/artifacts`, `download the artifacts of job ${jobId}`, read),
                saveTo: { path: file, maxBytes },
                fromStorage: true,
            });
            return response.saved ?? 0;
        }
        catch (error) {
            if (error instanceof core_errors/* GitLabError */.YZ && error.status === 404)
                return undefined;
            throw error;
        }
    }
    /** Streams a job's whole log to `file`, every secret the tool knows masked; the bytes read. */
    async saveLog(projectId, jobId, file, options) {
        const { maxBytes, redactor, ...read } = options;
        const response = await this.client.api({
            ...this.call(`/projects/${projectId}/jobs/${jobId}/trace`, `read the log of job ${jobId}`, read),
            saveTo: { path: file, maxBytes, filter: () => redactingFilter(redactor) },
            fromStorage: true,
        });
        return response.saved ?? 0;
    }
}
/**
 * A refusal that holds for the whole project, not for one pipeline: the token is refused
 * (401, 403) or the project is hidden from it (404 Project Not Found). A plain 404 (`Not
 * found`: no such pipeline) says nothing of the project's other pipelines.
 */
function refusesProject(error) {
    if (!(error instanceof core_errors/* GitLabError */.YZ))
        return false;
    if (error.status === 401 || error.status === 403)
        return true;
    return error.status === 404 && /project not found/i.test(error.gitlabMessage ?? '');
}

// EXTERNAL MODULE: ./src/core/pipeline-statuses.ts
var pipeline_statuses = __webpack_require__(3804);
// EXTERNAL MODULE: ./src/core/follow/watchers/downstream-render.ts
var downstream_render = __webpack_require__(4848);
// EXTERNAL MODULE: ./src/core/follow/watchers/final-report.ts
var final_report = __webpack_require__(9090);
// EXTERNAL MODULE: ./src/core/follow/watchers/optional-read.ts
var optional_read = __webpack_require__(9952);
;// CONCATENATED MODULE: ./src/core/follow/watchers/result-findings.ts
/** GitHub keeps at most 10 error annotations (and 10 warnings) a step. */
const MAX_ANNOTATIONS = 10;
/** The joint between the trigger jobs of a path: `integration-tests › integration`. */
const PATH_JOINT = ' › ';

;// CONCATENATED MODULE: ./src/core/follow/watchers/downstream-tree.ts





/**
 * GitLab's own ceiling on a pipeline hierarchy (the `ci_pipeline_hierarchy_size` limit,
 * 1,000 pipelines by default): no walk reads past it.
 */
const MAX_DOWNSTREAM_PIPELINES = 1_000;
/**
 * Walks down from a pipeline through its trigger jobs to every downstream pipeline, child or
 * multi-project, at every depth, in the order a person reads them (each pipeline, then what
 * it started). The jobs of a finished pipeline are kept between walks: they no longer change.
 */
class DownstreamTree {
    api;
    finishedJobs = new Map();
    constructor(api) {
        this.api = api;
    }
    async walk(root, options) {
        const pipelines = [];
        const seen = new Set([`${root.project_id}:${root.id}`]);
        const top = await readable(() => this.api.triggerJobs(root.project_id, root.id, options));
        const stack = (top ?? [])
            .sort((a, b) => b.id - a.id)
            .map((bridge) => ({ bridge, path: [bridge.name] }));
        while (stack.length > 0) {
            if (pipelines.length >= options.maxPipelines)
                return { pipelines, cut: true };
            const { bridge, path } = stack.pop();
            const down = bridge.downstream_pipeline;
            const key = down ? `${down.project_id}:${down.id}` : '';
            if (down && seen.has(key))
                continue;
            seen.add(key);
            const visited = await this.visit(bridge, path, options);
            pipelines.push(visited.pipeline);
            for (const child of visited.children.sort((a, b) => b.id - a.id))
                stack.push({ bridge: child, path: [...path, child.name] });
        }
        return { pipelines, cut: false };
    }
    async visit(bridge, path, options) {
        const down = bridge.downstream_pipeline;
        const base = {
            path,
            name: path.join(PATH_JOINT),
            depth: path.length,
            bridge: {
                id: bridge.id,
                name: bridge.name,
                stage: bridge.stage,
                status: bridge.status,
                allow_failure: bridge.allow_failure,
            },
        };
        if (!down) {
            // A trigger job that failed without a pipeline (its creation failed) fails its pipeline:
            // it is named like a failed job, with GitLab's reason.
            const failed = bridge.status === 'failed'
                ? [{ job: { ...bridge, web_url: bridge.web_url ?? '' }, name: base.name }]
                : [];
            return { pipeline: { ...base, access: 'not-started', failed }, children: [] };
        }
        const pipeline = {
            id: down.id,
            project_id: down.project_id,
            status: down.status,
            web_url: down.web_url,
            ...(typeof down.source === 'string' ? { source: down.source } : {}),
        };
        const jobs = await this.jobsOf(pipeline, options);
        if (!jobs) {
            return { pipeline: { ...base, pipeline, access: 'unreadable', failed: [] }, children: [] };
        }
        const children = await readable(() => this.api.triggerJobs(pipeline.project_id, pipeline.id, options));
        const failed = await this.failedJobs(pipeline.project_id, jobs, base.name, options);
        return {
            pipeline: { ...base, pipeline, access: 'read', jobs, failed },
            children: children ?? [],
        };
    }
    /** The jobs in the order they ran; undefined when the token cannot read the project. */
    async jobsOf(pipeline, options) {
        const key = `${pipeline.project_id}:${pipeline.id}`;
        const kept = this.finishedJobs.get(key);
        if (kept)
            return kept;
        const jobs = await readable(() => this.api.jobs(pipeline.project_id, pipeline.id, options));
        if (!jobs)
            return undefined;
        jobs.sort((a, b) => a.id - b.id);
        if ((0,pipeline_statuses/* isFinished */.$g)(pipeline.status))
            this.finishedJobs.set(key, jobs);
        return jobs;
    }
    async failedJobs(projectId, jobs, pipelineName, options) {
        const failed = [];
        // As for the top pipeline: the logs of the first TRACED_FAILED_JOBS of each kind, so that
        // a pipeline with a hundred failed jobs neither reads a hundred logs nor fills the summary.
        const traced = { allowed: 0, blocking: 0 };
        for (const job of jobs.filter((j) => j.status === 'failed')) {
            const name = `${pipelineName}${PATH_JOINT}${job.name}`;
            if (!options.traces) {
                failed.push({ job, name });
                continue;
            }
            if (traced[job.allow_failure ? 'allowed' : 'blocking']++ >= final_report/* TRACED_FAILED_JOBS */.$k) {
                failed.push({ job, name, unquoted: true });
                continue;
            }
            const raw = await (0,optional_read/* optional */.l)(() => this.api.traceTail(projectId, job.id, final_report/* TRACE_TAIL_BYTES */.Z * 4, options));
            failed.push(raw === undefined
                ? { job, name }
                : { job, name, trace: (0,final_report/* cleanTrace */.Lg)(raw, options.traces.redactor) });
        }
        return failed;
    }
}
/** A read that the token may be refused: undefined then (the project is not the token's). */
async function readable(read) {
    try {
        return await read();
    }
    catch (error) {
        if ((0,core_errors/* isDenied */.GZ)(error))
            return undefined;
        throw error;
    }
}

// EXTERNAL MODULE: ./src/core/follow/watchers/progress-line.ts
var progress_line = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/core/follow/watchers/downstream.ts






/**
 * Follows every trigger job down to its pipeline, child or multi-project, at every depth.
 * While waiting it counts the downstream jobs (read when the status changes, and at most
 * once a `refreshMs` otherwise); when the pipeline has finished it reports the tree as a
 * `downstream` finding, one `section` per downstream pipeline, and a `problem` per failed
 * job named with its path (`integration-tests › integration`) and quoting its log tail.
 * A pipeline in a project the token cannot read is linked and named, not an error.
 */
function downstreamPipelines(options) {
    const tree = new DownstreamTree(options.api);
    const maxPipelines = options.maxPipelines ?? MAX_DOWNSTREAM_PIPELINES;
    const refreshMs = options.refreshMs ?? progress_line/* JOB_REFRESH_MS */.TH;
    let readAt = -Infinity;
    let progress;
    let lastLine = '';
    const note = (error, ctx) => {
        if (error instanceof core_errors/* StoppedError */.Ko)
            throw error;
        ctx.logger.debug(`Downstream pipelines not read: ${error.message}`);
    };
    return {
        name: 'downstream pipelines',
        progress: () => progress,
        async see(snapshot, ctx) {
            const { pipeline } = snapshot;
            if (options.enabled === false || (0,pipeline_statuses/* isFinished */.$g)(pipeline.status))
                return undefined;
            if (!snapshot.statusChanged && ctx.clock.now() - readAt < refreshMs)
                return undefined;
            readAt = ctx.clock.now();
            try {
                const walk = await tree.walk(pipeline, { maxPipelines, stops: ctx.stops, once: true });
                const counted = (0,downstream_render/* countProgress */.fu)(walk.pipelines, pipeline_statuses/* isFinished */.$g);
                if (counted.pipelines === 0)
                    return undefined;
                progress = counted;
            }
            catch (error) {
                note(error, ctx);
                return undefined;
            }
            const line = `Pipeline #${pipeline.id}: ${(0,downstream_render/* downstreamProgressText */.t6)(progress)}`;
            if (options.logProgress !== false && line !== lastLine)
                ctx.logger.info(line);
            lastLine = line;
            return undefined;
        },
        async end(end, ctx) {
            if (options.enabled === false || ctx.stops.signal?.aborted)
                return;
            if (end.outcome !== 'passed' && end.outcome !== 'failed')
                return;
            const walk = await tree.walk(end.pipeline, {
                maxPipelines,
                stops: ctx.stops,
                traces: { redactor: ctx.redactor },
            });
            if (walk.pipelines.length === 0)
                return;
            ctx.report({ kind: 'downstream', pipelines: walk.pipelines });
            for (const down of walk.pipelines)
                ctx.report((0,downstream_render/* downstreamSection */.W_)(down));
            if (walk.cut) {
                const text = `Only the first ${maxPipelines} downstream pipelines were read.`;
                ctx.report({
                    kind: 'section',
                    title: 'More downstream pipelines',
                    markdown: `_${text}_\n`,
                    text,
                });
            }
            for (const problem of (0,downstream_render/* failedJobProblems */.VH)(walk.pipelines, options.maxAnnotations ?? MAX_ANNOTATIONS))
                ctx.report(problem);
        },
    };
}

// EXTERNAL MODULE: ./src/core/follow/watchers/markdown.ts
var markdown = __webpack_require__(6690);
// EXTERNAL MODULE: ./src/core/parse/duration.ts
var duration = __webpack_require__(6687);
;// CONCATENATED MODULE: ./src/core/follow/watchers/test-report-render.ts



/** The most failed tests listed in the summary; the rest are counted. */
const MAX_LISTED_TESTS = 100;
/** Test times to the hundredth under a minute (`0.25s`, `17.9s`), as a duration above. */
const seconds = (s) => s < 60 ? `${Number(s.toFixed(2))}s` : (0,duration/* formatDuration */.a)(Math.round(s * 1000));
/** `Tests: 12 total, 9 passed, 2 failed, 1 skipped, 0 errors (3.2s)`: the command line's line. */
function testTotalsLine(total) {
    return `Tests: ${total.count} total, ${total.success} passed, ${total.failed} failed, ${total.skipped} skipped, ${total.error} errors (${seconds(total.time)})`;
}
/** The test report as a summary section: a table per suite, then the failed cases. */
function testsSection(tests, pipelineUrl) {
    const { total } = tests;
    const verdict = tests.failedCount
        ? `${tests.failedCount} of ${total.count} failed`
        : `${total.count} passed`;
    const lines = [
        `#### Tests: ${verdict} (${(0,markdown/* link */.nf)('test report', `${pipelineUrl}/test_report`)})`,
        '',
        '| Suite | Total | Passed | Failed | Skipped | Errors | Time |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...tests.suites.map((s) => s.suiteError
            ? `| ${(0,markdown/* cell */.Hn)(s.name)} | ⚠️ ${(0,markdown/* cell */.Hn)(s.suiteError)} | | | | | |`
            : `| ${(0,markdown/* cell */.Hn)(s.name)} | ${s.count} | ${s.success} | ${s.failed} | ${s.skipped} | ${s.error} | ${seconds(s.time)} |`),
        `| **All** | ${total.count} | ${total.success} | ${total.failed} | ${total.skipped} | ${total.error} | ${seconds(total.time)} |`,
        '',
    ];
    if (tests.failedCount)
        lines.push(...failedList(tests));
    return {
        kind: 'section',
        title: 'Tests',
        markdown: `${lines.join('\n')}\n`,
        text: testTotalsLine(total),
    };
}
function failedList(tests) {
    const lines = ['##### Failed tests', ''];
    // How many annotations GitHub shows is the host's to count (failed jobs share them): the
    // summary never claims a number it cannot know.
    const annotated = tests.annotated
        ? `; ${tests.failedCount === 1 ? 'it is' : 'they are'} annotated as far as GitHub's ${MAX_ANNOTATIONS} annotations of a kind a step allow`
        : '';
    lines.push(`${tests.failedCount} test${tests.failedCount === 1 ? '' : 's'} failed${annotated}.`, '');
    if (tests.casesUnread) {
        lines.push(`_The failed tests could not be listed: ${(0,markdown/* cell */.Hn)(tests.casesUnread)}_`, '');
        return lines;
    }
    lines.push('| Suite | Test | Class | File |', '| --- | --- | --- | --- |');
    const listed = tests.failed.slice(0, MAX_LISTED_TESTS);
    for (const f of listed) {
        const mark = f.status === 'error' ? '⚠️' : '❌';
        lines.push(`| ${(0,markdown/* cell */.Hn)(f.suite)} | ${mark} ${(0,markdown/* cell */.Hn)(f.name)}${f.allowedToFail ? ' (allowed to fail)' : ''} | ${(0,markdown/* cell */.Hn)(f.classname)} | ${f.file ? (0,markdown/* cell */.Hn)(f.file) : ''} |`);
    }
    lines.push('');
    for (const f of listed.filter((c) => c.output))
        lines.push(outputOf(f), '');
    const unlisted = tests.failedCount - listed.length;
    if (unlisted > 0)
        lines.push(`_…and ${unlisted} more failed tests, in GitLab's test report._`, '');
    return lines;
}
function outputOf(f) {
    return (0,markdown/* details */.zH)(`${f.classname} › ${f.name}`, f.output ?? '');
}

;// CONCATENATED MODULE: ./src/core/follow/watchers/test-report.ts




/** How much of a failed test's output is quoted. */
const OUTPUT_LINES = 10;
const OUTPUT_CHARS = 2_000;
/**
 * When the pipeline has finished, reads its test report summary (one request) and, only
 * when tests failed, the report itself once for the failed cases. Reports a `tests` finding,
 * a `section` for the summary (a table per suite, the failed cases with the first lines of
 * their output) and an error `problem` for each of the first failures, with `file` when
 * GitLab gives a path inside the repository, so GitHub shows it on the diff.
 */
function testReport(options) {
    return {
        name: 'test report',
        async end(end, ctx) {
            if (options.enabled === false || ctx.stops.signal?.aborted)
                return;
            if (end.outcome !== 'passed' && end.outcome !== 'failed')
                return;
            const { project_id: projectId, id } = end.pipeline;
            const read = { stops: ctx.stops };
            const summary = await options.api.testReportSummary(projectId, id, read);
            if (!hasTests(summary))
                return;
            const failedCount = (summary.total.failed ?? 0) + (summary.total.error ?? 0);
            let cases = [];
            let casesUnread;
            if (failedCount > 0) {
                try {
                    cases = failedCases(await options.api.testReport(projectId, id, read));
                }
                catch (error) {
                    if (error instanceof core_errors/* StoppedError */.Ko)
                        throw error;
                    if (!(error instanceof core_errors/* GitLabError */.YZ || error instanceof core_errors/* NetworkError */.Dr))
                        throw error;
                    casesUnread = error.message;
                }
            }
            const max = options.maxAnnotations ?? MAX_ANNOTATIONS;
            const allowed = await suitesAllowedToFail(end);
            const failed = cases.map((c, i) => ({
                ...toFailed(c, i < max, ctx.redactor),
                ...(allowed(c.suite) ? { allowedToFail: true } : {}),
            }));
            const tests = {
                total: totals(summary),
                suites: summary.test_suites.map((s) => ({
                    name: s.name,
                    time: s.total_time ?? 0,
                    count: s.total_count ?? 0,
                    success: s.success_count ?? 0,
                    failed: s.failed_count ?? 0,
                    skipped: s.skipped_count ?? 0,
                    error: s.error_count ?? 0,
                    ...(s.suite_error ? { suiteError: s.suite_error } : {}),
                })),
                failed,
                failedCount,
                annotated: failed.filter((f) => f.annotated).length,
                ...(casesUnread ? { casesUnread } : {}),
            };
            ctx.report({ kind: 'tests', tests });
            ctx.report(testsSection(tests, end.pipeline.web_url));
            for (const problem of testProblems(tests))
                ctx.report(problem);
        },
    };
}
/**
 * Whether the jobs that ran a suite may all fail. GitLab names a suite after its job, or
 * after the job's group for `parallel: N` (`rspec 1/3` → `rspec`): Ci::Build#test_suite_name
 * and CommitStatus#group_name, app/models/ci/build.rb and commit_status.rb (GitLab 17.x).
 * A suite whose jobs are not known is not allowed to fail.
 */
async function suitesAllowedToFail(end) {
    let jobs = [];
    try {
        const tally = await end.last?.jobs();
        jobs = tally ? [...tally.jobs, ...tally.failed] : [];
    }
    catch (error) {
        if (!(error instanceof core_errors/* GitLabError */.YZ || error instanceof core_errors/* NetworkError */.Dr))
            throw error;
    }
    return (suite) => {
        const ran = jobs.filter((job) => job.name === suite || groupName(job.name) === suite);
        return ran.length > 0 && ran.every((job) => job.allow_failure === true);
    };
}
/** A job's name without its `1/3` (parallel) or `[a, b]` (matrix) suffix, as GitLab groups jobs. */
function groupName(name) {
    return name.replace(/(?:[\s:]+(?:\[.*\]|\d+[\s:/\\]+\d+)){1,3}\s*$/, '').trim();
}
function hasTests(summary) {
    return (summary.total?.count ?? 0) > 0 || (summary.test_suites ?? []).some((s) => s.suite_error);
}
function totals(summary) {
    const t = summary.total;
    return {
        time: t.time ?? 0,
        count: t.count ?? 0,
        success: t.success ?? 0,
        failed: t.failed ?? 0,
        skipped: t.skipped ?? 0,
        error: t.error ?? 0,
    };
}
function failedCases(report) {
    const suites = (report.test_suites ?? []);
    return suites.flatMap((suite) => (suite.test_cases ?? [])
        .filter((c) => c.status === 'failed' || c.status === 'error')
        .map((c) => ({ ...c, suite: suite.name })));
}
function toFailed(c, annotated, redactor) {
    const file = repositoryPath(c.file);
    const raw = c.system_output || c.stack_trace;
    const output = raw ? redactor.redact((0,markdown/* firstLines */.UV)(raw, OUTPUT_LINES, OUTPUT_CHARS)) : undefined;
    return {
        suite: c.suite,
        name: c.name,
        classname: c.classname ?? c.name,
        status: c.status === 'error' ? 'error' : 'failed',
        ...(file ? { file } : {}),
        ...(output ? { output } : {}),
        annotated,
    };
}
/**
 * A test's file as a path inside the repository, for an annotation: `./spec/a_spec.rb`
 * becomes `spec/a_spec.rb`; an absolute path, a drive letter or a `..` is not one.
 */
function repositoryPath(file) {
    if (!file)
        return undefined;
    const path = file
        .trim()
        .replace(/\\/g, '/')
        .replace(/^(\.\/)+/, '');
    if (!path || path.startsWith('/') || /^[A-Za-z]:/.test(path) || /^[a-z]+:\/\//i.test(path))
        return undefined;
    if (path.split('/').includes('..'))
        return undefined;
    return path;
}
/**
 * An annotation per annotated failure, an error unless its job may fail, and a warning
 * counting the rest.
 */
function testProblems(tests) {
    const problems = tests.failed
        .filter((f) => f.annotated)
        .map((f) => ({
        kind: 'problem',
        level: f.allowedToFail ? 'warning' : 'error',
        title: `Test ${f.status === 'error' ? 'error' : 'failed'}${f.allowedToFail ? ' (allowed to fail)' : ''}: ${f.classname} › ${f.name}`,
        text: `${f.suite}: ${f.classname} › ${f.name} ${f.status}${f.allowedToFail ? ' (its job is allowed to fail)' : ''}${f.output ? `\n${f.output}` : ''}`,
        ...(f.file ? { file: f.file } : {}),
        test: true,
    }));
    if (tests.failedCount > tests.annotated) {
        problems.push({
            kind: 'problem',
            level: 'warning',
            title: 'More failed tests',
            text: `${tests.failedCount} tests failed, more than are annotated; the job summary lists them all.`,
            test: true,
        });
    }
    return problems;
}

// EXTERNAL MODULE: ./src/core/parse/artifact-globs.ts
var artifact_globs = __webpack_require__(4231);
;// CONCATENATED MODULE: ./src/core/follow/watchers/dotenv.ts
/**
 * A dotenv file as GitLab reads `artifacts:reports:dotenv` (Ci::ParseDotenvArtifactService):
 * `KEY=value` lines; a key of letters, digits and `_`; the value trimmed, and one pair of
 * matching quotes around it removed. Blank lines and `#` comments are skipped here too.
 */
/**
 * The most a dotenv file read for outputs may hold. GitLab's own dotenv report is far smaller
 * by default: 5 KB and 20 variables (Ci::ParseDotenvArtifactService, MAX_ACCEPTABLE_DOTENV_SIZE
 * and MAX_ACCEPTABLE_VARIABLES_COUNT; later the plan limits `dotenv_size` and
 * `dotenv_variables`, which an administrator may raise). These ceilings leave room for a raised
 * limit and a file kept under artifacts:paths, and keep a hostile file from becoming a
 * hundred thousand step outputs.
 */
const MAX_DOTENV_BYTES = 64 * 1024;
const MAX_DOTENV_KEYS = 200;
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
function parseDotenv(text) {
    const values = new Map();
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    for (const [index, raw] of lines.entries()) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const equals = line.indexOf('=');
        const bad = (problem) => ({
            ok: false,
            line: index + 1,
            text: raw,
            problem,
        });
        if (equals < 0)
            return bad('has no = between a name and a value');
        const key = line.slice(0, equals).trim();
        if (!KEY.test(key))
            return bad(`has the name ${JSON.stringify(key)}, which is not letters, digits and _ (not starting with a digit)`);
        let value = line.slice(equals + 1).trim();
        const quote = /^(["'])([\s\S]*)\1$/.exec(value);
        if (quote)
            value = quote[2] ?? '';
        values.set(key, value);
        if (values.size > MAX_DOTENV_KEYS)
            return bad(`is past the ${MAX_DOTENV_KEYS} keys a file may hold (GitLab's own dotenv report takes 20 by default); keep fewer keys in it`);
    }
    return { ok: true, values };
}

;// CONCATENATED MODULE: ./src/core/follow/watchers/job-finder.ts


/**
 * The jobs of a finished pipeline and of its downstream pipelines, latest runs only (GitLab
 * leaves retried runs out of its job lists), the pipeline's own first.
 */
async function pipelineJobs(api, pipeline, options = {}) {
    const own = latest(await api.jobs(pipeline.project_id, pipeline.id, options)).map((job) => ({
        job,
        projectId: pipeline.project_id,
        path: [],
        name: job.name,
    }));
    if (options.downstream === false)
        return own;
    const walk = await new DownstreamTree(api).walk(pipeline, {
        maxPipelines: options.maxPipelines ?? MAX_DOWNSTREAM_PIPELINES,
        stops: options.stops,
    });
    const below = walk.pipelines.flatMap((down) => down.pipeline && down.jobs
        ? latest(down.jobs).map((job) => ({
            job,
            projectId: down.pipeline?.project_id ?? pipeline.project_id,
            path: down.path,
            name: [...down.path, job.name].join(PATH_JOINT),
        }))
        : []);
    return [...own, ...below];
}
/** One job per name, the last run (highest id), in the order they ran. */
function latest(jobs) {
    const byName = new Map();
    for (const job of jobs) {
        const kept = byName.get(job.name);
        if (!kept || kept.id < job.id)
            byName.set(job.name, job);
    }
    return [...byName.values()].sort((a, b) => a.id - b.id);
}

;// CONCATENATED MODULE: ./src/core/follow/watchers/outputs-from.ts




/** The output that holds every output read from GitLab, as one JSON object. */
const GITLAB_OUTPUTS = 'gitlab_outputs';
/**
 * Outputs back from GitLab: once the pipeline has finished, reads each `JOB:PATH` dotenv
 * file from the artifacts of the job (the last run, looked for in the pipeline, then in its
 * downstream pipelines) and reports an `output` per key and one `gitlab_outputs` with them
 * all as JSON. A missing job or file, a malformed line or a key that clashes with the host's
 * own outputs is an error `problem` naming the job, file and line, and a `failure`: the step
 * must fail. What could be read is still reported.
 */
function outputsFrom(options) {
    return {
        name: 'outputs from GitLab',
        async end(end, ctx) {
            if (options.sources.length === 0 || ctx.stops.signal?.aborted)
                return;
            if (end.outcome !== 'passed' && end.outcome !== 'failed')
                return;
            const values = new Map();
            // Where each key was read, for the warning about names that differ only in case.
            const origins = new Map();
            const errors = [];
            const jobs = await findJobs(options, end.pipeline, ctx).catch((error) => {
                // The step must not pass without the outputs it was asked for: a failure, not a warning.
                if (error instanceof core_errors/* StoppedError */.Ko && error.reason === 'aborted')
                    throw error;
                const why = error instanceof Error ? error.message : String(error);
                errors.push(`${options.input}: the jobs of pipeline #${end.pipeline.id} could not be listed, so no output was read: ${why}`);
                return undefined;
            });
            for (const source of jobs ? options.sources : []) {
                const found = pick(jobs ?? [], source.job);
                const error = found
                    ? await readSource(options, source, found, { values, origins }, ctx)
                    : `${options.input} line ${source.line}: no job '${source.job}' in pipeline #${end.pipeline.id} or its downstream pipelines`;
                if (error)
                    errors.push(error);
            }
            for (const [name, value] of values)
                ctx.report({ kind: 'output', name, value });
            ctx.report({
                kind: 'output',
                name: GITLAB_OUTPUTS,
                aggregate: true,
                value: JSON.stringify(Object.fromEntries(values)),
            });
            for (const text of errors)
                ctx.report({ kind: 'problem', level: 'error', title: 'Output from GitLab not read', text });
            if (errors.length > 0)
                ctx.report(failure(errors));
        },
    };
}
/** The jobs the sources name: the pipeline's own, and its downstream pipelines' only when needed. */
async function findJobs(options, pipeline, ctx) {
    const own = await pipelineJobs(options.api, pipeline, { stops: ctx.stops, downstream: false });
    if (options.sources.every((s) => pick(own, s.job)))
        return own;
    return pipelineJobs(options.api, pipeline, { stops: ctx.stops });
}
/** The job of that name, or of that path (`child › job`); the pipeline's own first. */
function pick(jobs, name) {
    return (jobs.find((j) => j.job.name === name && j.path.length === 0) ??
        jobs.find((j) => j.name === name) ??
        jobs.find((j) => j.job.name === name));
}
/** Reads one dotenv file into `values`; what went wrong, if anything. */
async function readSource(options, source, found, { values, origins }, ctx) {
    const { job } = found;
    const where = `${options.input} line ${source.line}: job '${found.name}'`;
    let text;
    try {
        text = await options.api.artifactFile(found.projectId, job.id, source.path, {
            stops: ctx.stops,
            maxBytes: MAX_DOTENV_BYTES,
        });
    }
    catch (error) {
        if (error instanceof core_errors/* StoppedError */.Ko)
            throw error;
        if (error instanceof core_errors/* NetworkError */.Dr && error.code === 'TOO_LARGE')
            return `${where}, file '${source.path}' is larger than ${(0,artifact_globs/* formatSize */.Xq)(MAX_DOTENV_BYTES)}, more than a dotenv file of outputs may be (GitLab's own dotenv report takes 5 KB by default): not read. Keep only the outputs in it`;
        if (!(error instanceof core_errors/* GitLabError */.YZ || error instanceof core_errors/* NetworkError */.Dr))
            throw error;
        return `${where}, file '${source.path}' could not be read: ${error.message}`;
    }
    if (text === undefined)
        return `${where} (${job.status}) has no file '${source.path}' in its artifacts archive (a dotenv report is kept apart from it: list the file under artifacts:paths too): ${job.web_url}`;
    const parsed = parseDotenv(text);
    if (!parsed.ok)
        return `${where}, file '${source.path}', line ${parsed.line} ${parsed.problem}: ${JSON.stringify(ctx.redactor.redact(parsed.text.slice(0, 200)))}`;
    // GitHub reads step outputs without regard to case: STATUS would shadow status.
    const reserved = new Set([...options.reserved, GITLAB_OUTPUTS].map((n) => n.toLowerCase()));
    const clash = [...parsed.values.keys()].find((key) => reserved.has(key.toLowerCase()));
    if (clash)
        return `${where}, file '${source.path}': the key ${clash} ${clash.toLowerCase() === GITLAB_OUTPUTS ? 'is kept for every output as JSON' : "is the name of one of the action's own outputs"}; rename it in the file`;
    for (const [key, value] of parsed.values) {
        // GitHub reads outputs without regard to case: URL and url are one output, and the later
        // would silently replace the earlier. The first is kept, and both are named.
        const same = [...values.keys()].find((k) => k !== key && k.toLowerCase() === key.toLowerCase());
        if (same !== undefined) {
            ctx.report({
                kind: 'problem',
                level: 'warning',
                title: 'Output names differ only in case',
                text: `${where}, file '${source.path}': ${key} and ${same} (from ${origins.get(same)}) differ only in case, which GitHub's outputs do not tell apart; ${same} is kept and ${key} is left out. Rename one of them.`,
            });
            continue;
        }
        if (values.has(key) && values.get(key) !== value)
            ctx.logger.warning(`${where}, file '${source.path}': ${key} was already read from an earlier file; this value replaces it.`);
        values.set(key, value);
        origins.set(key, `job '${found.name}', file '${source.path}'`);
    }
    return undefined;
}
function failure(errors) {
    return {
        kind: 'failure',
        message: errors.length === 1
            ? (errors[0] ?? '')
            : `${errors.length} outputs from GitLab could not be read: ${errors.join('; ')}`,
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(3836);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/core/follow/watchers/artifacts-render.ts



/** What was written where, as a summary section; `text` has a line per job for a terminal. */
function downloadsSection(downloads) {
    const shown = (path) => (0,external_node_path_.relative)(process.cwd(), path) || '.';
    const lines = [
        `#### Artifacts and logs in ${(0,markdown/* cell */.Hn)(shown(downloads.root))}`,
        '',
        '| Job | Folder | Files | Size | Log | Refused |',
        '| --- | --- | --- | --- | --- | --- |',
    ];
    const text = [];
    for (const d of downloads.jobs) {
        const log = d.log ? `${(0,markdown/* cell */.Hn)(shown(d.log.path))} (${(0,artifact_globs/* formatSize */.Xq)(d.log.bytes)})` : '';
        const files = d.files ? `${d.files}` : 'none';
        lines.push(`| ${(0,markdown/* link */.nf)(d.name, d.job.web_url)} | ${(0,markdown/* cell */.Hn)(shown(d.folder))} | ${files} | ${d.files ? (0,artifact_globs/* formatSize */.Xq)(d.bytes) : ''} | ${log} | ${d.refusedCount || ''} |`);
        text.push(`Job '${d.name}': ${d.files ? `${d.files} files (${(0,artifact_globs/* formatSize */.Xq)(d.bytes)}) in ${shown(d.folder)}` : 'no artifacts'}${d.log ? `, log in ${shown(d.log.path)}` : ''}${d.refusedCount ? `, ${d.refusedCount} entries refused` : ''}`);
    }
    if (downloads.jobs.length === 0)
        lines.push('| _no job matched_ | | | | | |');
    return {
        kind: 'section',
        title: 'Artifacts and logs',
        markdown: `${lines.join('\n')}\n`,
        text: text.join('\n'),
    };
}

// EXTERNAL MODULE: ./src/core/confined-paths.ts
var confined_paths = __webpack_require__(6382);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
;// CONCATENATED MODULE: ./src/core/follow/watchers/safe-unzip.ts





/**
 * Unpacks a zip archive from disk into one folder with yauzl, never writing outside it:
 * entries whose names climb out (`..`), are absolute, carry a drive letter, or are symbolic
 * links or other special files are refused and named; the rest is unpacked. A ceiling on
 * the bytes written stops an archive that unpacks to more (a zip bomb, or one whose entries
 * lie about their size) where it passes it, and one on the entries stops an archive of a
 * million empty files, which a ceiling on bytes never would.
 */
/**
 * The most entries unpacked from one archive, the folders their names make counted too (one
 * name can make thousands); a job's artifacts hold far fewer.
 */
const MAX_ENTRIES = 100_000;
/** The refused entries named; past them, only counted. */
const MAX_REFUSED_NAMED = 100;
class CeilingReached extends Error {
}
const TYPE_MASK = 0o170000;
const REGULAR = 0o100000;
const DIRECTORY = 0o040000;
const SYMLINK = 0o120000;
async function unzipSafely(archive, 
/** The job's folder, made already (makeFolderInside): its real path. */
folder, maxBytes, maxEntries = MAX_ENTRIES) {
    // Loaded only when artifacts are asked for, so other runs do not pay for it at start-up.
    const yauzl = (await __webpack_require__.e(/* import() */ 663).then(__webpack_require__.t.bind(__webpack_require__, 663, 19))).default;
    const root = await (0,promises_.realpath)(folder);
    const zip = await openZip(yauzl, archive);
    const refused = [];
    let refusedCount = 0;
    let files = 0;
    let bytes = 0;
    let entries = 0;
    // Shared by every entry: a folder is walked and checked once, and each one made is counted.
    const folders = { checked: new Map(), made: { count: 0 } };
    let name = '';
    const outcome = (end = {}) => ({
        files,
        bytes,
        refused,
        refusedCount,
        ...end,
    });
    const refuse = (why) => {
        // The reason may quote the name too, in a path from the file system's message.
        if (refusedCount++ < MAX_REFUSED_NAMED)
            refused.push({ name: printable(name), why: printable(why, 400) });
    };
    try {
        for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
            // The name the checks use, decoded as the archive says (UTF-8 flag or CP437), is the one shown.
            name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileName, entry.extraFields, false);
            if (++entries + folders.made.count > maxEntries)
                return outcome({ stoppedAt: printable(name), stoppedBy: 'entries' });
            const why = refusal(name, entry, root);
            if (why) {
                refuse(why);
                continue;
            }
            const target = (0,external_node_path_.resolve)(root, name);
            if (name.endsWith('/')) {
                await (0,confined_paths/* makeFolderInside */.Vh)(root, target, folders).catch((error) => refuse(unpackProblem(error)));
                continue;
            }
            if (bytes + entry.uncompressedSize > maxBytes)
                return outcome({ stoppedAt: printable(name), stoppedBy: 'bytes' });
            try {
                bytes += await writeEntry(zip, entry, target, { root, folders }, maxBytes - bytes);
                files++;
            }
            catch (error) {
                if (error instanceof CeilingReached)
                    return outcome({ stoppedAt: printable(name), stoppedBy: 'bytes' });
                // A file system's refusal (a clash, a link on the way) is this entry's; anything else
                // is the archive's own data failing its checks (a size or checksum that lies).
                if (!(error instanceof confined_paths/* OutsideRoot */.Cy || error.syscall))
                    throw error;
                refuse(unpackProblem(error));
            }
        }
    }
    catch (error) {
        // The archive itself broke (a bad size field, a cut central directory): what came before
        // stays on disk and is counted.
        return outcome({ damaged: error.message, stoppedAt: printable(name) });
    }
    finally {
        zip.close();
    }
    return outcome();
}
/** The archive, read one entry at a time, its names left as bytes (decoded as the checks read them). */
function openZip(yauzl, archive) {
    return new Promise((ok, fail) => yauzl.open(archive, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false }, (error, file) => (error || !file ? fail(error ?? new Error('no archive')) : ok(file))));
}
/** Why an entry could not be written, in words: a link on the way, a file where a folder is… */
function unpackProblem(error) {
    if (error instanceof confined_paths/* OutsideRoot */.Cy)
        return `could not be unpacked: ${error.message}`;
    const code = error.code;
    if (code === 'EISDIR')
        return 'could not be unpacked: a folder of that name is already there';
    if (code === 'ENOTDIR' || code === 'EEXIST')
        return 'could not be unpacked: a file of that name is already there';
    return `could not be unpacked: ${error.message}`;
}
/** Why an entry may not be unpacked into `root`; undefined when it may. */
function refusal(name, entry, root) {
    if (name === '' || name.includes('\0'))
        return 'has no usable name';
    if (name.startsWith('/'))
        return 'is an absolute path';
    if (/^[A-Za-z]:/.test(name))
        return 'names a drive';
    if (name.split('/').includes('..'))
        return 'climbs out of its folder with ..';
    // A .git folder in the workspace is a repository git works in: its config runs commands.
    const git = (0,confined_paths/* gitSegment */.m4)(name);
    if (git !== undefined)
        return `is in a folder named ${git}, which git reads as a repository's own`;
    const madeByUnix = entry.versionMadeBy >> 8 === 3;
    const mode = (entry.externalFileAttributes >>> 16) & TYPE_MASK;
    if (madeByUnix && mode === SYMLINK)
        return 'is a symbolic link';
    if (madeByUnix && mode !== 0 && mode !== REGULAR && mode !== DIRECTORY)
        return 'is a special file';
    if (!(0,confined_paths/* isInside */.FK)(root, (0,external_node_path_.resolve)(root, name)))
        return 'lands outside its folder';
    return undefined;
}
/**
 * A name from an archive as it may be shown in a log or an annotation: control and
 * bidirectional characters escaped (a NUL, a newline or U+202E would otherwise act on the page),
 * and at most `max` characters.
 */
function printable(name, max = 200) {
    const escaped = name.replace(
    // eslint-disable-next-line no-control-regex
    /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}
function nextEntry(zip) {
    return new Promise((ok, fail) => {
        const onEntry = (entry) => done(() => ok(entry));
        const onEnd = () => done(() => ok(undefined));
        const onError = (error) => done(() => fail(error));
        const done = (settle) => {
            zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
            settle();
        };
        zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
        zip.readEntry();
    });
}
/** Streams one entry to its file, at most `left` bytes; the bytes written. */
async function writeEntry(zip, entry, target, { root, folders }, left) {
    // Every folder on the way is checked before it is made, and a link where the file goes is
    // not followed (confined-paths.ts).
    const file = await (0,confined_paths/* openFileInside */.Dq)(root, target, folders);
    // The entry's stream is piped at once: yauzl inflates and checks the size as soon as it is
    // opened, and an entry that lies about its size errors before anyone reads it. The no-op
    // listener takes an error that comes after the pipeline let go of the stream.
    let written = 0;
    try {
        const source = await new Promise((ok, fail) => zip.openReadStream(entry, (error, stream) => error || !stream ? fail(error ?? new Error('unreadable')) : ok(stream)));
        source.on('error', () => undefined);
        const counter = new external_node_stream_.Transform({
            transform(chunk, _encoding, next) {
                written += chunk.length;
                next(written > left ? new CeilingReached() : null, chunk);
            },
        });
        await (0,external_node_stream_promises_.pipeline)(source, counter, file.createWriteStream());
        return written;
    }
    catch (error) {
        // Only the file this entry opened is removed: never a folder or a file it did not make.
        await file.close().catch(() => undefined);
        await (0,promises_.rm)(target, { force: true }).catch(() => undefined);
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/core/follow/watchers/artifacts.ts










/** Statuses of jobs that never ran, so have neither log nor archive. */
const NEVER_RAN = new Set(['created', 'pending', 'manual', 'skipped', 'scheduled']);
/**
 * Artifacts and logs: once the pipeline has finished, streams each matching job's archive
 * to disk and unpacks it into a folder of its own (entries that would land outside it
 * refused and named), and streams each job's whole log beside it. Reports a `downloads`
 * finding, a `section` for the summary, and `problem`s for what was refused or stopped.
 */
function downloadArtifacts(options) {
    return {
        name: 'artifacts download',
        async end(end, ctx) {
            if (options.globs.length === 0 && !options.logs)
                return;
            if (ctx.stops.signal?.aborted || (end.outcome !== 'passed' && end.outcome !== 'failed'))
                return;
            const root = (0,external_node_path_.resolve)(options.artifactsPath);
            const problems = [];
            const jobs = await pipelineJobs(options.api, end.pipeline, {
                stops: ctx.stops,
                downstream: options.downstream,
            }).catch((error) => {
                // Nothing asked for can be fetched without the jobs: the step must not pass.
                if (error instanceof core_errors/* StoppedError */.Ko && error.reason === 'aborted')
                    throw error;
                const text = `The jobs of pipeline #${end.pipeline.id} could not be listed, so no artifacts or logs were downloaded: ${error.message}`;
                problems.push({ kind: 'problem', level: 'error', title: 'Artifacts not downloaded', text });
                problems.push({ kind: 'failure', message: text });
                return [];
            });
            const chosen = choose(jobs, options, problems);
            const real = await makeRoot(root).catch((error) => {
                if (!(error instanceof confined_paths/* OutsideRoot */.Cy))
                    throw error;
                const text = `${options.names.path} was not written to: ${error.message}. Remove the link, or choose another ${options.names.path}.`;
                problems.push({ kind: 'problem', level: 'error', title: 'Artifacts not downloaded', text });
                problems.push({ kind: 'failure', message: text });
                return undefined;
            });
            if (real === undefined) {
                for (const problem of problems)
                    ctx.report(problem);
                return;
            }
            const folders = new Set();
            const downloads = [];
            for (const found of chosen) {
                const folder = folderOf(root, found, folders);
                downloads.push(await download(found, { root, real, folder }, options, ctx, problems));
            }
            const complete = !problems.some((p) => p.kind === 'failure');
            ctx.report({ kind: 'downloads', downloads: { root, jobs: downloads, complete } });
            ctx.report(downloadsSection({ root, jobs: downloads, complete }));
            for (const problem of problems)
                ctx.report(problem);
        },
    };
}
/**
 * `artifacts_path`, made; its real path. Inside the working directory (the checkout, which a
 * pull request fills) every folder on the way is checked as those below it are: a
 * `gitlab-artifacts` committed as a link to elsewhere is not written through. A folder outside
 * it was chosen as such by the user, and is made as given.
 */
async function makeRoot(root) {
    const cwd = process.cwd();
    if (!(0,confined_paths/* isInside */.FK)(cwd, root)) {
        await (0,promises_.mkdir)(root, { recursive: true });
        return (0,promises_.realpath)(root);
    }
    const real = await (0,promises_.realpath)(cwd);
    // A link to the checkout's own .git (also inside it) would let archives rewrite its refs.
    return (0,confined_paths/* makeFolderInside */.Vh)(real, (0,external_node_path_.join)(real, (0,external_node_path_.relative)(cwd, root)), { noGit: true });
}
/** The jobs to take, and a warning for each glob that matched none. */
function choose(jobs, options, problems) {
    const ran = jobs.filter((j) => !NEVER_RAN.has(j.job.status));
    if (options.globs.length === 0)
        return ran;
    const matches = (glob, j) => (0,artifact_globs/* matchesAny */._I)([glob], j.job.name) || (0,artifact_globs/* matchesAny */._I)([glob], [...j.path, j.job.name].join('/'));
    for (const glob of options.globs.filter((g) => !jobs.some((j) => matches(g, j)))) {
        problems.push({
            kind: 'problem',
            level: 'warning',
            title: 'No job to download artifacts from',
            text: `${options.names.artifacts}: '${glob}' matches no job of the pipeline or its downstream pipelines.`,
        });
    }
    return ran.filter((j) => options.globs.some((g) => matches(g, j)));
}
/**
 * A folder per job, named after it (its downstream path as parent folders), never shared: not
 * with another job's folder nor with its log beside it (a job named `build.log`), also where
 * names differ only in case or Unicode form, which macOS and Windows take as one name.
 */
function folderOf(root, found, taken) {
    const segments = [...found.path, found.job.name].map(safeSegment);
    const named = (0,external_node_path_.join)(root, ...segments);
    const key = (path) => path.normalize('NFC').toLowerCase();
    const free = (path) => !taken.has(key(path)) && !taken.has(key(`${path}.log`));
    let folder = named;
    for (let n = 1; !free(folder); n++)
        folder = `${named}-${found.job.id}${n > 1 ? `-${n}` : ''}`;
    taken.add(key(folder));
    taken.add(key(`${folder}.log`));
    return folder;
}
/**
 * The bytes a folder name keeps of a job's name: a file name holds 255 bytes on the usual
 * systems, and GitLab's 255 characters may take four times that; `-<id>.log` is added to it.
 */
const MAX_SEGMENT_BYTES = 200;
/** A job's name as one folder name on any system. */
function safeSegment(name) {
    // eslint-disable-next-line no-control-regex
    const replaced = name.replace(/[\\/:*?"<>|\x00-\x1f]/g, '_');
    let kept = '';
    for (const char of replaced) {
        if (Buffer.byteLength(kept + char) > MAX_SEGMENT_BYTES)
            break;
        kept += char;
    }
    const safe = kept.replace(/[. ]+$/, '');
    return safe === '' || safe === '.' || safe === '..' ? '_' : safe;
}
async function download(found, place, options, ctx, problems) {
    const { job } = found;
    const { folder } = place;
    const result = {
        job: { id: job.id, name: job.name, web_url: job.web_url },
        name: found.name,
        folder,
        files: 0,
        bytes: 0,
        refused: [],
        refusedCount: 0,
        problems: [],
    };
    // What was asked for and could not be fetched fails the step, as a missing output does:
    // a later step would otherwise upload or deploy an incomplete folder.
    const problem = (level, title, text) => {
        result.problems.push(text);
        problems.push({ kind: 'problem', level, title: `${title}: ${found.name}`, text });
        if (level === 'error')
            problems.push({ kind: 'failure', message: text });
    };
    const gitFolder = (0,confined_paths/* gitSegment */.m4)((0,external_node_path_.relative)(place.root, folder));
    if (gitFolder !== undefined) {
        problem('error', 'Artifacts not downloaded', `Job '${found.name}' would be written to ${folder}, a folder named ${gitFolder}, which git reads as a repository's own: nothing of it was written. Rename the job, or leave it out of ${options.names.artifacts}.`);
        return result;
    }
    if (options.globs.length > 0)
        await unpack(found, place, options, ctx, result, problem);
    if (!options.logs)
        return result;
    const log = await saveLog(found, place, options, ctx, problem);
    return log ? { ...result, log } : result;
}
async function unpack(found, place, options, ctx, result, problem) {
    const { job } = found;
    const { folder } = place;
    const max = `${(0,artifact_globs/* formatSize */.Xq)(options.maxBytes)} (${options.names.maxBytes})`;
    const archive = (0,external_node_path_.join)(options.tempDir ?? (0,external_node_os_.tmpdir)(), `gitlab-artifacts-${job.id}-${(0,external_node_crypto_.randomUUID)()}.zip`);
    try {
        const saved = await options.api.saveArchive(found.projectId, job.id, archive, {
            maxBytes: options.maxBytes,
            stops: ctx.stops,
        });
        if (saved === undefined)
            return;
        const inside = await (0,confined_paths/* makeFolderInside */.Vh)(place.real, (0,external_node_path_.join)(place.real, (0,external_node_path_.relative)(place.root, folder)));
        const outcome = await unzipSafely(archive, inside, options.maxBytes);
        result.files = outcome.files;
        result.bytes = outcome.bytes;
        result.refused = outcome.refused.map((r) => r.name);
        result.refusedCount = outcome.refusedCount;
        reportOutcome(found, folder, outcome, options, problem);
    }
    catch (error) {
        if (error instanceof core_errors/* StoppedError */.Ko)
            throw error;
        if (error instanceof core_errors/* NetworkError */.Dr && error.code === 'TOO_LARGE') {
            problem('error', 'Artifacts too large', `The artifacts archive of job '${found.name}' is larger than ${max}; it was not unpacked. Raise ${options.names.maxBytes} to take it.`);
        }
        else if (error instanceof confined_paths/* OutsideRoot */.Cy) {
            problem('error', 'Artifacts not unpacked', `The artifacts of job '${found.name}' were not unpacked: ${error.message}. Remove what is in the way, or choose another ${options.names.path}.`);
        }
        else {
            problem('error', 'Artifacts not downloaded', `The artifacts of job '${found.name}' could not be downloaded: ${error.message}`);
        }
    }
    finally {
        await (0,promises_.rm)(archive, { force: true });
    }
}
/** What an unpacking left undone, as problems: refused entries warn; a stop fails the step. */
function reportOutcome(found, folder, outcome, options, problem) {
    const max = `${(0,artifact_globs/* formatSize */.Xq)(options.maxBytes)} (${options.names.maxBytes})`;
    const onDisk = `${outcome.files} file${outcome.files === 1 ? '' : 's'} before it ${outcome.files === 1 ? 'is' : 'are'} in ${folder}`;
    if (outcome.refusedCount > 0) {
        const more = outcome.refusedCount - outcome.refused.length;
        const named = `${outcome.refused.map((r) => `'${r.name}' (${r.why})`).join(', ')}${more > 0 ? `, and ${more} more` : ''}`;
        problem('warning', 'Artifact entries refused', `The artifacts of job '${found.name}' held ${outcome.refusedCount} ${outcome.refusedCount === 1 ? 'entry' : 'entries'} not unpacked into ${folder}: ${named}.`);
    }
    if (outcome.damaged !== undefined) {
        problem('error', 'Artifacts damaged', `The artifacts archive of job '${found.name}' is damaged (${outcome.damaged}): unpacking stopped at '${outcome.stoppedAt}', and ${onDisk}. Run the job again, or leave it out of ${options.names.artifacts}.`);
    }
    else if (outcome.stoppedBy === 'entries') {
        problem('error', 'Artifacts too many', `The artifacts of job '${found.name}' hold more than ${MAX_ENTRIES.toLocaleString('en')} entries and folders: unpacking stopped at '${outcome.stoppedAt}', and ${onDisk}. Keep fewer files in the job's artifacts:paths.`);
    }
    else if (outcome.stoppedBy === 'bytes') {
        problem('error', 'Artifacts too large', `The artifacts of job '${found.name}' unpack to more than ${max}: unpacking stopped at '${outcome.stoppedAt}', and ${onDisk}. Raise ${options.names.maxBytes} to take them whole.`);
    }
}
async function saveLog(found, place, options, ctx, problem) {
    const path = `${place.folder}.log`;
    try {
        // The log's folder is made inside the root, and a link planted where the log goes is
        // refused here and never followed when the file is opened (O_NOFOLLOW in the transport).
        await (0,confined_paths/* makeFolderInside */.Vh)(place.real, (0,external_node_path_.join)(place.real, (0,external_node_path_.relative)(place.root, (0,external_node_path_.dirname)(path))));
        await (0,confined_paths/* refuseLink */.VQ)(path);
        const bytes = await options.api.saveLog(found.projectId, found.job.id, path, {
            maxBytes: options.maxBytes,
            stops: ctx.stops,
            redactor: ctx.redactor,
        });
        return { path, bytes };
    }
    catch (error) {
        if (error instanceof core_errors/* StoppedError */.Ko)
            throw error;
        if (error instanceof core_errors/* NetworkError */.Dr && error.code === 'TOO_LARGE') {
            problem('error', 'Log cut', `The log of job '${found.name}' is longer than ${(0,artifact_globs/* formatSize */.Xq)(options.maxBytes)} (${options.names.maxBytes}): ${path} holds its beginning only. Raise ${options.names.maxBytes} to take it whole.`);
            return { path, bytes: options.maxBytes };
        }
        problem('error', 'Log not saved', `The log of job '${found.name}' could not be saved: ${error.message}`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/core/control-text.ts
/**
 * Control sequences and characters, as a job's log may carry them: a live log keeps only the
 * colours. The sequences are those the command line strips from all of GitLab's text
 * (src/cli/terminal-text.ts), written again here: the command line's chunk and the results'
 * chunk of dist/ may not share a module, and __tests__/live-logs/live-log-text.test.ts checks
 * that both strip the same.
 */
/* eslint-disable no-control-regex */
/** Every control sequence: CSI, OSC/DCS/SOS/PM/APC up to their end, any other escape. */
const SEQUENCES = new RegExp([
    // CSI: ESC [ (or the 8-bit CSI), parameters, intermediates, a final byte.
    '(?:\\u001b\\[|\\u009b)[\\u0030-\\u003f]*[\\u0020-\\u002f]*[\\u0040-\\u007e]?',
    // OSC, DCS, SOS, PM, APC: up to BEL or ST (ESC \\ or the 8-bit ST), or the end of the text.
    '(?:\\u001b[\\]PX^_]|[\\u0090\\u0098\\u009d\\u009e\\u009f])[^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u001b\\\\|\\u009c)?',
    // Any other escape: ESC, intermediates, a final byte.
    '\\u001b[\\u0020-\\u002f]*[\\u0030-\\u007e]?',
].join('|'), 'g');
/**
 * C0 and C1 controls but tab and line feed, and DEL; and Unicode's bidirectional controls,
 * which could show a job named `build\u202eliaf` as `buildfail` read backwards.
 */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** A colour or text style (SGR): the one sequence a log reader's screen may keep. */
const COLOUR = /\u001b\[[0-9;:]{0,32}m/g;
/* eslint-enable no-control-regex */
/** The text without any control sequence or character but tab and line feed. */
function withoutControls(text) {
    return text.replace(SEQUENCES, '').replace(CONTROLS, '');
}
/** The text with its colours (SGR sequences) kept and every other control removed. */
function colourOnly(text) {
    let out = '';
    let from = 0;
    for (const match of text.matchAll(COLOUR)) {
        out += withoutControls(text.slice(from, match.index)) + match[0];
        from = match.index + match[0].length;
    }
    return out + withoutControls(text.slice(from));
}
/** The text without its colours. */
function withoutColours(text) {
    return text.replace(COLOUR, '');
}

// EXTERNAL MODULE: ./src/core/parse/stream-logs.ts
var stream_logs = __webpack_require__(5767);
;// CONCATENATED MODULE: ./src/core/follow/watchers/live-log-budget.ts
/**
 * What following a job's log may cost. GitLab answers `GET /jobs/:id/trace` with the whole log
 * so far (no Range), so each read costs the log's size: the reads slow down as the log grows
 * so that one job's reads stay within LOG_BUDGET_BYTES_PER_MINUTE, and past
 * MAX_FOLLOWED_LOG_BYTES the log is no longer followed.
 */
/** The bytes read a minute for one followed job, at most. */
const LOG_BUDGET_BYTES_PER_MINUTE = 10 * 1024 * 1024;
/** The quickest reads: a log of up to ~340 KiB is read every 2 s. */
const QUICKEST_LOG_READ_MS = 2_000;
/** A log that has not grown is read less often, down to this pace (its job may sleep). */
const SLOWEST_QUIET_READ_MS = 30_000;
/** Past this size a log is no longer followed: each read would take more than 1.5 min of budget. */
const MAX_FOLLOWED_LOG_BYTES = 16 * 1024 * 1024;
/** The new part of a log one read keeps (and hands on) at most; the rest waits for the next. */
const LOG_WINDOW_BYTES = 1024 * 1024;
/** The most logs followed at once: the budget is per job, so this bounds the whole. */
const MAX_FOLLOWED_LOGS = 5;
/**
 * The pause before the next read of a log of `size` bytes that grows by `growthPerMs` and has
 * been quiet for `quiet` reads in a row: what keeps the reads within the budget (the next read
 * costs the size the log will have by then), and longer while nothing comes. A log that grows
 * by more than half the budget a minute is read at half the budget's pace, and soon reaches
 * MAX_FOLLOWED_LOG_BYTES.
 */
function logReadDelay(size, quiet = 0, growthPerMs = 0) {
    // Planned at 90 % of the budget: the read at the job's end comes on top.
    const rate = (0.9 * LOG_BUDGET_BYTES_PER_MINUTE) / 60_000;
    const room = Math.max(rate - growthPerMs, rate / 2);
    const budget = Math.ceil(size / room);
    const calm = Math.min(QUICKEST_LOG_READ_MS * 2 ** Math.min(quiet, 8), SLOWEST_QUIET_READ_MS);
    return Math.max(QUICKEST_LOG_READ_MS, budget, quiet > 0 ? calm : 0);
}

;// CONCATENATED MODULE: ./src/core/follow/watchers/live-log-text.ts

/**
 * The longest partial line kept waiting for its end: a log that writes no line feed is
 * still shown, this many characters at a time.
 */
const MAX_LINE_CHARS = 16 * 1024;
/**
 * gitlab-runner's section markers: `section_start:<epoch>:<name>[options]` and
 * `section_end:<epoch>:<name>`, each ended by a carriage return and an erase of the line
 * (gitlab-runner helpers/build_section.go: `"section_start:%v:%s\r" + ANSI_CLEAR`; older
 * runners put a `\r` before it; doc/ci/jobs/job_logs.md, "Custom collapsible sections").
 */
/* eslint-disable no-control-regex */
const MARKER = /(?:\u001b\[0K)?section_(start|end):\d{1,20}:([^\r\n[\]]{0,256})(?:\[[^\r\n\]]{0,256}\])?\r(?:\u001b\[0K)?/g;
/* eslint-enable no-control-regex */
/**
 * Turns a job's log, as it arrives in parts, into pieces to write: whole lines only (a
 * partial line waits for its end, up to MAX_LINE_CHARS), sections as groups when `groups`,
 * each line after `prefix`, every secret the redactor knows masked — one cut by the end of
 * a read included, since its line waits for the rest.
 */
class LogLines {
    redactor;
    options;
    carry = '';
    depth = 0;
    constructor(redactor, options) {
        this.redactor = redactor;
        this.options = options;
    }
    /** The pieces for a new part of the log. */
    push(text) {
        let all = this.carry + text;
        const end = all.lastIndexOf('\n');
        let ready = end >= 0 ? all.slice(0, end) : undefined;
        all = end >= 0 ? all.slice(end + 1) : all;
        if (all.length > MAX_LINE_CHARS) {
            // A line without end: show what came, keeping back a secret's length that could be
            // the start of one cut by this read.
            let cut = all.length - Math.min(this.redactor.longest, all.length);
            // Where it can, at a space: tokens hold none, so none is cut in two there.
            const space = all.lastIndexOf(' ', cut);
            if (space > cut - 256 && space > 0)
                cut = space + 1;
            const shown = bounded(all.slice(0, cut));
            ready = ready === undefined ? shown : `${ready}\n${shown}`;
            all = all.slice(cut);
        }
        this.carry = all;
        return ready === undefined ? [] : this.pieces(ready);
    }
    /** What is left once the log has ended: its last line without a line feed, closed groups. */
    flush() {
        const rest = this.carry;
        this.carry = '';
        const pieces = rest ? this.pieces(rest) : [];
        if (this.options.groups && this.depth > 0)
            pieces.push({ kind: 'endgroup' });
        this.depth = 0;
        return pieces;
    }
    /** Bytes held waiting for a line's end. */
    get held() {
        return this.carry.length;
    }
    pieces(text) {
        const out = [];
        let lines = [];
        const flushLines = () => {
            if (lines.length)
                out.push({ kind: 'lines', text: this.masked(lines) });
            lines = [];
        };
        for (const raw of text.split('\n')) {
            let from = 0;
            for (const marker of raw.matchAll(MARKER)) {
                const before = raw.slice(from, marker.index);
                from = marker.index + marker[0].length;
                if (withoutColours(before).trim())
                    lines.push(before);
                const next = raw.slice(from).search(MARKER);
                const header = next < 0 ? raw.slice(from) : raw.slice(from, from + next);
                if (marker[1] === 'start') {
                    if (this.options.groups && this.depth === 0) {
                        flushLines();
                        out.push({ kind: 'group', title: this.title(header) });
                        from += header.length;
                    }
                    this.depth++;
                }
                else if (this.depth > 0) {
                    this.depth--;
                    if (this.options.groups && this.depth === 0) {
                        flushLines();
                        out.push({ kind: 'endgroup' });
                    }
                }
            }
            const rest = raw.slice(from);
            if (from === 0 || withoutColours(rest).trim())
                lines.push(rest);
        }
        flushLines();
        return out;
    }
    /** The lines as the screen shows them: the last overwrite of each, colours only, masked, prefixed. */
    masked(lines) {
        const shown = lines.map((l) => `${this.options.prefix}${colourOnly(overwritten(l))}`);
        const text = shown.join('\n');
        const plain = withoutColours(text);
        // A secret is looked for in the text as read, colours removed: a colour between two of its
        // characters must not hide it. A line that holds one loses its colours with it.
        if (this.redactor.redact(plain) === plain)
            return `${text}\n`;
        return `${shown.map((l) => (this.redactor.redact(withoutColours(l)) === withoutColours(l) ? l : this.redactor.redact(withoutColours(l)))).join('\n')}\n`;
    }
    title(header) {
        const title = withoutColours(colourOnly(overwritten(header))).trim();
        return this.redactor.redact(`${this.options.prefix}${title || 'section'}`);
    }
}
/** A line without end, as lines of at most MAX_LINE_CHARS. */
function bounded(text) {
    const lines = [];
    for (let at = 0; at < text.length; at += MAX_LINE_CHARS)
        lines.push(text.slice(at, at + MAX_LINE_CHARS));
    return lines.join('\n');
}
/** What a terminal shows of a line rewritten with carriage returns: its last version. */
function overwritten(line) {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    const at = text.lastIndexOf('\r');
    return at < 0 ? text : text.slice(at + 1);
}

;// CONCATENATED MODULE: ./src/core/follow/watchers/live-logs.ts









/** Downstream pipelines are walked for their jobs at most this often. */
const DOWNSTREAM_WALK_MS = 15_000;
/** The most downstream pipelines a walk reads. */
const MAX_WALKED_PIPELINES = 20;
/** Reads at a job's end, to bring its last lines: the log should be all but read already. */
const FINAL_READS = 3;
/** Lines saying a job is left out or did not run, before one last line for the rest. */
const LEFT_OUT_LINES = 10;
/** Statuses of a job that has not started and may yet. */
const WAITING = ['created', 'waiting_for_resource', 'preparing', 'pending', 'scheduled'];
/**
 * Follows the logs of the jobs `stream_logs` names while they run: their new lines go to the
 * sink a few seconds after GitLab has them, at a cadence of the watcher's own (wakeAt) that
 * slows as a log grows (live-log-budget.ts). A job retried is followed in its new run; a job
 * named that never ran is said once at the end; a cancelled run reads nothing more.
 */
function liveLogs(options) {
    return new LiveLogWatcher(options);
}
class LiveLogWatcher {
    options;
    name = 'live logs';
    several;
    tree;
    followed = new Map();
    /** Job ids whose log was shown to its end (or given up on): never followed again. */
    done = new Set();
    announced = new Set();
    /** The run of each name followed last, to tell a retry from a first run. */
    runs = new Map();
    /** The last status of every named job seen, by name, for the line at the end. */
    seen = new Map();
    leftOut = 0;
    /** Whether any read of the jobs succeeded: without one, no name can be found. */
    jobsRead = false;
    walkedAt = -Infinity;
    below = [];
    constructor(options) {
        this.options = options;
        const patterns = options.patterns;
        this.several = patterns.length > 1 || patterns.some((p) => p.includes('*'));
        const downstream = patterns.some((p) => p.length > 1);
        this.tree = downstream && options.tree ? new DownstreamTree(options.tree) : undefined;
    }
    once(key, say) {
        if (this.announced.has(key))
            return;
        this.announced.add(key);
        say();
    }
    named(path) {
        return this.options.patterns.some((p) => (0,stream_logs/* matchesPattern */.MT)(p, path));
    }
    async candidates(snapshot, ctx) {
        const tally = await snapshot.jobs();
        if (tally)
            this.jobsRead = true;
        const own = (tally?.jobs ?? [])
            .filter((job) => this.named([job.name]))
            .map((job) => ({ job, projectId: snapshot.pipeline.project_id, name: job.name }));
        const now = ctx.clock.now();
        if (this.tree &&
            (now - this.walkedAt >= DOWNSTREAM_WALK_MS || (0,pipeline_statuses/* isFinished */.$g)(snapshot.pipeline.status))) {
            this.walkedAt = now;
            const walk = await this.tree
                .walk(snapshot.pipeline, {
                maxPipelines: MAX_WALKED_PIPELINES,
                stops: ctx.stops,
                once: true,
            })
                .catch((error) => {
                // The next walk may do better; what was found before still counts.
                if (!(error instanceof core_errors/* GitLabError */.YZ) && !(error instanceof core_errors/* NetworkError */.Dr))
                    throw error;
                ctx.logger.debug(`The downstream pipelines could not be read this time: ${error.message}`);
                return undefined;
            });
            if (walk)
                this.below = walk.pipelines.flatMap((down) => down.pipeline && down.jobs
                    ? down.jobs
                        .filter((job) => this.named([...down.path, job.name]))
                        .map((job) => ({
                        job,
                        projectId: down.pipeline?.project_id ?? snapshot.pipeline.project_id,
                        name: [...down.path, job.name].join(PATH_JOINT),
                    }))
                    : []);
        }
        return [...own, ...this.below];
    }
    start(found, ctx) {
        const previous = this.followed.get(found.name);
        if (previous && previous.job.id >= found.job.id)
            return;
        // An older run still followed (its end could not be read) is left where it was.
        if (previous)
            this.followed.delete(found.name);
        if ((this.runs.get(found.name) ?? found.job.id) < found.job.id) {
            ctx.logger.info(`Job '${found.name}' was retried: following its new run (#${found.job.id}), ${found.job.web_url}`);
        }
        else if (this.followed.size >= MAX_FOLLOWED_LOGS) {
            if (this.leftOut++ < LEFT_OUT_LINES)
                this.once(`left:${found.job.id}`, () => ctx.logger.info(`Not following the log of job '${found.name}': ${MAX_FOLLOWED_LOGS} logs are followed already, the most at once. ${found.job.web_url}`));
            else
                this.once('left:more', () => ctx.logger.info('More jobs are left out likewise.'));
            this.done.add(found.job.id);
            return;
        }
        else {
            ctx.logger.info(`Following the log of job '${found.name}': ${found.job.web_url}`);
        }
        this.runs.set(found.name, found.job.id);
        this.followed.set(found.name, {
            ...found,
            offset: 0,
            nextAt: ctx.clock.now(),
            quiet: 0,
            size: 0,
            lines: new LogLines(ctx.redactor, {
                groups: !this.several,
                // The name is GitLab's text too: no control in it reaches a line.
                prefix: this.several ? `[${withoutControls(found.name)}] ` : '',
            }),
        });
    }
    /** One read of the log; false once the job is no longer this.followed. */
    async read(f, ctx) {
        if (ctx.stops.signal?.aborted)
            return false;
        let part;
        const from = f.offset;
        try {
            const window = {
                from,
                maxBytes: LOG_WINDOW_BYTES,
                maxSize: MAX_FOLLOWED_LOG_BYTES,
                // Shown as it arrives, and counted then: a read cut short later shows nothing twice.
                onText: (text, bytes) => {
                    f.offset += bytes;
                    this.options.sink.write(f.lines.push(text));
                },
            };
            part = await this.options.api.logFrom(f.projectId, f.job.id, window, {
                stops: ctx.stops,
                once: true,
            });
        }
        catch (error) {
            if ((0,core_errors/* isDenied */.GZ)(error) || (error instanceof core_errors/* GitLabError */.YZ && error.status === 404)) {
                this.stop(f, ctx, `GitLab refused to read it (${error.status})`);
                return false;
            }
            if (!(error instanceof core_errors/* GitLabError */.YZ) && !(error instanceof core_errors/* NetworkError */.Dr))
                throw error;
            ctx.logger.debug(`The log of job '${f.name}' could not be read this time: ${error.message}`);
            f.nextAt = ctx.clock.now() + logReadDelay(f.offset, ++f.quiet);
            return true;
        }
        if (part.size < from) {
            // Erased or rewritten: what is there now is read from its start.
            ctx.logger.info(`The log of job '${f.name}' got shorter: reading it again from its start.`);
            f.offset = 0;
            return true;
        }
        f.quiet = part.bytes > 0 ? 0 : f.quiet + 1;
        if (part.size > MAX_FOLLOWED_LOG_BYTES) {
            this.stop(f, ctx, `it is past ${(0,artifact_globs/* formatSize */.Xq)(MAX_FOLLOWED_LOG_BYTES)}, and each read costs its whole size`);
            return false;
        }
        const now = ctx.clock.now();
        const growth = f.readAt === undefined ? 0 : (part.size - f.size) / Math.max(now - f.readAt, 1);
        f.size = part.size;
        f.readAt = now;
        f.nextAt = now + logReadDelay(part.size, f.quiet, Math.max(growth, 0));
        return true;
    }
    stop(f, ctx, why) {
        this.options.sink.write(f.lines.flush());
        this.followed.delete(f.name);
        this.done.add(f.job.id);
        ctx.logger.info(`Stopped following the log of job '${f.name}': ${why}. Its end is in the job's log at ${f.job.web_url}`);
    }
    /** The rest of a finished job's log, and one line with how it ended. */
    async finish(f, status, ctx) {
        for (let i = 0; i < FINAL_READS; i++) {
            const before = f.offset;
            if (!(await this.read(f, ctx)))
                return;
            // Read to its end, unless the window's bound cut the read short.
            if (f.offset === before || f.offset >= f.size)
                break;
        }
        if (ctx.stops.signal?.aborted)
            return;
        this.options.sink.write(f.lines.flush());
        this.followed.delete(f.name);
        this.done.add(f.job.id);
        ctx.logger.info(`Job '${f.name}' ${status}: ${f.job.web_url}`);
    }
    /** The job as GitLab reports it now; undefined when it cannot be read this time. */
    async jobNow(f, ctx) {
        try {
            return await this.options.api.job(f.projectId, f.job.id, { stops: ctx.stops, once: true });
        }
        catch (error) {
            if (!(error instanceof core_errors/* GitLabError */.YZ) && !(error instanceof core_errors/* NetworkError */.Dr))
                throw error;
            ctx.logger.debug(`Job '${f.name}' could not be read this time: ${error.message}`);
            return undefined;
        }
    }
    /** Starts following named jobs that run, and ends those that finished. */
    async follow(found, ctx) {
        for (const one of found) {
            this.seen.set(one.name, one);
            if (this.done.has(one.job.id))
                continue;
            const current = this.followed.get(one.name);
            if (current && current.job.id < one.job.id) {
                // Retried: the old run's last lines and how it ended, before the new run's.
                const old = await this.jobNow(current, ctx);
                await this.finish(current, old?.status ?? 'ended', ctx);
            }
            if (one.job.status === 'running') {
                if (!current || current.job.id < one.job.id)
                    this.start(one, ctx);
                continue;
            }
            if (!(0,pipeline_statuses/* isFinished */.$g)(one.job.status) || one.job.status === 'skipped')
                continue;
            // It ran between two reads, or ended since the last: its log to the end, then its status.
            if (!current || current.job.id < one.job.id)
                this.start(one, ctx);
            const now = this.followed.get(one.name);
            if (now?.job.id === one.job.id)
                await this.finish(now, one.job.status, ctx);
        }
    }
    /** Starts and ends the following of named jobs as the jobs' statuses say. */
    async see(snapshot, ctx) {
        await this.follow(await this.candidates(snapshot, ctx), ctx);
        return undefined;
    }
    /** The soonest read a followed log is due. */
    wakeAt() {
        let at;
        for (const f of this.followed.values())
            at = Math.min(at ?? Infinity, f.nextAt);
        return at;
    }
    /** Reads the logs that are due; one that brought nothing asks whether its job has ended. */
    async wake(ctx) {
        const now = ctx.clock.now();
        for (const f of [...this.followed.values()]) {
            if (f.nextAt > now)
                continue;
            // The last read brought nothing: has the job ended? (A running job's log usually grows.)
            // Asked before the log is read again, so that a finished job's log is read once more only.
            if (f.quiet > 0) {
                const job = await this.jobNow(f, ctx);
                if (job && (0,pipeline_statuses/* isFinished */.$g)(job.status)) {
                    await this.finish(f, job.status, ctx);
                    continue;
                }
            }
            await this.read(f, ctx);
        }
    }
    /** The rest of the logs still followed, and what never ran, said once. */
    async end(end, ctx) {
        // A cancelled or timed-out wait reads nothing more.
        if (end.outcome === 'aborted' || end.outcome === 'timed-out')
            return;
        if (ctx.stops.signal?.aborted)
            return;
        // The last read was seen already: only jobs its tally left out are still followed.
        for (const f of [...this.followed.values()]) {
            const job = await this.jobNow(f, ctx);
            await this.finish(f, job?.status ?? 'ended', ctx);
        }
        const notRun = [...this.seen.values()].filter(({ job }) => job.status === 'skipped' || job.status === 'manual' || WAITING.includes(job.status));
        for (const { job, name } of notRun.slice(0, LEFT_OUT_LINES))
            this.once(`not-run:${name}`, () => ctx.logger.info(`Job '${name}' did not run (${job.status}): no log to follow.`));
        if (notRun.length > LEFT_OUT_LINES)
            ctx.logger.info(`${notRun.length - LEFT_OUT_LINES} more jobs named did not run.`);
        if (!this.jobsRead) {
            ctx.logger.info('No log was followed: the jobs could not be read (the api token reads them; a CI job token may not).');
            return;
        }
        for (const pattern of this.options.patterns) {
            const text = pattern.join(PATH_JOINT);
            if (![...this.seen.values()].some((n) => (0,stream_logs/* matchesPattern */.MT)(pattern, n.name.split(PATH_JOINT))))
                this.once(`none:${text}`, () => ctx.logger.info(`No job named '${text}' was found in the pipeline: no log to follow.`));
        }
    }
}

;// CONCATENATED MODULE: ./src/core/live-log-api.ts
/**
 * The live log's reads, through the one client. GitLab's `GET /jobs/:id/trace` answers the
 * whole log so far and looks at no Range header (lib/api/ci/jobs.rb, `body trace.raw`, 17.x):
 * each read costs the log's size, so the part before `from` is counted and dropped as it flows.
 */
class GitLabLiveLogApi {
    client;
    token;
    constructor(client, apiToken, header = 'PRIVATE-TOKEN') {
        this.client = client;
        this.token = apiToken ? { header, value: apiToken } : undefined;
    }
    call(path, what, options) {
        return { ...options, method: 'GET', path, token: this.token, what, idempotent: true };
    }
    async job(projectId, jobId, options = {}) {
        return this.client.apiJson(this.call(`/projects/${projectId}/jobs/${jobId}`, `read job ${jobId}`, options));
    }
    async logFrom(projectId, jobId, window, options = {}) {
        const response = await this.client.api({
            ...this.call(`/projects/${projectId}/jobs/${jobId}/trace`, `read the log of job ${jobId}`, options),
            window,
            fromStorage: true,
        });
        const read = response.window;
        if (!read)
            throw new Error(`The answer to read the log of job ${jobId} kept no window.`);
        return { bytes: read.kept, size: read.size };
    }
}

;// CONCATENATED MODULE: ./src/core/follow/watchers/result-modules.ts
/**
 * Every result watcher and the API they read through, and the live logs (which share the
 * downstream walk), in one module that result-watchers.ts
 * imports when a wait fetches results. The bundle makes it one chunk: the modules the
 * watchers share (the downstream walk, the job finder, the result types) are held once, where
 * a chunk for each watcher would hold a copy of them in each.
 */









/***/ })

};
