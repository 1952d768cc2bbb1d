import { describe, expect, it } from '@jest/globals';
import type { Pipeline } from '../../src/core/pipeline.js';
import { RETRY_SETTLE_MS, retrySource } from '../../src/core/retry-source.js';
import { fakeClock, recordingLogger } from '../helpers/client.js';

const failed: Pipeline = {
  id: 31,
  iid: 3,
  project_id: 42,
  sha: 'abc',
  ref: 'main',
  status: 'failed',
  created_at: '2026-11-25T12:00:00Z',
  finished_at: '2026-11-25T12:05:00Z',
  web_url: 'https://gitlab.example.com/acme/deploy/-/pipelines/31',
};
const project = { display: 'acme/deploy', encoded: 'acme%2Fdeploy' };

/** GitLab's retry answer, then what each read shows. */
function gitlab(answer: Pipeline, reads: Pipeline[] = []) {
  const calls = { retry: [] as number[], pipeline: 0 };
  return {
    calls,
    api: {
      retry: async (id: number) => {
        calls.retry.push(id);
        return answer;
      },
      pipeline: async () => {
        const next = reads[Math.min(calls.pipeline, reads.length - 1)] ?? answer;
        calls.pipeline++;
        return next;
      },
    },
  };
}

function source(api: ReturnType<typeof gitlab>['api']) {
  const clock = fakeClock();
  const logger = recordingLogger();
  const retry = retrySource(api, {
    pipelineId: 31,
    project,
    gitlabUrl: 'https://gitlab.example.com',
    clock,
    logger,
    before: failed,
  });
  return { retry, clock, logger };
}

describe('retrySource', () => {
  it('says what it retries before it starts', () => {
    const { retry } = source(gitlab(failed).api);
    expect(retry.describe()).toBe(
      "Retrying the failed jobs of pipeline #31 of project 'acme/deploy' on https://gitlab.example.com",
    );
  });

  it('retries the pipeline and hands it back when GitLab shows it running again', async () => {
    const { api, calls } = gitlab({ ...failed, status: 'running', finished_at: null });
    const { retry } = source(api);
    await expect(retry.start({})).resolves.toMatchObject({ id: 31, status: 'running' });
    expect(calls).toEqual({ retry: [31], pipeline: 0 });
  });

  it('reads again while GitLab still shows the old finished status, until processing moves it', async () => {
    const { api, calls } = gitlab(failed, [failed, { ...failed, status: 'pending' }]);
    const { retry, clock } = source(api);
    await expect(retry.start({})).resolves.toMatchObject({ id: 31, status: 'pending' });
    expect(calls.pipeline).toBe(2);
    expect(clock.slept).toEqual([1_000, 1_000]);
  });

  it('takes a pipeline whose retried jobs already finished again by its new finish', async () => {
    const again = { ...failed, finished_at: '2026-11-25T13:00:02Z' };
    const { api } = gitlab(failed, [again]);
    const { retry } = source(api);
    await expect(retry.start({})).resolves.toMatchObject({ finished_at: again.finished_at });
  });

  it('follows the pipeline as it stands once GitLab accepted the retry, never starting another', async () => {
    const { api } = gitlab(failed);
    const { retry, clock, logger } = source(api);
    const started = clock.now();
    await expect(retry.start({})).resolves.toMatchObject({ id: 31, status: 'failed' });
    expect(clock.now() - started).toBe(RETRY_SETTLE_MS);
    expect(logger.lines).toEqual([
      `warning: GitLab accepted the retry of pipeline #31, but it still shows failed (it may have had nothing to retry); following it as it stands: ${failed.web_url}`,
    ]);
  });

  it('lets a refusal of the retry through to the run', async () => {
    const api = {
      retry: async () => {
        throw new Error('GitLab answered 403 Forbidden to the request to retry …');
      },
      pipeline: async () => failed,
    };
    const { retry } = source(api);
    await expect(retry.start({})).rejects.toThrow('403 Forbidden');
  });
});
