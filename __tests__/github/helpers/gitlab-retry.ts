// The GitLab emulator has no `POST /projects/:id/pipelines/:id/retry` yet. Until it does, the
// in-process tests answer that one request here, through the emulator's own store and timeline,
// the way Ci::RetryPipelineService does (app/services/ci/retry_pipeline_service.rb): each
// failed or canceled build is cloned as a new `created` job (the old one becomes retried), the
// skipped jobs are processed again, the pipeline is processed at once, and GitLab answers 201
// with Entities::Ci::Pipeline. Everything else goes to the emulator over HTTP as usual.
import type { Emulator } from '../../../emulator/index.js';
import { pipelineEntity } from '../../../emulator/entities.js';
import type { Instance } from '../../../emulator/instance.js';
import { latestJobs } from '../../../emulator/timeline.js';
import type { HttpResponse, HttpSend } from '../../../src/core/http-transport.js';

type EmulatorInternals = { instance: Instance };

const RETRY = /\/projects\/([^/]+)\/pipelines\/(\d+)\/retry$/;

export interface RetryShim {
  readonly send: HttpSend;
  /** The pipeline ids retried, in order. */
  readonly retried: number[];
}

/**
 * `send` with the retry answered in the emulator. `retriedResult` is what a retried job does
 * this time: a flaky test that passes when run again.
 */
export function withPipelineRetry(
  emu: Emulator,
  send: HttpSend,
  retriedResult: 'success' | 'failed' = 'success',
): RetryShim {
  const retried: number[] = [];
  return {
    retried,
    send: async (request) => {
      const match = request.method === 'POST' ? RETRY.exec(new URL(request.url).pathname) : null;
      if (!match) return send(request);
      const id = Number(match[2]);
      retried.push(id);
      return retryPipeline(emu, id, retriedResult);
    },
  };
}

function answer(status: number, body: unknown): HttpResponse {
  const text = JSON.stringify(body);
  return {
    status,
    body: text,
    headers: { get: (name) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) },
  };
}

function retryPipeline(emu: Emulator, id: number, result: 'success' | 'failed'): HttpResponse {
  const instance = (emu as unknown as EmulatorInternals).instance;
  const now = instance.now();
  const { store } = instance;
  const pipeline = store.pipelines.get(id);
  if (!pipeline) return answer(404, { message: '404 Not found' });
  for (const job of latestJobs(pipeline)) {
    if (job.kind !== 'build' || !['failed', 'canceled'].includes(job.status)) continue;
    job.retried = true;
    const clone = {
      ...job,
      id: store.nextJobId++,
      status: 'created' as const,
      result,
      failureReason: null,
      createdAt: now,
      queuedAt: null,
      startedAt: null,
      finishedAt: null,
      nextAt: null,
      retried: false,
    };
    pipeline.jobs.push(clone);
    store.jobs.set(clone.id, clone);
  }
  for (const job of latestJobs(pipeline)) {
    if (job.status === 'skipped' && job.result !== 'skipped') job.status = 'created';
  }
  // Processed at once, as StartPipelineService does: the answer shows the pipeline moving.
  pipeline.processing = false;
  pipeline.processAt = now;
  instance.now();
  return answer(201, pipelineEntity(instance, pipeline, true));
}
