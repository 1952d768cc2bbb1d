export const id = 205;
export const ids = [205];
export const modules = {

/***/ 6205:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  commitStatusWatcher: () => (/* reexport */ commitStatusWatcher),
  decideRerun: () => (/* reexport */ rerun/* decideRerun */.XR),
  defaultStatusContext: () => (/* reexport */ defaultStatusContext),
  describeMerge: () => (/* reexport */ describeMerge),
  fitDescription: () => (/* reexport */ fitDescription),
  githubStatuses: () => (/* reexport */ githubStatuses),
  markedLink: () => (/* reexport */ rerun/* markedLink */.HD),
  readGitHubRun: () => (/* reexport */ github_event/* readGitHubRun */.ji),
  withGitHubContext: () => (/* reexport */ withGitHubContext)
});

// EXTERNAL MODULE: ./src/action/github/event.ts
var github_event = __webpack_require__(164);
;// CONCATENATED MODULE: ./src/action/github/context-variables.ts
/** The variables sent, in the order the log names them. */
const CONTEXT_VARIABLES = [
    'GITHUB_REPOSITORY',
    'GITHUB_SHA',
    'GITHUB_REF_NAME',
    'GITHUB_EVENT_NAME',
    'GITHUB_ACTOR',
    'GITHUB_RUN_URL',
    'GITHUB_PR_NUMBER',
];
/** The run's variables; those the run does not know (no pull request, no actor) are left out. */
function githubContextVariables(run) {
    const values = {
        GITHUB_REPOSITORY: run.repository,
        GITHUB_SHA: run.sha,
        GITHUB_REF_NAME: run.refName,
        GITHUB_EVENT_NAME: run.eventName,
        GITHUB_ACTOR: run.actor,
        GITHUB_RUN_URL: run.runUrl,
        GITHUB_PR_NUMBER: run.prNumber === undefined ? undefined : String(run.prNumber),
    };
    const out = {};
    for (const name of CONTEXT_VARIABLES) {
        const value = values[name];
        if (value)
            out[name] = value;
    }
    return out;
}
/** Adds the run's variables to the user's; a variable the user gave wins. */
function withGitHubContext(user, run) {
    const added = [];
    const kept = [];
    const variables = { ...user };
    for (const [name, value] of Object.entries(githubContextVariables(run))) {
        if (Object.hasOwn(user, name))
            kept.push(name);
        else {
            variables[name] = value;
            added.push(name);
        }
    }
    return { variables, added, kept };
}
/** The log line: `GitHub context sent as variables: GITHUB_REPOSITORY, …; kept from variables: GITHUB_SHA`. */
function describeMerge(merged, setting = 'variables') {
    const added = merged.added.length ? merged.added.join(', ') : 'none';
    const kept = merged.kept.length ? `; kept as given in ${setting}: ${merged.kept.join(', ')}` : '';
    return `GitHub context sent as variables: ${added}${kept}.`;
}

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/parse/duration.ts
var duration = __webpack_require__(6687);
// EXTERNAL MODULE: ./src/core/follow/watchers/progress-line.ts
var progress_line = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/core/pipeline-statuses.ts
var pipeline_statuses = __webpack_require__(3804);
// EXTERNAL MODULE: ./src/action/github/rerun.ts + 1 modules
var rerun = __webpack_require__(5275);
;// CONCATENATED MODULE: ./src/action/github/commit-status-watcher.ts
/**
 * The pipeline as a GitHub commit status on the commit the workflow is about: `pending` with
 * the pipeline's link as soon as it exists, a new description at each change of status, and
 * the final state when the wait ends. Writing the status never decides the step: a failure is
 * a warning, and a refusal (no `statuses: write`, a fork's read-only token) is one warning
 * after which no more is written.
 *
 * How the wait's end maps to the final state (`failure`: the pipeline's own answer is no;
 * `error`: something stopped it before it gave one):
 *
 * | the wait ended                                                        | state   |
 * | --------------------------------------------------------------------- | ------- |
 * | passed: success, a status pass_statuses lists, or on_manual is pass   | success |
 * | failed: the pipeline failed                                           | failure |
 * | failed: the pipeline was skipped (its rules ran nothing)              | failure |
 * | failed: the pipeline was canceled (on GitLab, by someone or something)| error   |
 * | manual: blocked on a manual job with on_manual fail, or playing failed| failure |
 * | timed-out: the wait reached its timeout                               | error   |
 * | aborted: the GitHub run was cancelled                                 | error   |
 */





