import type { Pipeline } from '../../pipeline.js';
import type { Job, PipelinesApi, ReadOptions } from '../../pipelines-api.js';
import type { Redactor } from '../../redact.js';
import {
  isComplete,
  JOBS_PER_PAGE,
  LowestIds,
  readTally,
  type JobsApi,
  type JobTally,
} from '../job-tally.js';
import type { Watcher } from '../watcher.js';
import type { FailedJob, FinalReport } from '../report.js';
import { optional } from './optional-read.js';

/** The last lines of a failed job's log quoted in its annotation, bounded so a log cannot flood the page. */
export const TRACE_TAIL_LINES = 20;
export const TRACE_TAIL_BYTES = 4_096;

/** The jobs a report lists besides the failed ones: the first this many by id; the rest are counted. */
export const LISTED_JOBS = 500;

/**
 * The failed jobs whose log tails are read, of each kind (those that may not fail, those
 * allowed to): as many as GitHub annotates a step. The others are listed without.
 */
export const TRACED_FAILED_JOBS = 10;

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
        end.last?.tallyIfRead,
        { stops: ctx.stops },
      );
      ctx.report({ kind: 'report', report });
    },
  };
}

type ReportApi = JobsApi & Pick<PipelinesApi, 'bridges' | 'traceTail'>;

/**
 * Reads the jobs to list, the bridges and the failed jobs' log tails; what cannot be read is
 * left out. `known`, the tally of the last read, saves reading again what it holds. Whatever
 * the number of jobs, what is kept is bounded: the first jobs by id, the failed ones, counts.
 */
export async function collectFinalReport(
  api: ReportApi,
  pipeline: Pipeline,
  redactor: Redactor,
  known?: JobTally,
  options: ReadOptions = {},
): Promise<FinalReport> {
  const [jobs, bridges] = await Promise.all([
    optional(() => reportJobs(api, pipeline, known, options)),
    optional(() => api.bridges(pipeline.id, options)),
  ]);
  const failed = await readTails(api, jobs?.failed ?? [], redactor, options);
  // GitLab lists the newest first; the summary reads better in the order jobs ran.
  return {
    pipeline,
    jobs: jobs?.listed,
    jobCount: jobs?.total,
    failedCount: jobs?.failedCount,
    bridges: bridges?.sort((a, b) => a.id - b.id),
    failed,
  };
}

interface ReportJobs {
  readonly listed: readonly Job[];
  readonly failed: readonly Job[];
  readonly total: number;
  readonly failedCount: number;
}

/** The first LISTED_JOBS jobs by id and the failed ones, with the counts of all. */
async function reportJobs(
  api: JobsApi,
  pipeline: Pipeline,
  known: JobTally | undefined,
  options: ReadOptions,
): Promise<ReportJobs> {
  const tally = known ?? (await readTally(api, pipeline, options));
  const { total, failedCount, failed } = tally;
  if (isComplete(tally)) return { listed: tally.jobs, failed, total, failedCount };
  const first = await firstJobs(api, pipeline.id, total, options);
  const ids = new Set(first.map((j) => j.id));
  const listed = [...first, ...failed.filter((j) => !ids.has(j.id))].sort((a, b) => a.id - b.id);
  return { listed, failed, total, failedCount };
}

/** The first LISTED_JOBS jobs by id: GitLab lists the newest first, so from the last page back. */
async function firstJobs(
  api: JobsApi,
  id: number,
  total: number,
  options: ReadOptions,
): Promise<Job[]> {
  const keep = new LowestIds(LISTED_JOBS);
  const last = Math.ceil(total / JOBS_PER_PAGE);
  for (let page = last; page >= 1 && keep.count < LISTED_JOBS; page--) {
    const read = await api.jobsPage(id, { ...options, page, perPage: JOBS_PER_PAGE });
    for (const job of read.jobs) keep.add(job);
  }
  return keep.jobs();
}

/** The log tails of the first TRACED_FAILED_JOBS failed jobs of each kind. */
async function readTails(
  api: Pick<PipelinesApi, 'traceTail'>,
  jobs: readonly Job[],
  redactor: Redactor,
  options: ReadOptions,
): Promise<FailedJob[]> {
  const traced = { allowed: 0, blocking: 0 };
  const failed: FailedJob[] = [];
  for (const job of jobs) {
    const kind = job.allow_failure ? 'allowed' : 'blocking';
    if (traced[kind]++ >= TRACED_FAILED_JOBS) {
      failed.push({ job });
      continue;
    }
    const raw = await optional(() => api.traceTail(job.id, TRACE_TAIL_BYTES * 4, options));
    failed.push(raw === undefined ? { job } : { job, trace: cleanTrace(raw, redactor) });
  }
  return failed;
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
