import { GitLabError, NetworkError } from '../../errors.js';
import type { Pipeline } from '../../pipeline.js';
import type { Job, PipelinesApi, ReadOptions } from '../../pipelines-api.js';
import type { Redactor } from '../../redact.js';
import type { Watcher } from '../watcher.js';
import type { FailedJob, FinalReport } from '../report.js';

/** The last lines of a failed job's log quoted in its annotation, bounded so a log cannot flood the page. */
export const TRACE_TAIL_LINES = 20;
export const TRACE_TAIL_BYTES = 4_096;

/**
 * When the pipeline finished (and the run was not cancelled), reads what the summary and the
 * annotations show and reports it as one `report` finding.
 */
export function finalReport(): Watcher {
  return {
    name: 'final report',
    async end(end, ctx) {
      if (end.outcome !== 'passed' && end.outcome !== 'failed') return;
      if (ctx.stops.signal?.aborted) return;
      const report = await collectFinalReport(
        ctx.api,
        end.pipeline,
        ctx.redactor,
        end.last?.jobsIfRead,
        { stops: ctx.stops },
      );
      ctx.report({ kind: 'report', report });
    },
  };
}

type ReportApi = Pick<PipelinesApi, 'jobs' | 'bridges' | 'traceTail'>;

/** Reads jobs, bridges and the failed jobs' log tails; what cannot be read is left out. */
export async function collectFinalReport(
  api: ReportApi,
  pipeline: Pipeline,
  redactor: Redactor,
  known?: readonly Job[],
  options: ReadOptions = {},
): Promise<FinalReport> {
  const [jobs, bridges] = await Promise.all([
    known ? [...known] : optional(() => api.jobs(pipeline.id, options)),
    optional(() => api.bridges(pipeline.id, options)),
  ]);
  const failed: FailedJob[] = [];
  for (const job of (jobs ?? []).filter((j) => j.status === 'failed')) {
    const raw = await optional(() => api.traceTail(job.id, TRACE_TAIL_BYTES * 4, options));
    failed.push(raw === undefined ? { job } : { job, trace: cleanTrace(raw, redactor) });
  }
  // GitLab lists the newest job first; the summary reads better in the order jobs ran.
  const byId = <T extends { id: number }>(list: T[] | undefined) =>
    list?.sort((a, b) => a.id - b.id);
  return { pipeline, jobs: byId(jobs), bridges: byId(bridges), failed };
}

/**
 * The last lines of a log, without terminal control sequences and GitLab's section markers,
 * secrets masked. The whole text is redacted before it is cut, so a secret cut in half by
 * the cut can never show.
 */
export function cleanTrace(raw: string, redactor: Redactor): string {
  const text = redactor.redact(
    raw
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b[\]PX^_][\s\S]*?(\x07|\x1b\\)/g, '')
      .replace(/section_(start|end):\d+:[^\r\n]*?\r/g, ''),
  );
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/^.*\r(?!$)/, ''))
    // eslint-disable-next-line no-control-regex
    .map((l) => l.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ''))
    .filter((l, i, all) => l.trim() !== '' || i < all.length - 1);
  let tail = lines.slice(-TRACE_TAIL_LINES).join('\n');
  if (tail.length > TRACE_TAIL_BYTES) tail = tail.slice(-TRACE_TAIL_BYTES);
  return tail;
}

async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof GitLabError || error instanceof NetworkError) return undefined;
    throw error;
  }
}
