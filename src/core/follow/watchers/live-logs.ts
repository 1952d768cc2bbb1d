import { withoutControls } from '../../control-text.js';
import { GitLabError, NetworkError, isDenied } from '../../errors.js';
import type { LiveLogApi } from '../../live-log-api.js';
import { formatSize } from '../../parse/artifact-globs.js';
import { matchesPattern, type LogPattern } from '../../parse/stream-logs.js';
import type { Job } from '../../pipelines-api.js';
import { isFinished } from '../../pipeline-statuses.js';
import type { Snapshot, WaitEnd, WatchContext, Watcher } from '../watcher.js';
import { DownstreamTree, type TreeApi } from './downstream-tree.js';
import {
  LOG_WINDOW_BYTES,
  MAX_FOLLOWED_LOGS,
  MAX_FOLLOWED_LOG_BYTES,
  logReadDelay,
} from './live-log-budget.js';
import { LogLines, type LiveLogSink } from './live-log-text.js';
import { PATH_JOINT } from './result-findings.js';

export interface LiveLogOptions {
  readonly patterns: readonly LogPattern[];
  readonly api: LiveLogApi;
  /** Reads downstream pipelines, for names below a trigger job. */
  readonly tree?: TreeApi;
  readonly sink: LiveLogSink;
}

/** Downstream pipelines are walked for their jobs at most this often. */
export const DOWNSTREAM_WALK_MS = 15_000;
/** The most downstream pipelines a walk reads. */
const MAX_WALKED_PIPELINES = 20;
/** Reads at a job's end, to bring its last lines: the log should be all but read already. */
const FINAL_READS = 3;
/** Lines saying a job is left out or did not run, before one last line for the rest. */
const LEFT_OUT_LINES = 10;
/** Statuses of a job that has not started and may yet. */
const WAITING = ['created', 'waiting_for_resource', 'preparing', 'pending', 'scheduled'];

/** A job the patterns name, as a read found it. */
interface Named {
  readonly job: Job;
  readonly projectId: number;
  /** `trigger › job`, or the job's name. */
  readonly name: string;
}

interface Followed extends Named {
  offset: number;
  nextAt: number;
  /** Reads in a row that found nothing new. */
  quiet: number;
  /** The log's size at the last read, and when that was: how fast it grows. */
  size: number;
  readAt?: number;
  readonly lines: LogLines;
}

/**
 * Follows the logs of the jobs `stream_logs` names while they run: their new lines go to the
 * sink a few seconds after GitLab has them, at a cadence of the watcher's own (wakeAt) that
 * slows as a log grows (live-log-budget.ts). A job retried is followed in its new run; a job
 * named that never ran is said once at the end; a cancelled run reads nothing more.
 */
export function liveLogs(options: LiveLogOptions): Watcher {
  return new LiveLogWatcher(options);
}

class LiveLogWatcher implements Watcher {
  readonly name = 'live logs';
  private readonly several: boolean;
  private readonly tree: DownstreamTree | undefined;
  private readonly followed = new Map<string, Followed>();
  /** Job ids whose log was shown to its end (or given up on): never followed again. */
  private readonly done = new Set<number>();
  private readonly announced = new Set<string>();
  /** The run of each name followed last, to tell a retry from a first run. */
  private readonly runs = new Map<string, number>();
  /** The last status of every named job seen, by name, for the line at the end. */
  private readonly seen = new Map<string, Named>();
  private leftOut = 0;
  /** Whether any read of the jobs succeeded: without one, no name can be found. */
  private jobsRead = false;
  private walkedAt = -Infinity;
  private below: Named[] = [];

  constructor(private readonly options: LiveLogOptions) {
    const patterns = options.patterns;
    this.several = patterns.length > 1 || patterns.some((p) => p.includes('*'));
    const downstream = patterns.some((p) => p.length > 1);
    this.tree = downstream && options.tree ? new DownstreamTree(options.tree) : undefined;
  }

  private once(key: string, say: () => void): void {
    if (this.announced.has(key)) return;
    this.announced.add(key);
    say();
  }

  private named(path: readonly string[]): boolean {
    return this.options.patterns.some((p) => matchesPattern(p, path));
  }