/** Updates before the final state are capped: GitHub keeps at most 1,000 per commit and context. */
const MAX_UPDATES = 50;
/** A cancelled run has seconds before the runner kills it: its final status write is one short try. */
const CANCELLED_RUN_TIMEOUT_MS = 3_000;
/** The context when the workflow names none: one per project, so a matrix over projects gets one check each. */
function defaultStatusContext(project) {
    return `gitlab/${project.display}`;
}
/** A watcher that keeps the commit status of `options.sha` in step with the pipeline. */
function commitStatusWatcher(client, options) {
    const { context } = options;
    const writer = statusWriter(client, options);
    let ended;
    return {
        name: 'commit status',
        onStarted: (pipeline) => writer.enqueue({
            state: 'pending',
            context,
            targetUrl: (0,rerun/* markedLink */.HD)(pipeline.web_url, options.runId),
            description: `Pipeline #${pipeline.id}: ${pipeline.status}`,
        }),
        async see(snapshot, ctx) {
            writer.redactor ??= ctx.redactor;
            const { pipeline } = snapshot;
            // A finished pipeline gets its final state from finish(), not a last `pending`.
            if (!snapshot.statusChanged || (0,pipeline_statuses/* isFinished */.$g)(pipeline.status))
                return undefined;
            const jobs = await snapshot.jobs();
            // Not awaited: GitHub's pace must not hold up the wait; finish() waits for it.
            void writer.enqueue({
                state: 'pending',
                context,
                targetUrl: (0,rerun/* markedLink */.HD)(pipeline.web_url, options.runId),
                description: progressDescription(pipeline, jobs),
            });
            return undefined;
        },
        end(end, ctx) {
            writer.redactor ??= ctx.redactor;
            ended = { end, names: ctx.names };
        },
        async finish(failure) {
            if (!ended)
                return writer.settled();
            const final = {
                ...finalStatus(ended.end, context, ended.names),
                targetUrl: (0,rerun/* markedLink */.HD)(ended.end.pipeline.web_url, options.runId),
            };
            const failed = failure && final.state === 'success'
                ? { ...final, state: 'failure', description: failure }
                : final;
            return writer.enqueue(failed, true, ended.end.outcome === 'aborted');
        },
        abandon: (message) => writer.enqueue({ state: 'error', context, description: message }, true),
        settled: () => writer.settled(),
    };
}
/**
 * Writes statuses one after another: at most MAX_UPDATES progress updates (the final state
 * always), the same status never twice, a refusal said once and nothing written after it.
 */
