export const id = 571;
export const ids = [571];
export const modules = {

/***/ 571:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  downloadArtifacts: () => (/* binding */ downloadArtifacts)
});

// UNUSED EXPORTS: safeSegment

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(3836);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/parse/artifact-globs.ts
var artifact_globs = __webpack_require__(4231);
// EXTERNAL MODULE: ./src/core/follow/watchers/markdown.ts
var markdown = __webpack_require__(6690);
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
        lines.push(`| ${(0,markdown/* link */.nf)(d.name, d.job.web_url)} | ${(0,markdown/* cell */.Hn)(shown(d.folder))} | ${files} | ${d.files ? (0,artifact_globs/* formatSize */.Xq)(d.bytes) : ''} | ${log} | ${d.refused.length || ''} |`);
        text.push(`Job '${d.name}': ${d.files ? `${d.files} files (${(0,artifact_globs/* formatSize */.Xq)(d.bytes)}) in ${shown(d.folder)}` : 'no artifacts'}${d.log ? `, log in ${shown(d.log.path)}` : ''}${d.refused.length ? `, ${d.refused.length} entries refused` : ''}`);
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

// EXTERNAL MODULE: ./src/core/follow/watchers/job-finder.ts
var job_finder = __webpack_require__(3485);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
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
/** The most entries unpacked from one archive; a job's artifacts hold far fewer. */
const MAX_ENTRIES = 100_000;
/** The refused entries named; past them, only counted. */
const MAX_REFUSED_NAMED = 100;
class CeilingReached extends Error {
}
const TYPE_MASK = 0o170000;
const REGULAR = 0o100000;
const DIRECTORY = 0o040000;
const SYMLINK = 0o120000;
async function unzipSafely(archive, folder, maxBytes, maxEntries = MAX_ENTRIES) {
    // Loaded only when artifacts are asked for, so other runs do not pay for it at start-up.
    const yauzl = (await __webpack_require__.e(/* import() */ 663).then(__webpack_require__.t.bind(__webpack_require__, 663, 19))).default;
    await (0,promises_.mkdir)(folder, { recursive: true });
    const root = await (0,promises_.realpath)(folder);
    const zip = await new Promise((ok, fail) => yauzl.open(archive, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false }, (error, file) => (error || !file ? fail(error ?? new Error('no archive')) : ok(file))));
    const refused = [];
    let refusedCount = 0;
    let files = 0;
    let bytes = 0;
    let entries = 0;
    const stop = (raw, by) => ({
        files,
        bytes,
        refused,
        refusedCount,
        stoppedAt: raw,
        stoppedBy: by,
    });
    try {
        for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
            const raw = entry.fileName.toString('utf8');
            if (++entries > maxEntries)
                return stop(raw, 'entries');
            const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileName, entry.extraFields, false);
            const why = refusal(name, entry, root);
            if (why) {
                if (refusedCount++ < MAX_REFUSED_NAMED)
                    refused.push({ name: raw, why });
                continue;
            }
            const target = (0,external_node_path_.resolve)(root, name);
            if (name.endsWith('/')) {
                await (0,promises_.mkdir)(target, { recursive: true });
                continue;
            }
            if (bytes + entry.uncompressedSize > maxBytes)
                return stop(raw, 'bytes');
            try {
                bytes += await writeEntry(zip, entry, target, root, maxBytes - bytes);
                files++;
            }
            catch (error) {
                await (0,promises_.rm)(target, { force: true });
                if (error instanceof CeilingReached)
                    return stop(raw, 'bytes');
                if (refusedCount++ < MAX_REFUSED_NAMED)
                    refused.push({ name: raw, why: `could not be unpacked: ${error.message}` });
            }
        }
    }
    finally {
        zip.close();
    }
    return { files, bytes, refused, refusedCount };
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
    const madeByUnix = entry.versionMadeBy >> 8 === 3;
    const mode = (entry.externalFileAttributes >>> 16) & TYPE_MASK;
    if (madeByUnix && mode === SYMLINK)
        return 'is a symbolic link';
    if (madeByUnix && mode !== 0 && mode !== REGULAR && mode !== DIRECTORY)
        return 'is a special file';
    const inside = (0,external_node_path_.relative)(root, (0,external_node_path_.resolve)(root, name));
    if (inside.startsWith('..') || (0,external_node_path_.isAbsolute)(inside))
        return 'lands outside its folder';
    return undefined;
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
async function writeEntry(zip, entry, target, root, left) {
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true });
    // A folder left from an earlier run could be a link to elsewhere: write only inside root.
    const parent = (0,external_node_path_.relative)(root, await (0,promises_.realpath)((0,external_node_path_.dirname)(target)));
    if (parent.startsWith('..') || (0,external_node_path_.isAbsolute)(parent))
        throw new Error('its folder leads outside');
    const source = await new Promise((ok, fail) => zip.openReadStream(entry, (error, stream) => error || !stream ? fail(error ?? new Error('unreadable')) : ok(stream)));
    let written = 0;
    const counter = new external_node_stream_.Transform({
        transform(chunk, _encoding, next) {
            written += chunk.length;
            next(written > left ? new CeilingReached() : null, chunk);
        },
    });
    // O_NOFOLLOW: a link planted where the file goes is not followed.
    const flags = external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_TRUNC | external_node_fs_.constants.O_NOFOLLOW;
    const file = await (0,promises_.open)(target, flags, 0o644);
    await (0,external_node_stream_promises_.pipeline)(source, counter, file.createWriteStream());
    return written;
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
            const jobs = await (0,job_finder/* pipelineJobs */.l)(options.api, end.pipeline, {
                stops: ctx.stops,
                downstream: options.downstream,
            });
            const problems = [];
            const chosen = choose(jobs, options, problems);
            const folders = new Set();
            const downloads = [];
            for (const found of chosen) {
                const folder = folderOf(root, found, folders);
                downloads.push(await download(found, folder, options, ctx, problems));
            }
            ctx.report({ kind: 'downloads', downloads: { root, jobs: downloads } });
            ctx.report(downloadsSection({ root, jobs: downloads }));
            for (const problem of problems)
                ctx.report(problem);
        },
    };
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
/** A folder per job, named after it (its downstream path as parent folders), never shared. */
function folderOf(root, found, taken) {
    const segments = [...found.path, found.job.name].map(safeSegment);
    let folder = (0,external_node_path_.join)(root, ...segments);
    if (taken.has(folder))
        folder = `${folder}-${found.job.id}`;
    taken.add(folder);
    return folder;
}
/** A job's name as one folder name on any system. */
function safeSegment(name) {
    // eslint-disable-next-line no-control-regex
    const safe = name.replace(/[\\/:*?"<>|\x00-\x1f]/g, '_').replace(/[. ]+$/, '');
    return safe === '' || safe === '.' || safe === '..' ? '_' : safe;
}
async function download(found, folder, options, ctx, problems) {
    const { job } = found;
    const result = {
        job: { id: job.id, name: job.name, web_url: job.web_url },
        name: found.name,
        folder,
        files: 0,
        bytes: 0,
        refused: [],
        problems: [],
    };
    const problem = (level, title, text) => {
        result.problems.push(text);
        problems.push({ kind: 'problem', level, title: `${title}: ${found.name}`, text });
    };
    if (options.globs.length > 0)
        await unpack(found, folder, options, ctx, result, problem);
    if (!options.logs)
        return result;
    const log = await saveLog(found, `${folder}.log`, options, ctx, problem);
    return log ? { ...result, log } : result;
}
async function unpack(found, folder, options, ctx, result, problem) {
    const { job } = found;
    const max = `${(0,artifact_globs/* formatSize */.Xq)(options.maxBytes)} (${options.names.maxBytes})`;
    const archive = (0,external_node_path_.join)(options.tempDir ?? (0,external_node_os_.tmpdir)(), `gitlab-artifacts-${job.id}-${(0,external_node_crypto_.randomUUID)()}.zip`);
    try {
        const saved = await options.api.saveArchive(found.projectId, job.id, archive, {
            maxBytes: options.maxBytes,
            stops: ctx.stops,
        });
        if (saved === undefined)
            return;
        const outcome = await unzipSafely(archive, folder, options.maxBytes);
        result.files = outcome.files;
        result.bytes = outcome.bytes;
        result.refused = outcome.refused.map((r) => r.name);
        if (outcome.refusedCount > 0) {
            const more = outcome.refusedCount - outcome.refused.length;
            const named = `${outcome.refused.map((r) => `'${r.name}' (${r.why})`).join(', ')}${more > 0 ? `, and ${more} more` : ''}`;
            problem('warning', 'Artifact entries refused', `The artifacts of job '${found.name}' held entries that would land outside ${folder}, not unpacked: ${named}.`);
        }
        if (outcome.stoppedBy === 'entries') {
            problem('error', 'Artifacts too many', `The artifacts of job '${found.name}' hold more than ${MAX_ENTRIES.toLocaleString('en')} entries: unpacking stopped at '${outcome.stoppedAt}', and what came before it is in ${folder}.`);
        }
        else if (outcome.stoppedAt !== undefined) {
            problem('error', 'Artifacts too large', `The artifacts of job '${found.name}' unpack to more than ${max}: unpacking stopped at '${outcome.stoppedAt}', and what came before it is in ${folder}. Raise ${options.names.maxBytes} to take them whole.`);
        }
    }
    catch (error) {
        if (error instanceof errors/* StoppedError */.Ko)
            throw error;
        if (error instanceof errors/* NetworkError */.Dr && error.code === 'TOO_LARGE') {
            problem('error', 'Artifacts too large', `The artifacts archive of job '${found.name}' is larger than ${max}; it was not unpacked. Raise ${options.names.maxBytes} to take it.`);
        }
        else {
            problem('warning', 'Artifacts not downloaded', `The artifacts of job '${found.name}' could not be downloaded: ${error.message}`);
        }
    }
    finally {
        await (0,promises_.rm)(archive, { force: true });
    }
}
async function saveLog(found, path, options, ctx, problem) {
    try {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
        const bytes = await options.api.saveLog(found.projectId, found.job.id, path, {
            maxBytes: options.maxBytes,
            stops: ctx.stops,
        });
        return { path, bytes };
    }
    catch (error) {
        if (error instanceof errors/* StoppedError */.Ko)
            throw error;
        if (error instanceof errors/* NetworkError */.Dr && error.code === 'TOO_LARGE') {
            problem('warning', 'Log cut', `The log of job '${found.name}' is longer than ${(0,artifact_globs/* formatSize */.Xq)(options.maxBytes)} (${options.names.maxBytes}): ${path} holds its beginning only.`);
            return { path, bytes: options.maxBytes };
        }
        problem('warning', 'Log not saved', `The log of job '${found.name}' could not be saved: ${error.message}`);
        return undefined;
    }
}


/***/ }),

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
