import type { FinalReport } from '../core/follow/report.js';
import type { Finding } from '../core/follow/watcher.js';
import { cell, link } from '../core/follow/watchers/markdown.js';
import type { DownstreamPipeline, TestResults } from '../core/follow/watchers/result-findings.js';
import { endedAs } from '../core/pipeline-end.js';
import type { RunResult } from '../core/run-pipeline.js';
import { Input } from './names.js';

/** The most names given on a verdict line; the rest are counted. */
export const MAX_NAMED = 10;

const ICONS = { passed: '✅', failed: '❌', stopped: '⏹️' } as const;

/**
 * The summary's first lines, as test reporters open theirs: a heading with the verdict and the
 * one duration the table shows, then a line per kind of thing that failed (jobs, downstream
 * jobs, tests, outputs), each with its counts and the names of what failed.
 */
export function verdictLines(
  result: RunResult,
  report: FinalReport | undefined,
  duration: string,
): string[] {
  const p = result.pipeline;
  const failures = result.findings.filter((f) => f.kind === 'failure');
  const passed = result.outcome === 'passed' && failures.length === 0;
  const finished = result.outcome === 'passed' || result.outcome === 'failed';
  const icon = passed ? ICONS.passed : finished ? ICONS.failed : ICONS.stopped;
  const pipeline = link(`#${p.id}`, p.web_url);
  const heading = finished
    ? `### ${icon} GitLab pipeline ${pipeline} ${cell(endedAs(p.status))} after ${duration}`
    : `### ${icon} GitLab pipeline ${pipeline}: ${cell(p.status)}`;
  const lines = [
    ...(finished ? judged(result) : [cell(result.message)]),
    ...jobsLine(report),
    ...downstreamLine(of(result.findings, 'downstream')?.pipelines),
    ...testsLine(of(result.findings, 'tests')?.tests),
    ...failures.map((f) => `- **The step fails:** ${cell(f.message)}`),
  ];
  return [heading, '', ...lines, ''].flatMap((l, i, all) =>
    // A blank line between the heading or the message and the list, none inside the list.
    l === '' && i > 0 && all[i - 1] === '' ? [] : [l],
  );
}

function of<K extends Finding['kind']>(
  findings: readonly Finding[],
  kind: K,
): Extract<Finding, { kind: K }> | undefined {
  return findings.find((f): f is Extract<Finding, { kind: K }> => f.kind === kind);
}

/** A line only when the pass statuses judged otherwise than the status reads (see finishedMessage). */
function judged(result: RunResult): string[] {
  const passed = result.outcome === 'passed';
  const success = result.pipeline.status === 'success';
  if (passed === success) return [];
  return [
    passed
      ? `_It counts as passing: \`${Input.PassStatuses}\` lists ${cell(result.pipeline.status)}._`
      : `_It does not count as passing: \`${Input.PassStatuses}\` leaves out success._`,
    '',
  ];
}

function jobsLine(report: FinalReport | undefined): string[] {
  if (!report?.jobs) return [];
  const total = Math.max(report.jobCount ?? 0, report.jobs.length);
  // Every failed job is kept in `jobs`, however many jobs there are (see FinalReport).
  const failed = report.jobs.filter((j) => j.status === 'failed');
  const failedCount = Math.max(report.failedCount ?? 0, failed.length);
  if (failedCount === 0) return [`- **Jobs:** ${total} job${total === 1 ? '' : 's'}, none failed.`];
  // The jobs that fail the pipeline first, then those allowed to fail, marked.
  const shown = [
    ...failed.filter((j) => !j.allow_failure).map((j) => link(j.name, j.web_url)),
    ...failed
      .filter((j) => j.allow_failure)
      .map((j) => `${link(j.name, j.web_url)} (allowed to fail)`),
  ];
  const unlisted = failedCount - failed.length;
  return [
    `- **Jobs:** ${failedCount} of ${total} failed: ${names(shown)}${unlisted > 0 ? `; ${unlisted} more not named` : ''}.`,
  ];
}

function downstreamLine(pipelines: readonly DownstreamPipeline[] | undefined): string[] {
  if (!pipelines?.length) return [];
  const failed = pipelines.flatMap((p) => p.failed);
  const count = `${pipelines.length} downstream pipeline${pipelines.length === 1 ? '' : 's'}`;
  if (!failed.length) return [`- **Downstream:** ${count}, no job failed.`];
  const shown = failed.map(
    (f) => `${link(f.name, f.job.web_url)}${f.job.allow_failure ? ' (allowed to fail)' : ''}`,
  );
  return [
    `- **Downstream:** ${failed.length} job${failed.length === 1 ? '' : 's'} failed in ${count}: ${names(shown)}.`,
  ];
}

function testsLine(tests: TestResults | undefined): string[] {
  if (!tests) return [];
  const { total } = tests;
  if (!tests.failedCount)
    return [
      `- **Tests:** ${total.count} passed${total.skipped ? ` (${total.skipped} skipped)` : ''}.`,
    ];
  const shown = tests.failed.map(
    (f) => `${cell(`${f.classname} › ${f.name}`)}${f.allowedToFail ? ' (allowed to fail)' : ''}`,
  );
  const unlisted = tests.failedCount - tests.failed.length;
  return [
    `- **Tests:** ${tests.failedCount} of ${total.count} failed: ${names(shown)}${unlisted > 0 ? `; ${unlisted} more` : ''}.`,
  ];
}

/** `a, b, c`, the first MAX_NAMED of them, and how many more. */
function names(items: readonly string[]): string {
  const listed = items.slice(0, MAX_NAMED).join(', ');
  const more = items.length - MAX_NAMED;
  return more > 0 ? `${listed} and ${more} more` : listed;
}