function statusWriter(client, options) {
    const { sha, context, logger } = options;
    let chain = Promise.resolve();
    let refused = false;
    let warned = false;
    let lastKey = '';
    let updates = 0;
    const self = {
        redactor: options.redactor,
        settled: () => chain,
        enqueue: (status, final = false, aborted = false) => (chain = chain.then(() => write(status, final, aborted))),
    };
    const write = async (status, final, aborted) => {
        const key = JSON.stringify(status);
        if (refused || key === lastKey || (!final && updates >= MAX_UPDATES))
            return;
        const description = self.redactor
            ? self.redactor.redact(status.description ?? '')
            : status.description;
        try {
            await client.create(sha, { ...status, description }, aborted
                ? { timeoutMs: CANCELLED_RUN_TIMEOUT_MS, attempts: 1 }
                : { signal: final ? undefined : options.signal });
            lastKey = key;
            updates++;
            logger.debug(`Commit status '${context}' on ${sha.slice(0, 12)}: ${status.state}.`);
        }
        catch (error) {
            const why = error instanceof Error ? error.message : String(error);
            if ((0,errors/* isDenied */.GZ)(error)) {
                refused = true;
                logger.warning(`The commit status '${context}' is not written: ${why} The wait goes on.`);
            }
            else if (final) {
                logger.warning(`The commit status '${context}' was not set to ${status.state} and may still show ${lastState(lastKey)}: ${why}`);
            }
            else if (!warned) {
                warned = true;
                logger.warning(`The commit status '${context}' was not updated: ${why} The wait goes on, and later changes are written again.`);
            }
            else
                logger.debug(`The commit status '${context}' was not updated: ${why}`);
        }
    };
    return self;
}
function lastState(key) {
    try {
        return JSON.parse(key).state;
    }
    catch {
        return 'nothing (it was never written)';
    }
}
/** `Pipeline #7: running, 2/4 jobs done, 1 failed`, from a tally of the jobs (or the jobs). */
function progressDescription(pipeline, jobs) {
    const any = jobs && ('total' in jobs ? jobs.total : jobs.length) > 0;
    const progress = jobs && any ? `, ${(0,progress_line/* jobProgress */.H2)(jobs)}` : '';
    const manual = pipeline.status === 'manual' ? ', waiting for a manual job to be run' : '';
    return `Pipeline #${pipeline.id}: ${pipeline.status}${progress}${manual}`;
}
/** The final state and its description, by the table at the top of this file. */
function finalStatus(end, context, names) {
    const { pipeline } = end;
    const id = `Pipeline #${pipeline.id}`;
    const tally = end.last?.tallyIfRead;
    const progress = tally?.total ? `, ${(0,progress_line/* jobProgress */.H2)(tally)}` : '';
    const after = ` after ${(0,duration/* formatDuration */.a)(end.elapsedMs)}`;
    const status = (state, description) => ({
        state,
        context,
        targetUrl: pipeline.web_url,
        description,
    });
    switch (end.outcome) {
        case 'passed': {
            const why = pipeline.status === 'success'
                ? ''
                : pipeline.status === 'manual'
                    ? `, a manual job left to run (${names.onManual} is pass)`
                    : ` (${names.passStatuses} accepts it)`;
            return status('success', `${id}: ${pipeline.status}${why}${progress}${after}`);
        }
        case 'failed':
            return pipeline.status === 'canceled'
                ? status('error', `${id} was canceled${progress}${after}`)
                : status('failure', `${id}: ${pipeline.status}${progress}${after}`);
        case 'manual':
            return status('failure', `${id} is blocked on a manual job${after}`);
        case 'timed-out':
            return status('error', `Timed out${after}; pipeline #${pipeline.id} is ${pipeline.status}`);
        case 'aborted':
            return status('error', `The GitHub run was cancelled${after}; pipeline #${pipeline.id} is ${pipeline.status}`);
    }
}

// EXTERNAL MODULE: ./src/core/retry.ts
var retry = __webpack_require__(7253);
// EXTERNAL MODULE: ./src/core/version.ts + 1 modules
var version = __webpack_require__(4910);
;// CONCATENATED MODULE: ./src/action/github/commit-statuses.ts




/** The states GitHub accepts for a commit status. */
const COMMIT_STATES = (/* unused pure expression or super */ null && (['error', 'failure', 'pending', 'success']));
/** GitHub refuses a longer description (422). */
const MAX_DESCRIPTION = 140;
/**
 * GitHub answered no, or did not answer; asked as GitLab's errors are, through isDenied and
 * isTransient (a 403 that is a rate limit is transient, not denied).
 */
class GitHubError extends errors/* ApiError */.hD {
    name = 'GitHubError';
}
/**
 * GitHub's requests: three attempts, one and then three seconds apart. A commit status is not
 * worth a longer wait, and GitHub's Retry-After is not read.
 */
