export const id = 176;
export const ids = [176];
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

/***/ 1176:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  downstreamPipelines: () => (/* binding */ downstreamPipelines)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/statuses.ts
var statuses = __webpack_require__(2309);
// EXTERNAL MODULE: ./src/core/parse/duration.ts
var duration = __webpack_require__(6687);
// EXTERNAL MODULE: ./src/core/follow/watchers/markdown.ts
var markdown = __webpack_require__(6690);
;// CONCATENATED MODULE: ./src/core/follow/watchers/downstream-render.ts



/** The most jobs listed in one downstream pipeline's table; the rest are counted. */
const MAX_JOB_ROWS = 100;
function countProgress(pipelines, finished) {
    const jobs = pipelines.flatMap((p) => p.jobs ?? []);
    return {
        pipelines: pipelines.filter((p) => p.pipeline).length,
        running: pipelines.filter((p) => p.pipeline && !finished(p.pipeline.status)).length,
        jobs: jobs.length,
        done: jobs.filter((j) => statuses/* DONE_JOB_STATUSES */.IJ.includes(j.status)).length,
        failed: jobs.filter((j) => j.status === 'failed' && !j.allow_failure).length,
    };
}
/** `2 downstream pipelines (1 running): 5/9 jobs done, 1 failed`. */
function downstreamProgressText(progress) {
    const { pipelines, running, jobs, done, failed } = progress;
    const count = `${pipelines} downstream pipeline${pipelines === 1 ? '' : 's'}`;
    const still = running ? ` (${running} running)` : '';
    const jobPart = jobs ? `: ${done}/${jobs} jobs done${failed ? `, ${failed} failed` : ''}` : '';
    return `${count}${still}${jobPart}`;
}
/** A failed job as an annotation's text: what failed, where, and the end of its log. */
function failedJobText(name, job, trace) {
    const reason = job.failure_reason ? ` (${job.failure_reason.replace(/_/g, ' ')})` : '';
    const optional = job.allow_failure ? ', allowed to fail' : '';
    return `Job '${name}' (stage ${job.stage}${optional}) failed${reason}: ${job.web_url}${trace ? `\n${trace}` : ''}`;
}
/** A failed job's log tail, collapsed, for the summary: usable for the top pipeline's jobs too. */
function failedJobDetails(name, trace) {
    return (0,markdown/* details */.zH)(`❌ ${name}: end of the log`, trace ?? '(the log could not be read)');
}
/** One downstream pipeline as a summary section: link, status, jobs, failed jobs' log tails. */
function downstreamSection(down) {
    const title = `Downstream pipeline ${down.name}`;
    const { pipeline } = down;
    const heading = pipeline
        ? `#### ${(0,markdown/* cell */.Hn)(title)}: ${(0,markdown/* link */.nf)(`#${pipeline.id}`, pipeline.web_url)} ${(0,markdown/* statusMark */.w8)(pipeline.status)}`
        : `#### ${(0,markdown/* cell */.Hn)(title)}: not started`;
    const trigger = `Trigger job ${(0,markdown/* cell */.Hn)(down.bridge.name)} (stage ${(0,markdown/* cell */.Hn)(down.bridge.stage)}): ${(0,markdown/* statusMark */.w8)(down.bridge.status)}`;
    const lines = [heading, '', trigger, ''];
    if (down.access === 'not-started') {
        lines.push('_The trigger job has not started a pipeline (manual, or its creation failed)._');
    }
    else if (down.access === 'unreadable') {
        lines.push(`_Project ${pipeline?.project_id ?? ''} cannot be read with the token given: the pipeline is linked, not followed._`);
    }
    else {
        lines.push(...jobsTable(down.jobs ?? []));
        for (const failed of down.failed.filter((f) => !f.unquoted))
            lines.push('', failedJobDetails(failed.name, failed.trace));
        const unquoted = down.failed.filter((f) => f.unquoted).length;
        if (unquoted)
            lines.push('', `_The logs of ${unquoted} more failed job${unquoted > 1 ? 's are' : ' is'} not quoted here: see ${(0,markdown/* link */.nf)('the pipeline', pipeline?.web_url ?? '')}._`);
    }
    const where = pipeline
        ? `#${pipeline.id} ${pipeline.status}: ${pipeline.web_url}`
        : 'not started';
    const failedNames = down.failed.map((f) => f.job.name);
    const text = `${title}: ${where}${down.access === 'unreadable' ? ' (not readable with this token)' : ''}${failedNames.length ? `; failed: ${failedNames.join(', ')}` : ''}`;
    // What is kept of the section when the whole would not fit in the summary: never less than
    // the pipeline's link and status.
    const brief = `${heading}\n\n${trigger}\n\n_Its jobs and logs are left out to keep the summary within GitHub's 1 MiB${failedNames.length ? `; ${failedNames.length} failed` : ''}._\n`;
    return { kind: 'section', title, markdown: `${lines.join('\n')}\n`, brief, text };
}
function jobsTable(jobs) {
    if (jobs.length === 0)
        return ['_No jobs._'];
    const rows = ['| Stage | Job | Status | Duration |', '| --- | --- | --- | --- |'];
    for (const job of jobs.slice(0, MAX_JOB_ROWS)) {
        const took = typeof job.duration === 'number' ? (0,duration/* formatDuration */.a)(job.duration * 1000) : '';
        const optional = job.allow_failure && job.status === 'failed' ? ' (allowed to fail)' : '';
        rows.push(`| ${(0,markdown/* cell */.Hn)(job.stage)} | ${(0,markdown/* link */.nf)(job.name, job.web_url)} | ${(0,markdown/* statusMark */.w8)(job.status)}${optional} | ${took} |`);
    }
    if (jobs.length > MAX_JOB_ROWS)
        rows.push('', `_…and ${jobs.length - MAX_JOB_ROWS} more jobs._`);
    return rows;
}
/**
 * The failed downstream jobs as annotations, like the top pipeline's: errors, or warnings for
 * jobs allowed to fail and for those below a trigger job that did not fail with them (no
 * `strategy: depend`), which fail nothing above; past `max` they are counted in one warning.
 */
