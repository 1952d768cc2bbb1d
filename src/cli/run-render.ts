import { failedJobText } from '../core/follow/watchers/downstream-render.js';
import type { FailedTestCase, TestResults } from '../core/follow/watchers/result-findings.js';
import type { Finding } from '../core/follow/watcher.js';
import type { RunResult } from '../core/run-pipeline.js';
import type { Context } from './command.js';
import { ExitCode } from './exit-codes.js';

/** Problems (failed downstream jobs, outputs) told one by one; GitHub's limit does not apply. */
export const MAX_PROBLEM_LINES = 20;

/** Failed tests listed one line each; the rest are counted, with the test report's link. */
export const MAX_TEST_LINES = 20;

/**
 * What `run` prints once the pipeline has finished: each failed job (the top pipeline's and,
 * as problems, the downstream ones') on one line with the end of its log under it in one
 * format, the watchers' other findings, the failed tests one line each, the outputs, the
 * JSON when asked; then the verdict. Returns the exit code.
 */
export function renderRun(result: RunResult, json: boolean, ctx: Context): ExitCode {
  const { out } = ctx;
  const outputs: Record<string, string> = {};
  const data: Record<string, unknown> = {};
  let tests: TestResults | undefined;
  for (const finding of result.findings) {
    if (finding.kind === 'report') {
      for (const { job, trace } of finding.report.failed)
        logged(ctx, 'warning', failedJobText(job.name, job, trace));
    } else if (finding.kind === 'problem') {
      if (!finding.test) problem(ctx, finding);
    } else if (finding.kind === 'section') {
      out.status(finding.text);
      if (finding.title === 'Tests' && tests) testLines(ctx, tests, result.pipeline.web_url);
    } else if (finding.kind === 'output') {
      // The JSON holds the outputs under `outputs` already: the aggregate would repeat them.
      if (!finding.aggregate) outputs[finding.name] = finding.value;
    } else if (finding.kind === 'downstream') data.downstream = finding.pipelines;
    else if (finding.kind === 'tests') {
      tests = finding.tests;
      data.tests = testsJson(finding.tests);
    } else if (finding.kind === 'downloads') data.downloads = finding.downloads;
  }
  if (Object.keys(outputs).length) {
    data.outputs = outputs;
    for (const [name, value] of Object.entries(outputs)) out.status(`output ${name}=${value}`);
  }
  if (json) out.json({ ...result.pipeline, ...data });
  const failures = result.findings.filter((f) => f.kind === 'failure');
  for (const failure of failures) out.error(failure.message);
  if (result.outcome === 'started') return ExitCode.Success;
  if (result.outcome === 'passed' && failures.length === 0) {
    out.success(result.message);
    return ExitCode.Success;
  }
  if (result.outcome !== 'passed') out.error(result.message);
  return result.outcome === 'aborted' ? ExitCode.Interrupted : ExitCode.PipelineDidNotPass;
}

/** A problem as its text alone (its title only repeats it), its log tail as a job's is. */
function problem(ctx: Context, finding: Extract<Finding, { kind: 'problem' }>): void {
  logged(ctx, finding.level, finding.text);
}

/**
 * The first line of a text as a warning or an error, and the lines after it (the end of a
 * job's log) each marked `  | `, so a log's line never passes for one of the tool's.
 */
function logged(ctx: Context, level: 'warning' | 'error', text: string): void {
  const [head = '', ...tail] = text.split('\n');
  if (level === 'error') ctx.out.error(head);
  else ctx.out.warning(head);
  if (tail.length) ctx.out.hint(tail.map((line) => `  | ${line}`).join('\n'));
}

/** `  ✗ suite: Class › name`, one line each, the first MAX_TEST_LINES, then a count. */
function testLines(ctx: Context, tests: TestResults, pipelineUrl: string): void {
  for (const f of tests.failed.slice(0, MAX_TEST_LINES)) ctx.out.status(`  ✗ ${testLine(f)}`);
  const left = tests.failedCount - Math.min(tests.failed.length, MAX_TEST_LINES);
  if (left > 0)
    ctx.out.status(
      `  …and ${left} more failed test${left > 1 ? 's' : ''}: ${pipelineUrl}/test_report`,
    );
}

function testLine(f: FailedTestCase): string {
  const what = f.classname && f.classname !== f.name ? `${f.classname} › ${f.name}` : f.name;
  const where = f.file ? ` (${f.file})` : '';
  const allowed = f.allowedToFail ? ', allowed to fail' : '';
  return `${f.suite}: ${what}${where} ${f.status}${allowed}`;
}

/** The test results as --json gives them: without what only the action reports (annotations). */
function testsJson(tests: TestResults): unknown {
  const drop = (value: object): Record<string, unknown> =>
    Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'annotated'));
  return { ...drop(tests), failed: tests.failed.map(drop) };
}
