import type { FinalReport } from '../core/follow/report.js';
import { formatDuration } from '../core/parse/duration.js';
import type { Pipeline } from '../core/pipeline.js';
import type { RunResult } from '../core/run-pipeline.js';
import type { TriggerSettings } from '../core/settings.js';
import type { Runner } from './runner.js';

const ICONS: Record<string, string> = {
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

const status = (s: string): string => `${ICONS[s] ?? ''} ${s}`.trim();
const link = (text: string, url: string): string =>
  `[${cell(text)}](${url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;

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

/** The summary after waiting: the pipeline, its jobs across every page, and its downstream pipelines. */
export function writeWaitSummary(
  runner: Runner,
  settings: TriggerSettings,
  result: RunResult,
  report: FinalReport | undefined,
): void {
  const p = result.pipeline;
  const duration =
    typeof p.duration === 'number'
      ? formatDuration(p.duration * 1000)
      : formatDuration(result.elapsedMs);
  const lines = [
    `### GitLab pipeline ${link(`#${p.id}`, p.web_url)}: ${status(p.status)}`,
    '',
    '| Project | Ref | Pipeline | Status | Duration |',
    '| --- | --- | --- | --- | --- |',
    `| ${cell(settings.project.display)} | ${cell(settings.ref)} | ${link(`#${p.id}`, p.web_url)} | ${status(p.status)} | ${duration} |`,
    '',
    cell(result.message),
    '',
  ];
  if (report?.jobs?.length) {
    lines.push('#### Jobs', '', '| Stage | Job | Status | Duration |', '| --- | --- | --- | --- |');
    for (const job of report.jobs) {
      const took = typeof job.duration === 'number' ? formatDuration(job.duration * 1000) : '';
      const optional = job.allow_failure && job.status === 'failed' ? ' (allowed to fail)' : '';
      lines.push(
        `| ${cell(job.stage)} | ${link(job.name, job.web_url)} | ${status(job.status)}${optional} | ${took} |`,
      );
    }
    lines.push('');
  } else if (report && !report.jobs) {
    lines.push(
      '_The jobs could not be read with the token given; set `api_token` to list them._',
      '',
    );
  }
  if (report?.bridges?.length) {
    lines.push(
      '#### Downstream pipelines',
      '',
      '| Trigger job | Pipeline | Status |',
      '| --- | --- | --- |',
    );
    for (const bridge of report.bridges) {
      const down = bridge.downstream_pipeline;
      lines.push(
        `| ${cell(bridge.name)} | ${down ? link(`#${down.id}`, down.web_url) : 'not started'} | ${status(down?.status ?? bridge.status)} |`,
      );
    }
    lines.push('');
  }
  runner.appendSummary(lines.join('\n'));
}

/** One error annotation per failed job, naming it, linking it, and quoting the end of its log. */
export function annotateFailedJobs(
  runner: Pick<Runner, 'error' | 'warning'>,
  report: FinalReport,
): void {
  for (const { job, trace } of report.failed) {
    const reason = job.failure_reason ? ` (${job.failure_reason.replace(/_/g, ' ')})` : '';
    const optional = job.allow_failure ? ', allowed to fail' : '';
    const text = `Job '${job.name}' (stage ${job.stage}${optional}) failed${reason}: ${job.web_url}${trace ? `\n${trace}` : ''}`;
    const title = `GitLab job failed: ${job.name}`;
    if (job.allow_failure) runner.warning(text, { title });
    else runner.error(text, { title });
  }
}

/** Text safe inside a markdown table cell. */
export function cell(text: string): string {
  return text.replace(/[|\\<>]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\r?\n/g, ' ');
}
