import { GitLabError, NetworkError, StoppedError } from '../../errors.js';
import type { Redactor } from '../../redact.js';
import type {
  PipelineResultsApi,
  TestCase,
  TestReportSummary,
} from '../../pipeline-results-api.js';
import type { Job } from '../../pipelines-api.js';
import type { Finding, WaitEnd, Watcher } from '../watcher.js';
import { firstLines } from './markdown.js';
import {
  MAX_ANNOTATIONS,
  type FailedTestCase,
  type TestCounts,
  type TestResults,
} from './result-findings.js';
import { testsSection } from './test-report-render.js';

/** How much of a failed test's output is quoted. */
export const OUTPUT_LINES = 10;
export const OUTPUT_CHARS = 2_000;

export interface TestReportOptions {
  readonly api: Pick<PipelineResultsApi, 'testReportSummary' | 'testReport'>;
  /** The `test_report` input: off, nothing is read. Default on. */
  readonly enabled?: boolean;
  /** The most failed tests annotated; the rest are listed in the summary. Default 10. */
  readonly maxAnnotations?: number;
}

/**
 * When the pipeline has finished, reads its test report summary (one request) and, only
 * when tests failed, the report itself once for the failed cases. Reports a `tests` finding,
 * a `section` for the summary (a table per suite, the failed cases with the first lines of
 * their output) and an error `problem` for each of the first failures, with `file` when
 * GitLab gives a path inside the repository, so GitHub shows it on the diff.
 */
export function testReport(options: TestReportOptions): Watcher {
  return {
    name: 'test report',
    async end(end, ctx) {
      if (options.enabled === false || ctx.stops.signal?.aborted) return;
      if (end.outcome !== 'passed' && end.outcome !== 'failed') return;
      const { project_id: projectId, id } = end.pipeline;
      const read = { stops: ctx.stops };
      const summary = await options.api.testReportSummary(projectId, id, read);
      if (!hasTests(summary)) return;
      const failedCount = (summary.total.failed ?? 0) + (summary.total.error ?? 0);
      let cases: readonly FailedCase[] = [];
      let casesUnread: string | undefined;
      if (failedCount > 0) {
        try {
          cases = failedCases(await options.api.testReport(projectId, id, read));
        } catch (error) {
          if (error instanceof StoppedError) throw error;
          if (!(error instanceof GitLabError || error instanceof NetworkError)) throw error;
          casesUnread = error.message;
        }
      }
      const max = options.maxAnnotations ?? MAX_ANNOTATIONS;
      const allowed = await suitesAllowedToFail(end);
      const failed = cases.map((c, i) => ({
        ...toFailed(c, i < max, ctx.redactor),
        ...(allowed(c.suite) ? { allowedToFail: true } : {}),
      }));
      const tests: TestResults = {
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
      for (const problem of testProblems(tests)) ctx.report(problem);
    },
  };
}

/**
 * Whether the jobs that ran a suite may all fail. GitLab names a suite after its job, or
 * after the job's group for `parallel: N` (`rspec 1/3` → `rspec`): Ci::Build#test_suite_name
 * and CommitStatus#group_name, app/models/ci/build.rb and commit_status.rb (GitLab 17.x).
 * A suite whose jobs are not known is not allowed to fail.
 */
async function suitesAllowedToFail(end: WaitEnd): Promise<(suite: string) => boolean> {
  let jobs: readonly Job[] = [];
  try {
    const tally = await end.last?.jobs();
    jobs = tally ? [...tally.jobs, ...tally.failed] : [];
  } catch (error) {
    if (!(error instanceof GitLabError || error instanceof NetworkError)) throw error;
  }
  return (suite) => {
    const ran = jobs.filter((job) => job.name === suite || groupName(job.name) === suite);
    return ran.length > 0 && ran.every((job) => job.allow_failure === true);
  };
}

/** A job's name without its `1/3` (parallel) or `[a, b]` (matrix) suffix, as GitLab groups jobs. */
export function groupName(name: string): string {
  return name.replace(/(?:[\s:]+(?:\[.*\]|\d+[\s:/\\]+\d+)){1,3}\s*$/, '').trim();
}

function hasTests(summary: TestReportSummary): boolean {
  return (summary.total?.count ?? 0) > 0 || (summary.test_suites ?? []).some((s) => s.suite_error);
}

function totals(summary: TestReportSummary): TestCounts {
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

type FailedCase = TestCase & { readonly suite: string };

function failedCases(report: { test_suites?: readonly unknown[] }): FailedCase[] {
  const suites = (report.test_suites ?? []) as {
    name: string;
    test_cases?: readonly TestCase[];
  }[];
  return suites.flatMap((suite) =>
    (suite.test_cases ?? [])
      .filter((c) => c.status === 'failed' || c.status === 'error')
      .map((c) => ({ ...c, suite: suite.name })),
  );
}

function toFailed(c: FailedCase, annotated: boolean, redactor: Redactor): FailedTestCase {
  const file = repositoryPath(c.file);
  const raw = c.system_output || c.stack_trace;
  const output = raw ? redactor.redact(firstLines(raw, OUTPUT_LINES, OUTPUT_CHARS)) : undefined;
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
export function repositoryPath(file: string | null | undefined): string | undefined {
  if (!file) return undefined;
  const path = file
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '');
  if (!path || path.startsWith('/') || /^[A-Za-z]:/.test(path) || /^[a-z]+:\/\//i.test(path))
    return undefined;
  if (path.split('/').includes('..')) return undefined;
  return path;
}

/**
 * An annotation per annotated failure, an error unless its job may fail, and a warning
 * counting the rest.
 */
function testProblems(tests: TestResults): Finding[] {
  const problems: Finding[] = tests.failed
    .filter((f) => f.annotated)
    .map((f) => ({
      kind: 'problem',
      level: f.allowedToFail ? 'warning' : 'error',
      title: `Test ${f.status === 'error' ? 'error' : 'failed'}${f.allowedToFail ? ' (allowed to fail)' : ''}: ${f.classname} › ${f.name}`,
      text: `${f.suite}: ${f.classname} › ${f.name} ${f.status}${f.allowedToFail ? ' (its job is allowed to fail)' : ''}${f.output ? `\n${f.output}` : ''}`,
      ...(f.file ? { file: f.file } : {}),
      test: true,
    }));
  if (tests.failedCount > tests.annotated) {
    problems.push({
      kind: 'problem',
      level: 'warning',
      title: 'More failed tests',
      text: `${tests.failedCount} tests failed, more than are annotated; the job summary lists them all.`,
      test: true,
    });
  }
  return problems;
}
