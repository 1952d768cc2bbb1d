export const id = 567;
export const ids = [567];
export const modules = {

/***/ 567:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   describeMerge: () => (/* binding */ describeMerge),
/* harmony export */   withGitHubContext: () => (/* binding */ withGitHubContext)
/* harmony export */ });
/* unused harmony exports CONTEXT_VARIABLES, githubContextVariables */
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


/***/ })

};
