export const id = 164;
export const ids = [164];
export const modules = {

/***/ 164:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readGitHubRun: () => (/* binding */ readGitHubRun)
/* harmony export */ });
/* unused harmony exports MAX_EVENT_BYTES, PULL_REQUEST_EVENTS, readBounded */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/**
 * What the workflow run is about, from the runner's environment and the event's JSON: the
 * commit a check belongs on, the branch, the pull request and the run's page.
 *
 * For `pull_request`, `pull_request_review` and `pull_request_review_comment`, GITHUB_SHA is
 * the test merge commit GitHub made, which no pull request page shows; for
 * `pull_request_target` it is the base branch's last commit. The head commit is
 * `pull_request.head.sha` in the event file. For `merge_group` it is `merge_group.head_sha`. Everything else runs on
 * GITHUB_SHA itself.
 */

/** The largest event file read: a pull request's payload is tens of KiB. */
const MAX_EVENT_BYTES = 4 * 1024 * 1024;
/** The events about a pull request, whose event file names its head. */
const PULL_REQUEST_EVENTS = [
    'pull_request',
    'pull_request_target',
    'pull_request_review',
    'pull_request_review_comment',
];
/**
 * The run as the environment describes it. A missing, oversized or malformed event file is
 * no failure: the fields it would have given fall back to the environment, and `problems`
 * says what was used instead.
 */
function readGitHubRun(env, read = readBounded) {
    const eventName = env.GITHUB_EVENT_NAME?.trim() ?? '';
    const problems = [];
    const pullRequest = PULL_REQUEST_EVENTS.includes(eventName);
    const needsPayload = pullRequest || eventName === 'merge_group';
    const payload = needsPayload ? readPayload(env, read, problems) : undefined;
    const head = headOf(eventName, payload, env);
    if (needsPayload && !head.sha && env.GITHUB_SHA)
        problems.push(`The ${eventName} event's head commit is unknown, so GITHUB_SHA ${env.GITHUB_SHA.slice(0, 12)}${pullRequest ? ', the test merge commit no pull request page shows,' : ''} is used instead`);
    const attempt = Number(env.GITHUB_RUN_ATTEMPT);
    const runAttempt = Number.isInteger(attempt) && attempt > 0 ? attempt : 1;
    return {
        eventName,
        repository: env.GITHUB_REPOSITORY?.trim() ?? '',
        sha: head.sha ?? env.GITHUB_SHA?.trim() ?? '',
        shaSource: head.sha ? head.source : 'GITHUB_SHA',
        refName: head.branch ?? env.GITHUB_REF_NAME ?? '',
        prNumber: pullRequest ? prNumberOf(payload, env) : undefined,
        runUrl: runUrlOf(env, runAttempt),
        runAttempt,
        runId: runIdOf(env),
        actor: env.GITHUB_ACTOR?.trim() || undefined,
        problems,
    };
}
function readPayload(env, read, problems) {
    const path = env.GITHUB_EVENT_PATH?.trim();
    if (!path) {
        problems.push('GITHUB_EVENT_PATH is not set, so the event cannot be read');
        return undefined;
    }
    let text;
    try {
        text = read(path, MAX_EVENT_BYTES);
    }
    catch (error) {
        problems.push(`The event file ${path} could not be read: ${error.message}`);
        return undefined;
    }
    try {
        const json = JSON.parse(text);
        if (typeof json === 'object' && json !== null && !Array.isArray(json))
            return json;
        problems.push(`The event file ${path} does not hold a JSON object`);
    }
    catch (error) {
        problems.push(`The event file ${path} is not JSON: ${error.message}`);
    }
    return undefined;
}
function field(value, ...path) {
    let here = value;
    for (const key of path) {
        if (typeof here !== 'object' || here === null)
            return undefined;
        here = here[key];
    }
    return here;
}
const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/i;
function text(value) {
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
function headOf(eventName, payload, env) {
    if (PULL_REQUEST_EVENTS.includes(eventName)) {
        const sha = text(field(payload, 'pull_request', 'head', 'sha'));
        return {
            sha: sha && SHA.test(sha) ? sha : undefined,
            source: "the pull request's head",
            // GITHUB_HEAD_REF is the head branch too, and needs no event file.
            branch: text(field(payload, 'pull_request', 'head', 'ref')) ?? text(env.GITHUB_HEAD_REF),
        };
    }
    if (eventName === 'merge_group') {
        const sha = text(field(payload, 'merge_group', 'head_sha'));
        return { sha: sha && SHA.test(sha) ? sha : undefined, source: "the merge group's head" };
    }
    return { source: 'GITHUB_SHA' };
}
function prNumberOf(payload, env) {
    const number = field(payload, 'pull_request', 'number') ?? field(payload, 'number');
    if (typeof number === 'number' && Number.isInteger(number) && number > 0)
        return number;
    // refs/pull/123/merge: the number without the event file.
    const fromRef = /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '');
    return fromRef ? Number(fromRef[1]) : undefined;
}
function runIdOf(env) {
    const runId = env.GITHUB_RUN_ID?.trim();
    return runId && /^\d+$/.test(runId) ? runId : undefined;
}
function runUrlOf(env, attempt) {
    const server = (env.GITHUB_SERVER_URL?.trim() || 'https://github.com').replace(/\/+$/, '');
    const repository = env.GITHUB_REPOSITORY?.trim();
    const runId = runIdOf(env);
    if (!repository || !runId)
        return undefined;
    const run = `${server}/${repository}/actions/runs/${runId}`;
    return attempt > 1 ? `${run}/attempts/${attempt}` : run;
}
/** Reads at most `max` bytes; a longer file is refused rather than read whole or cut. */
function readBounded(path, max) {
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, 'r');
    try {
        const buffer = Buffer.alloc(Math.min(max + 1, 64 * 1024));
        const chunks = [];
        let total = 0;
        for (;;) {
            const n = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, buffer, 0, buffer.length, null);
            if (n === 0)
                break;
            total += n;
            if (total > max)
                throw new Error(`it is larger than ${sizeText(max)}`);
            chunks.push(Buffer.from(buffer.subarray(0, n)));
        }
        return Buffer.concat(chunks).toString('utf8');
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
function sizeText(bytes) {
    const mib = bytes / 1024 / 1024;
    return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}


/***/ })

};
