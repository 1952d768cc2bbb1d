import { describe, expect, it } from '@jest/globals';
import { cancelPipeline } from '../src/core/cancel.js';
import { GitLabError } from '../src/core/errors.js';
import type { Pipeline } from '../src/core/pipeline.js';
import { fakeClock, recordingLogger } from './helpers/client.js';

// What the step says after asking GitLab to cancel: what GitLab did, read back, not what was asked.

const running: Pipeline = {
  id: 7,
  iid: 1,
  project_id: 42,
  sha: 'abc',
  ref: 'main',
  status: 'running',
  created_at: '2026-11-25T12:00:00Z',
  web_url: 'https://gitlab.example.com/acme/deploy/-/pipelines/7',
};

function api(cancel: () => Promise<Pipeline>, now: Pipeline) {
  return { hasToken: true, cancel, pipeline: async () => now };
}
const refused = async (): Promise<Pipeline> => {
  throw new GitLabError('GitLab answered 422', 422, {
    gitlabMessage: 'Pipeline is not cancelable',
  });
};

describe('cancelPipeline', () => {
  it('says the pipeline had finished when a (future, API v5) GitLab refuses a cancel that came too late', async () => {
    const done = { ...running, status: 'success' };
    const outcome = await cancelPipeline(
      api(refused, done),
      running,
      recordingLogger(),
      fakeClock(),
      'api_token',
    );
    expect(outcome).toMatchObject({
      canceled: false,
      settled: true,
      fate: 'had already finished (success)',
    });
  });

  it("says GitLab refused, in GitLab's words, a pipeline blocked on a manual job", async () => {
    const blocked = { ...running, status: 'manual' };
    const outcome = await cancelPipeline(
      api(refused, blocked),
      running,
      recordingLogger(),
      fakeClock(),
      'api_token',
    );
    expect(outcome.fate).toBe(
      'could not be cancelled: GitLab refused (Pipeline is not cancelable)',
    );
  });

  it('reads the pipeline again when the answer still says running', async () => {
    const answer = async () => running;
    const outcome = await cancelPipeline(
      api(answer, { ...running, status: 'canceling' }),
      running,
      recordingLogger(),
      fakeClock(),
      'api_token',
    );
    expect(outcome).toMatchObject({ canceled: true, fate: 'is being cancelled' });
  });

  it('never reports "now undefined": an answer that is no pipeline, and no read after it', async () => {
    const logger = recordingLogger();
    const outcome = await cancelPipeline(
      {
        hasToken: true,
        cancel: async () => ({ message: 'ok' }) as unknown as Pipeline,
        pipeline: async () => {
          throw new GitLabError('GitLab answered 500', 500);
        },
      },
      running,
      logger,
      fakeClock(),
      'api_token',
    );
    expect(outcome).toMatchObject({
      canceled: false,
      settled: false,
      fate: 'was sent a cancel, but what GitLab did is unknown',
    });
    expect(logger.lines.join('\n')).not.toContain('undefined');
  });

  it('leaves nothing for a later try without a token that may cancel', async () => {
    const logger = recordingLogger();
    const outcome = await cancelPipeline(
      { hasToken: false, cancel: refused, pipeline: async () => running },
      running,
      logger,
      fakeClock(),
      'api_token',
    );
    expect(outcome.settled).toBe(true);
    expect(logger.lines[0]).toMatch(/cancelling needs 'api_token' with the api scope/);
  });
});
