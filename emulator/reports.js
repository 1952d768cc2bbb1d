// @ts-check
// A pipeline's JUnit test reports as GitLab presents them: Ci::Pipeline#test_reports through
// TestReportEntity / TestSuiteEntity / TestCaseEntity (app/serializers/test_*_entity.rb), and
// #test_report_summary through TestReportSummaryEntity / TestSuiteSummaryEntity. Only jobs that
// have finished have uploaded their report; jobs of the same suite name are merged.

import { latestJobs } from './timeline.js';

/** @typedef {import('./instance.js').Instance} Instance */
/** @typedef {import('./types.js').Pipeline} Pipeline */
/** @typedef {import('./types.js').Job} Job */
/** @typedef {import('./types.js').ScriptTestCase} ScriptTestCase */

/** Gitlab::Ci::Reports::TestCase::STATUS_TYPES, the order test cases are listed in. */
const STATUS_TYPES = /** @type {const} */ (['error', 'failed', 'success', 'skipped']);

/**
 * @typedef {object} Suite
 * @property {string} name
 * @property {{ job: Job, test: ScriptTestCase }[]} cases
 * @property {number[]} buildIds
 * @property {string | null} suiteError
 */

/**
 * The suites of the pipeline's finished jobs, in the order their first job was created.
 * @param {Pipeline} pipeline
 * @returns {Suite[]}
 */
function suitesOf(pipeline) {
  /** @type {Map<string, Suite>} */
  const suites = new Map();
  for (const job of latestJobs(pipeline)) {
    const { tests, testSuite, testSuiteError } = job.extras;
    if (tests === undefined && testSuiteError === undefined) continue;
    if (job.status !== 'success' && job.status !== 'failed') continue;
    const name = testSuite ?? job.name;
    const suite = suites.get(name) ?? { name, cases: [], buildIds: [], suiteError: null };
    suites.set(name, suite);
    suite.buildIds.push(job.id);
    if (testSuiteError !== undefined) suite.suiteError = testSuiteError;
    for (const test of tests ?? []) suite.cases.push({ job, test });
  }
  return [...suites.values()];
}

/**
 * TestSuite's counts: nothing counts when the suite could not be parsed.
 * @param {Suite} suite
 */
function counts(suite) {
  /** @param {string} status */
  const count = (status) =>
    suite.suiteError
      ? 0
      : suite.cases.filter((c) => (c.test.status ?? 'success') === status).length;
  const success = count('success');
  const failed = count('failed');
  const skipped = count('skipped');
  const error = count('error');
  const time = suite.cases.reduce((sum, c) => sum + (c.test.time ?? 0), 0);
  return { time, count: success + failed + skipped + error, success, failed, skipped, error };
}

/**
 * TestSuiteEntity without details.
 * @param {Suite} suite
 */
function suiteCounts(suite) {
  const c = counts(suite);
  return {
    name: suite.name,
    total_time: c.time,
    total_count: c.count,
    success_count: c.success,
    failed_count: c.failed,
    skipped_count: c.skipped,
    error_count: c.error,
  };
}

/**
 * GET …/pipelines/:id/test_report_summary: TestReportSummaryEntity.
 * @param {Pipeline} pipeline
 */
export function testReportSummary(pipeline) {
  const suites = suitesOf(pipeline);
  const all = suites.map(counts);
  /** @param {'time' | 'count' | 'success' | 'failed' | 'skipped' | 'error'} key */
  const sum = (key) => all.reduce((total, c) => total + c[key], 0);
  return {
    total: {
      time: Math.round(sum('time') * 100) / 100,
      count: sum('count'),
      success: sum('success'),
      failed: sum('failed'),
      skipped: sum('skipped'),
      error: sum('error'),
      suite_error: suites.find((s) => s.suiteError)?.suiteError ?? null,
    },
    test_suites: suites.map((suite) => ({
      ...suiteCounts(suite),
      build_ids: suite.buildIds,
      suite_error: suite.suiteError,
    })),
  };
}

/**
 * GET …/pipelines/:id/test_report: TestReportEntity with details (suite_error, test_cases).
 * @param {Instance} instance
 * @param {Pipeline} pipeline
 */
export function testReport(instance, pipeline) {
  const suites = suitesOf(pipeline);
  const entities = suites.map((suite) => ({
    ...suiteCounts(suite),
    suite_error: suite.suiteError,
    test_cases: suite.suiteError
      ? []
      : sortedCases(suite).map((c) => testCaseEntity(instance, pipeline, c)),
  }));
  /** @param {'total_time' | 'total_count' | 'success_count' | 'failed_count' | 'skipped_count' | 'error_count'} key */
  const sum = (key) => entities.reduce((total, e) => total + e[key], 0);
  return {
    total_time: sum('total_time'),
    total_count: sum('total_count'),
    success_count: sum('success_count'),
    failed_count: sum('failed_count'),
    skipped_count: sum('skipped_count'),
    error_count: sum('error_count'),
    test_suites: entities,
  };
}

/**
 * TestSuite#sorted: by status (STATUS_TYPES), then the slowest first.
 * @param {Suite} suite
 */
function sortedCases(suite) {
  return [...suite.cases].sort((a, b) => {
    const byStatus =
      STATUS_TYPES.indexOf(a.test.status ?? 'success') -
      STATUS_TYPES.indexOf(b.test.status ?? 'success');
    return byStatus !== 0 ? byStatus : (b.test.time ?? 0) - (a.test.time ?? 0);
  });
}

/**
 * TestCaseEntity: attachment_url only when the case has an attachment.
 * @param {Instance} instance
 * @param {Pipeline} pipeline
 * @param {{ job: Job, test: ScriptTestCase }} testCase
 */
function testCaseEntity(instance, pipeline, { job, test }) {
  const project = instance.store.projects.get(pipeline.projectId);
  return {
    status: test.status ?? 'success',
    name: test.name,
    classname: test.classname ?? test.name,
    file: test.file ?? null,
    execution_time: test.time ?? 0,
    system_output: test.systemOutput ?? null,
    stack_trace: test.stackTrace ?? null,
    recent_failures: null,
    ...(test.attachment
      ? {
          attachment_url: `${instance.url}/${project?.path ?? ''}/-/jobs/${job.id}/artifacts/file/${test.attachment}`,
        }
      : {}),
  };
}
