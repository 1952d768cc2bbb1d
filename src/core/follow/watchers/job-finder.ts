import type { Job, ReadOptions } from '../../pipelines-api.js';
import { DownstreamTree, MAX_DOWNSTREAM_PIPELINES, type TreeApi } from './downstream-tree.js';
import { PATH_JOINT } from './result-findings.js';

/** A job of the pipeline or of one of its downstream pipelines. */
export interface FoundJob {
  readonly job: Job;
  /** The project its pipeline belongs to (a downstream pipeline may be in another). */
  readonly projectId: number;
  /** The trigger jobs down to its pipeline; empty for a job of the pipeline itself. */
  readonly path: readonly string[];
  /** `child › grandchild › job`, or the job's own name. */
  readonly name: string;
}

/**
 * The jobs of a finished pipeline and of its downstream pipelines, latest runs only (GitLab
 * leaves retried runs out of its job lists), the pipeline's own first.
 */
export async function pipelineJobs(
  api: TreeApi,
  pipeline: { project_id: number; id: number },
  options: ReadOptions & { downstream?: boolean; maxPipelines?: number } = {},
): Promise<FoundJob[]> {
  const own = latest(await api.jobs(pipeline.project_id, pipeline.id, options)).map((job) => ({
    job,
    projectId: pipeline.project_id,
    path: [],
    name: job.name,
  }));
  if (options.downstream === false) return own;
  const walk = await new DownstreamTree(api).walk(pipeline, {
    maxPipelines: options.maxPipelines ?? MAX_DOWNSTREAM_PIPELINES,
    stops: options.stops,
  });
  const below = walk.pipelines.flatMap((down) =>
    down.pipeline && down.jobs
      ? latest(down.jobs).map((job) => ({
          job,
          projectId: down.pipeline?.project_id ?? pipeline.project_id,
          path: down.path,
          name: [...down.path, job.name].join(PATH_JOINT),
        }))
      : [],
  );
  return [...own, ...below];
}

/** One job per name, the last run (highest id), in the order they ran. */
function latest(jobs: readonly Job[]): Job[] {
  const byName = new Map<string, Job>();
  for (const job of jobs) {
    const kept = byName.get(job.name);
    if (!kept || kept.id < job.id) byName.set(job.name, job);
  }
  return [...byName.values()].sort((a, b) => a.id - b.id);
}
