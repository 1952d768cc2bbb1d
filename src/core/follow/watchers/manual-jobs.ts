import { StoppedError } from '../../errors.js';
import type { Pipeline } from '../../pipeline.js';
import type { Bridge, Job } from '../../pipelines-api.js';
import type { Snapshot, Verdict, WatchContext, Watcher } from '../watcher.js';

/** A manual job or trigger job, as the policy sees it. */
interface ManualJob {
  readonly id: number;
  readonly name: string;
  readonly stage: string;
  readonly web_url?: string;
  /** GitLab's default for `when: manual` is true: such a job is optional and blocks nothing. */
  readonly allow_failure?: boolean;
}

/**
 * What a pipeline blocked on a manual job means, as the manual-job setting says: fail or
 * pass the step at once, wait for someone, or run the jobs. Only manual jobs with
 * `allow_failure: false` block a pipeline; optional ones (GitLab's default for manual jobs)
 * are never run and never named as blocking.
 */
export function manualJobPolicy(): Watcher {
  const played = new Set<number>();
  let noted = false;
  return {
    name: 'manual-job policy',
    async see(snapshot, ctx): Promise<Verdict | undefined> {
      const { pipeline } = snapshot;
      const { onManual } = ctx.settings;
      if (pipeline.status !== 'manual' || (onManual === 'wait' && noted)) return undefined;
      const manual = await manualJobs(snapshot, ctx);
      const blocking = manual.filter((j) => j.allow_failure === false);
      const named = nameJobs(blocking);
      const setting = ctx.names.onManual;
      switch (onManual) {
        case 'pass':
          return {
            outcome: 'passed',
            message: `Pipeline #${pipeline.id} is waiting for ${named} to be run by hand; passing as ${setting} is pass: ${pipeline.web_url}`,
          };
        case 'fail':
          return {
            outcome: 'manual',
            message: `Pipeline #${pipeline.id} is blocked on ${named}, which waits for someone to run it. Run it there, or set ${setting} to pass, wait or play.`,
          };
        case 'wait':
          ctx.logger.info(
            `Pipeline #${pipeline.id} waits for ${named} to be run by hand; waiting for it as ${setting} is wait.`,
          );
          noted = true;
          return undefined;
        case 'play':
          return play(pipeline, blocking, manual, played, ctx);
      }
    },
  };
}

/** The manual jobs and manual trigger jobs of the pipeline as last read. */
async function manualJobs(snapshot: Snapshot, ctx: WatchContext): Promise<ManualJob[]> {
  // The tally reads the manual jobs while the pipeline waits on one: when this runs.
  const jobs: readonly Job[] = (await snapshot.jobs())?.manual ?? [];
  let bridges: Bridge[] = [];
  try {
    bridges = await ctx.api.bridges(snapshot.pipeline.id, { stops: ctx.stops, once: true });
  } catch (error) {
    if (error instanceof StoppedError) throw error;
    ctx.logger.debug(`Trigger jobs not read: ${(error as Error).message}`);
  }
  return [...jobs, ...bridges.filter((b) => b.status === 'manual')];
}

/** Runs each blocking manual job once, says which optional ones were left, or why it could not. */
async function play(
  pipeline: Pipeline,
  blocking: readonly ManualJob[],
  manual: readonly ManualJob[],
  played: Set<number>,
  ctx: WatchContext,
): Promise<Verdict | undefined> {
  const due = blocking.filter((j) => !played.has(j.id));
  if (due.length === 0) return undefined;
  const optional = manual.filter((j) => j.allow_failure !== false).map((j) => `'${j.name}'`);
  for (const job of due) {
    played.add(job.id);
    ctx.logger.info(`Running manual job '${job.name}' (stage ${job.stage}).`);
    try {
      await ctx.api.play(job.id, { stops: ctx.stops });
    } catch (error) {
      if (error instanceof StoppedError) throw error;
      return {
        outcome: 'manual',
        message: `Pipeline #${pipeline.id} is blocked on '${job.name}' (stage ${job.stage}), and running it failed: ${(error as Error).message}`,
      };
    }
  }
  if (optional.length)
    ctx.logger.info(
      `Left the optional manual job${optional.length > 1 ? 's' : ''} ${optional.join(', ')} alone: ${optional.length > 1 ? 'they block' : 'it blocks'} nothing (allow_failure).`,
    );
  return undefined;
}

function nameJobs(jobs: readonly ManualJob[]): string {
  return jobs.length
    ? jobs
        .map((j) => `'${j.name}' (stage ${j.stage})${j.web_url ? ` at ${j.web_url}` : ''}`)
        .join(', ')
    : 'a manual job';
}
