// Retrying a pipeline (POST /projects/:id/pipelines/:pipeline_id/retry), driven with GitLab's
// own JavaScript client (@gitbeaker/rest): Ci::RetryPipelineService retries the latest failed
// and canceled jobs and the pipeline runs again.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Gitlab } from '@gitbeaker/rest';
import { startEmulator, type Script } from '../../emulator/index.js';
import { call, trigger, type Emu, type Json } from './helpers.js';

let emu: Emu;
let api: InstanceType<typeof Gitlab>;
beforeAll(async () => {
  emu = await startEmulator({ speed: 0 });
  api = new Gitlab({ host: emu.url, token: emu.seed.apiToken });
});
afterAll(async () => {
  await emu.close();
});

const FLAKY: Script = {
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [
    { name: 'build', stage: 'build', duration: 2 },
    { name: 'flaky', stage: 'test', duration: 3, result: 'failed', retryResult: 'success' },
    { name: 'broken', stage: 'test', duration: 3, result: 'failed' },
    { name: 'deploy', stage: 'deploy', duration: 2 },
  ],
};

async function failedPipeline(script: Script = FLAKY): Promise<number> {
  emu.setScript(42, 'main', script);
  const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' });
  emu.setScript(42, 'main', null);
  expect(answer.status).toBe(201);
  emu.advance(60);
  return (answer.json as Json).id as number;
}

const byName = (jobs: Json[]) => Object.fromEntries(jobs.map((j) => [j.name as string, j]));

describe('POST /projects/:id/pipelines/:pipeline_id/retry', () => {
  it('retries the failed jobs as new ones, runs the skipped ones again, and the pipeline runs again', async () => {
    const id = await failedPipeline();
    const before = byName((await api.Jobs.all(42, { pipelineId: id })) as Json[]);
    expect(before.deploy?.status).toBe('skipped');
    const pipelines = emu.pipelines.length;

    const answer = await api.Pipelines.retry(42, id);
    expect(answer).toMatchObject({ id, status: 'running', finished_at: null });
    expect(emu.pipelines.length).toBe(pipelines);

    const now = byName((await api.Jobs.all(42, { pipelineId: id })) as Json[]);
    expect(now.flaky?.id).not.toBe(before.flaky?.id);
    expect(now.broken?.id).not.toBe(before.broken?.id);
    expect(now.build?.id).toBe(before.build?.id);
    expect(now.flaky?.status).toBe('pending');
    expect(now.deploy?.status).toBe('created');
    const all = (await api.Jobs.all(42, { pipelineId: id, includeRetried: true })) as Json[];
    expect(all.filter((j) => j.name === 'flaky').map((j) => j.status)).toEqual([
      'pending',
      'failed',
    ]);

    emu.advance(60);
    const after = byName((await api.Jobs.all(42, { pipelineId: id })) as Json[]);
    expect(after.flaky?.status).toBe('success');
    expect(after.broken?.status).toBe('failed');
    expect(after.deploy?.status).toBe('skipped');
    expect((await api.Pipelines.show(42, id)).status).toBe('failed');
  });

  it('finishes in success when every retried job passes this time', async () => {
    const id = await failedPipeline({
      createdSeconds: 1,
      jobs: [
        { name: 'test', stage: 'test', duration: 3, result: 'failed', retryResult: 'success' },
        { name: 'deploy', stage: 'deploy', duration: 2 },
      ],
    });
    const failed = await api.Pipelines.show(42, id);
    expect(failed.status).toBe('failed');
    await api.Pipelines.retry(42, id);
    emu.advance(60);
    const passed = await api.Pipelines.show(42, id);
    expect(passed.status).toBe('success');
    expect(passed.finished_at).not.toBe(failed.finished_at);
    const jobs = byName((await api.Jobs.all(42, { pipelineId: id })) as Json[]);
    expect(jobs.deploy?.status).toBe('success');
  });

  it('answers 201 with the pipeline unchanged when nothing failed', async () => {
    const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' });
    const id = (answer.json as Json).id as number;
    emu.advance(60);
    const retried = await call(emu, 'POST', `/projects/42/pipelines/${id}/retry`, {
      token: emu.seed.apiToken,
    });
    expect(retried.status).toBe(201);
    expect(retried.json).toMatchObject({ id, status: 'success' });
  });

  it('refuses a Reporter, a read_api token and no token; 404 for a pipeline of another project', async () => {
    const id = await failedPipeline();
    const path = `/projects/42/pipelines/${id}/retry`;
    const reporter = await call(emu, 'POST', path, { token: emu.seed.readApiToken });
    expect(reporter.status).toBe(403);
    expect(reporter.json).toMatchObject({ error: 'insufficient_scope' });
    const reporterWithApi = emu.addAccessToken({
      token: 'glpat-reporterWithApi0001',
      userId: 11,
      scopes: ['api'],
      projectIds: [42],
      role: 'reporter',
    });
    const forbidden = await call(emu, 'POST', path, { token: reporterWithApi.token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json).toEqual({ message: '403 Forbidden' });
    const anonymous = await call(emu, 'POST', path);
    expect(anonymous.status).toBe(401);
    const elsewhere = await call(emu, 'POST', `/projects/44/pipelines/${id}/retry`, {
      token: emu.seed.apiToken,
    });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.json).toEqual({ message: '404 Not found' });
    // Nothing was retried by the refused requests.
    const jobs = (await api.Jobs.all(42, { pipelineId: id, includeRetried: true })) as Json[];
    expect(jobs.filter((j) => j.name === 'flaky')).toHaveLength(1);
    // A Developer may.
    const developer = await call(emu, 'POST', path, { token: emu.seed.developerToken });
    expect(developer.status).toBe(201);
    expect(developer.json).toMatchObject({ status: 'running' });
  });

  it('retries a failed child pipeline; the depend bridge above it runs again and follows it', async () => {
    const id = await failedPipeline({
      createdSeconds: 1,
      jobs: [{ name: 'build', stage: 'build', duration: 1 }],
      bridges: [
        {
          name: 'child',
          stage: 'test',
          strategy: 'depend',
          downstream: {
            child: true,
            script: {
              createdSeconds: 1,
              jobs: [{ name: 'flaky', duration: 2, result: 'failed', retryResult: 'success' }],
            },
          },
        },
      ],
    });
    expect((await api.Pipelines.show(42, id)).status).toBe('failed');
    const [bridge] = (await api.Jobs.allPipelineBridges(42, id)) as Json[];
    const childId = (bridge?.downstream_pipeline as Json).id as number;
    const retried = await api.Pipelines.retry(42, childId);
    // Its only job waits for a runner again: the composite status is pending.
    expect(retried.status).toBe('pending');
    expect((await api.Pipelines.show(42, id)).status).toBe('running');
    emu.advance(60);
    expect((await api.Pipelines.show(42, childId)).status).toBe('success');
    expect((await api.Pipelines.show(42, id)).status).toBe('success');
  });
});
