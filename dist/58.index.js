export const id = 58;
export const ids = [58];
export const modules = {

/***/ 7248:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ MAX_DOWNSTREAM_PIPELINES),
/* harmony export */   V: () => (/* binding */ DownstreamTree)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _statuses_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2309);
/* harmony import */ var _final_report_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9090);
/* harmony import */ var _results_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4589);




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
            name: path.join(_results_js__WEBPACK_IMPORTED_MODULE_2__/* .PATH_JOINT */ .t),
            depth: path.length,
            bridge: { id: bridge.id, name: bridge.name, stage: bridge.stage, status: bridge.status },
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
        if ((0,_statuses_js__WEBPACK_IMPORTED_MODULE_3__/* .isFinished */ .$g)(pipeline.status))
            this.finishedJobs.set(key, jobs);
        return jobs;
    }
    async failedJobs(projectId, jobs, pipelineName, options) {
        const failed = [];
        // As for the top pipeline: the logs of the first TRACED_FAILED_JOBS of each kind, so that
        // a pipeline with a hundred failed jobs neither reads a hundred logs nor fills the summary.
        const traced = { allowed: 0, blocking: 0 };
        for (const job of jobs.filter((j) => j.status === 'failed')) {
            const name = `${pipelineName}${_results_js__WEBPACK_IMPORTED_MODULE_2__/* .PATH_JOINT */ .t}${job.name}`;
            if (!options.traces) {
                failed.push({ job, name });
                continue;
            }
            if (traced[job.allow_failure ? 'allowed' : 'blocking']++ >= _final_report_js__WEBPACK_IMPORTED_MODULE_1__/* .TRACED_FAILED_JOBS */ .$k) {
                failed.push({ job, name, unquoted: true });
                continue;
            }
            const raw = await optional(() => this.api.traceTail(projectId, job.id, _final_report_js__WEBPACK_IMPORTED_MODULE_1__/* .TRACE_TAIL_BYTES */ .Z * 4, options));
            failed.push(raw === undefined
                ? { job, name }
                : { job, name, trace: (0,_final_report_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanTrace */ .Lg)(raw, options.traces.redactor) });
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
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isDenied */ .GZ)(error))
            return undefined;
        throw error;
    }
}
/** A read that may fail without harm: a log tail. */
async function optional(read) {
    try {
        return await read();
    }
    catch (error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GitLabError */ .YZ || error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr)
            return undefined;
        throw error;
    }
}


/***/ }),

/***/ 3485:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ pipelineJobs)
/* harmony export */ });
/* harmony import */ var _downstream_tree_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7248);
/* harmony import */ var _results_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4589);


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
    const walk = await new _downstream_tree_js__WEBPACK_IMPORTED_MODULE_0__/* .DownstreamTree */ .V(api).walk(pipeline, {
        maxPipelines: options.maxPipelines ?? _downstream_tree_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_DOWNSTREAM_PIPELINES */ .A,
        stops: options.stops,
    });
    const below = walk.pipelines.flatMap((down) => down.pipeline && down.jobs
        ? latest(down.jobs).map((job) => ({
            job,
            projectId: down.pipeline?.project_id ?? pipeline.project_id,
            path: down.path,
            name: [...down.path, job.name].join(_results_js__WEBPACK_IMPORTED_MODULE_1__/* .PATH_JOINT */ .t),
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


/***/ }),

/***/ 58:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  t: () => (/* binding */ GITLAB_OUTPUTS),
  outputsFrom: () => (/* binding */ outputsFrom)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var core_errors = __webpack_require__(4296);
;// CONCATENATED MODULE: ./src/core/follow/watchers/dotenv.ts
/**
 * A dotenv file as GitLab reads `artifacts:reports:dotenv` (Ci::ParseDotenvArtifactService):
 * `KEY=value` lines; a key of letters, digits and `_`; the value trimmed, and one pair of
 * matching quotes around it removed. Blank lines and `#` comments are skipped here too.
 */
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
    }
    return { ok: true, values };
}

// EXTERNAL MODULE: ./src/core/follow/watchers/job-finder.ts
var job_finder = __webpack_require__(3485);
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
                    ? await readSource(options, source, found, values, ctx)
                    : `${options.input} line ${source.line}: no job '${source.job}' in pipeline #${end.pipeline.id} or its downstream pipelines`;
                if (error)
                    errors.push(error);
            }
            for (const [name, value] of values)
                ctx.report({ kind: 'output', name, value });
            ctx.report({
                kind: 'output',
                name: GITLAB_OUTPUTS,
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
    const own = await (0,job_finder/* pipelineJobs */.l)(options.api, pipeline, { stops: ctx.stops, downstream: false });
    if (options.sources.every((s) => pick(own, s.job)))
        return own;
    return (0,job_finder/* pipelineJobs */.l)(options.api, pipeline, { stops: ctx.stops });
}
/** The job of that name, or of that path (`child › job`); the pipeline's own first. */
function pick(jobs, name) {
    return (jobs.find((j) => j.job.name === name && j.path.length === 0) ??
        jobs.find((j) => j.name === name) ??
        jobs.find((j) => j.job.name === name));
}
/** Reads one dotenv file into `values`; what went wrong, if anything. */
async function readSource(options, source, found, values, ctx) {
    const { job } = found;
    const where = `${options.input} line ${source.line}: job '${found.name}'`;
    let text;
    try {
        text = await options.api.artifactFile(found.projectId, job.id, source.path, {
            stops: ctx.stops,
        });
    }
    catch (error) {
        if (error instanceof core_errors/* StoppedError */.Ko)
            throw error;
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
        if (values.has(key) && values.get(key) !== value)
            ctx.logger.warning(`${where}, file '${source.path}': ${key} was already read from an earlier file; this value replaces it.`);
        values.set(key, value);
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


/***/ }),

/***/ 4589:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ MAX_ANNOTATIONS),
/* harmony export */   t: () => (/* binding */ PATH_JOINT)
/* harmony export */ });
/** GitHub keeps at most 10 error annotations (and 10 warnings) a step. */
const MAX_ANNOTATIONS = 10;
/** The joint between the trigger jobs of a path: `integration-tests › integration`. */
const PATH_JOINT = ' › ';


/***/ })

};
