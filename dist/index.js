import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 3894:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ statusesClient),
/* harmony export */   d: () => (/* binding */ startOnGitHub)
/* harmony export */ });
/* harmony import */ var _core_pipeline_source_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8355);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2814);


/**
 * How this run starts its pipeline, and the GitHub side of it: the run's context as
 * variables, the commit status, and on a re-run a retry of the earlier pipeline. The GitHub
 * modules are loaded only when one of these is on, so a plain trigger does not pay for them.
 */
async function startOnGitHub(options) {
    const { runner, github, waitSettings } = options;
    const logger = runner.logger();
    const versionCheck = { apiToken: waitSettings.apiToken, logger };
    const wrap = options.wrap ?? ((trigger) => trigger);
    if (!github.commitStatus && github.onRerun === 'new' && !github.githubContext)
        return { source: wrap((0,_core_pipeline_source_js__WEBPACK_IMPORTED_MODULE_0__/* .triggerSource */ .K)(options.client, options.settings, versionCheck)) };
    const githubSide = await __nccwpck_require__.e(/* import() */ 205).then(__nccwpck_require__.bind(__nccwpck_require__, 6205));
    const { readGitHubRun } = githubSide;
    const run = readGitHubRun(runner.env);
    for (const problem of run.problems)
        logger.warning(problem);
    let settings = options.settings;
    if (github.githubContext) {
        const { describeMerge, withGitHubContext } = githubSide;
        const merged = withGitHubContext(settings.variables, run);
        logger.info(describeMerge(merged, _names_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.Variables));
        settings = { ...settings, variables: merged.variables };
    }
    const trigger = wrap((0,_core_pipeline_source_js__WEBPACK_IMPORTED_MODULE_0__/* .triggerSource */ .K)(options.client, settings, versionCheck));
    const statuses = await statusesClient(runner, github, run.repository, options.clock);
    const { defaultStatusContext, commitStatusWatcher } = githubSide;
    const context = github.statusContext || defaultStatusContext(settings.project);
    const { decideRerun } = githubSide;
    const decision = await decideRerun({
        mode: github.onRerun,
        run,
        statuses,
        context,
        api: options.api,
        project: settings.project,
        ref: settings.ref,
        gitlabUrl: settings.gitlab.url,
        passStatuses: waitSettings.passStatuses,
        trigger,
        clock: options.clock,
        logger,
        signal: options.signal,
        names: { onRerun: _names_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.OnRerun, apiToken: _names_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.ApiToken },
    });
    if (decision.reason)
        logger.info(decision.reason);
    const commitStatus = github.commitStatus && statuses
        ? commitStatusWatcher(statuses, {
            sha: run.sha,
            runId: run.runId,
            context,
            logger,
            redactor: runner.redactor,
            signal: options.signal,
        })
        : undefined;
    return { source: decision.source, commitStatus };
}
/** The GitHub statuses client, or undefined (with one warning) when it cannot be had. */
async function statusesClient(runner, github, repository, clock) {
    if (!github.commitStatus && github.onRerun === 'new')
        return undefined;
    if (!github.githubToken) {
        runner.warning(`No GitHub token in ${_names_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.GitHubToken}: the commit status is not written (and a re-run cannot find the earlier pipeline). Leave ${_names_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.GitHubToken} at its default, \${{ github.token }}.`);
        return undefined;
    }
    const { githubStatuses } = await __nccwpck_require__.e(/* import() */ 205).then(__nccwpck_require__.bind(__nccwpck_require__, 6205));
    try {
        return githubStatuses({
            token: github.githubToken,
            apiUrl: runner.env.GITHUB_API_URL || 'https://api.github.com',
            repository,
            tokenSetting: _names_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.GitHubToken,
            clock,
            logger: runner.logger(),
        });
    }
    catch (error) {
        runner.warning(`The commit status is not written: ${error.message}`);
        return undefined;
    }
}


/***/ }),

/***/ 164:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   ji: () => (/* binding */ readGitHubRun)
/* harmony export */ });
/* unused harmony exports MAX_EVENT_BYTES, PULL_REQUEST_EVENTS, readBounded */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
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
        fromFork: pullRequest ? fromFork(payload) : undefined,
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
/** Unknown (no event file) counts as a fork: a push of a stranger's code needs a yes. */
function fromFork(payload) {
    const head = text(field(payload, 'pull_request', 'head', 'repo', 'full_name'));
    const base = text(field(payload, 'pull_request', 'base', 'repo', 'full_name'));
    return !head || !base || head.toLowerCase() !== base.toLowerCase();
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


/***/ }),

/***/ 5275:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Ue: () => (/* binding */ RERUN_MODES),
  XR: () => (/* binding */ decideRerun),
  HD: () => (/* binding */ markedLink)
});

// UNUSED EXPORTS: linkedPipeline

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(4296);
// EXTERNAL MODULE: ./src/core/pipeline-statuses.ts
var pipeline_statuses = __nccwpck_require__(3804);
;// CONCATENATED MODULE: ./src/core/retry-source.ts

/** How long a retried pipeline may still show its old finished status before it counts as not retried. */
const RETRY_SETTLE_MS = 10_000;
const SETTLE_STEP_MS = 1_000;
/**
 * An earlier pipeline, its failed and canceled jobs retried (`POST …/pipelines/:id/retry`),
 * as the pipeline to wait for. GitLab answers with the pipeline as it loaded it, and may move
 * it out of its finished status only as processing catches up; and it answers the same way
 * when none of its jobs could be retried (an archived pipeline, one that failed before any job
 * ran). So a pipeline still finished after the retry is read again for a few seconds, then
 * followed as it stands. Once GitLab has accepted the retry, no new pipeline is ever started
 * instead: the retried jobs may be on their way, and a second pipeline would run beside them.
 */
function retrySource(api, options) {
    const { pipelineId: id, logger } = options;
    return {
        describe: () => `Retrying the failed jobs of pipeline #${id} of project '${options.project.display}' on ${options.gitlabUrl}`,
        async start(stops) {
            const answer = await api.retry(id, { stops });
            if (!(0,pipeline_statuses/* isFinished */.$g)(answer.status))
                return answer;
            const moved = await settle(api, answer, options, stops);
            if (moved)
                return moved;
            logger.warning(`GitLab accepted the retry of pipeline #${id}, but it still shows ${answer.status} (it may have had nothing to retry); following it as it stands: ${answer.web_url}`);
            return answer;
        },
    };
}
/** The pipeline once it shows the retry (a status not finished, or a new finish); else undefined. */
async function settle(api, answer, options, stops) {
    const { clock } = options;
    const finishedAt = options.before?.finished_at ?? answer.finished_at;
    const until = clock.now() + (options.settleMs ?? RETRY_SETTLE_MS);
    while (clock.now() < until) {
        await clock.sleep(Math.min(SETTLE_STEP_MS, until - clock.now()), stops.signal);
        if (stops.signal?.aborted)
            return undefined;
        let now;
        try {
            now = await api.pipeline(answer.id, { stops, once: true });
        }
        catch (error) {
            options.logger.debug(`Pipeline #${answer.id} not read after the retry: ${String(error)}`);
            continue;
        }
        // Retried jobs that already finished again leave a new finished_at behind.
        if (!(0,pipeline_statuses/* isFinished */.$g)(now.status) || (now.finished_at ?? null) !== (finishedAt ?? null))
            return { ...answer, ...now };
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/action/github/rerun.ts



const RERUN_MODES = ['new', 'retry'];
/** Decides what this attempt starts; only a failure to read GitLab is thrown. */
async function decideRerun(options) {
    const { run, trigger, context } = options;
    const onRerun = options.names?.onRerun ?? 'on_rerun';
    if (options.mode !== 'retry' || run.runAttempt <= 1)
        return { source: trigger, reason: '' };
    const attempt = `Re-run attempt ${run.runAttempt} with ${onRerun} retry`;
    const fresh = (why) => ({
        source: trigger,
        reason: `${attempt}: ${why}; triggering a new pipeline.`,
    });
    if (!options.api.hasToken)
        return fresh(`retrying needs ${options.names?.apiToken ?? 'api_token'} with the api scope`);
    if (!options.statuses)
        return fresh('no GitHub token to read the commit statuses with');
    let id;
    try {
        const found = await options.statuses.find(run.sha, (s) => sameContext(s.context, context) &&
            linkedPipeline(s.target_url, options) !== undefined &&
            leftByThisRun(s.target_url, run.runId), { signal: options.signal });
        id = found ? linkedPipeline(found.target_url, options) : undefined;
    }
    catch (error) {
        return fresh(`the commit statuses could not be read: ${error.message}`);
    }
    if (id === undefined)
        return fresh(`no commit status '${context}' that this run left on ${run.sha.slice(0, 12)} links to a pipeline of project '${options.project.display}'`);
    const earlier = await readEarlier(options, id);
    if (!earlier)
        return fresh(`pipeline #${id}, linked from the commit status, no longer exists`);
    const foreign = notThisRuns(earlier, options);
    if (foreign)
        return fresh(`pipeline #${id}, linked from the commit status, ${foreign}`);
    if (options.passStatuses.includes(earlier.status))
        return fresh(`pipeline #${id} passed (${earlier.status}): ${earlier.web_url}`);
    const state = (0,pipeline_statuses/* isFinished */.$g)(earlier.status) ? earlier.status : `still ${earlier.status}`;
    return {
        source: retrySource(options.api, {
            pipelineId: id,
            project: options.project,
            gitlabUrl: options.gitlabUrl,
            clock: options.clock,
            logger: options.logger,
            before: earlier,
        }),
        reason: `${attempt}: retrying pipeline #${id} (${state}), found from the commit status '${context}': ${earlier.web_url}`,
        retried: earlier,
    };
}
const RUN_MARK = 'github-run-';
/**
 * The pipeline's link as the commit status carries it: marked with the run it belongs to, so
 * that a re-run finds its own run's pipeline among every status on the commit.
 */
function markedLink(webUrl, runId) {
    if (!runId || webUrl.includes('#'))
        return webUrl;
    return `${webUrl}#${RUN_MARK}${runId}`;
}
/**
 * Whether a status's link is this run's: marked with this run's id. An unmarked link was left
 * by another tool or a person, and one marked with another run by that run.
 */
function leftByThisRun(link, runId) {
    const fragment = link?.includes('#') ? link.slice(link.indexOf('#') + 1) : '';
    return runId !== undefined && runId !== '' && fragment === `${RUN_MARK}${runId}`;
}
/**
 * Why the pipeline read is not one this run's earlier attempt started, or undefined: it must
 * be of this project (by id, where the project was given by id; a path was matched in the link
 * and the read went through it) and of this ref, on a well-formed commit.
 */
function notThisRuns(earlier, options) {
    const project = options.project.display;
    if (/^\d+$/.test(project) && earlier.project_id !== Number(project))
        return `belongs to project ${earlier.project_id}, not ${project}`;
    const ref = options.ref.replace(/^refs\/(?:heads|tags)\//, '');
    if (earlier.ref !== ref)
        return `ran on ref '${String(earlier.ref).slice(0, 100)}', not '${ref}'`;
    if (typeof earlier.sha !== 'string' || !/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(earlier.sha))
        return 'has no well-formed commit sha';
    return undefined;
}
/** GitHub compares contexts without regard to case. */
function sameContext(a, b) {
    return a.toLowerCase() === b.toLowerCase();
}
/** The pipeline read through the project; undefined when GitLab knows no such pipeline there. */
async function readEarlier(options, id) {
    try {
        return await options.api.pipeline(id, { stops: { signal: options.signal } });
    }
    catch (error) {
        // Pipeline ids are looked up within the project: another project's pipeline is a 404 too.
        if (error instanceof errors/* GitLabError */.YZ && error.status === 404)
            return undefined;
        throw error;
    }
}
/**
 * The pipeline id of a link to a pipeline of this project on this instance:
 * `{gitlabUrl}/{project path}/-/pipelines/{id}`. A project given by its numeric id cannot be
 * matched by path; reading the pipeline through the project then rules out another's.
 */
function linkedPipeline(link, where) {
    if (!link)
        return undefined;
    let url;
    let root;
    try {
        url = new URL(link);
        root = new URL(where.gitlabUrl);
    }
    catch {
        return undefined;
    }
    if (url.origin !== root.origin)
        return undefined;
    const base = root.pathname.replace(/\/+$/, '');
    if (!url.pathname.startsWith(`${base}/`))
        return undefined;
    const match = /^\/(.+)\/-\/pipelines\/(\d+)\/?$/.exec(url.pathname.slice(base.length));
    if (!match)
        return undefined;
    const [, path = '', id = ''] = match;
    const project = where.project.display;
    if (!/^\d+$/.test(project) && safeDecode(path).toLowerCase() !== project.toLowerCase())
        return undefined;
    const n = Number(id);
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}


/***/ }),

/***/ 1729:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   FD: () => (/* binding */ readDestination),
/* harmony export */   Fm: () => (/* binding */ warnOutsideWorkspace),
/* harmony export */   LF: () => (/* binding */ read),
/* harmony export */   Q8: () => (/* binding */ readGiven),
/* harmony export */   QU: () => (/* binding */ maskSecrets),
/* harmony export */   xv: () => (/* binding */ readGitHubSettings)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_parse_choices_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8839);
/* harmony import */ var _github_rerun_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(5275);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(4296);
/* harmony import */ var _core_confined_paths_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(6382);
/* harmony import */ var _core_setting_rules_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(1345);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(2814);







/** Every input is read through here, so that only declared names can be read; empty means the default. */
function read(runner, name, options) {
    const value = runner.getInput(name, options);
    return value.trim() === '' ? _names_js__WEBPACK_IMPORTED_MODULE_6__/* .INPUT_DEFAULTS */ .WJ[name] : value;
}
/** An input as the core takes it: left out (undefined) when empty, for the core's default. */
function readGiven(runner, name, options) {
    const value = runner.getInput(name, options);
    return value.trim() === '' ? undefined : value;
}
/**
 * An input that says where the tokens are sent. Blank is an error, never the default: a
 * workflow's `${{ vars.GITLAB_URL }}` whose variable is not defined gives a blank value, and
 * taking https://gitlab.com for it would send a self-managed instance's tokens to gitlab.com.
 * Only an input left out takes the default.
 */
function readDestination(runner, name) {
    const value = runner.getInput(name);
    if (value !== '' || !runner.hasInput(name))
        return value || undefined;
    throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, 'is set but empty, so the tokens would have nowhere to go', `give it your GitLab's address (a \${{ vars.NAME }} that is not defined gives an empty value), or leave ${name} out to use ${_names_js__WEBPACK_IMPORTED_MODULE_6__/* .INPUT_DEFAULTS */ .WJ[name]}`);
}
/** Masks every secret input in the runner's log and its redactor. Called before anything else happens. */
function maskSecrets(runner) {
    const secrets = [_names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.Token, _names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.ApiToken, _names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.GitHubToken, _names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.PushToken].map((n) => read(runner, n));
    for (const secret of secrets)
        if (secret !== '')
            runner.setSecret(secret);
}
function readGitHubSettings(runner, wait, apiToken) {
    const commitStatus = (0,_core_parse_choices_js__WEBPACK_IMPORTED_MODULE_1__/* .parseBoolean */ .yG)(read(runner, _names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.CommitStatus), _names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.CommitStatus);
    const onRerun = (0,_core_parse_choices_js__WEBPACK_IMPORTED_MODULE_1__/* .parseChoice */ .HU)(read(runner, _names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.OnRerun), _names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.OnRerun, _github_rerun_js__WEBPACK_IMPORTED_MODULE_2__/* .RERUN_MODES */ .Ue);
    (0,_core_setting_rules_js__WEBPACK_IMPORTED_MODULE_5__/* .rule */ .H)(commitStatus && !wait, _names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.CommitStatus, 'is true, which mirrors the pipeline only while the step waits for it', `set ${_names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.Wait} to true, or leave ${_names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.CommitStatus} out`);
    (0,_core_setting_rules_js__WEBPACK_IMPORTED_MODULE_5__/* .rule */ .H)(onRerun === 'retry' && !commitStatus, _names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.OnRerun, 'is retry, which finds the earlier pipeline from the commit status the earlier attempt wrote', `set ${_names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.CommitStatus} to true as well, or leave ${_names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.OnRerun} out`);
    (0,_core_setting_rules_js__WEBPACK_IMPORTED_MODULE_5__/* .rule */ .H)(onRerun === 'retry' && !apiToken, _names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.OnRerun, 'is retry, which retries the earlier pipeline, and GitLab lets only a token with the api scope do that', `give ${_names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.ApiToken} a token with the api scope, or leave ${_names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.OnRerun} out`);
    return {
        commitStatus,
        statusContext: read(runner, _names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.StatusContext).trim(),
        githubToken: read(runner, _names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.GitHubToken).trim(),
        onRerun,
        githubContext: (0,_core_parse_choices_js__WEBPACK_IMPORTED_MODULE_1__/* .parseBoolean */ .yG)(read(runner, _names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.GitHubContext), _names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.GitHubContext),
    };
}
/**
 * Says when `artifacts_path` is outside the workspace. It is taken as asked: GitHub uploads and
 * caches from the workspace, and a path such as `..` or `/` writes where nothing else of the
 * run looks.
 */
function warnOutsideWorkspace(runner, path, used) {
    const workspace = runner.env.GITHUB_WORKSPACE;
    if (used && workspace && !(0,_core_confined_paths_js__WEBPACK_IMPORTED_MODULE_4__/* .isInside */ .FK)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(workspace), path))
        runner.warning(`${_names_js__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd.ArtifactsPath} is ${path}, outside the workspace ${workspace}: artifacts and logs are written there. Give a folder inside the workspace unless that is what you mean.`);
}


/***/ }),

/***/ 9843:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// UNUSED EXPORTS: describeError

// EXTERNAL MODULE: ./src/core/clock.ts
var clock = __nccwpck_require__(2257);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(4296);
// EXTERNAL MODULE: ./src/core/follow/watchers/standard.ts + 1 modules
var standard = __nccwpck_require__(842);
// EXTERNAL MODULE: ./src/core/pipelines-api.ts
var pipelines_api = __nccwpck_require__(9341);
// EXTERNAL MODULE: ./src/core/run-pipeline.ts + 5 modules
var run_pipeline = __nccwpck_require__(1855);
// EXTERNAL MODULE: ./src/action/runner-connection.ts
var runner_connection = __nccwpck_require__(5447);
// EXTERNAL MODULE: ./src/action/github-start.ts
var github_start = __nccwpck_require__(3894);
// EXTERNAL MODULE: ./src/action/inputs.ts
var action_inputs = __nccwpck_require__(1729);
// EXTERNAL MODULE: ./src/action/run-inputs.ts + 1 modules
var run_inputs = __nccwpck_require__(6644);
// EXTERNAL MODULE: ./src/action/names.ts
var action_names = __nccwpck_require__(2814);
// EXTERNAL MODULE: ./src/core/gitlab-answer.ts
var gitlab_answer = __nccwpck_require__(4675);
;// CONCATENATED MODULE: ./src/action/outputs.ts


/** Every output is set through here, so that only declared names can be set. */
function set(runner, name, value) {
    runner.setOutput(name, value == null ? '' : String(value));
}
/** Sets the pipeline's outputs, the whole entity as JSON included. */
function setPipelineOutputs(runner, pipeline) {
    set(runner, action_names/* Output */.k7.PipelineId, pipeline.id);
    set(runner, action_names/* Output */.k7.PipelineIid, pipeline.iid);
    set(runner, action_names/* Output */.k7.WebUrl, pipeline.web_url);
    set(runner, action_names/* Output */.k7.Status, pipeline.status);
    set(runner, action_names/* Output */.k7.Sha, pipeline.sha);
    set(runner, action_names/* Output */.k7.Ref, pipeline.ref);
    set(runner, action_names/* Output */.k7.CreatedAt, pipeline.created_at);
    set(runner, action_names/* Output */.k7.Pipeline, (0,gitlab_answer/* jsonText */.s$)(pipeline));
    set(runner, action_names/* Output */.k7.FinishedAt, pipeline.finished_at);
    set(runner, action_names/* Output */.k7.Duration, pipeline.duration);
}

;// CONCATENATED MODULE: ./src/action/annotations.ts
/** GitHub keeps at most 10 error and 10 warning annotations a step, and drops the rest. */
const MAX_ANNOTATIONS_PER_STEP = 10;
/**
 * Annotations within GitHub's limit: past it, nothing more is annotated and one last
 * warning says how many were left out and that the job summary lists them.
 */
class Annotations {
    runner;
    reservedErrors;
    counts = { error: 0, warning: 0 };
    left = { error: 0, warning: 0 };
    /**
     * `reservedErrors`: error annotations the step writes after these (its verdict, through
     * setFailed), which count against the same limit.
     */
    constructor(runner, reservedErrors = 0) {
        this.runner = runner;
        this.reservedErrors = reservedErrors;
    }
    error(text, properties) {
        this.add('error', text, properties);
    }
    warning(text, properties) {
        this.add('warning', text, properties);
    }
    add(level, text, properties = {}) {
        // The last warning slot is kept for the note on what was left out, and error slots for
        // the errors that follow.
        const room = MAX_ANNOTATIONS_PER_STEP - (level === 'warning' ? 1 : this.reservedErrors);
        if (this.counts[level] >= room) {
            this.left[level]++;
            return;
        }
        this.counts[level]++;
        this.runner[level](text, properties);
    }
    /** Says how many annotations GitHub would have dropped; call once, at the end. */
    finish() {
        const left = this.left.error + this.left.warning;
        if (left === 0)
            return;
        this.runner.warning(`${left} more problem${left > 1 ? 's' : ''} (failed jobs or tests) ${left > 1 ? 'are' : 'is'} not annotated, as GitHub keeps ${MAX_ANNOTATIONS_PER_STEP} annotations of a kind a step: the job summary lists them all.`);
    }
}

// EXTERNAL MODULE: ./src/core/follow/watchers/downstream-render.ts
var downstream_render = __nccwpck_require__(4848);
// EXTERNAL MODULE: ./src/core/follow/watchers/markdown.ts
var markdown = __nccwpck_require__(6690);
// EXTERNAL MODULE: ./src/core/parse/duration.ts
var parse_duration = __nccwpck_require__(6687);
// EXTERNAL MODULE: ./src/core/pipeline-end.ts
var pipeline_end = __nccwpck_require__(7981);
;// CONCATENATED MODULE: ./src/action/summary-verdict.ts



/** The most names given on a verdict line; the rest are counted. */
const MAX_NAMED = 10;
const ICONS = { passed: '✅', failed: '❌', stopped: '⏹️' };
/**
 * The summary's first lines, as test reporters open theirs: a heading with the verdict and the
 * one duration the table shows, then a line per kind of thing that failed (jobs, downstream
 * jobs, tests, outputs), each with its counts and the names of what failed.
 */
function verdictLines(result, report, duration) {
    const p = result.pipeline;
    const failures = result.findings.filter((f) => f.kind === 'failure');
    const passed = result.outcome === 'passed' && failures.length === 0;
    const finished = result.outcome === 'passed' || result.outcome === 'failed';
    const icon = passed ? ICONS.passed : finished ? ICONS.failed : ICONS.stopped;
    const pipeline = (0,markdown/* link */.nf)(`#${p.id}`, p.web_url);
    const heading = finished
        ? `### ${icon} GitLab pipeline ${pipeline} ${(0,markdown/* cell */.Hn)((0,pipeline_end/* endedAs */.BN)(p.status))} after ${duration}`
        : `### ${icon} GitLab pipeline ${pipeline}: ${(0,markdown/* cell */.Hn)(p.status)}`;
    const lines = [
        ...(finished ? judged(result) : [(0,markdown/* cell */.Hn)(result.message)]),
        ...jobsLine(report),
        ...downstreamLine(of(result.findings, 'downstream')?.pipelines),
        ...testsLine(of(result.findings, 'tests')?.tests),
        ...failures.map((f) => `- **The step fails:** ${(0,markdown/* cell */.Hn)(f.message)}`),
    ];
    return [heading, '', ...lines, ''].flatMap((l, i, all) => 
    // A blank line between the heading or the message and the list, none inside the list.
    l === '' && i > 0 && all[i - 1] === '' ? [] : [l]);
}
function of(findings, kind) {
    return findings.find((f) => f.kind === kind);
}
/** A line only when the pass statuses judged otherwise than the status reads (see finishedMessage). */
function judged(result) {
    const passed = result.outcome === 'passed';
    const success = result.pipeline.status === 'success';
    if (passed === success)
        return [];
    return [
        passed
            ? `_It counts as passing: \`${action_names/* Input */.pd.PassStatuses}\` lists ${(0,markdown/* cell */.Hn)(result.pipeline.status)}._`
            : `_It does not count as passing: \`${action_names/* Input */.pd.PassStatuses}\` leaves out success._`,
        '',
    ];
}
function jobsLine(report) {
    if (!report?.jobs)
        return [];
    const total = Math.max(report.jobCount ?? 0, report.jobs.length);
    // Every failed job is kept in `jobs`, however many jobs there are (see FinalReport).
    const failed = report.jobs.filter((j) => j.status === 'failed');
    const failedCount = Math.max(report.failedCount ?? 0, failed.length);
    if (failedCount === 0)
        return [`- **Jobs:** ${total} job${total === 1 ? '' : 's'}, none failed.`];
    // The jobs that fail the pipeline first, then those allowed to fail, marked.
    const shown = [
        ...failed.filter((j) => !j.allow_failure).map((j) => (0,markdown/* link */.nf)(j.name, j.web_url)),
        ...failed
            .filter((j) => j.allow_failure)
            .map((j) => `${(0,markdown/* link */.nf)(j.name, j.web_url)} (allowed to fail)`),
    ];
    const unlisted = failedCount - failed.length;
    return [
        `- **Jobs:** ${failedCount} of ${total} failed: ${names(shown)}${unlisted > 0 ? `; ${unlisted} more not named` : ''}.`,
    ];
}
function downstreamLine(pipelines) {
    if (!pipelines?.length)
        return [];
    const failed = pipelines.flatMap((p) => p.failed);
    const count = `${pipelines.length} downstream pipeline${pipelines.length === 1 ? '' : 's'}`;
    if (!failed.length)
        return [`- **Downstream:** ${count}, no job failed.`];
    const shown = failed.map((f) => `${(0,markdown/* link */.nf)(f.name, f.job.web_url)}${f.job.allow_failure ? ' (allowed to fail)' : ''}`);
    return [
        `- **Downstream:** ${failed.length} job${failed.length === 1 ? '' : 's'} failed in ${count}: ${names(shown)}.`,
    ];
}
function testsLine(tests) {
    if (!tests)
        return [];
    const { total } = tests;
    if (!tests.failedCount)
        return [
            `- **Tests:** ${total.count} passed${total.skipped ? ` (${total.skipped} skipped)` : ''}.`,
        ];
    const shown = tests.failed.map((f) => `${(0,markdown/* cell */.Hn)(`${f.classname} › ${f.name}`)}${f.allowedToFail ? ' (allowed to fail)' : ''}`);
    const unlisted = tests.failedCount - tests.failed.length;
    return [
        `- **Tests:** ${tests.failedCount} of ${total.count} failed: ${names(shown)}${unlisted > 0 ? `; ${unlisted} more` : ''}.`,
    ];
}
/** `a, b, c`, the first MAX_NAMED of them, and how many more. */
function names(items) {
    const listed = items.slice(0, MAX_NAMED).join(', ');
    const more = items.length - MAX_NAMED;
    return more > 0 ? `${listed} and ${more} more` : listed;
}

;// CONCATENATED MODULE: ./src/action/summary.ts





const summary_status = markdown/* statusMark */.w8;
/** A short job summary: the pipeline as a link, so it is one click from the run page. */
function writeTriggerSummary(runner, settings, pipeline) {
    runner.appendSummary([
        `### GitLab pipeline ${(0,markdown/* link */.nf)(`#${pipeline.id}`, pipeline.web_url)}`,
        '',
        '| Project | Ref | Pipeline | Status |',
        '| --- | --- | --- | --- |',
        `| ${(0,markdown/* cell */.Hn)(settings.project.display)} | ${(0,markdown/* cell */.Hn)(settings.ref)} | ${(0,markdown/* link */.nf)(`#${pipeline.id}`, pipeline.web_url)} | ${summary_status(pipeline.status)} |`,
        '',
    ].join('\n'));
}
/** GitHub's limit on one step's job summary: it drops a larger one whole. */
const STEP_SUMMARY_MAX_BYTES = 1024 * 1024;
/**
 * The most the summary after waiting takes of it, whatever the number of jobs; the sections
 * that follow it (downstream pipelines, tests, downloads) have the rest.
 */
const WAIT_SUMMARY_MAX_BYTES = STEP_SUMMARY_MAX_BYTES / 2;
/** The summary after waiting: the pipeline, its jobs, and its downstream pipelines. */
function writeWaitSummary(runner, settings, result, report, maxBytes = WAIT_SUMMARY_MAX_BYTES) {
    runner.appendSummary(waitSummary(settings, result, report, maxBytes));
}
/**
 * The summary after waiting as markdown of at most `maxBytes` (UTF-8). First the verdict in
 * words with its counts, naming what failed (jobs, downstream jobs, tests), before any table;
 * then the pipeline's table, its jobs (the failed ones always listed, the others in the order
 * they ran until the room ends, a last line saying how many were left out), the end of each
 * failed job's log, the values read by `outputs_from`, and the downstream pipelines.
 */
function waitSummary(settings, result, report, maxBytes = WAIT_SUMMARY_MAX_BYTES) {
    const p = result.pipeline;
    const duration = (0,parse_duration/* formatDuration */.a)((0,pipeline_end/* pipelineDurationMs */.lF)(p, result.elapsedMs));
    const head = [
        ...verdictLines(result, report, duration),
        '| Project | Ref | Pipeline | Status | Duration |',
        '| --- | --- | --- | --- | --- |',
        `| ${(0,markdown/* cell */.Hn)(settings.project.display)} | ${(0,markdown/* cell */.Hn)(settings.ref)} | ${(0,markdown/* link */.nf)(`#${p.id}`, p.web_url)} | ${summary_status(p.status)} | ${duration} |`,
        '',
    ];
    const outputs = outputLines(result.findings, Math.floor(maxBytes / 8));
    const bridges = bridgeLines(report, Math.floor(maxBytes / 4));
    const room = maxBytes - bytes(head) - bytes(outputs) - bytes(bridges);
    // The logs take at most a quarter of the room; the jobs' table has what they leave.
    const jobs = jobLines(report, room - bytes(logLines(report, Math.floor(room / 4))));
    const logs = logLines(report, room - bytes(jobs));
    return [...head, ...jobs, ...logs, ...outputs, ...bridges].join('\n');
}
/** Room kept for the line that says what was left out. */
const NOTE_BYTES = 400;
function jobLines(report, maxBytes) {
    if (report && !report.jobs)
        return ['_The jobs could not be read with the token given; set `api_token` to list them._', ''];
    if (!report?.jobs?.length)
        return [];
    const head = [
        '#### Jobs',
        '',
        '| Stage | Job | Status | Duration |',
        '| --- | --- | --- | --- |',
    ];
    const failed = (job) => job.status === 'failed';
    const rows = report.jobs.map((job) => ({ text: jobRow(job), first: failed(job) }));
    const take = fit(rows, maxBytes - bytes(head) - NOTE_BYTES);
    const lines = [...head, ...rows.filter((_, i) => take[i]).map((r) => r.text), ''];
    const shown = take.filter(Boolean).length;
    const shownFailed = report.jobs.filter((job, i) => take[i] && failed(job)).length;
    const total = Math.max(report.jobCount ?? 0, report.jobs.length);
    const failedTotal = Math.max(report.failedCount ?? 0, report.jobs.filter(failed).length);
    if (total > shown) {
        const left = total - shown;
        const failedLeft = failedTotal - shownFailed;
        lines.push(`_${left} more job${left > 1 ? 's are' : ' is'} not listed here${failedLeft ? `, ${failedLeft} of them failed` : ', none failed'}: ${(0,markdown/* link */.nf)('all jobs', report.pipeline.web_url)}._`, '');
    }
    return lines;
}
function jobRow(job) {
    const took = typeof job.duration === 'number' ? (0,parse_duration/* formatDuration */.a)(job.duration * 1000) : '';
    const optional = job.allow_failure && job.status === 'failed' ? ' (allowed to fail)' : '';
    return `| ${(0,markdown/* cell */.Hn)(job.stage)} | ${(0,markdown/* link */.nf)(job.name, job.web_url)} | ${summary_status(job.status)}${optional} | ${took} |`;
}
function bridgeLines(report, maxBytes) {
    if (!report?.bridges?.length)
        return [];
    const head = [
        '#### Downstream pipelines',
        '',
        '| Trigger job | Pipeline | Status |',
        '| --- | --- | --- |',
    ];
    const rows = report.bridges.map((bridge) => {
        const down = bridge.downstream_pipeline;
        const text = `| ${(0,markdown/* cell */.Hn)(bridge.name)} | ${down ? (0,markdown/* link */.nf)(`#${down.id}`, down.web_url) : 'not started'} | ${summary_status(down?.status ?? bridge.status)} |`;
        return { text, first: false };
    });
    const take = fit(rows, maxBytes - bytes(head) - NOTE_BYTES);
    const lines = [...head, ...rows.filter((_, i) => take[i]).map((r) => r.text), ''];
    const left = rows.length - take.filter(Boolean).length;
    if (left > 0)
        lines.push(`_${left} more trigger job${left > 1 ? 's are' : ' is'} not listed here._`, '');
    return lines;
}
/** The end of each failed job's log, collapsed, as downstream jobs show theirs; as many as fit. */
function logLines(report, maxBytes) {
    const lines = [];
    let room = maxBytes - NOTE_BYTES;
    let left = 0;
    for (const { job, trace } of report?.failed ?? []) {
        if (trace === undefined)
            continue;
        const block = [(0,downstream_render/* failedJobDetails */.Nb)(job.name, trace), ''];
        if (bytes(block) > room) {
            left++;
            continue;
        }
        room -= bytes(block);
        lines.push(...block);
    }
    if (left)
        lines.push(`_The logs of ${left} more failed job${left > 1 ? 's are' : ' is'} not quoted here._`, '');
    return lines;
}
/** The most characters of one value `outputs_from` read shown in the summary's table. */
const OUTPUT_VALUE_CHARS = 200;
/**
 * The values `outputs_from` read, in a table: GitLab's text, so each name and value is
 * escaped (no markdown, no HTML, one line) and a value cut at OUTPUT_VALUE_CHARS.
 */
function outputLines(findings, maxBytes) {
    const outputs = findings.filter((f) => f.kind === 'output' && !f.aggregate);
    if (!outputs.length)
        return [];
    const head = ['#### Outputs from GitLab', '', '| Output | Value |', '| --- | --- |'];
    const rows = outputs.map(({ name, value }) => {
        const chars = [...value];
        const shown = chars.length > OUTPUT_VALUE_CHARS ? `${chars.slice(0, OUTPUT_VALUE_CHARS).join('')}…` : value;
        return { text: `| ${(0,markdown/* cell */.Hn)(name)} | ${shown ? (0,markdown/* cell */.Hn)(shown) : '_(empty)_'} |`, first: false };
    });
    const take = fit(rows, maxBytes - bytes(head) - NOTE_BYTES);
    const lines = [...head, ...rows.filter((_, i) => take[i]).map((r) => r.text), ''];
    const left = rows.length - take.filter(Boolean).length;
    if (left > 0)
        lines.push(`_${left} more output${left > 1 ? 's are' : ' is'} not listed here._`, '');
    return lines;
}
/**
 * Which rows fit in `maxBytes`: those marked `first` before the others, each kind in its order
 * and cut where the room ends, so that what is listed is a beginning and nothing is skipped.
 */
function fit(rows, maxBytes) {
    const take = rows.map(() => false);
    let room = maxBytes;
    for (const first of [true, false]) {
        for (const [i, row] of rows.entries()) {
            if (row.first !== first)
                continue;
            const size = Buffer.byteLength(row.text) + 1;
            if (size > room)
                break;
            room -= size;
            take[i] = true;
        }
    }
    return take;
}
/** The bytes of lines joined as the summary joins them, with the newline after them. */
function bytes(lines) {
    return lines.length ? Buffer.byteLength(lines.join('\n')) + 1 : 0;
}
/** One error annotation per failed job, naming it, linking it, and quoting the end of its log. */
function annotateFailedJobs(runner, report) {
    for (const { job, trace } of report.failed) {
        const text = (0,downstream_render/* failedJobText */._Y)(job.name, job, trace);
        const title = `GitLab job failed: ${job.name}`;
        if (job.allow_failure)
            runner.warning(text, { title });
        else
            runner.error(text, { title });
    }
}

;// CONCATENATED MODULE: ./src/action/render.ts




/**
 * Renders what the run returned: outputs, the job summary (the pipeline, then each section a
 * watcher found), annotations within GitHub's limit, the state the post step reads, and the
 * step's verdict — which a watcher's `failure` (a missing outputs file, say) can turn to failed.
 */
function render(runner, settings, wait, result) {
    if (!wait) {
        writeTriggerSummary(runner, settings, result.created);
        if (result.outcome === 'aborted') {
            if (result.canceled)
                setPipelineOutputs(runner, result.pipeline);
            runner.setFailed(result.message);
        }
        return;
    }
    setPipelineOutputs(runner, result.pipeline);
    const of = (kind) => result.findings.filter((f) => f.kind === kind);
    const report = of('report')[0]?.report;
    writeWaitSummary(runner, settings, result, report);
    appendSections(runner, of('section'));
    const failures = of('failure');
    const passed = result.outcome === 'passed';
    // The verdict and any further failure are error annotations too, written last.
    const verdictErrors = passed ? failures.length : 1 + failures.length;
    const annotations = new Annotations(runner, verdictErrors);
    if (report)
        annotateFailedJobs(annotations, report);
    // A failure is written as the step's verdict below: its problem is not annotated twice.
    const verdicts = new Set(failures.map((f) => f.message));
    for (const problem of of('problem')) {
        if (problem.level === 'error' && verdicts.has(problem.text))
            continue;
        annotations.add(problem.level, problem.text, {
            title: problem.title,
            file: problem.file,
            line: problem.line,
        });
    }
    annotations.finish();
    for (const output of of('output'))
        runner.setOutput(output.name, output.value);
    const downloads = of('downloads')[0]?.downloads;
    // A folder that lacks what was asked for is not offered to later steps to upload or deploy.
    if (downloads?.complete)
        runner.setOutput(action_names/* Output */.k7.ArtifactsPath, downloads.root);
    if (passed && failures.length === 0)
        runner.info(result.message);
    else
        runner.setFailed(passed ? (failures[0]?.message ?? '') : result.message);
    for (const failure of failures.slice(passed ? 1 : 0))
        runner.error(failure.message);
}
/**
 * The watchers' sections, after the wait's own summary, within what GitHub keeps of a step's
 * summary (1 MiB, past which it drops the whole of it): a section that would not fit is kept
 * in its brief form (a downstream pipeline's link and status), or else left out, and one line
 * says how many were.
 */
function appendSections(runner, sections) {
    let room = STEP_SUMMARY_MAX_BYTES - WAIT_SUMMARY_MAX_BYTES - 1024;
    let left = 0;
    for (const section of sections) {
        const fits = [section.markdown, section.brief ?? ''].find((text) => text && Buffer.byteLength(text) + 1 <= room);
        if (!fits) {
            left++;
            continue;
        }
        room -= Buffer.byteLength(fits) + 1;
        runner.appendSummary(fits);
    }
    if (left)
        runner.appendSummary(`_${left} more section${left > 1 ? 's' : ''} left out: GitHub keeps 1 MiB of summary a step._`);
}

// EXTERNAL MODULE: ./src/action/runner.ts
var action_runner = __nccwpck_require__(5242);
// EXTERNAL MODULE: ./src/core/follow/watchers/live-log-watchers.ts
var live_log_watchers = __nccwpck_require__(3266);
// EXTERNAL MODULE: ./src/core/follow/watchers/result-watchers.ts
var result_watchers = __nccwpck_require__(7470);
;// CONCATENATED MODULE: ./src/action/watchers.ts





/**
 * The watchers this step follows the pipeline with, in order: the commit status first (it
 * sees every read), the standard three, the live logs (`stream_logs`), then the result watchers, which fetch what the pipeline left.
 */
async function chooseWatchers(client, apiToken, results, logger, commitStatus, live) {
    const streamed = live
        ? await (0,live_log_watchers/* liveLogWatchers */.c)(client, apiToken, live.patterns, {
            write: (pieces) => live.runner.logLines(pieces),
        })
        : [];
    const resultReaders = await (0,result_watchers/* resultWatchers */.Z)(client, apiToken, results, {
        reservedOutputs: Object.values(action_names/* Output */.k7),
        names: {
            outputsFrom: action_names/* Input */.pd.OutputsFrom,
            downloadArtifacts: action_names/* Input */.pd.DownloadArtifacts,
            artifactsMaxSize: action_names/* Input */.pd.ArtifactsMaxSize,
            artifactsPath: action_names/* Input */.pd.ArtifactsPath,
        },
        // GitHub keeps 10 error annotations a step: failed jobs and failed tests share them.
        maxAnnotations: Math.floor(MAX_ANNOTATIONS_PER_STEP / 2),
    }, logger);
    return [
        ...(commitStatus ? [commitStatus] : []),
        ...(0,standard/* standardWatchers */.r)(),
        ...streamed,
        ...resultReaders,
    ];
}

;// CONCATENATED MODULE: ./src/action/main.ts














/**
 * The action: read the inputs, run the pipeline through the core's one use case with the
 * watchers the inputs ask for, and render what it returns (render.ts). It records in the
 * step's state why it stopped following the pipeline, for the post step (post.ts). Called
 * without a runner (as GitHub's local-action calls it), it talks to this process's runner.
 */
async function run(runner = new action_runner/* Runner */.b()) {
    // SIGINT is how the runner cancels a step; SIGTERM follows 7.5 s later. Both stop the
    // trigger's retries and the wait, and a pipeline created meanwhile is cancelled.
    const cancelled = new AbortController();
    const onSignal = () => cancelled.abort();
    let followed = false;
    let commitStatus;
    try {
        (0,action_inputs/* maskSecrets */.QU)(runner);
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        // Every input is read, and refused if unusable, before anything is sent.
        const inputs = (0,run_inputs/* readRunInputs */.hT)(runner);
        const { settings, wait, waitSettings, names, results, github, push, streamLogs } = inputs;
        const following = inputs.follow !== undefined;
        const logger = runner.logger();
        const client = await (0,runner_connection/* connectAction */.l)(runner, settings);
        const api = new pipelines_api/* PipelinesApi */.q(client, settings.project, waitSettings.apiToken);
        const { wrap, pushed } = (0,run_inputs/* commitSources */.GN)(inputs, api, runner);
        const start = await (0,github_start/* startOnGitHub */.d)({
            ...{ runner, github, settings, waitSettings, client, api, wrap },
            clock: clock/* systemClock */.m,
            signal: cancelled.signal,
        });
        commitStatus = start.commitStatus;
        const watchers = wait
            ? await chooseWatchers(client, waitSettings.apiToken, results, logger, commitStatus, {
                patterns: streamLogs,
                runner,
            })
            : (0,standard/* standardWatchers */.r)();
        const result = await (0,run_pipeline/* runPipeline */.a)(start.source, watchers, {
            clock: clock/* systemClock */.m,
            logger,
            redactor: runner.redactor,
            signal: cancelled.signal,
            wait,
            follow: { api, settings: waitSettings, names },
            onStarted: (created) => {
                setPipelineOutputs(runner, created);
                if (!wait)
                    return;
                void commitStatus?.onStarted(created);
                // The post step cancels only what this step started: never a followed pipeline.
                if (following)
                    return;
                // From here until the main step says why it ended, the post step would cancel.
                runner.saveState(action_names/* State */.Uw.PipelineId, String(created.id));
                runner.saveState(action_names/* State */.Uw.WebUrl, created.web_url);
                followed = true;
            },
            onWaitEnded: ({ outcome, settled }) => {
                // The post step tries the cancel again when the one asked for here did not go through.
                const stopped = outcome === 'timed-out' || outcome === 'aborted';
                runner.saveState(action_names/* State */.Uw.Ended, stopped ? action_names/* MainEnded */.M5.Stopped : action_names/* MainEnded */.M5.Finished);
                if (settled)
                    runner.saveState(action_names/* State */.Uw.Done, 'true');
            },
        });
        // The commit status says what the step says: a failure found after the wait fails it too.
        await commitStatus?.finish(result.findings.find((f) => f.kind === 'failure')?.message);
        if (commitStatus)
            runner.saveState(action_names/* State */.Uw.StatusClosed, 'true');
        if (push?.deleteAfter)
            await pushed()?.deletePushed();
        // A followed pipeline's ref is the one GitLab ran it on, given or not.
        const shown = following ? { ...settings, ref: String(result.pipeline.ref ?? '') } : settings;
        render(runner, shown, wait, result);
    }
    catch (error) {
        // The pipeline could not be read (a 404, a redirect, GitLab unreachable): that is no
        // reason for the post step to cancel it.
        if (followed)
            runner.saveState(action_names/* State */.Uw.Ended, action_names/* MainEnded */.M5.Failed);
        runner.setFailed(describeError(error));
        // A check left pending would hold a pull request forever.
        await commitStatus?.abandon(describeError(error));
        if (commitStatus)
            runner.saveState(action_names/* State */.Uw.StatusClosed, 'true');
    }
    finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
    }
}
/** An input error names the action's input; anything else says its message. */
function describeError(error) {
    if (error instanceof errors/* InputError */.dz && Object.values(action_names/* Input */.pd).includes(error.input))
        return `Input '${error.input}' ${error.problem}${error.fix ? `: ${error.fix}` : ''}.`;
    return error instanceof Error ? error.message : String(error);
}


/***/ }),

/***/ 2814:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Fs: () => (/* binding */ SETTING_INPUTS),
/* harmony export */   M5: () => (/* binding */ MainEnded),
/* harmony export */   Uw: () => (/* binding */ State),
/* harmony export */   WJ: () => (/* binding */ INPUT_DEFAULTS),
/* harmony export */   k7: () => (/* binding */ Output),
/* harmony export */   pd: () => (/* binding */ Input)
/* harmony export */ });
/* harmony import */ var _core_setting_defaults_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5646);

/**
 * The action's input, output and state names, in one place: action.yml, the code, the
 * README and the tests all check against these (see __tests__/action-metadata.test.ts).
 */
const Input = {
    GitLabUrl: 'gitlab_url',
    Project: 'project',
    Ref: 'ref',
    Token: 'token',
    Variables: 'variables',
    Inputs: 'inputs',
    Wait: 'wait',
    ApiToken: 'api_token',
    Timeout: 'timeout',
    CancelOnAbort: 'cancel_on_abort',
    PassStatuses: 'pass_statuses',
    OnManual: 'on_manual',
    MaxPollInterval: 'max_poll_interval',
    RequestTimeout: 'request_timeout',
    CaCert: 'ca_cert',
    TestReport: 'test_report',
    OutputsFrom: 'outputs_from',
    DownloadArtifacts: 'download_artifacts',
    ArtifactsPath: 'artifacts_path',
    ArtifactsMaxSize: 'artifacts_max_size',
    DownloadLogs: 'download_logs',
    StreamLogs: 'stream_logs',
    CommitStatus: 'commit_status',
    StatusContext: 'status_context',
    GitHubToken: 'github_token',
    OnRerun: 'on_rerun',
    GitHubContext: 'github_context',
    Push: 'push',
    PushToken: 'push_token',
    PushForks: 'push_forks',
    DeletePushedRef: 'delete_pushed_ref',
    Follow: 'follow',
    CancelFollowed: 'cancel_followed',
};
/**
 * The core's setting each input holds (every setting of a run has one); the other inputs are
 * the GitHub side's own. The core's messages name each setting by its input.
 */
const SETTING_INPUTS = {
    gitlabUrl: Input.GitLabUrl,
    project: Input.Project,
    ref: Input.Ref,
    token: Input.Token,
    variables: Input.Variables,
    inputs: Input.Inputs,
    requestTimeout: Input.RequestTimeout,
    caCert: Input.CaCert,
    wait: Input.Wait,
    apiToken: Input.ApiToken,
    timeout: Input.Timeout,
    cancelOnAbort: Input.CancelOnAbort,
    passStatuses: Input.PassStatuses,
    onManual: Input.OnManual,
    maxPollInterval: Input.MaxPollInterval,
    testReport: Input.TestReport,
    outputsFrom: Input.OutputsFrom,
    downloadArtifacts: Input.DownloadArtifacts,
    artifactsPath: Input.ArtifactsPath,
    artifactsMaxSize: Input.ArtifactsMaxSize,
    downloadLogs: Input.DownloadLogs,
    streamLogs: Input.StreamLogs,
    push: Input.Push,
    pushToken: Input.PushToken,
    deletePushedRef: Input.DeletePushedRef,
    follow: Input.Follow,
    cancelFollowed: Input.CancelFollowed,
};
/** The defaults of the GitHub side's own inputs; the others are the core's (SETTING_DEFAULTS). */
const GITHUB_DEFAULTS = {
    commit_status: 'false',
    status_context: '',
    // `${{ github.token }}` in action.yml: only the runner can fill it in.
    github_token: '',
    on_rerun: 'new',
    github_context: 'false',
    push_forks: 'false',
};
/**
 * action.yml's defaults, applied when an input arrives empty: GitHub fills them in, but other
 * runners (GitHub's local-action, for one) pass an input left out as an empty value.
 */
const INPUT_DEFAULTS = Object.fromEntries([
    ...Object.entries(GITHUB_DEFAULTS),
    ...Object.keys(SETTING_INPUTS).map((key) => [
        SETTING_INPUTS[key],
        _core_setting_defaults_js__WEBPACK_IMPORTED_MODULE_0__/* .SETTING_DEFAULTS */ .E[key],
    ]),
]);
const Output = {
    PipelineId: 'pipeline_id',
    PipelineIid: 'pipeline_iid',
    WebUrl: 'web_url',
    Status: 'status',
    Sha: 'sha',
    Ref: 'ref',
    CreatedAt: 'created_at',
    Pipeline: 'pipeline',
    FinishedAt: 'finished_at',
    Duration: 'duration',
    GitLabOutputs: 'gitlab_outputs',
    ArtifactsPath: 'artifacts_path',
};
/** What the main step leaves for the post step, which cancels a pipeline it did not see finish. */
const State = {
    /** The pipeline the main step started and followed. */
    PipelineId: 'pipeline_id',
    WebUrl: 'web_url',
    /** Why the main step stopped following it (MainEnded); absent when the step was killed. */
    Ended: 'main_ended',
    /** `true` when nothing is left to cancel: GitLab confirmed the cancel, or none was wanted. */
    Done: 'pipeline_done',
    /** `true` once the main step gave the commit status its final state (or gave up on it). */
    StatusClosed: 'commit_status_closed',
};
/**
 * Why the main step stopped following the pipeline. Only a stop (a cancelled run, a timeout)
 * whose cancel did not go through, or a main step that never said (it was killed), leaves
 * the post step something to cancel: a failure to read the pipeline is not a reason to.
 */
const MainEnded = {
    Finished: 'finished',
    Stopped: 'stopped',
    Failed: 'failed',
};


/***/ }),

/***/ 7718:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ runPost)
/* harmony export */ });
/* harmony import */ var _core_cancel_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9317);
/* harmony import */ var _core_clock_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2257);
/* harmony import */ var _runner_connection_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(5447);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(4296);
/* harmony import */ var _core_pipelines_api_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(9341);
/* harmony import */ var _github_start_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(3894);
/* harmony import */ var _core_run_settings_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(1956);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(1729);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_8__ = __nccwpck_require__(2814);
/* harmony import */ var _run_inputs_js__WEBPACK_IMPORTED_MODULE_9__ = __nccwpck_require__(6644);










/**
 * The post step: its own entry (dist/post.js), which can only cancel, never trigger. The
 * runner runs it after the job's steps even when the job failed or was cancelled, so a
 * pipeline whose main step was killed, or whose cancel did not go through, is cancelled
 * here — and only such a pipeline: one the main step recorded as started and not seen to
 * finish, because the run was cancelled or timed out (or the step never said why it ended).
 * Anything else, or state it cannot read, leaves the pipeline alone with one debug line.
 */
async function runPost(runner) {
    try {
        (0,_inputs_js__WEBPACK_IMPORTED_MODULE_7__/* .maskSecrets */ .QU)(runner);
        const left = pipelineLeft(runner);
        if (!left)
            return;
        // The main step waited for the pipeline it left: its settings are read as it read them.
        const { trigger: settings, waitSettings } = readLeftRun(runner);
        const logger = runner.logger();
        if (!waitSettings.cancelOnAbort) {
            logger.info(`Pipeline #${left.id} was not seen to finish; leaving it running as ${_names_js__WEBPACK_IMPORTED_MODULE_8__/* .Input */ .pd.CancelOnAbort} is false: ${left.web_url}`);
            await closeCommitStatus(runner, left, `pipeline #${left.id} was left running`);
            return;
        }
        logger.info(`The main step ended before pipeline #${left.id} finished: cancelling it.`);
        const client = await (0,_runner_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .connectAction */ .l)(runner, settings);
        const api = new _core_pipelines_api_js__WEBPACK_IMPORTED_MODULE_4__/* .PipelinesApi */ .q(client, settings.project, waitSettings.apiToken);
        const outcome = await (0,_core_cancel_js__WEBPACK_IMPORTED_MODULE_0__/* .cancelPipeline */ .j)(api, left, logger, _core_clock_js__WEBPACK_IMPORTED_MODULE_1__/* .systemClock */ .m, _names_js__WEBPACK_IMPORTED_MODULE_8__/* .Input */ .pd.ApiToken);
        await closeCommitStatus(runner, left, `pipeline #${left.id} ${outcome.fate}`);
    }
    catch (error) {
        // The post step cleans up; it never fails the job on its own account.
        runner.warning(`The post step could not cancel the pipeline: ${error.message}`);
    }
}
/** The main step waited for the pipeline it left: its settings, read as it read them. */
function readLeftRun(runner) {
    return (0,_core_run_settings_js__WEBPACK_IMPORTED_MODULE_6__/* .buildRunSettings */ .b)({ ...(0,_run_inputs_js__WEBPACK_IMPORTED_MODULE_9__/* .rawRunSettings */ .L6)(runner), wait: 'true' }, _names_js__WEBPACK_IMPORTED_MODULE_8__/* .SETTING_INPUTS */ .Fs);
}
/** The pipeline the main step left to cancel, from its state; undefined when there is none. */
function pipelineLeft(runner) {
    const idText = runner.getState(_names_js__WEBPACK_IMPORTED_MODULE_8__/* .State */ .Uw.PipelineId);
    const webUrl = runner.getState(_names_js__WEBPACK_IMPORTED_MODULE_8__/* .State */ .Uw.WebUrl);
    const ended = runner.getState(_names_js__WEBPACK_IMPORTED_MODULE_8__/* .State */ .Uw.Ended);
    if (!idText && !webUrl && !ended) {
        runner.debug('The main step left no pipeline to look after: nothing to cancel.');
        return undefined;
    }
    const readable = /^[1-9]\d{0,15}$/.test(idText) &&
        /^https?:\/\/\S+$/.test(webUrl) &&
        (ended === '' || Object.values(_names_js__WEBPACK_IMPORTED_MODULE_8__/* .MainEnded */ .M5).includes(ended));
    if (!readable) {
        runner.debug(`The main step's state is unreadable (pipeline ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .quoted */ .TL)(idText, 20)}, ended ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .quoted */ .TL)(ended, 20)}): nothing is cancelled.`);
        return undefined;
    }
    if (runner.getState(_names_js__WEBPACK_IMPORTED_MODULE_8__/* .State */ .Uw.Done) === 'true' || (ended && ended !== _names_js__WEBPACK_IMPORTED_MODULE_8__/* .MainEnded */ .M5.Stopped)) {
        runner.debug(`Pipeline #${idText}: nothing left to cancel (the main step ${ended}).`);
        return undefined;
    }
    return { id: Number(idText), web_url: webUrl };
}
/**
 * A main step killed before it gave the commit status its final state left it `pending`, and
 * a pending check holds a pull request for good: the post step closes it as `error`, saying
 * what became of the pipeline. Nothing is written when the main step closed it itself.
 */
async function closeCommitStatus(runner, left, fate) {
    if (runner.getState(_names_js__WEBPACK_IMPORTED_MODULE_8__/* .State */ .Uw.StatusClosed) === 'true')
        return;
    try {
        await writeClosingStatus(runner, left, fate);
    }
    catch (error) {
        runner.warning(`The post step could not close the commit status: ${error.message}`);
    }
}
async function writeClosingStatus(runner, left, fate) {
    const { trigger: settings, waitSettings } = readLeftRun(runner);
    const github = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_7__/* .readGitHubSettings */ .xv)(runner, true, waitSettings.apiToken);
    if (!github.commitStatus)
        return;
    const { readGitHubRun, defaultStatusContext, markedLink, fitDescription } = await __nccwpck_require__.e(/* import() */ 205).then(__nccwpck_require__.bind(__nccwpck_require__, 6205));
    const run = readGitHubRun(runner.env);
    const statuses = await (0,_github_start_js__WEBPACK_IMPORTED_MODULE_5__/* .statusesClient */ .a)(runner, github, run.repository, _core_clock_js__WEBPACK_IMPORTED_MODULE_1__/* .systemClock */ .m);
    if (!statuses)
        return;
    await statuses.create(run.sha, {
        state: 'error',
        context: github.statusContext || defaultStatusContext(settings.project),
        targetUrl: markedLink(left.web_url, run.runId),
        description: fitDescription(`The step was stopped before the pipeline finished; ${fate}.`),
    });
    runner.logger().info(`The commit status was left pending by the main step: set to error.`);
}


/***/ }),

/***/ 6644:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  GN: () => (/* binding */ commitSources),
  L6: () => (/* binding */ rawRunSettings),
  hT: () => (/* binding */ readRunInputs)
});

// EXTERNAL MODULE: ./src/core/clock.ts
var clock = __nccwpck_require__(2257);
// EXTERNAL MODULE: ./src/core/follow-source.ts
var follow_source = __nccwpck_require__(1862);
// EXTERNAL MODULE: ./src/core/parse/pipeline-inputs.ts
var pipeline_inputs = __nccwpck_require__(3047);
// EXTERNAL MODULE: ./src/core/push/git.ts + 1 modules
var git = __nccwpck_require__(9422);
// EXTERNAL MODULE: ./src/core/push/push-source.ts + 1 modules
var push_source = __nccwpck_require__(1958);
// EXTERNAL MODULE: ./src/core/run-settings.ts + 4 modules
var run_settings = __nccwpck_require__(1956);
// EXTERNAL MODULE: ./src/core/setting-rules.ts
var setting_rules = __nccwpck_require__(1345);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(4296);
// EXTERNAL MODULE: ./src/core/parse/choices.ts
var choices = __nccwpck_require__(8839);
// EXTERNAL MODULE: ./src/core/push/git-auth.ts
var git_auth = __nccwpck_require__(8803);
// EXTERNAL MODULE: ./src/action/github/event.ts
var github_event = __nccwpck_require__(164);
// EXTERNAL MODULE: ./src/action/inputs.ts
var inputs = __nccwpck_require__(1729);
// EXTERNAL MODULE: ./src/action/names.ts
var action_names = __nccwpck_require__(2814);
;// CONCATENATED MODULE: ./src/action/commit-inputs.ts






/** The push's settings as the action names them, for the core's messages. */
const PUSH_NAMES = {
    push: action_names/* Input */.pd.Push,
    token: action_names/* Input */.pd.PushToken,
    ref: action_names/* Input */.pd.Ref,
    project: action_names/* Input */.pd.Project,
    caCert: action_names/* Input */.pd.CaCert,
};
/**
 * The push the core planned, with what only the runner knows: the checkout, whether the pull
 * request comes from a fork, and the derived credential to mask.
 */
function readPushSettings(runner, plan) {
    // Derived forms of the credential are masked too, as actions/checkout does.
    runner.setSecret((0,git_auth/* basicCredential */.g)(plan.token));
    refuseFork(runner);
    const workspace = runner.env.GITHUB_WORKSPACE?.trim() || process.cwd();
    return { ...plan, workspace };
}
/** A pull request from a fork runs a stranger's code on the user's runners: only when asked. */
function refuseFork(runner) {
    const run = (0,github_event/* readGitHubRun */.ji)(runner.env);
    if (!run.fromFork || (0,choices/* parseBoolean */.yG)((0,inputs/* read */.LF)(runner, action_names/* Input */.pd.PushForks), action_names/* Input */.pd.PushForks))
        return;
    throw new errors/* InputError */.dz(action_names/* Input */.pd.Push, `is true, and this ${run.eventName} event's pull request comes from a fork (or its head repository is unknown): pushing it would run code its author wrote on your GitLab runners`, `set ${action_names/* Input */.pd.PushForks} to true only if you accept that (see docs/run-the-commit.md), or run on pull requests from this repository only`);
}

;// CONCATENATED MODULE: ./src/action/run-inputs.ts










/** YAML and PEM are read untrimmed: trimming would drop the final newline of a block scalar. */
const UNTRIMMED = new Set(['variables', 'inputs', 'caCert']);
/** The inputs the core reads, as text by its keys; an empty one is left to the core's default. */
function rawRunSettings(runner) {
    const raw = {};
    for (const key of Object.keys(action_names/* SETTING_INPUTS */.Fs)) {
        const input = action_names/* SETTING_INPUTS */.Fs[key];
        raw[key] =
            key === 'gitlabUrl'
                ? (0,inputs/* readDestination */.FD)(runner, input)
                : (0,inputs/* readGiven */.Q8)(runner, input, UNTRIMMED.has(key) ? { trimWhitespace: false } : undefined);
    }
    return raw;
}
/**
 * Reads every input: the core builds the run's settings and checks the rules joining them;
 * the action adds its warnings, the GitHub side and what the push needs of the checkout.
 */
function readRunInputs(runner) {
    const raw = rawRunSettings(runner);
    const run = (0,run_settings/* buildRunSettings */.b)(raw, action_names/* SETTING_INPUTS */.Fs);
    const { trigger: settings, wait, waitSettings, results, follow } = run;
    // `version: 1.10` is the YAML number 1.1: said before anything is sent, not refused, as
    // a number input may want it.
    if (!follow)
        for (const rewritten of (0,pipeline_inputs/* rewrittenNumbers */.D0)(raw.inputs ?? '', action_names/* Input */.pd.Inputs))
            runner.warning((0,pipeline_inputs/* rewrittenNumberWarning */._d)(`Input '${action_names/* Input */.pd.Inputs}'`, rewritten), {
                title: 'YAML number in inputs',
            });
    (0,inputs/* warnOutsideWorkspace */.Fm)(runner, results.artifactsPath, results.artifactGlobs.length > 0 || results.downloadLogs);
    const github = (0,inputs/* readGitHubSettings */.xv)(runner, wait, waitSettings.apiToken);
    (0,setting_rules/* rule */.H)(follow !== undefined && github.onRerun !== 'new', action_names/* Input */.pd.OnRerun, `is ${github.onRerun}, and ${action_names/* Input */.pd.Follow} is given`, `leave ${action_names/* Input */.pd.OnRerun} out when following a pipeline`);
    const push = run.push && readPushSettings(runner, run.push);
    const { waitNames: names, streamLogs } = run;
    return { settings, wait, waitSettings, names, results, github, follow, push, streamLogs };
}
/**
 * How the run has its pipeline instead of the plain trigger: a followed one, or the trigger
 * after a push. `pushed()` hands back the push source once made, to delete what it pushed.
 */
function commitSources(inputs, api, runner) {
    const logger = runner.logger();
    let pushSource;
    const { follow, push, settings } = inputs;
    const wrap = (trigger) => {
        if (follow)
            return (0,follow_source/* followSource */.d)(api, {
                ...{ target: follow, project: settings.project, gitlabUrl: settings.gitlab.url },
                ref: settings.ref || undefined,
                clock: clock/* systemClock */.m,
                logger,
                timeoutMs: inputs.waitSettings.timeoutMs,
                input: action_names/* Input */.pd.Follow,
            });
        if (!push)
            return trigger;
        pushSource = (0,push_source/* pushThenTrigger */.U)(trigger, push, { git: (0,git/* systemGit */.O)(), logger, names: PUSH_NAMES });
        return pushSource;
    };
    return { wrap, pushed: () => pushSource };
}


/***/ }),

/***/ 5447:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ connectAction)
/* harmony export */ });
/* harmony import */ var _core_clock_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2257);
/* harmony import */ var _core_gitlab_connection_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6620);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(2814);



/** The core's client for the instance, logging to the runner through its redactor. */
function connectAction(runner, settings) {
    return (0,_core_gitlab_connection_js__WEBPACK_IMPORTED_MODULE_1__/* .connect */ .Ng)(settings.gitlab, {
        logger: runner.logger(),
        redactor: runner.redactor,
        clock: _core_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .systemClock */ .m,
        connection: settings.connection,
        caCertSetting: _names_js__WEBPACK_IMPORTED_MODULE_2__/* .Input */ .pd.CaCert,
    });
}


/***/ }),

/***/ 5242:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ Runner)
/* harmony export */ });
/* unused harmony export processIo */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _core_redact_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2258);
/**
 * The runner's side of a JavaScript action, as GitHub documents it ("Workflow commands"):
 * inputs from `INPUT_*`, outputs, state and the job summary appended to the files the runner
 * names, and `::command::` lines on stdout.
 *
 * Written here rather than taken from @actions/core because that package loads an HTTP
 * client (for OIDC tokens) at import, which tripled the action's start-up time; this module
 * loads nothing. __tests__/runner.test.ts checks it writes what @actions/core writes.
 *
 * One Runner holds the redactor: every line, output and summary it writes passes through it,
 * so no secret the action learns can reach the log, an output or the summary.
 */




const processIo = {
    get env() {
        return process.env;
    },
    write: (text) => void process.stdout.write(text),
    append: (path, text) => (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.appendFileSync)(path, text, 'utf8'),
};
class Runner {
    io;
    redactor;
    /** 1 once the step has failed; the entry point hands it to the process. */
    exitCode = 0;
    constructor(io = processIo, redactor = new _core_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .Redactor */ .p()) {
        this.io = io;
        this.redactor = redactor;
    }
    /** The step's environment (GITHUB_SHA, GITHUB_EVENT_PATH, …). */
    get env() {
        return this.io.env;
    }
    /** An input's value; empty when the workflow gave none and action.yml has no default. */
    getInput(name, options = {}) {
        const value = this.io.env[inputVariable(name)] ?? '';
        return options.trimWhitespace === false ? value : value.trim();
    }
    /**
     * Whether the input was set at all. The runner sets every input action.yml gives a default
     * for, so a blank one was given blank (`${{ vars.X }}` of a variable that is not defined).
     */
    hasInput(name) {
        return this.io.env[inputVariable(name)] !== undefined;
    }
    /** The value a main step saved for the post step. */
    getState(name) {
        return this.io.env[`STATE_${name}`] ?? '';
    }
    setOutput(name, value) {
        const clean = this.redactor.redact(value);
        if (!this.appendKeyValue('GITHUB_OUTPUT', name, clean))
            this.issue('set-output', clean, { name });
    }
    /** Saves a value for the post step, through the redactor as everything else this writes. */
    saveState(name, value) {
        const clean = this.redactor.redact(value);
        if (!this.appendKeyValue('GITHUB_STATE', name, clean))
            this.issue('save-state', clean, { name });
    }
    /** Masks the value in every later line of the log, and keeps it out of all this runner writes. */
    setSecret(value) {
        this.redactor.add(value);
        this.issue('add-mask', value);
    }
    /**
     * A plain log line. Text from GitLab (a job name, a log tail) could hold a workflow command:
     * a line that starts with `::` (`::add-mask::`, `::set-output`), or the older form the runner
     * still reads anywhere in a line (`##[set-output name=x;]`, `##[stop-commands]`). Such a
     * message is fenced with the runner's stop-commands, which hold for both forms, so the
     * runner prints it and acts on none of it. Any `::` counts, not only at a line's start: the
     * runner trims whitespace JavaScript does not call whitespace (U+0085), and a fence costs
     * nothing but two lines.
     */
    info(message) {
        const clean = this.redactor.redact(message);
        if (!/::|##\[/.test(clean))
            return this.io.write(clean + node_os__WEBPACK_IMPORTED_MODULE_2__.EOL);
        const fence = `gitlab-text-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`;
        this.io.write(`::stop-commands::${fence}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${clean}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}::${fence}::${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`);
    }
    debug(message) {
        this.issue('debug', this.redactor.redact(message));
    }
    warning(message, properties = {}) {
        this.issue('warning', visible(this.redactor.redact(message)), this.clean(properties));
    }
    error(message, properties = {}) {
        this.issue('error', visible(this.redactor.redact(message)), this.clean(properties));
    }
    notice(message, properties = {}) {
        this.issue('notice', visible(this.redactor.redact(message)), this.clean(properties));
    }
    /** Fails the step: an error annotation and exit status 1. */
    setFailed(message) {
        this.exitCode = 1;
        this.error(message);
    }
    /**
     * Lines of a job's log, followed live: GitLab's text, so fenced whole with stop-commands
     * (no line in it acts, whatever it prints: `::add-mask::`, `##[set-output]`); the fence is
     * closed around each group the log's sections become, so that the group commands act, and
     * opened again after with a new token. Colours are kept: the log page renders them.
     */
    logLines(pieces) {
        let fence;
        const close = () => {
            if (fence)
                this.io.write(`::${fence}::${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`);
            fence = undefined;
        };
        for (const piece of pieces) {
            if (piece.kind === 'lines') {
                if (!fence) {
                    fence = `gitlab-log-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`;
                    this.io.write(`::stop-commands::${fence}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`);
                }
                this.io.write(this.redactor.redact(piece.text).replace(/\n/g, node_os__WEBPACK_IMPORTED_MODULE_2__.EOL));
                continue;
            }
            close();
            if (piece.kind === 'group')
                this.startGroup(piece.title);
            else
                this.endGroup();
        }
        close();
    }
    startGroup(name) {
        this.issue('group', this.redactor.redact(name));
    }
    endGroup() {
        this.issue('endgroup', '');
    }
    /** Appends markdown to the job summary; false when the runner gave no summary file. */
    appendSummary(markdown) {
        const file = this.io.env.GITHUB_STEP_SUMMARY;
        if (!file)
            return false;
        this.io.append(file, this.redactor.redact(markdown) + node_os__WEBPACK_IMPORTED_MODULE_2__.EOL);
        return true;
    }
    /** The runner's log as the core's logger. */
    logger() {
        return {
            info: (m) => this.info(m),
            warning: (m) => this.warning(m),
            debug: (m) => this.debug(m),
        };
    }
    clean(properties) {
        return {
            title: properties.title && visible(this.redactor.redact(properties.title)),
            file: properties.file,
            line: properties.line === undefined ? undefined : String(properties.line),
        };
    }
    appendKeyValue(variable, name, value) {
        const file = this.io.env[variable];
        if (!file)
            return false;
        const delimiter = `ghadelimiter_${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`;
        // A value holding the delimiter would end the value early; a random one never occurs.
        this.io.append(file, `${name}<<${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${value}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`);
        return true;
    }
    issue(command, message, properties = {}) {
        const props = Object.entries(properties)
            .filter((entry) => entry[1] !== undefined && entry[1] !== '')
            .map(([key, value]) => `${key}=${escapeProperty(value)}`)
            .join(',');
        this.io.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`);
    }
}
/**
 * An annotation's text as the page shows it: a job name or a message from GitLab may carry
 * Unicode's bidirectional controls (`build\u202eliaf` read as `buildfail`) or other control
 * characters, which are written as visible escapes; line feeds, carriage returns and tabs stay.
 */
function visible(text) {
    return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text) {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
/** The variable the runner sets for an input, as @actions/core reads it. */
function inputVariable(name) {
    return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}


/***/ }),

/***/ 9317:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ cancelPipeline)
/* harmony export */ });
/* unused harmony export CANCEL_BUDGET_MS */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);
/* harmony import */ var _parse_duration_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6687);
/* harmony import */ var _pipeline_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(9081);
/* harmony import */ var _pipeline_statuses_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(3804);




/** The longest a cancel may take when the run is being stopped: the runner kills the step 10 s after SIGINT. */
const CANCEL_BUDGET_MS = 5_000;
/**
 * Asks GitLab to cancel the pipeline, then reads it once more and says what GitLab did, not
 * what was asked: GitLab's answer to the cancel is not the outcome (it recomputes the status
 * after cancelling the jobs), a pipeline blocked on a manual job cannot be cancelled (every
 * release through 19.x answers 200 with it unchanged: lib/api/ci/pipelines.rb keeps that
 * answer until API v5, issue 519143), and a pipeline may have finished meanwhile. The whole exchange stays within CANCEL_BUDGET_MS, so a cancelled run still exits
 * before the runner kills it: requests are dropped at the budget.
 */
async function cancelPipeline(api, pipeline, logger, clock, apiTokenName) {
    if (!api.hasToken) {
        logger.warning(`Pipeline #${pipeline.id} may still run and was not cancelled: cancelling needs '${apiTokenName}' with the api scope. ${pipeline.web_url}`);
        // No later try could do better without the token: the post step leaves it too.
        return { canceled: false, settled: true, fate: 'could not be cancelled and may still run' };
    }
    logger.info(`Cancelling pipeline #${pipeline.id}: ${pipeline.web_url}`);
    // The deadline bounds every request of the exchange: one that hangs is dropped at it.
    const stops = { deadline: clock.now() + CANCEL_BUDGET_MS };
    try {
        return await askAndCheck(api, pipeline, logger, stops);
    }
    catch (error) {
        const hint = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isDenied */ .GZ)(error) ? ` Cancelling needs '${apiTokenName}' with the api scope.` : '';
        const why = error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StoppedError */ .Ko || (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr && error.code === 'TIMEOUT')
            ? `GitLab did not answer within ${(0,_parse_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(CANCEL_BUDGET_MS)}`
            : error.message;
        logger.warning(`Could not cancel pipeline #${pipeline.id}: ${why}${hint}`);
        return { canceled: false, settled: false, fate: 'could not be cancelled and may still run' };
    }
}
async function askAndCheck(api, pipeline, logger, stops) {
    let answer;
    try {
        answer = await api.cancel(pipeline.id, { stops });
    }
    catch (error) {
        // No release refuses yet, but a 400 or 422 is how a future API (v5, GitLab issue 519143)
        // would refuse a pipeline with nothing left to cancel: it is read as that, not as a fault.
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GitLabError */ .YZ && (error.status === 400 || error.status === 422)) {
            // It may simply have finished meanwhile: the pipeline as it is now says which.
            const now = await readAgain(api, pipeline, logger, stops);
            if (now && now.status !== 'manual')
                return { ...fateOf(now), pipeline: now };
            const words = error.gitlabMessage ? ` (${error.gitlabMessage})` : '';
            logger.warning(`GitLab would not cancel pipeline #${pipeline.id}${words}.`);
            return {
                canceled: false,
                settled: true,
                fate: `could not be cancelled: GitLab refused${words}`,
            };
        }
        throw error;
    }
    // The pipeline as read again says what the cancel did; the answer only when that read failed,
    // and only when it is this pipeline.
    const now = (await readAgain(api, pipeline, logger, stops)) ??
        ((0,_pipeline_js__WEBPACK_IMPORTED_MODULE_2__/* .isPipeline */ .D)(answer) && answer.id === pipeline.id ? answer : undefined);
    if (!now) {
        logger.warning(`Asked GitLab to cancel pipeline #${pipeline.id}, but neither its answer nor a read after it says what became of it: ${pipeline.web_url}`);
        return {
            canceled: false,
            settled: false,
            fate: 'was sent a cancel, but what GitLab did is unknown',
        };
    }
    logger.info(`Asked GitLab to cancel; pipeline #${pipeline.id} is now ${now.status}.`);
    return { ...fateOf(now), pipeline: now };
}
/** The pipeline as GitLab shows it after the cancel; undefined when it cannot be read. */
async function readAgain(api, pipeline, logger, stops) {
    try {
        return await api.pipeline(pipeline.id, { stops, once: true });
    }
    catch (error) {
        logger.debug(`Pipeline #${pipeline.id} not read after the cancel: ${error.message}`);
        return undefined;
    }
}
/** What a pipeline's status after a cancel means. */
function fateOf(pipeline) {
    switch (pipeline.status) {
        case 'canceled':
            return { canceled: true, settled: true, fate: 'was cancelled' };
        case 'canceling':
            return { canceled: true, settled: true, fate: 'is being cancelled' };
        case 'manual':
            return {
                canceled: false,
                settled: true,
                fate: 'could not be cancelled: it waits on a manual job, which GitLab does not cancel, and stays blocked',
            };
        default:
            return (0,_pipeline_statuses_js__WEBPACK_IMPORTED_MODULE_3__/* .isFinished */ .$g)(pipeline.status)
                ? { canceled: false, settled: true, fate: `had already finished (${pipeline.status})` }
                : {
                    canceled: false,
                    settled: false,
                    fate: `was asked to cancel but was still ${pipeline.status} when read again, and may still run`,
                };
    }
}


/***/ }),

/***/ 2257:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ systemClock)
/* harmony export */ });
const systemClock = {
    now: () => Date.now(),
    sleep: (ms, signal) => new Promise((resolve) => {
        if (signal?.aborted)
            return resolve();
        const timer = setTimeout(done, ms);
        function done() {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
    }),
};


/***/ }),

/***/ 6382:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Cy: () => (/* binding */ OutsideRoot),
/* harmony export */   Dq: () => (/* binding */ openFileInside),
/* harmony export */   FK: () => (/* binding */ isInside),
/* harmony export */   VQ: () => (/* binding */ refuseLink),
/* harmony export */   Vh: () => (/* binding */ makeFolderInside),
/* harmony export */   ev: () => (/* binding */ WRITE_NO_FOLLOW),
/* harmony export */   m4: () => (/* binding */ gitSegment)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3836);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);



/**
 * Folders and files made only inside one root. The workspace they are made in may already hold
 * links — planted by a checked-out pull request, or left by an earlier step — so every folder on
 * the way is looked at before it is entered or made: a link is followed only when it leads to
 * a place inside the root, and a file is opened so that a link in its place is never followed.
 */
/** A folder or file that would be written outside the root; its message names the path. */
class OutsideRoot extends Error {
    name = 'OutsideRoot';
}
/**
 * True when `path` is `root` or lies below it. Only a `..` path segment climbs: a name such as
 * `..data` (Kubernetes' ConfigMap layout) or `..hidden` is an ordinary name inside.
 */
function isInside(root, path) {
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(root, path);
    return rel === '' || (!(0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(rel) && rel !== '..' && !rel.startsWith(`..${node_path__WEBPACK_IMPORTED_MODULE_2__.sep}`));
}
/**
 * Makes `folder` (below `root`, which must be a real path) one level at a time, checking each
 * level before the next is made; its real path. Nothing is created outside the root, even
 * where a folder on the way is a link. A level that is a plain folder needs no realpath (its
 * parent's real path and its name are its own), so a deep name costs one look a level.
 */
async function makeFolderInside(root, folder, options = {}) {
    if (!isInside(root, folder))
        throw new OutsideRoot(`${folder} is outside ${root}`);
    let current = root;
    for (const segment of (0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(root, folder).split(node_path__WEBPACK_IMPORTED_MODULE_2__.sep).filter(Boolean)) {
        const next = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(current, segment);
        const known = options.checked?.get(next);
        if (known !== undefined) {
            current = known;
            continue;
        }
        const found = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(next).catch(() => undefined);
        if (options.noGit && (!found || found.isDirectory()))
            refuseGit(root, next, next);
        if (!found) {
            const made = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(next).then(() => true, (error) => {
                // Made meanwhile by the same unpacking: looked at again below.
                if (error.code !== 'EEXIST')
                    throw error;
                return false;
            });
            if (made && options.made)
                options.made.count++;
            current = made ? next : await checkedFolder(root, next, options);
        }
        else if (found.isDirectory()) {
            current = next;
        }
        else if (found.isSymbolicLink()) {
            current = await checkedFolder(root, next, options);
        }
        else {
            throw new OutsideRoot(`${next} is a file where a folder is needed`);
        }
        options.checked?.set(next, current);
    }
    return current;
}
/** The real path of a folder on the way, when it stays inside the root. */
async function checkedFolder(root, path, options) {
    const real = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(path);
    if (!isInside(root, real))
        throw new OutsideRoot(`${path} is a link to ${real}, outside ${root}: not written through`);
    if (options.noGit)
        refuseGit(root, path, real);
    if (!(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(real)).isDirectory())
        throw new OutsideRoot(`${path} is not a folder`);
    return real;
}
/**
 * The segment of `rel` (split at `/` and `\\`) that git reads as a repository's own folder:
 * `.git` in any case, also as Windows reads it (the dots and spaces at a name's end dropped, a
 * stream after `:` as in `.git::$INDEX_ALLOCATION`), or its short name `git~1`. Git refuses
 * the same in a commit's paths (verify_path, core.protectNTFS).
 */
function gitSegment(rel) {
    return rel.split(/[\\/]/).find((segment) => {
        const name = (segment.split(':')[0] ?? '').replace(/[. ]+$/, '').toLowerCase();
        return name === '.git' || name === 'git~1';
    });
}
/** Throws when `real`, below `root`, lies in a `.git` folder: a repository's own files. */
function refuseGit(root, path, real) {
    const git = gitSegment((0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(root, real));
    if (git !== undefined)
        throw new OutsideRoot(`${path} leads into ${real}, inside the repository's own ${git} folder: not written through`);
}
/**
 * Flags that create or truncate a file without following a link in its place: O_NOFOLLOW
 * makes the open fail with ELOOP on a link. Windows has no such flag; there the caller's
 * `refuseLink` look is what holds.
 */
const WRITE_NO_FOLLOW = node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_TRUNC | (node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW ?? 0);
/** Throws when `path` is a link (of any kind); a missing path is fine. */
async function refuseLink(path) {
    const found = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(path).catch(() => undefined);
    if (found?.isSymbolicLink())
        throw new OutsideRoot(`${path} is a link: not written through`);
}
/** Opens `file` for writing, its folder made inside `root` first; never through a link. */
async function openFileInside(root, file, options = {}) {
    const folder = await makeFolderInside(root, (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(file, '..'), options);
    const target = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(folder, (0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(file, '..'), file));
    await refuseLink(target);
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(target, WRITE_NO_FOLLOW, 0o644);
    }
    catch (error) {
        if (error.code === 'ELOOP')
            throw new OutsideRoot(`${file} is a link: not written through`);
        throw error;
    }
}


/***/ }),

/***/ 4296:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Dr: () => (/* binding */ NetworkError),
/* harmony export */   GZ: () => (/* binding */ isDenied),
/* harmony export */   Kl: () => (/* binding */ faultOf),
/* harmony export */   Ko: () => (/* binding */ StoppedError),
/* harmony export */   TL: () => (/* binding */ quoted),
/* harmony export */   YZ: () => (/* binding */ GitLabError),
/* harmony export */   dg: () => (/* binding */ isTransient),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   hD: () => (/* binding */ ApiError)
/* harmony export */ });
/* unused harmony export inputErrorLine */
/**
 * The errors the core throws, as data: each keeps what went wrong, the value or call
 * involved, and what to do, so that each host (the action, the command line) can put its own
 * names in and print one line a newcomer understands. `message` is a neutral rendering of
 * the same fields, for logs and for hosts that need nothing else.
 */
/** A setting given by the user is unusable. Raised before any request is sent. */
class InputError extends Error {
    input;
    problem;
    fix;
    name = 'InputError';
    constructor(
    /** The setting, as the host named it: `project` (action), `--project`, `GITLAB_URL`. */
    input, 
    /** What is wrong, said of the setting: `is empty`, `is 'x', which is not a URL`. */
    problem, 
    /** What to do: `give the branch or tag to run the pipeline on`. */
    fix) {
        super(inputErrorLine(input, problem, fix));
        this.input = input;
        this.problem = problem;
        this.fix = fix;
    }
}
/** `<label> <problem>: <fix>.` — the one shape every input error is printed in. */
function inputErrorLine(label, problem, fix) {
    return `${label} ${problem}${fix ? `: ${fix}` : ''}.`;
}
/**
 * The fault an HTTP answer means: 401, 403 and 404 deny (unless the 403 is a rate limit, as
 * GitHub sends it); a rate limit, a timeout (408), a server's error (5xx), no answer (0), and a
 * 2xx whose body could not be used (a proxy's page) may pass later; any other (a redirect, which
 * is never followed, or a 4xx) is final.
 */
function faultOf(status, rateLimited = false) {
    if (rateLimited || status === 429 || status === 408 || status >= 500)
        return 'transient';
    if ([401, 403, 404].includes(status))
        return 'denied';
    if (status >= 300)
        return 'final';
    return 'transient';
}
/** A remote API (GitLab's, GitHub's) refused a request, or gave no answer that could be used. */
class ApiError extends Error {
    status;
    fault;
    name = 'ApiError';
    constructor(message, 
    /** The HTTP status, when the API answered. */
    status, 
    /** Asked through isDenied and isTransient. */
    fault, options) {
        super(message, options);
        this.status = status;
        this.fault = fault;
    }
}
/** The API refused the token or hides the target: no retry or wait can change that. */
function isDenied(error) {
    return error instanceof ApiError && error.fault === 'denied';
}
/** The API may answer otherwise later: a retry or a wait may help. */
function isTransient(error) {
    return error instanceof ApiError && error.fault === 'transient';
}
/** GitLab answered, and the answer means the request failed. */
class GitLabError extends ApiError {
    name = 'GitLabError';
    call;
    gitlabMessage;
    advice;
    retryAfterMs;
    constructor(message, 
    /** HTTP status GitLab answered with (0 when it did not answer at all). */
    status, details = {}, options) {
        super(message, status, faultOf(status), options);
        Object.assign(this, details);
    }
}
/**
 * The request got no usable answer: the connection failed, was reset, timed out, or the
 * body was cut short. `maybeProcessed` is true when the request may have reached GitLab,
 * so a non-idempotent call (the trigger) must not be repeated.
 */
class NetworkError extends Error {
    maybeProcessed;
    code;
    status;
    name = 'NetworkError';
    constructor(message, maybeProcessed, 
    /** The low-level error code (ECONNREFUSED, UND_ERR_SOCKET, …), when there is one. */
    code, 
    /** The HTTP status, when GitLab answered but its body could not be read whole. */
    status, options) {
        super(message, options);
        this.maybeProcessed = maybeProcessed;
        this.code = code;
        this.status = status;
    }
}
/**
 * The run was cancelled or its deadline passed before a request or a pause could finish.
 * `maybeProcessed` tells, as for a NetworkError, whether the request may have reached GitLab.
 */
class StoppedError extends NetworkError {
    reason;
    name = 'StoppedError';
    constructor(message, reason, maybeProcessed) {
        super(message, maybeProcessed, reason === 'aborted' ? 'ABORTED' : 'DEADLINE');
        this.reason = reason;
    }
}
/** The escapes JSON writes for the commonest control characters; the rest are `\uXXXX`. */
const SHORT_ESCAPES = {
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\b': '\\b',
    '\f': '\\f',
};
/**
 * A value quoted for a one-line message: line breaks and other control characters written
 * as escapes (`\n`, `\u001b`), and a long value cut, so a pasted block cannot spread a message
 * over many lines or pages. DEL, the C1 controls (U+009B starts a terminal sequence as ESC [
 * does), the Unicode line separators and the bidirectional controls (U+202E turns the rest of
 * a line around) are escaped too: a value may come from GitLab, and is shown as written.
 */
function quoted(value, max = 80) {
    // Something shaped like a GitLab token (glptt-, glpat-, glcbt-…) given where a name or id
    // was expected is shown as GitLab shows others' tokens: the prefix and four characters.
    const token = /^(gl[a-z]{2,5}-)[\w-]{8,}/.exec(value.trim());
    if (token)
        return `'${token[1]}${value.trim().slice(token[1]?.length ?? 0, (token[1]?.length ?? 0) + 4)}…'`;
    const escaped = value.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return `'${escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped}'`;
}


/***/ }),

/***/ 1862:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ followSource)
/* harmony export */ });
/* unused harmony export APPEAR_POLL_MS */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);
/* harmony import */ var _parse_duration_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6687);


/** How often GitLab is asked for a commit's pipeline while none exists: from 5 s to 30 s. */
const APPEAR_POLL_MS = [5_000, 30_000];
/** How often the wait for a commit's pipeline says it is still waiting. */
const STILL_WAITING_MS = 60_000;
/**
 * A pipeline the tool did not start, as the pipeline to wait for: by id or link, or the
 * newest pipeline of a commit, waiting for it to appear when GitLab has none yet (a pull
 * mirror creates it only once it has pulled the commit).
 */
function followSource(api, options) {
    const { target, project } = options;
    return {
        describe: () => target.kind === 'id'
            ? `Following pipeline #${target.id} of project '${project.display}' on ${options.gitlabUrl}`
            : `Following the newest pipeline of commit ${target.sha} in project '${project.display}'${options.ref ? ` on '${options.ref}'` : ''} on ${options.gitlabUrl}`,
        async start(stops) {
            if (target.kind === 'sha')
                return appeared(api, target.sha, options, stops);
            const pipeline = await api.pipeline(target.id, { stops });
            if (target.link && !samePage(pipeline.web_url, target.link))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GitLabError */ .YZ(`Pipeline #${target.id} of project '${project.display}' is at ${pipeline.web_url}, not at the link given in ${options.input} (${target.link}): the link names another project's pipeline.`, 200, { call: `read pipeline #${target.id}` });
            return pipeline;
        },
    };
}
function samePage(webUrl, link) {
    return (typeof webUrl === 'string' && webUrl.replace(/\/$/, '').toLowerCase() === link.toLowerCase());
}
/** The commit's newest pipeline, once GitLab has one; an error naming the commit at the timeout. */
async function appeared(api, sha, options, stops) {
    const { clock, logger } = options;
    const start = clock.now();
    const until = start + options.timeoutMs;
    const what = `a pipeline of commit ${sha} in project '${options.project.display}'${options.ref ? ` on '${options.ref}'` : ''}`;
    let pause = APPEAR_POLL_MS[0];
    let lastNotice = -Infinity;
    for (;;) {
        const [newest] = await api.ofCommit(sha, options.ref, { stops: { ...stops, deadline: until } });
        if (newest) {
            if (lastNotice > -Infinity)
                logger.info(`Pipeline #${newest.id} of commit ${sha.slice(0, 12)} appeared after ${(0,_parse_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(clock.now() - start)}`);
            return api.pipeline(newest.id, { stops });
        }
        if (stops.signal?.aborted)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GitLabError */ .YZ(`The run was cancelled while waiting for ${what}; none had appeared.`, 0);
        const left = until - clock.now();
        if (left <= 0)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GitLabError */ .YZ(`No pipeline appeared for ${what} within ${(0,_parse_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(options.timeoutMs)}: GitLab has not created one (has the commit reached GitLab — a mirror pulls on its own schedule — and does its configuration run a pipeline for it?).`, 404, { call: `list the pipelines of commit ${sha.slice(0, 12)}` });
        if (clock.now() - lastNotice >= STILL_WAITING_MS) {
            logger.info(`${lastNotice === -Infinity ? 'Waiting' : 'Still waiting'} for ${what} to appear (GitLab has none yet; a mirror creates it once it has pulled the commit), at most ${(0,_parse_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(left)} more`);
            lastNotice = clock.now();
        }
        await clock.sleep(Math.min(pause, left), stops.signal);
        pause = Math.min(pause * 2, APPEAR_POLL_MS[1]);
    }
}


/***/ }),

/***/ 4581:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   As: () => (/* binding */ isComplete),
/* harmony export */   RM: () => (/* binding */ JOBS_PER_PAGE),
/* harmony export */   bA: () => (/* binding */ LowestIds),
/* harmony export */   bn: () => (/* binding */ tallyJobs),
/* harmony export */   fR: () => (/* binding */ readTally)
/* harmony export */ });
/* unused harmony exports MAX_KEPT_JOBS, IN_PROGRESS_JOB_STATUSES, slim */
/* harmony import */ var _pipeline_statuses_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3804);

/** Jobs GitLab lists on one page: a pipeline with no more is read whole in one request. */
const JOBS_PER_PAGE = 100;
/** The most jobs of one kind (failed, manual, still to run) a tally keeps; the rest are counted. */
const MAX_KEPT_JOBS = 1_000;
/** Jobs of the stages in progress: moving, unlike `created` ones waiting for their stage. */
const IN_PROGRESS_JOB_STATUSES = [
    'waiting_for_resource',
    'preparing',
    'pending',
    'running',
    'scheduled',
];
/** True when the tally holds every job of the pipeline. */
function isComplete(tally) {
    return tally.jobs.length === tally.total;
}
/** A job with only the fields the tool reads, so that the rest of GitLab's answer can go. */
function slim(job) {
    const { id, name, stage, status, duration, web_url, allow_failure, failure_reason } = job;
    return { id, name, stage, status, duration, web_url, allow_failure, failure_reason };
}
const byId = (a, b) => a.id - b.id;
/** Keeps the `max` jobs of lowest id among those added, as slim copies, and counts them all. */
class LowestIds {
    max;
    kept = [];
    count = 0;
    constructor(max = MAX_KEPT_JOBS) {
        this.max = max;
    }
    add(job) {
        this.count++;
        this.kept.push(slim(job));
        if (this.kept.length >= this.max * 2)
            this.trim();
    }
    jobs() {
        this.trim();
        return this.kept;
    }
    trim() {
        this.kept.sort(byId);
        if (this.kept.length > this.max)
            this.kept.length = this.max;
    }
}
/**
 * The manual jobs kept: the blocking ones (`allow_failure: false`) apart from the optional
 * ones, so that thousands of optional manual jobs can never push out the one that blocks.
 */
class ManualJobs {
    blocking = new LowestIds();
    optional = new LowestIds();
    add(job) {
        (job.allow_failure === false ? this.blocking : this.optional).add(job);
    }
    jobs() {
        return unique([...this.blocking.jobs(), ...this.optional.jobs()]).sort(byId);
    }
}
/** Tallies a list of jobs read whole. */
function tallyJobs(jobs, status = '') {
    const failed = new LowestIds();
    const manual = new ManualJobs();
    const moving = new LowestIds();
    let done = 0;
    let blocking = 0;
    let lastDone;
    for (const job of jobs) {
        if (_pipeline_statuses_js__WEBPACK_IMPORTED_MODULE_0__/* .DONE_JOB_STATUSES */ .IJ.includes(job.status)) {
            done++;
            if (!lastDone || lastDone.id < job.id)
                lastDone = job;
        }
        if (job.status === 'created' || IN_PROGRESS_JOB_STATUSES.includes(job.status))
            moving.add(job);
        if (job.status === 'manual')
            manual.add(job);
        if (job.status === 'failed') {
            failed.add(job);
            if (!job.allow_failure)
                blocking++;
        }
    }
    const kept = jobs.length <= JOBS_PER_PAGE
        ? jobs.map(slim)
        : unique([...failed.jobs(), ...manual.jobs(), ...moving.jobs(), ...oneOrNone(lastDone)]);
    return {
        status,
        total: jobs.length,
        done,
        active: moving.count,
        failedCount: failed.count,
        blockingFailed: blocking,
        failed: failed.jobs(),
        manual: manual.jobs(),
        jobs: kept.sort(byId),
    };
}
/**
 * Reads a tally of the pipeline's jobs. A pipeline of one page is read in one request; a larger
 * one is counted by status with `scope[]` (GitLab's `X-Total`, one job a request), and only
 * its failed jobs, its jobs in progress (one page) and, while it waits on one, its manual jobs
 * are read. `total`, when known from an earlier read, saves the request that counts them all.
 */
async function readTally(api, pipeline, options = {}, total) {
    if (total === undefined || total <= JOBS_PER_PAGE) {
        const first = await api.jobsPage(pipeline.id, { ...options, perPage: JOBS_PER_PAGE });
        total = first.total ?? (await api.countJobs(pipeline.id, options)).count;
        if (first.jobs.length >= total)
            return tallyJobs(first.jobs, pipeline.status);
    }
    return readLarge(api, pipeline, total, options);
}
async function readLarge(api, pipeline, total, options) {
    const id = pipeline.id;
    const done = await api.countJobs(id, { ...options, scope: _pipeline_statuses_js__WEBPACK_IMPORTED_MODULE_0__/* .DONE_JOB_STATUSES */ .IJ });
    const created = await api.countJobs(id, { ...options, scope: ['created'] });
    const scope = IN_PROGRESS_JOB_STATUSES;
    const moving = await api.jobsPage(id, { ...options, scope, perPage: JOBS_PER_PAGE });
    const movingCount = moving.total ?? (await api.countJobs(id, { ...options, scope })).count;
    const failed = new LowestIds();
    let blocking = 0;
    await api.forEachJobsPage(id, (page) => {
        // The job's own status decides: a GitLab or a proxy that drops the query string would
        // answer every job to `scope[]=failed`; the filter only narrows the read.
        for (const job of page) {
            if (job.status !== 'failed')
                continue;
            failed.add(job);
            if (!job.allow_failure)
                blocking++;
        }
    }, { ...options, scope: ['failed'] });
    const manual = new ManualJobs();
    if (pipeline.status === 'manual')
        await api.forEachJobsPage(id, (page) => page.forEach((job) => job.status === 'manual' && manual.add(job)), {
            ...options,
            scope: ['manual'],
        });
    const samples = [
        ...moving.jobs.filter((job) => scope.includes(job.status)),
        ...oneOrNone(created.newest).filter((job) => job.status === 'created'),
        ...oneOrNone(done.newest).filter((job) => _pipeline_statuses_js__WEBPACK_IMPORTED_MODULE_0__/* .DONE_JOB_STATUSES */ .IJ.includes(job.status)),
    ];
    return {
        status: pipeline.status,
        total,
        done: done.count,
        active: created.count + movingCount,
        failedCount: failed.count,
        blockingFailed: blocking,
        failed: failed.jobs(),
        manual: manual.jobs(),
        jobs: unique([...failed.jobs(), ...manual.jobs(), ...samples.map(slim)]).sort(byId),
    };
}
/** The job as a list of one, or none. */
function oneOrNone(job) {
    return job ? [job] : [];
}
function unique(jobs) {
    const seen = new Set();
    return jobs.filter((job) => !seen.has(job.id) && !!seen.add(job.id));
}


/***/ }),

/***/ 4848:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Nb: () => (/* binding */ failedJobDetails),
/* harmony export */   VH: () => (/* binding */ failedJobProblems),
/* harmony export */   W_: () => (/* binding */ downstreamSection),
/* harmony export */   _Y: () => (/* binding */ failedJobText),
/* harmony export */   fu: () => (/* binding */ countProgress),
/* harmony export */   t6: () => (/* binding */ downstreamProgressText)
/* harmony export */ });
/* unused harmony export MAX_JOB_ROWS */
/* harmony import */ var _parse_duration_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6687);
/* harmony import */ var _pipeline_statuses_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3804);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6690);



/** The most jobs listed in one downstream pipeline's table; the rest are counted. */
const MAX_JOB_ROWS = 100;
function countProgress(pipelines, finished) {
    const jobs = pipelines.flatMap((p) => p.jobs ?? []);
    return {
        pipelines: pipelines.filter((p) => p.pipeline).length,
        running: pipelines.filter((p) => p.pipeline && !finished(p.pipeline.status)).length,
        jobs: jobs.length,
        done: jobs.filter((j) => _pipeline_statuses_js__WEBPACK_IMPORTED_MODULE_2__/* .DONE_JOB_STATUSES */ .IJ.includes(j.status)).length,
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
    return (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .details */ .zH)(`❌ ${name}: end of the log`, trace ?? '(the log could not be read)');
}
/** One downstream pipeline as a summary section: link, status, jobs, failed jobs' log tails. */
function downstreamSection(down) {
    const title = `Downstream pipeline ${down.name}`;
    const { pipeline } = down;
    const heading = pipeline
        ? `#### ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(title)}: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)(`#${pipeline.id}`, pipeline.web_url)} ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .statusMark */ .w8)(pipeline.status)}`
        : `#### ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(title)}: not started`;
    const trigger = `Trigger job ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(down.bridge.name)} (stage ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(down.bridge.stage)}): ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .statusMark */ .w8)(down.bridge.status)}`;
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
            lines.push('', `_The logs of ${unquoted} more failed job${unquoted > 1 ? 's are' : ' is'} not quoted here: see ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)('the pipeline', pipeline?.web_url ?? '')}._`);
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
        const took = typeof job.duration === 'number' ? (0,_parse_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a)(job.duration * 1000) : '';
        const optional = job.allow_failure && job.status === 'failed' ? ' (allowed to fail)' : '';
        rows.push(`| ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(job.stage)} | ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)(job.name, job.web_url)} | ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .statusMark */ .w8)(job.status)}${optional} | ${took} |`);
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
    const failed = pipelines.flatMap((p) => p.failed.map((f) => ({ ...f, gating: failsTheTop(p, pipelines) })));
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
            text: `${failed.length} downstream jobs failed; the first ${max} are reported one by one, and each downstream pipeline is linked.`,
        });
    }
    return problems;
}
/**
 * Whether a failure in this pipeline reached the top one: every trigger job on its path, from
 * the top down, failed with it and was not allowed to.
 */
function failsTheTop(down, all) {
    const onPath = all.filter((p) => p.path.length <= down.path.length && p.path.every((name, i) => down.path[i] === name));
    return onPath.every((p) => p.bridge.status === 'failed' && p.bridge.allow_failure !== true);
}


/***/ }),

/***/ 9090:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $k: () => (/* binding */ TRACED_FAILED_JOBS),
/* harmony export */   Lg: () => (/* binding */ cleanTrace),
/* harmony export */   PR: () => (/* binding */ finalReport),
/* harmony export */   Z: () => (/* binding */ TRACE_TAIL_BYTES)
/* harmony export */ });
/* unused harmony exports TRACE_TAIL_LINES, LISTED_JOBS, collectFinalReport */
/* harmony import */ var _job_tally_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4581);
/* harmony import */ var _optional_read_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9952);


/** The last lines of a failed job's log quoted in its annotation, bounded so a log cannot flood the page. */
const TRACE_TAIL_LINES = 20;
const TRACE_TAIL_BYTES = 4_096;
/** The jobs a report lists besides the failed ones: the first this many by id; the rest are counted. */
const LISTED_JOBS = 500;
/**
 * The failed jobs whose log tails are read, of each kind (those that may not fail, those
 * allowed to): as many as GitHub annotates a step. The others are listed without.
 */
const TRACED_FAILED_JOBS = 10;
/**
 * When the pipeline finished (and the run was not cancelled), reads what the summary and the
 * annotations show and reports it as one `report` finding.
 */
function finalReport() {
    return {
        name: 'final report',
        async end(end, ctx) {
            if (end.outcome !== 'passed' && end.outcome !== 'failed')
                return;
            if (ctx.stops.signal?.aborted)
                return;
            const report = await collectFinalReport(ctx.api, end.pipeline, ctx.redactor, end.last?.tallyIfRead, { stops: ctx.stops });
            ctx.report({ kind: 'report', report });
        },
    };
}
/**
 * Reads the jobs to list, the bridges and the failed jobs' log tails; what cannot be read is
 * left out. `known`, the tally of the last read, saves reading again what it holds. Whatever
 * the number of jobs, what is kept is bounded: the first jobs by id, the failed ones, counts.
 */
async function collectFinalReport(api, pipeline, redactor, known, options = {}) {
    const [jobs, bridges] = await Promise.all([
        (0,_optional_read_js__WEBPACK_IMPORTED_MODULE_0__/* .optional */ .l)(() => reportJobs(api, pipeline, known, options)),
        (0,_optional_read_js__WEBPACK_IMPORTED_MODULE_0__/* .optional */ .l)(() => api.bridges(pipeline.id, options)),
    ]);
    const failed = await readTails(api, jobs?.failed ?? [], redactor, options);
    // GitLab lists the newest first; the summary reads better in the order jobs ran.
    return {
        pipeline,
        jobs: jobs?.listed,
        jobCount: jobs?.total,
        failedCount: jobs?.failedCount,
        bridges: bridges?.sort((a, b) => a.id - b.id),
        failed,
    };
}
/** The first LISTED_JOBS jobs by id and the failed ones, with the counts of all. */
async function reportJobs(api, pipeline, known, options) {
    const tally = known ?? (await (0,_job_tally_js__WEBPACK_IMPORTED_MODULE_1__/* .readTally */ .fR)(api, pipeline, options));
    const { total, failedCount, failed } = tally;
    if ((0,_job_tally_js__WEBPACK_IMPORTED_MODULE_1__/* .isComplete */ .As)(tally))
        return { listed: tally.jobs, failed, total, failedCount };
    const first = await firstJobs(api, pipeline.id, total, options);
    const ids = new Set(first.map((j) => j.id));
    const listed = [...first, ...failed.filter((j) => !ids.has(j.id))].sort((a, b) => a.id - b.id);
    return { listed, failed, total, failedCount };
}
/** The first LISTED_JOBS jobs by id: GitLab lists the newest first, so from the last page back. */
async function firstJobs(api, id, total, options) {
    const keep = new _job_tally_js__WEBPACK_IMPORTED_MODULE_1__/* .LowestIds */ .bA(LISTED_JOBS);
    const last = Math.ceil(total / _job_tally_js__WEBPACK_IMPORTED_MODULE_1__/* .JOBS_PER_PAGE */ .RM);
    for (let page = last; page >= 1 && keep.count < LISTED_JOBS; page--) {
        const read = await api.jobsPage(id, { ...options, page, perPage: _job_tally_js__WEBPACK_IMPORTED_MODULE_1__/* .JOBS_PER_PAGE */ .RM });
        for (const job of read.jobs)
            keep.add(job);
    }
    return keep.jobs();
}
/** The log tails of the first TRACED_FAILED_JOBS failed jobs of each kind. */
async function readTails(api, jobs, redactor, options) {
    const traced = { allowed: 0, blocking: 0 };
    const failed = [];
    for (const job of jobs) {
        const kind = job.allow_failure ? 'allowed' : 'blocking';
        if (traced[kind]++ >= TRACED_FAILED_JOBS) {
            failed.push({ job });
            continue;
        }
        const raw = await (0,_optional_read_js__WEBPACK_IMPORTED_MODULE_0__/* .optional */ .l)(() => api.traceTail(job.id, TRACE_TAIL_BYTES * 4, options));
        failed.push(raw === undefined ? { job } : { job, trace: cleanTrace(raw, redactor) });
    }
    return failed;
}
/**
 * The last lines of a log, without terminal control sequences and GitLab's section markers,
 * secrets masked. The whole text is redacted before it is cut, so a secret cut in half by
 * the cut can never show.
 */
function cleanTrace(raw, redactor) {
    const text = redactor.redact(raw
        // eslint-disable-next-line no-control-regex
        .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
        // eslint-disable-next-line no-control-regex
        .replace(/\x1b[\]PX^_][\s\S]*?(\x07|\x1b\\)/g, '')
        .replace(/section_(start|end):\d+:[^\r\n]*?\r/g, ''));
    const lines = text
        .split(/\r?\n/)
        .map((l) => l.replace(/^.*\r(?!$)/, ''))
        // eslint-disable-next-line no-control-regex
        .map((l) => l.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ''))
        .filter((l, i, all) => l.trim() !== '' || i < all.length - 1);
    let tail = lines.slice(-TRACE_TAIL_LINES).join('\n');
    if (tail.length > TRACE_TAIL_BYTES)
        tail = tail.slice(-TRACE_TAIL_BYTES);
    return tail;
}


/***/ }),

/***/ 3266:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ liveLogWatchers)
/* harmony export */ });
/**
 * The watcher that follows the named jobs' logs live, when any are named; its modules load
 * only then, with the results' (result-modules.ts), so a trigger without a wait does not pay for them.
 */
async function liveLogWatchers(client, apiToken, patterns, sink, header) {
    if (patterns.length === 0)
        return [];
    // In the results' chunk: the downstream walk and the API are shared with them, held once.
    const { liveLogs, GitLabLiveLogApi, PipelineResultsApi } = await __nccwpck_require__.e(/* import() */ 467).then(__nccwpck_require__.bind(__nccwpck_require__, 4467));
    return [
        liveLogs({
            patterns,
            api: new GitLabLiveLogApi(client, apiToken, header),
            tree: new PipelineResultsApi(client, apiToken, undefined, header),
            sink,
        }),
    ];
}


/***/ }),

/***/ 6690:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
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
    return `${ICONS[status] ?? ''} ${cell(status)}`.trim();
}
/** Text safe inside a markdown table cell or a heading: no pipe, no HTML, one line. */
function cell(text) {
    return text
        .replace(/[|\\<>[\]`*_]/g, (c) => `&#${c.charCodeAt(0)};`)
        .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}
/** `[text](url)`, with the characters that would end the URL escaped. */
function link(text, url) {
    const safe = url.replace(/[()\s<>]/g, (c) => c === '(' ? '%28' : c === ')' ? '%29' : encodeURIComponent(c));
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


/***/ }),

/***/ 9952:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ optional)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);

/**
 * A read that may fail without harm (a log tail, the bridges of a report): what GitLab or the
 * network refused is left out as undefined, and so is a read cut by a stop (a StoppedError is
 * a NetworkError), so a report is still written from what was read; anything else (a bug)
 * still throws.
 */
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

/***/ 1455:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   H2: () => (/* binding */ jobProgress),
/* harmony export */   TH: () => (/* binding */ JOB_REFRESH_MS),
/* harmony export */   oz: () => (/* binding */ progressLine)
/* harmony export */ });
/* harmony import */ var _parse_duration_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6687);
/* harmony import */ var _job_tally_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4581);


/** While a pipeline runs, its jobs are re-read for the progress line at most this often. */
const JOB_REFRESH_MS = 60_000;
/**
 * "7/12 jobs done, 1 failed": a pipeline's progress from a tally of its jobs (or the jobs);
 * only failures that may not happen count as failed.
 */
function jobProgress(jobs) {
    const { done, total, blockingFailed } = isTally(jobs) ? jobs : (0,_job_tally_js__WEBPACK_IMPORTED_MODULE_1__/* .tallyJobs */ .bn)(jobs);
    return `${done}/${total} jobs done${blockingFailed ? `, ${blockingFailed} failed` : ''}`;
}
function isTally(jobs) {
    return !Array.isArray(jobs);
}
/**
 * One line per change of status or progress, not per poll:
 * `Pipeline #7: running, 7/12 jobs done, 1 failed (2m 5s)`. The jobs are read when the
 * status changes, and at most once a minute otherwise.
 */
function progressLine() {
    let lastLine = '';
    let progress = '';
    let readAt = -Infinity;
    return {
        name: 'progress line',
        async see(snapshot, { clock, logger }) {
            if (snapshot.statusChanged || clock.now() - readAt >= JOB_REFRESH_MS) {
                readAt = clock.now();
                const tally = await snapshot.jobs();
                if (tally?.total)
                    progress = `, ${jobProgress(tally)}`;
            }
            const line = `Pipeline #${snapshot.pipeline.id}: ${snapshot.pipeline.status}${progress}`;
            if (line !== lastLine) {
                logger.info(`${line} (${(0,_parse_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a)(snapshot.elapsedMs)})`);
                lastLine = line;
            }
            return undefined;
        },
    };
}


/***/ }),

/***/ 7470:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ resultWatchers)
/* harmony export */ });
/**
 * The watchers that fetch GitLab's results, in order: downstream pipelines (always,
 * when waiting), the test report, outputs from dotenv files, artifacts and logs. Their modules
 * load only when a wait fetches results (result-modules.ts), so a plain trigger does not pay
 * for them.
 */
async function resultWatchers(client, apiToken, results, host, logger, header) {
    const { PipelineResultsApi, downstreamPipelines, testReport, outputsFrom, downloadArtifacts } = await __nccwpck_require__.e(/* import() */ 467).then(__nccwpck_require__.bind(__nccwpck_require__, 4467));
    const api = new PipelineResultsApi(client, apiToken, logger, header);
    const options = { ...results, ...host };
    const watchers = [
        downstreamPipelines({ api, maxAnnotations: options.maxAnnotations }),
    ];
    if (options.testReport) {
        watchers.push(testReport({ api, maxAnnotations: options.maxAnnotations }));
    }
    if (options.outputsFrom.length > 0) {
        watchers.push(outputsFrom({
            api,
            sources: options.outputsFrom,
            reserved: options.reservedOutputs,
            input: options.names.outputsFrom,
        }));
    }
    if (options.artifactGlobs.length > 0 || options.downloadLogs) {
        watchers.push(downloadArtifacts({
            api,
            globs: options.artifactGlobs,
            logs: options.downloadLogs,
            artifactsPath: options.artifactsPath,
            maxBytes: options.artifactsMaxBytes,
            names: {
                artifacts: options.names.downloadArtifacts,
                maxBytes: options.names.artifactsMaxSize,
                path: options.names.artifactsPath,
            },
        }));
    }
    return watchers;
}


/***/ }),

/***/ 842:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  r: () => (/* binding */ standardWatchers)
});

// EXTERNAL MODULE: ./src/core/follow/watchers/final-report.ts
var final_report = __nccwpck_require__(9090);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(4296);
;// CONCATENATED MODULE: ./src/core/follow/watchers/manual-jobs.ts

/**
 * What a pipeline blocked on a manual job means, as the manual-job setting says: fail or
 * pass the step at once, wait for someone, or run the jobs. Only manual jobs with
 * `allow_failure: false` block a pipeline; optional ones (GitLab's default for manual jobs)
 * are never run and never named as blocking.
 */
function manualJobPolicy() {
    const played = new Set();
    let noted = false;
    return {
        name: 'manual-job policy',
        async see(snapshot, ctx) {
            const { pipeline } = snapshot;
            const { onManual } = ctx.settings;
            if (pipeline.status !== 'manual' || (onManual === 'wait' && noted))
                return undefined;
            const manual = await manualJobs(snapshot, ctx);
            const blocking = manual.filter((j) => j.allow_failure === false);
            const named = nameJobs(blocking);
            const setting = ctx.names.onManual;
            switch (onManual) {
                case 'pass':
                    return {
                        outcome: 'passed',
                        message: `Pipeline #${pipeline.id} is waiting for ${named} to be run by hand; passing as ${setting} is pass: ${pipeline.web_url}`,
                    };
                case 'fail':
                    return {
                        outcome: 'manual',
                        message: `Pipeline #${pipeline.id} is blocked on ${named}, which waits for someone to run it. Run it there, or set ${setting} to pass, wait or play.`,
                    };
                case 'wait':
                    ctx.logger.info(`Pipeline #${pipeline.id} waits for ${named} to be run by hand; waiting for it as ${setting} is wait.`);
                    noted = true;
                    return undefined;
                case 'play':
                    return play(pipeline, blocking, manual, played, ctx);
            }
        },
    };
}
/** The manual jobs and manual trigger jobs of the pipeline as last read. */
async function manualJobs(snapshot, ctx) {
    // The tally reads the manual jobs while the pipeline waits on one: when this runs.
    const jobs = (await snapshot.jobs())?.manual ?? [];
    let bridges = [];
    try {
        bridges = await ctx.api.bridges(snapshot.pipeline.id, { stops: ctx.stops, once: true });
    }
    catch (error) {
        if (error instanceof errors/* StoppedError */.Ko)
            throw error;
        ctx.logger.debug(`Trigger jobs not read: ${error.message}`);
    }
    return [...jobs, ...bridges.filter((b) => b.status === 'manual')];
}
/** Runs each blocking manual job once, says which optional ones were left, or why it could not. */
async function play(pipeline, blocking, manual, played, ctx) {
    const due = blocking.filter((j) => !played.has(j.id));
    if (due.length === 0)
        return undefined;
    const optional = manual.filter((j) => j.allow_failure !== false).map((j) => `'${j.name}'`);
    for (const job of due) {
        played.add(job.id);
        ctx.logger.info(`Running manual job '${job.name}' (stage ${job.stage}).`);
        try {
            await ctx.api.play(job.id, { stops: ctx.stops });
        }
        catch (error) {
            if (error instanceof errors/* StoppedError */.Ko)
                throw error;
            return {
                outcome: 'manual',
                message: `Pipeline #${pipeline.id} is blocked on '${job.name}' (stage ${job.stage}), and running it failed: ${error.message}`,
            };
        }
    }
    if (optional.length)
        ctx.logger.info(`Left the optional manual job${optional.length > 1 ? 's' : ''} ${optional.join(', ')} alone: ${optional.length > 1 ? 'they block' : 'it blocks'} nothing (allow_failure).`);
    return undefined;
}
function nameJobs(jobs) {
    return jobs.length
        ? jobs
            .map((j) => `'${j.name}' (stage ${j.stage})${j.web_url ? ` at ${j.web_url}` : ''}`)
            .join(', ')
        : 'a manual job';
}

// EXTERNAL MODULE: ./src/core/follow/watchers/progress-line.ts
var progress_line = __nccwpck_require__(1455);
;// CONCATENATED MODULE: ./src/core/follow/watchers/standard.ts



/** The watchers every wait has, in order: each run gets fresh ones, as they keep state. */
function standardWatchers() {
    return [(0,progress_line/* progressLine */.oz)(), manualJobPolicy(), (0,final_report/* finalReport */.PR)()];
}


/***/ }),

/***/ 4675:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   ET: () => (/* binding */ redirectTarget),
/* harmony export */   Vs: () => (/* binding */ retryAfterMs),
/* harmony export */   Y_: () => (/* binding */ gitlabSays),
/* harmony export */   _6: () => (/* binding */ isHtml),
/* harmony export */   oQ: () => (/* binding */ answered),
/* harmony export */   qF: () => (/* binding */ parseJson),
/* harmony export */   qS: () => (/* binding */ statusText),
/* harmony export */   s$: () => (/* binding */ jsonText),
/* harmony export */   yU: () => (/* binding */ baseMessages)
/* harmony export */ });
/* unused harmony exports MAX_JSON_DEPTH, withinDepth, withoutLinks */
/** Reason phrases for the statuses GitLab and the proxies in front of it answer with. */
const REASONS = {
    301: 'Moved Permanently',
    302: 'Found',
    303: 'See Other',
    307: 'Temporary Redirect',
    308: 'Permanent Redirect',
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    407: 'Proxy Authentication Required',
    409: 'Conflict',
    413: 'Payload Too Large',
    422: 'Unprocessable Entity',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
};
/** `404 Not Found`, `502 Bad Gateway`: the status as a person reads it. */
function statusText(status) {
    return REASONS[status] ? `${status} ${REASONS[status]}` : String(status);
}
/** Parses a JSON body; undefined when the body is not JSON (an HTML page, plain text, empty). */
function parseJson(response) {
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('json') && !/^\s*[[{]/.test(response.body))
        return undefined;
    try {
        const json = JSON.parse(response.body);
        // The walk only when the text looks too deep: it would cost every page of jobs its garbage.
        // The test can miss a deep value that closes a bracket at each level ([[],[[],…): what
        // prints or saves a whole answer uses jsonText, which cuts it then.
        return DEEP.test(response.body) ? withinDepth(json) : json;
    }
    catch {
        return undefined;
    }
}
/** No entity of GitLab's API nests nearly this deep: a pipeline's `detailed_status` is 3 levels. */
const MAX_JSON_DEPTH = 32;
/**
 * MAX_JSON_DEPTH brackets opened with none closed between them: a superset of JSON nested that
 * deep (brackets inside strings count too), found by the regular expression engine without a
 * JavaScript loop, whose compilation alone costs a short run megabytes.
 */
const DEEP = new RegExp(`(?:[\\[{][^\\]}\\[{]*){${MAX_JSON_DEPTH + 1}}`);
/**
 * Cuts whatever nests deeper than MAX_JSON_DEPTH to null, walking without recursion. Printing,
 * saving or quoting a value nested thousands deep (`JSON.stringify`, `String`) recurses and
 * throws RangeError; a pipeline whose answer carried one would be lost with its link.
 */
function withinDepth(root) {
    const stack = root && typeof root === 'object' ? [[root, 1]] : [];
    for (let next = stack.pop(); next; next = stack.pop()) {
        const [node, depth] = next;
        for (const key of Object.keys(node)) {
            const child = node[key];
            if (!child || typeof child !== 'object')
                continue;
            if (depth >= MAX_JSON_DEPTH)
                node[key] = null;
            else
                stack.push([child, depth + 1]);
        }
    }
    return root;
}
/**
 * A value from GitLab as JSON text, whatever its depth: one nested deeper than the stack allows
 * is cut at MAX_JSON_DEPTH first, rather than failing with "Maximum call stack size exceeded".
 */
function jsonText(value, space) {
    try {
        return JSON.stringify(value, null, space);
    }
    catch (error) {
        if (!(error instanceof RangeError))
            throw error;
        return JSON.stringify(withinDepth(value), null, space);
    }
}
/** True when the body is a web page: reported by its status, never dumped into the log. */
function isHtml(response) {
    return ((response.headers.get('content-type') ?? '').includes('html') ||
        /^\s*<(!doctype|html)/i.test(response.body));
}
/**
 * What GitLab said, in its own words, from the error shapes its API uses:
 * `{"message": "404 Not Found"}`, `{"message": {"base": ["Reference not found"]}}`,
 * `{"message": {"field": ["is invalid"]}}`, `{"error": "ref is missing"}`, or a short
 * plain-text body such as Rack::Attack's `Retry later`. Undefined for HTML and empty bodies.
 */
function gitlabSays(response) {
    const json = parseJson(response);
    if (json && typeof json === 'object') {
        if (typeof json.error === 'string')
            return shortened(json.error);
        if (typeof json.message === 'string')
            return shortened(json.message);
        if (json.message && typeof json.message === 'object') {
            const flat = flattenMessages(json.message);
            return flat ? shortened(flat) : undefined;
        }
        return undefined;
    }
    if (isHtml(response))
        return undefined;
    const text = response.body.trim();
    return text && text.length <= 200 && !text.includes('\n') ? text : undefined;
}
/** GitLab's words are quoted in one-line messages: at most 500 characters of them. */
const MAX_SAID = 500;
function shortened(text) {
    const plain = withoutLinks(text);
    return plain.length > MAX_SAID ? `${plain.slice(0, MAX_SAID - 1)}…` : plain;
}
/**
 * An HTML link in GitLab's words written out as text: older releases end the protected-ref
 * refusal with `<a href=https://docs.gitlab.com/…>Learn more</a>` (Chain::Validate::Abilities,
 * `.html_safe`), which a log line would otherwise print as markup. Nothing else is touched.
 */
function withoutLinks(text) {
    return text.replace(/<a\s+href=(["']?)([^"'\s>]+)\1\s*>([^<]*)<\/a>/gi, (_, _quote, url, label) => `${label.trim() || 'link'}: ${url}`);
}
/** The `message.base` texts of a 400/422: why GitLab would not create the pipeline. */
function baseMessages(response) {
    const json = parseJson(response);
    const base = json?.message?.base;
    // Only texts: anything else (a list, an object, nested at will) says nothing a person reads.
    return Array.isArray(base)
        ? base
            .filter((text) => typeof text === 'string' && text.trim() !== '')
            .map(withoutLinks)
        : [];
}
function flattenMessages(message) {
    return Object.entries(message)
        .flatMap(([field, texts]) => (Array.isArray(texts) ? texts : [texts])
        .filter((t) => typeof t === 'string' && t.trim() !== '')
        .map((t) => (field === 'base' ? t : `${field} ${t}`)))
        .join('; ');
}
/**
 * How long GitLab asks the client to wait, from `Retry-After` (seconds or an HTTP date),
 * else from `RateLimit-Reset` (epoch seconds, as GitLab's throttle sends it).
 */
function retryAfterMs(headers, now) {
    const retryAfter = headers.get('retry-after')?.trim();
    if (retryAfter) {
        if (/^\d+$/.test(retryAfter))
            return Number(retryAfter) * 1000;
        const date = Date.parse(retryAfter);
        if (!Number.isNaN(date))
            return Math.max(0, date - now);
    }
    const reset = headers.get('ratelimit-reset')?.trim();
    if (reset && /^\d+$/.test(reset)) {
        const value = Number(reset);
        // Epoch seconds when large, delta seconds when small (both are seen in the wild).
        return value > 1e9 ? Math.max(0, value * 1000 - now) : value * 1000;
    }
    return undefined;
}
/** Where a redirect points, without its query (which could hold anything). */
function redirectTarget(response) {
    const location = response.headers.get('location');
    if (!location)
        return undefined;
    try {
        const url = new URL(location);
        return `${url.origin}${url.pathname}`;
    }
    catch {
        return undefined;
    }
}
/**
 * `GitLab answered 404 Not Found (Reference not found)`: the status, then GitLab's own words
 * when they add anything, or a note that the body was an HTML page (never the page itself).
 */
function answered(response) {
    const status = statusText(response.status);
    const words = gitlabSays(response);
    const extra = words && words.toLowerCase() !== status.toLowerCase()
        ? ` (${words})`
        : !words && isHtml(response)
            ? ' with an HTML error page'
            : '';
    return `GitLab answered ${status}${extra}`;
}


/***/ }),

/***/ 632:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  zZ: () => (/* binding */ GitLabClient),
  t: () => (/* binding */ INTERRUPTED)
});

// UNUSED EXPORTS: MAX_PAGES, redirectRefusal, unsafeRedirect

;// CONCATENATED MODULE: external "node:dns/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns/promises");
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(4296);
// EXTERNAL MODULE: ./src/core/gitlab-answer.ts
var gitlab_answer = __nccwpck_require__(4675);
;// CONCATENATED MODULE: ./src/core/api-messages.ts


/** What a status means for any call, when the call gives no advice of its own. */
const MEANING = {
    401: 'the token was not accepted; check that it has not expired or been revoked',
    403: 'the token may not do this; it needs the api scope (read_api to read) and a role on the project that allows it',
    404: 'it does not exist, or the token may not see it',
    429: "GitLab's rate limit held; try again later",
};
/** What an answer means for any API call other than the trigger, in one line, kept as data too. */
function apiRefusal(response, call, now) {
    const { status } = response;
    const gitlabMessage = (0,gitlab_answer/* gitlabSays */.Y_)(response);
    const details = {
        call: call.what,
        gitlabMessage,
        retryAfterMs: (0,gitlab_answer/* retryAfterMs */.Vs)(response.headers, now),
    };
    if (status >= 300 && status < 400) {
        const location = (0,gitlab_answer/* redirectTarget */.ET)(response);
        const advice = 'redirects are not followed, so the token is never sent elsewhere; set the GitLab URL to the address GitLab lives at';
        return new errors/* GitLabError */.YZ(`GitLab answered ${(0,gitlab_answer/* statusText */.qS)(status)}${location ? `, pointing to ${location},` : ''} to the request to ${call.what}: ${advice}.`, status, { ...details, advice });
    }
    const advice = !call.withToken && (status === 401 || status === 403)
        ? 'GitLab does not allow this without a token; give one'
        : (call.advice?.({ status, gitlabMessage }) ??
            MEANING[status] ??
            (status >= 500 ? 'GitLab failed; try again later' : undefined));
    const answeredTo = `${(0,gitlab_answer/* answered */.oQ)(response)} to the request to ${call.what}`;
    return new errors/* GitLabError */.YZ(advice ? `${answeredTo}: ${advice}.` : `${answeredTo}.`, status, {
        ...details,
        advice,
    });
}

// EXTERNAL MODULE: ./src/core/network-failures.ts
var network_failures = __nccwpck_require__(6945);
// EXTERNAL MODULE: ./src/core/parse/duration.ts
var duration = __nccwpck_require__(6687);
// EXTERNAL MODULE: ./src/core/pipeline.ts
var core_pipeline = __nccwpck_require__(9081);
// EXTERNAL MODULE: ./src/core/retry.ts
var retry = __nccwpck_require__(7253);
;// CONCATENATED MODULE: ./src/core/trigger-messages.ts



/** The `message.base` texts GitLab's pipeline creation answers with, and what to do about each. */
const BASE_HINTS = [
    [
        /^Reference not found/,
        (ref) => ref.startsWith('refs/')
            ? `give the short name '${ref.replace(/^refs\/(heads|tags)\//, '')}' instead of '${ref}'`
            : `check that the branch or tag '${ref}' exists in the project (a commit SHA is not accepted)`,
    ],
    [
        /Insufficient permissions to set pipeline variables/,
        () => 
        // Every trigger sets TRIGGER_PAYLOAD, so leaving variables out does not help (GitLab
        // issue 557381): only the project setting or another token's owner can.
        `the token's owner may not set pipeline variables here, and every trigger sets one (TRIGGER_PAYLOAD), even without variables: a Maintainer can lower the project's "Minimum role to use pipeline variables" (Settings > CI/CD > Variables; "No one allowed" refuses every trigger), or use a token owned by someone whose role reaches it`,
    ],
    [
        /sufficient permission to run a pipeline/,
        (ref) => `the token's owner may not run pipelines on '${ref}' (a protected branch?); use a token owned by someone who may`,
    ],
    [
        /Too many pipelines created/,
        () => `GitLab limits how many pipelines a minute are created; run again in a minute`,
    ],
    [
        /filtered out by workflow rules|rules configuration prevented any jobs/,
        () => `the project's .gitlab-ci.yml rules exclude this pipeline; check its rules for pipelines whose source is "trigger"`,
    ],
];
/**
 * One line for every answer to the trigger other than 201, from the table of GitLab's
 * answers (lib/api/ci/triggers.rb and Ci::CreatePipelineService).
 */
function triggerRefusal(response, request, ctx, attempts, now) {
    const { status } = response;
    const where = `project '${request.project.display}' at ref '${request.ref}'`;
    const words = (0,gitlab_answer/* gitlabSays */.Y_)(response);
    const answeredWith = (0,gitlab_answer/* answered */.oQ)(response);
    const maybeCreated = `A pipeline may have been created, so the request was not repeated: check ${ctx.pipelinesPage(request.project)} before running again.`;
    const fail = (message) => new errors/* GitLabError */.YZ(message, status);
    if (status >= 300 && status < 400) {
        const location = (0,gitlab_answer/* redirectTarget */.ET)(response);
        return fail(`GitLab answered ${(0,gitlab_answer/* statusText */.qS)(status)}${location ? `, pointing to ${location}` : ''}: set the GitLab URL to the address GitLab lives at. Redirects are not followed, so the token is never sent elsewhere; no pipeline was created.`);
    }
    const base = (0,gitlab_answer/* baseMessages */.yU)(response);
    if ((status === 400 || status === 422) && base.length > 0) {
        const hints = base.flatMap((text) => BASE_HINTS.filter(([re]) => re.test(text)).map(([, hint]) => hint(request.ref)));
        const why = base.join(' ');
        const todo = hints.length > 0 ? ` To fix: ${hints.join('; ')}.` : '';
        return status === 422
            ? fail(`GitLab created a pipeline for ${where} but it failed at once: ${why}${period(why)} Fix .gitlab-ci.yml on '${request.ref}'; the failed pipeline is listed at ${ctx.pipelinesPage(request.project)}.${todo}`)
            : fail(`GitLab did not create a pipeline for ${where}: ${why}${period(why)}${todo}`);
    }
    switch (status) {
        case 400:
            return fail(`GitLab refused the trigger for ${where}: ${words ?? (0,gitlab_answer/* statusText */.qS)(status)}. No pipeline was created.`);
        case 401:
            return fail(/job/i.test(words ?? '')
                ? `${answeredWith} for ${where}: a CI job token is valid only while its job runs; pass $CI_JOB_TOKEN from the running job, or use a pipeline trigger token.`
                : `${answeredWith} for ${where}: the token was not accepted; check that it is a trigger token of this project that has not expired or been revoked.`);
        case 403:
            return fail(`${answeredWith} for ${where}: the token's owner may not trigger pipelines there, or a CI job token's project is not on this project's job token allowlist.`);
        case 404:
            return fail(`${answeredWith} for ${where} on ${ctx.host}: either no project has this id or path, or the token is not a trigger token of this project (GitLab does not say which). Check the project and the token.`);
        case 429: {
            const wait = (0,gitlab_answer/* retryAfterMs */.Vs)(response.headers, now);
            const long = wait !== undefined && wait > ctx.maxRetryAfterMs;
            return fail(long
                ? `${answeredWith}: GitLab's rate limit asks to wait ${(0,duration/* formatDuration */.a)(wait)}, longer than the ${(0,duration/* formatDuration */.a)(ctx.maxRetryAfterMs)} this tool waits. No pipeline was created; run again later.`
                : `${answeredWith} ${attempts} times: GitLab's rate limit held for every attempt. No pipeline was created; run again later.`);
        }
        case 503:
            return fail(`${answeredWith} ${attempts} times: GitLab is down for maintenance or overloaded. No pipeline was created; run again later.`);
        default:
            return fail(`${answeredWith} for ${where}. ${status >= 500 ? maybeCreated : 'No pipeline was created.'}`);
    }
}
function period(text) {
    return /[.!?]$/.test(text) ? '' : '.';
}

;// CONCATENATED MODULE: ./src/core/gitlab-client.ts









/** How a stop is told when the host says nothing else: the GitHub runner cancels a run. */
const INTERRUPTED = 'The run was cancelled';
/** The most pages any list is read to: 50,000 items at 100 a page. */
const MAX_PAGES = 500;
/**
 * The one place that talks to GitLab's REST API: it builds the requests, retries what may be
 * retried through the one retry engine, and turns every status and error body into an error
 * that keeps the status, the call and GitLab's words, with a message a person can act on.
 */
class GitLabClient {
    options;
    retry;
    /** When GitLab's rate limit, as its last answer told, lets the next request through. */
    rateLimitResetAt = 0;
    constructor(options) {
        this.options = options;
        this.retry = options.retry ?? retry/* DEFAULT_RETRY */.vI;
    }
    /** Where a project's pipelines are listed: the link given when a pipeline's own is unknown. */
    pipelinesPage(project) {
        const path = /^\d+$/.test(project.display) ? `projects/${project.display}` : project.display;
        return `${this.options.instance.url}/${path}/-/pipelines`;
    }
    /**
     * `POST /projects/:id/trigger/pipeline`. The token travels in the JSON body, never in the
     * URL. Retried only when GitLab certainly created nothing (429, 503, no connection):
     * a repeated trigger after a lost answer could start a second deployment.
     */
    async triggerPipeline(request, stops) {
        const body = { ref: request.ref, token: request.token };
        if (Object.keys(request.variables).length > 0)
            body.variables = request.variables;
        if (Object.keys(request.inputs).length > 0)
            body.inputs = request.inputs;
        const url = `${this.options.instance.apiUrl}/projects/${request.project.encoded}/trigger/pipeline`;
        const where = `project '${request.project.display}' at ref '${request.ref}'`;
        const maybeCreated = `A pipeline may have been created for ${where}, so the request was not repeated: check ${this.pipelinesPage(request.project)} before running again.`;
        const stopped = this.options.interrupted ?? INTERRUPTED;
        try {
            return await (0,retry/* retrying */.R$)(async () => {
                let response;
                // A trigger on its way is not dropped at a cancel: GitLab may create the pipeline
                // anyway, and only its answer says which one, so the run can cancel it. It gets
                // TRIGGER_GRACE_MS for that answer, no more: the runner kills a cancelled step within
                // seconds. The cancel still stops the pauses between attempts, and no attempt starts
                // after it.
                const grace = (0,retry/* abortedLater */.WL)(stops?.signal, retry/* TRIGGER_GRACE_MS */.lg, this.options.clock);
                try {
                    response = await this.send('POST', url, {}, body, {
                        deadline: stops?.deadline,
                        signal: grace.signal,
                    });
                }
                catch (error) {
                    if (error instanceof errors/* StoppedError */.Ko && error.reason === 'aborted')
                        throw this.fail(new errors/* StoppedError */.Ko(error.maybeProcessed
                            ? `${stopped} while the trigger was on its way, and GitLab did not answer within ${(0,duration/* formatDuration */.a)(retry/* TRIGGER_GRACE_MS */.lg)} of it. ${maybeCreated}`
                            : `${stopped} before the trigger reached GitLab (no connection within ${(0,duration/* formatDuration */.a)(retry/* TRIGGER_GRACE_MS */.lg)} of the cancel); no pipeline was created for ${where}.`, 'aborted', error.maybeProcessed));
                    if (!(error instanceof errors/* NetworkError */.Dr))
                        throw error;
                    if (error.maybeProcessed)
                        throw this.fail(new errors/* NetworkError */.Dr(`${error.message}. ${maybeCreated}`, true, error.code, error.status, {
                            cause: error,
                        }));
                    if ((0,network_failures/* isPermanent */.lE)(error))
                        throw this.fail(this.finalNetwork(error, 1));
                    return {
                        why: `${error.message}; nothing was sent`,
                        giveUp: (n) => this.fail(this.finalNetwork(error, n)),
                    };
                }
                finally {
                    grace.dispose();
                }
                return this.triggerAnswer(response, request, where);
            }, {
                ...this.retryOptions(stops),
                cancelledBetween: `${stopped} before GitLab created a pipeline for ${where}; the trigger was not sent again.`,
            });
        }
        catch (error) {
            throw error instanceof errors/* StoppedError */.Ko ? this.fail(error) : error;
        }
    }
    triggerAnswer(response, request, where) {
        const refusal = (attempts) => this.fail(triggerRefusal(response, request, this.describe(), attempts, this.options.clock.now()));
        if (response.status === 201) {
            const pipeline = (0,gitlab_answer/* parseJson */.qF)(response);
            if ((0,core_pipeline/* isPipeline */.D)(pipeline))
                return { done: pipeline };
            throw this.fail(new errors/* GitLabError */.YZ(`GitLab answered 201 Created for ${where}, but not with a pipeline, so its id is unknown: find it at ${this.pipelinesPage(request.project)}.`, 201));
        }
        if (response.status !== 429 && response.status !== 503)
            throw refusal(1);
        return {
            why: `GitLab answered ${(0,gitlab_answer/* statusText */.qS)(response.status)}${gitlabWords(response)}; no pipeline was created`,
            afterMs: (0,gitlab_answer/* retryAfterMs */.Vs)(response.headers, this.options.clock.now()),
            giveUp: refusal,
        };
    }
    /**
     * Sends one API call and returns GitLab's 2xx answer; any other answer is thrown as a
     * GitLabError whose message says what the status means for this call.
     */
    async api(call) {
        const url = new URL(`${this.options.instance.apiUrl}${call.path}`);
        for (const [key, value] of Object.entries(call.query ?? {})) {
            if (Array.isArray(value))
                for (const v of value)
                    url.searchParams.append(key, v);
            else if (value !== undefined)
                url.searchParams.set(key, String(value));
        }
        const headers = call.token
            ? { [call.token.header]: call.token.value }
            : {};
        const policy = call.once ? { ...this.retry, attempts: 1 } : this.retry;
        return (0,retry/* retrying */.R$)(() => this.apiAttempt(call, url.toString(), headers), {
            ...this.retryOptions(call.stops),
            policy,
        });
    }
    async apiAttempt(call, url, headers) {
        let response;
        try {
            response = await this.send(call.method, url, headers, call.json, call.stops, call);
        }
        catch (error) {
            if (!(error instanceof errors/* NetworkError */.Dr))
                throw error;
            const wrapped = () => this.fail(error instanceof errors/* StoppedError */.Ko
                ? error
                : new errors/* NetworkError */.Dr(`${error.message}, trying to ${call.what}.`, error.maybeProcessed, error.code, error.status, { cause: error }));
            const repeat = (call.idempotent || !error.maybeProcessed) &&
                !(0,network_failures/* isPermanent */.lE)(error) &&
                !(error instanceof errors/* StoppedError */.Ko);
            if (!repeat)
                throw wrapped();
            return { why: error.message, giveUp: wrapped };
        }
        const now = this.options.clock.now();
        if (response.status >= 200 && response.status < 300)
            return { done: response };
        const stored = call.fromStorage ? storageLocation(response) : undefined;
        if (stored) {
            const why = await redirectRefusal(stored, new URL(this.options.instance.url), this.options.lookup);
            if (why)
                throw this.fail(new errors/* GitLabError */.YZ(`GitLab sent the request to ${call.what} on to ${stored.origin}${stored.pathname}, ${why}: the redirect was not followed. Check the object storage settings of the GitLab instance (its proxy_download, or the storage's address).`, response.status, { call: call.what }));
            return { done: await this.fromStorage(stored, call) };
        }
        const refusal = () => this.fail(apiRefusal(response, { what: call.what, withToken: !!call.token, advice: call.advice }, now));
        // The call decides what is repeated, not the fault alone: a 502 or 504 may come after GitLab
        // did the work, so only a call that changes nothing is sent again after one.
        const repeat = response.status === 429 ||
            response.status === 503 ||
            (call.idempotent && [502, 504].includes(response.status));
        if (!repeat)
            throw refusal();
        return {
            why: `GitLab answered ${(0,gitlab_answer/* statusText */.qS)(response.status)}${gitlabWords(response)}`,
            afterMs: (0,gitlab_answer/* retryAfterMs */.Vs)(response.headers, now),
            giveUp: refusal,
        };
    }
    /** An API call whose answer is JSON. */
    async apiJson(call) {
        const response = await this.api(call);
        const json = (0,gitlab_answer/* parseJson */.qF)(response);
        if (json === undefined) {
            throw this.fail(new errors/* GitLabError */.YZ(`GitLab answered ${(0,gitlab_answer/* statusText */.qS)(response.status)} to ${call.what}, but not with JSON${(0,gitlab_answer/* isHtml */._6)(response) ? ' (an HTML page: is the URL that of GitLab?)' : ''}.`, response.status, { call: call.what }));
        }
        return json;
    }
    /**
     * Reads a paginated list page by page, handing each page to `onPage` so that a caller can
     * keep counts rather than every item. Stops at `x-total-pages` when GitLab gives it, at a
     * page that repeats, and at MAX_PAGES: a list that never ends is an error, not a hang.
     * `onPage` may return false to stop early.
     */
    async forEachPage(call, onPage, perPage = 100) {
        const seen = new Set();
        for (let page = '1'; page;) {
            seen.add(page);
            const response = await this.api({
                ...call,
                query: { ...call.query, per_page: perPage, page },
            });
            const json = (0,gitlab_answer/* parseJson */.qF)(response);
            if (!Array.isArray(json)) {
                throw this.fail(new errors/* GitLabError */.YZ(`GitLab answered ${(0,gitlab_answer/* statusText */.qS)(response.status)} to ${call.what}, but not with a list.`, response.status, { call: call.what }));
            }
            // GitLab answers pages past the end with []: an empty page ends the list, whatever the
            // headers say next.
            if (onPage(json) === false || json.length === 0)
                return;
            page = nextPage(response.headers, page, seen, call.what, response.status);
        }
    }
    /** Every page of a paginated list. */
    async apiAll(call, perPage = 100) {
        const items = [];
        await this.forEachPage(call, (page) => void items.push(...page), perPage);
        return items;
    }
    /**
     * How long to hold back before the next request: GitLab's `RateLimit-Remaining` reached 0
     * on its last answer, so anything sent before `RateLimit-Reset` would meet a 429.
     */
    rateLimitPauseMs() {
        return Math.max(0, this.rateLimitResetAt - this.options.clock.now());
    }
    noteRateLimit(headers) {
        if (headers.get('ratelimit-remaining')?.trim() !== '0')
            return;
        const wait = (0,gitlab_answer/* retryAfterMs */.Vs)(headers, this.options.clock.now());
        if (wait !== undefined)
            this.rateLimitResetAt = this.options.clock.now() + Math.min(wait, this.retry.maxRetryAfterMs);
    }
    retryOptions(stops) {
        return {
            policy: this.retry,
            clock: this.options.clock,
            logger: this.options.logger,
            stops,
            holdMs: () => this.rateLimitPauseMs(),
        };
    }
    describe() {
        return {
            host: new URL(this.options.instance.url).host,
            pipelinesPage: (p) => this.pipelinesPage(p),
            maxRetryAfterMs: this.retry.maxRetryAfterMs,
        };
    }
    finalNetwork(error, attempt) {
        const tries = attempt > 1 ? ` (tried ${attempt} times)` : '';
        const hint = ((0,network_failures/* isPermanent */.lE)(error) && error.code !== 'ENOTFOUND') || /proxy/i.test(error.message)
            ? ''
            : ': check the GitLab URL, and that this machine reaches it (set HTTPS_PROXY if it must go through a proxy)';
        return new errors/* NetworkError */.Dr(`${error.message}${tries}${hint}. No pipeline was created.`, false, error.code, undefined, { cause: error });
    }
    async send(method, url, headers, json, stops, body = {}) {
        this.options.logger.debug(`${method} ${url}`);
        const response = await this.options.send({
            method,
            url,
            headers: { accept: 'application/json', 'user-agent': this.options.userAgent, ...headers },
            json,
            signal: stops?.signal,
            timeoutMs: (0,retry/* timeLeft */.f$)(this.options.clock, stops),
            tailBytes: body.tailBytes,
            maxBytes: body.maxBytes,
            saveTo: body.saveTo,
            window: body.window,
        });
        this.noteRateLimit(response.headers);
        this.options.logger.debug(`${method} ${url} → ${response.status}${(0,gitlab_answer/* isHtml */._6)(response) ? ' (HTML page)' : ''}`);
        return response;
    }
    /**
     * Follows GitLab's redirect to object storage (a signed URL, good on its own) for a download,
     * without GitLab's token: the token never leaves GitLab's own address.
     */
    async fromStorage(location, call) {
        const where = `${location.origin}${location.pathname}`;
        this.options.logger.debug(`GET ${where} (object storage, without the token)`);
        const response = await this.options.send({
            method: 'GET',
            url: location.toString(),
            headers: { 'user-agent': this.options.userAgent },
            signal: call.stops?.signal,
            timeoutMs: (0,retry/* timeLeft */.f$)(this.options.clock, call.stops),
            tailBytes: call.tailBytes,
            maxBytes: call.maxBytes,
            saveTo: call.saveTo,
            window: call.window,
        });
        if (response.status >= 200 && response.status < 300)
            return response;
        throw this.fail(new errors/* GitLabError */.YZ(`The object storage GitLab sent the download to (${location.host}) answered ${(0,gitlab_answer/* statusText */.qS)(response.status)} to the request to ${call.what}.`, response.status, { call: call.what }));
    }
    /** Every error leaves the client through here, so no secret can ride out in a message. */
    fail(error) {
        error.message = this.options.redactor.redact(error.message);
        return error;
    }
}
/** The next page to read, or null at the end; a list that repeats or never ends is an error. */
function nextPage(headers, page, seen, what, status) {
    const next = headers.get('x-next-page')?.trim() || null;
    const total = Number(headers.get('x-total-pages') ?? NaN);
    if (!next || (Number.isFinite(total) && Number(page) >= total))
        return null;
    if (seen.has(next))
        throw new errors/* GitLabError */.YZ(`GitLab's answer to ${what} pointed back to page ${next}, which was already read; stopped reading the list there.`, status, { call: what });
    if (seen.size >= MAX_PAGES)
        throw new errors/* GitLabError */.YZ(`GitLab's answer to ${what} went on past ${MAX_PAGES} pages (${MAX_PAGES * 100} items), more than this tool reads; stopped reading the list there.`, status, { call: what });
    return next;
}
function gitlabWords(response) {
    const text = (0,gitlab_answer/* gitlabSays */.Y_)(response);
    return text ? ` (${text})` : (0,gitlab_answer/* isHtml */._6)(response) ? ' (an HTML error page)' : '';
}
/**
 * Why a redirect of a download must not be followed, or undefined when it may: object storage
 * is another host, but never a step down from https to http (the signed URL and the file would
 * travel in the clear), and never this machine or its link-local network (a cloud's metadata
 * service at 169.254.169.254) unless GitLab itself lives there.
 */
function unsafeRedirect(target, gitlab, addresses = {}) {
    if (gitlab.protocol === 'https:' && target.protocol !== 'https:')
        return 'which steps down from https to http';
    // A name is judged by the addresses it has too: 169.254.169.254.nip.io is the metadata service.
    const place = (url, found = []) => [url.hostname, ...found].map(placeOf).find((p) => p !== undefined);
    const where = place(target, addresses.target);
    if (where && where !== place(gitlab, addresses.gitlab))
        return `which is a ${where} address while GitLab (${gitlab.host}) is not on one`;
    return undefined;
}
const dnsLookup = (hostname) => (0,promises_namespaceObject.lookup)(hostname.replace(/^\[|\]$/g, ''), { all: true }).then((found) => found.map((a) => a.address), () => []);
/**
 * unsafeRedirect, with both host names looked up first. The look is not the connection (a name
 * may answer otherwise a moment later), but a name that plainly leads to this machine or to the
 * metadata service is refused.
 */
async function redirectRefusal(target, gitlab, lookup = dnsLookup) {
    const plain = unsafeRedirect(target, gitlab);
    if (plain)
        return plain;
    const [targetAddresses, gitlabAddresses] = await Promise.all([
        lookup(target.hostname),
        lookup(gitlab.hostname),
    ]);
    return unsafeRedirect(target, gitlab, { target: targetAddresses, gitlab: gitlabAddresses });
}
/** Whether a host name is this machine (loopback) or its link-local network. */
function placeOf(hostname) {
    // A name's trailing dot (`localhost.`, fully qualified) names the same host.
    const host = hostname
        .replace(/^\[|\]$/g, '')
        .replace(/\.$/, '')
        .toLowerCase();
    const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
    if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '::')
        return 'loopback';
    if (v4) {
        const [a, b] = [Number(v4[1]), Number(v4[2])];
        if (a === 127 || a === 0)
            return 'loopback';
        if (a === 169 && b === 254)
            return 'link-local';
        return undefined;
    }
    // IPv6 link-local, fe80::/10; a mapped IPv4 in hex: 127.x (::ffff:7f00:1) and 0.x
    // (::ffff:0:0, which Linux connects to this machine) are loopback.
    if (/^fe[89ab][0-9a-f]:/.test(host))
        return 'link-local';
    if (/^::ffff:(?:7f[0-9a-f]{2}|[0-9a-f]{1,2}):/.test(host))
        return 'loopback';
    if (/^::ffff:a9fe:/.test(host))
        return 'link-local';
    return undefined;
}
/** Where a redirect of a download points, when it is one to follow (GET-able http(s)). */
function storageLocation(response) {
    if (![301, 302, 303, 307, 308].includes(response.status))
        return undefined;
    try {
        const url = new URL(response.headers.get('location') ?? '');
        return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 6620:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Ng: () => (/* binding */ connect)
});

// UNUSED EXPORTS: bypassesProxy, proxyAgents

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __nccwpck_require__(8474);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(4296);
// EXTERNAL MODULE: ./src/core/gitlab-client.ts + 3 modules
var gitlab_client = __nccwpck_require__(632);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: ./src/core/confined-paths.ts
var confined_paths = __nccwpck_require__(6382);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(7067);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
// EXTERNAL MODULE: ./src/core/parse/artifact-globs.ts
var artifact_globs = __nccwpck_require__(4231);
;// CONCATENATED MODULE: external "node:v8"
const external_node_v8_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");
;// CONCATENATED MODULE: external "node:vm"
const external_node_vm_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:vm");
;// CONCATENATED MODULE: ./src/core/streamed-memory.ts


/**
 * Keeps a long streamed body (a job log read for its tail, an artifacts download) from piling up
 * in memory. Each read of the socket is a new buffer outside V8's heap, freed only when a
 * collection runs; those buffers are young objects, but a stream makes so little other garbage
 * that no young collection comes, and V8 lets about 64 MiB of such memory build up before it
 * collects on its own: reading a 200 MB log and keeping nothing peaked at 137 MiB. A young-
 * generation collection every few MiB streamed frees the buffers already read, and costs about
 * a millisecond. The collector is reached the way Jest's leak detector reaches it (the flag,
 * then a new context's `gc`); where that fails, streaming goes on as before.
 */
/** How many bytes may be streamed between two collections. */
const STREAMED_BYTES_PER_COLLECTION = 1024 * 1024;
let collect;
function collector() {
    if (collect !== undefined)
        return collect;
    const exposed = globalThis.gc;
    if (typeof exposed === 'function')
        return (collect = exposed);
    try {
        (0,external_node_v8_namespaceObject.setFlagsFromString)('--expose-gc');
        const found = (0,external_node_vm_namespaceObject.runInNewContext)('gc');
        collect = typeof found === 'function' ? found : null;
    }
    catch {
        collect = null;
    }
    return collect;
}
/**
 * Counts the bytes of one streamed body and collects young garbage every
 * `STREAMED_BYTES_PER_COLLECTION`. Bodies shorter than that never reach the collector.
 */
class StreamedMemory {
    every;
    sinceCollection = 0;
    constructor(every = STREAMED_BYTES_PER_COLLECTION) {
        this.every = every;
    }
    /** Notes `bytes` more streamed; returns true when a collection ran. */
    streamed(bytes) {
        this.sinceCollection += bytes;
        if (this.sinceCollection < this.every)
            return false;
        this.sinceCollection = 0;
        const run = collector();
        if (!run)
            return false;
        run({ type: 'minor' });
        return true;
    }
}

// EXTERNAL MODULE: ./src/core/network-failures.ts
var network_failures = __nccwpck_require__(6945);
;// CONCATENATED MODULE: ./src/core/http-transport.ts








/** No answer the tool reads whole is near this size: a page of 100 jobs is about 300 KiB. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
/**
 * Sends requests. Redirects are never followed: a 307/308 would carry the token in the body
 * to wherever the Location points, and a 301/302 would turn the trigger into a GET; the
 * caller reports them instead.
 *
 * Requests use node:http(s), directly or through a proxy's agent: it starts in half the time of
 * Node's fetch and holds ~15 MiB less (fetch compiles its WebAssembly HTTP parser), and it
 * tells exactly whether the connection was ever made, which decides whether a trigger may be
 * repeated.
 */
function createHttpSend(options) {
    return nodeSend(options);
}
/** Collects a body: whole up to a ceiling, or only its last `tailBytes`. */
class BodyCollector {
    maxBytes;
    tailBytes;
    chunks = [];
    size = 0;
    tooLarge = false;
    constructor(maxBytes, tailBytes) {
        this.maxBytes = maxBytes;
        this.tailBytes = tailBytes;
    }
    add(chunk) {
        this.chunks.push(chunk);
        this.size += chunk.length;
        if (this.tailBytes === undefined) {
            this.tooLarge = this.size > this.maxBytes;
            return;
        }
        while (this.chunks.length > 1 && this.size - (this.chunks[0]?.length ?? 0) >= this.tailBytes)
            this.size -= this.chunks.shift()?.length ?? 0;
    }
    text() {
        const all = Buffer.concat(this.chunks);
        const cut = this.tailBytes === undefined ? all : all.subarray(-this.tailBytes);
        return cut.toString('utf8');
    }
}
/**
 * Hands on the bytes of a body's window as text, chunk by chunk, and counts them all: nothing
 * is held but the few bytes of a character cut by a chunk's end.
 */
class WindowCollector {
    window;
    cut = Buffer.alloc(0);
    kept = 0;
    size = 0;
    constructor(window) {
        this.window = window;
    }
    add(chunk) {
        const start = Math.max(this.window.from - this.size, 0);
        this.size += chunk.length;
        const room = this.window.maxBytes - this.kept - this.cut.length;
        if (start >= chunk.length || room <= 0)
            return;
        const part = chunk.subarray(start, start + room);
        const bytes = this.cut.length ? Buffer.concat([this.cut, part]) : part;
        const whole = bytes.length - cutCharacter(bytes);
        this.cut = bytes.subarray(whole);
        this.kept += whole;
        if (whole > 0)
            this.window.onText(bytes.toString('utf8', 0, whole), whole);
    }
    /** The size and the bytes handed on; a character the window's end cut is not among them. */
    read() {
        return { size: this.size, kept: this.kept };
    }
}
/** How many bytes at the end of `bytes` begin a UTF-8 character that is not complete. */
function cutCharacter(bytes) {
    for (let back = 1; back <= Math.min(3, bytes.length); back++) {
        const byte = bytes[bytes.length - back] ?? 0;
        if ((byte & 0xc0) === 0x80)
            continue; // a continuation byte: look further back
        const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
        return length > back ? back : 0;
    }
    return 0;
}
function tooLarge(host, maxBytes, status) {
    return new errors/* NetworkError */.Dr(`The answer from ${host} was larger than ${(0,artifact_globs/* formatSize */.Xq)(maxBytes)}, more than any answer this tool reads whole; the rest was not read`, true, 'TOO_LARGE', status);
}
/** The file a saved body could not be written to: not a network failure, and not repeated. */
class SaveError extends Error {
    name = 'SaveError';
}
/** A streamed body's file: counts the bytes, stops at the ceiling, and waits for the disk. */
class FileSink {
    saveTo;
    host;
    status;
    file;
    filter;
    failure;
    written = 0;
    constructor(saveTo, host, status) {
        this.saveTo = saveTo;
        this.host = host;
        this.status = status;
        // A link planted where the file goes fails the open (ELOOP) rather than being followed.
        // Node hands the flags to fs.open, which takes them as a number; the type says string only.
        this.file = (0,external_node_fs_.createWriteStream)(saveTo.path, { flags: confined_paths/* WRITE_NO_FOLLOW */.ev });
        this.filter = saveTo.filter?.();
        this.file.on('error', (error) => (this.failure ??= this.saveError(error)));
    }
    /** Writes a chunk; false when the disk wants a pause (wait for `drained`). Throws past the ceiling or on a write failure. */
    write(chunk) {
        if (this.failure)
            throw this.failure;
        this.written += chunk.length;
        if (this.written > this.saveTo.maxBytes)
            throw tooLarge(this.host, this.saveTo.maxBytes, this.status);
        return this.file.write(this.filter ? this.filter.push(chunk) : chunk);
    }
    drained() {
        return new Promise((resolve) => {
            const done = () => {
                this.file.off('drain', done).off('close', done);
                resolve();
            };
            this.file.once('drain', done).once('close', done);
        });
    }
    /** Flushes and closes the file; the bytes written. */
    finish() {
        return new Promise((resolve, reject) => {
            if (this.failure)
                return reject(this.failure);
            // The callback has the stream's error, which may come before the 'error' event.
            this.file.end(this.filter?.end() ?? Buffer.alloc(0), (error) => error || this.failure
                ? reject((this.failure ??= this.saveError(error ?? new Error('unknown'))))
                : resolve(this.written));
        });
    }
    saveError(error) {
        const why = error.code === 'ELOOP' ? 'it is a link, which is never written through' : error.message;
        return new SaveError(`Could not write ${this.saveTo.path}: ${why}`, { cause: error });
    }
    abandon() {
        this.file.destroy();
    }
}
function stopped(connected) {
    return new errors/* StoppedError */.Ko(connected
        ? 'The run was cancelled while a request to GitLab was on its way'
        : 'The run was cancelled before a request reached GitLab', 'aborted', connected);
}
function headersOf(res) {
    return {
        get: (name) => {
            const value = res.headers[name.toLowerCase()];
            return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        },
    };
}
function nodeSend(options) {
    return (request) => new Promise((resolve, reject) => new NodeExchange(options, request, resolve, reject).start());
}
/**
 * One request over node:http(s): it knows whether the connection was ever made, bounds the
 * connect and the whole answer in time, drops the request when the run is cancelled, and
 * reads the body whole up to a ceiling or keeps only its tail.
 */
class NodeExchange {
    options;
    request;
    resolve;
    reject;
    url;
    timeoutMs;
    req;
    connected = false;
    status;
    connectTimer;
    responseTimer;
    deadlineTimer;
    sink;
    /** Set by the first failure: a destroyed body's later errors and ends change nothing. */
    failed = false;
    /** Aborted when the exchange gives up before it had a socket: an agent closes what it opened. */
    abandon = new AbortController();
    onAbort = () => this.giveUp(stopped(this.connected));
    constructor(options, request, resolve, reject) {
        this.options = options;
        this.request = request;
        this.resolve = resolve;
        this.reject = reject;
        this.url = new URL(request.url);
        this.timeoutMs = Math.min(request.timeoutMs ?? Infinity, options.responseTimeoutMs);
    }
    start() {
        const { request, url } = this;
        if (request.signal?.aborted)
            return this.reject(stopped(false));
        const body = request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json));
        const headers = { ...request.headers };
        if (body) {
            headers['content-type'] = 'application/json';
            headers['content-length'] = String(body.length);
        }
        const send = url.protocol === 'https:' ? external_node_https_namespaceObject.request : external_node_http_.request;
        const abandon = { abandon: this.abandon.signal };
        let req;
        try {
            req = send(url, {
                method: request.method,
                headers,
                // A trigger gets a connection of its own: on a kept-alive socket the server may have
                // closed meanwhile, a reset could not tell "never arrived" from "arrived".
                agent: this.options.agent?.(request.method) ?? (request.method === 'GET' ? undefined : false),
                ...abandon,
            });
        }
        catch (error) {
            return this.reject(unsendable(error, url.host));
        }
        this.req = req;
        this.connectTimer = setTimeout(() => this.giveUp(Object.assign(new Error('connect timeout'), { code: 'UND_ERR_CONNECT_TIMEOUT' })), Math.min(network_failures/* CONNECT_TIMEOUT_MS */.cC, this.timeoutMs));
        request.signal?.addEventListener('abort', this.onAbort, { once: true });
        req.on('socket', (socket) => {
            // A new direct socket is still connecting (for https, until TLS is done); a proxy agent's
            // is handed over ready, its tunnel up and TLS with GitLab done, as is a kept-alive one.
            if (!socket.connecting)
                return this.onConnected();
            socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => this.onConnected());
        });
        req.on('response', (res) => this.onResponse(res));
        req.on('error', (error) => this.fail(error));
        req.on('close', () => this.settle());
        req.end(body);
    }
    onConnected() {
        this.connected = true;
        clearTimeout(this.connectTimer);
        const timeout = () => this.giveUp(Object.assign(new Error('response timeout'), { name: 'TimeoutError' }));
        if (this.request.saveTo || this.request.window) {
            // A long download is bounded by its pauses, refreshed with each chunk, and the deadline.
            this.responseTimer = setTimeout(timeout, this.options.responseTimeoutMs);
            if (this.request.timeoutMs !== undefined)
                this.deadlineTimer = setTimeout(timeout, this.request.timeoutMs);
            return;
        }
        this.responseTimer = setTimeout(timeout, this.timeoutMs);
    }
    onResponse(res) {
        const status = (this.status = res.statusCode ?? 0);
        if (status === 407 && this.options.agent) {
            // The forward proxy's own answer to a plain-http request: it carried nothing to GitLab.
            res.resume();
            return this.fail(new network_failures/* ProxyRefusal */.fR(status));
        }
        if (this.request.saveTo && status >= 200 && status < 300)
            return this.saveBody(res, status, this.request.saveTo);
        if (this.request.window && status >= 200 && status < 300)
            return this.windowBody(res, status, this.request.window);
        const maxBytes = this.request.maxBytes ?? this.options.maxBodyBytes ?? MAX_BODY_BYTES;
        const collector = new BodyCollector(maxBytes, this.request.tailBytes);
        const memory = new StreamedMemory();
        res.on('data', (chunk) => {
            collector.add(chunk);
            memory.streamed(chunk.length);
            if (collector.tooLarge)
                this.stopBody(res, tooLarge(this.url.host, maxBytes, status));
        });
        res.on('error', (error) => this.fail(error));
        res.on('end', () => {
            this.settle();
            if (!res.complete)
                return this.fail(Object.assign(new Error('answer cut short'), { code: 'ECONNRESET' }));
            if (!this.failed)
                this.resolve({ status, headers: headersOf(res), body: collector.text() });
        });
    }
    /** Hands on a 2xx body's window, counting the rest as it flows past. */
    windowBody(res, status, window) {
        const collector = new WindowCollector(window);
        const memory = new StreamedMemory();
        res.on('data', (chunk) => {
            // A long log is bounded by its pauses, like a saved download, and by the deadline.
            this.responseTimer?.refresh();
            memory.streamed(chunk.length);
            try {
                collector.add(chunk);
            }
            catch (error) {
                return this.stopBody(res, error);
            }
            if (window.maxSize === undefined || collector.size <= window.maxSize || this.failed)
                return;
            // Enough: what is read says the body is too large; the rest would only cost.
            this.failed = true; // nothing that follows the destroy may settle the exchange again
            this.settle();
            this.resolve({
                status,
                headers: headersOf(res),
                body: '',
                window: { ...collector.read(), leftUnread: true },
            });
            res.destroy();
            this.req?.destroy();
        });
        res.on('error', (error) => this.fail(error));
        res.on('end', () => {
            this.settle();
            if (!res.complete)
                return this.fail(Object.assign(new Error('answer cut short'), { code: 'ECONNRESET' }));
            if (!this.failed)
                this.resolve({ status, headers: headersOf(res), body: '', window: collector.read() });
        });
    }
    /** Streams a 2xx body to the file, pausing the socket while the disk catches up. */
    saveBody(res, status, saveTo) {
        const sink = (this.sink = new FileSink(saveTo, this.url.host, status));
        const memory = new StreamedMemory();
        res.on('data', (chunk) => {
            this.responseTimer?.refresh();
            memory.streamed(chunk.length);
            try {
                if (!sink.write(chunk)) {
                    res.pause();
                    void sink.drained().then(() => res.resume());
                }
            }
            catch (error) {
                this.stopBody(res, error);
            }
        });
        res.on('error', (error) => this.fail(error));
        res.on('end', () => {
            if (!res.complete)
                return this.fail(Object.assign(new Error('answer cut short'), { code: 'ECONNRESET' }));
            sink.finish().then((saved) => {
                this.settle();
                if (!this.failed)
                    this.resolve({ status, headers: headersOf(res), body: '', saved });
            }, (error) => this.fail(error));
        });
    }
    /**
     * Stops reading a body that must not be read further and fails with `error`. The body may
     * have arrived whole already, its socket back with the agent: destroying the request with
     * the error would then emit it on that socket, where nothing listens, and crash the process.
     */
    stopBody(res, error) {
        this.fail(error);
        res.destroy();
        this.req?.destroy();
    }
    settle() {
        clearTimeout(this.connectTimer);
        clearTimeout(this.responseTimer);
        clearTimeout(this.deadlineTimer);
        this.request.signal?.removeEventListener('abort', this.onAbort);
    }
    /**
     * Drops the request and fails at once: an agent may not have handed over a socket yet, and
     * node:http reports a destroyed request's error only once it has one.
     */
    giveUp(error) {
        this.req?.destroy(error);
        this.fail(error);
    }
    fail(error) {
        if (this.failed)
            return;
        this.failed = true;
        this.settle();
        this.sink?.abandon();
        if (!this.connected)
            this.abandon.abort();
        if (error instanceof errors/* NetworkError */.Dr || error instanceof SaveError)
            return this.reject(error);
        const failure = (0,network_failures/* describeFailure */.Ic)(error, {
            host: this.url.host,
            timeoutMs: this.timeoutMs,
            status: this.status,
            connected: this.connected,
            caCertSetting: this.options.caCertSetting,
        });
        this.reject(this.options.agent ? (0,network_failures/* throughProxy */.EU)(failure) : failure);
    }
}
/** Node refuses a header value it cannot send (a token with an invisible character). */
function unsendable(error, host) {
    const bad = /\["?([\w-]+)"?\]/.exec(error.message)?.[1];
    return new errors/* NetworkError */.Dr(`The request to ${host} could not be sent: ${bad ? `the ${bad} header holds` : 'a header holds'} a character HTTP does not allow; retype the token without invisible characters`, false, error.code ?? 'ERR_INVALID_CHAR');
}

// EXTERNAL MODULE: ./src/core/version.ts + 1 modules
var version = __nccwpck_require__(4910);
;// CONCATENATED MODULE: ./src/core/gitlab-connection.ts






/**
 * A proxy variable's value as a URL. `proxy.corp:3128` is common (curl takes it) and means
 * http://; anything else that is not an http(s) URL is refused here, naming the variable.
 */
function proxyUrl(env, names) {
    const name = names.find((n) => env[n]?.trim());
    if (!name)
        return undefined;
    const value = (env[name] ?? '').trim();
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
    let url;
    try {
        url = new URL(withScheme);
    }
    catch {
        url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || !url.hostname) {
        throw new errors/* InputError */.dz(name, 'is not a proxy address', 'write it as http://host:port (with user:password@ before the host if the proxy wants them)');
    }
    return withScheme;
}
/**
 * Whether NO_PROXY leaves `url` out of the proxy, by the rules of undici's EnvHttpProxyAgent
 * (Node's fetch with NODE_USE_ENV_PROXY): entries split on commas and spaces; `*` for every
 * host; `example.com` and `.example.com` for the domain and its subdomains, `*.example.com`
 * for its subdomains only; an entry's `:port` restricts it to that port.
 */
function bypassesProxy(url, noProxy) {
    let host = url.hostname.replace(/^\[(.+)\]$/, '$1').toLowerCase();
    if (host.length > 1 && host.endsWith('.'))
        host = host.slice(0, -1);
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    return noProxy.split(/[,\s]/).some((entry) => {
        if (!entry)
            return false;
        const bracketed = /^\[(.+)\]:(\d+)$/.exec(entry);
        const bare = entry.replace(/^\[(.+)\]$/, '$1');
        const hostPort = (bare.match(/:/g) ?? []).length === 1 ? /^(.+):(\d+)$/.exec(bare) : null;
        const name = bracketed?.[1] ?? hostPort?.[1] ?? bare;
        const entryPort = Number(bracketed?.[2] ?? hostPort?.[2] ?? 0);
        if (entryPort && entryPort !== port)
            return false;
        const wildcard = entry.startsWith('*');
        const domain = name
            .replace(/^\*?\./, '')
            .replace(/^(.+)\.$/, '$1')
            .toLowerCase();
        if (domain === '*')
            return true;
        return (!wildcard && host === domain) || host.endsWith(`.${domain}`);
    });
}
/**
 * A client for one instance. Verification of the instance's certificate is never turned off;
 * a private CA is trusted through `connection.caCerts` or NODE_EXTRA_CA_CERTS. Requests go
 * through the proxy that `HTTPS_PROXY`/`HTTP_PROXY` name, unless `NO_PROXY` lists the
 * instance, over node:http with a proxy agent (`proxyAgents`), loaded only when a proxy
 * applies to the instance, so a run without one does not pay for it at start-up.
 */
async function connect(instance, options) {
    const env = options.env ?? process.env;
    const responseTimeoutMs = options.connection?.requestTimeoutMs ?? 30_000;
    const caCerts = options.connection?.caCerts ?? [];
    if (caCerts.length > 0) {
        // Added to the CAs every TLS client of this process trusts (Node's list, NODE_EXTRA_CA_CERTS),
        // so direct and proxied connections alike verify the instance's certificate against it.
        // node:tls is loaded only here: a plain-http or default-CA run does not pay for it at start-up.
        const tls = await Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 1692, 23));
        tls.setDefaultCACertificates([...tls.getCACertificates('default'), ...caCerts]);
        options.logger.debug(`Trusting ${caCerts.length} more CA certificate(s) for ${instance.url}.`);
    }
    const httpsProxy = proxyUrl(env, ['HTTPS_PROXY', 'https_proxy']);
    const httpProxy = proxyUrl(env, ['HTTP_PROXY', 'http_proxy']);
    const noProxy = env.NO_PROXY ?? env.no_proxy ?? '';
    const target = new URL(instance.apiUrl);
    const secure = target.protocol === 'https:';
    // As curl does: HTTPS requests use HTTP_PROXY when HTTPS_PROXY is not set.
    const proxy = secure ? (httpsProxy ?? httpProxy) : httpProxy;
    const applies = proxy !== undefined && !bypassesProxy(target, noProxy);
    if ((httpsProxy || httpProxy) && !applies)
        options.logger.debug(`HTTPS_PROXY/HTTP_PROXY do not apply to ${target.host} (NO_PROXY, or no proxy for ${target.protocol}); connecting directly.`);
    let agent;
    if (applies && proxy) {
        agent = await proxyAgents(proxy, secure);
        options.logger.debug('Requests go through the proxy named by HTTPS_PROXY/HTTP_PROXY (NO_PROXY honoured).');
    }
    return new gitlab_client/* GitLabClient */.zZ({
        instance,
        send: createHttpSend({ responseTimeoutMs, agent, caCertSetting: options.caCertSetting }),
        userAgent: version/* USER_AGENT */._,
        logger: options.logger,
        redactor: options.redactor,
        clock: options.clock,
        retry: options.retry,
        interrupted: options.interrupted,
    });
}
/**
 * The agents that carry requests through `proxy` (a URL; credentials in it are sent as Basic
 * proxy authorisation, never printed): for an https instance, https-proxy-agent's tunnel (a
 * CONNECT, then TLS with GitLab through it, its certificate verified as a direct connection's);
 * for plain http, http-proxy-agent's forwarding (absolute-form requests). GETs share a
 * kept-alive agent; anything else gets a fresh one that keeps nothing, so a trigger never
 * goes out on a socket that may have been closed meanwhile.
 */
async function proxyAgents(proxy, secure) {
    const make = secure ? await tunnel(proxy) : await forwarder(proxy);
    const shared = make(true);
    return (method) => (method === 'GET' ? shared : make(false));
}
/**
 * https-proxy-agent, handing over its socket only once the tunnel is up and TLS with GitLab
 * done, so that "connected" means what it does for a direct request; a CONNECT answered with
 * another status than 200 is thrown as the proxy's refusal.
 */
async function tunnel(proxy) {
    const { HttpsProxyAgent } = await quietly(() => Promise.all(/* import() */[__nccwpck_require__.e(411), __nccwpck_require__.e(566)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1566)));
    const { checkServerIdentity } = await Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 1692, 23));
    class Tunnel extends HttpsProxyAgent {
        async connect(...[req, opts]) {
            let status = 200;
            req.once('proxyConnect', (answer) => {
                status = answer.statusCode ?? status;
            });
            // https-proxy-agent leaves out the host when it starts TLS in the tunnel, and Node then
            // checks the certificate of a GitLab known by its IP address against the proxy's name.
            const host = opts.host ?? '';
            const verified = {
                ...opts,
                checkServerIdentity: (_, cert) => checkServerIdentity(host, cert),
            };
            const socket = await abandonable(this, opts, () => super.connect(req, verified));
            if (status !== 200) {
                socket.destroy();
                throw new network_failures/* ProxyRefusal */.fR(status);
            }
            if (!opts.secureEndpoint)
                return socket;
            try {
                await (0,external_node_events_.once)(socket, 'secureConnect', { signal: opts.abandon });
            }
            catch (error) {
                socket.destroy();
                throw error;
            }
            return socket;
        }
    }
    return (keepAlive) => new Tunnel(proxy, { keepAlive });
}
/** http-proxy-agent: plain-http requests forwarded by the proxy, in absolute form. */
async function forwarder(proxy) {
    const { HttpProxyAgent } = await quietly(() => Promise.all(/* import() */[__nccwpck_require__.e(411), __nccwpck_require__.e(947)]).then(__nccwpck_require__.bind(__nccwpck_require__, 8947)));
    class Forwarder extends HttpProxyAgent {
        connect(...[req, opts]) {
            return abandonable(this, opts, () => super.connect(req, opts));
        }
    }
    return (keepAlive) => new Forwarder(proxy, { keepAlive });
}
/**
 * Runs an agent's connect() with the exchange's abandonment given to the socket it opens to
 * the proxy (net.connect takes a signal): the agents open it synchronously, first thing, from
 * `connectOpts`, so it is set for that call only. A proxy that never answers is then not left
 * holding a socket, nor the process open, once the exchange gave up.
 */
function abandonable(agent, opts, connect) {
    const base = agent.connectOpts;
    agent.connectOpts = { ...base, signal: opts.abandon };
    try {
        return connect();
    }
    finally {
        agent.connectOpts = base;
    }
}
/**
 * Loads a proxy agent with DEBUG unset: they log through the `debug` package when DEBUG names
 * them, the request with its token and the proxy's credentials included, past the redactor.
 * `debug` reads DEBUG once, when it loads, so the agents stay silent.
 */
async function quietly(load) {
    const debug = process.env.DEBUG;
    delete process.env.DEBUG;
    try {
        return await load();
    }
    finally {
        if (debug !== undefined)
            process.env.DEBUG = debug;
    }
}


/***/ }),

/***/ 3090:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   GY: () => (/* binding */ checkedBridges),
/* harmony export */   _P: () => (/* binding */ checkedJobs)
/* harmony export */ });
/* unused harmony exports MAX_NAME_LENGTH, isId, jobProblem, bridgeProblem */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);

/**
 * GitLab keeps job names to 255 characters: `Ci::BuildNeed::MAX_JOB_NAME_LENGTH = 255`
 * (app/models/ci/build_need.rb), which the pipeline's YAML processor checks again for a
 * parallel job's expanded name ("name is too long (maximum is 255 characters)").
 */
const MAX_NAME_LENGTH = 255;
/** Statuses, stages and failure reasons are short words; anything longer is not GitLab's. */
const MAX_WORD_LENGTH = 255;
/** True for an id GitLab gives: a positive integer that fits a path without surprise. */
function isId(value) {
    return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
/** What is wrong with one job, or undefined when it may be used. */
function jobProblem(value) {
    if (typeof value !== 'object' || value === null)
        return 'an entry that is not an object';
    const job = value;
    if (!isId(job.id))
        return `a job whose id is not a positive integer (${shown(job.id)})`;
    if (typeof job.name !== 'string' || job.name === '' || job.name.length > MAX_NAME_LENGTH)
        return `job ${job.id}, whose name is not text of 1 to ${MAX_NAME_LENGTH} characters`;
    for (const field of ['status', 'stage']) {
        const text = job[field];
        if (typeof text !== 'string' || text.length > MAX_WORD_LENGTH)
            return `job ${job.id}, whose ${field} is not a short text (${shown(text)})`;
    }
    if (job.web_url !== undefined && job.web_url !== null && typeof job.web_url !== 'string')
        return `job ${job.id}, whose web_url is not text`;
    return undefined;
}
/** What is wrong with one trigger job and the pipeline it started, or undefined. */
function bridgeProblem(value) {
    const problem = jobProblem(value);
    if (problem)
        return problem.replace(/\bjob\b/, 'trigger job');
    const down = value.downstream_pipeline;
    if (down === null || down === undefined)
        return undefined;
    const pipeline = down;
    if (typeof down !== 'object' || !isId(pipeline.id) || !isId(pipeline.project_id))
        return `trigger job ${value.id}, whose downstream pipeline's id or project id is not a positive integer`;
    if (typeof pipeline.status !== 'string' || pipeline.status.length > MAX_WORD_LENGTH)
        return `trigger job ${value.id}, whose downstream pipeline has no short status`;
    return undefined;
}
/** The list as jobs, when every entry is one; else a GitLabError naming the first that is not. */
function checkedJobs(items, what) {
    return checked(items, jobProblem, what);
}
function checkedBridges(items, what) {
    return checked(items, bridgeProblem, what);
}
function checked(items, problemOf, what) {
    for (const item of items) {
        const problem = problemOf(item);
        if (problem)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GitLabError */ .YZ(`GitLab's answer to the request to ${what} held ${problem}; the answer was not used.`, 200, { call: what });
    }
    return items;
}
/** A value from GitLab as a short quote for a message: never long, never a control character. */
function shown(value) {
    const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
    return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}


/***/ }),

/***/ 5892:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ok: () => (/* binding */ PIPELINE_INPUTS_SINCE),
/* harmony export */   PZ: () => (/* binding */ releaseBefore),
/* harmony export */   US: () => (/* binding */ JOB_TOKEN_PIPELINE_READS_SINCE),
/* harmony export */   aA: () => (/* binding */ TRIGGER_TOKEN_EXPIRY_SINCE),
/* harmony export */   km: () => (/* binding */ readGitLabVersion)
/* harmony export */ });
/* unused harmony export releaseOf */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);

/**
 * The release of the GitLab instance, for features that older releases lack. GitLab answers
 * `GET /version` to any authenticated user (lib/api/metadata.rb: `before { authenticate! }`,
 * the read_user scope besides api and read_api): an access token will do; a CI job token (the
 * route is not job_token_allowed) or a trigger token will not.
 */
/**
 * The first release that keeps a trigger token's `expires_at`: lib/api/ci/triggers.rb declares
 * `optional :expires_at` from 17.0 (GitLab MR 146912); an older one drops the parameter unread
 * and the token never expires. The emulator's table (emulator/releases.js) says the same.
 */
const TRIGGER_TOKEN_EXPIRY_SINCE = '17.0';
/**
 * The first release that takes pipeline inputs on the trigger API: lib/api/ci/triggers.rb
 * passes `inputs` on behind a flag in 17.10, on by default from 17.11; older ones ignore it.
 */
const PIPELINE_INPUTS_SINCE = '17.11';
/**
 * The first release that lets a CI job token read a pipeline, list pipelines and trigger jobs
 * (`job_token_allowed` on those routes of lib/api/ci/pipelines.rb; see emulator/releases.js).
 */
const JOB_TOKEN_PIPELINE_READS_SINCE = '18.1';
/** `17.11.3-ee` → [17, 11]; undefined when the text is no release. */
function releaseOf(version) {
    const match = /^(\d{1,3})\.(\d{1,3})(?:\.\d{1,3})?(?:-[a-z0-9]+)?$/i.exec(version.trim());
    return match ? [Number(match[1]), Number(match[2])] : undefined;
}
/** True when `version` is a release older than `since` ('17.0'); false when unknown. */
function releaseBefore(version, since) {
    const have = version === undefined ? undefined : releaseOf(version);
    const want = releaseOf(since);
    if (!have || !want)
        return false;
    return have[0] < want[0] || (have[0] === want[0] && have[1] < want[1]);
}
/**
 * The instance's version (`17.11.3-ee`), or undefined when it cannot be read: a missing
 * version must never stop what the user asked for, only the advice that depends on it.
 */
async function readGitLabVersion(client, token, options = {}) {
    try {
        const answer = await client.apiJson({
            ...options,
            method: 'GET',
            path: '/version',
            token,
            what: 'read the GitLab version',
            idempotent: true,
        });
        const version = typeof answer?.version === 'string' ? answer.version : undefined;
        return version !== undefined && releaseOf(version) ? version : undefined;
    }
    catch (error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GitLabError */ .YZ || error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr)
            return undefined;
        throw error;
    }
}


/***/ }),

/***/ 6945:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   EU: () => (/* binding */ throughProxy),
/* harmony export */   Ic: () => (/* binding */ describeFailure),
/* harmony export */   cC: () => (/* binding */ CONNECT_TIMEOUT_MS),
/* harmony export */   fR: () => (/* binding */ ProxyRefusal),
/* harmony export */   lE: () => (/* binding */ isPermanent)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);
/* harmony import */ var _parse_duration_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6687);


/**
 * The failure taxonomy of one HTTP exchange: whatever a transport throws becomes a
 * NetworkError whose message names the host (never a URL or a body) and whose
 * `maybeProcessed` says whether the request may have reached GitLab.
 */
/** How long to wait for a connection (through a proxy: its CONNECT and TLS too), stated so the messages can say it. */
const CONNECT_TIMEOUT_MS = 10_000;
/**
 * Errors that happen before a single byte of the request reaches the server: the request
 * certainly did nothing, so even a trigger may be repeated.
 */
const NOT_SENT = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EADDRNOTAVAIL',
    'UND_ERR_CONNECT_TIMEOUT',
]);
const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_|HOSTNAME_MISMATCH)/;
/** Turns whatever the transport threw into a NetworkError whose message names no URL and no body. */
function describeFailure(error, ctx) {
    const { host, status } = ctx;
    const code = errorCode(error);
    const known = knownFailure(error, code, ctx);
    if (known)
        return known;
    if (code && NOT_SENT.has(code)) {
        const bare = host.replace(/:\d+$/, '');
        const what = {
            ECONNREFUSED: `Could not connect to ${host} (connection refused)`,
            ENOTFOUND: `Could not find the host ${bare} (DNS lookup failed)`,
            EAI_AGAIN: `Could not look up the host ${bare} (DNS did not answer)`,
            UND_ERR_CONNECT_TIMEOUT: `Could not connect to ${host} within ${(0,_parse_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(CONNECT_TIMEOUT_MS)}`,
        };
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr(what[code] ?? `Could not connect to ${host} (${code})`, false, code);
    }
    if (ctx.connected === false) {
        // The connection was never made (or its TLS handshake never finished): nothing was sent.
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr(`Could not connect to ${host} (${code ?? 'no error code'})`, false, code);
    }
    const during = status === undefined
        ? 'before GitLab answered'
        : `while GitLab's answer (${status}) was being read`;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr(`The connection to ${host} broke ${during} (${code ?? 'no error code'})`, true, code, status);
}
/** Timeouts, refused ports, a proxy's refusal, an untrusted certificate: each says what to do. */
function knownFailure(error, code, ctx) {
    const { host, status } = ctx;
    if (isTimeout(error)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr(`No complete answer from ${host} within ${(0,_parse_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(ctx.timeoutMs)}`, true, 'TIMEOUT', status);
    }
    if (causes(error).some((message) => message === 'bad port')) {
        // fetch refuses ports browsers block (6000, 6667, …) before connecting.
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr(`Could not connect to ${host}: Node's fetch refuses that port (one browsers block); serve GitLab on another port`, false, 'BAD_PORT');
    }
    const proxy = proxyRefusal(error);
    if (proxy) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr(`The proxy refused to carry the request to ${host} (${proxy}): check HTTPS_PROXY/HTTP_PROXY (a proxy that wants a password takes it in its URL, http://user:password@proxy:3128), or list ${host.replace(/:\d+$/, '')} in NO_PROXY`, false, 'PROXY_REFUSED');
    }
    if (code && TLS_CODES.test(code)) {
        const where = ctx.caCertSetting ? `give that CA's certificate in ${ctx.caCertSetting} or ` : '';
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr(`The TLS certificate of ${host} is not trusted (${code}): if a private CA signed it, ${where}point NODE_EXTRA_CA_CERTS at its PEM file`, false, code);
    }
    return undefined;
}
/**
 * A proxy that would not carry the request: it answered its CONNECT with another status than
 * 200 (https-proxy-agent hands back a socket that replays that answer; the tunnel's agent
 * throws this instead), or a forwarded plain-http request with 407. Nothing reached GitLab.
 */
class ProxyRefusal extends Error {
    status;
    name = 'ProxyRefusal';
    code = 'PROXY_REFUSED';
    constructor(status) {
        super(`Proxy response (${status})`);
        this.status = status;
    }
}
/** A connection failure through a proxy names the proxy, which is as likely the cause. */
function throughProxy(error) {
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StoppedError */ .Ko)
        return error;
    if (error.maybeProcessed || error.code === 'PROXY_REFUSED' || isPermanent(error))
        return error;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr(`${error.message}, through the proxy named by HTTPS_PROXY/HTTP_PROXY: check that the proxy runs and reaches GitLab, or list the host in NO_PROXY`, false, error.code);
}
/** Errors no repetition can cure: a host that does not exist, an untrusted certificate, a proxy's refusal. */
function isPermanent(error) {
    return (error.code === 'ENOTFOUND' ||
        error.code === 'BAD_PORT' ||
        error.code === 'ERR_INVALID_CHAR' ||
        error.code === 'PROXY_REFUSED' ||
        error.code === 'TOO_LARGE' ||
        (error.code !== undefined && TLS_CODES.test(error.code)));
}
/** The messages of an error and its causes, outermost first. */
function causes(error) {
    const messages = [];
    for (let current = error, depth = 0; current && depth < 5; depth++) {
        messages.push(String(current.message ?? ''));
        current = current.cause;
    }
    return messages;
}
/** `407 Proxy Authentication Required`, when the proxy said no (a ProxyRefusal, or a message naming its answer). */
function proxyRefusal(error) {
    if (error instanceof ProxyRefusal)
        return statusLabel(error.status);
    for (const message of causes(error)) {
        const status = /Proxy response \((\d{3})\)|Proxy Authentication Required \((\d{3})\)/.exec(message);
        if (status)
            return statusLabel(Number(status[1] ?? status[2]));
    }
    return undefined;
}
function statusLabel(status) {
    const reasons = {
        403: 'Forbidden',
        407: 'Proxy Authentication Required',
        502: 'Bad Gateway',
        503: 'Service Unavailable',
    };
    return reasons[status] ? `${status} ${reasons[status]}` : String(status);
}
function isTimeout(error) {
    const name = error?.name;
    return (name === 'TimeoutError' ||
        ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'].includes(errorCode(error) ?? ''));
}
/** The deepest error code: fetch wraps the socket's error in `cause`, sometimes an AggregateError. */
function errorCode(error) {
    let current = error;
    let code;
    for (let depth = 0; current && depth < 5; depth++) {
        const e = current;
        if (typeof e.code === 'string')
            code = e.code;
        current = e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined);
    }
    return code;
}


/***/ }),

/***/ 5598:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   e9: () => (/* binding */ nodeVersionProblem)
/* harmony export */ });
/* unused harmony exports MIN_NODE_VERSION, NODE_ENGINES_RANGE */
/**
 * The oldest Node.js the action and the command line run on, stated once: package.json's
 * `engines.node` says the same, and a test holds the two together.
 * tls.setDefaultCACertificates (a private CA) needs 22.19.
 */
const MIN_NODE_VERSION = '22.19.0';
/** The `engines.node` range package.json must declare. */
const NODE_ENGINES_RANGE = (/* unused pure expression or super */ null && (`>=${MIN_NODE_VERSION}`));
function parts(version) {
    return version
        .replace(/^v/, '')
        .split('.')
        .map((part) => Number.parseInt(part, 10) || 0);
}
/**
 * Why this Node.js cannot run the tool, or undefined when it can. Said plainly up front rather
 * than left to a library's TypeError later.
 */
function nodeVersionProblem(program, version = process.versions.node) {
    const have = parts(version);
    const need = parts(MIN_NODE_VERSION);
    for (let i = 0; i < need.length; i += 1) {
        const a = have[i] ?? 0;
        const b = need[i] ?? 0;
        if (a > b)
            return undefined;
        if (a < b) {
            return `${program} needs Node.js ${MIN_NODE_VERSION} or later (24 recommended); this is v${version.replace(/^v/, '')}.`;
        }
    }
    return undefined;
}


/***/ }),

/***/ 4231:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DB: () => (/* binding */ parseSize),
/* harmony export */   Th: () => (/* binding */ parseArtifactGlobs),
/* harmony export */   Xq: () => (/* binding */ formatSize),
/* harmony export */   _I: () => (/* binding */ matchesAny)
/* harmony export */ });
/* unused harmony export DEFAULT_ARTIFACTS_MAX_BYTES */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);

/** The largest archive (downloaded, and unpacked) taken by default: 1 GiB. */
const DEFAULT_ARTIFACTS_MAX_BYTES = (/* unused pure expression or super */ null && (1024 ** 3));
/**
 * Reads `download_artifacts`: job names or globs, one a line (`*` any run of characters,
 * `?` one); blank lines and `#` comments skipped.
 */
function parseArtifactGlobs(value, input) {
    const globs = [];
    for (const [index, raw] of value.split(/\r?\n/).entries()) {
        const text = raw.trim();
        if (text === '' || text.startsWith('#'))
            continue;
        // eslint-disable-next-line no-control-regex
        if (/[\0-\x1f]/.test(text))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `has ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoted */ .TL)(text)} on line ${index + 1}, with a control character`, 'write one job name or glob (such as build-*) a line');
        globs.push(text);
    }
    return [...new Set(globs)];
}
/** Whether a job's name matches one of the globs, whole and case-sensitively. */
function matchesAny(globs, name) {
    return globs.some((glob) => globRegExp(glob).test(name));
}
function globRegExp(glob) {
    const body = [...glob]
        .map((c) => c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
        .join('');
    return new RegExp(`^${body}$`);
}
const UNITS = {
    '': 1,
    b: 1,
    k: 1024,
    kb: 1024,
    kib: 1024,
    m: 1024 ** 2,
    mb: 1024 ** 2,
    mib: 1024 ** 2,
    g: 1024 ** 3,
    gb: 1024 ** 3,
    gib: 1024 ** 3,
};
/**
 * Reads a size: plain bytes, or a number with K, M or G (KB/KiB…, all powers of 1024):
 * `512MiB`, `2G`, `1.5GB`.
 */
function parseSize(value, input) {
    const text = value.trim();
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
    const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
    const bytes = match && unit !== undefined ? Math.floor(Number(match[1]) * unit) : NaN;
    if (!Number.isFinite(bytes) || bytes < 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoted */ .TL)(text)}, which is not a size`, 'give a size such as 500MiB or 2GiB (K, M and G count in 1024s), or plain bytes');
    }
    return bytes;
}
/** `1 GiB`, `512 MiB`, `900 KiB`, `12 B`: a size as a person reads it. */
function formatSize(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let n = bytes;
    let i = 0;
    while (n >= 1024 && i < units.length - 1) {
        n /= 1024;
        i++;
    }
    return `${i === 0 ? n : Number(n.toFixed(1))} ${units[i]}`;
}


/***/ }),

/***/ 8839:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   HU: () => (/* binding */ parseChoice),
/* harmony export */   pT: () => (/* binding */ parseChoiceList),
/* harmony export */   yG: () => (/* binding */ parseBoolean)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);

/** Reads `true`/`false` as YAML 1.2 and GitHub's own boolean inputs spell them. */
function parseBoolean(value, input) {
    const text = value.trim().toLowerCase();
    if (text === 'true')
        return true;
    if (text === 'false')
        return false;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoted */ .TL)(value.trim())}`, `give true or false`);
}
/** Reads one of a fixed set of words. */
function parseChoice(value, input, choices) {
    const text = value.trim().toLowerCase();
    const found = choices.find((c) => c === text);
    if (found)
        return found;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoted */ .TL)(value.trim())}`, `give one of ${choices.join(', ')}`);
}
/** Reads a list of words from one of a fixed set, separated by commas, spaces or newlines. */
function parseChoiceList(value, input, choices) {
    const words = value.split(/[\s,]+/).filter(Boolean);
    if (words.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is empty`, `give one or more of ${choices.join(', ')}`);
    }
    return [...new Set(words.map((w) => parseChoice(w, input, choices)))];
}


/***/ }),

/***/ 6687:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ parseDuration),
/* harmony export */   a: () => (/* binding */ formatDuration)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);

const UNITS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
/**
 * Reads a duration: `90s`, `30m`, `2h`, `1h30m`, or plain seconds (`3600`), into milliseconds.
 */
function parseDuration(value, input, options = {}) {
    const text = value.trim().toLowerCase();
    const expected = `give a duration such as 90s, 30m, 2h or 1h30m, or plain seconds`;
    let ms;
    if (/^\d+(\.\d+)?$/.test(text))
        ms = Number(text) * 1000;
    else if (/^(\d+(\.\d+)?(ms|s|m|h)\s*)+$/.test(text)) {
        ms = 0;
        for (const [, amount = '0', unit = 's'] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
            ms += Number(amount) * (UNITS[unit] ?? 1000);
        }
    }
    if (ms === undefined || !Number.isFinite(ms)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoted */ .TL)(value.trim())}, which is not a duration`, `${expected}`);
    }
    ms = Math.round(ms);
    if (options.min !== undefined && ms < options.min) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoted */ .TL)(value.trim())}, shorter than the ${formatDuration(options.min)} it must be at least`);
    }
    if (options.max !== undefined && ms > options.max) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoted */ .TL)(value.trim())}, longer than the ${formatDuration(options.max)} it may be at most`);
    }
    return ms;
}
/**
 * `1h 2m 3s`, `45s`, `2.5s`, `0.5s`: a duration as a person reads it, the one format of every
 * message. Below ten seconds a part of a second is shown to the tenth (a pause of 2.5s is not
 * `3s`); from ten seconds on, whole seconds.
 */
function formatDuration(ms) {
    if (ms < 10_000 && ms % 1000 !== 0)
        return `${Number((ms / 1000).toFixed(1))}s`;
    let seconds = Math.round(ms / 1000);
    const h = Math.floor(seconds / 3600);
    seconds -= h * 3600;
    const m = Math.floor(seconds / 60);
    seconds -= m * 60;
    return [h && `${h}h`, m && `${m}m`, (seconds || (!h && !m)) && `${seconds}s`]
        .filter(Boolean)
        .join(' ');
}


/***/ }),

/***/ 4388:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ parseGitLabUrl)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);

const API_SUFFIX = '/api/v4';
/**
 * Reads the instance address. Accepts an instance root, a root under a sub-path, or an
 * API URL ending in `/api/v4` (GitLab CI's `CI_API_V4_URL`), with or without a trailing slash.
 */
function parseGitLabUrl(value, input, 
/** Where the token is given instead, for the message about credentials in the URL. */
tokenSetting) {
    const text = value.trim();
    const shown = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoted */ .TL)(withoutCredentials(text));
    const expected = `give the address of the GitLab instance, such as https://gitlab.com or https://gitlab.example.com/api/v4`;
    if (text === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is empty`, `${expected}`);
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is ${shown}, which is not a URL`, `${expected}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is ${shown}, which is not an http(s) address`, `${expected}`);
    }
    if (url.username || url.password) {
        // A credential in the URL would be sent to every proxy and printed in every message.
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `carries a user name or password`, `remove it and pass the token through ${tokenSetting} instead`);
    }
    if (url.search || url.hash) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is ${shown}, which has a query or fragment`, `${expected}`);
    }
    // `${{ vars.GITLAB_URL }}/api/v4` with a variable ending in '/' gives '//api/v4'.
    const path = url.pathname.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
    if (/\/api\/v\d+\/./.test(`${path}/`) && !path.endsWith(API_SUFFIX)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is ${shown}, which points inside the API`, `give the instance root or a URL ending in ${API_SUFFIX}`);
    }
    const root = `${url.origin}${path.endsWith(API_SUFFIX) ? path.slice(0, -API_SUFFIX.length) : path}`;
    return { url: root, apiUrl: `${root}${API_SUFFIX}` };
}
/**
 * What the user wrote, safe to quote: everything before the last `@` (a user name and
 * password, even one holding `/`, `@` or a space, in a URL or not) and any query or
 * fragment (`?private_token=…`) hidden.
 */
function withoutCredentials(text) {
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? '';
    const at = text.lastIndexOf('@');
    const rest = at >= 0 ? `***@${text.slice(at + 1)}` : text.slice(scheme.length);
    const query = rest.search(/[?#]/);
    return `${scheme}${query >= 0 ? `${rest.slice(0, query + 1)}…` : rest}`;
}


/***/ }),

/***/ 3047:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   D0: () => (/* binding */ rewrittenNumbers),
/* harmony export */   TL: () => (/* binding */ parseInputs),
/* harmony export */   _d: () => (/* binding */ rewrittenNumberWarning),
/* harmony export */   ls: () => (/* binding */ parseTypedInputValue),
/* harmony export */   nl: () => (/* binding */ INPUT_TYPES)
/* harmony export */ });
/* unused harmony export parseInputValue */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4296);
/* harmony import */ var _variables_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(5742);
/* harmony import */ var _yaml_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(7840);




/** JSON's number grammar: what is sent as a number. `007`, `0x1F` and `.inf` stay text. */
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
/** Input names as GitLab's `spec:inputs` allow them. */
const NAME = /^[a-zA-Z0-9_-]+$/;
/**
 * Reads pipeline inputs (`spec:inputs`) written as a YAML mapping or JSON object, typed the
 * way a reader expects: an unquoted number is a number, `true`/`false` a boolean, a list a
 * list, and anything quoted is text. Every other plain word (`yes`, `null`, `1.2.3`) is
 * text too, as YAML 1.2 reads it.
 */
function parseInputs(value, input, rewritten) {
    if (value.trim() === '')
        return {};
    const yaml = parse(value, input);
    const { doc } = yaml;
    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(doc.contents)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `is not a mapping`, `write one 'name: value' per line, or a JSON object`);
    }
    const result = (0,_variables_js__WEBPACK_IMPORTED_MODULE_2__/* .newRecord */ .M)();
    for (const pair of doc.contents.items) {
        const keyNode = pair.key;
        // A key that is a list or a mapping (`? [a, b]`) is named as written.
        const name = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(keyNode) ? String(keyNode.value) : (keyNode?.toString().trim() ?? '');
        if (!NAME.test(name)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `has ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .quoted */ .TL)(name)}, which is not a valid input name`, `use letters, digits, '_' and '-'`);
        }
        const node = yaml.resolve(pair.value);
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `gives ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .quoted */ .TL)(name)} a mapping`, `pipeline inputs are strings, numbers, booleans or lists`);
        }
        result[name] = typed(node, yaml, { input, name, rewritten });
    }
    return result;
}
/**
 * The numbers of an inputs mapping that GitLab would receive written otherwise (`1.10` as
 * 1.1, `1.0` as 1, `1e3` as 1000): YAML reads them as numbers, and a version number is
 * rarely meant as one. Empty when the text is not a valid mapping (that error is told apart).
 */
function rewrittenNumbers(value, input) {
    const rewritten = [];
    try {
        parseInputs(value, input, rewritten);
    }
    catch {
        return [];
    }
    return rewritten;
}
/**
 * One line saying what a rewritten number becomes and how to keep it as written; `where`
 * names the setting as the host does (`Input 'inputs'`, `--inputs-file`).
 */
function rewrittenNumberWarning(where, r) {
    return `${where} gives '${r.name}' the number ${r.written}, which YAML reads as ${r.sent}: GitLab receives ${r.sent}. Quote it ('${r.written}') to send the text ${r.written}.`;
}
/** GitLab's `spec:inputs` types, as `--input NAME:TYPE=VALUE` names them. */
const INPUT_TYPES = ['string', 'number', 'boolean', 'array'];
/**
 * One value typed as the command line's `--input NAME:TYPE=VALUE` says: text unless a type
 * is named, so `version=1.10` sends the text 1.10; `number` takes JSON's number grammar,
 * `boolean` true or false, `array` a YAML or JSON list (`[a, 2]`) typed as an inputs file is.
 */
function parseTypedInputValue(text, type, input, name) {
    const refuse = (what) => new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `gives ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .quoted */ .TL)(name)} ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .quoted */ .TL)(text)}, which is not ${what}`, `write ${name}:${type}=${type === 'number' ? '42' : type === 'boolean' ? 'true' : '[a, b]'}, or ${name}=VALUE for text`);
    switch (type) {
        case 'string':
            return text;
        case 'boolean':
            if (text === 'true' || text === 'false')
                return text === 'true';
            throw refuse('true or false');
        case 'number': {
            const n = Number(text);
            if (NUMBER.test(text) && Number.isFinite(n))
                return n;
            throw refuse('a number');
        }
        case 'array': {
            const value = text.trim() === '' ? undefined : parseInputValue(text, input);
            if (Array.isArray(value))
                return value;
            throw refuse('a list');
        }
    }
}
/** Types one value written on its own, as the command line's `--input name=value` gives it. */
function parseInputValue(text, input) {
    if (text.trim() === '')
        return text;
    const yaml = parse(text, input);
    return typed(yaml.resolve(yaml.doc.contents), yaml, { input });
}
function parse(value, input) {
    return (0,_yaml_js__WEBPACK_IMPORTED_MODULE_3__/* .readYaml */ .gM)(value, input, {
        fix: `write one 'name: value' per line, or a JSON object`,
        duplicate: (line) => [`has a name twice (${line})`, `give each input once`],
    });
}
function typed(node, yaml, walk) {
    if (node == null)
        return '';
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node) || (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node)) {
        const depth = (walk.depth ?? 0) + 1;
        (0,_yaml_js__WEBPACK_IMPORTED_MODULE_3__/* .refuseTooDeep */ .nY)(depth, walk.input, walk.name, node, walk.open ?? new Set());
        const inner = { ...walk, depth, open: new Set(walk.open).add(node) };
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node))
            return node.items.map((item) => typed(yaml.resolve(item), yaml, inner));
        const out = (0,_variables_js__WEBPACK_IMPORTED_MODULE_2__/* .newRecord */ .M)();
        for (const pair of node.items) {
            out[String((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(pair.key) ? pair.key.value : pair.key)] = typed(yaml.resolve(pair.value), yaml, inner);
        }
        return out;
    }
    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node))
        return '';
    const text = String(node.value ?? '');
    if (node.type !== yaml__WEBPACK_IMPORTED_MODULE_0__/* .Scalar */ .X5.PLAIN)
        return text;
    if (text === 'true' || text === 'false')
        return text === 'true';
    if (NUMBER.test(text)) {
        const n = Number(text);
        // A number too long to survive as a double (a long id) is sent as written.
        if (Number.isFinite(n) &&
            (String(n) === text || !/^-?\d+$/.test(text) || Number.isSafeInteger(n))) {
            const sent = JSON.stringify(n);
            if (sent !== text)
                walk.rewritten?.push({ name: walk.name ?? '', written: text, sent });
            return n;
        }
    }
    return text;
}


/***/ }),

/***/ 8978:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ parseProject)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);

// GitLab's namespace and project paths: letters, digits, '_', '-', '.', '+' (no leading '-').
const SEGMENT = /^[\p{L}\p{N}_.+][\p{L}\p{N}_.+-]*$/u;
/**
 * Reads a project given as a numeric id or a full path. GitLab wants the path as one URL
 * segment with each `/` encoded (`group%2Fproject`); a raw `/` matches no route and a
 * twice-encoded path finds nothing, so the value is decoded first when it arrives encoded
 * and encoded exactly once here.
 */
function parseProject(value, input, 
/** Where the instance is given, for the message about a project given as a URL. */
gitlabUrlSetting) {
    const text = value.trim();
    const expected = `give the numeric project id (such as 12345) or its full path (such as group/subgroup/project)`;
    if (text === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is empty`, `${expected}`);
    if (/^\d+$/.test(text)) {
        if (/^0+$/.test(text)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoted */ .TL)(text)}, which is no project id`, `${expected}`);
        }
        return { display: text, encoded: text };
    }
    if (/^https?:\/\//i.test(text)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is the URL ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoted */ .TL)(text)}`, `${expected}, and put the instance in ${gitlabUrlSetting}`);
    }
    let path = text;
    if (/%2f/i.test(path) && !path.includes('/')) {
        try {
            path = decodeURIComponent(path);
        }
        catch {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoted */ .TL)(text)}, which is badly URL-encoded`, `${expected}`);
        }
    }
    path = path.replace(/^\/+|\/+$/g, '');
    const segments = path.split('/');
    if (segments.length < 2 || !segments.every((s) => SEGMENT.test(s))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoted */ .TL)(text)}, which is not a project path`, `${expected}`);
    }
    return { display: path, encoded: encodeURIComponent(path) };
}


/***/ }),

/***/ 6634:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ parseToken),
/* harmony export */   r: () => (/* binding */ parseRef)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);

/**
 * Reads the branch or tag. Git's own rules are enforced by GitLab ("Reference not found");
 * here only what cannot be a ref at all is refused, so the message comes before a request.
 */
function parseRef(value, input) {
    const text = value.trim();
    if (text === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is empty`, `give the branch or tag to run the pipeline on, such as main`);
    }
    // eslint-disable-next-line no-control-regex
    if (/[\s\x00-\x1f\x7f~^:?*[\\]/.test(text) || text.includes('..')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoted */ .TL)(text)}, which is not a valid branch or tag name (no spaces, '..', or any of ~^:?*[\\)`);
    }
    return text;
}
/** Reads a token. The value is never quoted back: it is a secret. */
function parseToken(value, input, what) {
    const text = value.trim();
    if (text === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is empty`, `give ${what}, stored as a secret`);
    }
    if (/[^\x21-\x7e]/.test(text.replace(/\s/g, ''))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `holds a character no token has (an invisible or non-ASCII one, pasted with it?)`, `store the token alone in the secret`);
    }
    if (/\s/.test(text)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `contains a space or line break`, `a token has none. Store the token alone in the secret`);
    }
    return text;
}


/***/ }),

/***/ 5767:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   L8: () => (/* binding */ parseStreamLogs),
/* harmony export */   MT: () => (/* binding */ matchesPattern)
/* harmony export */ });
/* unused harmony export MAX_LOG_PATTERNS */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);

/** The most names one setting may hold: each is looked for at every read of the jobs. */
const MAX_LOG_PATTERNS = 50;
/** GitLab's own bound on a job's name (Ci::Build validates `name` at 255 characters). */
const MAX_NAME = 255;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const FORMAT = 'give job names, one a line or comma-separated, `*` for every job, `trigger job › job` for a downstream one';
/**
 * Reads `stream_logs`: job names, one a line or comma-separated; `*` for every job of the
 * pipeline; a downstream job as its trigger jobs and its name joined by `›`, as the summary
 * names it (`deploy › smoke-test`, `deploy › *`). Blank entries and lines starting with `#`
 * are skipped. The logs are followed while the pipeline runs, so the setting is refused,
 * before the trigger, when the run does not wait.
 */
function parseStreamLogs(value, input, wait) {
    const patterns = [];
    const seen = new Set();
    for (const line of value.split(/\r?\n/)) {
        if (line.trim().startsWith('#'))
            continue;
        for (const entry of line.split(',')) {
            const text = entry.trim();
            if (!text)
                continue;
            const path = text.split('›').map((step) => step.trim());
            if (path.some((step) => !step || step.length > MAX_NAME || CONTROL.test(step)))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `has ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoted */ .TL)(text)}, which is not a job name`, FORMAT);
            const key = path.join(' › ');
            if (seen.has(key))
                continue;
            seen.add(key);
            patterns.push(path);
        }
    }
    if (patterns.length > MAX_LOG_PATTERNS)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `names ${patterns.length} jobs, more than ${MAX_LOG_PATTERNS}`, 'name fewer, or use `*` for every job');
    if (patterns.length > 0 && !wait.wait)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, 'is set, but the run does not wait for the pipeline', `set ${wait.input} to true: the logs are followed while the run waits for the pipeline`);
    return patterns;
}
/** Whether a job at `path` (its trigger jobs, then its name) is one the patterns name. */
function matchesPattern(pattern, path) {
    return (pattern.length === path.length && pattern.every((step, i) => step === '*' || step === path[i]));
}


/***/ }),

/***/ 3803:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Gu: () => (/* binding */ readTextFile),
/* harmony export */   gZ: () => (/* binding */ MAX_FILE_BYTES),
/* harmony export */   tJ: () => (/* binding */ FileReadError)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);

/** The most a settings file is read to: far more than any certificate bundle or token. */
const MAX_FILE_BYTES = 1024 * 1024;
/**
 * Why a file was not read, kept as data: the file system's own code (ENOENT, EACCES,
 * EISDIR…), or NOTFILE for a device, FIFO or socket, or TOOBIG.
 */
class FileReadError extends Error {
    code;
    reason;
    name = 'FileReadError';
    constructor(code, 
    /** Said of the file, for messages: `no such file`, `a FIFO, not a regular file`. */
    reason) {
        super(reason);
        this.code = code;
        this.reason = reason;
    }
}
const DIRECTORY = 'it is a directory';
const REASONS = {
    ENOENT: 'no such file',
    ENOTDIR: 'no such file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: DIRECTORY,
    ELOOP: 'too many symbolic links',
    ENAMETOOLONG: 'the name is too long',
};
/**
 * A regular file's text, read to at most `maxBytes`. A device (`/dev/zero`), a FIFO or a
 * socket is refused before a byte is read, and opened without waiting for a writer, so a
 * wrong path can neither hang the run nor fill its memory.
 */
function readTextFile(path, maxBytes = MAX_FILE_BYTES) {
    let fd;
    try {
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | (node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK ?? 0));
    }
    catch (error) {
        throw openError(error, path);
    }
    try {
        const stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (stats.isDirectory())
            throw new FileReadError('EISDIR', DIRECTORY);
        if (!stats.isFile())
            throw notAFile(stats);
        if (stats.size > maxBytes)
            throw tooBig(maxBytes);
        // The size may be wrong (a file still growing, or one of /proc): read up to one byte
        // more than allowed to tell.
        const chunks = [];
        let total = 0;
        for (;;) {
            const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - total));
            const read = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, chunk, 0, chunk.length, null);
            if (read === 0)
                break;
            chunks.push(chunk.subarray(0, read));
            total += read;
            if (total > maxBytes)
                throw tooBig(maxBytes);
        }
        return Buffer.concat(chunks).toString('utf8');
    }
    catch (error) {
        throw fileError(error);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
function tooBig(maxBytes) {
    const size = maxBytes % (1024 * 1024) === 0 ? `${maxBytes / 1024 / 1024} MiB` : `${maxBytes} bytes`;
    return new FileReadError('TOOBIG', `it is larger than ${size}`);
}
function notAFile(stats) {
    return new FileReadError('NOTFILE', `it is ${kind(stats)}, not a file`);
}
/**
 * A socket cannot be opened at all: Linux answers ENXIO, which says nothing to a user. What
 * the path is says more, as it does for a FIFO or a device.
 */
function openError(error, path) {
    if (error.code === 'ENXIO') {
        try {
            const stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path);
            if (!stats.isFile())
                return notAFile(stats);
        }
        catch {
            // Gone since: the open's own code stands.
        }
    }
    return fileError(error);
}
function kind(stats) {
    if (stats.isFIFO())
        return 'a FIFO (named pipe)';
    if (stats.isCharacterDevice() || stats.isBlockDevice())
        return 'a device';
    // stat follows links: a path that is no file, directory, FIFO or device is a socket.
    return 'a socket';
}
function fileError(error) {
    if (error instanceof FileReadError)
        return error;
    const code = error.code ?? 'EIO';
    return new FileReadError(code, REASONS[code] ?? code);
}


/***/ }),

/***/ 5742:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ newRecord),
/* harmony export */   r: () => (/* binding */ parseVariables)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4296);
/* harmony import */ var _yaml_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(7840);



/** GitLab's rule for variable keys (Ci::HasVariable). */
const KEY = /^[a-zA-Z0-9_]+$/;
const MAX_KEY_LENGTH = 255;
/** GitLab adds this one itself; sending it fails with "Duplicate variable name". */
const RESERVED = 'TRIGGER_PAYLOAD';
/** A `KEY=value` line; the value is everything after the first `=`. */
const ASSIGNMENT = /^\s*([^\s=:{}[\]"']+)\s*=([^\n]*)$/;
/**
 * Reads pipeline variables written as a YAML mapping, a JSON object, or `KEY=value` lines.
 * Values are kept exactly as written: YAML's failsafe schema reads every scalar as its
 * text, so `1.10`, `007` and `yes` are sent as those characters, not as numbers or booleans.
 */
function parseVariables(value, input) {
    if (value.trim() === '')
        return {};
    const lines = value
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
    if (lines.length > 0 && lines.every((l) => ASSIGNMENT.test(l))) {
        return fromAssignments(lines, input);
    }
    return fromYaml(value, input);
}
function fromAssignments(lines, input) {
    const result = newRecord();
    for (const line of lines) {
        const [, key = '', rest = ''] = ASSIGNMENT.exec(line) ?? [];
        add(result, key, rest, input);
    }
    return result;
}
function fromYaml(value, input) {
    const fix = `write one 'KEY: value' per line, a JSON object, or 'KEY=value' lines`;
    const { doc, resolve } = (0,_yaml_js__WEBPACK_IMPORTED_MODULE_2__/* .readYaml */ .gM)(value, input, {
        fix,
        duplicate: (line) => [`has a key twice (${line})`, `give each variable once`],
    });
    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(doc.contents)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `is not a mapping`, fix);
    }
    const result = newRecord();
    for (const pair of doc.contents.items) {
        const keyNode = pair.key;
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(keyNode)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `has a key that is not plain text`, `variable keys are names such as DEPLOY_ENV`);
        }
        const key = String(keyNode.value);
        const resolved = resolve(pair.value);
        if (resolved != null && !(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(resolved)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `gives variable ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .quoted */ .TL)(key)} a list or mapping`, `GitLab variables are text; write it as one string (a JSON text in quotes, or a block with '|')`);
        }
        add(result, key, resolved == null ? '' : String(resolved.value ?? ''), input);
    }
    return result;
}
function add(result, key, value, input) {
    if (!KEY.test(key) || key.length > MAX_KEY_LENGTH) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `has ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .quoted */ .TL)(key)}, which is not a valid variable key`, `use letters, digits and '_' only, at most ${MAX_KEY_LENGTH} characters`);
    }
    if (key === RESERVED) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `sets ${RESERVED}, which GitLab sets itself from the request`, `choose another name`);
    }
    if (Object.prototype.hasOwnProperty.call(result, key)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `gives variable ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .quoted */ .TL)(key)} twice`, `give each variable once`);
    }
    result[key] = value;
}
/** A record with no prototype, so that a key such as `__proto__` is stored as data. */
function newRecord() {
    return Object.create(null);
}


/***/ }),

/***/ 7840:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   gM: () => (/* binding */ readYaml),
/* harmony export */   nY: () => (/* binding */ refuseTooDeep)
/* harmony export */ });
/* unused harmony exports MAX_DEPTH, firstLine */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4296);


/**
 * YAML as the variables and inputs settings read it: every error names its line, and a
 * document that would take unbounded time, memory or stack to read (an alias bomb, an alias
 * inside its own anchor, thousands of nested brackets) is refused with an InputError naming
 * the setting, never a hang or a crash.
 */
/** How deep lists and mappings may nest; far beyond any pipeline input, far below the stack's limit. */
const MAX_DEPTH = 64;
/**
 * The YAML library's own guard against alias bombs (`maxAliasCount`): how many times the
 * nodes under an anchor may be repeated through aliases in all.
 */
const MAX_ALIAS_COUNT = 100;
function readYaml(value, input, messages) {
    let doc;
    const lines = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .LineCounter */ .HN();
    try {
        doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(value, { schema: 'failsafe', uniqueKeys: true, lineCounter: lines });
    }
    catch (error) {
        throw tooDeep(error, input);
    }
    // A key given twice says more than what the parser made of the rest.
    const error = doc.errors.find((e) => e.code === 'DUPLICATE_KEY') ?? doc.errors[0];
    if (error) {
        // An unclosed bracket or quote is only found at the end, past the line that opened it.
        const line = error.pos[0] >= value.trimEnd().length
            ? `its end (is a bracket or a quote left open?)`
            : `line ${lines.linePos(error.pos[0]).line}`;
        if (error.code === 'DUPLICATE_KEY') {
            const [problem, fix] = messages.duplicate(line);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, problem, fix);
        }
        if (error.code === 'MULTIPLE_DOCS') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `holds more than one YAML document (a '---' or '...' line, at ${line})`, messages.fix);
        }
        if (error.code === 'RESOURCE_EXHAUSTION') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `is nested too deeply (${line})`, `nest lists and mappings at most ${MAX_DEPTH} levels deep`);
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `is not valid YAML at ${line} (${firstLine(error.message)})`, messages.fix);
    }
    const targets = aliasTargets(doc);
    for (const [alias, target] of targets) {
        if (target === undefined) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `has *${alias.source}, which refers to no anchor`, `quote a value that starts with * ('*${alias.source}')`);
        }
    }
    try {
        // Only for its limit: the library counts how far the aliases expand, and stops early.
        // mapAsMap: a key that is a list or a mapping is refused by the caller, not stringified
        // with a warning from the library on stderr.
        doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, mapAsMap: true });
    }
    catch (error) {
        if (error instanceof ReferenceError && /alias count/i.test(error.message)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `has aliases (*name) that repeat their anchors more than ${MAX_ALIAS_COUNT} times in all`, `write the values out, or use fewer aliases`);
        }
        throw tooDeep(error, input);
    }
    return {
        doc,
        resolve: (node) => ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(node) ? (targets.get(node) ?? null) : node),
    };
}
/**
 * Every alias and its anchor, in one pass: the library's `Alias.resolve` walks the whole
 * document for each alias, which a document of many aliases turns into a long wait.
 */
function aliasTargets(doc) {
    const latest = new Map();
    const targets = new Map();
    (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .visit */ .YR)(doc, {
        Node(_, node) {
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(node))
                targets.set(node, latest.get(node.source));
            else if (node.anchor)
                latest.set(node.anchor, node);
        },
    });
    return targets;
}
/** A stack overflow while reading, as the input error it is; anything else is a bug. */
function tooDeep(error, input) {
    if (!(error instanceof RangeError))
        return error;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `is nested too deeply`, `nest lists and mappings at most ${MAX_DEPTH} levels deep`);
}
/**
 * Refuses a value nested deeper than MAX_DEPTH or holding itself (`&a [*a]`): expanding it
 * would never end.
 */
function refuseTooDeep(depth, input, 
/** The entry whose value it is, when the value has a name. */
name, node, open) {
    const subject = name === undefined ? 'has a value' : `gives ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .quoted */ .TL)(name)} a value`;
    if (open.has(node)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `${subject} that holds itself through an alias`, `write the value out instead of referring to the anchor inside it`);
    }
    if (depth > MAX_DEPTH) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `${subject} nested more than ${MAX_DEPTH} levels deep`, `nest lists and mappings at most ${MAX_DEPTH} levels deep`);
    }
}
/** The parser's message without its position and excerpt, on one line. */
function firstLine(message) {
    const line = message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
    // The parser may quote the input, control characters and all.
    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .quoted */ .TL)(line).slice(1, -1);
}


/***/ }),

/***/ 7981:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   BN: () => (/* binding */ endedAs),
/* harmony export */   Is: () => (/* binding */ finishedMessage),
/* harmony export */   lF: () => (/* binding */ pipelineDurationMs)
/* harmony export */ });
/* harmony import */ var _parse_duration_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6687);

/**
 * How long the pipeline took, as every host shows it (the log's line, the summary's table):
 * GitLab's own `duration` when it gives one, as the pipeline's page shows it; else the time
 * the run waited for it.
 */
function pipelineDurationMs(pipeline, waitedMs) {
    return typeof pipeline.duration === 'number' && pipeline.duration >= 0
        ? Math.round(pipeline.duration * 1000)
        : waitedMs;
}
/** `succeeded`, `failed`, `was canceled`: a finished status as a verb. */
function endedAs(status) {
    switch (status) {
        case 'success':
            return 'succeeded';
        case 'failed':
            return 'failed';
        case 'canceled':
        case 'skipped':
            return `was ${status}`;
        case 'manual':
            return 'stopped at a manual job';
        default:
            return `ended ${status}`;
    }
}
/**
 * One line for a finished pipeline in plain words: `Pipeline #5 failed after 10s: URL`. Only
 * when the host's pass statuses judge otherwise than the status reads does it name them.
 */
function finishedMessage(pipeline, passed, passStatusesName, waitedMs) {
    const took = (0,_parse_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a)(pipelineDurationMs(pipeline, waitedMs));
    const judged = passed && pipeline.status !== 'success'
        ? `, which ${passStatusesName} counts as passing`
        : !passed && pipeline.status === 'success'
            ? `, which ${passStatusesName} does not count as passing`
            : '';
    return `Pipeline #${pipeline.id} ${endedAs(pipeline.status)} after ${took}${judged}: ${pipeline.web_url}`;
}


/***/ }),

/***/ 8355:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ triggerSource)
/* harmony export */ });
/* harmony import */ var _gitlab_release_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5892);

/**
 * A new pipeline through the pipeline trigger tokens API. When inputs are sent and a token
 * can read GitLab's version, the version is read alongside the trigger: an instance older
 * than 17.11 drops inputs without a word, and the pipeline runs with its defaults.
 */
function triggerSource(client, settings, options = {}) {
    return {
        describe() {
            const variables = Object.keys(settings.variables);
            const inputs = Object.keys(settings.inputs);
            return (`Triggering a pipeline for project '${settings.project.display}' at ref '${settings.ref}' on ${settings.gitlab.url}` +
                (variables.length ? `, variables: ${variables.join(', ')}` : '') +
                (inputs.length ? `, inputs: ${inputs.join(', ')}` : ''));
        },
        async start(stops) {
            const inputs = Object.keys(settings.inputs).length > 0;
            const check = inputs && options.apiToken && options.logger
                ? checkInputsSupported(client, options.apiToken, options.logger, stops)
                : undefined;
            const pipeline = await client.triggerPipeline(settings, stops);
            await check;
            return pipeline;
        },
    };
}
async function checkInputsSupported(client, apiToken, logger, stops) {
    const token = { header: 'PRIVATE-TOKEN', value: apiToken };
    const version = await (0,_gitlab_release_js__WEBPACK_IMPORTED_MODULE_0__/* .readGitLabVersion */ .km)(client, token, { once: true, stops });
    if (version === undefined)
        logger.debug("GitLab's version not read: inputs not checked.");
    else if ((0,_gitlab_release_js__WEBPACK_IMPORTED_MODULE_0__/* .releaseBefore */ .PZ)(version, _gitlab_release_js__WEBPACK_IMPORTED_MODULE_0__/* .PIPELINE_INPUTS_SINCE */ .Ok))
        logger.warning(`GitLab ${version} ignores pipeline inputs (they need GitLab ${_gitlab_release_js__WEBPACK_IMPORTED_MODULE_0__/* .PIPELINE_INPUTS_SINCE */ .Ok} or later): the pipeline runs with its inputs' defaults. Send them as variables instead, or upgrade GitLab.`);
}


/***/ }),

/***/ 3804:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $g: () => (/* binding */ isFinished),
/* harmony export */   IJ: () => (/* binding */ DONE_JOB_STATUSES),
/* harmony export */   SC: () => (/* binding */ MANUAL_MODES),
/* harmony export */   oM: () => (/* binding */ FINISHED_STATUSES)
/* harmony export */ });
/**
 * Pipeline statuses, from GitLab's Ci::HasStatus. A pipeline in a finished status never
 * changes again; `manual` waits for a person; `scheduled` and `canceling` move on by themselves.
 */
const FINISHED_STATUSES = ['success', 'failed', 'canceled', 'skipped'];
function isFinished(status) {
    return FINISHED_STATUSES.includes(status);
}
/** Job statuses that count as done for progress lines. */
const DONE_JOB_STATUSES = ['success', 'failed', 'canceled', 'skipped'];
/** What a pipeline blocked on a manual job means for the step. */
const MANUAL_MODES = ['fail', 'pass', 'wait', 'play'];


/***/ }),

/***/ 9081:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ isPipeline)
/* harmony export */ });
/** True when the value has what every pipeline entity has; guards against a proxy's page. */
function isPipeline(value) {
    const p = value;
    return (typeof p === 'object' &&
        p !== null &&
        // The id goes into request paths: a positive integer, nothing else.
        typeof p.id === 'number' &&
        Number.isSafeInteger(p.id) &&
        p.id > 0 &&
        (p.project_id === undefined || (Number.isSafeInteger(p.project_id) && p.project_id > 0)) &&
        typeof p.web_url === 'string' &&
        typeof p.status === 'string');
}


/***/ }),

/***/ 9341:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ PipelinesApi)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);
/* harmony import */ var _gitlab_answer_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4675);
/* harmony import */ var _gitlab_entities_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3090);
/* harmony import */ var _pipeline_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(9081);




/** The pipeline endpoints followed after the trigger, each with a message-ready description. */
class PipelinesApi {
    client;
    project;
    readAdvice;
    token;
    constructor(client, project, apiToken, 
    /** A CI job token (`JOB-TOKEN`) may read pipelines on recent GitLab, never cancel or play. */
    header = 'PRIVATE-TOKEN', 
    /** What a refused read means for this token (a job token's allowlist, say). */
    readAdvice) {
        this.client = client;
        this.project = project;
        this.readAdvice = readAdvice;
        this.token = apiToken ? { header, value: apiToken } : undefined;
    }
    /** Whether a token that may change things was given: never anonymously, never a job token. */
    get hasToken() {
        return this.token?.header === 'PRIVATE-TOKEN';
    }
    base(id) {
        return `/projects/${this.project.encoded}/pipelines/${id}`;
    }
    /**
     * The pipeline as GitLab last reported it. An answer that is not this pipeline (another's id,
     * a cache's or a proxy's JSON) is refused as trouble, never taken for it: its status would be
     * reported, and a cancel sent to its id.
     */
    async pipeline(id, options = {}) {
        const what = `read pipeline #${id} of project '${this.project.display}'`;
        const answer = await this.client.apiJson({
            ...options,
            method: 'GET',
            path: this.base(id),
            token: this.token,
            what,
            idempotent: true,
            advice: this.readAdvice,
        });
        if ((0,_pipeline_js__WEBPACK_IMPORTED_MODULE_3__/* .isPipeline */ .D)(answer) && answer.id === id)
            return answer;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GitLabError */ .YZ(`GitLab answered the request to ${what} with ${(0,_pipeline_js__WEBPACK_IMPORTED_MODULE_3__/* .isPipeline */ .D)(answer) ? `pipeline #${answer.id}` : 'JSON that is not a pipeline'}; the answer was not used.`, 200, { call: what });
    }
    /**
     * How long the last successful pipelines on the ref took, from creation to their last
     * update (when they finished), newest first. One request; the poll schedule uses it.
     */
    async recentDurations(ref, count = 5, options = {}) {
        const recent = await this.client.apiJson({
            ...options,
            method: 'GET',
            path: `/projects/${this.project.encoded}/pipelines`,
            query: { ref, status: 'success', order_by: 'id', sort: 'desc', per_page: count },
            token: this.token,
            what: `list recent pipelines of '${ref}'`,
            idempotent: true,
        });
        return (Array.isArray(recent) ? recent : [])
            .map((p) => Date.parse(p.updated_at ?? '') - Date.parse(p.created_at))
            .filter((ms) => Number.isFinite(ms) && ms > 0);
    }
    /**
     * How long the last successful pipelines of the project took, on any ref, newest first:
     * what a new tag or branch, with no history of its own, can expect. One request.
     */
    async recentProjectDurations(count = 5, options = {}) {
        const recent = await this.client.apiJson({
            ...options,
            method: 'GET',
            path: `/projects/${this.project.encoded}/pipelines`,
            query: { status: 'success', order_by: 'id', sort: 'desc', per_page: count },
            token: this.token,
            what: `list recent pipelines of project '${this.project.display}'`,
            idempotent: true,
        });
        return (Array.isArray(recent) ? recent : [])
            .map((p) => Date.parse(p.updated_at ?? '') - Date.parse(p.created_at))
            .filter((ms) => Number.isFinite(ms) && ms > 0);
    }
    /**
     * The newest pipelines of a commit (on `ref` when given), newest first: GitLab's list
     * filtered by the whole sha. Child pipelines are left out, as the list does by default.
     */
    async ofCommit(sha, ref, options = {}) {
        const answer = await this.client.apiJson({
            ...options,
            method: 'GET',
            path: `/projects/${this.project.encoded}/pipelines`,
            query: { sha, ...(ref ? { ref } : {}), order_by: 'id', sort: 'desc', per_page: 20 },
            token: this.token,
            what: `list the pipelines of commit ${sha.slice(0, 12)} in project '${this.project.display}'`,
            idempotent: true,
            advice: this.readAdvice,
        });
        // Only what is this commit's pipeline counts: a proxy's or cache's list is not taken for it.
        return (Array.isArray(answer) ? answer : []).filter((p) => (0,_pipeline_js__WEBPACK_IMPORTED_MODULE_3__/* .isPipeline */ .D)(p) && p.sha === sha && (!ref || p.ref === ref));
    }
    /** The jobs page by page, for a reader that keeps counts rather than every job. */
    async forEachJobsPage(id, onPage, options = {}) {
        const call = this.jobsCall(id, options);
        await this.client.forEachPage(call, (page) => onPage((0,_gitlab_entities_js__WEBPACK_IMPORTED_MODULE_2__/* .checkedJobs */ ._P)(page, call.what)));
    }
    /**
     * One page of the jobs, newest first (GitLab sorts them by id, descending), and how many
     * there are in all as GitLab counts them (`X-Total`), which it does up to 10,000 only.
     */
    async jobsPage(id, options = {}) {
        const call = this.jobsCall(id, options);
        const response = await this.client.api({
            ...call,
            query: { ...call.query, per_page: options.perPage ?? 100, page: options.page ?? 1 },
        });
        const jobs = (0,_gitlab_answer_js__WEBPACK_IMPORTED_MODULE_1__/* .parseJson */ .qF)(response);
        if (!Array.isArray(jobs))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GitLabError */ .YZ(`GitLab answered ${(0,_gitlab_answer_js__WEBPACK_IMPORTED_MODULE_1__/* .statusText */ .qS)(response.status)} to ${call.what}, but not with a list.`, response.status, { call: call.what });
        const header = response.headers.get('x-total')?.trim();
        const total = header ? Number(header) : NaN;
        return {
            jobs: (0,_gitlab_entities_js__WEBPACK_IMPORTED_MODULE_2__/* .checkedJobs */ ._P)(jobs, call.what),
            total: Number.isSafeInteger(total) && total >= 0 ? total : undefined,
        };
    }
    /**
     * How many jobs are in the statuses of `scope` (all when none), and the newest of them: one
     * request of one job while GitLab counts; past 10,000 (no `X-Total`), page by page.
     */
    async countJobs(id, options = {}) {
        const first = await this.jobsPage(id, { ...options, perPage: 1 });
        const newest = first.jobs[0];
        if (first.total !== undefined)
            return { count: first.total, newest };
        let count = 0;
        await this.forEachJobsPage(id, (jobs) => void (count += jobs.length), options);
        return { count, newest };
    }
    jobsCall(id, options) {
        return {
            stops: options.stops,
            once: options.once,
            method: 'GET',
            path: `${this.base(id)}/jobs`,
            query: options.scope?.length ? { 'scope[]': options.scope } : undefined,
            token: this.token,
            what: `list the jobs of pipeline #${id}`,
            idempotent: true,
            advice: this.readAdvice,
        };
    }
    async bridges(id, options = {}) {
        const what = `list the trigger jobs of pipeline #${id}`;
        const bridges = await this.client.apiAll({
            ...options,
            method: 'GET',
            path: `${this.base(id)}/bridges`,
            token: this.token,
            what,
            idempotent: true,
            advice: this.readAdvice,
        });
        return (0,_gitlab_entities_js__WEBPACK_IMPORTED_MODULE_2__/* .checkedBridges */ .GY)(bridges, what);
    }
    async cancel(id, options = {}) {
        return this.client.apiJson({
            ...options,
            method: 'POST',
            path: `${this.base(id)}/cancel`,
            token: this.token,
            what: `cancel pipeline #${id}`,
            // Cancelling twice is harmless: GitLab answers 200 with the pipeline either way.
            idempotent: true,
        });
    }
    /**
     * `POST …/pipelines/:id/retry`: GitLab retries the pipeline's failed and canceled jobs and
     * answers with the pipeline (201). Not repeated after a lost answer, like any write.
     */
    async retry(id, options = {}) {
        return this.client.apiJson({
            ...options,
            method: 'POST',
            path: `${this.base(id)}/retry`,
            token: this.token,
            what: `retry the failed jobs of pipeline #${id} of project '${this.project.display}'`,
            advice: ({ status }) => status === 403
                ? 'retrying needs an api token with the api scope and at least the Developer role on the project'
                : undefined,
        });
    }
    async play(jobId, options = {}) {
        return this.client.apiJson({
            ...options,
            method: 'POST',
            path: `/projects/${this.project.encoded}/jobs/${jobId}/play`,
            token: this.token,
            what: `run manual job ${jobId}`,
        });
    }
    /** The last `maxBytes` of a job's log, cut at a line start. */
    async traceTail(jobId, maxBytes, options = {}) {
        const response = await this.client.api({
            ...options,
            tailBytes: maxBytes,
            method: 'GET',
            path: `/projects/${this.project.encoded}/jobs/${jobId}/trace`,
            token: this.token,
            what: `read the log of job ${jobId}`,
            idempotent: true,
            advice: this.readAdvice,
        });
        // Only the last maxBytes were kept; when the log was longer, its first line is a fragment.
        const text = response.body;
        if (Buffer.byteLength(text) < maxBytes)
            return text;
        const newline = text.indexOf('\n');
        return newline >= 0 ? text.slice(newline + 1) : text;
    }
}


/***/ }),

/***/ 8803:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ pushConfig),
/* harmony export */   g: () => (/* binding */ basicCredential)
/* harmony export */ });
/**
 * How the token reaches git: through the environment, as configuration git reads after its
 * files (GIT_CONFIG_COUNT, GIT_CONFIG_KEY_n, GIT_CONFIG_VALUE_n, git 2.31+), never on its
 * command line (every user of the machine can read a process's arguments) nor in a file.
 */
/** `oauth2:<token>` in base64, as GitLab takes a token over HTTP basic auth. */
function basicCredential(token) {
    return Buffer.from(`oauth2:${token}`, 'utf8').toString('base64');
}
/**
 * The configuration every git command of a push runs with:
 * - no hooks: the checkout's `.git/hooks` are whatever a step before left there, and would run
 *   with the credential in their environment;
 * - no credential helper: the credential is a header, and no helper may store or offer one;
 * - no earlier extra header (an empty value resets the list), then the token as a header for
 *   the GitLab repository's address only: a `url.*.insteadOf` in the checkout's configuration
 *   that sent the push elsewhere would not carry it;
 * - no redirects: the header would follow one to another host.
 */
function pushConfig(remoteUrl, token, 
/** A file of the CA certificates to trust for the repository's address (ca_cert). */
caFile) {
    const entries = [
        ['core.hooksPath', '/dev/null'],
        ['credential.helper', ''],
        ['http.extraHeader', ''],
        ['http.followRedirects', 'false'],
        ['core.fsmonitor', 'false'],
    ];
    if (caFile)
        entries.push([`http.${remoteUrl}.sslCAInfo`, caFile]);
    if (token)
        entries.push([
            `http.${remoteUrl}.extraHeader`,
            `Authorization: Basic ${basicCredential(token)}`,
        ]);
    const env = { GIT_CONFIG_COUNT: String(entries.length) };
    entries.forEach(([key, value], i) => {
        env[`GIT_CONFIG_KEY_${i}`] = key;
        env[`GIT_CONFIG_VALUE_${i}`] = value;
    });
    return env;
}


/***/ }),

/***/ 9422:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  O: () => (/* binding */ systemGit)
});

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: ./src/core/push/git.ts

/** Variables of the step's environment that would make git print requests or prompt. */
const DROPPED = /^(GIT_TRACE\w*|GIT_CURL_VERBOSE|GIT_SSL_KEYLOG|GIT_ASKPASS|SSH_ASKPASS|GIT_DIR|GIT_WORK_TREE|GIT_INDEX_FILE|GIT_OBJECT_DIRECTORY|GIT_ALTERNATE_OBJECT_DIRECTORIES|GIT_CONFIG_(COUNT|KEY_\d+|VALUE_\d+|PARAMETERS))$/;
/**
 * The runner's own git, as actions/checkout uses it. The environment is the step's, less
 * what would print a request (GIT_TRACE_CURL, GIT_CURL_VERBOSE), ask for a password, or point
 * git at another repository or configuration than the checkout's own.
 */
function systemGit(base = process.env) {
    return {
        run: (call) => new Promise((resolve) => {
            const env = {};
            for (const [name, value] of Object.entries(base))
                if (value !== undefined && !DROPPED.test(name))
                    env[name] = value;
            Object.assign(env, { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '' }, call.env);
            const child = (0,external_node_child_process_namespaceObject.spawn)('git', [...call.args], {
                cwd: call.cwd,
                env,
                stdio: ['ignore', 'pipe', 'pipe'],
                signal: call.signal,
            });
            const out = [];
            const err = [];
            child.stdout.on('data', (chunk) => out.push(chunk));
            child.stderr.on('data', (chunk) => err.push(chunk));
            const done = (code, extra = '') => resolve({
                code,
                stdout: Buffer.concat(out).toString('utf8'),
                stderr: Buffer.concat(err).toString('utf8') + extra,
            });
            child.on('error', (error) => done(127, error.code === 'ENOENT' ? 'git: command not found' : error.message));
            child.on('close', (code) => done(code ?? 1));
        }),
    };
}


/***/ }),

/***/ 4810:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Qd: () => (/* binding */ parseBranch),
/* harmony export */   RV: () => (/* binding */ OWNED_PREFIX),
/* harmony export */   rv: () => (/* binding */ remoteUrlOf)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);

/**
 * Branches the tool owns: under this prefix a push may replace what the branch held (a force
 * push), since nothing but the tool writes there. Anywhere else a push only fast-forwards.
 */
const OWNED_PREFIX = 'github/';
/**
 * A branch name as git accepts it (git-check-ref-format, with --branch): refused here rather
 * than handed to git, where a name starting with `-` could read as an option.
 */
function parseBranch(value, input) {
    const name = value.trim().replace(/^refs\/heads\//, '');
    const why = branchProblem(name);
    if (why)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoted */ .TL)(value)}, which cannot be pushed as a branch (${why})`, 'give a branch name such as github/pr-42');
    return name;
}
function branchProblem(name) {
    if (name === '')
        return 'it is empty';
    if (name.startsWith('-'))
        return "it starts with '-'";
    if (name === 'HEAD')
        return 'HEAD names the current commit, not a branch';
    if (name.startsWith('refs/'))
        return 'only branches (refs/heads/…) are pushed';
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x20\x7f~^:?*[\\]/.test(name))
        return 'no spaces, control characters or ~^:?*[\\';
    if (name.includes('..') || name.includes('@{') || name === '@')
        return "no '..' or '@{'";
    if (name.includes('//') || name.endsWith('/') || name.endsWith('.'))
        return "no empty part, and no '/' or '.' at its end";
    if (name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock')))
        return "no part starting with '.' or ending in '.lock'";
    return undefined;
}
/** The repository's HTTPS address; a project given by id has no path to push to. */
function remoteUrlOf(gitlabUrl, project, names) {
    if (/^\d+$/.test(project))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(names.project, `is the id ${project}, and git pushes to a project's path`, `give the project's full path (group/project) when ${names.push} is true`);
    return `${gitlabUrl}/${project}.git`;
}


/***/ }),

/***/ 1958:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  U: () => (/* binding */ pushThenTrigger)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(4296);
// EXTERNAL MODULE: ./src/core/push/git-auth.ts
var git_auth = __nccwpck_require__(8803);
// EXTERNAL MODULE: ./src/core/push/push-settings.ts
var push_settings = __nccwpck_require__(4810);
;// CONCATENATED MODULE: ./src/core/push/push-commit.ts






/** How far a shallow checkout is deepened before each new try; then it is unshallowed. */
const DEEPEN_STEPS = [50, 1000];
/**
 * Pushes the checkout's HEAD (a branch or a detached commit, as a pull request's checkout is)
 * to the branch on GitLab, with the push option ci.skip so that GitLab starts no pipeline of
 * its own for it. A shallow checkout that GitLab refuses is deepened from its own remote and
 * pushed again. Any other refusal is one line saying why and what to do.
 */
async function pushCommit(settings, options) {
    const sha = await checkedOutCommit(settings, options);
    return withCaFile(settings, (ca) => pushChecked(settings, sha, ca, options));
}
/**
 * Runs `work` with the CA certificates of ca_cert in a file git can read (they are public;
 * git takes a CA only from a file), removed afterwards.
 */
async function withCaFile(settings, work) {
    if (!settings.caCerts?.length)
        return work();
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'gitlab-ca-'));
    try {
        const file = (0,external_node_path_.join)(dir, 'ca.pem');
        (0,external_node_fs_.writeFileSync)(file, settings.caCerts.join('\n'));
        return await work(file);
    }
    finally {
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
}
async function pushChecked(settings, sha, caFile, options) {
    const { logger } = options;
    logger.info(`Pushing commit ${sha} to branch '${settings.branch}' of ${settings.remoteUrl}${settings.force ? ` (a branch under ${push_settings/* OWNED_PREFIX */.RV}: replaced whatever it held)` : ''}`);
    let result = await push(settings, sha, caFile, options);
    for (const depth of [...DEEPEN_STEPS, 0]) {
        if (!/shallow update not allowed/.test(result.stderr + result.stdout))
            break;
        await deepen(settings, sha, depth, options);
        result = await push(settings, sha, caFile, options);
    }
    if (result.code !== 0)
        throw refusal(result, settings, sha, options.names);
    const before = /\t(?<before>[0-9a-f]{7,64})\.\.\.?[0-9a-f]{7,64}$/m.exec(result.stdout)?.groups
        ?.before;
    logger.info(`Pushed ${sha.slice(0, 12)} to '${settings.branch}'${before ? ` (it held ${before})` : ' (a new branch)'}`);
    return { sha, branch: settings.branch, before };
}
/**
 * Deletes the branch pushed earlier, only while it still holds the pushed commit: someone
 * else's later push to it is left alone.
 */
async function deletePushed(settings, pushed, options) {
    const ref = `refs/heads/${pushed.branch}`;
    const run = (caFile) => options.git.run({
        args: [
            'push',
            '--porcelain',
            '-o',
            'ci.skip',
            `--force-with-lease=${ref}:${pushed.sha}`,
            settings.remoteUrl,
            `:${ref}`,
        ],
        cwd: settings.workspace,
        env: (0,git_auth/* pushConfig */.V)(settings.remoteUrl, settings.token, caFile),
        signal: options.signal,
    });
    const result = await withCaFile(settings, run);
    if (result.code === 0)
        options.logger.info(`Deleted branch '${pushed.branch}' from GitLab; its pipeline keeps its own ref.`);
    else
        options.logger.warning(`Branch '${pushed.branch}' was not deleted from GitLab: ${lastLines(result)}. It may have moved since the push; delete it by hand if it is no longer wanted.`);
}
/**
 * The commit HEAD names, after checking the workspace is a checkout with one: one git call,
 * which prints the checkout's top, then the commit (none when HEAD is unborn).
 */
async function checkedOutCommit(settings, options) {
    const { git, names } = options;
    const cwd = settings.workspace;
    const env = (0,git_auth/* pushConfig */.V)(settings.remoteUrl);
    const found = await git.run({
        args: ['rev-parse', '--show-toplevel', 'HEAD^{commit}', '--'],
        cwd,
        env,
    });
    const [top = '', sha = ''] = found.stdout.split('\n').map((line) => line.trim());
    if (top === '')
        throw new errors/* InputError */.dz(names.push, `is true, but ${(0,errors/* quoted */.TL)(cwd)} is not a git checkout (${lastLines(found)})`, 'check the repository out first (actions/checkout), or leave it false');
    // A workspace inside another repository (the runner's own folder, a parent checkout) would
    // push that repository's commit.
    if (!samePath(top, cwd))
        throw new errors/* InputError */.dz(names.push, `is true, but ${(0,errors/* quoted */.TL)(cwd)} is not the top of a checkout: git finds the repository at ${(0,errors/* quoted */.TL)(top)}`, 'check the repository out into the workspace itself');
    if (found.code !== 0 || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha))
        throw new errors/* InputError */.dz(names.push, `is true, but the checkout at ${(0,errors/* quoted */.TL)(cwd)} has no commit yet (its HEAD is unborn)`, 'commit first, or check out the commit to run');
    return sha;
}
function samePath(a, b) {
    try {
        return (0,external_node_fs_.realpathSync)(a) === (0,external_node_fs_.realpathSync)(b);
    }
    catch {
        return false;
    }
}
function push(settings, sha, caFile, options) {
    const spec = `${settings.force ? '+' : ''}${sha}:refs/heads/${settings.branch}`;
    return options.git.run({
        args: ['push', '--porcelain', '-o', 'ci.skip', settings.remoteUrl, spec],
        cwd: settings.workspace,
        env: (0,git_auth/* pushConfig */.V)(settings.remoteUrl, settings.token, caFile),
        signal: options.signal,
    });
}
/**
 * Fetches more of the commit's history from the checkout's own remote (`origin`, where
 * actions/checkout fetched it from, with the credentials it left for it): `depth` more
 * commits, or all of them when 0.
 */
async function deepen(settings, sha, depth, options) {
    const { git, logger } = options;
    const cwd = settings.workspace;
    const how = depth > 0 ? [`--deepen=${depth}`] : ['--unshallow'];
    logger.info(`GitLab refused the shallow checkout's push (shallow update not allowed): fetching ${depth > 0 ? `${depth} more commits` : 'the whole history'} from origin, then pushing again`);
    const env = (0,git_auth/* pushConfig */.V)(settings.remoteUrl);
    let result = await git.run({
        args: ['fetch', '--quiet', '--no-tags', ...how, 'origin', sha],
        cwd,
        env,
        signal: options.signal,
    });
    if (result.code !== 0)
        result = await git.run({
            args: ['fetch', '--quiet', '--no-tags', ...how, 'origin'],
            cwd,
            env,
            signal: options.signal,
        });
    if (result.code !== 0)
        throw new errors/* InputError */.dz(options.names.push, `is true, and the checkout is shallow: GitLab refuses a shallow push, and fetching more history from origin failed (${lastLines(result)})`, 'check the repository out with fetch-depth: 0 (actions/checkout)');
}
/** Why GitLab or git refused the push, in one line with what to do. */
function refusal(result, settings, sha, names) {
    const text = `${result.stdout}\n${result.stderr}`;
    const branch = (0,errors/* quoted */.TL)(settings.branch);
    const call = `push commit ${sha.slice(0, 12)} to branch ${branch}`;
    if (/shallow update not allowed/.test(text))
        return new errors/* InputError */.dz(names.push, `is true, and GitLab refuses the shallow checkout's push even with its whole history fetched`, 'check the repository out with fetch-depth: 0 (actions/checkout)');
    if (/\[rejected\].*\((non-fast-forward|fetch first|stale info)\)/.test(text))
        return new errors/* GitLabError */.YZ(`Branch ${branch} on GitLab holds commits that ${sha.slice(0, 12)} does not contain: pushing would rewrite its history, which is never done outside branches under ${push_settings/* OWNED_PREFIX */.RV}. Set ${names.ref} to a new branch, or to one under ${push_settings/* OWNED_PREFIX */.RV} that only this tool writes.`, 409, { call });
    if (/force push code to a protected branch/.test(text))
        return new errors/* GitLabError */.YZ(`GitLab refused to ${call}: it is a protected branch, where force pushes are not allowed. Set ${names.ref} to an unprotected branch, or allow force pushes in Settings → Repository → Protected branches.`, 403, { call });
    if (/protected branch/.test(text))
        return new errors/* GitLabError */.YZ(`GitLab refused to ${call}: it is a protected branch and the user of ${names.token} may not push to it. Set ${names.ref} to an unprotected branch, or allow the user in Settings → Repository → Protected branches.`, 403, { call });
    if (/certificate verification failed|SSL certificate problem|self[- ]signed certificate/i.test(text))
        return new errors/* GitLabError */.YZ(`git does not trust the certificate of ${settings.remoteUrl}, so ${sha.slice(0, 12)} was not pushed: if a private CA signed it, give that CA's certificate in ${names.caCert}.`, 0, { call });
    if (/could not read Username|Authentication failed|returned error: 401/.test(text))
        return new errors/* GitLabError */.YZ(`GitLab refused ${names.token} for a push to ${settings.remoteUrl}: it needs a token with the write_repository (or api) scope whose user is at least a Developer of ${names.project}.`, 401, { call });
    if (/not allowed to push code to this project|returned error: 403/.test(text))
        return new errors/* GitLabError */.YZ(`GitLab refused to ${call}: the user of ${names.token} may not push to the project (it needs the Developer role at least).`, 403, { call });
    if (/returned error: 404|not found|could not be found/i.test(text))
        return new errors/* GitLabError */.YZ(`GitLab has no repository at ${settings.remoteUrl} that ${names.token} can see: check ${names.project}, and that the token's user is a member.`, 404, { call });
    return new errors/* GitLabError */.YZ(`Could not ${call} of ${settings.remoteUrl}: ${lastLines(result)}`, 0, {
        call,
    });
}
/** The last lines git printed, control characters removed, for a one-line message. */
function lastLines(result) {
    const lines = `${result.stderr}\n${result.stdout}`
        // eslint-disable-next-line no-control-regex
        .replace(/[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/g, '')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && l !== 'Done' && !l.startsWith('To '));
    return lines.slice(-2).join(' ') || `git exited with ${result.code}`;
}

;// CONCATENATED MODULE: ./src/core/push/push-source.ts

/**
 * Pushes the checked-out commit to the branch, then starts the pipeline through `trigger` on
 * that branch, and checks the pipeline runs the pushed commit: a push to the branch between
 * the two (someone else's, a mirror's) would make it run another, and the results would be
 * reported for a commit they are not about.
 */
function pushThenTrigger(trigger, settings, options) {
    let pushed;
    return {
        describe: () => {
            const then = trigger.describe();
            return `Pushing the checked-out commit to branch '${settings.branch}', then ${then.charAt(0).toLowerCase()}${then.slice(1)}`;
        },
        async start(stops) {
            pushed = await pushCommit(settings, { ...options, signal: stops.signal });
            const pipeline = await trigger.start(stops);
            checkSha(pipeline, pushed, options.logger);
            return pipeline;
        },
        pushed: () => pushed,
        async deletePushed() {
            if (pushed)
                await deletePushed(settings, pushed, options);
        },
    };
}
function checkSha(pipeline, pushed, logger) {
    if (pipeline.sha === pushed.sha)
        return;
    // GitLab's answer is quoted only when it looks like a sha.
    const ran = typeof pipeline.sha === 'string' && /^[0-9a-f]{40,64}$/.test(pipeline.sha)
        ? pipeline.sha
        : 'a commit GitLab did not name';
    logger.warning(`PIPELINE #${pipeline.id} DOES NOT RUN THE PUSHED COMMIT: it runs ${ran} on '${pushed.branch}', not ${pushed.sha}. Something else pushed to the branch between the push and the trigger; its results are not this commit's. Use a branch only this workflow writes (under github/).`);
}


/***/ }),

/***/ 2258:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ Redactor)
/* harmony export */ });
/* unused harmony export MIN_FRAGMENT */
/**
 * Keeps secrets out of every text the tool prints. The token is masked by the runner too
 * (`::add-mask::`), but the command line has no runner, and an error thrown deep in the
 * HTTP stack may quote a URL or body in a form the runner's mask does not match (URL- or
 * JSON-encoded, base64 in a Basic authorization header), so every message leaving the core
 * passes through here.
 */
/** The fewest characters of a secret that are hidden when a message cut it short. */
const MIN_FRAGMENT = 8;
/**
 * What GitLab itself shows of others' tokens, and so may be shown here too: the type prefix
 * (`glptt-`, `glpat-`) and four characters after it.
 */
const SHOWN_AFTER_PREFIX = 4;
const TOKEN_PREFIX = /^gl[a-z]{2,5}-/;
class Redactor {
    forms = new Map();
    sorted = [];
    /** The length of the longest form of any secret: what a text cut in two must keep back. */
    get longest() {
        return this.sorted[0]?.text.length ?? 0;
    }
    /** Registers a secret and the encoded forms it may take inside URLs, JSON and base64. */
    add(secret) {
        if (!secret || secret.length < 4)
            return;
        const prefix = TOKEN_PREFIX.exec(secret)?.[0].length;
        const safe = prefix === undefined ? MIN_FRAGMENT - 1 : prefix + SHOWN_AFTER_PREFIX;
        for (const text of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])
            this.put(text, Math.max(safe, MIN_FRAGMENT - 1), '[\\w-]');
        for (const text of base64Forms(secret))
            this.put(text, MIN_FRAGMENT - 1, '[\\w+/=-]');
        // Its UTF-8 bytes read one character a byte, as a saved log is read (redact-stream.ts).
        const latin1 = Buffer.from(secret, 'utf8').toString('latin1');
        if (latin1 !== secret)
            this.put(latin1, Math.max(safe, MIN_FRAGMENT - 1), '[\\w-]');
        // Longest first, so that a secret that contains another is replaced whole.
        this.sorted = [...this.forms.values()].sort((a, b) => b.text.length - a.text.length);
    }
    /** `alphabet`: what may follow a cut form in the same word, the rest of the secret. */
    put(text, safe, alphabet) {
        if (text.length < 4)
            return;
        const known = this.forms.get(text);
        if (known && known.safe <= safe)
            return;
        const word = text.length >= 20 ? new RegExp(`${escape(text.slice(0, 16))}${alphabet}*`, 'g') : undefined;
        this.forms.set(text, { text, safe, word });
    }
    /**
     * The text with every registered secret replaced by `***`; and a secret cut short (by a
     * message that shortens long values, or a log's tail) hidden too: any run of at least
     * eight of its first or last characters, and any word that starts with sixteen of them.
     * Only a token's type and four characters after it, as GitLab shows them, stay visible.
     */
    redact(text) {
        let out = text;
        for (const { text: secret } of this.sorted)
            out = out.split(secret).join('***');
        for (const form of this.sorted) {
            if (form.word)
                out = out.replace(form.word, '***');
            out = hideCutStart(out, form);
            out = hideCutEnd(out, form);
        }
        return out;
    }
}
/** Hides every run of the secret's first characters longer than is safe to show. */
function hideCutStart(text, form) {
    const secret = form.text;
    const head = secret.slice(0, MIN_FRAGMENT);
    if (head.length < MIN_FRAGMENT)
        return text;
    let out = '';
    let from = 0;
    for (let at = text.indexOf(head); at >= 0; at = text.indexOf(head, at + 1)) {
        if (at < from)
            continue;
        let length = MIN_FRAGMENT;
        while (length < secret.length && text[at + length] === secret[length])
            length++;
        if (length <= form.safe)
            continue;
        out += `${text.slice(from, at)}***`;
        from = at + length;
    }
    return out + text.slice(from);
}
/** Hides every run of the secret's last characters at least MIN_FRAGMENT long (a cut start). */
function hideCutEnd(text, form) {
    const secret = form.text;
    const tail = secret.slice(-MIN_FRAGMENT);
    if (tail.length < MIN_FRAGMENT || secret.length <= MIN_FRAGMENT)
        return text;
    let out = '';
    let to = text.length;
    for (let at = text.lastIndexOf(tail); at >= 0; at = at === 0 ? -1 : text.lastIndexOf(tail, at - 1)) {
        const end = at + MIN_FRAGMENT;
        if (end > to)
            continue;
        let start = at;
        let index = secret.length - MIN_FRAGMENT;
        while (index > 0 && start > 0 && text[start - 1] === secret[index - 1]) {
            start--;
            index--;
        }
        out = `***${text.slice(end, to)}${out}`;
        to = start;
    }
    return text.slice(0, to) + out;
}
/**
 * The secret in base64, standard and URL-safe: whole, and as it appears inside a longer
 * encoded text (`user:token` in a Basic authorization header) at each of the three byte
 * alignments, without the characters its neighbours share.
 */
function base64Forms(secret) {
    const bytes = Buffer.from(secret, 'utf8');
    const forms = [bytes.toString('base64'), bytes.toString('base64').replace(/=+$/, '')];
    for (const offset of [0, 1, 2]) {
        const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
        // Characters holding only the secret's bits: skip those shared with the bytes before it,
        // stop before those shared with the bytes after it.
        const first = Math.ceil((offset * 8) / 6);
        const last = Math.floor(((offset + bytes.length) * 8) / 6);
        forms.push(encoded.slice(first, last));
    }
    return [...new Set(forms.flatMap((f) => [f, f.replace(/\+/g, '-').replace(/\//g, '_')]))].filter((f) => f.length >= MIN_FRAGMENT);
}
function escape(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}


/***/ }),

/***/ 7253:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   R$: () => (/* binding */ retrying),
/* harmony export */   RC: () => (/* binding */ timeoutOn),
/* harmony export */   WL: () => (/* binding */ abortedLater),
/* harmony export */   f$: () => (/* binding */ timeLeft),
/* harmony export */   lg: () => (/* binding */ TRIGGER_GRACE_MS),
/* harmony export */   nO: () => (/* binding */ Backoff),
/* harmony export */   vI: () => (/* binding */ DEFAULT_RETRY)
/* harmony export */ });
/* unused harmony exports pause, throwIfStopped */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);
/* harmony import */ var _parse_duration_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6687);


/** GitLab's requests: five attempts, one, two, four and eight seconds apart. */
const DEFAULT_RETRY = {
    attempts: 5,
    backoffMs: [1_000, 2_000, 4_000, 8_000],
    maxRetryAfterMs: 60_000,
    retryAfter: 'instead',
};
/**
 * One run of failures under a policy: the pause after each, until the policy gives up. A
 * success ends the run (`reset`), and the next failure starts a new one from the first pause.
 */
class Backoff {
    policy;
    clock;
    failed = 0;
    since;
    constructor(policy, clock) {
        this.policy = policy;
        this.clock = clock;
    }
    /** The failures in this run: none since the start or the last success. */
    get failures() {
        return this.failed;
    }
    /** How long this run of failures has lasted, from its first. */
    lasted() {
        return this.since === undefined ? 0 : this.clock.now() - this.since;
    }
    /**
     * One more failure, with the wait the server asked for if it did: the pause before the next
     * attempt, or undefined when the policy gives up (its attempts are used, the failures have
     * lasted `forMs`, or the server asks longer than it waits).
     */
    next(askedMs) {
        const policy = this.policy;
        this.failed++;
        this.since ??= this.clock.now();
        if (this.failed >= policy.attempts)
            return undefined;
        if (this.lasted() >= (policy.forMs ?? Infinity))
            return undefined;
        const last = policy.backoffMs.length - 1;
        const backoff = policy.backoffMs[Math.min(this.failed - 1, last)] ?? 1_000;
        if (askedMs === undefined)
            return backoff;
        if (policy.retryAfter === 'instead')
            return askedMs > policy.maxRetryAfterMs ? undefined : askedMs;
        return Math.max(backoff, Math.min(askedMs, policy.maxRetryAfterMs));
    }
    /** A success: the failures so far are over. */
    reset() {
        this.failed = 0;
        this.since = undefined;
    }
}
/**
 * The retry loop of a request, its pauses the policy's (Backoff). Every pause takes the abort
 * signal and ends at the deadline; a pause that would pass the deadline, or that the policy
 * refuses, is not begun, and the last failure is thrown instead, so a cancelled or timed-out
 * run stops at once.
 */
async function retrying(attempt, options) {
    const { policy, clock, stops } = options;
    const backoff = new Backoff(policy, clock);
    for (let n = 1;; n++) {
        throwIfStopped(clock, stops, options.cancelledBetween);
        await holdForRateLimit(options);
        const outcome = await attempt(n);
        if ('done' in outcome)
            return outcome.done;
        const ms = backoff.next(outcome.afterMs);
        if (ms === undefined || (stops?.deadline !== undefined && clock.now() + ms > stops.deadline))
            throw outcome.giveUp(n);
        const of = Number.isFinite(policy.attempts) ? ` of ${policy.attempts}` : '';
        options.logger.warning(`${outcome.why}; trying again in ${(0,_parse_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(ms)} (attempt ${n + 1}${of}).`);
        await pause(ms, clock, stops, options.cancelledBetween);
    }
}
/**
 * Holds requests while GitLab's rate limit is used up. A hold that would pass the deadline is
 * not begun: the request goes now and GitLab answers it (a 429 at worst). The last request of a
 * stopped run is its cancel, which must be sent, not held until the budget is gone.
 */
async function holdForRateLimit(options) {
    const hold = Math.min(options.holdMs?.() ?? 0, options.policy.maxRetryAfterMs);
    if (hold <= 0)
        return;
    const deadline = options.stops?.deadline;
    if (options.clock.now() + hold > (deadline ?? Infinity))
        return;
    options.logger.debug(`GitLab's rate limit is used up; holding requests for ${(0,_parse_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(hold)}.`);
    // A cancel during the hold is a cancel between attempts, said in the caller's words.
    await pause(hold, options.clock, options.stops, options.cancelledBetween);
}
/** Sleeps `ms`, bounded by the deadline; throws a StoppedError when the run is cancelled or the deadline passes. */
async function pause(ms, clock, stops, cancelledMessage = 'The run was cancelled') {
    throwIfStopped(clock, stops, cancelledMessage);
    const left = stops?.deadline === undefined ? ms : Math.min(ms, stops.deadline - clock.now());
    await clock.sleep(Math.max(0, left), stops?.signal);
    throwIfStopped(clock, stops, cancelledMessage);
}
function throwIfStopped(clock, stops, cancelledMessage = 'The run was cancelled') {
    if (stops?.signal?.aborted)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StoppedError */ .Ko(cancelledMessage, 'aborted', false);
    if (stops?.deadline !== undefined && clock.now() >= stops.deadline)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StoppedError */ .Ko('The time allowed ran out', 'deadline', false);
}
/** How long is left before the deadline, for a request's own timeout. */
function timeLeft(clock, stops) {
    return stops?.deadline === undefined ? undefined : Math.max(1, stops.deadline - clock.now());
}
/** How long a trigger already on its way may still take to be answered after a cancel. */
const TRIGGER_GRACE_MS = 3_000;
/**
 * A signal the clock aborts `ms` from now: a request's own timeout, which a test's clock
 * controls as it does every pause. `dispose` ends the watch once the request is over.
 */
function timeoutOn(clock, ms) {
    const timeout = new AbortController();
    const over = new AbortController();
    void clock.sleep(ms, over.signal).then(() => {
        if (!over.signal.aborted)
            timeout.abort();
    });
    return { signal: timeout.signal, dispose: () => over.abort() };
}
/**
 * A signal that aborts `ms` after `signal` does (at once counts from now): what a request that
 * must not be dropped at a cancel waits under. `dispose` ends the watch once the request is over.
 */
function abortedLater(signal, ms, clock) {
    if (!signal)
        return { dispose: () => undefined };
    const later = new AbortController();
    let timeout;
    const start = () => {
        const started = timeoutOn(clock, ms);
        started.signal.addEventListener('abort', () => later.abort());
        timeout = started;
    };
    if (signal.aborted)
        start();
    else
        signal.addEventListener('abort', start, { once: true });
    return {
        signal: later.signal,
        dispose: () => {
            timeout?.dispose();
            signal.removeEventListener('abort', start);
        },
    };
}


/***/ }),

/***/ 1855:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  a: () => (/* binding */ runPipeline)
});

// UNUSED EXPORTS: END_PHASE_MS

// EXTERNAL MODULE: ./src/core/cancel.ts
var cancel = __nccwpck_require__(9317);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(4296);
// EXTERNAL MODULE: ./src/core/pipeline-statuses.ts
var pipeline_statuses = __nccwpck_require__(3804);
;// CONCATENATED MODULE: ./src/core/follow/follow-loop.ts


/**
 * The follow loop: it only schedules, reads, rides out transient trouble, and stops when
 * the pipeline finishes, a watcher gives a verdict, the deadline passes or the run is
 * cancelled. Everything else a wait does is a watcher's.
 */
async function followPipeline(options) {
    const { clock, stops } = options.ctx;
    const elapsed = () => clock.now() - options.start;
    const stopped = () => stops.signal?.aborted ? 'aborted' : clock.now() >= stops.deadline ? 'timed-out' : undefined;
    let pipeline = options.pipeline;
    let last;
    // The status reads keep the schedule's pace; a watcher may ask to be woken between them.
    let statusAt = clock.now() + options.schedule.next(0);
    for (;;) {
        const before = stopped();
        if (before)
            return { reason: before, pipeline, last };
        const wakeAt = Math.min(statusAt, earliestWake(options.watchers));
        await clock.sleep(Math.max(0, Math.min(wakeAt, stops.deadline) - clock.now()), stops.signal);
        const after = stopped();
        if (after)
            return { reason: after, pipeline, last };
        if (clock.now() < statusAt) {
            await wakeWatchers(options.watchers, options.ctx);
            continue;
        }
        try {
            pipeline = {
                ...pipeline,
                ...(await options.api.pipeline(pipeline.id, { stops, once: true })),
            };
            options.outages.recovered();
        }
        catch (error) {
            statusAt = clock.now() + options.outages.failed(error, pipeline);
            continue;
        }
        const changed = last === undefined || last.pipeline.status !== pipeline.status;
        last = options.jobs.snapshot(pipeline, elapsed(), changed);
        const verdict = await showWatchers(options.watchers, last, options.ctx);
        // What the watchers read (a failed job, no job left) may say the end is near.
        options.schedule.observe(last);
        if ((0,pipeline_statuses/* isFinished */.$g)(pipeline.status))
            return { reason: 'finished', pipeline, last };
        if (verdict)
            return { reason: 'verdict', pipeline, verdict, last };
        statusAt = clock.now() + options.schedule.next(elapsed());
    }
}
/** The soonest moment a watcher wants to be woken at; Infinity when none does. */
function earliestWake(watchers) {
    let at = Infinity;
    for (const watcher of watchers)
        at = Math.min(at, watcher.wakeAt?.() ?? Infinity);
    return at;
}
/** Wakes the watchers whose moment has come; a failure is a warning, as for a read. */
async function wakeWatchers(watchers, ctx) {
    const now = ctx.clock.now();
    for (const watcher of watchers) {
        const at = watcher.wakeAt?.();
        if (at === undefined || at > now || !watcher.wake)
            continue;
        try {
            await watcher.wake(ctx);
        }
        catch (error) {
            watcherFailed(watcher, error, ctx);
        }
    }
}
/** Hands the snapshot to every watcher in order; the first verdict counts. */
async function showWatchers(watchers, snapshot, ctx) {
    let verdict;
    for (const watcher of watchers) {
        if (!watcher.see)
            continue;
        try {
            // Every watcher sees every read, even after an earlier one gave its verdict.
            const seen = await watcher.see(snapshot, ctx);
            verdict ??= seen;
        }
        catch (error) {
            watcherFailed(watcher, error, ctx);
        }
    }
    return verdict;
}
/** A watcher's failure is a warning, never the end of the wait; a cancel is no failure. */
function watcherFailed(watcher, error, ctx) {
    if (error instanceof errors/* StoppedError */.Ko && error.reason === 'aborted')
        return;
    if (error instanceof errors/* StoppedError */.Ko) {
        ctx.logger.warning(`The wait cut its ${watcher.name} short: the time allowed ran out.`);
        return;
    }
    const why = error instanceof Error ? error.message : String(error);
    ctx.logger.warning(`The wait left out its ${watcher.name}: ${why}`);
}

// EXTERNAL MODULE: ./src/core/parse/duration.ts
var duration = __nccwpck_require__(6687);
;// CONCATENATED MODULE: ./src/core/poll-schedule.ts
/**
 * When to ask for the pipeline's status next.
 *
 * The yardstick is a fixed 15-second poll: the schedule never looks more than two times more
 * often than it would have by then (its read number k comes no earlier than 15 s × (k − 2)),
 * and waits about 15 s at most between two looks (a little longer only to land a look on an
 * expected end within the budget), so a pipeline that ends at any moment is noticed about as
 * soon as the fixed poll would at worst. Within that budget the looks go where an end is likely:
 *
 * - two early looks (2 s and 6 s), for a pipeline that ends at once or fails within seconds;
 * - with history (how long recent successful pipelines took), a look just after the typical
 *   end and, when the history is spread, just after its slower runs; the looks before are
 *   spaced evenly, so that one lands on each of those ends;
 * - when the jobs show the end is near (a job failed that may not, or none is left to run),
 *   two looks soon after;
 * - past every expected end, a look every 15 s, like the fixed poll; past an hour the pause
 *   grows with the age (a 4-hour pipeline is read every minute).
 *
 * The looks with nothing expected are spread by up to 5 % (only ever earlier, within the
 * budget), so that many waits started together drift apart; the looks aimed at an expected
 * end are not, as jitter would miss the end they aim at.
 */
const REFERENCE_POLL_MS = 15_000;
/** How many looks the schedule may be ahead of the fixed poll. */
const SPARE_LOOKS = 2;
/**
 * The early looks: at 2 s, decided before any history is read, for a pipeline that ends at
 * once; at 6 s, for one that fails within seconds.
 */
const EARLY_LOOKS_MS = [2_000, 6_000];
/** How long after an expected end the look aimed at it comes. */
const END_MARGIN_MS = 1_000;
/** Looks soon after the jobs say the end is near. */
const IMMINENT_LOOKS_MS = [2_000, 6_000];
/** The shortest pause. */
const MIN_POLL_MS = 1_000;
/** From this age the pause grows with it: age / 240 (15 s at an hour, a minute at four). */
const LONG_WAIT_MS = 3_600_000;
/** The pause before the next status read. */
function nextPollDelay(plan) {
    const { ageMs, capMs } = plan;
    const gap = Math.min(REFERENCE_POLL_MS, capMs);
    // The budget: read number k = reads + 1 comes no earlier than the fixed poll's read k − 2.
    const earliest = REFERENCE_POLL_MS * (plan.reads + 1 - SPARE_LOOKS);
    const anchor = lookTargets(plan).find((at) => at >= ageMs + MIN_POLL_MS);
    let at;
    if (anchor !== undefined) {
        // Evenly spaced steps of at most `gap`, the last one landing on the target; fewer (and
        // a little longer) when that many would put the target's read beyond the budget.
        const withinBudget = Math.floor(anchor / REFERENCE_POLL_MS) + SPARE_LOOKS - plan.reads;
        const steps = Math.max(1, Math.min(Math.ceil((anchor - ageMs) / gap), withinBudget));
        at = ageMs + (anchor - ageMs) / steps;
    }
    else {
        const step = ageMs > LONG_WAIT_MS ? Math.max(gap, ageMs / 240) : gap;
        const random = plan.random ?? Math.random;
        at = ageMs + step * (1 - 0.05 * random());
    }
    const pause = Math.max(at, earliest, ageMs + MIN_POLL_MS) - ageMs;
    return Math.round(Math.min(pause, capMs));
}
/** The moments worth a look, in order: the early ones, the expected ends, the imminent end. */
function lookTargets(plan) {
    const targets = [...EARLY_LOOKS_MS];
    const expected = plan.expected;
    if (expected) {
        // Not the quicker runs: a look aimed at them would take the budget the typical end needs.
        for (const end of [expected.ms, expected.highMs]) {
            if (end !== undefined)
                targets.push(end + END_MARGIN_MS);
        }
    }
    if (plan.imminentAtMs !== undefined) {
        for (const soon of IMMINENT_LOOKS_MS)
            targets.push(plan.imminentAtMs + soon);
    }
    return targets.sort((a, b) => a - b);
}
/**
 * What recent finished pipelines' durations say: the median, so one odd run (a cache miss,
 * a retry) does not move it, and the second slowest of five as the usual slower run when it
 * is more than 3 s later.
 */
function expectation(durationsMs) {
    const sorted = usableDurations(durationsMs);
    const ms = medianOf(sorted);
    if (ms === undefined)
        return undefined;
    const high = sorted[sorted.length - (sorted.length >= 4 ? 2 : 1)] ?? ms;
    return high - ms > 3_000 ? { ms, highMs: high } : { ms };
}
/** The median of recent finished pipelines' durations. */
function typicalDuration(durationsMs) {
    return medianOf(usableDurations(durationsMs));
}
/** The durations a reading can go by (finite and positive), shortest first. */
function usableDurations(durationsMs) {
    return durationsMs.filter((d) => Number.isFinite(d) && d > 0).sort((a, b) => a - b);
}
/** The median of durations sorted shortest first. */
function medianOf(sorted) {
    if (sorted.length === 0)
        return undefined;
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

;// CONCATENATED MODULE: ./src/core/follow/schedule.ts


/** Jobs that still have to run; when none is left, the pipeline is about to end. */
const ACTIVE_JOB_STATUSES = [
    'created',
    'waiting_for_resource',
    'preparing',
    'pending',
    'running',
    'scheduled',
];
/**
 * When to read the pipeline next: poll-schedule.ts's plan, fed with the history of the ref
 * (or of the project, for a new tag or branch) and with what the jobs show while it runs.
 */
class Schedule {
    options;
    logger;
    expected;
    imminentAtMs;
    reads = 0;
    constructor(options, logger) {
        this.options = options;
        this.logger = logger;
        this.expected = options.expectedMs === undefined ? undefined : { ms: options.expectedMs };
    }
    /**
     * Reads the history in the background, tried once: the ref's own recent successful
     * pipelines, else the project's on any ref. Without either, the plan keeps its early looks
     * and the fixed poll's pace.
     */
    learn(api, pipeline, stops) {
        if (this.expected !== undefined)
            return;
        const options = { stops, once: true };
        const ref = pipeline.ref;
        api
            .recentDurations(ref, 5, options)
            .then(async (durations) => {
            if (durations.length > 0)
                return { durations, where: `on '${ref}'` };
            const project = await api.recentProjectDurations(5, options);
            return { durations: project, where: 'in the project (none yet on this ref)' };
        })
            .then(({ durations, where }) => {
            // A read that arrives after the jobs said more is still worth having.
            this.expected ??= expectation(durations);
            if (this.expected)
                this.logger.debug(`Recent pipelines ${where} took about ${(0,duration/* formatDuration */.a)(this.expected.ms)}; polling around that.`);
        })
            .catch((error) => this.logger.debug(`No history for the poll schedule: ${error.message}`));
    }
    /**
     * Learns from a read: when the jobs (if they were read for it) show that a job failed
     * which may not, or that none is left to run, the end is near and the next looks come soon.
     */
    observe(snapshot) {
        const jobs = snapshot.jobsIfRead;
        if (!jobs?.length || this.imminentAtMs !== undefined)
            return;
        const why = endIsNear(jobs);
        if (!why)
            return;
        this.imminentAtMs = snapshot.elapsedMs;
        this.logger.debug(`${why}: the pipeline should end soon; looking again shortly.`);
    }
    /** The pause before the next read, `ageMs` after the wait began. */
    next(ageMs) {
        const delay = nextPollDelay({
            ageMs,
            reads: this.reads,
            capMs: this.options.capMs,
            expected: this.expected,
            imminentAtMs: this.imminentAtMs,
            random: this.options.random,
        });
        this.reads++;
        return delay;
    }
}
/** Why the jobs say the pipeline is about to end, if they do. */
function endIsNear(jobs) {
    const failed = jobs.find((j) => j.status === 'failed' && !j.allow_failure);
    if (failed)
        return `Job '${failed.name}' failed`;
    if (!jobs.some((j) => ACTIVE_JOB_STATUSES.includes(j.status)))
        return 'No job is left to run';
    return undefined;
}

// EXTERNAL MODULE: ./src/core/follow/job-tally.ts
var job_tally = __nccwpck_require__(4581);
;// CONCATENATED MODULE: ./src/core/follow/snapshot.ts



/**
 * Reads the jobs for snapshots: once per snapshot whatever the number of watchers asking, not
 * again once the pipeline has finished and they were read, and never again after GitLab
 * refuses them to this token. What a read keeps is a tally (counts and the jobs that matter),
 * never every job. The read is tried once: a failure leaves the jobs out of this snapshot,
 * and the loop rides out trouble itself.
 */
class JobsReader {
    api;
    logger;
    stops;
    readable = true;
    last;
    constructor(api, logger, stops) {
        this.api = api;
        this.logger = logger;
        this.stops = stops;
    }
    snapshot(pipeline, elapsedMs, statusChanged) {
        let read;
        let tally;
        return {
            pipeline,
            elapsedMs,
            statusChanged,
            jobs: () => {
                read ??= this.read(pipeline).then((result) => (tally = result));
                return read;
            },
            get tallyIfRead() {
                return tally;
            },
            get jobsIfRead() {
                return tally?.jobs;
            },
        };
    }
    async read(pipeline) {
        if (!this.readable)
            return undefined;
        // A finished pipeline's jobs no longer change: what was read since it finished holds.
        if (this.last?.status === pipeline.status && (0,pipeline_statuses/* isFinished */.$g)(pipeline.status))
            return this.last;
        try {
            const options = { stops: this.stops, once: true };
            this.last = await (0,job_tally/* readTally */.fR)(this.api, pipeline, options, this.last?.total);
            return this.last;
        }
        catch (error) {
            // Jobs are a nicety: any failure leaves them out; a refusal stops further tries.
            if ((0,errors/* isDenied */.GZ)(error)) {
                this.readable = false;
                this.logger.debug(`Jobs are not readable with this token (${error.status}); progress shows the status only.`);
            }
            return undefined;
        }
    }
}

// EXTERNAL MODULE: ./src/core/retry.ts
var retry = __nccwpck_require__(7253);
;// CONCATENATED MODULE: ./src/core/follow/outage-tracker.ts



/** How long GitLab may stay unreachable (5xx, HTML pages, resets, timeouts) before the wait gives up. */
const UNREACHABLE_LIMIT_MS = 5 * 60_000;
/**
 * The follow loop's reads: a pause that doubles from one second to at most thirty, never
 * shorter than GitLab's Retry-After (cut to a minute), for as long as UNREACHABLE_LIMIT_MS.
 */
const FOLLOW_RETRY = {
    attempts: Infinity,
    backoffMs: [1_000, 2_000, 4_000, 8_000, 16_000, 30_000],
    maxRetryAfterMs: 60_000,
    retryAfter: 'at least',
    forMs: UNREACHABLE_LIMIT_MS,
};
/**
 * Rides out transient trouble while following a pipeline: every failed read is either
 * waited out (with a growing pause, or as long as GitLab asked) or ends the wait with an
 * error that says what to do. Only here are the loop's reads repeated.
 */
class OutageTracker {
    logger;
    apiTokenName;
    backoff;
    last = '';
    everRead = false;
    constructor(clock, logger, 
    /** The host's name of the read-token setting, for the message when access is refused. */
    apiTokenName) {
        this.logger = logger;
        this.apiTokenName = apiTokenName;
        this.backoff = new retry/* Backoff */.nO(FOLLOW_RETRY, clock);
    }
    /** A read succeeded: trouble, if any, is over. */
    recovered() {
        if (this.backoff.failures > 0)
            this.logger.info(`GitLab answers again after ${(0,duration/* formatDuration */.a)(this.backoff.lasted())}.`);
        this.backoff.reset();
        this.last = '';
        this.everRead = true;
    }
    /** A read failed: how long to pause before the next, or a throw when waiting cannot help. */
    failed(error, pipeline) {
        if (error instanceof errors/* StoppedError */.Ko)
            return 0;
        // No access, a redirect (never followed), or a request GitLab calls wrong (400, 410, 422):
        // waiting longer cannot change any of them.
        if (error instanceof errors/* GitLabError */.YZ && !(0,errors/* isTransient */.dg)(error)) {
            const todo = !(0,errors/* isDenied */.GZ)(error)
                ? ''
                : this.everRead
                    ? ' The token lost access while waiting.'
                    : ` Give '${this.apiTokenName}' a token with read_api on the project, or do not wait.`;
            throw new errors/* GitLabError */.YZ(`Pipeline #${pipeline.id} was created (${pipeline.web_url}) but cannot be read to follow it: ${error.message}${todo}`, error.status, { call: error.call, gitlabMessage: error.gitlabMessage, advice: error.advice }, { cause: error });
        }
        if (!(error instanceof errors/* NetworkError */.Dr) && !(error instanceof errors/* GitLabError */.YZ))
            throw error;
        const pause = this.backoff.next(error instanceof errors/* GitLabError */.YZ ? error.retryAfterMs : undefined);
        if (pause === undefined) {
            throw new errors/* GitLabError */.YZ(`GitLab stayed unreachable for ${(0,duration/* formatDuration */.a)(this.backoff.lasted())} while waiting for pipeline #${pipeline.id}; it may still run: ${pipeline.web_url}. Last trouble: ${error.message}`, error instanceof errors/* GitLabError */.YZ ? error.status : 0, {}, { cause: error });
        }
        if (error.message !== this.last)
            this.logger.warning(`${error.message} Still waiting: the wait gives up after ${(0,duration/* formatDuration */.a)(UNREACHABLE_LIMIT_MS)} of such trouble, or at its timeout.`);
        this.last = error.message;
        return pause;
    }
}

// EXTERNAL MODULE: ./src/core/gitlab-client.ts + 3 modules
var gitlab_client = __nccwpck_require__(632);
// EXTERNAL MODULE: ./src/core/pipeline-end.ts
var pipeline_end = __nccwpck_require__(7981);
;// CONCATENATED MODULE: ./src/core/run-pipeline.ts








/**
 * How long the watchers' final reads (the final report, test results, outputs, artifacts) may
 * take beyond the wait's own timeout, so a pipeline that finished just before it still has
 * its results fetched.
 */
const END_PHASE_MS = 5 * 60_000;
/**
 * The one use case both hosts call: start the pipeline, link it at once, and — when asked —
 * follow it with the watchers the host chose, cancel it when the run is cancelled or times
 * out, and hand back what happened and what the watchers found.
 */
async function runPipeline(source, watchers, options) {
    options.logger.info(source.describe());
    const created = await source.start({ signal: options.signal });
    options.logger.info(`Pipeline #${created.id} created (${created.status}): ${created.web_url}`);
    options.onStarted?.(created);
    if (options.wait && options.follow)
        return waitFor(created, watchers, options, options.follow);
    if (options.signal?.aborted && options.follow)
        return cancelledWhileStarting(created, options, options.follow);
    return {
        outcome: 'started',
        created,
        pipeline: created,
        message: `Pipeline #${created.id} created: ${created.web_url}`,
        canceled: false,
        settled: true,
        elapsedMs: 0,
        findings: [],
    };
}
async function waitFor(created, watchers, options, follow) {
    const { clock, logger } = options;
    const { api, settings, names } = follow;
    const start = clock.now();
    const stops = { signal: options.signal, deadline: start + settings.timeoutMs };
    const findings = [];
    const ctx = {
        ...{ api, settings, names, logger, clock, redactor: options.redactor, stops },
        report: (finding) => findings.push(finding),
    };
    logger.info(`Waiting for pipeline #${created.id} to finish (at most ${(0,duration/* formatDuration */.a)(settings.timeoutMs)}): ${created.web_url}`);
    const schedule = new Schedule({ capMs: settings.maxPollIntervalMs, random: follow.random, expectedMs: follow.expectedMs }, logger);
    schedule.learn(api, created, stops);
    const followed = await followPipeline({
        api,
        pipeline: created,
        start,
        schedule,
        jobs: new JobsReader(api, logger, stops),
        outages: new OutageTracker(clock, logger, names.apiToken),
        watchers,
        ctx,
    });
    const end = await conclude(followed, follow, options, clock.now() - start);
    options.onWaitEnded?.({ outcome: end.waitEnd.outcome, settled: end.result.settled });
    // The watchers' final reads (reports, downloads) gets time of its own past the wait's deadline.
    const last = {
        ...ctx,
        stops: { ...stops, deadline: Math.max(stops.deadline, clock.now() + END_PHASE_MS) },
    };
    for (const watcher of watchers) {
        try {
            await watcher.end?.(end.waitEnd, last);
        }
        catch (error) {
            watcherFailed(watcher, error, last);
        }
    }
    return { ...end.result, created, findings };
}
/** Turns how the loop ended into an outcome and a message, cancelling the pipeline on a stop. */
async function conclude(followed, follow, options, elapsedMs) {
    const { settings } = follow;
    let pipeline = followed.pipeline;
    let outcome;
    let message;
    let canceled = false;
    let settled = true;
    if (followed.reason === 'finished') {
        const passed = settings.passStatuses.includes(pipeline.status);
        outcome = passed ? 'passed' : 'failed';
        message = (0,pipeline_end/* finishedMessage */.Is)(pipeline, passed, follow.names.passStatuses, elapsedMs);
    }
    else if (followed.reason === 'verdict' && followed.verdict) {
        ({ outcome, message } = followed.verdict);
    }
    else {
        outcome = followed.reason === 'aborted' ? 'aborted' : 'timed-out';
        const why = outcome === 'aborted'
            ? (options.interrupted ?? gitlab_client/* INTERRUPTED */.t)
            : `The wait reached its timeout of ${(0,duration/* formatDuration */.a)(settings.timeoutMs)}`;
        const stopped = await stopPipeline(pipeline, follow, options);
        ({ pipeline, canceled, settled } = stopped);
        message = `${why}; pipeline #${pipeline.id} ${stopped.fate}: ${pipeline.web_url}`;
    }
    const waitEnd = { outcome, pipeline, last: followed.last, message, elapsedMs };
    return { waitEnd, result: { outcome, pipeline, message, canceled, settled, elapsedMs } };
}
/** Cancels the pipeline when the settings say so; says what became of it. */
async function stopPipeline(pipeline, follow, options) {
    if (!follow.settings.cancelOnAbort) {
        return {
            pipeline,
            canceled: false,
            settled: true,
            fate: `was left running (${follow.names.cancelOnAbort} is false)`,
        };
    }
    const outcome = await (0,cancel/* cancelPipeline */.j)(follow.api, pipeline, options.logger, options.clock, follow.names.apiToken);
    return { ...outcome, pipeline: { ...pipeline, ...outcome.pipeline } };
}
/** The run was cancelled while the source was starting the pipeline: it should not run. */
async function cancelledWhileStarting(created, options, follow) {
    const stopped = await stopPipeline(created, follow, options);
    return {
        outcome: 'aborted',
        created,
        pipeline: stopped.pipeline,
        message: `${options.interrupted ?? gitlab_client/* INTERRUPTED */.t} while pipeline #${created.id} was being created; it ${stopped.fate}: ${created.web_url}`,
        canceled: stopped.canceled,
        settled: stopped.settled,
        elapsedMs: 0,
        findings: [],
    };
}


/***/ }),

/***/ 1956:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  b: () => (/* binding */ buildRunSettings)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(4296);
;// CONCATENATED MODULE: ./src/core/parse/follow-target.ts

const FORMS = `give a pipeline id (12345), its link (${'{gitlab}'}/group/project/-/pipelines/12345), or a commit's full 40-character sha`;
/**
 * Reads the value; a link must be on the configured instance and, when the project is given
 * as a path, in that project: a pipeline elsewhere would be read with this instance's token.
 */
function parseFollowTarget(value, input, instance, project) {
    const text = value.trim();
    const forms = FORMS.replace('{gitlab}', instance.url);
    if (text === '')
        throw new errors/* InputError */.dz(input, 'is empty', forms);
    if (/^[0-9a-f]{40}$|^[0-9a-f]{64}$/i.test(text))
        return { kind: 'sha', sha: text.toLowerCase() };
    const id = /^#?(\d+)$/.exec(text)?.[1];
    if (id !== undefined)
        return { kind: 'id', id: pipelineId(id, text, input, forms) };
    if (/^https?:\/\//i.test(text))
        return fromLink(text, input, instance, project, forms);
    if (/^[0-9a-f]{7,39}$/i.test(text))
        throw new errors/* InputError */.dz(input, `is ${(0,errors/* quoted */.TL)(text)}, a short commit sha`, "give the commit's full 40-character sha (GitLab finds a commit's pipelines by the whole sha)");
    throw new errors/* InputError */.dz(input, `is ${(0,errors/* quoted */.TL)(text)}, which is none of a pipeline id, link or commit sha`, forms);
}
function pipelineId(digits, text, input, forms) {
    const id = Number(digits);
    if (!Number.isSafeInteger(id) || id <= 0)
        throw new errors/* InputError */.dz(input, `is ${(0,errors/* quoted */.TL)(text)}, which is no pipeline id`, forms);
    return id;
}
function fromLink(text, input, instance, project, forms) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new errors/* InputError */.dz(input, `is ${(0,errors/* quoted */.TL)(text)}, which is not a link`, forms);
    }
    const root = new URL(instance.url);
    if (url.username || url.password)
        throw new errors/* InputError */.dz(input, 'is a link that carries a user name or password', 'give the link without them');
    if (url.origin !== root.origin ||
        !`${url.pathname}/`.startsWith(`${root.pathname.replace(/\/$/, '')}/`))
        throw new errors/* InputError */.dz(input, `is a link to ${(0,errors/* quoted */.TL)(url.origin)}, not to the configured GitLab ${(0,errors/* quoted */.TL)(instance.url)}`, 'follow pipelines of the instance the step talks to, or change gitlab_url');
    const rest = url.pathname.slice(root.pathname.replace(/\/$/, '').length);
    const match = /^\/(?<path>.+?)\/-\/pipelines\/(?<id>\d+)\/?$/.exec(rest);
    if (!match?.groups)
        throw new errors/* InputError */.dz(input, `is ${(0,errors/* quoted */.TL)(text)}, which is not a pipeline's link`, forms);
    // Both groups take part in every match.
    const { path, id } = match.groups;
    let linked = path;
    try {
        linked = decodeURIComponent(path);
    }
    catch {
        // Compared as written.
    }
    if (!/^\d+$/.test(project.display) && linked.toLowerCase() !== project.display.toLowerCase())
        throw new errors/* InputError */.dz(input, `is a link to a pipeline of ${(0,errors/* quoted */.TL)(linked)}, not of the project ${(0,errors/* quoted */.TL)(project.display)}`, 'follow a pipeline of the configured project, or change the project');
    return {
        kind: 'id',
        id: pipelineId(id, text, input, forms),
        link: `${url.origin}${url.pathname.replace(/\/$/, '')}`,
    };
}

// EXTERNAL MODULE: ./src/core/parse/gitlab-url.ts
var gitlab_url = __nccwpck_require__(4388);
// EXTERNAL MODULE: ./src/core/parse/project.ts
var parse_project = __nccwpck_require__(8978);
// EXTERNAL MODULE: ./src/core/parse/ref.ts
var ref = __nccwpck_require__(6634);
// EXTERNAL MODULE: ./src/core/trigger-settings.ts + 1 modules
var trigger_settings = __nccwpck_require__(7065);
;// CONCATENATED MODULE: ./src/core/follow-settings.ts





/**
 * Validates what following needs, before any request: the instance, the project, the
 * connection, the optional ref (a commit's pipelines on that ref only) and the target.
 */
function buildFollowRun(raw, names) {
    const gitlab = (0,gitlab_url/* parseGitLabUrl */.m)(raw.gitlabUrl, names.gitlabUrl, names.token);
    const project = (0,parse_project/* parseProject */.X)(raw.project, names.project, names.gitlabUrl);
    const settings = {
        gitlab,
        project,
        ref: raw.ref.trim() === '' ? '' : (0,ref/* parseRef */.r)(raw.ref, names.ref),
        token: '',
        variables: {},
        inputs: {},
        connection: (0,trigger_settings/* buildConnection */.B)(raw, names),
    };
    return { settings, target: parseFollowTarget(raw.follow, names.follow, gitlab, project) };
}

// EXTERNAL MODULE: ./src/core/parse/artifact-globs.ts
var artifact_globs = __nccwpck_require__(4231);
// EXTERNAL MODULE: ./src/core/parse/choices.ts
var choices = __nccwpck_require__(8839);
;// CONCATENATED MODULE: ./src/core/parse/outputs-from.ts

const FORMAT = 'write one JOB:PATH a line, such as deploy:deploy.env';
/**
 * Reads `outputs_from`: lines of `JOB:PATH`; blank lines and lines starting with `#` are
 * skipped. A job name may hold colons (`test:unit:out.env` is job `test:unit`), so the path
 * is what follows the last one. The outputs are read once the pipeline has finished, so the
 * setting is refused, before the trigger, when the run does not wait.
 */
function parseOutputsFrom(value, input, wait) {
    const sources = [];
    for (const [index, raw] of value.split(/\r?\n/).entries()) {
        const text = raw.trim();
        if (text === '' || text.startsWith('#'))
            continue;
        const where = `line ${index + 1}`;
        const colon = text.lastIndexOf(':');
        const job = colon > 0 ? text.slice(0, colon).trim() : '';
        const path = colon > 0 ? text.slice(colon + 1).trim() : '';
        if (!job || !path) {
            throw new errors/* InputError */.dz(input, `has ${(0,errors/* quoted */.TL)(text)} on ${where}, which is not JOB:PATH`, FORMAT);
        }
        sources.push({ job, path: artifactPath(path, input, where), line: index + 1 });
    }
    if (sources.length > 0 && !wait.wait) {
        throw new errors/* InputError */.dz(input, 'is set, but the run does not wait for the pipeline', `set ${wait.input} to true: the outputs are read from the job artifacts once the pipeline has finished`);
    }
    return sources;
}
/** A path inside a job's artifacts: relative, without `..`, `./` stripped. */
function artifactPath(path, input, where) {
    const clean = path.replace(/^(\.\/)+/, '');
    const inside = 'give the path of the file inside the job artifacts, such as deploy.env';
    if (/^[\\/]/.test(clean) || /^[A-Za-z]:/.test(clean) || clean.includes('\0')) {
        throw new errors/* InputError */.dz(input, `has the path ${(0,errors/* quoted */.TL)(path)} on ${where}, which is absolute`, inside);
    }
    if (clean.split(/[\\/]/).includes('..') || clean === '') {
        throw new errors/* InputError */.dz(input, `has the path ${(0,errors/* quoted */.TL)(path)} on ${where}, which leaves the job artifacts`, inside);
    }
    return clean;
}

// EXTERNAL MODULE: ./src/core/parse/stream-logs.ts
var stream_logs = __nccwpck_require__(5767);
// EXTERNAL MODULE: ./src/core/push/push-settings.ts
var push_settings = __nccwpck_require__(4810);
// EXTERNAL MODULE: ./src/core/setting-defaults.ts
var setting_defaults = __nccwpck_require__(5646);
// EXTERNAL MODULE: ./src/core/setting-rules.ts
var setting_rules = __nccwpck_require__(1345);
// EXTERNAL MODULE: ./src/core/parse/duration.ts
var duration = __nccwpck_require__(6687);
// EXTERNAL MODULE: ./src/core/pipeline-statuses.ts
var pipeline_statuses = __nccwpck_require__(3804);
;// CONCATENATED MODULE: ./src/core/wait-settings.ts







/** The waiting settings' defaults, from the one table of them. */
const WAIT_DEFAULTS = {
    apiToken: setting_defaults/* SETTING_DEFAULTS */.E.apiToken,
    timeout: setting_defaults/* SETTING_DEFAULTS */.E.timeout,
    cancelOnAbort: setting_defaults/* SETTING_DEFAULTS */.E.cancelOnAbort,
    passStatuses: setting_defaults/* SETTING_DEFAULTS */.E.passStatuses,
    onManual: setting_defaults/* SETTING_DEFAULTS */.E.onManual,
    maxPollInterval: setting_defaults/* SETTING_DEFAULTS */.E.maxPollInterval,
};
/**
 * The access token that reads the pipeline. A pipeline trigger token (GitLab prefixes them
 * `glptt-`) only triggers: refused here, before the trigger, rather than after it, when the
 * pipeline would run on unfollowed.
 */
function readToken(value, name) {
    const token = (0,ref/* parseToken */.p)(value, name, 'a GitLab access token with read_api');
    if (token.startsWith('glptt-'))
        throw new errors/* InputError */.dz(name, 'is a pipeline trigger token (glptt-…), which can start pipelines but not read them', 'give a personal, project or group access token with read_api (api to cancel or play jobs)');
    return token;
}
/** Validates the waiting settings; throws an InputError naming the first unusable one. */
function buildWaitSettings(raw, names) {
    return {
        apiToken: raw.apiToken.trim() ? readToken(raw.apiToken, names.apiToken) : undefined,
        timeoutMs: (0,duration/* parseDuration */.E)(raw.timeout, names.timeout, { min: 1_000, max: 7 * 24 * 3_600_000 }),
        cancelOnAbort: (0,choices/* parseBoolean */.yG)(raw.cancelOnAbort, names.cancelOnAbort),
        passStatuses: (0,choices/* parseChoiceList */.pT)(raw.passStatuses, names.passStatuses, pipeline_statuses/* FINISHED_STATUSES */.oM),
        onManual: (0,choices/* parseChoice */.HU)(raw.onManual, names.onManual, pipeline_statuses/* MANUAL_MODES */.SC),
        maxPollIntervalMs: (0,duration/* parseDuration */.E)(raw.maxPollInterval, names.maxPollInterval, {
            min: 1_000,
            max: 3_600_000,
        }),
    };
}
/**
 * The rules that join the waiting settings to others, in one place for both hosts: running
 * manual jobs needs the wait (the step would end before any manual job is reached) and a token
 * GitLab lets play a job (an access token with the api scope; never a trigger or job token).
 * `readOnlyToken` names the token the host reads with when it is one that may not play.
 */
function checkWaitRules(settings, context) {
    const { names, readOnlyToken } = context;
    const play = settings.onManual === 'play';
    (0,setting_rules/* rule */.H)(play && !context.wait, names.onManual, 'is play, which runs manual jobs only while the step waits for the pipeline', `set ${names.wait} to true, or leave ${names.onManual} out`);
    (0,setting_rules/* rule */.H)(play && !settings.apiToken, names.onManual, readOnlyToken
        ? `is play, which runs manual jobs, and ${readOnlyToken} may not do that`
        : 'is play, which runs manual jobs, and GitLab lets only a token with the api scope do that', `give ${names.apiToken} a token with the api scope, or choose fail, pass or wait`);
}

;// CONCATENATED MODULE: ./src/core/run-settings.ts












/**
 * Builds a run's settings from the host's text: applies every default, validates every
 * setting, and checks every rule that joins settings, so that both hosts refuse the same
 * runs, with the same words, before any request. Throws an InputError naming the setting.
 */
function buildRunSettings(raw, names, host = {}) {
    const text = (key) => raw[key] ?? setting_defaults/* SETTING_DEFAULTS */.E[key];
    // Only a host that reads a pipeline to follow gives the setting, empty or not.
    const following = raw.follow !== undefined;
    const { trigger, follow } = following
        ? readFollow(raw, text, names)
        : { trigger: (0,trigger_settings/* buildTriggerSettings */.A)(triggerText(text), names), follow: undefined };
    // Following is waiting: there is nothing else to do with a pipeline someone else started.
    const wait = following || (0,choices/* parseBoolean */.yG)(text('wait'), names.wait);
    const { waitSettings, waitNames } = readWait(text, names, { wait, following, host });
    const waiting = { wait, input: names.wait };
    return {
        trigger,
        follow,
        wait,
        waitSettings,
        waitNames,
        results: readResults(text, names, wait),
        push: readPush(text, names, { trigger, wait, following }),
        streamLogs: (0,stream_logs/* parseStreamLogs */.L8)(text('streamLogs'), names.streamLogs, waiting),
    };
}
function triggerText(text) {
    return {
        gitlabUrl: text('gitlabUrl'),
        project: text('project'),
        ref: text('ref'),
        token: text('token'),
        variables: text('variables'),
        inputs: text('inputs'),
        requestTimeout: text('requestTimeout'),
        caCert: text('caCert'),
    };
}
/** A followed pipeline: no trigger token, and nothing to send to a pipeline not started here. */
function readFollow(raw, text, names) {
    (0,setting_rules/* rule */.H)((0,choices/* parseBoolean */.yG)(text('push'), names.push), names.push, `is true, and ${names.follow} is given: a followed pipeline is not started here, so nothing is pushed`, 'leave one of them out');
    for (const key of ['variables', 'inputs'])
        (0,setting_rules/* rule */.H)((raw[key] ?? '').trim() !== '', names[key], `is given, and ${names.follow} starts no pipeline to send it to`, `leave ${names[key]} out when following a pipeline`);
    const { settings, target } = buildFollowRun({ ...triggerText(text), follow: text('follow') }, { ...names, token: names.apiToken });
    return { trigger: settings, follow: target };
}
function readWait(text, names, run) {
    // A followed pipeline is someone else's: cancelled on a stop only when asked in so many words.
    const cancel = run.following ? 'cancelFollowed' : 'cancelOnAbort';
    const waitNames = {
        apiToken: names.apiToken,
        timeout: names.timeout,
        cancelOnAbort: names[cancel],
        passStatuses: names.passStatuses,
        onManual: names.onManual,
        maxPollInterval: names.maxPollInterval,
    };
    const waitSettings = buildWaitSettings({
        apiToken: text('apiToken'),
        timeout: text('timeout'),
        cancelOnAbort: text(cancel),
        passStatuses: text('passStatuses'),
        onManual: text('onManual'),
        maxPollInterval: text('maxPollInterval'),
    }, waitNames);
    checkWaitRules(waitSettings, {
        wait: run.wait,
        names: { ...waitNames, wait: names.wait },
        readOnlyToken: run.host.readOnlyToken,
    });
    return { waitSettings, waitNames };
}
/** What to fetch; what is read once the pipeline has finished needs the wait. */
function readResults(text, names, wait) {
    const artifactGlobs = (0,artifact_globs/* parseArtifactGlobs */.Th)(text('downloadArtifacts'), names.downloadArtifacts);
    const downloadLogs = (0,choices/* parseBoolean */.yG)(text('downloadLogs'), names.downloadLogs);
    for (const [key, given] of [
        ['downloadArtifacts', artifactGlobs.length > 0],
        ['downloadLogs', downloadLogs],
    ])
        (0,setting_rules/* rule */.H)(given && !wait, names[key], 'works only when the run waits for the pipeline to finish', `set ${names.wait} to true, or leave ${names[key]} out`);
    return {
        testReport: (0,choices/* parseBoolean */.yG)(text('testReport'), names.testReport),
        outputsFrom: parseOutputsFrom(text('outputsFrom'), names.outputsFrom, {
            wait,
            input: names.wait,
        }),
        artifactGlobs,
        downloadLogs,
        artifactsPath: (0,external_node_path_.resolve)(text('artifactsPath')),
        artifactsMaxBytes: (0,artifact_globs/* parseSize */.DB)(text('artifactsMaxSize'), names.artifactsMaxSize),
    };
}
/** The push of the checked-out commit, when asked; its branch is the trigger's ref. */
function readPush(text, names, run) {
    const push = !run.following && (0,choices/* parseBoolean */.yG)(text('push'), names.push);
    const deleteAfter = (0,choices/* parseBoolean */.yG)(text('deletePushedRef'), names.deletePushedRef);
    (0,setting_rules/* rule */.H)(deleteAfter && !push, names.deletePushedRef, `is true without ${names.push}`, `set ${names.push} to true, or leave ${names.deletePushedRef} out`);
    if (!push)
        return undefined;
    (0,setting_rules/* rule */.H)(deleteAfter && !run.wait, names.deletePushedRef, 'is true, which deletes the branch once the pipeline has finished, and the run does not wait for it', `set ${names.wait} to true, or leave ${names.deletePushedRef} out`);
    const token = (0,ref/* parseToken */.p)(text('pushToken'), names.pushToken, 'a GitLab access token with write_repository');
    const { trigger } = run;
    const branch = (0,push_settings/* parseBranch */.Qd)(trigger.ref, names.ref);
    return {
        branch,
        remoteUrl: (0,push_settings/* remoteUrlOf */.rv)(trigger.gitlab.url, trigger.project.display, names),
        token,
        force: branch.startsWith(push_settings/* OWNED_PREFIX */.RV),
        caCerts: trigger.connection.caCerts,
        deleteAfter,
    };
}


/***/ }),

/***/ 5646:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ SETTING_DEFAULTS)
/* harmony export */ });
/**
 * Every setting of a run the core reads, by the core's own key, with the text it takes when
 * the host has none. One table for both hosts: action.yml declares these same defaults
 * (__tests__/action-metadata.test.ts compares them) and the command line falls back to them.
 */
const SETTING_DEFAULTS = {
    gitlabUrl: 'https://gitlab.com',
    project: '',
    ref: '',
    token: '',
    variables: '',
    inputs: '',
    requestTimeout: '30s',
    caCert: '',
    wait: 'false',
    apiToken: '',
    timeout: '1h',
    cancelOnAbort: 'true',
    passStatuses: 'success',
    onManual: 'fail',
    maxPollInterval: '60s',
    testReport: 'true',
    outputsFrom: '',
    downloadArtifacts: '',
    artifactsPath: 'gitlab-artifacts',
    artifactsMaxSize: '1GiB',
    downloadLogs: 'false',
    streamLogs: '',
    push: 'false',
    pushToken: '',
    deletePushedRef: 'false',
    follow: '',
    cancelFollowed: 'false',
};


/***/ }),

/***/ 1345:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ rule)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);

/**
 * A rule that joins two or more settings: when it is broken, the setting named is refused
 * before any request, in the one shape every input error has (`<setting> <problem>: <fix>.`).
 * Every joint rule is written through here, the core's and a host's own alike.
 */
function rule(broken, setting, problem, fix) {
    if (broken)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(setting, problem, fix);
}


/***/ }),

/***/ 7065:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  B: () => (/* binding */ buildConnection),
  A: () => (/* binding */ buildTriggerSettings)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(4296);
// EXTERNAL MODULE: ./src/core/parse/text-file.ts
var text_file = __nccwpck_require__(3803);
;// CONCATENATED MODULE: ./src/core/parse/ca-cert.ts




const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
/**
 * Reads CA certificates given as PEM text or as the path of a PEM file, for an instance
 * whose certificate a private CA signed. Each certificate is parsed here, so a pasted
 * fragment fails now, naming the input, rather than as a TLS error later.
 */
function parseCaCert(value, input) {
    const text = value.trim();
    if (text === '')
        return [];
    let pem = text;
    if (!text.includes('-----BEGIN')) {
        try {
            pem = (0,text_file/* readTextFile */.Gu)(text);
        }
        catch (error) {
            // readTextFile throws only FileReadErrors: the system's code, or its own reason.
            const { code, reason } = error;
            const why = /^E[A-Z]+$/.test(code) ? code : reason;
            // Only a path that exists is quoted: anything else may be a secret pasted here by mistake.
            // A path that names no file is quoted too when it ends like a certificate's file name
            // (ca.pem, C:/certs/ca.crt): a secret pasted here by mistake does not.
            const looksLikePath = /^\S+\.(pem|crt|cer|cert)$/i.test(text);
            const what = (0,external_node_fs_.existsSync)(text)
                ? `is ${(0,errors/* quoted */.TL)(text)}, which is neither PEM text nor a readable file (${why})`
                : looksLikePath && (why === 'ENOENT' || why === 'ENOTDIR')
                    ? `is the path ${(0,errors/* quoted */.TL)(text)}, where there is no file (${why})`
                    : `is a text of ${text.length} characters, neither PEM text nor a readable file (${why})`;
            throw new errors/* InputError */.dz(input, what, `paste the CA certificate (-----BEGIN CERTIFICATE-----…) or give the path of its file`);
        }
    }
    const certificates = pem.match(PEM) ?? [];
    if (certificates.length === 0) {
        throw new errors/* InputError */.dz(input, `holds no PEM certificate`, `give the CA certificate as text starting with -----BEGIN CERTIFICATE-----, or the path of its file`);
    }
    certificates.forEach((certificate, index) => {
        try {
            new external_node_crypto_.X509Certificate(certificate);
        }
        catch {
            throw new errors/* InputError */.dz(input, `holds certificate ${index + 1} of ${certificates.length}, which is not a valid PEM certificate`, `paste it whole, lines and all`);
        }
    });
    return certificates;
}

// EXTERNAL MODULE: ./src/core/parse/duration.ts
var duration = __nccwpck_require__(6687);
// EXTERNAL MODULE: ./src/core/parse/gitlab-url.ts
var gitlab_url = __nccwpck_require__(4388);
// EXTERNAL MODULE: ./src/core/parse/pipeline-inputs.ts
var pipeline_inputs = __nccwpck_require__(3047);
// EXTERNAL MODULE: ./src/core/parse/project.ts
var project = __nccwpck_require__(8978);
// EXTERNAL MODULE: ./src/core/parse/ref.ts
var ref = __nccwpck_require__(6634);
// EXTERNAL MODULE: ./src/core/parse/variables.ts
var variables = __nccwpck_require__(5742);
// EXTERNAL MODULE: ./src/core/setting-defaults.ts
var setting_defaults = __nccwpck_require__(5646);
;// CONCATENATED MODULE: ./src/core/trigger-settings.ts








/**
 * Validates every setting and builds the typed settings. Throws an InputError naming the
 * first unusable value; nothing has been sent by then.
 */
function buildTriggerSettings(raw, names) {
    return {
        gitlab: (0,gitlab_url/* parseGitLabUrl */.m)(raw.gitlabUrl, names.gitlabUrl, names.token),
        project: (0,project/* parseProject */.X)(raw.project, names.project, names.gitlabUrl),
        ref: (0,ref/* parseRef */.r)(raw.ref, names.ref),
        token: (0,ref/* parseToken */.p)(raw.token, names.token, 'a pipeline trigger token (glptt-…) or a CI job token'),
        variables: (0,variables/* parseVariables */.r)(raw.variables, names.variables),
        inputs: (0,pipeline_inputs/* parseInputs */.TL)(raw.inputs, names.inputs),
        connection: buildConnection(raw, names),
    };
}
/** How to talk to the instance, read the same way for every run: its timeout and private CAs. */
function buildConnection(raw, names) {
    return {
        requestTimeoutMs: (0,duration/* parseDuration */.E)(raw.requestTimeout ?? setting_defaults/* SETTING_DEFAULTS */.E.requestTimeout, names.requestTimeout, { min: 1_000, max: 600_000 }),
        caCerts: parseCaCert(raw.caCert ?? '', names.caCert),
    };
}


/***/ }),

/***/ 4910:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  _: () => (/* binding */ USER_AGENT),
  x: () => (/* binding */ VERSION)
});

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = /*#__PURE__*/JSON.parse('{"UU":"gitlab-pipeline-trigger","rE":"1.0.0"}');
;// CONCATENATED MODULE: ./src/core/version.ts

const VERSION = package_namespaceObject.rE;
/** Sent with every request, so a GitLab admin can tell these calls apart in the logs. */
const USER_AGENT = `${package_namespaceObject.UU}/${package_namespaceObject.rE} node/${process.versions.node}`;


/***/ }),

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _action_main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9843);
/* harmony import */ var _action_post_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7718);
/* harmony import */ var _action_runner_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(5242);
/* harmony import */ var _core_node_version_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(5598);




// One bundle holds the action's main step, its post step and the command line, so that dist/
// holds each module once. The post step's entry (dist/post.js) and the command line's
// (dist/cli.js) mark the run before loading this bundle; nothing else sets the mark, so a main
// step can never take itself for the post step, nor the other way round. The command line is
// a chunk of its own, loaded only when asked for: the action's start-up does not pay for it.
const step = globalThis[Symbol.for('gitlab-pipeline-trigger.step')];
if (step === 'cli')
    await __nccwpck_require__.e(/* import() */ 486).then(__nccwpck_require__.bind(__nccwpck_require__, 486));
else {
    const runner = new _action_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .Runner */ .b();
    const tooOld = (0,_core_node_version_js__WEBPACK_IMPORTED_MODULE_3__/* .nodeVersionProblem */ .e9)('gitlab-pipeline-trigger');
    if (tooOld)
        runner.setFailed(tooOld);
    else if (step === 'post')
        await (0,_action_post_js__WEBPACK_IMPORTED_MODULE_1__/* .runPost */ .a)(runner);
    else
        await (0,_action_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)(runner);
    process.exitCode = runner.exitCode;
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 3836:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 6466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 2018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 7016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 3106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ }),

/***/ 7349:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var resolveBlockMap = __nccwpck_require__(7103);
var resolveBlockSeq = __nccwpck_require__(334);
var resolveFlowCollection = __nccwpck_require__(3142);

function resolveCollection(CN, ctx, token, onError, tagName, tag) {
    const coll = token.type === 'block-map'
        ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag)
        : token.type === 'block-seq'
            ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag)
            : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
    const Coll = coll.constructor;
    // If we got a tagName matching the class, or the tag name is '!',
    // then use the tagName from the node class used to create it.
    if (tagName === '!' || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
    }
    if (tagName)
        coll.tag = tagName;
    return coll;
}
function composeCollection(CN, ctx, token, props, onError) {
    const tagToken = props.tag;
    const tagName = !tagToken
        ? null
        : ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg));
    if (token.type === 'block-seq') {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken
            ? anchor.offset > tagToken.offset
                ? anchor
                : tagToken
            : (anchor ?? tagToken);
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
            const message = 'Missing newline after block sequence props';
            onError(lastProp, 'MISSING_CHAR', message);
        }
    }
    const expType = token.type === 'block-map'
        ? 'map'
        : token.type === 'block-seq'
            ? 'seq'
            : token.start.source === '{'
                ? 'map'
                : 'seq';
    // shortcut: check if it's a generic YAMLMap or YAMLSeq
    // before jumping into the custom tag logic.
    if (!tagToken ||
        !tagName ||
        tagName === '!' ||
        (tagName === YAMLMap.YAMLMap.tagName && expType === 'map') ||
        (tagName === YAMLSeq.YAMLSeq.tagName && expType === 'seq')) {
        return resolveCollection(CN, ctx, token, onError, tagName);
    }
    let tag = ctx.schema.tags.find(t => t.tag === tagName && t.collection === expType);
    if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
            ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
            tag = kt;
        }
        else {
            if (kt) {
                onError(tagToken, 'BAD_COLLECTION_TYPE', `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? 'scalar'}`, true);
            }
            else {
                onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, true);
            }
            return resolveCollection(CN, ctx, token, onError, tagName);
        }
    }
    const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
    const res = tag.resolve?.(coll, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg), ctx.options) ?? coll;
    const node = identity.isNode(res)
        ? res
        : new Scalar.Scalar(res);
    node.range = coll.range;
    node.tag = tagName;
    if (tag?.format)
        node.format = tag.format;
    return node;
}

exports.composeCollection = composeCollection;


/***/ }),

/***/ 3683:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Document = __nccwpck_require__(3021);
var composeNode = __nccwpck_require__(5937);
var resolveEnd = __nccwpck_require__(7788);
var resolveProps = __nccwpck_require__(4631);

function composeDoc(options, directives, { offset, start, value, end }, onError) {
    const opts = Object.assign({ _directives: directives }, options);
    const doc = new Document.Document(undefined, opts);
    const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
    };
    const props = resolveProps.resolveProps(start, {
        indicator: 'doc-start',
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
    });
    if (props.found) {
        doc.directives.docStart = true;
        if (value &&
            (value.type === 'block-map' || value.type === 'block-seq') &&
            !props.hasNewline)
            onError(props.end, 'MISSING_CHAR', 'Block collection cannot start on same line with directives-end marker');
    }
    // @ts-expect-error If Contents is set, let's trust the user
    doc.contents = value
        ? composeNode.composeNode(ctx, value, props, onError)
        : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
    const contentEnd = doc.contents.range[2];
    const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
    if (re.comment)
        doc.comment = re.comment;
    doc.range = [offset, contentEnd, re.offset];
    return doc;
}

exports.composeDoc = composeDoc;


/***/ }),

/***/ 5937:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(4065);
var identity = __nccwpck_require__(1127);
var composeCollection = __nccwpck_require__(7349);
var composeScalar = __nccwpck_require__(5413);
var resolveEnd = __nccwpck_require__(7788);
var utilEmptyScalarPosition = __nccwpck_require__(2599);

const CN = { composeNode, composeEmptyNode };
function composeNode(ctx, token, props, onError) {
    const atKey = ctx.atKey;
    const { spaceBefore, comment, anchor, tag } = props;
    let node;
    let isSrcToken = true;
    switch (token.type) {
        case 'alias':
            node = composeAlias(ctx, token, onError);
            if (anchor || tag)
                onError(token, 'ALIAS_PROPS', 'An alias node must not specify any properties');
            break;
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
        case 'block-scalar':
            node = composeScalar.composeScalar(ctx, token, tag, onError);
            if (anchor)
                node.anchor = anchor.source.substring(1);
            break;
        case 'block-map':
        case 'block-seq':
        case 'flow-collection':
            try {
                node = composeCollection.composeCollection(CN, ctx, token, props, onError);
                if (anchor)
                    node.anchor = anchor.source.substring(1);
            }
            catch (error) {
                // Almost certainly here due to a stack overflow
                const message = error instanceof Error ? error.message : String(error);
                onError(token, 'RESOURCE_EXHAUSTION', message);
            }
            break;
        default: {
            const message = token.type === 'error'
                ? token.message
                : `Unsupported token (type: ${token.type})`;
            onError(token, 'UNEXPECTED_TOKEN', message);
            isSrcToken = false;
        }
    }
    node ?? (node = composeEmptyNode(ctx, token.offset, undefined, null, props, onError));
    if (anchor && node.anchor === '')
        onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    if (atKey &&
        ctx.options.stringKeys &&
        (!identity.isScalar(node) ||
            typeof node.value !== 'string' ||
            (node.tag && node.tag !== 'tag:yaml.org,2002:str'))) {
        const msg = 'With stringKeys, all keys must be strings';
        onError(tag ?? token, 'NON_STRING_KEY', msg);
    }
    if (spaceBefore)
        node.spaceBefore = true;
    if (comment) {
        if (token.type === 'scalar' && token.source === '')
            node.comment = comment;
        else
            node.commentBefore = comment;
    }
    // @ts-expect-error Type checking misses meaning of isSrcToken
    if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
    return node;
}
function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
    const token = {
        type: 'scalar',
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ''
    };
    const node = composeScalar.composeScalar(ctx, token, tag, onError);
    if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === '')
            onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    }
    if (spaceBefore)
        node.spaceBefore = true;
    if (comment) {
        node.comment = comment;
        node.range[2] = end;
    }
    return node;
}
function composeAlias({ options }, { offset, source, end }, onError) {
    const alias = new Alias.Alias(source.substring(1));
    if (alias.source === '')
        onError(offset, 'BAD_ALIAS', 'Alias cannot be an empty string');
    if (alias.source.endsWith(':'))
        onError(offset + source.length - 1, 'BAD_ALIAS', 'Alias ending in : is ambiguous', true);
    const valueEnd = offset + source.length;
    const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
    alias.range = [offset, valueEnd, re.offset];
    if (re.comment)
        alias.comment = re.comment;
    return alias;
}

exports.composeEmptyNode = composeEmptyNode;
exports.composeNode = composeNode;


/***/ }),

/***/ 5413:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var resolveBlockScalar = __nccwpck_require__(8913);
var resolveFlowScalar = __nccwpck_require__(6842);

function composeScalar(ctx, token, tagToken, onError) {
    const { value, type, comment, range } = token.type === 'block-scalar'
        ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError)
        : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
    const tagName = tagToken
        ? ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg))
        : null;
    let tag;
    if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
    }
    else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
    else if (token.type === 'scalar')
        tag = findScalarTagByTest(ctx, value, token, onError);
    else
        tag = ctx.schema[identity.SCALAR];
    let scalar;
    try {
        const res = tag.resolve(value, msg => onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
    }
    catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg);
        scalar = new Scalar.Scalar(value);
    }
    scalar.range = range;
    scalar.source = value;
    if (type)
        scalar.type = type;
    if (tagName)
        scalar.tag = tagName;
    if (tag.format)
        scalar.format = tag.format;
    if (comment)
        scalar.comment = comment;
    return scalar;
}
function findScalarTagByName(schema, value, tagName, tagToken, onError) {
    if (tagName === '!')
        return schema[identity.SCALAR]; // non-specific tag
    const matchWithTest = [];
    for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
            if (tag.default && tag.test)
                matchWithTest.push(tag);
            else
                return tag;
        }
    }
    for (const tag of matchWithTest)
        if (tag.test?.test(value))
            return tag;
    const kt = schema.knownTags[tagName];
    if (kt && !kt.collection) {
        // Ensure that the known tag is available for stringifying,
        // but does not get used by default.
        schema.tags.push(Object.assign({}, kt, { default: false, test: undefined }));
        return kt;
    }
    onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, tagName !== 'tag:yaml.org,2002:str');
    return schema[identity.SCALAR];
}
function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
    const tag = schema.tags.find(tag => (tag.default === true || (atKey && tag.default === 'key')) &&
        tag.test?.test(value)) || schema[identity.SCALAR];
    if (schema.compat) {
        const compat = schema.compat.find(tag => tag.default && tag.test?.test(value)) ??
            schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
            const ts = directives.tagString(tag.tag);
            const cs = directives.tagString(compat.tag);
            const msg = `Value may be parsed as either ${ts} or ${cs}`;
            onError(token, 'TAG_RESOLVE_FAILED', msg, true);
        }
    }
    return tag;
}

exports.composeScalar = composeScalar;


/***/ }),

/***/ 9984:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);
var directives = __nccwpck_require__(1342);
var Document = __nccwpck_require__(3021);
var errors = __nccwpck_require__(1464);
var identity = __nccwpck_require__(1127);
var composeDoc = __nccwpck_require__(3683);
var resolveEnd = __nccwpck_require__(7788);

function getErrorPos(src) {
    if (typeof src === 'number')
        return [src, src + 1];
    if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
    const { offset, source } = src;
    return [offset, offset + (typeof source === 'string' ? source.length : 1)];
}
function parsePrelude(prelude) {
    let comment = '';
    let atComment = false;
    let afterEmptyLine = false;
    for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
            case '#':
                comment +=
                    (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') +
                        (source.substring(1) || ' ');
                atComment = true;
                afterEmptyLine = false;
                break;
            case '%':
                if (prelude[i + 1]?.[0] !== '#')
                    i += 1;
                atComment = false;
                break;
            default:
                // This may be wrong after doc-end, but in that case it doesn't matter
                if (!atComment)
                    afterEmptyLine = true;
                atComment = false;
        }
    }
    return { comment, afterEmptyLine };
}
/**
 * Compose a stream of CST nodes into a stream of YAML Documents.
 *
 * ```ts
 * import { Composer, Parser } from 'yaml'
 *
 * const src: string = ...
 * const tokens = new Parser().parse(src)
 * const docs = new Composer().compose(tokens)
 * ```
 */
class Composer {
    constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
            const pos = getErrorPos(source);
            if (warning)
                this.warnings.push(new errors.YAMLWarning(pos, code, message));
            else
                this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        this.directives = new directives.Directives({ version: options.version || '1.2' });
        this.options = options;
    }
    decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        //console.log({ dc: doc.comment, prelude, comment })
        if (comment) {
            const dc = doc.contents;
            if (afterDoc) {
                doc.comment = doc.comment ? `${doc.comment}\n${comment}` : comment;
            }
            else if (afterEmptyLine || doc.directives.docStart || !dc) {
                doc.commentBefore = comment;
            }
            else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
                let it = dc.items[0];
                if (identity.isPair(it))
                    it = it.key;
                const cb = it.commentBefore;
                it.commentBefore = cb ? `${comment}\n${cb}` : comment;
            }
            else {
                const cb = dc.commentBefore;
                dc.commentBefore = cb ? `${comment}\n${cb}` : comment;
            }
        }
        if (afterDoc) {
            for (let i = 0; i < this.errors.length; ++i)
                doc.errors.push(this.errors[i]);
            for (let i = 0; i < this.warnings.length; ++i)
                doc.warnings.push(this.warnings[i]);
        }
        else {
            doc.errors = this.errors;
            doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
    }
    /**
     * Current stream status information.
     *
     * Mostly useful at the end of input for an empty stream.
     */
    streamInfo() {
        return {
            comment: parsePrelude(this.prelude).comment,
            directives: this.directives,
            errors: this.errors,
            warnings: this.warnings
        };
    }
    /**
     * Compose tokens into documents.
     *
     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
     */
    *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
            yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
    }
    /** Advance the composer by one CST token. */
    *next(token) {
        if (node_process.env.LOG_STREAM)
            console.dir(token, { depth: null });
        switch (token.type) {
            case 'directive':
                this.directives.add(token.source, (offset, message, warning) => {
                    const pos = getErrorPos(token);
                    pos[0] += offset;
                    this.onError(pos, 'BAD_DIRECTIVE', message, warning);
                });
                this.prelude.push(token.source);
                this.atDirectives = true;
                break;
            case 'document': {
                const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
                if (this.atDirectives && !doc.directives.docStart)
                    this.onError(token, 'MISSING_CHAR', 'Missing directives-end/doc-start indicator line');
                this.decorate(doc, false);
                if (this.doc)
                    yield this.doc;
                this.doc = doc;
                this.atDirectives = false;
                break;
            }
            case 'byte-order-mark':
            case 'space':
                break;
            case 'comment':
            case 'newline':
                this.prelude.push(token.source);
                break;
            case 'error': {
                const msg = token.source
                    ? `${token.message}: ${JSON.stringify(token.source)}`
                    : token.message;
                const error = new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg);
                if (this.atDirectives || !this.doc)
                    this.errors.push(error);
                else
                    this.doc.errors.push(error);
                break;
            }
            case 'doc-end': {
                if (!this.doc) {
                    const msg = 'Unexpected doc-end without preceding document';
                    this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg));
                    break;
                }
                this.doc.directives.docEnd = true;
                const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
                this.decorate(this.doc, true);
                if (end.comment) {
                    const dc = this.doc.comment;
                    this.doc.comment = dc ? `${dc}\n${end.comment}` : end.comment;
                }
                this.doc.range[2] = end.offset;
                break;
            }
            default:
                this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', `Unsupported token ${token.type}`));
        }
    }
    /**
     * Call at end of input to yield any remaining document.
     *
     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
     */
    *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
            this.decorate(this.doc, true);
            yield this.doc;
            this.doc = null;
        }
        else if (forceDoc) {
            const opts = Object.assign({ _directives: this.directives }, this.options);
            const doc = new Document.Document(undefined, opts);
            if (this.atDirectives)
                this.onError(endOffset, 'MISSING_CHAR', 'Missing directives-end indicator line');
            doc.range = [0, endOffset, endOffset];
            this.decorate(doc, false);
            yield doc;
        }
    }
}

exports.Composer = Composer;


/***/ }),

/***/ 7103:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Pair = __nccwpck_require__(7165);
var YAMLMap = __nccwpck_require__(4454);
var resolveProps = __nccwpck_require__(4631);
var utilContainsNewline = __nccwpck_require__(9499);
var utilFlowIndentCheck = __nccwpck_require__(4051);
var utilMapIncludes = __nccwpck_require__(1187);

const startColMsg = 'All mapping items must start at the same column';
function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
    const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
    const map = new NodeClass(ctx.schema);
    if (ctx.atRoot)
        ctx.atRoot = false;
    let offset = bm.offset;
    let commentEnd = null;
    for (const collItem of bm.items) {
        const { start, key, sep, value } = collItem;
        // key properties
        const keyProps = resolveProps.resolveProps(start, {
            indicator: 'explicit-key-ind',
            next: key ?? sep?.[0],
            offset,
            onError,
            parentIndent: bm.indent,
            startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
            if (key) {
                if (key.type === 'block-seq')
                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'A block sequence may not be used as an implicit map key');
                else if ('indent' in key && key.indent !== bm.indent)
                    onError(offset, 'BAD_INDENT', startColMsg);
            }
            if (!keyProps.anchor && !keyProps.tag && !sep) {
                commentEnd = keyProps.end;
                if (keyProps.comment) {
                    if (map.comment)
                        map.comment += '\n' + keyProps.comment;
                    else
                        map.comment = keyProps.comment;
                }
                continue;
            }
            if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
                onError(key ?? start[start.length - 1], 'MULTILINE_IMPLICIT_KEY', 'Implicit keys need to be on a single line');
            }
        }
        else if (keyProps.found?.indent !== bm.indent) {
            onError(offset, 'BAD_INDENT', startColMsg);
        }
        // key value
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key
            ? composeNode(ctx, key, keyProps, onError)
            : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
            onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
        // value properties
        const valueProps = resolveProps.resolveProps(sep ?? [], {
            indicator: 'map-value-ind',
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: bm.indent,
            startOnNewline: !key || key.type === 'block-scalar'
        });
        offset = valueProps.end;
        if (valueProps.found) {
            if (implicitKey) {
                if (value?.type === 'block-map' && !valueProps.hasNewline)
                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'Nested mappings are not allowed in compact mappings');
                if (ctx.options.strict &&
                    keyProps.start < valueProps.found.offset - 1024)
                    onError(keyNode.range, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit block mapping key');
            }
            // value value
            const valueNode = value
                ? composeNode(ctx, value, valueProps, onError)
                : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
            if (ctx.schema.compat)
                utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
            offset = valueNode.range[2];
            const pair = new Pair.Pair(keyNode, valueNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            map.items.push(pair);
        }
        else {
            // key with no value
            if (implicitKey)
                onError(keyNode.range, 'MISSING_CHAR', 'Implicit map keys need to be followed by map values');
            if (valueProps.comment) {
                if (keyNode.comment)
                    keyNode.comment += '\n' + valueProps.comment;
                else
                    keyNode.comment = valueProps.comment;
            }
            const pair = new Pair.Pair(keyNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            map.items.push(pair);
        }
    }
    if (commentEnd && commentEnd < offset)
        onError(commentEnd, 'IMPOSSIBLE', 'Map comment with trailing content');
    map.range = [bm.offset, offset, commentEnd ?? offset];
    return map;
}

exports.resolveBlockMap = resolveBlockMap;


/***/ }),

/***/ 8913:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

function resolveBlockScalar(ctx, scalar, onError) {
    const start = scalar.offset;
    const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
    if (!header)
        return { value: '', type: null, comment: '', range: [start, start, start] };
    const type = header.mode === '>' ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
    const lines = scalar.source ? splitLines(scalar.source) : [];
    // determine the end of content & start of chomping
    let chompStart = lines.length;
    for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === '' || content === '\r')
            chompStart = i;
        else
            break;
    }
    // shortcut for empty contents
    if (chompStart === 0) {
        const value = header.chomp === '+' && lines.length > 0
            ? '\n'.repeat(Math.max(1, lines.length - 1))
            : '';
        let end = start + header.length;
        if (scalar.source)
            end += scalar.source.length;
        return { value, type, comment: header.comment, range: [start, end, end] };
    }
    // find the indentation level to trim from start
    let trimIndent = scalar.indent + header.indent;
    let offset = scalar.offset + header.length;
    let contentStart = 0;
    for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === '' || content === '\r') {
            if (header.indent === 0 && indent.length > trimIndent)
                trimIndent = indent.length;
        }
        else {
            if (indent.length < trimIndent) {
                const message = 'Block scalars with more-indented leading empty lines must use an explicit indentation indicator';
                onError(offset + indent.length, 'MISSING_CHAR', message);
            }
            if (header.indent === 0)
                trimIndent = indent.length;
            contentStart = i;
            if (trimIndent === 0 && !ctx.atRoot) {
                const message = 'Block scalar values in collections must be indented';
                onError(offset, 'BAD_INDENT', message);
            }
            break;
        }
        offset += indent.length + content.length + 1;
    }
    // include trailing more-indented empty lines in content
    for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
            chompStart = i + 1;
    }
    let value = '';
    let sep = '';
    let prevMoreIndented = false;
    // leading whitespace is kept intact
    for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + '\n';
    for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === '\r';
        if (crlf)
            content = content.slice(0, -1);
        /* istanbul ignore if already caught in lexer */
        if (content && indent.length < trimIndent) {
            const src = header.indent
                ? 'explicit indentation indicator'
                : 'first line';
            const message = `Block scalar lines must not be less indented than their ${src}`;
            onError(offset - content.length - (crlf ? 2 : 1), 'BAD_INDENT', message);
            indent = '';
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
            value += sep + indent.slice(trimIndent) + content;
            sep = '\n';
        }
        else if (indent.length > trimIndent || content[0] === '\t') {
            // more-indented content within a folded block
            if (sep === ' ')
                sep = '\n';
            else if (!prevMoreIndented && sep === '\n')
                sep = '\n\n';
            value += sep + indent.slice(trimIndent) + content;
            sep = '\n';
            prevMoreIndented = true;
        }
        else if (content === '') {
            // empty line
            if (sep === '\n')
                value += '\n';
            else
                sep = '\n';
        }
        else {
            value += sep + content;
            sep = ' ';
            prevMoreIndented = false;
        }
    }
    switch (header.chomp) {
        case '-':
            break;
        case '+':
            for (let i = chompStart; i < lines.length; ++i)
                value += '\n' + lines[i][0].slice(trimIndent);
            if (value[value.length - 1] !== '\n')
                value += '\n';
            break;
        default:
            value += '\n';
    }
    const end = start + header.length + scalar.source.length;
    return { value, type, comment: header.comment, range: [start, end, end] };
}
function parseBlockScalarHeader({ offset, props }, strict, onError) {
    /* istanbul ignore if should not happen */
    if (props[0].type !== 'block-scalar-header') {
        onError(props[0], 'IMPOSSIBLE', 'Block scalar header not found');
        return null;
    }
    const { source } = props[0];
    const mode = source[0];
    let indent = 0;
    let chomp = '';
    let error = -1;
    for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === '-' || ch === '+'))
            chomp = ch;
        else {
            const n = Number(ch);
            if (!indent && n)
                indent = n;
            else if (error === -1)
                error = offset + i;
        }
    }
    if (error !== -1)
        onError(error, 'UNEXPECTED_TOKEN', `Block scalar header includes extra characters: ${source}`);
    let hasSpace = false;
    let comment = '';
    let length = source.length;
    for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
            case 'space':
                hasSpace = true;
            // fallthrough
            case 'newline':
                length += token.source.length;
                break;
            case 'comment':
                if (strict && !hasSpace) {
                    const message = 'Comments must be separated from other tokens by white space characters';
                    onError(token, 'MISSING_CHAR', message);
                }
                length += token.source.length;
                comment = token.source.substring(1);
                break;
            case 'error':
                onError(token, 'UNEXPECTED_TOKEN', token.message);
                length += token.source.length;
                break;
            /* istanbul ignore next should not happen */
            default: {
                const message = `Unexpected token in block scalar header: ${token.type}`;
                onError(token, 'UNEXPECTED_TOKEN', message);
                const ts = token.source;
                if (ts && typeof ts === 'string')
                    length += ts.length;
            }
        }
    }
    return { mode, indent, chomp, comment, length };
}
/** @returns Array of lines split up as `[indent, content]` */
function splitLines(source) {
    const split = source.split(/\n( *)/);
    const first = split[0];
    const m = first.match(/^( *)/);
    const line0 = m?.[1]
        ? [m[1], first.slice(m[1].length)]
        : ['', first];
    const lines = [line0];
    for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
    return lines;
}

exports.resolveBlockScalar = resolveBlockScalar;


/***/ }),

/***/ 334:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var YAMLSeq = __nccwpck_require__(2223);
var resolveProps = __nccwpck_require__(4631);
var utilFlowIndentCheck = __nccwpck_require__(4051);

function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
    const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
    const seq = new NodeClass(ctx.schema);
    if (ctx.atRoot)
        ctx.atRoot = false;
    if (ctx.atKey)
        ctx.atKey = false;
    let offset = bs.offset;
    let commentEnd = null;
    for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
            indicator: 'seq-item-ind',
            next: value,
            offset,
            onError,
            parentIndent: bs.indent,
            startOnNewline: true
        });
        if (!props.found) {
            if (props.anchor || props.tag || value) {
                if (value?.type === 'block-seq')
                    onError(props.end, 'BAD_INDENT', 'All sequence items must start at the same column');
                else
                    onError(offset, 'MISSING_CHAR', 'Sequence item without - indicator');
            }
            else {
                commentEnd = props.end;
                if (props.comment)
                    seq.comment = props.comment;
                continue;
            }
        }
        const node = value
            ? composeNode(ctx, value, props, onError)
            : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
    }
    seq.range = [bs.offset, offset, commentEnd ?? offset];
    return seq;
}

exports.resolveBlockSeq = resolveBlockSeq;


/***/ }),

/***/ 7788:
/***/ ((__unused_webpack_module, exports) => {



function resolveEnd(end, offset, reqSpace, onError) {
    let comment = '';
    if (end) {
        let hasSpace = false;
        let sep = '';
        for (const token of end) {
            const { source, type } = token;
            switch (type) {
                case 'space':
                    hasSpace = true;
                    break;
                case 'comment': {
                    if (reqSpace && !hasSpace)
                        onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
                    const cb = source.substring(1) || ' ';
                    if (!comment)
                        comment = cb;
                    else
                        comment += sep + cb;
                    sep = '';
                    break;
                }
                case 'newline':
                    if (comment)
                        sep += source;
                    hasSpace = true;
                    break;
                default:
                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${type} at node end`);
            }
            offset += source.length;
        }
    }
    return { comment, offset };
}

exports.resolveEnd = resolveEnd;


/***/ }),

/***/ 3142:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var resolveEnd = __nccwpck_require__(7788);
var resolveProps = __nccwpck_require__(4631);
var utilContainsNewline = __nccwpck_require__(9499);
var utilMapIncludes = __nccwpck_require__(1187);

const blockMsg = 'Block collections are not allowed within flow collections';
const isBlock = (token) => token && (token.type === 'block-map' || token.type === 'block-seq');
function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
    const isMap = fc.start.source === '{';
    const fcName = isMap ? 'flow map' : 'flow sequence';
    const NodeClass = (tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq));
    const coll = new NodeClass(ctx.schema);
    coll.flow = true;
    const atRoot = ctx.atRoot;
    if (atRoot)
        ctx.atRoot = false;
    if (ctx.atKey)
        ctx.atKey = false;
    let offset = fc.offset + fc.start.source.length;
    for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep, value } = collItem;
        const props = resolveProps.resolveProps(start, {
            flow: fcName,
            indicator: 'explicit-key-ind',
            next: key ?? sep?.[0],
            offset,
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
        });
        if (!props.found) {
            if (!props.anchor && !props.tag && !sep && !value) {
                if (i === 0 && props.comma)
                    onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
                else if (i < fc.items.length - 1)
                    onError(props.start, 'UNEXPECTED_TOKEN', `Unexpected empty item in ${fcName}`);
                if (props.comment) {
                    if (coll.comment)
                        coll.comment += '\n' + props.comment;
                    else
                        coll.comment = props.comment;
                }
                offset = props.end;
                continue;
            }
            if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key))
                onError(key, // checked by containsNewline()
                'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
        }
        if (i === 0) {
            if (props.comma)
                onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
        }
        else {
            if (!props.comma)
                onError(props.start, 'MISSING_CHAR', `Missing , between ${fcName} items`);
            if (props.comment) {
                let prevItemComment = '';
                loop: for (const st of start) {
                    switch (st.type) {
                        case 'comma':
                        case 'space':
                            break;
                        case 'comment':
                            prevItemComment = st.source.substring(1);
                            break loop;
                        default:
                            break loop;
                    }
                }
                if (prevItemComment) {
                    let prev = coll.items[coll.items.length - 1];
                    if (identity.isPair(prev))
                        prev = prev.value ?? prev.key;
                    if (prev.comment)
                        prev.comment += '\n' + prevItemComment;
                    else
                        prev.comment = prevItemComment;
                    props.comment = props.comment.substring(prevItemComment.length + 1);
                }
            }
        }
        if (!isMap && !sep && !props.found) {
            // item is a value in a seq
            // → key & sep are empty, start does not include ? or :
            const valueNode = value
                ? composeNode(ctx, value, props, onError)
                : composeEmptyNode(ctx, props.end, sep, null, props, onError);
            coll.items.push(valueNode);
            offset = valueNode.range[2];
            if (isBlock(value))
                onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
        }
        else {
            // item is a key+value pair
            // key value
            ctx.atKey = true;
            const keyStart = props.end;
            const keyNode = key
                ? composeNode(ctx, key, props, onError)
                : composeEmptyNode(ctx, keyStart, start, null, props, onError);
            if (isBlock(key))
                onError(keyNode.range, 'BLOCK_IN_FLOW', blockMsg);
            ctx.atKey = false;
            // value properties
            const valueProps = resolveProps.resolveProps(sep ?? [], {
                flow: fcName,
                indicator: 'map-value-ind',
                next: value,
                offset: keyNode.range[2],
                onError,
                parentIndent: fc.indent,
                startOnNewline: false
            });
            if (valueProps.found) {
                if (!isMap && !props.found && ctx.options.strict) {
                    if (sep)
                        for (const st of sep) {
                            if (st === valueProps.found)
                                break;
                            if (st.type === 'newline') {
                                onError(st, 'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
                                break;
                            }
                        }
                    if (props.start < valueProps.found.offset - 1024)
                        onError(valueProps.found, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit flow sequence key');
                }
            }
            else if (value) {
                if ('source' in value && value.source?.[0] === ':')
                    onError(value, 'MISSING_CHAR', `Missing space after : in ${fcName}`);
                else
                    onError(valueProps.start, 'MISSING_CHAR', `Missing , or : between ${fcName} items`);
            }
            // value value
            const valueNode = value
                ? composeNode(ctx, value, valueProps, onError)
                : valueProps.found
                    ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError)
                    : null;
            if (valueNode) {
                if (isBlock(value))
                    onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
            }
            else if (valueProps.comment) {
                if (keyNode.comment)
                    keyNode.comment += '\n' + valueProps.comment;
                else
                    keyNode.comment = valueProps.comment;
            }
            const pair = new Pair.Pair(keyNode, valueNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            if (isMap) {
                const map = coll;
                if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
                    onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
                map.items.push(pair);
            }
            else {
                const map = new YAMLMap.YAMLMap(ctx.schema);
                map.flow = true;
                map.items.push(pair);
                const endRange = (valueNode ?? keyNode).range;
                map.range = [keyNode.range[0], endRange[1], endRange[2]];
                coll.items.push(map);
            }
            offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
    }
    const expectedEnd = isMap ? '}' : ']';
    const [ce, ...ee] = fc.end;
    let cePos = offset;
    if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
    else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot
            ? `${name} must end with a ${expectedEnd}`
            : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? 'MISSING_CHAR' : 'BAD_INDENT', msg);
        if (ce && ce.source.length !== 1)
            ee.unshift(ce);
    }
    if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
            if (coll.comment)
                coll.comment += '\n' + end.comment;
            else
                coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
    }
    else {
        coll.range = [fc.offset, cePos, cePos];
    }
    return coll;
}

exports.resolveFlowCollection = resolveFlowCollection;


/***/ }),

/***/ 6842:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var resolveEnd = __nccwpck_require__(7788);

function resolveFlowScalar(scalar, strict, onError) {
    const { offset, type, source, end } = scalar;
    let _type;
    let value;
    const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
    switch (type) {
        case 'scalar':
            _type = Scalar.Scalar.PLAIN;
            value = plainValue(source, _onError);
            break;
        case 'single-quoted-scalar':
            _type = Scalar.Scalar.QUOTE_SINGLE;
            value = singleQuotedValue(source, _onError);
            break;
        case 'double-quoted-scalar':
            _type = Scalar.Scalar.QUOTE_DOUBLE;
            value = doubleQuotedValue(source, _onError);
            break;
        /* istanbul ignore next should not happen */
        default:
            onError(scalar, 'UNEXPECTED_TOKEN', `Expected a flow scalar value, but found: ${type}`);
            return {
                value: '',
                type: null,
                comment: '',
                range: [offset, offset + source.length, offset + source.length]
            };
    }
    const valueEnd = offset + source.length;
    const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
    return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
    };
}
function plainValue(source, onError) {
    let badChar = '';
    switch (source[0]) {
        /* istanbul ignore next should not happen */
        case '\t':
            badChar = 'a tab character';
            break;
        case ',':
            badChar = 'flow indicator character ,';
            break;
        case '%':
            badChar = 'directive indicator character %';
            break;
        case '|':
        case '>': {
            badChar = `block scalar indicator ${source[0]}`;
            break;
        }
        case '@':
        case '`': {
            badChar = `reserved character ${source[0]}`;
            break;
        }
    }
    if (badChar)
        onError(0, 'BAD_SCALAR_START', `Plain value cannot start with ${badChar}`);
    return unfoldLines(source);
}
function singleQuotedValue(source, onError) {
    if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, 'MISSING_CHAR', "Missing closing 'quote");
    return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
}
function unfoldLines(source) {
    const line = /(.*?)\r?\n/sy;
    let match = line.exec(source);
    if (!match)
        return source;
    /**
     * The negative lookbehinds in these RegExps are to
     * prevent causing a polynomial search time in certain cases.
     *
     * The try-catch is for Safari < 16.4 and other old browsers:
     * https://caniuse.com/js-regexp-lookbehind
     */
    let trimEnd, trimBoth;
    try {
        trimEnd = new RegExp('(?<![ \t])[ \t]+$');
        trimBoth = new RegExp('^[ \t]+|(?<![ \t])[ \t]+$', 'g');
    }
    catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
    }
    let res = match[1].replace(trimEnd, '');
    let sep = ' ';
    let pos = line.lastIndex;
    while ((match = line.exec(source))) {
        const lm = match[1].replace(trimBoth, '');
        if (lm === '') {
            if (sep === '\n')
                res += sep;
            else
                sep = '\n';
        }
        else {
            res += sep + lm;
            sep = ' ';
        }
        pos = line.lastIndex;
    }
    const last = /[ \t]*(.*)/sy;
    last.lastIndex = pos;
    match = last.exec(source);
    return res + sep + (match?.[1] ?? '');
}
function doubleQuotedValue(source, onError) {
    let res = '';
    for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === '\r' && source[i + 1] === '\n')
            continue;
        if (ch === '\n') {
            const { fold, offset } = foldNewline(source, i);
            res += fold;
            i = offset;
        }
        else if (ch === '\\') {
            let next = source[++i];
            const cc = escapeCodes[next];
            if (cc)
                res += cc;
            else if (next === '\n') {
                // skip escaped newlines, but still trim the following line
                next = source[i + 1];
                while (next === ' ' || next === '\t')
                    next = source[++i + 1];
            }
            else if (next === '\r' && source[i + 1] === '\n') {
                // skip escaped CRLF newlines, but still trim the following line
                next = source[++i + 1];
                while (next === ' ' || next === '\t')
                    next = source[++i + 1];
            }
            else if (next === 'x' || next === 'u' || next === 'U') {
                const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
                res += parseCharCode(source, i + 1, length, onError);
                i += length;
            }
            else {
                const raw = source.substr(i - 1, 2);
                onError(i - 1, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
                res += raw;
            }
        }
        else if (ch === ' ' || ch === '\t') {
            // trim trailing whitespace
            const wsStart = i;
            let next = source[i + 1];
            while (next === ' ' || next === '\t')
                next = source[++i + 1];
            if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n'))
                res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        }
        else {
            res += ch;
        }
    }
    if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, 'MISSING_CHAR', 'Missing closing "quote');
    return res;
}
/**
 * Fold a single newline into a space, multiple newlines to N - 1 newlines.
 * Presumes `source[offset] === '\n'`
 */
function foldNewline(source, offset) {
    let fold = '';
    let ch = source[offset + 1];
    while (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        if (ch === '\r' && source[offset + 2] !== '\n')
            break;
        if (ch === '\n')
            fold += '\n';
        offset += 1;
        ch = source[offset + 1];
    }
    if (!fold)
        fold = ' ';
    return { fold, offset };
}
const escapeCodes = {
    '0': '\0', // null character
    a: '\x07', // bell character
    b: '\b', // backspace
    e: '\x1b', // escape character
    f: '\f', // form feed
    n: '\n', // line feed
    r: '\r', // carriage return
    t: '\t', // horizontal tab
    v: '\v', // vertical tab
    N: '\u0085', // Unicode next line
    _: '\u00a0', // Unicode non-breaking space
    L: '\u2028', // Unicode line separator
    P: '\u2029', // Unicode paragraph separator
    ' ': ' ',
    '"': '"',
    '/': '/',
    '\\': '\\',
    '\t': '\t'
};
function parseCharCode(source, offset, length, onError) {
    const cc = source.substr(offset, length);
    const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
    const code = ok ? parseInt(cc, 16) : NaN;
    try {
        return String.fromCodePoint(code);
    }
    catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
        return raw;
    }
}

exports.resolveFlowScalar = resolveFlowScalar;


/***/ }),

/***/ 4631:
/***/ ((__unused_webpack_module, exports) => {



function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
    let spaceBefore = false;
    let atNewline = startOnNewline;
    let hasSpace = startOnNewline;
    let comment = '';
    let commentSep = '';
    let hasNewline = false;
    let reqSpace = false;
    let tab = null;
    let anchor = null;
    let tag = null;
    let newlineAfterProp = null;
    let comma = null;
    let found = null;
    let start = null;
    for (const token of tokens) {
        if (reqSpace) {
            if (token.type !== 'space' &&
                token.type !== 'newline' &&
                token.type !== 'comma')
                onError(token.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
            reqSpace = false;
        }
        if (tab) {
            if (atNewline && token.type !== 'comment' && token.type !== 'newline') {
                onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
            }
            tab = null;
        }
        switch (token.type) {
            case 'space':
                // At the doc level, tabs at line start may be parsed
                // as leading white space rather than indentation.
                // In a flow collection, only the parser handles indent.
                if (!flow &&
                    (indicator !== 'doc-start' || next?.type !== 'flow-collection') &&
                    token.source.includes('\t')) {
                    tab = token;
                }
                hasSpace = true;
                break;
            case 'comment': {
                if (!hasSpace)
                    onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
                const cb = token.source.substring(1) || ' ';
                if (!comment)
                    comment = cb;
                else
                    comment += commentSep + cb;
                commentSep = '';
                atNewline = false;
                break;
            }
            case 'newline':
                if (atNewline) {
                    if (comment)
                        comment += token.source;
                    else if (!found || indicator !== 'seq-item-ind')
                        spaceBefore = true;
                }
                else
                    commentSep += token.source;
                atNewline = true;
                hasNewline = true;
                if (anchor || tag)
                    newlineAfterProp = token;
                hasSpace = true;
                break;
            case 'anchor':
                if (anchor)
                    onError(token, 'MULTIPLE_ANCHORS', 'A node can have at most one anchor');
                if (token.source.endsWith(':'))
                    onError(token.offset + token.source.length - 1, 'BAD_ALIAS', 'Anchor ending in : is ambiguous', true);
                anchor = token;
                start ?? (start = token.offset);
                atNewline = false;
                hasSpace = false;
                reqSpace = true;
                break;
            case 'tag': {
                if (tag)
                    onError(token, 'MULTIPLE_TAGS', 'A node can have at most one tag');
                tag = token;
                start ?? (start = token.offset);
                atNewline = false;
                hasSpace = false;
                reqSpace = true;
                break;
            }
            case indicator:
                // Could here handle preceding comments differently
                if (anchor || tag)
                    onError(token, 'BAD_PROP_ORDER', `Anchors and tags must be after the ${token.source} indicator`);
                if (found)
                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.source} in ${flow ?? 'collection'}`);
                found = token;
                atNewline =
                    indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
                hasSpace = false;
                break;
            case 'comma':
                if (flow) {
                    if (comma)
                        onError(token, 'UNEXPECTED_TOKEN', `Unexpected , in ${flow}`);
                    comma = token;
                    atNewline = false;
                    hasSpace = false;
                    break;
                }
            // else fallthrough
            default:
                onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.type} token`);
                atNewline = false;
                hasSpace = false;
        }
    }
    const last = tokens[tokens.length - 1];
    const end = last ? last.offset + last.source.length : offset;
    if (reqSpace &&
        next &&
        next.type !== 'space' &&
        next.type !== 'newline' &&
        next.type !== 'comma' &&
        (next.type !== 'scalar' || next.source !== '')) {
        onError(next.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
    }
    if (tab &&
        ((atNewline && tab.indent <= parentIndent) ||
            next?.type === 'block-map' ||
            next?.type === 'block-seq'))
        onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
    return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
    };
}

exports.resolveProps = resolveProps;


/***/ }),

/***/ 9499:
/***/ ((__unused_webpack_module, exports) => {



function containsNewline(key) {
    if (!key)
        return null;
    switch (key.type) {
        case 'alias':
        case 'scalar':
        case 'double-quoted-scalar':
        case 'single-quoted-scalar':
            if (key.source.includes('\n'))
                return true;
            if (key.end)
                for (const st of key.end)
                    if (st.type === 'newline')
                        return true;
            return false;
        case 'flow-collection':
            for (const it of key.items) {
                for (const st of it.start)
                    if (st.type === 'newline')
                        return true;
                if (it.sep)
                    for (const st of it.sep)
                        if (st.type === 'newline')
                            return true;
                if (containsNewline(it.key) || containsNewline(it.value))
                    return true;
            }
            return false;
        default:
            return true;
    }
}

exports.containsNewline = containsNewline;


/***/ }),

/***/ 2599:
/***/ ((__unused_webpack_module, exports) => {



function emptyScalarPosition(offset, before, pos) {
    if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
            let st = before[i];
            switch (st.type) {
                case 'space':
                case 'comment':
                case 'newline':
                    offset -= st.source.length;
                    continue;
            }
            // Technically, an empty scalar is immediately after the last non-empty
            // node, but it's more useful to place it after any whitespace.
            st = before[++i];
            while (st?.type === 'space') {
                offset += st.source.length;
                st = before[++i];
            }
            break;
        }
    }
    return offset;
}

exports.emptyScalarPosition = emptyScalarPosition;


/***/ }),

/***/ 4051:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var utilContainsNewline = __nccwpck_require__(9499);

function flowIndentCheck(indent, fc, onError) {
    if (fc?.type === 'flow-collection') {
        const end = fc.end[0];
        if (end.indent === indent &&
            (end.source === ']' || end.source === '}') &&
            utilContainsNewline.containsNewline(fc)) {
            const msg = 'Flow end indicator should be more indented than parent';
            onError(end, 'BAD_INDENT', msg, true);
        }
    }
}

exports.flowIndentCheck = flowIndentCheck;


/***/ }),

/***/ 1187:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);

function mapIncludes(ctx, items, search) {
    const { uniqueKeys } = ctx.options;
    if (uniqueKeys === false)
        return false;
    const isEqual = typeof uniqueKeys === 'function'
        ? uniqueKeys
        : (a, b) => a === b || (identity.isScalar(a) && identity.isScalar(b) && a.value === b.value);
    return items.some(pair => isEqual(pair.key, search));
}

exports.mapIncludes = mapIncludes;


/***/ }),

/***/ 3021:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(4065);
var Collection = __nccwpck_require__(101);
var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var toJS = __nccwpck_require__(4043);
var Schema = __nccwpck_require__(5840);
var stringifyDocument = __nccwpck_require__(6829);
var anchors = __nccwpck_require__(1596);
var applyReviver = __nccwpck_require__(3661);
var createNode = __nccwpck_require__(2404);
var directives = __nccwpck_require__(1342);

class Document {
    constructor(value, replacer, options) {
        /** A comment before this Document */
        this.commentBefore = null;
        /** A comment immediately after this Document */
        this.comment = null;
        /** Errors encountered during parsing. */
        this.errors = [];
        /** Warnings encountered during parsing. */
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === 'function' || Array.isArray(replacer)) {
            _replacer = replacer;
        }
        else if (options === undefined && replacer) {
            options = replacer;
            replacer = undefined;
        }
        const opt = Object.assign({
            intAsBigInt: false,
            keepSourceTokens: false,
            logLevel: 'warn',
            prettyErrors: true,
            strict: true,
            stringKeys: false,
            uniqueKeys: true,
            version: '1.2'
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
            this.directives = options._directives.atDocument();
            if (this.directives.yaml.explicit)
                version = this.directives.yaml.version;
        }
        else
            this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        // @ts-expect-error We can't really know that this matches Contents.
        this.contents =
            value === undefined ? null : this.createNode(value, _replacer, options);
    }
    /**
     * Create a deep copy of this Document and its contents.
     *
     * Custom Node values that inherit from `Object` still refer to their original instances.
     */
    clone() {
        const copy = Object.create(Document.prototype, {
            [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
            copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        // @ts-expect-error We can't really know that this matches Contents.
        copy.contents = identity.isNode(this.contents)
            ? this.contents.clone(copy.schema)
            : this.contents;
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /** Adds a value to the document. */
    add(value) {
        if (assertCollection(this.contents))
            this.contents.add(value);
    }
    /** Adds a value to the document. */
    addIn(path, value) {
        if (assertCollection(this.contents))
            this.contents.addIn(path, value);
    }
    /**
     * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
     *
     * If `node` already has an anchor, `name` is ignored.
     * Otherwise, the `node.anchor` value will be set to `name`,
     * or if an anchor with that name is already present in the document,
     * `name` will be used as a prefix for a new unique anchor.
     * If `name` is undefined, the generated anchor will use 'a' as a prefix.
     */
    createAlias(node, name) {
        if (!node.anchor) {
            const prev = anchors.anchorNames(this);
            node.anchor =
                // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
                !name || prev.has(name) ? anchors.findNewAnchor(name || 'a', prev) : name;
        }
        return new Alias.Alias(node.anchor);
    }
    createNode(value, replacer, options) {
        let _replacer = undefined;
        if (typeof replacer === 'function') {
            value = replacer.call({ '': value }, '', value);
            _replacer = replacer;
        }
        else if (Array.isArray(replacer)) {
            const keyToStr = (v) => typeof v === 'number' || v instanceof String || v instanceof Number;
            const asStr = replacer.filter(keyToStr).map(String);
            if (asStr.length > 0)
                replacer = replacer.concat(asStr);
            _replacer = replacer;
        }
        else if (options === undefined && replacer) {
            options = replacer;
            replacer = undefined;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(this, 
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        anchorPrefix || 'a');
        const ctx = {
            aliasDuplicateObjects: aliasDuplicateObjects ?? true,
            keepUndefined: keepUndefined ?? false,
            onAnchor,
            onTagObj,
            replacer: _replacer,
            schema: this.schema,
            sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
            node.flow = true;
        setAnchors();
        return node;
    }
    /**
     * Convert a key and a value into a `Pair` using the current schema,
     * recursively wrapping all values as `Scalar` or `Collection` nodes.
     */
    createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
    }
    /**
     * Removes a value from the document.
     * @returns `true` if the item was found and removed.
     */
    delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
    }
    /**
     * Removes a value from the document.
     * @returns `true` if the item was found and removed.
     */
    deleteIn(path) {
        if (Collection.isEmptyPath(path)) {
            if (this.contents == null)
                return false;
            // @ts-expect-error Presumed impossible if Strict extends false
            this.contents = null;
            return true;
        }
        return assertCollection(this.contents)
            ? this.contents.deleteIn(path)
            : false;
    }
    /**
     * Returns item at `key`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    get(key, keepScalar) {
        return identity.isCollection(this.contents)
            ? this.contents.get(key, keepScalar)
            : undefined;
    }
    /**
     * Returns item at `path`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    getIn(path, keepScalar) {
        if (Collection.isEmptyPath(path))
            return !keepScalar && identity.isScalar(this.contents)
                ? this.contents.value
                : this.contents;
        return identity.isCollection(this.contents)
            ? this.contents.getIn(path, keepScalar)
            : undefined;
    }
    /**
     * Checks if the document includes a value with the key `key`.
     */
    has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
    }
    /**
     * Checks if the document includes a value at `path`.
     */
    hasIn(path) {
        if (Collection.isEmptyPath(path))
            return this.contents !== undefined;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
    }
    /**
     * Sets a value in this document. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    set(key, value) {
        if (this.contents == null) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = Collection.collectionFromPath(this.schema, [key], value);
        }
        else if (assertCollection(this.contents)) {
            this.contents.set(key, value);
        }
    }
    /**
     * Sets a value in this document. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    setIn(path, value) {
        if (Collection.isEmptyPath(path)) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = value;
        }
        else if (this.contents == null) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
        }
        else if (assertCollection(this.contents)) {
            this.contents.setIn(path, value);
        }
    }
    /**
     * Change the YAML version and schema used by the document.
     * A `null` version disables support for directives, explicit tags, anchors, and aliases.
     * It also requires the `schema` option to be given as a `Schema` instance value.
     *
     * Overrides all previously set schema options.
     */
    setSchema(version, options = {}) {
        if (typeof version === 'number')
            version = String(version);
        let opt;
        switch (version) {
            case '1.1':
                if (this.directives)
                    this.directives.yaml.version = '1.1';
                else
                    this.directives = new directives.Directives({ version: '1.1' });
                opt = { resolveKnownTags: false, schema: 'yaml-1.1' };
                break;
            case '1.2':
            case 'next':
                if (this.directives)
                    this.directives.yaml.version = version;
                else
                    this.directives = new directives.Directives({ version });
                opt = { resolveKnownTags: true, schema: 'core' };
                break;
            case null:
                if (this.directives)
                    delete this.directives;
                opt = null;
                break;
            default: {
                const sv = JSON.stringify(version);
                throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
            }
        }
        // Not using `instanceof Schema` to allow for duck typing
        if (options.schema instanceof Object)
            this.schema = options.schema;
        else if (opt)
            this.schema = new Schema.Schema(Object.assign(opt, options));
        else
            throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
    }
    // json & jsonArg are only used from toJSON()
    toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
            anchors: new Map(),
            doc: this,
            keep: !json,
            mapAsMap: mapAsMap === true,
            mapKeyWarned: false,
            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? '', ctx);
        if (typeof onAnchor === 'function')
            for (const { count, res } of ctx.anchors.values())
                onAnchor(res, count);
        return typeof reviver === 'function'
            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
            : res;
    }
    /**
     * A JSON representation of the document `contents`.
     *
     * @param jsonArg Used by `JSON.stringify` to indicate the array index or
     *   property name.
     */
    toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
    }
    /** A YAML representation of the document. */
    toString(options = {}) {
        if (this.errors.length > 0)
            throw new Error('Document with errors cannot be stringified');
        if ('indent' in options &&
            (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
            const s = JSON.stringify(options.indent);
            throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
    }
}
function assertCollection(contents) {
    if (identity.isCollection(contents))
        return true;
    throw new Error('Expected a YAML collection as document contents');
}

exports.Document = Document;


/***/ }),

/***/ 1596:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var visit = __nccwpck_require__(204);

/**
 * Verify that the input string is a valid anchor.
 *
 * Will throw on errors.
 */
function anchorIsValid(anchor) {
    if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
    }
    return true;
}
function anchorNames(root) {
    const anchors = new Set();
    visit.visit(root, {
        Value(_key, node) {
            if (node.anchor)
                anchors.add(node.anchor);
        }
    });
    return anchors;
}
/** Find a new anchor name with the given `prefix` and a one-indexed suffix. */
function findNewAnchor(prefix, exclude) {
    for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
            return name;
    }
}
function createNodeAnchors(doc, prefix) {
    const aliasObjects = [];
    const sourceObjects = new Map();
    let prevAnchors = null;
    return {
        onAnchor: (source) => {
            aliasObjects.push(source);
            prevAnchors ?? (prevAnchors = anchorNames(doc));
            const anchor = findNewAnchor(prefix, prevAnchors);
            prevAnchors.add(anchor);
            return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
            for (const source of aliasObjects) {
                const ref = sourceObjects.get(source);
                if (typeof ref === 'object' &&
                    ref.anchor &&
                    (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
                    ref.node.anchor = ref.anchor;
                }
                else {
                    const error = new Error('Failed to resolve repeated object (this should not happen)');
                    error.source = source;
                    throw error;
                }
            }
        },
        sourceObjects
    };
}

exports.anchorIsValid = anchorIsValid;
exports.anchorNames = anchorNames;
exports.createNodeAnchors = createNodeAnchors;
exports.findNewAnchor = findNewAnchor;


/***/ }),

/***/ 3661:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Applies the JSON.parse reviver algorithm as defined in the ECMA-262 spec,
 * in section 24.5.1.1 "Runtime Semantics: InternalizeJSONProperty" of the
 * 2021 edition: https://tc39.es/ecma262/#sec-json.parse
 *
 * Includes extensions for handling Map and Set objects.
 */
function applyReviver(reviver, obj, key, val) {
    if (val && typeof val === 'object') {
        if (Array.isArray(val)) {
            for (let i = 0, len = val.length; i < len; ++i) {
                const v0 = val[i];
                const v1 = applyReviver(reviver, val, String(i), v0);
                // eslint-disable-next-line @typescript-eslint/no-array-delete
                if (v1 === undefined)
                    delete val[i];
                else if (v1 !== v0)
                    val[i] = v1;
            }
        }
        else if (val instanceof Map) {
            for (const k of Array.from(val.keys())) {
                const v0 = val.get(k);
                const v1 = applyReviver(reviver, val, k, v0);
                if (v1 === undefined)
                    val.delete(k);
                else if (v1 !== v0)
                    val.set(k, v1);
            }
        }
        else if (val instanceof Set) {
            for (const v0 of Array.from(val)) {
                const v1 = applyReviver(reviver, val, v0, v0);
                if (v1 === undefined)
                    val.delete(v0);
                else if (v1 !== v0) {
                    val.delete(v0);
                    val.add(v1);
                }
            }
        }
        else {
            for (const [k, v0] of Object.entries(val)) {
                const v1 = applyReviver(reviver, val, k, v0);
                if (v1 === undefined)
                    delete val[k];
                else if (v1 !== v0)
                    val[k] = v1;
            }
        }
    }
    return reviver.call(obj, key, val);
}

exports.applyReviver = applyReviver;


/***/ }),

/***/ 2404:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(4065);
var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);

const defaultTagPrefix = 'tag:yaml.org,2002:';
function findTagObject(value, tagName, tags) {
    if (tagName) {
        const match = tags.filter(t => t.tag === tagName);
        const tagObj = match.find(t => !t.format) ?? match[0];
        if (!tagObj)
            throw new Error(`Tag ${tagName} not found`);
        return tagObj;
    }
    return tags.find(t => t.identify?.(value) && !t.format);
}
function createNode(value, tagName, ctx) {
    if (identity.isDocument(value))
        value = value.contents;
    if (identity.isNode(value))
        return value;
    if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
    }
    if (value instanceof String ||
        value instanceof Number ||
        value instanceof Boolean ||
        (typeof BigInt !== 'undefined' && value instanceof BigInt) // not supported everywhere
    ) {
        // https://tc39.es/ecma262/#sec-serializejsonproperty
        value = value.valueOf();
    }
    const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
    // Detect duplicate references to the same object & use Alias nodes for all
    // after first. The `ref` wrapper allows for circular references to resolve.
    let ref = undefined;
    if (aliasDuplicateObjects && value && typeof value === 'object') {
        ref = sourceObjects.get(value);
        if (ref) {
            ref.anchor ?? (ref.anchor = onAnchor(value));
            return new Alias.Alias(ref.anchor);
        }
        else {
            ref = { anchor: null, node: null };
            sourceObjects.set(value, ref);
        }
    }
    if (tagName?.startsWith('!!'))
        tagName = defaultTagPrefix + tagName.slice(2);
    let tagObj = findTagObject(value, tagName, schema.tags);
    if (!tagObj) {
        if (value && typeof value.toJSON === 'function') {
            // eslint-disable-next-line @typescript-eslint/no-unsafe-call
            value = value.toJSON();
        }
        if (!value || typeof value !== 'object') {
            const node = new Scalar.Scalar(value);
            if (ref)
                ref.node = node;
            return node;
        }
        tagObj =
            value instanceof Map
                ? schema[identity.MAP]
                : Symbol.iterator in Object(value)
                    ? schema[identity.SEQ]
                    : schema[identity.MAP];
    }
    if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
    }
    const node = tagObj?.createNode
        ? tagObj.createNode(ctx.schema, value, ctx)
        : typeof tagObj?.nodeClass?.from === 'function'
            ? tagObj.nodeClass.from(ctx.schema, value, ctx)
            : new Scalar.Scalar(value);
    if (tagName)
        node.tag = tagName;
    else if (!tagObj.default)
        node.tag = tagObj.tag;
    if (ref)
        ref.node = node;
    return node;
}

exports.createNode = createNode;


/***/ }),

/***/ 1342:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var visit = __nccwpck_require__(204);

const escapeChars = {
    '!': '%21',
    ',': '%2C',
    '[': '%5B',
    ']': '%5D',
    '{': '%7B',
    '}': '%7D'
};
const escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, ch => escapeChars[ch]);
class Directives {
    constructor(yaml, tags) {
        /**
         * The directives-end/doc-start marker `---`. If `null`, a marker may still be
         * included in the document's stringified representation.
         */
        this.docStart = null;
        /** The doc-end marker `...`.  */
        this.docEnd = false;
        this.yaml = Object.assign({}, Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, Directives.defaultTags, tags);
    }
    clone() {
        const copy = new Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
    }
    /**
     * During parsing, get a Directives instance for the current document and
     * update the stream state according to the current version's spec.
     */
    atDocument() {
        const res = new Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
            case '1.1':
                this.atNextDocument = true;
                break;
            case '1.2':
                this.atNextDocument = false;
                this.yaml = {
                    explicit: Directives.defaultYaml.explicit,
                    version: '1.2'
                };
                this.tags = Object.assign({}, Directives.defaultTags);
                break;
        }
        return res;
    }
    /**
     * @param onError - May be called even if the action was successful
     * @returns `true` on success
     */
    add(line, onError) {
        if (this.atNextDocument) {
            this.yaml = { explicit: Directives.defaultYaml.explicit, version: '1.1' };
            this.tags = Object.assign({}, Directives.defaultTags);
            this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
            case '%TAG': {
                if (parts.length !== 2) {
                    onError(0, '%TAG directive should contain exactly two parts');
                    if (parts.length < 2)
                        return false;
                }
                const [handle, prefix] = parts;
                this.tags[handle] = prefix;
                return true;
            }
            case '%YAML': {
                this.yaml.explicit = true;
                if (parts.length !== 1) {
                    onError(0, '%YAML directive should contain exactly one part');
                    return false;
                }
                const [version] = parts;
                if (version === '1.1' || version === '1.2') {
                    this.yaml.version = version;
                    return true;
                }
                else {
                    const isValid = /^\d+\.\d+$/.test(version);
                    onError(6, `Unsupported YAML version ${version}`, isValid);
                    return false;
                }
            }
            default:
                onError(0, `Unknown directive ${name}`, true);
                return false;
        }
    }
    /**
     * Resolves a tag, matching handles to those defined in %TAG directives.
     *
     * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
     *   `'!local'` tag, or `null` if unresolvable.
     */
    tagName(source, onError) {
        if (source === '!')
            return '!'; // non-specific tag
        if (source[0] !== '!') {
            onError(`Not a valid tag: ${source}`);
            return null;
        }
        if (source[1] === '<') {
            const verbatim = source.slice(2, -1);
            if (verbatim === '!' || verbatim === '!!') {
                onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
                return null;
            }
            if (source[source.length - 1] !== '>')
                onError('Verbatim tags must end with a >');
            return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
            onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
            try {
                return prefix + decodeURIComponent(suffix);
            }
            catch (error) {
                onError(String(error));
                return null;
            }
        }
        if (handle === '!')
            return source; // local tag
        onError(`Could not resolve tag: ${source}`);
        return null;
    }
    /**
     * Given a fully resolved tag, returns its printable string form,
     * taking into account current tag prefixes and defaults.
     */
    tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
            if (tag.startsWith(prefix))
                return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === '!' ? tag : `!<${tag}>`;
    }
    toString(doc) {
        const lines = this.yaml.explicit
            ? [`%YAML ${this.yaml.version || '1.2'}`]
            : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
            const tags = {};
            visit.visit(doc.contents, (_key, node) => {
                if (identity.isNode(node) && node.tag)
                    tags[node.tag] = true;
            });
            tagNames = Object.keys(tags);
        }
        else
            tagNames = [];
        for (const [handle, prefix] of tagEntries) {
            if (handle === '!!' && prefix === 'tag:yaml.org,2002:')
                continue;
            if (!doc || tagNames.some(tn => tn.startsWith(prefix)))
                lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join('\n');
    }
}
Directives.defaultYaml = { explicit: false, version: '1.2' };
Directives.defaultTags = { '!!': 'tag:yaml.org,2002:' };

exports.Directives = Directives;


/***/ }),

/***/ 1464:
/***/ ((__unused_webpack_module, exports) => {



class YAMLError extends Error {
    constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
    }
}
class YAMLParseError extends YAMLError {
    constructor(pos, code, message) {
        super('YAMLParseError', pos, code, message);
    }
}
class YAMLWarning extends YAMLError {
    constructor(pos, code, message) {
        super('YAMLWarning', pos, code, message);
    }
}
const prettifyError = (src, lc) => (error) => {
    if (error.pos[0] === -1)
        return;
    error.linePos = error.pos.map(pos => lc.linePos(pos));
    const { line, col } = error.linePos[0];
    error.message += ` at line ${line}, column ${col}`;
    let ci = col - 1;
    let lineStr = src
        .substring(lc.lineStarts[line - 1], lc.lineStarts[line])
        .replace(/[\n\r]+$/, '');
    // Trim to max 80 chars, keeping col position near the middle
    if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = '…' + lineStr.substring(trimStart);
        ci -= trimStart - 1;
    }
    if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + '…';
    // Include previous line in context if pointing at line start
    if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        // Regexp won't match if start is trimmed
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
            prev = prev.substring(0, 79) + '…\n';
        lineStr = prev + lineStr;
    }
    if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
            count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = ' '.repeat(ci) + '^'.repeat(count);
        error.message += `:\n\n${lineStr}\n${pointer}\n`;
    }
};

exports.YAMLError = YAMLError;
exports.YAMLParseError = YAMLParseError;
exports.YAMLWarning = YAMLWarning;
exports.prettifyError = prettifyError;


/***/ }),

/***/ 8815:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var __webpack_unused_export__;


var composer = __nccwpck_require__(9984);
var Document = __nccwpck_require__(3021);
var Schema = __nccwpck_require__(5840);
var errors = __nccwpck_require__(1464);
var Alias = __nccwpck_require__(4065);
var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var Scalar = __nccwpck_require__(3301);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var cst = __nccwpck_require__(3461);
var lexer = __nccwpck_require__(361);
var lineCounter = __nccwpck_require__(6628);
var parser = __nccwpck_require__(3456);
var publicApi = __nccwpck_require__(4047);
var visit = __nccwpck_require__(204);



__webpack_unused_export__ = composer.Composer;
__webpack_unused_export__ = Document.Document;
__webpack_unused_export__ = Schema.Schema;
__webpack_unused_export__ = errors.YAMLError;
__webpack_unused_export__ = errors.YAMLParseError;
__webpack_unused_export__ = errors.YAMLWarning;
__webpack_unused_export__ = Alias.Alias;
exports.Vj = identity.isAlias;
__webpack_unused_export__ = identity.isCollection;
__webpack_unused_export__ = identity.isDocument;
exports.jh = identity.isMap;
__webpack_unused_export__ = identity.isNode;
__webpack_unused_export__ = identity.isPair;
exports.jn = identity.isScalar;
exports.oP = identity.isSeq;
__webpack_unused_export__ = Pair.Pair;
exports.X5 = Scalar.Scalar;
__webpack_unused_export__ = YAMLMap.YAMLMap;
__webpack_unused_export__ = YAMLSeq.YAMLSeq;
__webpack_unused_export__ = cst;
__webpack_unused_export__ = lexer.Lexer;
exports.HN = lineCounter.LineCounter;
__webpack_unused_export__ = parser.Parser;
__webpack_unused_export__ = publicApi.parse;
__webpack_unused_export__ = publicApi.parseAllDocuments;
exports.Tp = publicApi.parseDocument;
__webpack_unused_export__ = publicApi.stringify;
exports.YR = visit.visit;
__webpack_unused_export__ = visit.visitAsync;


/***/ }),

/***/ 7249:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);

function debug(logLevel, ...messages) {
    if (logLevel === 'debug')
        console.log(...messages);
}
function warn(logLevel, warning) {
    if (logLevel === 'debug' || logLevel === 'warn') {
        if (typeof node_process.emitWarning === 'function')
            node_process.emitWarning(warning);
        else
            console.warn(warning);
    }
}

exports.debug = debug;
exports.warn = warn;


/***/ }),

/***/ 4065:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var anchors = __nccwpck_require__(1596);
var visit = __nccwpck_require__(204);
var identity = __nccwpck_require__(1127);
var Node = __nccwpck_require__(6673);
var toJS = __nccwpck_require__(4043);

class Alias extends Node.NodeBase {
    constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, 'tag', {
            set() {
                throw new Error('Alias nodes cannot have tags');
            }
        });
    }
    /**
     * Resolve the value of this alias within `doc`, finding the last
     * instance of the `source` anchor before this node.
     */
    resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
            throw new ReferenceError('Alias resolution is disabled');
        let nodes;
        if (ctx?.aliasResolveCache) {
            nodes = ctx.aliasResolveCache;
        }
        else {
            nodes = [];
            visit.visit(doc, {
                Node: (_key, node) => {
                    if (identity.isAlias(node) || identity.hasAnchor(node))
                        nodes.push(node);
                }
            });
            if (ctx)
                ctx.aliasResolveCache = nodes;
        }
        let found = undefined;
        for (const node of nodes) {
            if (node === this)
                break;
            if (node.anchor === this.source)
                found = node;
        }
        if (found && ctx) {
            const { anchors, doc, maxAliasCount } = ctx;
            let data = anchors.get(found);
            if (!data) {
                // Resolve anchors for Node.prototype.toJS()
                toJS.toJS(found, null, ctx);
                data = anchors.get(found);
            }
            /* istanbul ignore if */
            if (data?.res === undefined) {
                const msg = 'This should not happen: Alias anchor was not resolved?';
                throw new ReferenceError(msg);
            }
            if (maxAliasCount >= 0) {
                data.count += 1;
                if (data.aliasCount === 0)
                    data.aliasCount = getAliasCount(doc, found, anchors);
                if (data.count * data.aliasCount > maxAliasCount) {
                    const msg = 'Excessive alias count indicates a resource exhaustion attack';
                    throw new ReferenceError(msg);
                }
            }
        }
        return found;
    }
    toJSON(_arg, ctx) {
        if (!ctx)
            return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
    }
    toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
            anchors.anchorIsValid(this.source);
            if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
                const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
                throw new Error(msg);
            }
            if (ctx.implicitKey)
                return `${src} `;
        }
        return src;
    }
}
function getAliasCount(doc, node, anchors) {
    if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors && source && anchors.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
    }
    else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
            const c = getAliasCount(doc, item, anchors);
            if (c > count)
                count = c;
        }
        return count;
    }
    else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors);
        const vc = getAliasCount(doc, node.value, anchors);
        return Math.max(kc, vc);
    }
    return 1;
}

exports.Alias = Alias;


/***/ }),

/***/ 101:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(2404);
var identity = __nccwpck_require__(1127);
var Node = __nccwpck_require__(6673);

function collectionFromPath(schema, path, value) {
    let v = value;
    for (let i = path.length - 1; i >= 0; --i) {
        const k = path[i];
        if (typeof k === 'number' && Number.isInteger(k) && k >= 0) {
            const a = [];
            a[k] = v;
            v = a;
        }
        else {
            v = new Map([[k, v]]);
        }
    }
    return createNode.createNode(v, undefined, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
            throw new Error('This should not happen, please report a bug.');
        },
        schema,
        sourceObjects: new Map()
    });
}
// Type guard is intentionally a little wrong so as to be more useful,
// as it does not cover untypable empty non-string iterables (e.g. []).
const isEmptyPath = (path) => path == null ||
    (typeof path === 'object' && !!path[Symbol.iterator]().next().done);
class Collection extends Node.NodeBase {
    constructor(type, schema) {
        super(type);
        Object.defineProperty(this, 'schema', {
            value: schema,
            configurable: true,
            enumerable: false,
            writable: true
        });
    }
    /**
     * Create a copy of this collection.
     *
     * @param schema - If defined, overwrites the original's schema
     */
    clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
            copy.schema = schema;
        copy.items = copy.items.map(it => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /**
     * Adds a value to the collection. For `!!map` and `!!omap` the value must
     * be a Pair instance or a `{ key, value }` object, which may not have a key
     * that already exists in the map.
     */
    addIn(path, value) {
        if (isEmptyPath(path))
            this.add(value);
        else {
            const [key, ...rest] = path;
            const node = this.get(key, true);
            if (identity.isCollection(node))
                node.addIn(rest, value);
            else if (node === undefined && this.schema)
                this.set(key, collectionFromPath(this.schema, rest, value));
            else
                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
    }
    /**
     * Removes a value from the collection.
     * @returns `true` if the item was found and removed.
     */
    deleteIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
            return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
            return node.deleteIn(rest);
        else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
    }
    /**
     * Returns item at `key`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    getIn(path, keepScalar) {
        const [key, ...rest] = path;
        const node = this.get(key, true);
        if (rest.length === 0)
            return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
            return identity.isCollection(node) ? node.getIn(rest, keepScalar) : undefined;
    }
    hasAllNullValues(allowScalar) {
        return this.items.every(node => {
            if (!identity.isPair(node))
                return false;
            const n = node.value;
            return (n == null ||
                (allowScalar &&
                    identity.isScalar(n) &&
                    n.value == null &&
                    !n.commentBefore &&
                    !n.comment &&
                    !n.tag));
        });
    }
    /**
     * Checks if the collection includes a value with the key `key`.
     */
    hasIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
            return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
    }
    /**
     * Sets a value in this collection. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    setIn(path, value) {
        const [key, ...rest] = path;
        if (rest.length === 0) {
            this.set(key, value);
        }
        else {
            const node = this.get(key, true);
            if (identity.isCollection(node))
                node.setIn(rest, value);
            else if (node === undefined && this.schema)
                this.set(key, collectionFromPath(this.schema, rest, value));
            else
                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
    }
}

exports.Collection = Collection;
exports.collectionFromPath = collectionFromPath;
exports.isEmptyPath = isEmptyPath;


/***/ }),

/***/ 6673:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var applyReviver = __nccwpck_require__(3661);
var identity = __nccwpck_require__(1127);
var toJS = __nccwpck_require__(4043);

class NodeBase {
    constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
    }
    /** Create a copy of this node.  */
    clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /** A plain JavaScript representation of this node. */
    toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
            throw new TypeError('A document argument is required');
        const ctx = {
            anchors: new Map(),
            doc,
            keep: true,
            mapAsMap: mapAsMap === true,
            mapKeyWarned: false,
            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, '', ctx);
        if (typeof onAnchor === 'function')
            for (const { count, res } of ctx.anchors.values())
                onAnchor(res, count);
        return typeof reviver === 'function'
            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
            : res;
    }
}

exports.NodeBase = NodeBase;


/***/ }),

/***/ 7165:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(2404);
var stringifyPair = __nccwpck_require__(9748);
var addPairToJSMap = __nccwpck_require__(7104);
var identity = __nccwpck_require__(1127);

function createPair(key, value, ctx) {
    const k = createNode.createNode(key, undefined, ctx);
    const v = createNode.createNode(value, undefined, ctx);
    return new Pair(k, v);
}
class Pair {
    constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
    }
    clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
            key = key.clone(schema);
        if (identity.isNode(value))
            value = value.clone(schema);
        return new Pair(key, value);
    }
    toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
    }
    toString(ctx, onComment, onChompKeep) {
        return ctx?.doc
            ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep)
            : JSON.stringify(this);
    }
}

exports.Pair = Pair;
exports.createPair = createPair;


/***/ }),

/***/ 3301:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Node = __nccwpck_require__(6673);
var toJS = __nccwpck_require__(4043);

const isScalarValue = (value) => !value || (typeof value !== 'function' && typeof value !== 'object');
class Scalar extends Node.NodeBase {
    constructor(value) {
        super(identity.SCALAR);
        this.value = value;
    }
    toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
    }
    toString() {
        return String(this.value);
    }
}
Scalar.BLOCK_FOLDED = 'BLOCK_FOLDED';
Scalar.BLOCK_LITERAL = 'BLOCK_LITERAL';
Scalar.PLAIN = 'PLAIN';
Scalar.QUOTE_DOUBLE = 'QUOTE_DOUBLE';
Scalar.QUOTE_SINGLE = 'QUOTE_SINGLE';

exports.Scalar = Scalar;
exports.isScalarValue = isScalarValue;


/***/ }),

/***/ 4454:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyCollection = __nccwpck_require__(1212);
var addPairToJSMap = __nccwpck_require__(7104);
var Collection = __nccwpck_require__(101);
var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var Scalar = __nccwpck_require__(3301);

function findPair(items, key) {
    const k = identity.isScalar(key) ? key.value : key;
    for (const it of items) {
        if (identity.isPair(it)) {
            if (it.key === key || it.key === k)
                return it;
            if (identity.isScalar(it.key) && it.key.value === k)
                return it;
        }
    }
    return undefined;
}
class YAMLMap extends Collection.Collection {
    static get tagName() {
        return 'tag:yaml.org,2002:map';
    }
    constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
    }
    /**
     * A generic collection parsing method that can be extended
     * to other node classes that inherit from YAMLMap
     */
    static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
            if (typeof replacer === 'function')
                value = replacer.call(obj, key, value);
            else if (Array.isArray(replacer) && !replacer.includes(key))
                return;
            if (value !== undefined || keepUndefined)
                map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
            for (const [key, value] of obj)
                add(key, value);
        }
        else if (obj && typeof obj === 'object') {
            for (const key of Object.keys(obj))
                add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === 'function') {
            map.items.sort(schema.sortMapEntries);
        }
        return map;
    }
    /**
     * Adds a value to the collection.
     *
     * @param overwrite - If not set `true`, using a key that is already in the
     *   collection will throw. Otherwise, overwrites the previous value.
     */
    add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
            _pair = pair;
        else if (!pair || typeof pair !== 'object' || !('key' in pair)) {
            // In TypeScript, this never happens.
            _pair = new Pair.Pair(pair, pair?.value);
        }
        else
            _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
            if (!overwrite)
                throw new Error(`Key ${_pair.key} already set`);
            // For scalars, keep the old node & its comments and anchors
            if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
                prev.value.value = _pair.value;
            else
                prev.value = _pair.value;
        }
        else if (sortEntries) {
            const i = this.items.findIndex(item => sortEntries(_pair, item) < 0);
            if (i === -1)
                this.items.push(_pair);
            else
                this.items.splice(i, 0, _pair);
        }
        else {
            this.items.push(_pair);
        }
    }
    delete(key) {
        const it = findPair(this.items, key);
        if (!it)
            return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
    }
    get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? undefined;
    }
    has(key) {
        return !!findPair(this.items, key);
    }
    set(key, value) {
        this.add(new Pair.Pair(key, value), true);
    }
    /**
     * @param ctx - Conversion context, originally set in Document#toJS()
     * @param {Class} Type - If set, forces the returned collection type
     * @returns Instance of Type, Map, or Object
     */
    toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? new Map() : {};
        if (ctx?.onCreate)
            ctx.onCreate(map);
        for (const item of this.items)
            addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        for (const item of this.items) {
            if (!identity.isPair(item))
                throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
            ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
            blockItemPrefix: '',
            flowChars: { start: '{', end: '}' },
            itemIndent: ctx.indent || '',
            onChompKeep,
            onComment
        });
    }
}

exports.YAMLMap = YAMLMap;
exports.findPair = findPair;


/***/ }),

/***/ 2223:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(2404);
var stringifyCollection = __nccwpck_require__(1212);
var Collection = __nccwpck_require__(101);
var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var toJS = __nccwpck_require__(4043);

class YAMLSeq extends Collection.Collection {
    static get tagName() {
        return 'tag:yaml.org,2002:seq';
    }
    constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
    }
    add(value) {
        this.items.push(value);
    }
    /**
     * Removes a value from the collection.
     *
     * `key` must contain a representation of an integer for this to succeed.
     * It may be wrapped in a `Scalar`.
     *
     * @returns `true` if the item was found and removed.
     */
    delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
    }
    get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            return undefined;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
    }
    /**
     * Checks if the collection includes a value with the key `key`.
     *
     * `key` must contain a representation of an integer for this to succeed.
     * It may be wrapped in a `Scalar`.
     */
    has(key) {
        const idx = asItemIndex(key);
        return typeof idx === 'number' && idx < this.items.length;
    }
    /**
     * Sets a value in this collection. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     *
     * If `key` does not contain a representation of an integer, this will throw.
     * It may be wrapped in a `Scalar`.
     */
    set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
            prev.value = value;
        else
            this.items[idx] = value;
    }
    toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
            ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
            seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
            blockItemPrefix: '- ',
            flowChars: { start: '[', end: ']' },
            itemIndent: (ctx.indent || '') + '  ',
            onChompKeep,
            onComment
        });
    }
    static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
            let i = 0;
            for (let it of obj) {
                if (typeof replacer === 'function') {
                    const key = obj instanceof Set ? it : String(i++);
                    it = replacer.call(obj, key, it);
                }
                seq.items.push(createNode.createNode(it, undefined, ctx));
            }
        }
        return seq;
    }
}
function asItemIndex(key) {
    let idx = identity.isScalar(key) ? key.value : key;
    if (idx && typeof idx === 'string')
        idx = Number(idx);
    return typeof idx === 'number' && Number.isInteger(idx) && idx >= 0
        ? idx
        : null;
}

exports.YAMLSeq = YAMLSeq;


/***/ }),

/***/ 7104:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var log = __nccwpck_require__(7249);
var merge = __nccwpck_require__(452);
var stringify = __nccwpck_require__(2148);
var identity = __nccwpck_require__(1127);
var toJS = __nccwpck_require__(4043);

function addPairToJSMap(ctx, map, { key, value }) {
    if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
    // TODO: Should drop this special case for bare << handling
    else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
    else {
        const jsKey = toJS.toJS(key, '', ctx);
        if (map instanceof Map) {
            map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        }
        else if (map instanceof Set) {
            map.add(jsKey);
        }
        else {
            const stringKey = stringifyKey(key, jsKey, ctx);
            const jsValue = toJS.toJS(value, stringKey, ctx);
            if (stringKey in map)
                Object.defineProperty(map, stringKey, {
                    value: jsValue,
                    writable: true,
                    enumerable: true,
                    configurable: true
                });
            else
                map[stringKey] = jsValue;
        }
    }
    return map;
}
function stringifyKey(key, jsKey, ctx) {
    if (jsKey === null)
        return '';
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    if (typeof jsKey !== 'object')
        return String(jsKey);
    if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = new Set();
        for (const node of ctx.anchors.keys())
            strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
            let jsonStr = JSON.stringify(strKey);
            if (jsonStr.length > 40)
                jsonStr = jsonStr.substring(0, 36) + '..."';
            log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
            ctx.mapKeyWarned = true;
        }
        return strKey;
    }
    return JSON.stringify(jsKey);
}

exports.addPairToJSMap = addPairToJSMap;


/***/ }),

/***/ 1127:
/***/ ((__unused_webpack_module, exports) => {



const ALIAS = Symbol.for('yaml.alias');
const DOC = Symbol.for('yaml.document');
const MAP = Symbol.for('yaml.map');
const PAIR = Symbol.for('yaml.pair');
const SCALAR = Symbol.for('yaml.scalar');
const SEQ = Symbol.for('yaml.seq');
const NODE_TYPE = Symbol.for('yaml.node.type');
const isAlias = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === ALIAS;
const isDocument = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === DOC;
const isMap = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === MAP;
const isPair = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === PAIR;
const isScalar = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SCALAR;
const isSeq = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SEQ;
function isCollection(node) {
    if (node && typeof node === 'object')
        switch (node[NODE_TYPE]) {
            case MAP:
            case SEQ:
                return true;
        }
    return false;
}
function isNode(node) {
    if (node && typeof node === 'object')
        switch (node[NODE_TYPE]) {
            case ALIAS:
            case MAP:
            case SCALAR:
            case SEQ:
                return true;
        }
    return false;
}
const hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;

exports.ALIAS = ALIAS;
exports.DOC = DOC;
exports.MAP = MAP;
exports.NODE_TYPE = NODE_TYPE;
exports.PAIR = PAIR;
exports.SCALAR = SCALAR;
exports.SEQ = SEQ;
exports.hasAnchor = hasAnchor;
exports.isAlias = isAlias;
exports.isCollection = isCollection;
exports.isDocument = isDocument;
exports.isMap = isMap;
exports.isNode = isNode;
exports.isPair = isPair;
exports.isScalar = isScalar;
exports.isSeq = isSeq;


/***/ }),

/***/ 4043:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);

/**
 * Recursively convert any node or its contents to native JavaScript
 *
 * @param value - The input value
 * @param arg - If `value` defines a `toJSON()` method, use this
 *   as its first argument
 * @param ctx - Conversion context, originally set in Document#toJS(). If
 *   `{ keep: true }` is not set, output should be suitable for JSON
 *   stringification.
 */
function toJS(value, arg, ctx) {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-return
    if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
    if (value && typeof value.toJSON === 'function') {
        // eslint-disable-next-line @typescript-eslint/no-unsafe-call
        if (!ctx || !identity.hasAnchor(value))
            return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: undefined };
        ctx.anchors.set(value, data);
        ctx.onCreate = res => {
            data.res = res;
            delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
            ctx.onCreate(res);
        return res;
    }
    if (typeof value === 'bigint' && !ctx?.keep)
        return Number(value);
    return value;
}

exports.toJS = toJS;


/***/ }),

/***/ 110:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var resolveBlockScalar = __nccwpck_require__(8913);
var resolveFlowScalar = __nccwpck_require__(6842);
var errors = __nccwpck_require__(1464);
var stringifyString = __nccwpck_require__(3069);

function resolveAsScalar(token, strict = true, onError) {
    if (token) {
        const _onError = (pos, code, message) => {
            const offset = typeof pos === 'number' ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
            if (onError)
                onError(offset, code, message);
            else
                throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
            case 'block-scalar':
                return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
    }
    return null;
}
/**
 * Create a new scalar token with `value`
 *
 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
 * as this function does not support any schema operations and won't check for such conflicts.
 *
 * @param value The string representation of the value, which will have its content properly indented.
 * @param context.end Comments and whitespace after the end of the value, or after the block scalar header. If undefined, a newline will be added.
 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
 * @param context.indent The indent level of the token.
 * @param context.inFlow Is this scalar within a flow collection? This may affect the resolved type of the token's value.
 * @param context.offset The offset position of the token.
 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
 */
function createScalarToken(value, context) {
    const { implicitKey = false, indent, inFlow = false, offset = -1, type = 'PLAIN' } = context;
    const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? ' '.repeat(indent) : '',
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
    });
    const end = context.end ?? [
        { type: 'newline', offset: -1, indent, source: '\n' }
    ];
    switch (source[0]) {
        case '|':
        case '>': {
            const he = source.indexOf('\n');
            const head = source.substring(0, he);
            const body = source.substring(he + 1) + '\n';
            const props = [
                { type: 'block-scalar-header', offset, indent, source: head }
            ];
            if (!addEndtoBlockProps(props, end))
                props.push({ type: 'newline', offset: -1, indent, source: '\n' });
            return { type: 'block-scalar', offset, indent, props, source: body };
        }
        case '"':
            return { type: 'double-quoted-scalar', offset, indent, source, end };
        case "'":
            return { type: 'single-quoted-scalar', offset, indent, source, end };
        default:
            return { type: 'scalar', offset, indent, source, end };
    }
}
/**
 * Set the value of `token` to the given string `value`, overwriting any previous contents and type that it may have.
 *
 * Best efforts are made to retain any comments previously associated with the `token`,
 * though all contents within a collection's `items` will be overwritten.
 *
 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
 * as this function does not support any schema operations and won't check for such conflicts.
 *
 * @param token Any token. If it does not include an `indent` value, the value will be stringified as if it were an implicit key.
 * @param value The string representation of the value, which will have its content properly indented.
 * @param context.afterKey In most cases, values after a key should have an additional level of indentation.
 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
 * @param context.inFlow Being within a flow collection may affect the resolved type of the token's value.
 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
 */
function setScalarValue(token, value, context = {}) {
    let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
    let indent = 'indent' in token ? token.indent : null;
    if (afterKey && typeof indent === 'number')
        indent += 2;
    if (!type)
        switch (token.type) {
            case 'single-quoted-scalar':
                type = 'QUOTE_SINGLE';
                break;
            case 'double-quoted-scalar':
                type = 'QUOTE_DOUBLE';
                break;
            case 'block-scalar': {
                const header = token.props[0];
                if (header.type !== 'block-scalar-header')
                    throw new Error('Invalid block scalar header');
                type = header.source[0] === '>' ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
                break;
            }
            default:
                type = 'PLAIN';
        }
    const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? ' '.repeat(indent) : '',
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
    });
    switch (source[0]) {
        case '|':
        case '>':
            setBlockScalarValue(token, source);
            break;
        case '"':
            setFlowScalarValue(token, source, 'double-quoted-scalar');
            break;
        case "'":
            setFlowScalarValue(token, source, 'single-quoted-scalar');
            break;
        default:
            setFlowScalarValue(token, source, 'scalar');
    }
}
function setBlockScalarValue(token, source) {
    const he = source.indexOf('\n');
    const head = source.substring(0, he);
    const body = source.substring(he + 1) + '\n';
    if (token.type === 'block-scalar') {
        const header = token.props[0];
        if (header.type !== 'block-scalar-header')
            throw new Error('Invalid block scalar header');
        header.source = head;
        token.source = body;
    }
    else {
        const { offset } = token;
        const indent = 'indent' in token ? token.indent : -1;
        const props = [
            { type: 'block-scalar-header', offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, 'end' in token ? token.end : undefined))
            props.push({ type: 'newline', offset: -1, indent, source: '\n' });
        for (const key of Object.keys(token))
            if (key !== 'type' && key !== 'offset')
                delete token[key];
        Object.assign(token, { type: 'block-scalar', indent, props, source: body });
    }
}
/** @returns `true` if last token is a newline */
function addEndtoBlockProps(props, end) {
    if (end)
        for (const st of end)
            switch (st.type) {
                case 'space':
                case 'comment':
                    props.push(st);
                    break;
                case 'newline':
                    props.push(st);
                    return true;
            }
    return false;
}
function setFlowScalarValue(token, source, type) {
    switch (token.type) {
        case 'scalar':
        case 'double-quoted-scalar':
        case 'single-quoted-scalar':
            token.type = type;
            token.source = source;
            break;
        case 'block-scalar': {
            const end = token.props.slice(1);
            let oa = source.length;
            if (token.props[0].type === 'block-scalar-header')
                oa -= token.props[0].source.length;
            for (const tok of end)
                tok.offset += oa;
            delete token.props;
            Object.assign(token, { type, source, end });
            break;
        }
        case 'block-map':
        case 'block-seq': {
            const offset = token.offset + source.length;
            const nl = { type: 'newline', offset, indent: token.indent, source: '\n' };
            delete token.items;
            Object.assign(token, { type, source, end: [nl] });
            break;
        }
        default: {
            const indent = 'indent' in token ? token.indent : -1;
            const end = 'end' in token && Array.isArray(token.end)
                ? token.end.filter(st => st.type === 'space' ||
                    st.type === 'comment' ||
                    st.type === 'newline')
                : [];
            for (const key of Object.keys(token))
                if (key !== 'type' && key !== 'offset')
                    delete token[key];
            Object.assign(token, { type, indent, source, end });
        }
    }
}

exports.createScalarToken = createScalarToken;
exports.resolveAsScalar = resolveAsScalar;
exports.setScalarValue = setScalarValue;


/***/ }),

/***/ 1733:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Stringify a CST document, token, or collection item
 *
 * Fair warning: This applies no validation whatsoever, and
 * simply concatenates the sources in their logical order.
 */
const stringify = (cst) => 'type' in cst ? stringifyToken(cst) : stringifyItem(cst);
function stringifyToken(token) {
    switch (token.type) {
        case 'block-scalar': {
            let res = '';
            for (const tok of token.props)
                res += stringifyToken(tok);
            return res + token.source;
        }
        case 'block-map':
        case 'block-seq': {
            let res = '';
            for (const item of token.items)
                res += stringifyItem(item);
            return res;
        }
        case 'flow-collection': {
            let res = token.start.source;
            for (const item of token.items)
                res += stringifyItem(item);
            for (const st of token.end)
                res += st.source;
            return res;
        }
        case 'document': {
            let res = stringifyItem(token);
            if (token.end)
                for (const st of token.end)
                    res += st.source;
            return res;
        }
        default: {
            let res = token.source;
            if ('end' in token && token.end)
                for (const st of token.end)
                    res += st.source;
            return res;
        }
    }
}
function stringifyItem({ start, key, sep, value }) {
    let res = '';
    for (const st of start)
        res += st.source;
    if (key)
        res += stringifyToken(key);
    if (sep)
        for (const st of sep)
            res += st.source;
    if (value)
        res += stringifyToken(value);
    return res;
}

exports.stringify = stringify;


/***/ }),

/***/ 7715:
/***/ ((__unused_webpack_module, exports) => {



const BREAK = Symbol('break visit');
const SKIP = Symbol('skip children');
const REMOVE = Symbol('remove item');
/**
 * Apply a visitor to a CST document or item.
 *
 * Walks through the tree (depth-first) starting from the root, calling a
 * `visitor` function with two arguments when entering each item:
 *   - `item`: The current item, which included the following members:
 *     - `start: SourceToken[]` – Source tokens before the key or value,
 *       possibly including its anchor or tag.
 *     - `key?: Token | null` – Set for pair values. May then be `null`, if
 *       the key before the `:` separator is empty.
 *     - `sep?: SourceToken[]` – Source tokens between the key and the value,
 *       which should include the `:` map value indicator if `value` is set.
 *     - `value?: Token` – The value of a sequence item, or of a map pair.
 *   - `path`: The steps from the root to the current node, as an array of
 *     `['key' | 'value', number]` tuples.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this token, continue with
 *      next sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current item, then continue with the next one
 *   - `number`: Set the index of the next step. This is useful especially if
 *     the index of the current token has changed.
 *   - `function`: Define the next visitor for this item. After the original
 *     visitor is called on item entry, next visitors are called after handling
 *     a non-empty `key` and when exiting the item.
 */
function visit(cst, visitor) {
    if ('type' in cst && cst.type === 'document')
        cst = { start: cst.start, value: cst.value };
    _visit(Object.freeze([]), cst, visitor);
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visit.BREAK = BREAK;
/** Do not visit the children of the current item */
visit.SKIP = SKIP;
/** Remove the current item */
visit.REMOVE = REMOVE;
/** Find the item at `path` from `cst` as the root */
visit.itemAtPath = (cst, path) => {
    let item = cst;
    for (const [field, index] of path) {
        const tok = item?.[field];
        if (tok && 'items' in tok) {
            item = tok.items[index];
        }
        else
            return undefined;
    }
    return item;
};
/**
 * Get the immediate parent collection of the item at `path` from `cst` as the root.
 *
 * Throws an error if the collection is not found, which should never happen if the item itself exists.
 */
visit.parentCollection = (cst, path) => {
    const parent = visit.itemAtPath(cst, path.slice(0, -1));
    const field = path[path.length - 1][0];
    const coll = parent?.[field];
    if (coll && 'items' in coll)
        return coll;
    throw new Error('Parent collection not found');
};
function _visit(path, item, visitor) {
    let ctrl = visitor(item, path);
    if (typeof ctrl === 'symbol')
        return ctrl;
    for (const field of ['key', 'value']) {
        const token = item[field];
        if (token && 'items' in token) {
            for (let i = 0; i < token.items.length; ++i) {
                const ci = _visit(Object.freeze(path.concat([[field, i]])), token.items[i], visitor);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    token.items.splice(i, 1);
                    i -= 1;
                }
            }
            if (typeof ctrl === 'function' && field === 'key')
                ctrl = ctrl(item, path);
        }
    }
    return typeof ctrl === 'function' ? ctrl(item, path) : ctrl;
}

exports.visit = visit;


/***/ }),

/***/ 3461:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var cstScalar = __nccwpck_require__(110);
var cstStringify = __nccwpck_require__(1733);
var cstVisit = __nccwpck_require__(7715);

/** The byte order mark */
const BOM = '\u{FEFF}';
/** Start of doc-mode */
const DOCUMENT = '\x02'; // C0: Start of Text
/** Unexpected end of flow-mode */
const FLOW_END = '\x18'; // C0: Cancel
/** Next token is a scalar value */
const SCALAR = '\x1f'; // C0: Unit Separator
/** @returns `true` if `token` is a flow or block collection */
const isCollection = (token) => !!token && 'items' in token;
/** @returns `true` if `token` is a flow or block scalar; not an alias */
const isScalar = (token) => !!token &&
    (token.type === 'scalar' ||
        token.type === 'single-quoted-scalar' ||
        token.type === 'double-quoted-scalar' ||
        token.type === 'block-scalar');
/* istanbul ignore next */
/** Get a printable representation of a lexer token */
function prettyToken(token) {
    switch (token) {
        case BOM:
            return '<BOM>';
        case DOCUMENT:
            return '<DOC>';
        case FLOW_END:
            return '<FLOW_END>';
        case SCALAR:
            return '<SCALAR>';
        default:
            return JSON.stringify(token);
    }
}
/** Identify the type of a lexer token. May return `null` for unknown tokens. */
function tokenType(source) {
    switch (source) {
        case BOM:
            return 'byte-order-mark';
        case DOCUMENT:
            return 'doc-mode';
        case FLOW_END:
            return 'flow-error-end';
        case SCALAR:
            return 'scalar';
        case '---':
            return 'doc-start';
        case '...':
            return 'doc-end';
        case '':
        case '\n':
        case '\r\n':
            return 'newline';
        case '-':
            return 'seq-item-ind';
        case '?':
            return 'explicit-key-ind';
        case ':':
            return 'map-value-ind';
        case '{':
            return 'flow-map-start';
        case '}':
            return 'flow-map-end';
        case '[':
            return 'flow-seq-start';
        case ']':
            return 'flow-seq-end';
        case ',':
            return 'comma';
    }
    switch (source[0]) {
        case ' ':
        case '\t':
            return 'space';
        case '#':
            return 'comment';
        case '%':
            return 'directive-line';
        case '*':
            return 'alias';
        case '&':
            return 'anchor';
        case '!':
            return 'tag';
        case "'":
            return 'single-quoted-scalar';
        case '"':
            return 'double-quoted-scalar';
        case '|':
        case '>':
            return 'block-scalar-header';
    }
    return null;
}

exports.createScalarToken = cstScalar.createScalarToken;
exports.resolveAsScalar = cstScalar.resolveAsScalar;
exports.setScalarValue = cstScalar.setScalarValue;
exports.stringify = cstStringify.stringify;
exports.visit = cstVisit.visit;
exports.BOM = BOM;
exports.DOCUMENT = DOCUMENT;
exports.FLOW_END = FLOW_END;
exports.SCALAR = SCALAR;
exports.isCollection = isCollection;
exports.isScalar = isScalar;
exports.prettyToken = prettyToken;
exports.tokenType = tokenType;


/***/ }),

/***/ 361:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var cst = __nccwpck_require__(3461);

/*
START -> stream

stream
  directive -> line-end -> stream
  indent + line-end -> stream
  [else] -> line-start

line-end
  comment -> line-end
  newline -> .
  input-end -> END

line-start
  doc-start -> doc
  doc-end -> stream
  [else] -> indent -> block-start

block-start
  seq-item-start -> block-start
  explicit-key-start -> block-start
  map-value-start -> block-start
  [else] -> doc

doc
  line-end -> line-start
  spaces -> doc
  anchor -> doc
  tag -> doc
  flow-start -> flow -> doc
  flow-end -> error -> doc
  seq-item-start -> error -> doc
  explicit-key-start -> error -> doc
  map-value-start -> doc
  alias -> doc
  quote-start -> quoted-scalar -> doc
  block-scalar-header -> line-end -> block-scalar(min) -> line-start
  [else] -> plain-scalar(false, min) -> doc

flow
  line-end -> flow
  spaces -> flow
  anchor -> flow
  tag -> flow
  flow-start -> flow -> flow
  flow-end -> .
  seq-item-start -> error -> flow
  explicit-key-start -> flow
  map-value-start -> flow
  alias -> flow
  quote-start -> quoted-scalar -> flow
  comma -> flow
  [else] -> plain-scalar(true, 0) -> flow

quoted-scalar
  quote-end -> .
  [else] -> quoted-scalar

block-scalar(min)
  newline + peek(indent < min) -> .
  [else] -> block-scalar(min)

plain-scalar(is-flow, min)
  scalar-end(is-flow) -> .
  peek(newline + (indent < min)) -> .
  [else] -> plain-scalar(min)
*/
function isEmpty(ch) {
    switch (ch) {
        case undefined:
        case ' ':
        case '\n':
        case '\r':
        case '\t':
            return true;
        default:
            return false;
    }
}
const hexDigits = new Set('0123456789ABCDEFabcdef');
const tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
const flowIndicatorChars = new Set(',[]{}');
const invalidAnchorChars = new Set(' ,[]{}\n\r\t');
const isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
/**
 * Splits an input string into lexical tokens, i.e. smaller strings that are
 * easily identifiable by `tokens.tokenType()`.
 *
 * Lexing starts always in a "stream" context. Incomplete input may be buffered
 * until a complete token can be emitted.
 *
 * In addition to slices of the original input, the following control characters
 * may also be emitted:
 *
 * - `\x02` (Start of Text): A document starts with the next token
 * - `\x18` (Cancel): Unexpected end of flow-mode (indicates an error)
 * - `\x1f` (Unit Separator): Next token is a scalar value
 * - `\u{FEFF}` (Byte order mark): Emitted separately outside documents
 */
class Lexer {
    constructor() {
        /**
         * Flag indicating whether the end of the current buffer marks the end of
         * all input
         */
        this.atEnd = false;
        /**
         * Explicit indent set in block scalar header, as an offset from the current
         * minimum indent, so e.g. set to 1 from a header `|2+`. Set to -1 if not
         * explicitly set.
         */
        this.blockScalarIndent = -1;
        /**
         * Block scalars that include a + (keep) chomping indicator in their header
         * include trailing empty lines, which are otherwise excluded from the
         * scalar's contents.
         */
        this.blockScalarKeep = false;
        /** Current input */
        this.buffer = '';
        /**
         * Flag noting whether the map value indicator : can immediately follow this
         * node within a flow context.
         */
        this.flowKey = false;
        /** Count of surrounding flow collection levels. */
        this.flowLevel = 0;
        /**
         * Minimum level of indentation required for next lines to be parsed as a
         * part of the current scalar value.
         */
        this.indentNext = 0;
        /** Indentation level of the current line. */
        this.indentValue = 0;
        /** Position of the next \n character. */
        this.lineEndPos = null;
        /** Stores the state of the lexer if reaching the end of incpomplete input */
        this.next = null;
        /** A pointer to `buffer`; the current position of the lexer. */
        this.pos = 0;
    }
    /**
     * Generate YAML tokens from the `source` string. If `incomplete`,
     * a part of the last line may be left as a buffer for the next call.
     *
     * @returns A generator of lexical tokens
     */
    *lex(source, incomplete = false) {
        if (source) {
            if (typeof source !== 'string')
                throw TypeError('source is not a string');
            this.buffer = this.buffer ? this.buffer + source : source;
            this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? 'stream';
        while (next && (incomplete || this.hasChars(1)))
            next = yield* this.parseNext(next);
    }
    atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === ' ' || ch === '\t')
            ch = this.buffer[++i];
        if (!ch || ch === '#' || ch === '\n')
            return true;
        if (ch === '\r')
            return this.buffer[i + 1] === '\n';
        return false;
    }
    charAt(n) {
        return this.buffer[this.pos + n];
    }
    continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
            let indent = 0;
            while (ch === ' ')
                ch = this.buffer[++indent + offset];
            if (ch === '\r') {
                const next = this.buffer[indent + offset + 1];
                if (next === '\n' || (!next && !this.atEnd))
                    return offset + indent + 1;
            }
            return ch === '\n' || indent >= this.indentNext || (!ch && !this.atEnd)
                ? offset + indent
                : -1;
        }
        if (ch === '-' || ch === '.') {
            const dt = this.buffer.substr(offset, 3);
            if ((dt === '---' || dt === '...') && isEmpty(this.buffer[offset + 3]))
                return -1;
        }
        return offset;
    }
    getLine() {
        let end = this.lineEndPos;
        if (typeof end !== 'number' || (end !== -1 && end < this.pos)) {
            end = this.buffer.indexOf('\n', this.pos);
            this.lineEndPos = end;
        }
        if (end === -1)
            return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === '\r')
            end -= 1;
        return this.buffer.substring(this.pos, end);
    }
    hasChars(n) {
        return this.pos + n <= this.buffer.length;
    }
    setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
    }
    peek(n) {
        return this.buffer.substr(this.pos, n);
    }
    *parseNext(next) {
        switch (next) {
            case 'stream':
                return yield* this.parseStream();
            case 'line-start':
                return yield* this.parseLineStart();
            case 'block-start':
                return yield* this.parseBlockStart();
            case 'doc':
                return yield* this.parseDocument();
            case 'flow':
                return yield* this.parseFlowCollection();
            case 'quoted-scalar':
                return yield* this.parseQuotedScalar();
            case 'block-scalar':
                return yield* this.parseBlockScalar();
            case 'plain-scalar':
                return yield* this.parsePlainScalar();
        }
    }
    *parseStream() {
        let line = this.getLine();
        if (line === null)
            return this.setNext('stream');
        if (line[0] === cst.BOM) {
            yield* this.pushCount(1);
            line = line.substring(1);
        }
        if (line[0] === '%') {
            let dirEnd = line.length;
            let cs = line.indexOf('#');
            while (cs !== -1) {
                const ch = line[cs - 1];
                if (ch === ' ' || ch === '\t') {
                    dirEnd = cs - 1;
                    break;
                }
                else {
                    cs = line.indexOf('#', cs + 1);
                }
            }
            while (true) {
                const ch = line[dirEnd - 1];
                if (ch === ' ' || ch === '\t')
                    dirEnd -= 1;
                else
                    break;
            }
            const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
            yield* this.pushCount(line.length - n); // possible comment
            this.pushNewline();
            return 'stream';
        }
        if (this.atLineEnd()) {
            const sp = yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - sp);
            yield* this.pushNewline();
            return 'stream';
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
    }
    *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
            return this.setNext('line-start');
        if (ch === '-' || ch === '.') {
            if (!this.atEnd && !this.hasChars(4))
                return this.setNext('line-start');
            const s = this.peek(3);
            if ((s === '---' || s === '...') && isEmpty(this.charAt(3))) {
                yield* this.pushCount(3);
                this.indentValue = 0;
                this.indentNext = 0;
                return s === '---' ? 'doc' : 'stream';
            }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
            this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
    }
    *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
            return this.setNext('block-start');
        if ((ch0 === '-' || ch0 === '?' || ch0 === ':') && isEmpty(ch1)) {
            const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
            this.indentNext = this.indentValue + 1;
            this.indentValue += n;
            return 'block-start';
        }
        return 'doc';
    }
    *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
            return this.setNext('doc');
        let n = yield* this.pushIndicators();
        switch (line[n]) {
            case '#':
                yield* this.pushCount(line.length - n);
            // fallthrough
            case undefined:
                yield* this.pushNewline();
                return yield* this.parseLineStart();
            case '{':
            case '[':
                yield* this.pushCount(1);
                this.flowKey = false;
                this.flowLevel = 1;
                return 'flow';
            case '}':
            case ']':
                // this is an error
                yield* this.pushCount(1);
                return 'doc';
            case '*':
                yield* this.pushUntil(isNotAnchorChar);
                return 'doc';
            case '"':
            case "'":
                return yield* this.parseQuotedScalar();
            case '|':
            case '>':
                n += yield* this.parseBlockScalarHeader();
                n += yield* this.pushSpaces(true);
                yield* this.pushCount(line.length - n);
                yield* this.pushNewline();
                return yield* this.parseBlockScalar();
            default:
                return yield* this.parsePlainScalar();
        }
    }
    *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
            nl = yield* this.pushNewline();
            if (nl > 0) {
                sp = yield* this.pushSpaces(false);
                this.indentValue = indent = sp;
            }
            else {
                sp = 0;
            }
            sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
            return this.setNext('flow');
        if ((indent !== -1 && indent < this.indentNext && line[0] !== '#') ||
            (indent === 0 &&
                (line.startsWith('---') || line.startsWith('...')) &&
                isEmpty(line[3]))) {
            // Allowing for the terminal ] or } at the same (rather than greater)
            // indent level as the initial [ or { is technically invalid, but
            // failing here would be surprising to users.
            const atFlowEndMarker = indent === this.indentNext - 1 &&
                this.flowLevel === 1 &&
                (line[0] === ']' || line[0] === '}');
            if (!atFlowEndMarker) {
                // this is an error
                this.flowLevel = 0;
                yield cst.FLOW_END;
                return yield* this.parseLineStart();
            }
        }
        let n = 0;
        while (line[n] === ',') {
            n += yield* this.pushCount(1);
            n += yield* this.pushSpaces(true);
            this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
            case undefined:
                return 'flow';
            case '#':
                yield* this.pushCount(line.length - n);
                return 'flow';
            case '{':
            case '[':
                yield* this.pushCount(1);
                this.flowKey = false;
                this.flowLevel += 1;
                return 'flow';
            case '}':
            case ']':
                yield* this.pushCount(1);
                this.flowKey = true;
                this.flowLevel -= 1;
                return this.flowLevel ? 'flow' : 'doc';
            case '*':
                yield* this.pushUntil(isNotAnchorChar);
                return 'flow';
            case '"':
            case "'":
                this.flowKey = true;
                return yield* this.parseQuotedScalar();
            case ':': {
                const next = this.charAt(1);
                if (this.flowKey || isEmpty(next) || next === ',') {
                    this.flowKey = false;
                    yield* this.pushCount(1);
                    yield* this.pushSpaces(true);
                    return 'flow';
                }
            }
            // fallthrough
            default:
                this.flowKey = false;
                return yield* this.parsePlainScalar();
        }
    }
    *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
            while (end !== -1 && this.buffer[end + 1] === "'")
                end = this.buffer.indexOf("'", end + 2);
        }
        else {
            // double-quote
            while (end !== -1) {
                let n = 0;
                while (this.buffer[end - 1 - n] === '\\')
                    n += 1;
                if (n % 2 === 0)
                    break;
                end = this.buffer.indexOf('"', end + 1);
            }
        }
        // Only looking for newlines within the quotes
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf('\n', this.pos);
        if (nl !== -1) {
            while (nl !== -1) {
                const cs = this.continueScalar(nl + 1);
                if (cs === -1)
                    break;
                nl = qb.indexOf('\n', cs);
            }
            if (nl !== -1) {
                // this is an error caused by an unexpected unindent
                end = nl - (qb[nl - 1] === '\r' ? 2 : 1);
            }
        }
        if (end === -1) {
            if (!this.atEnd)
                return this.setNext('quoted-scalar');
            end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? 'flow' : 'doc';
    }
    *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
            const ch = this.buffer[++i];
            if (ch === '+')
                this.blockScalarKeep = true;
            else if (ch > '0' && ch <= '9')
                this.blockScalarIndent = Number(ch) - 1;
            else if (ch !== '-')
                break;
        }
        return yield* this.pushUntil(ch => isEmpty(ch) || ch === '#');
    }
    *parseBlockScalar() {
        let nl = this.pos - 1; // may be -1 if this.pos === 0
        let indent = 0;
        let ch;
        loop: for (let i = this.pos; (ch = this.buffer[i]); ++i) {
            switch (ch) {
                case ' ':
                    indent += 1;
                    break;
                case '\n':
                    nl = i;
                    indent = 0;
                    break;
                case '\r': {
                    const next = this.buffer[i + 1];
                    if (!next && !this.atEnd)
                        return this.setNext('block-scalar');
                    if (next === '\n')
                        break;
                } // fallthrough
                default:
                    break loop;
            }
        }
        if (!ch && !this.atEnd)
            return this.setNext('block-scalar');
        if (indent >= this.indentNext) {
            if (this.blockScalarIndent === -1)
                this.indentNext = indent;
            else {
                this.indentNext =
                    this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
            }
            do {
                const cs = this.continueScalar(nl + 1);
                if (cs === -1)
                    break;
                nl = this.buffer.indexOf('\n', cs);
            } while (nl !== -1);
            if (nl === -1) {
                if (!this.atEnd)
                    return this.setNext('block-scalar');
                nl = this.buffer.length;
            }
        }
        // Trailing insufficiently indented tabs are invalid.
        // To catch that during parsing, we include them in the block scalar value.
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === ' ')
            ch = this.buffer[++i];
        if (ch === '\t') {
            while (ch === '\t' || ch === ' ' || ch === '\r' || ch === '\n')
                ch = this.buffer[++i];
            nl = i - 1;
        }
        else if (!this.blockScalarKeep) {
            do {
                let i = nl - 1;
                let ch = this.buffer[i];
                if (ch === '\r')
                    ch = this.buffer[--i];
                const lastChar = i; // Drop the line if last char not more indented
                while (ch === ' ')
                    ch = this.buffer[--i];
                if (ch === '\n' && i >= this.pos && i + 1 + indent > lastChar)
                    nl = i;
                else
                    break;
            } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
    }
    *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while ((ch = this.buffer[++i])) {
            if (ch === ':') {
                const next = this.buffer[i + 1];
                if (isEmpty(next) || (inFlow && flowIndicatorChars.has(next)))
                    break;
                end = i;
            }
            else if (isEmpty(ch)) {
                let next = this.buffer[i + 1];
                if (ch === '\r') {
                    if (next === '\n') {
                        i += 1;
                        ch = '\n';
                        next = this.buffer[i + 1];
                    }
                    else
                        end = i;
                }
                if (next === '#' || (inFlow && flowIndicatorChars.has(next)))
                    break;
                if (ch === '\n') {
                    const cs = this.continueScalar(i + 1);
                    if (cs === -1)
                        break;
                    i = Math.max(i, cs - 2); // to advance, but still account for ' #'
                }
            }
            else {
                if (inFlow && flowIndicatorChars.has(ch))
                    break;
                end = i;
            }
        }
        if (!ch && !this.atEnd)
            return this.setNext('plain-scalar');
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? 'flow' : 'doc';
    }
    *pushCount(n) {
        if (n > 0) {
            yield this.buffer.substr(this.pos, n);
            this.pos += n;
            return n;
        }
        return 0;
    }
    *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
            yield s;
            this.pos += s.length;
            return s.length;
        }
        else if (allowEmpty)
            yield '';
        return 0;
    }
    *pushIndicators() {
        let n = 0;
        loop: while (true) {
            switch (this.charAt(0)) {
                case '!':
                    n += yield* this.pushTag();
                    n += yield* this.pushSpaces(true);
                    continue loop;
                case '&':
                    n += yield* this.pushUntil(isNotAnchorChar);
                    n += yield* this.pushSpaces(true);
                    continue loop;
                case '-': // this is an error
                case '?': // this is an error outside flow collections
                case ':': {
                    const inFlow = this.flowLevel > 0;
                    const ch1 = this.charAt(1);
                    if (isEmpty(ch1) || (inFlow && flowIndicatorChars.has(ch1))) {
                        if (!inFlow)
                            this.indentNext = this.indentValue + 1;
                        else if (this.flowKey)
                            this.flowKey = false;
                        n += yield* this.pushCount(1);
                        n += yield* this.pushSpaces(true);
                        continue loop;
                    }
                }
            }
            break loop;
        }
        return n;
    }
    *pushTag() {
        if (this.charAt(1) === '<') {
            let i = this.pos + 2;
            let ch = this.buffer[i];
            while (!isEmpty(ch) && ch !== '>')
                ch = this.buffer[++i];
            return yield* this.pushToIndex(ch === '>' ? i + 1 : i, false);
        }
        else {
            let i = this.pos + 1;
            let ch = this.buffer[i];
            while (ch) {
                if (tagChars.has(ch))
                    ch = this.buffer[++i];
                else if (ch === '%' &&
                    hexDigits.has(this.buffer[i + 1]) &&
                    hexDigits.has(this.buffer[i + 2])) {
                    ch = this.buffer[(i += 3)];
                }
                else
                    break;
            }
            return yield* this.pushToIndex(i, false);
        }
    }
    *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === '\n')
            return yield* this.pushCount(1);
        else if (ch === '\r' && this.charAt(1) === '\n')
            return yield* this.pushCount(2);
        else
            return 0;
    }
    *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
            ch = this.buffer[++i];
        } while (ch === ' ' || (allowTabs && ch === '\t'));
        const n = i - this.pos;
        if (n > 0) {
            yield this.buffer.substr(this.pos, n);
            this.pos = i;
        }
        return n;
    }
    *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
            ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
    }
}

exports.Lexer = Lexer;


/***/ }),

/***/ 6628:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Tracks newlines during parsing in order to provide an efficient API for
 * determining the one-indexed `{ line, col }` position for any offset
 * within the input.
 */
class LineCounter {
    constructor() {
        this.lineStarts = [];
        /**
         * Should be called in ascending order. Otherwise, call
         * `lineCounter.lineStarts.sort()` before calling `linePos()`.
         */
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        /**
         * Performs a binary search and returns the 1-indexed { line, col }
         * position of `offset`. If `line === 0`, `addNewLine` has never been
         * called or `offset` is before the first known newline.
         */
        this.linePos = (offset) => {
            let low = 0;
            let high = this.lineStarts.length;
            while (low < high) {
                const mid = (low + high) >> 1; // Math.floor((low + high) / 2)
                if (this.lineStarts[mid] < offset)
                    low = mid + 1;
                else
                    high = mid;
            }
            if (this.lineStarts[low] === offset)
                return { line: low + 1, col: 1 };
            if (low === 0)
                return { line: 0, col: offset };
            const start = this.lineStarts[low - 1];
            return { line: low, col: offset - start + 1 };
        };
    }
}

exports.LineCounter = LineCounter;


/***/ }),

/***/ 3456:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);
var cst = __nccwpck_require__(3461);
var lexer = __nccwpck_require__(361);

function includesToken(list, type) {
    for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
            return true;
    return false;
}
function findNonEmptyIndex(list) {
    for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
            case 'space':
            case 'comment':
            case 'newline':
                break;
            default:
                return i;
        }
    }
    return -1;
}
function isFlowToken(token) {
    switch (token?.type) {
        case 'alias':
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
        case 'flow-collection':
            return true;
        default:
            return false;
    }
}
function getPrevProps(parent) {
    switch (parent.type) {
        case 'document':
            return parent.start;
        case 'block-map': {
            const it = parent.items[parent.items.length - 1];
            return it.sep ?? it.start;
        }
        case 'block-seq':
            return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
            return [];
    }
}
/** Note: May modify input array */
function getFirstKeyStartProps(prev) {
    if (prev.length === 0)
        return [];
    let i = prev.length;
    loop: while (--i >= 0) {
        switch (prev[i].type) {
            case 'doc-start':
            case 'explicit-key-ind':
            case 'map-value-ind':
            case 'seq-item-ind':
            case 'newline':
                break loop;
        }
    }
    while (prev[++i]?.type === 'space') {
        /* loop */
    }
    return prev.splice(i, prev.length);
}
function arrayPushArray(target, source) {
    // May exhaust call stack with large `source` array
    if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
    else
        for (let i = 0; i < source.length; ++i)
            target.push(source[i]);
}
function fixFlowSeqItems(fc) {
    if (fc.start.type === 'flow-seq-start') {
        for (const it of fc.items) {
            if (it.sep &&
                !it.value &&
                !includesToken(it.start, 'explicit-key-ind') &&
                !includesToken(it.sep, 'map-value-ind')) {
                if (it.key)
                    it.value = it.key;
                delete it.key;
                if (isFlowToken(it.value)) {
                    if (it.value.end)
                        arrayPushArray(it.value.end, it.sep);
                    else
                        it.value.end = it.sep;
                }
                else
                    arrayPushArray(it.start, it.sep);
                delete it.sep;
            }
        }
    }
}
/**
 * A YAML concrete syntax tree (CST) parser
 *
 * ```ts
 * const src: string = ...
 * for (const token of new Parser().parse(src)) {
 *   // token: Token
 * }
 * ```
 *
 * To use the parser with a user-provided lexer:
 *
 * ```ts
 * function* parse(source: string, lexer: Lexer) {
 *   const parser = new Parser()
 *   for (const lexeme of lexer.lex(source))
 *     yield* parser.next(lexeme)
 *   yield* parser.end()
 * }
 *
 * const src: string = ...
 * const lexer = new Lexer()
 * for (const token of parse(src, lexer)) {
 *   // token: Token
 * }
 * ```
 */
class Parser {
    /**
     * @param onNewLine - If defined, called separately with the start position of
     *   each new line (in `parse()`, including the start of input).
     */
    constructor(onNewLine) {
        /** If true, space and sequence indicators count as indentation */
        this.atNewLine = true;
        /** If true, next token is a scalar value */
        this.atScalar = false;
        /** Current indentation level */
        this.indent = 0;
        /** Current offset since the start of parsing */
        this.offset = 0;
        /** On the same line with a block map key */
        this.onKeyLine = false;
        /** Top indicates the node that's currently being built */
        this.stack = [];
        /** The source of the current token, set in parse() */
        this.source = '';
        /** The type of the current token, set in parse() */
        this.type = '';
        // Must be defined after `next()`
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
    }
    /**
     * Parse `source` as a YAML stream.
     * If `incomplete`, a part of the last line may be left as a buffer for the next call.
     *
     * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
     *
     * @returns A generator of tokens representing each directive, document, and other structure.
     */
    *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
            this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
            yield* this.next(lexeme);
        if (!incomplete)
            yield* this.end();
    }
    /**
     * Advance the parser by the `source` of one lexical token.
     */
    *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
            console.log('|', cst.prettyToken(source));
        if (this.atScalar) {
            this.atScalar = false;
            yield* this.step();
            this.offset += source.length;
            return;
        }
        const type = cst.tokenType(source);
        if (!type) {
            const message = `Not a YAML token: ${source}`;
            yield* this.pop({ type: 'error', offset: this.offset, message, source });
            this.offset += source.length;
        }
        else if (type === 'scalar') {
            this.atNewLine = false;
            this.atScalar = true;
            this.type = 'scalar';
        }
        else {
            this.type = type;
            yield* this.step();
            switch (type) {
                case 'newline':
                    this.atNewLine = true;
                    this.indent = 0;
                    if (this.onNewLine)
                        this.onNewLine(this.offset + source.length);
                    break;
                case 'space':
                    if (this.atNewLine && source[0] === ' ')
                        this.indent += source.length;
                    break;
                case 'explicit-key-ind':
                case 'map-value-ind':
                case 'seq-item-ind':
                    if (this.atNewLine)
                        this.indent += source.length;
                    break;
                case 'doc-mode':
                case 'flow-error-end':
                    return;
                default:
                    this.atNewLine = false;
            }
            this.offset += source.length;
        }
    }
    /** Call at end of input to push out any remaining constructions */
    *end() {
        while (this.stack.length > 0)
            yield* this.pop();
    }
    get sourceToken() {
        const st = {
            type: this.type,
            offset: this.offset,
            indent: this.indent,
            source: this.source
        };
        return st;
    }
    *step() {
        const top = this.peek(1);
        if (this.type === 'doc-end' && top?.type !== 'doc-end') {
            while (this.stack.length > 0)
                yield* this.pop();
            this.stack.push({
                type: 'doc-end',
                offset: this.offset,
                source: this.source
            });
            return;
        }
        if (!top)
            return yield* this.stream();
        switch (top.type) {
            case 'document':
                return yield* this.document(top);
            case 'alias':
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return yield* this.scalar(top);
            case 'block-scalar':
                return yield* this.blockScalar(top);
            case 'block-map':
                return yield* this.blockMap(top);
            case 'block-seq':
                return yield* this.blockSequence(top);
            case 'flow-collection':
                return yield* this.flowCollection(top);
            case 'doc-end':
                return yield* this.documentEnd(top);
        }
        /* istanbul ignore next should not happen */
        yield* this.pop();
    }
    peek(n) {
        return this.stack[this.stack.length - n];
    }
    *pop(error) {
        const token = error ?? this.stack.pop();
        /* istanbul ignore if should not happen */
        if (!token) {
            const message = 'Tried to pop an empty stack';
            yield { type: 'error', offset: this.offset, source: '', message };
        }
        else if (this.stack.length === 0) {
            yield token;
        }
        else {
            const top = this.peek(1);
            if (token.type === 'block-scalar') {
                // Block scalars use their parent rather than header indent
                token.indent = 'indent' in top ? top.indent : 0;
            }
            else if (token.type === 'flow-collection' && top.type === 'document') {
                // Ignore all indent for top-level flow collections
                token.indent = 0;
            }
            if (token.type === 'flow-collection')
                fixFlowSeqItems(token);
            switch (top.type) {
                case 'document':
                    top.value = token;
                    break;
                case 'block-scalar':
                    top.props.push(token); // error
                    break;
                case 'block-map': {
                    const it = top.items[top.items.length - 1];
                    if (it.value) {
                        top.items.push({ start: [], key: token, sep: [] });
                        this.onKeyLine = true;
                        return;
                    }
                    else if (it.sep) {
                        it.value = token;
                    }
                    else {
                        Object.assign(it, { key: token, sep: [] });
                        this.onKeyLine = !it.explicitKey;
                        return;
                    }
                    break;
                }
                case 'block-seq': {
                    const it = top.items[top.items.length - 1];
                    if (it.value)
                        top.items.push({ start: [], value: token });
                    else
                        it.value = token;
                    break;
                }
                case 'flow-collection': {
                    const it = top.items[top.items.length - 1];
                    if (!it || it.value)
                        top.items.push({ start: [], key: token, sep: [] });
                    else if (it.sep)
                        it.value = token;
                    else
                        Object.assign(it, { key: token, sep: [] });
                    return;
                }
                /* istanbul ignore next should not happen */
                default:
                    yield* this.pop();
                    yield* this.pop(token);
            }
            if ((top.type === 'document' ||
                top.type === 'block-map' ||
                top.type === 'block-seq') &&
                (token.type === 'block-map' || token.type === 'block-seq')) {
                const last = token.items[token.items.length - 1];
                if (last &&
                    !last.sep &&
                    !last.value &&
                    last.start.length > 0 &&
                    findNonEmptyIndex(last.start) === -1 &&
                    (token.indent === 0 ||
                        last.start.every(st => st.type !== 'comment' || st.indent < token.indent))) {
                    if (top.type === 'document')
                        top.end = last.start;
                    else
                        top.items.push({ start: last.start });
                    token.items.splice(-1, 1);
                }
            }
        }
    }
    *stream() {
        switch (this.type) {
            case 'directive-line':
                yield { type: 'directive', offset: this.offset, source: this.source };
                return;
            case 'byte-order-mark':
            case 'space':
            case 'comment':
            case 'newline':
                yield this.sourceToken;
                return;
            case 'doc-mode':
            case 'doc-start': {
                const doc = {
                    type: 'document',
                    offset: this.offset,
                    start: []
                };
                if (this.type === 'doc-start')
                    doc.start.push(this.sourceToken);
                this.stack.push(doc);
                return;
            }
        }
        yield {
            type: 'error',
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML stream`,
            source: this.source
        };
    }
    *document(doc) {
        if (doc.value)
            return yield* this.lineEnd(doc);
        switch (this.type) {
            case 'doc-start': {
                if (findNonEmptyIndex(doc.start) !== -1) {
                    yield* this.pop();
                    yield* this.step();
                }
                else
                    doc.start.push(this.sourceToken);
                return;
            }
            case 'anchor':
            case 'tag':
            case 'space':
            case 'comment':
            case 'newline':
                doc.start.push(this.sourceToken);
                return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
            this.stack.push(bv);
        else {
            yield {
                type: 'error',
                offset: this.offset,
                message: `Unexpected ${this.type} token in YAML document`,
                source: this.source
            };
        }
    }
    *scalar(scalar) {
        if (this.type === 'map-value-ind') {
            const prev = getPrevProps(this.peek(2));
            const start = getFirstKeyStartProps(prev);
            let sep;
            if (scalar.end) {
                sep = scalar.end;
                sep.push(this.sourceToken);
                delete scalar.end;
            }
            else
                sep = [this.sourceToken];
            const map = {
                type: 'block-map',
                offset: scalar.offset,
                indent: scalar.indent,
                items: [{ start, key: scalar, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
        }
        else
            yield* this.lineEnd(scalar);
    }
    *blockScalar(scalar) {
        switch (this.type) {
            case 'space':
            case 'comment':
            case 'newline':
                scalar.props.push(this.sourceToken);
                return;
            case 'scalar':
                scalar.source = this.source;
                // block-scalar source includes trailing newline
                this.atNewLine = true;
                this.indent = 0;
                if (this.onNewLine) {
                    let nl = this.source.indexOf('\n') + 1;
                    while (nl !== 0) {
                        this.onNewLine(this.offset + nl);
                        nl = this.source.indexOf('\n', nl) + 1;
                    }
                }
                yield* this.pop();
                break;
            /* istanbul ignore next should not happen */
            default:
                yield* this.pop();
                yield* this.step();
        }
    }
    *blockMap(map) {
        const it = map.items[map.items.length - 1];
        // it.sep is true-ish if pair already has key or : separator
        switch (this.type) {
            case 'newline':
                this.onKeyLine = false;
                if (it.value) {
                    const end = 'end' in it.value ? it.value.end : undefined;
                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
                    if (last?.type === 'comment')
                        end?.push(this.sourceToken);
                    else
                        map.items.push({ start: [this.sourceToken] });
                }
                else if (it.sep) {
                    it.sep.push(this.sourceToken);
                }
                else {
                    it.start.push(this.sourceToken);
                }
                return;
            case 'space':
            case 'comment':
                if (it.value) {
                    map.items.push({ start: [this.sourceToken] });
                }
                else if (it.sep) {
                    it.sep.push(this.sourceToken);
                }
                else {
                    if (this.atIndentedComment(it.start, map.indent)) {
                        const prev = map.items[map.items.length - 2];
                        const end = prev?.value?.end;
                        if (Array.isArray(end)) {
                            arrayPushArray(end, it.start);
                            end.push(this.sourceToken);
                            map.items.pop();
                            return;
                        }
                    }
                    it.start.push(this.sourceToken);
                }
                return;
        }
        if (this.indent >= map.indent) {
            const atMapIndent = !this.onKeyLine && this.indent === map.indent;
            const atNextItem = atMapIndent &&
                (it.sep || it.explicitKey) &&
                this.type !== 'seq-item-ind';
            // For empty nodes, assign newline-separated not indented empty tokens to following node
            let start = [];
            if (atNextItem && it.sep && !it.value) {
                const nl = [];
                for (let i = 0; i < it.sep.length; ++i) {
                    const st = it.sep[i];
                    switch (st.type) {
                        case 'newline':
                            nl.push(i);
                            break;
                        case 'space':
                            break;
                        case 'comment':
                            if (st.indent > map.indent)
                                nl.length = 0;
                            break;
                        default:
                            nl.length = 0;
                    }
                }
                if (nl.length >= 2)
                    start = it.sep.splice(nl[1]);
            }
            switch (this.type) {
                case 'anchor':
                case 'tag':
                    if (atNextItem || it.value) {
                        start.push(this.sourceToken);
                        map.items.push({ start });
                        this.onKeyLine = true;
                    }
                    else if (it.sep) {
                        it.sep.push(this.sourceToken);
                    }
                    else {
                        it.start.push(this.sourceToken);
                    }
                    return;
                case 'explicit-key-ind':
                    if (!it.sep && !it.explicitKey) {
                        it.start.push(this.sourceToken);
                        it.explicitKey = true;
                    }
                    else if (atNextItem || it.value) {
                        start.push(this.sourceToken);
                        map.items.push({ start, explicitKey: true });
                    }
                    else {
                        this.stack.push({
                            type: 'block-map',
                            offset: this.offset,
                            indent: this.indent,
                            items: [{ start: [this.sourceToken], explicitKey: true }]
                        });
                    }
                    this.onKeyLine = true;
                    return;
                case 'map-value-ind':
                    if (it.explicitKey) {
                        if (!it.sep) {
                            if (includesToken(it.start, 'newline')) {
                                Object.assign(it, { key: null, sep: [this.sourceToken] });
                            }
                            else {
                                const start = getFirstKeyStartProps(it.start);
                                this.stack.push({
                                    type: 'block-map',
                                    offset: this.offset,
                                    indent: this.indent,
                                    items: [{ start, key: null, sep: [this.sourceToken] }]
                                });
                            }
                        }
                        else if (it.value) {
                            map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                        }
                        else if (includesToken(it.sep, 'map-value-ind')) {
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start, key: null, sep: [this.sourceToken] }]
                            });
                        }
                        else if (isFlowToken(it.key) &&
                            !includesToken(it.sep, 'newline')) {
                            const start = getFirstKeyStartProps(it.start);
                            const key = it.key;
                            const sep = it.sep;
                            sep.push(this.sourceToken);
                            // @ts-expect-error type guard is wrong here
                            delete it.key;
                            // @ts-expect-error type guard is wrong here
                            delete it.sep;
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start, key, sep }]
                            });
                        }
                        else if (start.length > 0) {
                            // Not actually at next item
                            it.sep = it.sep.concat(start, this.sourceToken);
                        }
                        else {
                            it.sep.push(this.sourceToken);
                        }
                    }
                    else {
                        if (!it.sep) {
                            Object.assign(it, { key: null, sep: [this.sourceToken] });
                        }
                        else if (it.value || atNextItem) {
                            map.items.push({ start, key: null, sep: [this.sourceToken] });
                        }
                        else if (includesToken(it.sep, 'map-value-ind')) {
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start: [], key: null, sep: [this.sourceToken] }]
                            });
                        }
                        else {
                            it.sep.push(this.sourceToken);
                        }
                    }
                    this.onKeyLine = true;
                    return;
                case 'alias':
                case 'scalar':
                case 'single-quoted-scalar':
                case 'double-quoted-scalar': {
                    const fs = this.flowScalar(this.type);
                    if (atNextItem || it.value) {
                        map.items.push({ start, key: fs, sep: [] });
                        this.onKeyLine = true;
                    }
                    else if (it.sep) {
                        this.stack.push(fs);
                    }
                    else {
                        Object.assign(it, { key: fs, sep: [] });
                        this.onKeyLine = true;
                    }
                    return;
                }
                default: {
                    const bv = this.startBlockValue(map);
                    if (bv) {
                        if (bv.type === 'block-seq') {
                            if (!it.explicitKey &&
                                it.sep &&
                                !includesToken(it.sep, 'newline')) {
                                yield* this.pop({
                                    type: 'error',
                                    offset: this.offset,
                                    message: 'Unexpected block-seq-ind on same line with key',
                                    source: this.source
                                });
                                return;
                            }
                        }
                        else if (atMapIndent) {
                            map.items.push({ start });
                        }
                        this.stack.push(bv);
                        return;
                    }
                }
            }
        }
        yield* this.pop();
        yield* this.step();
    }
    *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
            case 'newline':
                if (it.value) {
                    const end = 'end' in it.value ? it.value.end : undefined;
                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
                    if (last?.type === 'comment')
                        end?.push(this.sourceToken);
                    else
                        seq.items.push({ start: [this.sourceToken] });
                }
                else
                    it.start.push(this.sourceToken);
                return;
            case 'space':
            case 'comment':
                if (it.value)
                    seq.items.push({ start: [this.sourceToken] });
                else {
                    if (this.atIndentedComment(it.start, seq.indent)) {
                        const prev = seq.items[seq.items.length - 2];
                        const end = prev?.value?.end;
                        if (Array.isArray(end)) {
                            arrayPushArray(end, it.start);
                            end.push(this.sourceToken);
                            seq.items.pop();
                            return;
                        }
                    }
                    it.start.push(this.sourceToken);
                }
                return;
            case 'anchor':
            case 'tag':
                if (it.value || this.indent <= seq.indent)
                    break;
                it.start.push(this.sourceToken);
                return;
            case 'seq-item-ind':
                if (this.indent !== seq.indent)
                    break;
                if (it.value || includesToken(it.start, 'seq-item-ind'))
                    seq.items.push({ start: [this.sourceToken] });
                else
                    it.start.push(this.sourceToken);
                return;
        }
        if (this.indent > seq.indent) {
            const bv = this.startBlockValue(seq);
            if (bv) {
                this.stack.push(bv);
                return;
            }
        }
        yield* this.pop();
        yield* this.step();
    }
    *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === 'flow-error-end') {
            let top;
            do {
                yield* this.pop();
                top = this.peek(1);
            } while (top?.type === 'flow-collection');
        }
        else if (fc.end.length === 0) {
            switch (this.type) {
                case 'comma':
                case 'explicit-key-ind':
                    if (!it || it.sep)
                        fc.items.push({ start: [this.sourceToken] });
                    else
                        it.start.push(this.sourceToken);
                    return;
                case 'map-value-ind':
                    if (!it || it.value)
                        fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
                    else if (it.sep)
                        it.sep.push(this.sourceToken);
                    else
                        Object.assign(it, { key: null, sep: [this.sourceToken] });
                    return;
                case 'space':
                case 'comment':
                case 'newline':
                case 'anchor':
                case 'tag':
                    if (!it || it.value)
                        fc.items.push({ start: [this.sourceToken] });
                    else if (it.sep)
                        it.sep.push(this.sourceToken);
                    else
                        it.start.push(this.sourceToken);
                    return;
                case 'alias':
                case 'scalar':
                case 'single-quoted-scalar':
                case 'double-quoted-scalar': {
                    const fs = this.flowScalar(this.type);
                    if (!it || it.value)
                        fc.items.push({ start: [], key: fs, sep: [] });
                    else if (it.sep)
                        this.stack.push(fs);
                    else
                        Object.assign(it, { key: fs, sep: [] });
                    return;
                }
                case 'flow-map-end':
                case 'flow-seq-end':
                    fc.end.push(this.sourceToken);
                    return;
            }
            const bv = this.startBlockValue(fc);
            /* istanbul ignore else should not happen */
            if (bv)
                this.stack.push(bv);
            else {
                yield* this.pop();
                yield* this.step();
            }
        }
        else {
            const parent = this.peek(2);
            if (parent.type === 'block-map' &&
                ((this.type === 'map-value-ind' && parent.indent === fc.indent) ||
                    (this.type === 'newline' &&
                        !parent.items[parent.items.length - 1].sep))) {
                yield* this.pop();
                yield* this.step();
            }
            else if (this.type === 'map-value-ind' &&
                parent.type !== 'flow-collection') {
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                fixFlowSeqItems(fc);
                const sep = fc.end.splice(1, fc.end.length);
                sep.push(this.sourceToken);
                const map = {
                    type: 'block-map',
                    offset: fc.offset,
                    indent: fc.indent,
                    items: [{ start, key: fc, sep }]
                };
                this.onKeyLine = true;
                this.stack[this.stack.length - 1] = map;
            }
            else {
                yield* this.lineEnd(fc);
            }
        }
    }
    flowScalar(type) {
        if (this.onNewLine) {
            let nl = this.source.indexOf('\n') + 1;
            while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf('\n', nl) + 1;
            }
        }
        return {
            type,
            offset: this.offset,
            indent: this.indent,
            source: this.source
        };
    }
    startBlockValue(parent) {
        switch (this.type) {
            case 'alias':
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return this.flowScalar(this.type);
            case 'block-scalar-header':
                return {
                    type: 'block-scalar',
                    offset: this.offset,
                    indent: this.indent,
                    props: [this.sourceToken],
                    source: ''
                };
            case 'flow-map-start':
            case 'flow-seq-start':
                return {
                    type: 'flow-collection',
                    offset: this.offset,
                    indent: this.indent,
                    start: this.sourceToken,
                    items: [],
                    end: []
                };
            case 'seq-item-ind':
                return {
                    type: 'block-seq',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [this.sourceToken] }]
                };
            case 'explicit-key-ind': {
                this.onKeyLine = true;
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                start.push(this.sourceToken);
                return {
                    type: 'block-map',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, explicitKey: true }]
                };
            }
            case 'map-value-ind': {
                this.onKeyLine = true;
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                return {
                    type: 'block-map',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                };
            }
        }
        return null;
    }
    atIndentedComment(start, indent) {
        if (this.type !== 'comment')
            return false;
        if (this.indent <= indent)
            return false;
        return start.every(st => st.type === 'newline' || st.type === 'space');
    }
    *documentEnd(docEnd) {
        if (this.type !== 'doc-mode') {
            if (docEnd.end)
                docEnd.end.push(this.sourceToken);
            else
                docEnd.end = [this.sourceToken];
            if (this.type === 'newline')
                yield* this.pop();
        }
    }
    *lineEnd(token) {
        switch (this.type) {
            case 'comma':
            case 'doc-start':
            case 'doc-end':
            case 'flow-seq-end':
            case 'flow-map-end':
            case 'map-value-ind':
                yield* this.pop();
                yield* this.step();
                break;
            case 'newline':
                this.onKeyLine = false;
            // fallthrough
            case 'space':
            case 'comment':
            default:
                // all other values are errors
                if (token.end)
                    token.end.push(this.sourceToken);
                else
                    token.end = [this.sourceToken];
                if (this.type === 'newline')
                    yield* this.pop();
        }
    }
}

exports.Parser = Parser;


/***/ }),

/***/ 4047:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var composer = __nccwpck_require__(9984);
var Document = __nccwpck_require__(3021);
var errors = __nccwpck_require__(1464);
var log = __nccwpck_require__(7249);
var identity = __nccwpck_require__(1127);
var lineCounter = __nccwpck_require__(6628);
var parser = __nccwpck_require__(3456);

function parseOptions(options) {
    const prettyErrors = options.prettyErrors !== false;
    const lineCounter$1 = options.lineCounter || (prettyErrors && new lineCounter.LineCounter()) || null;
    return { lineCounter: lineCounter$1, prettyErrors };
}
/**
 * Parse the input as a stream of YAML documents.
 *
 * Documents should be separated from each other by `...` or `---` marker lines.
 *
 * @returns If an empty `docs` array is returned, it will be of type
 *   EmptyStream and contain additional stream information. In
 *   TypeScript, you should use `'empty' in docs` as a type guard for it.
 */
function parseAllDocuments(source, options = {}) {
    const { lineCounter, prettyErrors } = parseOptions(options);
    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
    const composer$1 = new composer.Composer(options);
    const docs = Array.from(composer$1.compose(parser$1.parse(source)));
    if (prettyErrors && lineCounter)
        for (const doc of docs) {
            doc.errors.forEach(errors.prettifyError(source, lineCounter));
            doc.warnings.forEach(errors.prettifyError(source, lineCounter));
        }
    if (docs.length > 0)
        return docs;
    return Object.assign([], { empty: true }, composer$1.streamInfo());
}
/** Parse an input string into a single YAML.Document */
function parseDocument(source, options = {}) {
    const { lineCounter, prettyErrors } = parseOptions(options);
    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
    const composer$1 = new composer.Composer(options);
    // `doc` is always set by compose.end(true) at the very latest
    let doc = null;
    for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
            doc = _doc;
        else if (doc.options.logLevel !== 'silent') {
            doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
            break;
        }
    }
    if (prettyErrors && lineCounter) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter));
    }
    return doc;
}
function parse(src, reviver, options) {
    let _reviver = undefined;
    if (typeof reviver === 'function') {
        _reviver = reviver;
    }
    else if (options === undefined && reviver && typeof reviver === 'object') {
        options = reviver;
    }
    const doc = parseDocument(src, options);
    if (!doc)
        return null;
    doc.warnings.forEach(warning => log.warn(doc.options.logLevel, warning));
    if (doc.errors.length > 0) {
        if (doc.options.logLevel !== 'silent')
            throw doc.errors[0];
        else
            doc.errors = [];
    }
    return doc.toJS(Object.assign({ reviver: _reviver }, options));
}
function stringify(value, replacer, options) {
    let _replacer = null;
    if (typeof replacer === 'function' || Array.isArray(replacer)) {
        _replacer = replacer;
    }
    else if (options === undefined && replacer) {
        options = replacer;
    }
    if (typeof options === 'string')
        options = options.length;
    if (typeof options === 'number') {
        const indent = Math.round(options);
        options = indent < 1 ? undefined : indent > 8 ? { indent: 8 } : { indent };
    }
    if (value === undefined) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
            return undefined;
    }
    if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
    return new Document.Document(value, _replacer, options).toString(options);
}

exports.parse = parse;
exports.parseAllDocuments = parseAllDocuments;
exports.parseDocument = parseDocument;
exports.stringify = stringify;


/***/ }),

/***/ 5840:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var map = __nccwpck_require__(7451);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var tags = __nccwpck_require__(18);

const sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
class Schema {
    constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat)
            ? tags.getTags(compat, 'compat')
            : compat
                ? tags.getTags(null, compat)
                : null;
        this.name = (typeof schema === 'string' && schema) || 'core';
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        // Used by createMap()
        this.sortMapEntries =
            typeof sortMapEntries === 'function'
                ? sortMapEntries
                : sortMapEntries === true
                    ? sortMapEntriesByKey
                    : null;
    }
    clone() {
        const copy = Object.create(Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
    }
}

exports.Schema = Schema;


/***/ }),

/***/ 7451:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var YAMLMap = __nccwpck_require__(4454);

const map = {
    collection: 'map',
    default: true,
    nodeClass: YAMLMap.YAMLMap,
    tag: 'tag:yaml.org,2002:map',
    resolve(map, onError) {
        if (!identity.isMap(map))
            onError('Expected a mapping for this tag');
        return map;
    },
    createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
};

exports.map = map;


/***/ }),

/***/ 3632:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

const nullTag = {
    identify: value => value == null,
    createNode: () => new Scalar.Scalar(null),
    default: true,
    tag: 'tag:yaml.org,2002:null',
    test: /^(?:~|[Nn]ull|NULL)?$/,
    resolve: () => new Scalar.Scalar(null),
    stringify: ({ source }, ctx) => typeof source === 'string' && nullTag.test.test(source)
        ? source
        : ctx.options.nullStr
};

exports.nullTag = nullTag;


/***/ }),

/***/ 1706:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var YAMLSeq = __nccwpck_require__(2223);

const seq = {
    collection: 'seq',
    default: true,
    nodeClass: YAMLSeq.YAMLSeq,
    tag: 'tag:yaml.org,2002:seq',
    resolve(seq, onError) {
        if (!identity.isSeq(seq))
            onError('Expected a sequence for this tag');
        return seq;
    },
    createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
};

exports.seq = seq;


/***/ }),

/***/ 6464:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyString = __nccwpck_require__(3069);

const string = {
    identify: value => typeof value === 'string',
    default: true,
    tag: 'tag:yaml.org,2002:str',
    resolve: str => str,
    stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
    }
};

exports.string = string;


/***/ }),

/***/ 3959:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

const boolTag = {
    identify: value => typeof value === 'boolean',
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
    resolve: str => new Scalar.Scalar(str[0] === 't' || str[0] === 'T'),
    stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
            const sv = source[0] === 't' || source[0] === 'T';
            if (value === sv)
                return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
};

exports.boolTag = boolTag;


/***/ }),

/***/ 8405:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var stringifyNumber = __nccwpck_require__(8689);

const floatNaN = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: str => str.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : str[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
    stringify: stringifyNumber.stringifyNumber
};
const floatExp = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'EXP',
    test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
    resolve: str => parseFloat(str),
    stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
    }
};
const float = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
    resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str));
        const dot = str.indexOf('.');
        if (dot !== -1 && str[str.length - 1] === '0')
            node.minFractionDigits = str.length - dot - 1;
        return node;
    },
    stringify: stringifyNumber.stringifyNumber
};

exports.float = float;
exports.floatExp = floatExp;
exports.floatNaN = floatNaN;


/***/ }),

/***/ 9874:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(8689);

const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
const intResolve = (str, offset, radix, { intAsBigInt }) => (intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix));
function intStringify(node, radix, prefix) {
    const { value } = node;
    if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
    return stringifyNumber.stringifyNumber(node);
}
const intOct = {
    identify: value => intIdentify(value) && value >= 0,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    test: /^0o[0-7]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
    stringify: node => intStringify(node, 8, '0o')
};
const int = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?[0-9]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
    stringify: stringifyNumber.stringifyNumber
};
const intHex = {
    identify: value => intIdentify(value) && value >= 0,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'HEX',
    test: /^0x[0-9a-fA-F]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
    stringify: node => intStringify(node, 16, '0x')
};

exports.int = int;
exports.intHex = intHex;
exports.intOct = intOct;


/***/ }),

/***/ 896:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7451);
var _null = __nccwpck_require__(3632);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var bool = __nccwpck_require__(3959);
var float = __nccwpck_require__(8405);
var int = __nccwpck_require__(9874);

const schema = [
    map.map,
    seq.seq,
    string.string,
    _null.nullTag,
    bool.boolTag,
    int.intOct,
    int.int,
    int.intHex,
    float.floatNaN,
    float.floatExp,
    float.float
];

exports.schema = schema;


/***/ }),

/***/ 3559:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var map = __nccwpck_require__(7451);
var seq = __nccwpck_require__(1706);

function intIdentify(value) {
    return typeof value === 'bigint' || Number.isInteger(value);
}
const stringifyJSON = ({ value }) => JSON.stringify(value);
const jsonScalars = [
    {
        identify: value => typeof value === 'string',
        default: true,
        tag: 'tag:yaml.org,2002:str',
        resolve: str => str,
        stringify: stringifyJSON
    },
    {
        identify: value => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: 'tag:yaml.org,2002:null',
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
    },
    {
        identify: value => typeof value === 'boolean',
        default: true,
        tag: 'tag:yaml.org,2002:bool',
        test: /^true$|^false$/,
        resolve: str => str === 'true',
        stringify: stringifyJSON
    },
    {
        identify: intIdentify,
        default: true,
        tag: 'tag:yaml.org,2002:int',
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
    },
    {
        identify: value => typeof value === 'number',
        default: true,
        tag: 'tag:yaml.org,2002:float',
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: str => parseFloat(str),
        stringify: stringifyJSON
    }
];
const jsonError = {
    default: true,
    tag: '',
    test: /^/,
    resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
    }
};
const schema = [map.map, seq.seq].concat(jsonScalars, jsonError);

exports.schema = schema;


/***/ }),

/***/ 18:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7451);
var _null = __nccwpck_require__(3632);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var bool = __nccwpck_require__(3959);
var float = __nccwpck_require__(8405);
var int = __nccwpck_require__(9874);
var schema = __nccwpck_require__(896);
var schema$1 = __nccwpck_require__(3559);
var binary = __nccwpck_require__(6083);
var merge = __nccwpck_require__(452);
var omap = __nccwpck_require__(303);
var pairs = __nccwpck_require__(8385);
var schema$2 = __nccwpck_require__(5913);
var set = __nccwpck_require__(1528);
var timestamp = __nccwpck_require__(6752);

const schemas = new Map([
    ['core', schema.schema],
    ['failsafe', [map.map, seq.seq, string.string]],
    ['json', schema$1.schema],
    ['yaml11', schema$2.schema],
    ['yaml-1.1', schema$2.schema]
]);
const tagsByName = {
    binary: binary.binary,
    bool: bool.boolTag,
    float: float.float,
    floatExp: float.floatExp,
    floatNaN: float.floatNaN,
    floatTime: timestamp.floatTime,
    int: int.int,
    intHex: int.intHex,
    intOct: int.intOct,
    intTime: timestamp.intTime,
    map: map.map,
    merge: merge.merge,
    null: _null.nullTag,
    omap: omap.omap,
    pairs: pairs.pairs,
    seq: seq.seq,
    set: set.set,
    timestamp: timestamp.timestamp
};
const coreKnownTags = {
    'tag:yaml.org,2002:binary': binary.binary,
    'tag:yaml.org,2002:merge': merge.merge,
    'tag:yaml.org,2002:omap': omap.omap,
    'tag:yaml.org,2002:pairs': pairs.pairs,
    'tag:yaml.org,2002:set': set.set,
    'tag:yaml.org,2002:timestamp': timestamp.timestamp
};
function getTags(customTags, schemaName, addMergeTag) {
    const schemaTags = schemas.get(schemaName);
    if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge)
            ? schemaTags.concat(merge.merge)
            : schemaTags.slice();
    }
    let tags = schemaTags;
    if (!tags) {
        if (Array.isArray(customTags))
            tags = [];
        else {
            const keys = Array.from(schemas.keys())
                .filter(key => key !== 'yaml11')
                .map(key => JSON.stringify(key))
                .join(', ');
            throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
    }
    if (Array.isArray(customTags)) {
        for (const tag of customTags)
            tags = tags.concat(tag);
    }
    else if (typeof customTags === 'function') {
        tags = customTags(tags.slice());
    }
    if (addMergeTag)
        tags = tags.concat(merge.merge);
    return tags.reduce((tags, tag) => {
        const tagObj = typeof tag === 'string' ? tagsByName[tag] : tag;
        if (!tagObj) {
            const tagName = JSON.stringify(tag);
            const keys = Object.keys(tagsByName)
                .map(key => JSON.stringify(key))
                .join(', ');
            throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags.includes(tagObj))
            tags.push(tagObj);
        return tags;
    }, []);
}

exports.coreKnownTags = coreKnownTags;
exports.getTags = getTags;


/***/ }),

/***/ 6083:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_buffer = __nccwpck_require__(181);
var Scalar = __nccwpck_require__(3301);
var stringifyString = __nccwpck_require__(3069);

const binary = {
    identify: value => value instanceof Uint8Array, // Buffer inherits from Uint8Array
    default: false,
    tag: 'tag:yaml.org,2002:binary',
    /**
     * Returns a Buffer in node and an Uint8Array in browsers
     *
     * To use the resulting buffer as an image, you'll want to do something like:
     *
     *   const blob = new Blob([buffer], { type: 'image/jpeg' })
     *   document.querySelector('#photo').src = URL.createObjectURL(blob)
     */
    resolve(src, onError) {
        if (typeof node_buffer.Buffer === 'function') {
            return node_buffer.Buffer.from(src, 'base64');
        }
        else if (typeof atob === 'function') {
            // On IE 11, atob() can't handle newlines
            const str = atob(src.replace(/[\n\r]/g, ''));
            const buffer = new Uint8Array(str.length);
            for (let i = 0; i < str.length; ++i)
                buffer[i] = str.charCodeAt(i);
            return buffer;
        }
        else {
            onError('This environment does not support reading binary tags; either Buffer or atob is required');
            return src;
        }
    },
    stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
            return '';
        const buf = value; // checked earlier by binary.identify()
        let str;
        if (typeof node_buffer.Buffer === 'function') {
            str =
                buf instanceof node_buffer.Buffer
                    ? buf.toString('base64')
                    : node_buffer.Buffer.from(buf.buffer).toString('base64');
        }
        else if (typeof btoa === 'function') {
            let s = '';
            for (let i = 0; i < buf.length; ++i)
                s += String.fromCharCode(buf[i]);
            str = btoa(s);
        }
        else {
            throw new Error('This environment does not support writing binary tags; either Buffer or btoa is required');
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
            const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
            const n = Math.ceil(str.length / lineWidth);
            const lines = new Array(n);
            for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
                lines[i] = str.substr(o, lineWidth);
            }
            str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? '\n' : ' ');
        }
        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
    }
};

exports.binary = binary;


/***/ }),

/***/ 8398:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

function boolStringify({ value, source }, ctx) {
    const boolObj = value ? trueTag : falseTag;
    if (source && boolObj.test.test(source))
        return source;
    return value ? ctx.options.trueStr : ctx.options.falseStr;
}
const trueTag = {
    identify: value => value === true,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
    resolve: () => new Scalar.Scalar(true),
    stringify: boolStringify
};
const falseTag = {
    identify: value => value === false,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
    resolve: () => new Scalar.Scalar(false),
    stringify: boolStringify
};

exports.falseTag = falseTag;
exports.trueTag = trueTag;


/***/ }),

/***/ 5782:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var stringifyNumber = __nccwpck_require__(8689);

const floatNaN = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: (str) => str.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : str[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
    stringify: stringifyNumber.stringifyNumber
};
const floatExp = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'EXP',
    test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
    resolve: (str) => parseFloat(str.replace(/_/g, '')),
    stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
    }
};
const float = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
    resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str.replace(/_/g, '')));
        const dot = str.indexOf('.');
        if (dot !== -1) {
            const f = str.substring(dot + 1).replace(/_/g, '');
            if (f[f.length - 1] === '0')
                node.minFractionDigits = f.length;
        }
        return node;
    },
    stringify: stringifyNumber.stringifyNumber
};

exports.float = float;
exports.floatExp = floatExp;
exports.floatNaN = floatNaN;


/***/ }),

/***/ 873:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(8689);

const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
function intResolve(str, offset, radix, { intAsBigInt }) {
    const sign = str[0];
    if (sign === '-' || sign === '+')
        offset += 1;
    str = str.substring(offset).replace(/_/g, '');
    if (intAsBigInt) {
        switch (radix) {
            case 2:
                str = `0b${str}`;
                break;
            case 8:
                str = `0o${str}`;
                break;
            case 16:
                str = `0x${str}`;
                break;
        }
        const n = BigInt(str);
        return sign === '-' ? BigInt(-1) * n : n;
    }
    const n = parseInt(str, radix);
    return sign === '-' ? -1 * n : n;
}
function intStringify(node, radix, prefix) {
    const { value } = node;
    if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? '-' + prefix + str.substr(1) : prefix + str;
    }
    return stringifyNumber.stringifyNumber(node);
}
const intBin = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'BIN',
    test: /^[-+]?0b[0-1_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
    stringify: node => intStringify(node, 2, '0b')
};
const intOct = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    test: /^[-+]?0[0-7_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
    stringify: node => intStringify(node, 8, '0')
};
const int = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?[0-9][0-9_]*$/,
    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
    stringify: stringifyNumber.stringifyNumber
};
const intHex = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'HEX',
    test: /^[-+]?0x[0-9a-fA-F_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
    stringify: node => intStringify(node, 16, '0x')
};

exports.int = int;
exports.intBin = intBin;
exports.intHex = intHex;
exports.intOct = intOct;


/***/ }),

/***/ 452:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);

// If the value associated with a merge key is a single mapping node, each of
// its key/value pairs is inserted into the current mapping, unless the key
// already exists in it. If the value associated with the merge key is a
// sequence, then this sequence is expected to contain mapping nodes and each
// of these nodes is merged in turn according to its order in the sequence.
// Keys in mapping nodes earlier in the sequence override keys specified in
// later mapping nodes. -- http://yaml.org/type/merge.html
const MERGE_KEY = '<<';
const merge = {
    identify: value => value === MERGE_KEY ||
        (typeof value === 'symbol' && value.description === MERGE_KEY),
    default: 'key',
    tag: 'tag:yaml.org,2002:merge',
    test: /^<<$/,
    resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
    }),
    stringify: () => MERGE_KEY
};
const isMergeKey = (ctx, key) => (merge.identify(key) ||
    (identity.isScalar(key) &&
        (!key.type || key.type === Scalar.Scalar.PLAIN) &&
        merge.identify(key.value))) &&
    ctx?.doc.schema.tags.some(tag => tag.tag === merge.tag && tag.default);
function addMergeToJSMap(ctx, map, value) {
    const source = resolveAliasValue(ctx, value);
    if (identity.isSeq(source))
        for (const it of source.items)
            mergeValue(ctx, map, it);
    else if (Array.isArray(source))
        for (const it of source)
            mergeValue(ctx, map, it);
    else
        mergeValue(ctx, map, source);
}
function mergeValue(ctx, map, value) {
    const source = resolveAliasValue(ctx, value);
    if (!identity.isMap(source))
        throw new Error('Merge sources must be maps or map aliases');
    const srcMap = source.toJSON(null, ctx, Map);
    for (const [key, value] of srcMap) {
        if (map instanceof Map) {
            if (!map.has(key))
                map.set(key, value);
        }
        else if (map instanceof Set) {
            map.add(key);
        }
        else if (!Object.prototype.hasOwnProperty.call(map, key)) {
            Object.defineProperty(map, key, {
                value,
                writable: true,
                enumerable: true,
                configurable: true
            });
        }
    }
    return map;
}
function resolveAliasValue(ctx, value) {
    return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
}

exports.addMergeToJSMap = addMergeToJSMap;
exports.isMergeKey = isMergeKey;
exports.merge = merge;


/***/ }),

/***/ 303:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var toJS = __nccwpck_require__(4043);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var pairs = __nccwpck_require__(8385);

class YAMLOMap extends YAMLSeq.YAMLSeq {
    constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = YAMLOMap.tag;
    }
    /**
     * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
     * but TypeScript won't allow widening the signature of a child method.
     */
    toJSON(_, ctx) {
        if (!ctx)
            return super.toJSON(_);
        const map = new Map();
        if (ctx?.onCreate)
            ctx.onCreate(map);
        for (const pair of this.items) {
            let key, value;
            if (identity.isPair(pair)) {
                key = toJS.toJS(pair.key, '', ctx);
                value = toJS.toJS(pair.value, key, ctx);
            }
            else {
                key = toJS.toJS(pair, '', ctx);
            }
            if (map.has(key))
                throw new Error('Ordered maps must not include duplicate keys');
            map.set(key, value);
        }
        return map;
    }
    static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap = new this();
        omap.items = pairs$1.items;
        return omap;
    }
}
YAMLOMap.tag = 'tag:yaml.org,2002:omap';
const omap = {
    collection: 'seq',
    identify: value => value instanceof Map,
    nodeClass: YAMLOMap,
    default: false,
    tag: 'tag:yaml.org,2002:omap',
    resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
            if (identity.isScalar(key)) {
                if (seenKeys.includes(key.value)) {
                    onError(`Ordered maps must not include duplicate keys: ${key.value}`);
                }
                else {
                    seenKeys.push(key.value);
                }
            }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
    },
    createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
};

exports.YAMLOMap = YAMLOMap;
exports.omap = omap;


/***/ }),

/***/ 8385:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var Scalar = __nccwpck_require__(3301);
var YAMLSeq = __nccwpck_require__(2223);

function resolvePairs(seq, onError) {
    if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
            let item = seq.items[i];
            if (identity.isPair(item))
                continue;
            else if (identity.isMap(item)) {
                if (item.items.length > 1)
                    onError('Each pair must have its own sequence indicator');
                const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
                if (item.commentBefore)
                    pair.key.commentBefore = pair.key.commentBefore
                        ? `${item.commentBefore}\n${pair.key.commentBefore}`
                        : item.commentBefore;
                if (item.comment) {
                    const cn = pair.value ?? pair.key;
                    cn.comment = cn.comment
                        ? `${item.comment}\n${cn.comment}`
                        : item.comment;
                }
                item = pair;
            }
            seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
    }
    else
        onError('Expected a sequence for this tag');
    return seq;
}
function createPairs(schema, iterable, ctx) {
    const { replacer } = ctx;
    const pairs = new YAMLSeq.YAMLSeq(schema);
    pairs.tag = 'tag:yaml.org,2002:pairs';
    let i = 0;
    if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
            if (typeof replacer === 'function')
                it = replacer.call(iterable, String(i++), it);
            let key, value;
            if (Array.isArray(it)) {
                if (it.length === 2) {
                    key = it[0];
                    value = it[1];
                }
                else
                    throw new TypeError(`Expected [key, value] tuple: ${it}`);
            }
            else if (it && it instanceof Object) {
                const keys = Object.keys(it);
                if (keys.length === 1) {
                    key = keys[0];
                    value = it[key];
                }
                else {
                    throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
                }
            }
            else {
                key = it;
            }
            pairs.items.push(Pair.createPair(key, value, ctx));
        }
    return pairs;
}
const pairs = {
    collection: 'seq',
    default: false,
    tag: 'tag:yaml.org,2002:pairs',
    resolve: resolvePairs,
    createNode: createPairs
};

exports.createPairs = createPairs;
exports.pairs = pairs;
exports.resolvePairs = resolvePairs;


/***/ }),

/***/ 5913:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7451);
var _null = __nccwpck_require__(3632);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var binary = __nccwpck_require__(6083);
var bool = __nccwpck_require__(8398);
var float = __nccwpck_require__(5782);
var int = __nccwpck_require__(873);
var merge = __nccwpck_require__(452);
var omap = __nccwpck_require__(303);
var pairs = __nccwpck_require__(8385);
var set = __nccwpck_require__(1528);
var timestamp = __nccwpck_require__(6752);

const schema = [
    map.map,
    seq.seq,
    string.string,
    _null.nullTag,
    bool.trueTag,
    bool.falseTag,
    int.intBin,
    int.intOct,
    int.int,
    int.intHex,
    float.floatNaN,
    float.floatExp,
    float.float,
    binary.binary,
    merge.merge,
    omap.omap,
    pairs.pairs,
    set.set,
    timestamp.intTime,
    timestamp.floatTime,
    timestamp.timestamp
];

exports.schema = schema;


/***/ }),

/***/ 1528:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var YAMLMap = __nccwpck_require__(4454);

class YAMLSet extends YAMLMap.YAMLMap {
    constructor(schema) {
        super(schema);
        this.tag = YAMLSet.tag;
    }
    add(key) {
        let pair;
        if (identity.isPair(key))
            pair = key;
        else if (key &&
            typeof key === 'object' &&
            'key' in key &&
            'value' in key &&
            key.value === null)
            pair = new Pair.Pair(key.key, null);
        else
            pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
            this.items.push(pair);
    }
    /**
     * If `keepPair` is `true`, returns the Pair matching `key`.
     * Otherwise, returns the value of that Pair's key.
     */
    get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair)
            ? identity.isScalar(pair.key)
                ? pair.key.value
                : pair.key
            : pair;
    }
    set(key, value) {
        if (typeof value !== 'boolean')
            throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
            this.items.splice(this.items.indexOf(prev), 1);
        }
        else if (!prev && value) {
            this.items.push(new Pair.Pair(key));
        }
    }
    toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        if (this.hasAllNullValues(true))
            return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
            throw new Error('Set items must all have null values');
    }
    static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
            for (let value of iterable) {
                if (typeof replacer === 'function')
                    value = replacer.call(iterable, value, value);
                set.items.push(Pair.createPair(value, null, ctx));
            }
        return set;
    }
}
YAMLSet.tag = 'tag:yaml.org,2002:set';
const set = {
    collection: 'map',
    identify: value => value instanceof Set,
    nodeClass: YAMLSet,
    default: false,
    tag: 'tag:yaml.org,2002:set',
    createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
    resolve(map, onError) {
        if (identity.isMap(map)) {
            if (map.hasAllNullValues(true))
                return Object.assign(new YAMLSet(), map);
            else
                onError('Set items must all have null values');
        }
        else
            onError('Expected a mapping for this tag');
        return map;
    }
};

exports.YAMLSet = YAMLSet;
exports.set = set;


/***/ }),

/***/ 6752:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(8689);

/** Internal types handle bigint as number, because TS can't figure it out. */
function parseSexagesimal(str, asBigInt) {
    const sign = str[0];
    const parts = sign === '-' || sign === '+' ? str.substring(1) : str;
    const num = (n) => asBigInt ? BigInt(n) : Number(n);
    const res = parts
        .replace(/_/g, '')
        .split(':')
        .reduce((res, p) => res * num(60) + num(p), num(0));
    return (sign === '-' ? num(-1) * res : res);
}
/**
 * hhhh:mm:ss.sss
 *
 * Internal types handle bigint as number, because TS can't figure it out.
 */
function stringifySexagesimal(node) {
    let { value } = node;
    let num = (n) => n;
    if (typeof value === 'bigint')
        num = n => BigInt(n);
    else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
    let sign = '';
    if (value < 0) {
        sign = '-';
        value *= num(-1);
    }
    const _60 = num(60);
    const parts = [value % _60]; // seconds, including ms
    if (value < 60) {
        parts.unshift(0); // at least one : is required
    }
    else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60); // minutes
        if (value >= 60) {
            value = (value - parts[0]) / _60;
            parts.unshift(value); // hours
        }
    }
    return (sign +
        parts
            .map(n => String(n).padStart(2, '0'))
            .join(':')
            .replace(/000000\d*$/, '') // % 60 may introduce error
    );
}
const intTime = {
    identify: value => typeof value === 'bigint' || Number.isInteger(value),
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'TIME',
    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
    resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
    stringify: stringifySexagesimal
};
const floatTime = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'TIME',
    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
    resolve: str => parseSexagesimal(str, false),
    stringify: stringifySexagesimal
};
const timestamp = {
    identify: value => value instanceof Date,
    default: true,
    tag: 'tag:yaml.org,2002:timestamp',
    // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
    // may be omitted altogether, resulting in a date format. In such a case, the time part is
    // assumed to be 00:00:00Z (start of day, UTC).
    test: RegExp('^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})' + // YYYY-Mm-Dd
        '(?:' + // time is optional
        '(?:t|T|[ \\t]+)' + // t | T | whitespace
        '([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)' + // Hh:Mm:Ss(.ss)?
        '(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?' + // Z | +5 | -03:30
        ')?$'),
    resolve(str) {
        const match = str.match(timestamp.test);
        if (!match)
            throw new Error('!!timestamp expects a date, starting with yyyy-mm-dd');
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + '00').substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== 'Z') {
            let d = parseSexagesimal(tz, false);
            if (Math.abs(d) < 30)
                d *= 60;
            date -= 60000 * d;
        }
        return new Date(date);
    },
    stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, '') ?? ''
};

exports.floatTime = floatTime;
exports.intTime = intTime;
exports.timestamp = timestamp;


/***/ }),

/***/ 4475:
/***/ ((__unused_webpack_module, exports) => {



const FOLD_FLOW = 'flow';
const FOLD_BLOCK = 'block';
const FOLD_QUOTED = 'quoted';
/**
 * Tries to keep input at up to `lineWidth` characters, splitting only on spaces
 * not followed by newlines or spaces unless `mode` is `'quoted'`. Lines are
 * terminated with `\n` and started with `indent`.
 */
function foldFlowLines(text, indent, mode = 'flow', { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
    if (!lineWidth || lineWidth < 0)
        return text;
    if (lineWidth < minContentWidth)
        minContentWidth = 0;
    const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
    if (text.length <= endStep)
        return text;
    const folds = [];
    const escapedFolds = {};
    let end = lineWidth - indent.length;
    if (typeof indentAtStart === 'number') {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
            folds.push(0);
        else
            end = lineWidth - indentAtStart;
    }
    let split = undefined;
    let prev = undefined;
    let overflow = false;
    let i = -1;
    let escStart = -1;
    let escEnd = -1;
    if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
            end = i + endStep;
    }
    for (let ch; (ch = text[(i += 1)]);) {
        if (mode === FOLD_QUOTED && ch === '\\') {
            escStart = i;
            switch (text[i + 1]) {
                case 'x':
                    i += 3;
                    break;
                case 'u':
                    i += 5;
                    break;
                case 'U':
                    i += 9;
                    break;
                default:
                    i += 1;
            }
            escEnd = i;
        }
        if (ch === '\n') {
            if (mode === FOLD_BLOCK)
                i = consumeMoreIndentedLines(text, i, indent.length);
            end = i + indent.length + endStep;
            split = undefined;
        }
        else {
            if (ch === ' ' &&
                prev &&
                prev !== ' ' &&
                prev !== '\n' &&
                prev !== '\t') {
                // space surrounded by non-space can be replaced with newline + indent
                const next = text[i + 1];
                if (next && next !== ' ' && next !== '\n' && next !== '\t')
                    split = i;
            }
            if (i >= end) {
                if (split) {
                    folds.push(split);
                    end = split + endStep;
                    split = undefined;
                }
                else if (mode === FOLD_QUOTED) {
                    // white-space collected at end may stretch past lineWidth
                    while (prev === ' ' || prev === '\t') {
                        prev = ch;
                        ch = text[(i += 1)];
                        overflow = true;
                    }
                    // Account for newline escape, but don't break preceding escape
                    const j = i > escEnd + 1 ? i - 2 : escStart - 1;
                    // Bail out if lineWidth & minContentWidth are shorter than an escape string
                    if (escapedFolds[j])
                        return text;
                    folds.push(j);
                    escapedFolds[j] = true;
                    end = j + endStep;
                    split = undefined;
                }
                else {
                    overflow = true;
                }
            }
        }
        prev = ch;
    }
    if (overflow && onOverflow)
        onOverflow();
    if (folds.length === 0)
        return text;
    if (onFold)
        onFold();
    let res = text.slice(0, folds[0]);
    for (let i = 0; i < folds.length; ++i) {
        const fold = folds[i];
        const end = folds[i + 1] || text.length;
        if (fold === 0)
            res = `\n${indent}${text.slice(0, end)}`;
        else {
            if (mode === FOLD_QUOTED && escapedFolds[fold])
                res += `${text[fold]}\\`;
            res += `\n${indent}${text.slice(fold + 1, end)}`;
        }
    }
    return res;
}
/**
 * Presumes `i + 1` is at the start of a line
 * @returns index of last newline in more-indented block
 */
function consumeMoreIndentedLines(text, i, indent) {
    let end = i;
    let start = i + 1;
    let ch = text[start];
    while (ch === ' ' || ch === '\t') {
        if (i < start + indent) {
            ch = text[++i];
        }
        else {
            do {
                ch = text[++i];
            } while (ch && ch !== '\n');
            end = i;
            start = i + 1;
            ch = text[start];
        }
    }
    return end;
}

exports.FOLD_BLOCK = FOLD_BLOCK;
exports.FOLD_FLOW = FOLD_FLOW;
exports.FOLD_QUOTED = FOLD_QUOTED;
exports.foldFlowLines = foldFlowLines;


/***/ }),

/***/ 2148:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var anchors = __nccwpck_require__(1596);
var identity = __nccwpck_require__(1127);
var stringifyComment = __nccwpck_require__(9799);
var stringifyString = __nccwpck_require__(3069);

function createStringifyContext(doc, options) {
    const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: 'PLAIN',
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: 'false',
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: 'null',
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: 'true',
        verifyAliasOrder: true
    }, doc.schema.toStringOptions, options);
    let inFlow;
    switch (opt.collectionStyle) {
        case 'block':
            inFlow = false;
            break;
        case 'flow':
            inFlow = true;
            break;
        default:
            inFlow = null;
    }
    return {
        anchors: new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? ' ' : '',
        indent: '',
        indentStep: typeof opt.indent === 'number' ? ' '.repeat(opt.indent) : '  ',
        inFlow,
        options: opt
    };
}
function getTagObject(tags, item) {
    if (item.tag) {
        const match = tags.filter(t => t.tag === item.tag);
        if (match.length > 0)
            return match.find(t => t.format === item.format) ?? match[0];
    }
    let tagObj = undefined;
    let obj;
    if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter(t => t.identify?.(obj));
        if (match.length > 1) {
            const testMatch = match.filter(t => t.test);
            if (testMatch.length > 0)
                match = testMatch;
        }
        tagObj =
            match.find(t => t.format === item.format) ?? match.find(t => !t.format);
    }
    else {
        obj = item;
        tagObj = tags.find(t => t.nodeClass && obj instanceof t.nodeClass);
    }
    if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? 'null' : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
    }
    return tagObj;
}
// needs to be called before value stringifier to allow for circular anchor refs
function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
    if (!doc.directives)
        return '';
    const props = [];
    const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
    if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
    }
    const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
    if (tag)
        props.push(doc.directives.tagString(tag));
    return props.join(' ');
}
function stringify(item, ctx, onComment, onChompKeep) {
    if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
    if (identity.isAlias(item)) {
        if (ctx.doc.directives)
            return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
            throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        }
        else {
            if (ctx.resolvedAliases)
                ctx.resolvedAliases.add(item);
            else
                ctx.resolvedAliases = new Set([item]);
            item = item.resolve(ctx.doc);
        }
    }
    let tagObj = undefined;
    const node = identity.isNode(item)
        ? item
        : ctx.doc.createNode(item, { onTagObj: o => (tagObj = o) });
    tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
    const props = stringifyProps(node, tagObj, ctx);
    if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
    const str = typeof tagObj.stringify === 'function'
        ? tagObj.stringify(node, ctx, onComment, onChompKeep)
        : identity.isScalar(node)
            ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep)
            : node.toString(ctx, onComment, onChompKeep);
    if (!props)
        return str;
    return identity.isScalar(node) || str[0] === '{' || str[0] === '['
        ? `${props} ${str}`
        : `${props}\n${ctx.indent}${str}`;
}

exports.createStringifyContext = createStringifyContext;
exports.stringify = stringify;


/***/ }),

/***/ 1212:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var stringify = __nccwpck_require__(2148);
var stringifyComment = __nccwpck_require__(9799);

function stringifyCollection(collection, ctx, options) {
    const flow = ctx.inFlow ?? collection.flow;
    const stringify = flow ? stringifyFlowCollection : stringifyBlockCollection;
    return stringify(collection, ctx, options);
}
function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
    const { indent, options: { commentString } } = ctx;
    const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
    let chompKeep = false; // flag for the preceding node's status
    const lines = [];
    for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
            if (!chompKeep && item.spaceBefore)
                lines.push('');
            addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
            if (item.comment)
                comment = item.comment;
        }
        else if (identity.isPair(item)) {
            const ik = identity.isNode(item.key) ? item.key : null;
            if (ik) {
                if (!chompKeep && ik.spaceBefore)
                    lines.push('');
                addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
            }
        }
        chompKeep = false;
        let str = stringify.stringify(item, itemCtx, () => (comment = null), () => (chompKeep = true));
        if (comment)
            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        if (chompKeep && comment)
            chompKeep = false;
        lines.push(blockItemPrefix + str);
    }
    let str;
    if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
    }
    else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
            const line = lines[i];
            str += line ? `\n${indent}${line}` : '\n';
        }
    }
    if (comment) {
        str += '\n' + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
            onComment();
    }
    else if (chompKeep && onChompKeep)
        onChompKeep();
    return str;
}
function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
    const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
    itemIndent += indentStep;
    const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
    });
    let reqNewline = false;
    let linesAtValue = 0;
    const lines = [];
    for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
            if (item.spaceBefore)
                lines.push('');
            addCommentBefore(ctx, lines, item.commentBefore, false);
            if (item.comment)
                comment = item.comment;
        }
        else if (identity.isPair(item)) {
            const ik = identity.isNode(item.key) ? item.key : null;
            if (ik) {
                if (ik.spaceBefore)
                    lines.push('');
                addCommentBefore(ctx, lines, ik.commentBefore, false);
                if (ik.comment)
                    reqNewline = true;
            }
            const iv = identity.isNode(item.value) ? item.value : null;
            if (iv) {
                if (iv.comment)
                    comment = iv.comment;
                if (iv.commentBefore)
                    reqNewline = true;
            }
            else if (item.value == null && ik?.comment) {
                comment = ik.comment;
            }
        }
        if (comment)
            reqNewline = true;
        let str = stringify.stringify(item, itemCtx, () => (comment = null));
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes('\n'));
        if (i < items.length - 1) {
            str += ',';
        }
        else if (ctx.options.trailingComma) {
            if (ctx.options.lineWidth > 0) {
                reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) +
                    (str.length + 2) >
                    ctx.options.lineWidth);
            }
            if (reqNewline) {
                str += ',';
            }
        }
        if (comment)
            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
    }
    const { start, end } = flowChars;
    if (lines.length === 0) {
        return start + end;
    }
    else {
        if (!reqNewline) {
            const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
            reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
            let str = start;
            for (const line of lines)
                str += line ? `\n${indentStep}${indent}${line}` : '\n';
            return `${str}\n${indent}${end}`;
        }
        else {
            return `${start}${fcPadding}${lines.join(' ')}${fcPadding}${end}`;
        }
    }
}
function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
    if (comment && chompKeep)
        comment = comment.replace(/^\n+/, '');
    if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart()); // Avoid double indent on first line
    }
}

exports.stringifyCollection = stringifyCollection;


/***/ }),

/***/ 9799:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Stringifies a comment.
 *
 * Empty comment lines are left empty,
 * lines consisting of a single space are replaced by `#`,
 * and all other lines are prefixed with a `#`.
 */
const stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, '#');
function indentComment(comment, indent) {
    if (/^\n+$/.test(comment))
        return comment.substring(1);
    return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
}
const lineComment = (str, indent, comment) => str.endsWith('\n')
    ? indentComment(comment, indent)
    : comment.includes('\n')
        ? '\n' + indentComment(comment, indent)
        : (str.endsWith(' ') ? '' : ' ') + comment;

exports.indentComment = indentComment;
exports.lineComment = lineComment;
exports.stringifyComment = stringifyComment;


/***/ }),

/***/ 6829:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var stringify = __nccwpck_require__(2148);
var stringifyComment = __nccwpck_require__(9799);

function stringifyDocument(doc, options) {
    const lines = [];
    let hasDirectives = options.directives === true;
    if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
            lines.push(dir);
            hasDirectives = true;
        }
        else if (doc.directives.docStart)
            hasDirectives = true;
    }
    if (hasDirectives)
        lines.push('---');
    const ctx = stringify.createStringifyContext(doc, options);
    const { commentString } = ctx.options;
    if (doc.commentBefore) {
        if (lines.length !== 1)
            lines.unshift('');
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ''));
    }
    let chompKeep = false;
    let contentComment = null;
    if (doc.contents) {
        if (identity.isNode(doc.contents)) {
            if (doc.contents.spaceBefore && hasDirectives)
                lines.push('');
            if (doc.contents.commentBefore) {
                const cs = commentString(doc.contents.commentBefore);
                lines.push(stringifyComment.indentComment(cs, ''));
            }
            // top-level block scalars need to be indented if followed by a comment
            ctx.forceBlockIndent = !!doc.comment;
            contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? undefined : () => (chompKeep = true);
        let body = stringify.stringify(doc.contents, ctx, () => (contentComment = null), onChompKeep);
        if (contentComment)
            body += stringifyComment.lineComment(body, '', commentString(contentComment));
        if ((body[0] === '|' || body[0] === '>') &&
            lines[lines.length - 1] === '---') {
            // Top-level block scalars with a preceding doc marker ought to use the
            // same line for their header.
            lines[lines.length - 1] = `--- ${body}`;
        }
        else
            lines.push(body);
    }
    else {
        lines.push(stringify.stringify(doc.contents, ctx));
    }
    if (doc.directives?.docEnd) {
        if (doc.comment) {
            const cs = commentString(doc.comment);
            if (cs.includes('\n')) {
                lines.push('...');
                lines.push(stringifyComment.indentComment(cs, ''));
            }
            else {
                lines.push(`... ${cs}`);
            }
        }
        else {
            lines.push('...');
        }
    }
    else {
        let dc = doc.comment;
        if (dc && chompKeep)
            dc = dc.replace(/^\n+/, '');
        if (dc) {
            if ((!chompKeep || contentComment) && lines[lines.length - 1] !== '')
                lines.push('');
            lines.push(stringifyComment.indentComment(commentString(dc), ''));
        }
    }
    return lines.join('\n') + '\n';
}

exports.stringifyDocument = stringifyDocument;


/***/ }),

/***/ 8689:
/***/ ((__unused_webpack_module, exports) => {



function stringifyNumber({ format, minFractionDigits, tag, value }) {
    if (typeof value === 'bigint')
        return String(value);
    const num = typeof value === 'number' ? value : Number(value);
    if (!isFinite(num))
        return isNaN(num) ? '.nan' : num < 0 ? '-.inf' : '.inf';
    let n = Object.is(value, -0) ? '-0' : JSON.stringify(value);
    if (!format &&
        minFractionDigits &&
        (!tag || tag === 'tag:yaml.org,2002:float') &&
        /^-?\d/.test(n) &&
        !n.includes('e')) {
        let i = n.indexOf('.');
        if (i < 0) {
            i = n.length;
            n += '.';
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
            n += '0';
    }
    return n;
}

exports.stringifyNumber = stringifyNumber;


/***/ }),

/***/ 9748:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var stringify = __nccwpck_require__(2148);
var stringifyComment = __nccwpck_require__(9799);

function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
    const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
    let keyComment = (identity.isNode(key) && key.comment) || null;
    if (simpleKeys) {
        if (keyComment) {
            throw new Error('With simple keys, key nodes cannot have comments');
        }
        if (identity.isCollection(key) || (!identity.isNode(key) && typeof key === 'object')) {
            const msg = 'With simple keys, collection cannot be used as a key value';
            throw new Error(msg);
        }
    }
    let explicitKey = !simpleKeys &&
        (!key ||
            (keyComment && value == null && !ctx.inFlow) ||
            identity.isCollection(key) ||
            (identity.isScalar(key)
                ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL
                : typeof key === 'object'));
    ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
    });
    let keyCommentDone = false;
    let chompKeep = false;
    let str = stringify.stringify(key, ctx, () => (keyCommentDone = true), () => (chompKeep = true));
    if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
            throw new Error('With simple keys, single line scalar must not span more than 1024 characters');
        explicitKey = true;
    }
    if (ctx.inFlow) {
        if (allNullValues || value == null) {
            if (keyCommentDone && onComment)
                onComment();
            return str === '' ? '?' : explicitKey ? `? ${str}` : str;
        }
    }
    else if ((allNullValues && !simpleKeys) || (value == null && explicitKey)) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        }
        else if (chompKeep && onChompKeep)
            onChompKeep();
        return str;
    }
    if (keyCommentDone)
        keyComment = null;
    if (explicitKey) {
        if (keyComment)
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}\n${indent}:`;
    }
    else {
        str = `${str}:`;
        if (keyComment)
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
    }
    let vsb, vcb, valueComment;
    if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
    }
    else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === 'object')
            value = doc.createNode(value);
    }
    ctx.implicitKey = false;
    if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str.length + 1;
    chompKeep = false;
    if (!indentSeq &&
        indentStep.length >= 2 &&
        !ctx.inFlow &&
        !explicitKey &&
        identity.isSeq(value) &&
        !value.flow &&
        !value.tag &&
        !value.anchor) {
        // If indentSeq === false, consider '- ' as part of indentation where possible
        ctx.indent = ctx.indent.substring(2);
    }
    let valueCommentDone = false;
    const valueStr = stringify.stringify(value, ctx, () => (valueCommentDone = true), () => (chompKeep = true));
    let ws = ' ';
    if (keyComment || vsb || vcb) {
        ws = vsb ? '\n' : '';
        if (vcb) {
            const cs = commentString(vcb);
            ws += `\n${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === '' && !ctx.inFlow) {
            if (ws === '\n' && valueComment)
                ws = '\n\n';
        }
        else {
            ws += `\n${ctx.indent}`;
        }
    }
    else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf('\n');
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
            let hasPropsLine = false;
            if (hasNewline && (vs0 === '&' || vs0 === '!')) {
                let sp0 = valueStr.indexOf(' ');
                if (vs0 === '&' &&
                    sp0 !== -1 &&
                    sp0 < nl0 &&
                    valueStr[sp0 + 1] === '!') {
                    sp0 = valueStr.indexOf(' ', sp0 + 1);
                }
                if (sp0 === -1 || nl0 < sp0)
                    hasPropsLine = true;
            }
            if (!hasPropsLine)
                ws = `\n${ctx.indent}`;
        }
    }
    else if (valueStr === '' || valueStr[0] === '\n') {
        ws = '';
    }
    str += ws + valueStr;
    if (ctx.inFlow) {
        if (valueCommentDone && onComment)
            onComment();
    }
    else if (valueComment && !valueCommentDone) {
        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
    }
    else if (chompKeep && onChompKeep) {
        onChompKeep();
    }
    return str;
}

exports.stringifyPair = stringifyPair;


/***/ }),

/***/ 3069:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var foldFlowLines = __nccwpck_require__(4475);

const getFoldOptions = (ctx, isBlock) => ({
    indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
    lineWidth: ctx.options.lineWidth,
    minContentWidth: ctx.options.minContentWidth
});
// Also checks for lines starting with %, as parsing the output as YAML 1.1 will
// presume that's starting a new document.
const containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
function lineLengthOverLimit(str, lineWidth, indentLength) {
    if (!lineWidth || lineWidth < 0)
        return false;
    const limit = lineWidth - indentLength;
    const strLen = str.length;
    if (strLen <= limit)
        return false;
    for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === '\n') {
            if (i - start > limit)
                return true;
            start = i + 1;
            if (strLen - start <= limit)
                return false;
        }
    }
    return true;
}
function doubleQuotedString(value, ctx) {
    const json = JSON.stringify(value);
    if (ctx.options.doubleQuotedAsJSON)
        return json;
    const { implicitKey } = ctx;
    const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
    let str = '';
    let start = 0;
    for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
            // space before newline needs to be escaped to not be folded
            str += json.slice(start, i) + '\\ ';
            i += 1;
            start = i;
            ch = '\\';
        }
        if (ch === '\\')
            switch (json[i + 1]) {
                case 'u':
                    {
                        str += json.slice(start, i);
                        const code = json.substr(i + 2, 4);
                        switch (code) {
                            case '0000':
                                str += '\\0';
                                break;
                            case '0007':
                                str += '\\a';
                                break;
                            case '000b':
                                str += '\\v';
                                break;
                            case '001b':
                                str += '\\e';
                                break;
                            case '0085':
                                str += '\\N';
                                break;
                            case '00a0':
                                str += '\\_';
                                break;
                            case '2028':
                                str += '\\L';
                                break;
                            case '2029':
                                str += '\\P';
                                break;
                            default:
                                if (code.substr(0, 2) === '00')
                                    str += '\\x' + code.substr(2);
                                else
                                    str += json.substr(i, 6);
                        }
                        i += 5;
                        start = i + 1;
                    }
                    break;
                case 'n':
                    if (implicitKey ||
                        json[i + 2] === '"' ||
                        json.length < minMultiLineLength) {
                        i += 1;
                    }
                    else {
                        // folding will eat first newline
                        str += json.slice(start, i) + '\n\n';
                        while (json[i + 2] === '\\' &&
                            json[i + 3] === 'n' &&
                            json[i + 4] !== '"') {
                            str += '\n';
                            i += 2;
                        }
                        str += indent;
                        // space after newline needs to be escaped to not be folded
                        if (json[i + 2] === ' ')
                            str += '\\';
                        i += 1;
                        start = i + 1;
                    }
                    break;
                default:
                    i += 1;
            }
    }
    str = start ? str + json.slice(start) : json;
    return implicitKey
        ? str
        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
}
function singleQuotedString(value, ctx) {
    if (ctx.options.singleQuote === false ||
        (ctx.implicitKey && value.includes('\n')) ||
        /[ \t]\n|\n[ \t]/.test(value) // single quoted string can't have leading or trailing whitespace around newline
    )
        return doubleQuotedString(value, ctx);
    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
    const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`) + "'";
    return ctx.implicitKey
        ? res
        : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
}
function quotedString(value, ctx) {
    const { singleQuote } = ctx.options;
    let qs;
    if (singleQuote === false)
        qs = doubleQuotedString;
    else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
            qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
            qs = doubleQuotedString;
        else
            qs = singleQuote ? singleQuotedString : doubleQuotedString;
    }
    return qs(value, ctx);
}
// The negative lookbehind avoids a polynomial search,
// but isn't supported yet on Safari: https://caniuse.com/js-regexp-lookbehind
let blockEndNewlines;
try {
    blockEndNewlines = new RegExp('(^|(?<!\n))\n+(?!\n|$)', 'g');
}
catch {
    blockEndNewlines = /\n+(?!\n|$)/g;
}
function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
    const { blockQuote, commentString, lineWidth } = ctx.options;
    // 1. Block can't end in whitespace unless the last line is non-empty.
    // 2. Strings consisting of only whitespace are best rendered explicitly.
    if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
    }
    const indent = ctx.indent ||
        (ctx.forceBlockIndent || containsDocumentMarker(value) ? '  ' : '');
    const literal = blockQuote === 'literal'
        ? true
        : blockQuote === 'folded' || type === Scalar.Scalar.BLOCK_FOLDED
            ? false
            : type === Scalar.Scalar.BLOCK_LITERAL
                ? true
                : !lineLengthOverLimit(value, lineWidth, indent.length);
    if (!value)
        return literal ? '|\n' : '>\n';
    // determine chomping from whitespace at value end
    let chomp;
    let endStart;
    for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== '\n' && ch !== '\t' && ch !== ' ')
            break;
    }
    let end = value.substring(endStart);
    const endNlPos = end.indexOf('\n');
    if (endNlPos === -1) {
        chomp = '-'; // strip
    }
    else if (value === end || endNlPos !== end.length - 1) {
        chomp = '+'; // keep
        if (onChompKeep)
            onChompKeep();
    }
    else {
        chomp = ''; // clip
    }
    if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === '\n')
            end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
    }
    // determine indent indicator from whitespace at value start
    let startWithSpace = false;
    let startEnd;
    let startNlPos = -1;
    for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === ' ')
            startWithSpace = true;
        else if (ch === '\n')
            startNlPos = startEnd;
        else
            break;
    }
    let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
    if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
    }
    const indentSize = indent ? '2' : '1'; // root is at -1
    // Leading | or > is added later
    let header = (startWithSpace ? indentSize : '') + chomp;
    if (comment) {
        header += ' ' + commentString(comment.replace(/ ?[\r\n]+/g, ' '));
        if (onComment)
            onComment();
    }
    if (!literal) {
        const foldedValue = value
            .replace(/\n+/g, '\n$&')
            .replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, '$1$2') // more-indented lines aren't folded
            //                ^ more-ind. ^ empty     ^ capture next empty lines only at end of indent
            .replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== 'folded' && type !== Scalar.Scalar.BLOCK_FOLDED) {
            foldOptions.onOverflow = () => {
                literalFallback = true;
            };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
            return `>${header}\n${indent}${body}`;
    }
    value = value.replace(/\n+/g, `$&${indent}`);
    return `|${header}\n${indent}${start}${value}${end}`;
}
function plainString(item, ctx, onComment, onChompKeep) {
    const { type, value } = item;
    const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
    if ((implicitKey && value.includes('\n')) ||
        (inFlow && /[[\]{},]/.test(value))) {
        return quotedString(value, ctx);
    }
    if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        // not allowed:
        // - '-' or '?'
        // - start with an indicator character (except [?:-]) or /[?-] /
        // - '\n ', ': ' or ' \n' anywhere
        // - '#' not preceded by a non-space char
        // - end with ' ' or ':'
        return implicitKey || inFlow || !value.includes('\n')
            ? quotedString(value, ctx)
            : blockString(item, ctx, onComment, onChompKeep);
    }
    if (!implicitKey &&
        !inFlow &&
        type !== Scalar.Scalar.PLAIN &&
        value.includes('\n')) {
        // Where allowed & type not set explicitly, prefer block style for multiline strings
        return blockString(item, ctx, onComment, onChompKeep);
    }
    if (containsDocumentMarker(value)) {
        if (indent === '') {
            ctx.forceBlockIndent = true;
            return blockString(item, ctx, onComment, onChompKeep);
        }
        else if (implicitKey && indent === indentStep) {
            return quotedString(value, ctx);
        }
    }
    const str = value.replace(/\n+/g, `$&\n${indent}`);
    // Verify that output will be parsed as a string, as e.g. plain numbers and
    // booleans get parsed with those types in v1.2 (e.g. '42', 'true' & '0.9e-3'),
    // and others in v1.1.
    if (actualString) {
        const test = (tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
            return quotedString(value, ctx);
    }
    return implicitKey
        ? str
        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
}
function stringifyString(item, ctx, onComment, onChompKeep) {
    const { implicitKey, inFlow } = ctx;
    const ss = typeof item.value === 'string'
        ? item
        : Object.assign({}, item, { value: String(item.value) });
    let { type } = item;
    if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        // force double quotes on control characters & unpaired surrogates
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
            type = Scalar.Scalar.QUOTE_DOUBLE;
    }
    const _stringify = (_type) => {
        switch (_type) {
            case Scalar.Scalar.BLOCK_FOLDED:
            case Scalar.Scalar.BLOCK_LITERAL:
                return implicitKey || inFlow
                    ? quotedString(ss.value, ctx) // blocks are not valid inside flow containers
                    : blockString(ss, ctx, onComment, onChompKeep);
            case Scalar.Scalar.QUOTE_DOUBLE:
                return doubleQuotedString(ss.value, ctx);
            case Scalar.Scalar.QUOTE_SINGLE:
                return singleQuotedString(ss.value, ctx);
            case Scalar.Scalar.PLAIN:
                return plainString(ss, ctx, onComment, onChompKeep);
            default:
                return null;
        }
    };
    let res = _stringify(type);
    if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = (implicitKey && defaultKeyType) || defaultStringType;
        res = _stringify(t);
        if (res === null)
            throw new Error(`Unsupported default string type ${t}`);
    }
    return res;
}

exports.stringifyString = stringifyString;


/***/ }),

/***/ 204:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);

const BREAK = Symbol('break visit');
const SKIP = Symbol('skip children');
const REMOVE = Symbol('remove node');
/**
 * Apply a visitor to an AST node or document.
 *
 * Walks through the tree (depth-first) starting from `node`, calling a
 * `visitor` function with three arguments:
 *   - `key`: For sequence values and map `Pair`, the node's index in the
 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
 *     `null` for the root node.
 *   - `node`: The current node.
 *   - `path`: The ancestry of the current node.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
 *     sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
 *   - `Node`: Replace the current node, then continue by visiting it
 *   - `number`: While iterating the items of a sequence or map, set the index
 *     of the next step. This is useful especially if the index of the current
 *     node has changed.
 *
 * If `visitor` is a single function, it will be called with all values
 * encountered in the tree, including e.g. `null` values. Alternatively,
 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
 * `Alias` and `Scalar` node. To define the same visitor function for more than
 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
 * specific defined one will be used for each node.
 */
function visit(node, visitor) {
    const visitor_ = initVisitor(visitor);
    if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
            node.contents = null;
    }
    else
        visit_(null, node, visitor_, Object.freeze([]));
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visit.BREAK = BREAK;
/** Do not visit the children of the current node */
visit.SKIP = SKIP;
/** Remove the current node */
visit.REMOVE = REMOVE;
function visit_(key, node, visitor, path) {
    const ctrl = callVisitor(key, node, visitor, path);
    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visit_(key, ctrl, visitor, path);
    }
    if (typeof ctrl !== 'symbol') {
        if (identity.isCollection(node)) {
            path = Object.freeze(path.concat(node));
            for (let i = 0; i < node.items.length; ++i) {
                const ci = visit_(i, node.items[i], visitor, path);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    node.items.splice(i, 1);
                    i -= 1;
                }
            }
        }
        else if (identity.isPair(node)) {
            path = Object.freeze(path.concat(node));
            const ck = visit_('key', node.key, visitor, path);
            if (ck === BREAK)
                return BREAK;
            else if (ck === REMOVE)
                node.key = null;
            const cv = visit_('value', node.value, visitor, path);
            if (cv === BREAK)
                return BREAK;
            else if (cv === REMOVE)
                node.value = null;
        }
    }
    return ctrl;
}
/**
 * Apply an async visitor to an AST node or document.
 *
 * Walks through the tree (depth-first) starting from `node`, calling a
 * `visitor` function with three arguments:
 *   - `key`: For sequence values and map `Pair`, the node's index in the
 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
 *     `null` for the root node.
 *   - `node`: The current node.
 *   - `path`: The ancestry of the current node.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `Promise`: Must resolve to one of the following values
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
 *     sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
 *   - `Node`: Replace the current node, then continue by visiting it
 *   - `number`: While iterating the items of a sequence or map, set the index
 *     of the next step. This is useful especially if the index of the current
 *     node has changed.
 *
 * If `visitor` is a single function, it will be called with all values
 * encountered in the tree, including e.g. `null` values. Alternatively,
 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
 * `Alias` and `Scalar` node. To define the same visitor function for more than
 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
 * specific defined one will be used for each node.
 */
async function visitAsync(node, visitor) {
    const visitor_ = initVisitor(visitor);
    if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
            node.contents = null;
    }
    else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visitAsync.BREAK = BREAK;
/** Do not visit the children of the current node */
visitAsync.SKIP = SKIP;
/** Remove the current node */
visitAsync.REMOVE = REMOVE;
async function visitAsync_(key, node, visitor, path) {
    const ctrl = await callVisitor(key, node, visitor, path);
    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visitAsync_(key, ctrl, visitor, path);
    }
    if (typeof ctrl !== 'symbol') {
        if (identity.isCollection(node)) {
            path = Object.freeze(path.concat(node));
            for (let i = 0; i < node.items.length; ++i) {
                const ci = await visitAsync_(i, node.items[i], visitor, path);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    node.items.splice(i, 1);
                    i -= 1;
                }
            }
        }
        else if (identity.isPair(node)) {
            path = Object.freeze(path.concat(node));
            const ck = await visitAsync_('key', node.key, visitor, path);
            if (ck === BREAK)
                return BREAK;
            else if (ck === REMOVE)
                node.key = null;
            const cv = await visitAsync_('value', node.value, visitor, path);
            if (cv === BREAK)
                return BREAK;
            else if (cv === REMOVE)
                node.value = null;
        }
    }
    return ctrl;
}
function initVisitor(visitor) {
    if (typeof visitor === 'object' &&
        (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
            Alias: visitor.Node,
            Map: visitor.Node,
            Scalar: visitor.Node,
            Seq: visitor.Node
        }, visitor.Value && {
            Map: visitor.Value,
            Scalar: visitor.Value,
            Seq: visitor.Value
        }, visitor.Collection && {
            Map: visitor.Collection,
            Seq: visitor.Collection
        }, visitor);
    }
    return visitor;
}
function callVisitor(key, node, visitor, path) {
    if (typeof visitor === 'function')
        return visitor(key, node, path);
    if (identity.isMap(node))
        return visitor.Map?.(key, node, path);
    if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path);
    if (identity.isPair(node))
        return visitor.Pair?.(key, node, path);
    if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path);
    if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path);
    return undefined;
}
function replaceNode(key, path, node) {
    const parent = path[path.length - 1];
    if (identity.isCollection(parent)) {
        parent.items[key] = node;
    }
    else if (identity.isPair(parent)) {
        if (key === 'key')
            parent.key = node;
        else
            parent.value = node;
    }
    else if (identity.isDocument(parent)) {
        parent.contents = node;
    }
    else {
        const pt = identity.isAlias(parent) ? 'alias' : 'scalar';
        throw new Error(`Cannot replace node with ${pt} parent`);
    }
}

exports.visit = visit;
exports.visitAsync = visitAsync;


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
