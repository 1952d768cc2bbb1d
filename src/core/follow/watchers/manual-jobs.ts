import { StoppedError } from '../../errors.js';
import type { Job } from '../../pipelines-api.js';
import type { Verdict, Watcher } from '../watcher.js';

/**
 * What a pipeline blocked on a manual job means, as the manual-job setting says: fail or
 * pass the step at once, wait for someone, or run the jobs.
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
      const manual = ((await snapshot.jobs()) ?? []).filter((j) => j.status === 'manual');
      const named = nameJobs(manual);
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
          for (const job of manual.filter((j) => !played.has(j.id))) {
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
          return undefined;
      }
    },
  };
}

function nameJobs(jobs: readonly Job[]): string {
  return jobs.length
    ? jobs.map((j) => `'${j.name}' (stage ${j.stage}) at ${j.web_url}`).join(', ')
    : 'a manual job';
}