  private async candidates(snapshot: Snapshot, ctx: WatchContext): Promise<Named[]> {
    const tally = await snapshot.jobs();
    if (tally) this.jobsRead = true;
    const own: Named[] = (tally?.jobs ?? [])
      .filter((job) => this.named([job.name]))
      .map((job) => ({ job, projectId: snapshot.pipeline.project_id, name: job.name }));
    const now = ctx.clock.now();
    if (
      this.tree &&
      (now - this.walkedAt >= DOWNSTREAM_WALK_MS || isFinished(snapshot.pipeline.status))
    ) {
      this.walkedAt = now;
      const walk = await this.tree
        .walk(snapshot.pipeline, {
          maxPipelines: MAX_WALKED_PIPELINES,
          stops: ctx.stops,
          once: true,
        })
        .catch((error: unknown) => {
          // The next walk may do better; what was found before still counts.
          if (!(error instanceof GitLabError) && !(error instanceof NetworkError)) throw error;
          ctx.logger.debug(
            `The downstream pipelines could not be read this time: ${error.message}`,
          );
          return undefined;
        });
      if (walk)
        this.below = walk.pipelines.flatMap((down) =>
          down.pipeline && down.jobs
            ? down.jobs
                .filter((job) => this.named([...down.path, job.name]))
                .map((job) => ({
                  job,
                  projectId: down.pipeline?.project_id ?? snapshot.pipeline.project_id,
                  name: [...down.path, job.name].join(PATH_JOINT),
                }))
            : [],
        );
    }
    return [...own, ...this.below];
  }

  private start(found: Named, ctx: WatchContext): void {
    const previous = this.followed.get(found.name);
    if (previous && previous.job.id >= found.job.id) return;
    // An older run still followed (its end could not be read) is left where it was.
    if (previous) this.followed.delete(found.name);
    if ((this.runs.get(found.name) ?? found.job.id) < found.job.id) {
      ctx.logger.info(
        `Job '${found.name}' was retried: following its new run (#${found.job.id}), ${found.job.web_url}`,
      );
    } else if (this.followed.size >= MAX_FOLLOWED_LOGS) {
      if (this.leftOut++ < LEFT_OUT_LINES)
        this.once(`left:${found.job.id}`, () =>
          ctx.logger.info(
            `Not following the log of job '${found.name}': ${MAX_FOLLOWED_LOGS} logs are followed already, the most at once. ${found.job.web_url}`,
          ),
        );
      else this.once('left:more', () => ctx.logger.info('More jobs are left out likewise.'));
      this.done.add(found.job.id);
      return;
    } else {
      ctx.logger.info(`Following the log of job '${found.name}': ${found.job.web_url}`);
    }
    this.runs.set(found.name, found.job.id);
    this.followed.set(found.name, {
      ...found,
      offset: 0,
      nextAt: ctx.clock.now(),
      quiet: 0,
      size: 0,
      lines: new LogLines(ctx.redactor, {
        groups: !this.several,
        // The name is GitLab's text too: no control in it reaches a line.
        prefix: this.several ? `[${withoutControls(found.name)}] ` : '',
      }),
    });
  }

  /** One read of the log; false once the job is no longer this.followed. */
  private async read(f: Followed, ctx: WatchContext): Promise<boolean> {
    if (ctx.stops.signal?.aborted) return false;
    let part;
    const from = f.offset;
    try {
      const window = {
        from,
        maxBytes: LOG_WINDOW_BYTES,
        maxSize: MAX_FOLLOWED_LOG_BYTES,
        // Shown as it arrives, and counted then: a read cut short later shows nothing twice.
        onText: (text: string, bytes: number) => {
          f.offset += bytes;
          this.options.sink.write(f.lines.push(text));
        },
      };
      part = await this.options.api.logFrom(f.projectId, f.job.id, window, {
        stops: ctx.stops,
        once: true,
      });
    } catch (error) {
      if (isDenied(error) || (error instanceof GitLabError && error.status === 404)) {
        this.stop(f, ctx, `GitLab refused to read it (${error.status})`);
        return false;
      }
      if (!(error instanceof GitLabError) && !(error instanceof NetworkError)) throw error;
      ctx.logger.debug(`The log of job '${f.name}' could not be read this time: ${error.message}`);
      f.nextAt = ctx.clock.now() + logReadDelay(f.offset, ++f.quiet);
      return true;
    }
    if (part.size < from) {
      // Erased or rewritten: what is there now is read from its start.
      ctx.logger.info(`The log of job '${f.name}' got shorter: reading it again from its start.`);
      f.offset = 0;
      return true;
    }
    f.quiet = part.bytes > 0 ? 0 : f.quiet + 1;
    if (part.size > MAX_FOLLOWED_LOG_BYTES) {
      this.stop(
        f,
        ctx,
        `it is past ${formatSize(MAX_FOLLOWED_LOG_BYTES)}, and each read costs its whole size`,
      );
      return false;
    }
    const now = ctx.clock.now();
    const growth = f.readAt === undefined ? 0 : (part.size - f.size) / Math.max(now - f.readAt, 1);
    f.size = part.size;
    f.readAt = now;
    f.nextAt = now + logReadDelay(part.size, f.quiet, Math.max(growth, 0));
    return true;
  }

  private stop(f: Followed, ctx: WatchContext, why: string): void {
    this.options.sink.write(f.lines.flush());
    this.followed.delete(f.name);
    this.done.add(f.job.id);
    ctx.logger.info(
      `Stopped following the log of job '${f.name}': ${why}. Its end is in the job's log at ${f.job.web_url}`,
    );
  }

