export const id = 176;
export const ids = [176];
export const modules = {

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
        for (const failed of down.failed)
            lines.push('', failedJobDetails(failed.name, failed.trace));
    }
    const where = pipeline
        ? `#${pipeline.id} ${pipeline.status}: ${pipeline.web_url}`
        : 'not started';
    const failedNames = down.failed.map((f) => f.job.name);
    const text = `${title}: ${where}${down.access === 'unreadable' ? ' (not readable with this token)' : ''}${failedNames.length ? `; failed: ${failedNames.join(', ')}` : ''}`;
    return { kind: 'section', title, markdown: `${lines.join('\n')}\n`, text };
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
 * The failed downstream jobs as annotations, like the top pipeline's: errors, or warnings
 * for jobs allowed to fail; past `max` they are counted in one warning, as the summary lists them all.
 */
function failedJobProblems(pipelines, max) {
    const failed = pipelines.flatMap((p) => p.failed);
    const problems = failed.slice(0, max).map(({ job, name, trace }) => ({
        kind: 'problem',
        level: job.allow_failure ? 'warning' : 'error',
        title: `GitLab job failed: ${name}`,
        text: failedJobText(name, job, trace),
    }));
    if (failed.length > max) {
        problems.push({
            kind: 'problem',
            level: 'warning',
            title: 'More failed downstream jobs',
            text: `${failed.length} downstream jobs failed; the first ${max} are annotated, and the job summary lists them all.`,
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

/***/ 6690:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hn: () => (/* binding */ cell),
/* harmony export */   UV: () => (/* binding */ firstLines),
/* harmony export */   nf: () => (/* binding */ link),
/* harmony export */   w8: () => (/* binding */ statusMark),
/* harmony export */   zH: () => (/* binding */ details)
/* harmony export */ });
/* unused harmony export html */
/**
 * Small pieces of GitHub-flavoured markdown for the summary sections the result watchers
 * report: table cells that cannot break a table, links whose URL cannot break out, statuses
 * with their icon, and collapsed log tails.
 */
const ICONS = {
    success: '✅',
    failed: '❌',
    canceled: '⏹️',
    canceling: '⏹️',
    skipped: '⏭️',
    manual: '✋',
    running: '🔄',
    pending: '⏳',
    created: '⏳',
    scheduled: '🕒',
};
/** `✅ success`: a status with its icon. */
function statusMark(status) {
    return `${ICONS[status] ?? ''} ${status}`.trim();
}
/** Text safe inside a markdown table cell or a heading: no pipe, no HTML, one line. */
function cell(text) {
    return text.replace(/[|\\<>[\]`*_]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\r?\n/g, ' ');
}
/** `[text](url)`, with the characters that would end the URL escaped. */
function link(text, url) {
    const safe = url.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
    return `[${cell(text)}](${safe})`;
}
/** Text safe inside HTML (a `<summary>`). */
function html(text) {
    return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\r?\n/g, ' ');
}
/**
 * A collapsed block: `<details><summary>…</summary>` and the text in a code fence longer
 * than any run of backticks inside it, so that no log line can end the fence.
 */
function details(summary, text) {
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    return [
        `<details><summary>${html(summary)}</summary>`,
        '',
        `${fence}text`,
        text,
        fence,
        '',
        '</details>',
    ].join('\n');
}
/** The first `lines` lines of a text, at most `chars` characters, with a mark when cut. */
function firstLines(text, lines, chars) {
    const all = text.replace(/\r\n?/g, '\n').split('\n');
    let head = all.slice(0, lines).join('\n');
    if (head.length > chars)
        head = head.slice(0, chars);
    return head.length < text.replace(/\r\n?/g, '\n').trimEnd().length
        ? `${head.trimEnd()}\n…`
        : head;
}


/***/ })

};
