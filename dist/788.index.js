export const id = 788;
export const ids = [788];
export const modules = {

/***/ 3788:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fitDescription: () => (/* binding */ fitDescription),
/* harmony export */   githubStatuses: () => (/* binding */ githubStatuses),
/* harmony export */   y_: () => (/* binding */ GitHubError)
/* harmony export */ });
/* unused harmony exports COMMIT_STATES, MAX_DESCRIPTION, STATUSES_PERMISSION, describeFailure */
/* harmony import */ var _core_parse_duration_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6687);
/* harmony import */ var _core_version_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4910);


/** The states GitHub accepts for a commit status. */
const COMMIT_STATES = (/* unused pure expression or super */ null && (['error', 'failure', 'pending', 'success']));
/** GitHub refuses a longer description (422). */
const MAX_DESCRIPTION = 140;
/** GitHub answered no, or did not answer. */
class GitHubError extends Error {
    status;
    denied;
    transient;
    name = 'GitHubError';
    constructor(message, 
    /** The HTTP status, when GitHub answered. */
    status, 
    /** The token may not do this (401, 403 other than a rate limit, 404): no retry helps. */
    denied, 
    /** A later try may pass (5xx, a rate limit, no answer). */
    transient) {
        super(message);
        this.status = status;
        this.denied = denied;
        this.transient = transient;
    }
}
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
        userAgent: _core_version_js__WEBPACK_IMPORTED_MODULE_1__/* .USER_AGENT */ ._,
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
            throw new GitHubError(`The GitHub client could not be loaded: ${error.message}`, undefined, false, false);
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
const defaultSleep = (ms, signal) => new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
});
/** Runs one call, again after a passing fault, each attempt bounded by the request timeout. */
async function withRetries(settings, what, options, reading, attempt) {
    const caller = options.signal;
    const attempts = options.attempts ?? settings.attempts ?? 3;
    const backoff = settings.backoffMs ?? [1_000, 3_000];
    const timeoutMs = options.timeoutMs ?? settings.requestTimeoutMs ?? 10_000;
    for (let n = 1;; n++) {
        const timeout = AbortSignal.timeout(timeoutMs);
        try {
            return await attempt(timeout);
        }
        catch (error) {
            const failure = error instanceof GitHubError
                ? error
                : describeFailure(error, what, settings, {
                    timedOutAfterMs: timeout.aborted && !caller?.aborted ? timeoutMs : undefined,
                    cancelled: caller?.aborted,
                    reading,
                });
            if (!failure.transient || n >= attempts || caller?.aborted)
                throw failure;
            await (settings.sleep ?? defaultSleep)(backoff[Math.min(n - 1, backoff.length - 1)] ?? 0, caller);
        }
    }
}
/** GitHub's answer, or its absence, as one line that says what to do. */
function describeFailure(error, what, settings, how = {}) {
    const e = (error ?? {});
    const token = settings.tokenSetting ?? 'github_token';
    const { timedOutAfterMs } = how;
    if (how.cancelled)
        return new GitHubError(`Could not ${what}: the run was cancelled.`, undefined, false, false);
    if (timedOutAfterMs !== undefined)
        return new GitHubError(`GitHub did not answer within ${(0,_core_parse_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a)(timedOutAfterMs)} when asked to ${what}.`, undefined, false, true);
    if (e.name === 'AbortError' || !e.response) {
        const why = e.name === 'AbortError' ? 'the run was cancelled' : (e.message ?? String(error));
        return new GitHubError(`Could not ${what}: ${why} (GitHub API at ${settings.apiUrl}).`, undefined, false, e.name !== 'AbortError');
    }
    const status = e.status ?? 0;
    const said = gitHubSays(e.response.data);
    const answered = `GitHub answered ${status}${said ? ` (${said})` : ''} when asked to ${what}`;
    const headers = e.response.headers ?? {};
    if (status === 429 || (status === 403 && isRateLimit(headers, said)))
        return new GitHubError(`${answered}: its API rate limit was reached.`, status, false, true);
    if (status === 401)
        return new GitHubError(`${answered}: ${token} was not accepted; it may have expired.`, status, true, false);
    if (status === 403 || status === 404)
        return new GitHubError(how.reading
            ? `${answered}: ${token} needs \`permissions: statuses: read\` (or write).`
            : `${answered}: ${token} needs ${STATUSES_PERMISSION} (a pull request from a fork only gets a read-only token).`, status, true, false);
    return new GitHubError(`${answered}.`, status, false, status >= 500);
}
function isRateLimit(headers, said) {
    return headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(said);
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


/***/ })

};