  /** The rest of a finished job's log, and one line with how it ended. */
  private async finish(f: Followed, status: string, ctx: WatchContext): Promise<void> {
    for (let i = 0; i < FINAL_READS; i++) {
      const before = f.offset;
      if (!(await this.read(f, ctx))) return;
      // Read to its end, unless the window's bound cut the read short.
      if (f.offset === before || f.offset >= f.size) break;
    }
    if (ctx.stops.signal?.aborted) return;
    this.options.sink.write(f.lines.flush());
    this.followed.delete(f.name);
    this.done.add(f.job.id);
    ctx.logger.info(`Job '${f.name}' ${status}: ${f.job.web_url}`);
  }

  /** The job as GitLab reports it now; undefined when it cannot be read this time. */
  private async jobNow(f: Followed, ctx: WatchContext): Promise<Job | undefined> {
    try {
      return await this.options.api.job(f.projectId, f.job.id, { stops: ctx.stops, once: true });
    } catch (error) {
      if (!(error instanceof GitLabError) && !(error instanceof NetworkError)) throw error;
      ctx.logger.debug(`Job '${f.name}' could not be read this time: ${error.message}`);
      return undefined;
    }
  }

  /** Starts following named jobs that run, and ends those that finished. */
  private async follow(found: readonly Named[], ctx: WatchContext): Promise<void> {
    for (const one of found) {
      this.seen.set(one.name, one);
      if (this.done.has(one.job.id)) continue;
      const current = this.followed.get(one.name);
      if (current && current.job.id < one.job.id) {
        // Retried: the old run's last lines and how it ended, before the new run's.
        const old = await this.jobNow(current, ctx);
        await this.finish(current, old?.status ?? 'ended', ctx);
      }
      if (one.job.status === 'running') {
        if (!current || current.job.id < one.job.id) this.start(one, ctx);
        continue;
      }
      if (!isFinished(one.job.status) || one.job.status === 'skipped') continue;
      // It ran between two reads, or ended since the last: its log to the end, then its status.
      if (!current || current.job.id < one.job.id) this.start(one, ctx);
      const now = this.followed.get(one.name);
      if (now?.job.id === one.job.id) await this.finish(now, one.job.status, ctx);
    }
  }

  /** Starts and ends the following of named jobs as the jobs' statuses say. */
  async see(snapshot: Snapshot, ctx: WatchContext): Promise<undefined> {
    await this.follow(await this.candidates(snapshot, ctx), ctx);
    return undefined;
  }

  /** The soonest read a followed log is due. */
  wakeAt(): number | undefined {
    let at: number | undefined;
    for (const f of this.followed.values()) at = Math.min(at ?? Infinity, f.nextAt);
    return at;
  }

  /** Reads the logs that are due; one that brought nothing asks whether its job has ended. */
  async wake(ctx: WatchContext): Promise<void> {
    const now = ctx.clock.now();
    for (const f of [...this.followed.values()]) {
      if (f.nextAt > now) continue;
      // The last read brought nothing: has the job ended? (A running job's log usually grows.)
      // Asked before the log is read again, so that a finished job's log is read once more only.
      if (f.quiet > 0) {
        const job = await this.jobNow(f, ctx);
        if (job && isFinished(job.status)) {
          await this.finish(f, job.status, ctx);
          continue;
        }
      }
      await this.read(f, ctx);
    }
  }

  /** The rest of the logs still followed, and what never ran, said once. */
  async end(end: WaitEnd, ctx: WatchContext): Promise<void> {
    // A cancelled or timed-out wait reads nothing more.
    if (end.outcome === 'aborted' || end.outcome === 'timed-out') return;
    if (ctx.stops.signal?.aborted) return;
    // The last read was seen already: only jobs its tally left out are still followed.
    for (const f of [...this.followed.values()]) {
      const job = await this.jobNow(f, ctx);
      await this.finish(f, job?.status ?? 'ended', ctx);
    }
    const notRun = [...this.seen.values()].filter(
      ({ job }) =>
        job.status === 'skipped' || job.status === 'manual' || WAITING.includes(job.status),
    );
    for (const { job, name } of notRun.slice(0, LEFT_OUT_LINES))
      this.once(`not-run:${name}`, () =>
        ctx.logger.info(`Job '${name}' did not run (${job.status}): no log to follow.`),
      );
    if (notRun.length > LEFT_OUT_LINES)
      ctx.logger.info(`${notRun.length - LEFT_OUT_LINES} more jobs named did not run.`);
    if (!this.jobsRead) {
      ctx.logger.info(
        'No log was followed: the jobs could not be read (the api token reads them; a CI job token may not).',
      );
      return;
    }
    for (const pattern of this.options.patterns) {
      const text = pattern.join(PATH_JOINT);
      if (![...this.seen.values()].some((n) => matchesPattern(pattern, n.name.split(PATH_JOINT))))
        this.once(`none:${text}`, () =>
          ctx.logger.info(`No job named '${text}' was found in the pipeline: no log to follow.`),
        );
    }
  }
}
