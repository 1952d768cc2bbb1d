import { isDenied } from '../../errors.js';
import type { Bridge, Job, ReadOptions } from '../../pipelines-api.js';
import type { Redactor } from '../../redact.js';
import type { PipelineResultsApi } from '../../pipeline-results-api.js';
import { isFinished } from '../../pipeline-statuses.js';
import { TRACED_FAILED_JOBS, TRACE_TAIL_BYTES, cleanTrace } from './final-report.js';
import { optional } from './optional-read.js';
import {
  PATH_JOINT,
  type DownstreamFailedJob,
  type DownstreamPipeline,
} from './result-findings.js';

/** The calls a walk down the trigger jobs makes. */
export type TreeApi = Pick<PipelineResultsApi, 'triggerJobs' | 'jobs' | 'traceTail'>;

/**
 * GitLab's own ceiling on a pipeline hierarchy (the `ci_pipeline_hierarchy_size` limit,
 * 1,000 pipelines by default): no walk reads past it.
 */
export const MAX_DOWNSTREAM_PIPELINES = 1_000;

export interface WalkOptions extends ReadOptions {
  readonly maxPipelines: number;
  /** Read the log tails of failed jobs (at the end, not while waiting). */
  readonly traces?: { readonly redactor: Redactor };
}

export interface Walk {
  readonly pipelines: DownstreamPipeline[];
  /** True when the walk stopped at `maxPipelines`. */
  readonly cut: boolean;
}

interface Pending {
  readonly bridge: Bridge;
  readonly path: readonly string[];
}

/**
 * Walks down from a pipeline through its trigger jobs to every downstream pipeline, child or
 * multi-project, at every depth, in the order a person reads them (each pipeline, then what
 * it started). The jobs of a finished pipeline are kept between walks: they no longer change.
 */
export class DownstreamTree {
  private readonly finishedJobs = new Map<string, readonly Job[]>();

  constructor(private readonly api: TreeApi) {}

  async walk(root: { project_id: number; id: number }, options: WalkOptions): Promise<Walk> {
    const pipelines: DownstreamPipeline[] = [];
    const seen = new Set<string>([`${root.project_id}:${root.id}`]);
    const top = await readable(() => this.api.triggerJobs(root.project_id, root.id, options));
    const stack: Pending[] = (top ?? [])
      .sort((a, b) => b.id - a.id)
      .map((bridge) => ({ bridge, path: [bridge.name] }));
    while (stack.length > 0) {
      if (pipelines.length >= options.maxPipelines) return { pipelines, cut: true };
      const { bridge, path } = stack.pop() as Pending;
      const down = bridge.downstream_pipeline;
      const key = down ? `${down.project_id}:${down.id}` : '';
      if (down && seen.has(key)) continue;
      seen.add(key);
      const visited = await this.visit(bridge, path, options);
      pipelines.push(visited.pipeline);
      for (const child of visited.children.sort((a, b) => b.id - a.id))
        stack.push({ bridge: child, path: [...path, child.name] });
    }
    return { pipelines, cut: false };
  }

  private async visit(
    bridge: Bridge,
    path: readonly string[],
    options: WalkOptions,
  ): Promise<{ pipeline: DownstreamPipeline; children: Bridge[] }> {
    const down = bridge.downstream_pipeline;
    const base = {
      path,
      name: path.join(PATH_JOINT),
      depth: path.length,
      bridge: {
        id: bridge.id,
        name: bridge.name,
        stage: bridge.stage,
        status: bridge.status,
        allow_failure: bridge.allow_failure,
      },
    };
    if (!down) {
      // A trigger job that failed without a pipeline (its creation failed) fails its pipeline:
      // it is named like a failed job, with GitLab's reason.
      const failed: DownstreamFailedJob[] =
        bridge.status === 'failed'
          ? [{ job: { ...bridge, web_url: bridge.web_url ?? '' }, name: base.name }]
          : [];
      return { pipeline: { ...base, access: 'not-started', failed }, children: [] };
    }
    const pipeline = {
      id: down.id,
      project_id: down.project_id,
      status: down.status,
      web_url: down.web_url,
      ...(typeof down.source === 'string' ? { source: down.source } : {}),
    };
    const jobs = await this.jobsOf(pipeline, options);
    if (!jobs) {
      return { pipeline: { ...base, pipeline, access: 'unreadable', failed: [] }, children: [] };
    }
    const children = await readable(() =>
      this.api.triggerJobs(pipeline.project_id, pipeline.id, options),
    );
    const failed = await this.failedJobs(pipeline.project_id, jobs, base.name, options);
    return {
      pipeline: { ...base, pipeline, access: 'read', jobs, failed },
      children: children ?? [],
    };
  }

  /** The jobs in the order they ran; undefined when the token cannot read the project. */
  private async jobsOf(
    pipeline: { project_id: number; id: number; status: string },
    options: ReadOptions,
  ): Promise<readonly Job[] | undefined> {
    const key = `${pipeline.project_id}:${pipeline.id}`;
    const kept = this.finishedJobs.get(key);
    if (kept) return kept;
    const jobs = await readable(() => this.api.jobs(pipeline.project_id, pipeline.id, options));
    if (!jobs) return undefined;
    jobs.sort((a, b) => a.id - b.id);
    if (isFinished(pipeline.status)) this.finishedJobs.set(key, jobs);
    return jobs;
  }

  private async failedJobs(
    projectId: number,
    jobs: readonly Job[],
    pipelineName: string,
    options: WalkOptions,
  ): Promise<DownstreamFailedJob[]> {
    const failed: DownstreamFailedJob[] = [];
    // As for the top pipeline: the logs of the first TRACED_FAILED_JOBS of each kind, so that
    // a pipeline with a hundred failed jobs neither reads a hundred logs nor fills the summary.
    const traced = { allowed: 0, blocking: 0 };
    for (const job of jobs.filter((j) => j.status === 'failed')) {
      const name = `${pipelineName}${PATH_JOINT}${job.name}`;
      if (!options.traces) {
        failed.push({ job, name });
        continue;
      }
      if (traced[job.allow_failure ? 'allowed' : 'blocking']++ >= TRACED_FAILED_JOBS) {
        failed.push({ job, name, unquoted: true });
        continue;
      }
      const raw = await optional(() =>
        this.api.traceTail(projectId, job.id, TRACE_TAIL_BYTES * 4, options),
      );
      failed.push(
        raw === undefined
          ? { job, name }
          : { job, name, trace: cleanTrace(raw, options.traces.redactor) },
      );
    }
    return failed;
  }
}

/** A read that the token may be refused: undefined then (the project is not the token's). */
async function readable<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isDenied(error)) return undefined;
    throw error;
  }
}