const GITHUB_RETRY = {
    attempts: 3,
    backoffMs: [1_000, 3_000],
    maxRetryAfterMs: 60_000,
    retryAfter: 'instead',
};
/** The permission a workflow gives its token to write commit statuses, as action.yml shows it. */
const STATUSES_PERMISSION = '`permissions: statuses: write`';
/** A statuses client for one repository; nothing is loaded or sent until the first call. */
function githubStatuses(settings) {
    const [owner = '', repo = ''] = settings.repository.split('/');
    if (!owner || !repo)
        throw new Error(`GITHUB_REPOSITORY is '${settings.repository}', not owner/repo: commit statuses cannot be written.`);
    let loading;
    const octokit = () => (loading ??= __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413)).then(({ getOctokit }) => getOctokit(settings.token, {
        baseUrl: settings.apiUrl.replace(/\/+$/, ''),
        userAgent: version/* USER_AGENT */._,
        // Omitted unless given: `request` replaces @actions/github's proxy-aware fetch whole.
        ...(settings.fetch ? { request: { fetch: settings.fetch } } : {}),
    })));
    const call = (what, options, reading, send) => withRetries(settings, what, options, reading, async (signal) => {
        let client;
        try {
            client = await octokit();
        }
        catch (error) {
            loading = undefined;
            throw new GitHubError(`The GitHub client could not be loaded: ${error.message}`, undefined, 'final');
        }
        return send(client, signal);
    });
    return {
        repository: settings.repository,
        async create(sha, status, options = {}) {
            const what = `write the commit status '${status.context}' on ${sha.slice(0, 12)} of ${settings.repository}`;
            const response = await call(what, options, false, (o, signal) => o.rest.repos.createCommitStatus({
                owner,
                repo,
                sha,
                state: status.state,
                context: status.context,
                description: status.description ? fitDescription(status.description) : undefined,
                target_url: status.targetUrl,
                request: { signal: joined(signal, options.signal) },
            }));
            return response.data;
        },
        async find(ref, match, options = {}) {
            const what = `list the commit statuses of ${ref.slice(0, 12)} in ${settings.repository}`;
            for (let page = 1; page <= (options.maxPages ?? 10); page++) {
                const response = await call(what, options, true, (o, signal) => o.rest.repos.listCommitStatusesForRef({
                    owner,
                    repo,
                    ref,
                    per_page: 100,
                    page,
                    request: { signal: joined(signal, options.signal) },
                }));
                const statuses = response.data;
                const found = statuses.find(match);
                if (found)
                    return found;
                if (statuses.length === 0 || !/rel="next"/.test(response.headers.link ?? ''))
                    break;
            }
            return undefined;
        },
    };
}
/** The description GitHub accepts: at most 140 characters, cut with an ellipsis. */
function fitDescription(text) {
    const oneLine = text.replace(/\s+/g, ' ').trim();
    const chars = Array.from(oneLine);
    if (chars.length <= MAX_DESCRIPTION && oneLine.length <= MAX_DESCRIPTION)
        return oneLine;
    let cut = chars.slice(0, MAX_DESCRIPTION - 1).join('');
    // A character outside the BMP counts twice in UTF-16; keep well inside either count.
    while (cut.length > MAX_DESCRIPTION - 1)
        cut = Array.from(cut).slice(0, -1).join('');
    return `${cut}…`;
}
function joined(own, caller) {
    return caller ? AbortSignal.any([own, caller]) : own;
}
/**
 * Runs one call through the retry engine: again after a passing fault, each attempt bounded by
 * the request timeout, at once thrown when the fault is not passing or the run is cancelled.
 */