function failedJobProblems(pipelines, max) {
    const failed = pipelines.flatMap((p) => p.failed.map((f) => ({ ...f, gating: p.bridge.status === 'failed' })));
    const problems = failed.slice(0, max).map(({ job, name, trace, gating }) => ({
        kind: 'problem',
        level: job.allow_failure || !gating ? 'warning' : 'error',
        title: `GitLab job failed: ${name}`,
        text: failedJobText(name, job, trace),
    }));
    if (failed.length > max) {
        problems.push({
            kind: 'problem',
            level: 'warning',
            title: 'More failed downstream jobs',
            text: `${failed.length} downstream jobs failed, more than are annotated; the job summary links each downstream pipeline.`,
        });
    }
    return problems;
}

// EXTERNAL MODULE: ./src/core/follow/watchers/downstream-tree.ts
var downstream_tree = __webpack_require__(7248);
// EXTERNAL MODULE: ./src/core/follow/watchers/progress-line.ts
var progress_line = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/core/follow/watchers/results.ts
var results = __webpack_require__(4589);
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
    const tree = new downstream_tree/* DownstreamTree */.V(options.api);
    const maxPipelines = options.maxPipelines ?? downstream_tree/* MAX_DOWNSTREAM_PIPELINES */.A;
    const refreshMs = options.refreshMs ?? progress_line/* JOB_REFRESH_MS */.TH;
    let readAt = -Infinity;
    let progress;
    let lastLine = '';
    const note = (error, ctx) => {
        if (error instanceof errors/* StoppedError */.Ko)
            throw error;
        ctx.logger.debug(`Downstream pipelines not read: ${error.message}`);
    };
    return {
        name: 'downstream pipelines',
        progress: () => progress,
        async see(snapshot, ctx) {
            const { pipeline } = snapshot;
            if (options.enabled === false || (0,statuses/* isFinished */.$g)(pipeline.status))
                return undefined;
            if (!snapshot.statusChanged && ctx.clock.now() - readAt < refreshMs)
                return undefined;
            readAt = ctx.clock.now();
            try {
                const walk = await tree.walk(pipeline, { maxPipelines, stops: ctx.stops, once: true });
                const counted = countProgress(walk.pipelines, statuses/* isFinished */.$g);
                if (counted.pipelines === 0)
                    return undefined;
                progress = counted;
            }
            catch (error) {
                note(error, ctx);
                return undefined;
            }
            const line = `Pipeline #${pipeline.id}: ${downstreamProgressText(progress)}`;
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
                ctx.report(downstreamSection(down));
            if (walk.cut) {
                const text = `Only the first ${maxPipelines} downstream pipelines were read.`;
                ctx.report({
                    kind: 'section',
                    title: 'More downstream pipelines',
                    markdown: `_${text}_\n`,
                    text,
                });
            }
            for (const problem of failedJobProblems(walk.pipelines, options.maxAnnotations ?? results/* MAX_ANNOTATIONS */.K))
                ctx.report(problem);
        },
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
