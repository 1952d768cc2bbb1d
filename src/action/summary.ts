import type { FinalReport } from '../core/follow/report.js';
import type { Finding } from '../core/follow/watcher.js';
import { failedJobDetails, failedJobText } from '../core/follow/watchers/downstream-render.js';
import { cell, link, statusMark } from '../core/follow/watchers/markdown.js';
import { formatDuration } from '../core/parse/duration.js';
import { pipelineDurationMs } from '../core/pipeline-end.js';
import { verdictLines } from './summary-verdict.js';
import type { Pipeline } from '../core/pipeline.js';
import type { Job } from '../core/pipelines-api.js';
import type { RunResult } from '../core/run-pipeline.js';
import type { TriggerSettings } from '../core/settings.js';
import type { Runner } from './runner.js';

const status = statusMark;

/** A short job summary: the pipeline as a link, so it is one click from the run page. */
export function writeTriggerSummary(
  runner: Runner,
  settings: TriggerSettings,
  pipeline: Pipeline,
): void {
  runner.appendSummary(
    [
      `### GitLab pipeline ${link(`#${pipeline.id}`, pipeline.web_url)}`,
      '',
      '| Project | Ref | Pipeline | Status |',
      '| --- | --- | --- | --- |',
      `| ${cell(settings.project.display)} | ${cell(settings.ref)} | ${link(`#${pipeline.id}`, pipeline.web_url)} | ${status(pipeline.status)} |`,
      '',
    ].join('\n'),
  );
}

/** GitHub's limit on one step's job summary: it drops a larger one whole. */
export const STEP_SUMMARY_MAX_BYTES = 1024 * 1024;

/**
 * The most the summary after waiting takes of it, whatever the number of jobs; the sections
 * that follow it (downstream pipelines, tests, downloads) have the rest.
 */
export const WAIT_SUMMARY_MAX_BYTES = STEP_SUMMARY_MAX_BYTES / 2;

/** The summary after waiting: the pipeline, its jobs, and its downstream pipelines. */
export function writeWaitSummary(
  runner: Runner,
  settings: TriggerSettings,
  result: RunResult,
  report: FinalReport | undefined,
  maxBytes = WAIT_SUMMARY_MAX_BYTES,
): void {
  runner.appendSummary(waitSummary(settings, result, report, maxBytes));
}

/**
 * The summary after waiting as markdown of at most `maxBytes` (UTF-8). First the verdict in
 * words with its counts, naming what failed (jobs, downstream jobs, tests), before any table;
 * then the pipeline's table, its jobs (the failed ones always listed, the others in the order
 * they ran until the room ends, a last line saying how many were left out), the end of each
 * failed job's log, the values read by `outputs_from`, and the downstream pipelines.
 */