async function withRetries(settings, what, options, reading, attempt) {
    const caller = options.signal;
    const policy = settings.retry ?? GITHUB_RETRY;
    const timeoutMs = options.timeoutMs ?? settings.requestTimeoutMs ?? 10_000;
    const cancelled = `Could not ${what}: the run was cancelled.`;
    const { logger } = settings;
    try {
        return await (0,retry/* retrying */.R$)(async () => {
            const timeout = (0,retry/* timeoutOn */.RC)(settings.clock, timeoutMs);
            try {
                return { done: await attempt(timeout.signal) };
            }
            catch (error) {
                const failure = error instanceof GitHubError
                    ? error
                    : describeFailure(error, what, settings, {
                        timedOutAfterMs: timeout.signal.aborted && !caller?.aborted ? timeoutMs : undefined,
                        cancelled: caller?.aborted,
                        reading,
                    });
                if (!(0,errors/* isTransient */.dg)(failure) || caller?.aborted)
                    throw failure;
                return { why: failure.message.replace(/\.$/, ''), giveUp: () => failure };
            }
            finally {
                timeout.dispose();
            }
        }, {
            policy: options.attempts === undefined ? policy : { ...policy, attempts: options.attempts },
            clock: settings.clock,
            // A commit status is beside the point of a run: its retries are told at debug level.
            logger: {
                info: (line) => logger.info(line),
                warning: (line) => logger.debug(line),
                debug: (line) => logger.debug(line),
            },
            stops: { signal: caller },
            cancelledBetween: cancelled,
        });
    }
    catch (error) {
        // A cancel before an attempt is told as the cancel of one is.
        if (error instanceof errors/* StoppedError */.Ko)
            throw new GitHubError(cancelled, undefined, 'final');
        throw error;
    }
}
/** GitHub's answer, or its absence, as one line that says what to do. */
function describeFailure(error, what, settings, how = {}) {
    const e = (error ?? {});
    const token = settings.tokenSetting ?? 'github_token';
    const { timedOutAfterMs } = how;
    if (how.cancelled)
        return new GitHubError(`Could not ${what}: the run was cancelled.`, undefined, 'final');
    if (timedOutAfterMs !== undefined)
        return new GitHubError(`GitHub did not answer within ${(0,duration/* formatDuration */.a)(timedOutAfterMs)} when asked to ${what}.`, undefined, 'transient');
    if (e.name === 'AbortError' || !e.response) {
        const why = e.name === 'AbortError' ? 'the run was cancelled' : (e.message ?? String(error));
        return new GitHubError(`Could not ${what}: ${why} (GitHub API at ${settings.apiUrl}).`, undefined, e.name === 'AbortError' ? 'final' : 'transient');
    }
    const status = e.status ?? 0;
    const githubMessage = gitHubSays(e.response.data);
    const answered = `GitHub answered ${status}${githubMessage ? ` (${githubMessage})` : ''} when asked to ${what}`;
    const headers = e.response.headers ?? {};
    const rateLimited = status === 429 || (status === 403 && isRateLimit(headers, githubMessage));
    const fault = (0,errors/* faultOf */.Kl)(status, rateLimited);
    if (rateLimited)
        return new GitHubError(`${answered}: its API rate limit was reached.`, status, fault);
    if (status === 401)
        return new GitHubError(`${answered}: ${token} was not accepted; it may have expired.`, status, fault);
    if (status === 403 || status === 404)
        return new GitHubError(how.reading
            ? `${answered}: ${token} needs \`permissions: statuses: read\` (or write).`
            : `${answered}: ${token} needs ${STATUSES_PERMISSION} (a pull request from a fork only gets a read-only token).`, status, fault);
    return new GitHubError(`${answered}.`, status, fault);
}
function isRateLimit(headers, githubMessage) {
    return headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(githubMessage);
}
/** GitHub's words: its `message`, and each validation error's own message. */
function gitHubSays(data) {
    if (typeof data === 'string')
        return data.slice(0, 200).replace(/\s+/g, ' ').trim();
    if (typeof data !== 'object' || data === null)
        return '';
    const { message, errors } = data;
    const details = Array.isArray(errors)
        ? errors
            .map((d) => (typeof d === 'string' ? d : d?.message))
            .filter((m) => typeof m === 'string')
        : [];
    const base = typeof message === 'string' ? message : '';
    return details.length ? `${base}: ${details.join('; ')}` : base;
}

;// CONCATENATED MODULE: ./src/action/github/index.ts
/**
 * The GitHub side of the action (the run's context, commit statuses, re-runs), in one module
 * that the main and post steps import only when one of its features is on. The bundle makes it
 * one chunk, so the modules these share (the statuses client, the run marks) are held once;
 * octokit stays a chunk of its own, loaded only when GitHub is called.
 */







/***/ })

};
