export const id = 275;
export const ids = [275];
export const modules = {

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


/***/ }),

/***/ 6275:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  testReport: () => (/* binding */ testReport)
});

// UNUSED EXPORTS: OUTPUT_CHARS, OUTPUT_LINES, repositoryPath

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/follow/watchers/markdown.ts
var markdown = __webpack_require__(6690);
// EXTERNAL MODULE: ./src/core/follow/watchers/results.ts
var results = __webpack_require__(4589);
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
        ? `; ${tests.failedCount === 1 ? 'it is' : 'they are'} annotated as far as GitHub's ${results/* MAX_ANNOTATIONS */.K} error annotations a step allow`
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
        lines.push(`| ${(0,markdown/* cell */.Hn)(f.suite)} | ${mark} ${(0,markdown/* cell */.Hn)(f.name)} | ${(0,markdown/* cell */.Hn)(f.classname)} | ${f.file ? (0,markdown/* cell */.Hn)(f.file) : ''} |`);
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
                    if (error instanceof errors/* StoppedError */.Ko)
                        throw error;
                    if (!(error instanceof errors/* GitLabError */.YZ || error instanceof errors/* NetworkError */.Dr))
                        throw error;
                    casesUnread = error.message;
                }
            }
            const max = options.maxAnnotations ?? results/* MAX_ANNOTATIONS */.K;
            const failed = cases.map((c, i) => toFailed(c, i < max, ctx.redactor));
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
/** An error annotation per annotated failure, and a warning counting the rest. */
function testProblems(tests) {
    const problems = tests.failed
        .filter((f) => f.annotated)
        .map((f) => ({
        kind: 'problem',
        level: 'error',
        title: `Test ${f.status === 'error' ? 'error' : 'failed'}: ${f.classname} › ${f.name}`,
        text: `${f.suite}: ${f.classname} › ${f.name} ${f.status}${f.output ? `\n${f.output}` : ''}`,
        ...(f.file ? { file: f.file } : {}),
    }));
    if (tests.failedCount > tests.annotated) {
        problems.push({
            kind: 'problem',
            level: 'warning',
            title: 'More failed tests',
            text: `${tests.failedCount} tests failed, more than are annotated; the job summary lists them all.`,
        });
    }
    return problems;
}


/***/ })

};