export function waitSummary(
  settings: TriggerSettings,
  result: RunResult,
  report: FinalReport | undefined,
  maxBytes = WAIT_SUMMARY_MAX_BYTES,
): string {
  const p = result.pipeline;
  const duration = formatDuration(pipelineDurationMs(p, result.elapsedMs));
  const head = [
    ...verdictLines(result, report, duration),
    '| Project | Ref | Pipeline | Status | Duration |',
    '| --- | --- | --- | --- | --- |',
    `| ${cell(settings.project.display)} | ${cell(settings.ref)} | ${link(`#${p.id}`, p.web_url)} | ${status(p.status)} | ${duration} |`,
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

interface Row {
  readonly text: string;
  /** Listed before any other row, whatever its place. */
  readonly first: boolean;
}

function jobLines(report: FinalReport | undefined, maxBytes: number): string[] {
  if (report && !report.jobs)
    return ['_The jobs could not be read with the token given; set `api_token` to list them._', ''];
  if (!report?.jobs?.length) return [];
  const head = [
    '#### Jobs',
    '',
    '| Stage | Job | Status | Duration |',
    '| --- | --- | --- | --- |',
  ];
  const failed = (job: Job): boolean => job.status === 'failed';
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
    lines.push(
      `_${left} more job${left > 1 ? 's are' : ' is'} not listed here${failedLeft ? `, ${failedLeft} of them failed` : ', none failed'}: ${link('all jobs', report.pipeline.web_url)}._`,
      '',
    );
  }
  return lines;
}

function jobRow(job: Job): string {
  const took = typeof job.duration === 'number' ? formatDuration(job.duration * 1000) : '';
  const optional = job.allow_failure && job.status === 'failed' ? ' (allowed to fail)' : '';
  return `| ${cell(job.stage)} | ${link(job.name, job.web_url)} | ${status(job.status)}${optional} | ${took} |`;
}

function bridgeLines(report: FinalReport | undefined, maxBytes: number): string[] {
  if (!report?.bridges?.length) return [];
  const head = [
    '#### Downstream pipelines',
    '',
    '| Trigger job | Pipeline | Status |',
    '| --- | --- | --- |',
  ];
  const rows = report.bridges.map((bridge) => {
    const down = bridge.downstream_pipeline;
    const text = `| ${cell(bridge.name)} | ${down ? link(`#${down.id}`, down.web_url) : 'not started'} | ${status(down?.status ?? bridge.status)} |`;
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
function logLines(report: FinalReport | undefined, maxBytes: number): string[] {
  const lines: string[] = [];
  let room = maxBytes - NOTE_BYTES;
  let left = 0;
  for (const { job, trace } of report?.failed ?? []) {
    if (trace === undefined) continue;
    const block = [failedJobDetails(job.name, trace), ''];
    if (bytes(block) > room) {
      left++;
      continue;
    }
    room -= bytes(block);
    lines.push(...block);
  }
  if (left)
    lines.push(
      `_The logs of ${left} more failed job${left > 1 ? 's are' : ' is'} not quoted here._`,
      '',
    );
  return lines;
}

/** The most characters of one value `outputs_from` read shown in the summary's table. */
export const OUTPUT_VALUE_CHARS = 200;

/**
 * The values `outputs_from` read, in a table: GitLab's text, so each name and value is
 * escaped (no markdown, no HTML, one line) and a value cut at OUTPUT_VALUE_CHARS.
 */
function outputLines(findings: RunResult['findings'], maxBytes: number): string[] {
  const outputs = findings.filter(
    (f): f is Extract<Finding, { kind: 'output' }> => f.kind === 'output' && !f.aggregate,
  );
  if (!outputs.length) return [];
  const head = ['#### Outputs from GitLab', '', '| Output | Value |', '| --- | --- |'];
  const rows = outputs.map(({ name, value }) => {
    const chars = [...value];
    const shown =
      chars.length > OUTPUT_VALUE_CHARS ? `${chars.slice(0, OUTPUT_VALUE_CHARS).join('')}…` : value;
    return { text: `| ${cell(name)} | ${shown ? cell(shown) : '_(empty)_'} |`, first: false };
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
export function fit(rows: readonly Row[], maxBytes: number): boolean[] {
  const take = rows.map(() => false);
  let room = maxBytes;
  for (const first of [true, false]) {
    for (const [i, row] of rows.entries()) {
      if (row.first !== first) continue;
      const size = Buffer.byteLength(row.text) + 1;
      if (size > room) break;
      room -= size;
      take[i] = true;
    }
  }
  return take;
}

/** The bytes of lines joined as the summary joins them, with the newline after them. */
function bytes(lines: readonly string[]): number {
  return lines.length ? Buffer.byteLength(lines.join('\n')) + 1 : 0;
}

/** One error annotation per failed job, naming it, linking it, and quoting the end of its log. */
export function annotateFailedJobs(
  runner: Pick<Runner, 'error' | 'warning'>,
  report: FinalReport,
): void {
  for (const { job, trace } of report.failed) {
    const text = failedJobText(job.name, job, trace);
    const title = `GitLab job failed: ${job.name}`;
    if (job.allow_failure) runner.warning(text, { title });
    else runner.error(text, { title });
  }
}
