import { formatDuration } from '../../parse/duration.js';
import type { Job } from '../../pipelines-api.js';
import { DONE_JOB_STATUSES } from '../../pipeline-statuses.js';
import type { Finding } from '../watcher.js';
import { cell, details, link, statusMark } from './markdown.js';
import type { DownstreamFailedJob, DownstreamPipeline } from './result-findings.js';

/** The most jobs listed in one downstream pipeline's table; the rest are counted. */
export const MAX_JOB_ROWS = 100;

/** Downstream jobs counted for the progress line. */
export interface DownstreamProgress {
  readonly pipelines: number;
  /** Downstream pipelines not finished yet. */
  readonly running: number;
  readonly jobs: number;
  readonly done: number;
  /** Failed jobs that may not fail. */
  readonly failed: number;
}

export function countProgress(
  pipelines: readonly DownstreamPipeline[],
  finished: (status: string) => boolean,
): DownstreamProgress {
  const jobs = pipelines.flatMap((p) => p.jobs ?? []);
  return {
    pipelines: pipelines.filter((p) => p.pipeline).length,
    running: pipelines.filter((p) => p.pipeline && !finished(p.pipeline.status)).length,
    jobs: jobs.length,
    done: jobs.filter((j) => DONE_JOB_STATUSES.includes(j.status)).length,
    failed: jobs.filter((j) => j.status === 'failed' && !j.allow_failure).length,
  };
}

/** `2 downstream pipelines (1 running): 5/9 jobs done, 1 failed`. */
export function downstreamProgressText(progress: DownstreamProgress): string {
  const { pipelines, running, jobs, done, failed } = progress;
  const count = `${pipelines} downstream pipeline${pipelines === 1 ? '' : 's'}`;
  const still = running ? ` (${running} running)` : '';
  const jobPart = jobs ? `: ${done}/${jobs} jobs done${failed ? `, ${failed} failed` : ''}` : '';
  return `${count}${still}${jobPart}`;
}

/** A failed job as an annotation's text: what failed, where, and the end of its log. */
export function failedJobText(name: string, job: Job, trace: string | undefined): string {
  const reason = job.failure_reason ? ` (${job.failure_reason.replace(/_/g, ' ')})` : '';
  const optional = job.allow_failure ? ', allowed to fail' : '';
  return `Job '${name}' (stage ${job.stage}${optional}) failed${reason}: ${job.web_url}${trace ? `\n${trace}` : ''}`;
}

/** A failed job's log tail, collapsed, for the summary: usable for the top pipeline's jobs too. */
export function failedJobDetails(name: string, trace: string | undefined): string {
  return details(`❌ ${name}: end of the log`, trace ?? '(the log could not be read)');
}

/** One downstream pipeline as a summary section: link, status, jobs, failed jobs' log tails. */
export function downstreamSection(down: DownstreamPipeline): Finding {
  const title = `Downstream pipeline ${down.name}`;
  const { pipeline } = down;
  const heading = pipeline
    ? `#### ${cell(title)}: ${link(`#${pipeline.id}`, pipeline.web_url)} ${statusMark(pipeline.status)}`
    : `#### ${cell(title)}: not started`;
  const trigger = `Trigger job ${cell(down.bridge.name)} (stage ${cell(down.bridge.stage)}): ${statusMark(down.bridge.status)}`;
  const lines = [heading, '', trigger, ''];
  if (down.access === 'not-started') {
    lines.push('_The trigger job has not started a pipeline (manual, or its creation failed)._');
  } else if (down.access === 'unreadable') {
    lines.push(
      `_Project ${pipeline?.project_id ?? ''} cannot be read with the token given: the pipeline is linked, not followed._`,
    );
  } else {
    lines.push(...jobsTable(down.jobs ?? []));
    for (const failed of down.failed.filter((f) => !f.unquoted))
      lines.push('', failedJobDetails(failed.name, failed.trace));
    const unquoted = down.failed.filter((f) => f.unquoted).length;
    if (unquoted)
      lines.push(
        '',
        `_The logs of ${unquoted} more failed job${unquoted > 1 ? 's are' : ' is'} not quoted here: see ${link('the pipeline', pipeline?.web_url ?? '')}._`,
      );
  }
  const where = pipeline
    ? `#${pipeline.id} ${pipeline.status}: ${pipeline.web_url}`
    : 'not started';
  const failedNames = down.failed.map((f) => f.job.name);
  const text = `${title}: ${where}${down.access === 'unreadable' ? ' (not readable with this token)' : ''}${
    failedNames.length ? `; failed: ${failedNames.join(', ')}` : ''
  }`;
  // What is kept of the section when the whole would not fit in the summary: never less than
  // the pipeline's link and status.
  const brief = `${heading}\n\n${trigger}\n\n_Its jobs and logs are left out to keep the summary within GitHub's 1 MiB${failedNames.length ? `; ${failedNames.length} failed` : ''}._\n`;
  return { kind: 'section', title, markdown: `${lines.join('\n')}\n`, brief, text };
}

function jobsTable(jobs: readonly Job[]): string[] {
  if (jobs.length === 0) return ['_No jobs._'];
  const rows = ['| Stage | Job | Status | Duration |', '| --- | --- | --- | --- |'];
  for (const job of jobs.slice(0, MAX_JOB_ROWS)) {
    const took = typeof job.duration === 'number' ? formatDuration(job.duration * 1000) : '';
    const optional = job.allow_failure && job.status === 'failed' ? ' (allowed to fail)' : '';
    rows.push(
      `| ${cell(job.stage)} | ${link(job.name, job.web_url)} | ${statusMark(job.status)}${optional} | ${took} |`,
    );
  }
  if (jobs.length > MAX_JOB_ROWS) rows.push('', `_…and ${jobs.length - MAX_JOB_ROWS} more jobs._`);
  return rows;
}

/**
 * The failed downstream jobs as annotations, like the top pipeline's: errors, or warnings for
 * jobs allowed to fail and for those below a trigger job that did not fail with them (no
 * `strategy: depend`), which fail nothing above; past `max` they are counted in one warning.
 */
export function failedJobProblems(
  pipelines: readonly DownstreamPipeline[],
  max: number,
): Finding[] {
  const failed: (DownstreamFailedJob & { gating: boolean })[] = pipelines.flatMap((p) =>
    p.failed.map((f) => ({ ...f, gating: failsTheTop(p, pipelines) })),
  );
  const problems: Finding[] = failed.slice(0, max).map(({ job, name, trace, gating }) => ({
    kind: 'problem',
    level: job.allow_failure || !gating ? 'warning' : 'error',
    title: `GitLab job failed: ${name}`,
    text: failedJobText(name, job, trace),
  }));
  if (failed.length > max) {
    problems.push({
      kind: 'problem',
      level: 'warning',
      title: 'More failed downstream jobs',
      text: `${failed.length} downstream jobs failed; the first ${max} are reported one by one, and each downstream pipeline is linked.`,
    });
  }
  return problems;
}

/**
 * Whether a failure in this pipeline reached the top one: every trigger job on its path, from
 * the top down, failed with it and was not allowed to.
 */
function failsTheTop(down: DownstreamPipeline, all: readonly DownstreamPipeline[]): boolean {
  const onPath = all.filter(
    (p) => p.path.length <= down.path.length && p.path.every((name, i) => down.path[i] === name),
  );
  return onPath.every((p) => p.bridge.status === 'failed' && p.bridge.allow_failure !== true);
}
