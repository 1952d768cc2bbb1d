import { GitLabError, NetworkError } from './errors.js';
import type { Pipeline } from './pipeline.js';
import type { Bridge, Job, PipelinesApi } from './pipelines-api.js';
import type { Redactor } from './redact.js';

/** The last lines of a failed job's log quoted in its annotation, bounded so a log cannot flood the page. */
export const TRACE_TAIL_LINES = 20;
export const TRACE_TAIL_BYTES = 4_096;

export interface FailedJob {
  readonly job: Job;
  /** The end of its log, cleaned of colour codes and secrets; absent when unreadable. */
  readonly trace?: string;
}

/** What is known about a finished pipeline, for the summary and the annotations. */
export interface FinalReport {
  readonly pipeline: Pipeline;
  /** Every job, across all pages; undefined when the token cannot list them. */
  readonly jobs?: readonly Job[];
  /** Trigger jobs and the downstream pipelines they started; undefined when unreadable. */
  readonly bridges?: readonly Bridge[];
  readonly failed: readonly FailedJob[];
}

/** Reads jobs, bridges and the failed jobs' log tails; what cannot be read is left out. */
export async function collectFinalReport(
  api: PipelinesApi,
  pipeline: Pipeline,
  redactor: Redactor,
  known?: readonly Job[],
): Promise<FinalReport> {
  const [jobs, bridges] = await Promise.all([
    known ? [...known] : optional(() => api.jobs(pipeline.id)),
    optional(() => api.bridges(pipeline.id)),
  ]);
  const failed: FailedJob[] = [];
  for (const job of (jobs ?? []).filter((j) => j.status === 'failed')) {
    const raw = await optional(() => api.traceTail(job.id, TRACE_TAIL_BYTES * 4));
    failed.push(raw === undefined ? { job } : { job, trace: cleanTrace(raw, redactor) });
  }
  // GitLab lists the newest job first; the summary reads better in the order jobs ran.
  const byId = <T extends { id: number }>(list: T[] | undefined) =>
    list?.sort((a, b) => a.id - b.id);
  return { pipeline, jobs: byId(jobs), bridges: byId(bridges), failed };
}

/** The last lines of a log, without ANSI colours and GitLab's section markers, secrets masked. */
export function cleanTrace(raw: string, redactor: Redactor): string {
  const lines = raw
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
    .replace(/section_(start|end):\d+:[^\r\n]*?\r/g, '')
    .split(/\r?\n/)
    .map((l) => l.replace(/^.*\r(?!$)/, ''))
    .filter((l, i, all) => l.trim() !== '' || i < all.length - 1);
  let tail = lines.slice(-TRACE_TAIL_LINES).join('\n');
  if (tail.length > TRACE_TAIL_BYTES) tail = tail.slice(-TRACE_TAIL_BYTES);
  return redactor.redact(tail);
}

async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof GitLabError || error instanceof NetworkError) return undefined;
    throw error;
  }
}
