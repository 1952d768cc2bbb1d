// Manual jobs and cancelling, driven with GitLab's own JavaScript client (@gitbeaker/rest).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Gitlab } from '@gitbeaker/rest';
import { startEmulator } from '../../emulator/index.js';
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

async function newPipeline(projectId = 42, ref = 'main'): Promise<number> {
  const token =
    projectId === 42
      ? emu.seed.triggerToken
      : emu.addTriggerToken({ projectId, ownerId: 10 }).token;
  const answer = await trigger(emu, { token, ref }, projectId);
  expect(answer.status).toBe(201);
  return (answer.json as Json).id as number;
}

const GATED = {
  stages: ['build', 'approve', 'deploy', 'rollback'],
  jobs: [
    { name: 'build', stage: 'build', duration: 2 },
    { name: 'approve', stage: 'approve', when: 'manual' as const, allowFailure: false },
    { name: 'deploy', stage: 'deploy', duration: 2 },
    { name: 'rollback-production', stage: 'rollback', when: 'manual' as const },
  ],
  bridges: [
    {
      name: 'notify-downstream',
      stage: 'rollback',
      when: 'manual' as const,
      downstream: { projectPath: 'acme/platform/other', status: 'success' as const, duration: 2 },
    },
  ],
};

describe('manual jobs', () => {
  let id: number;
  beforeAll(async () => {
    emu.setScript(42, 'main', GATED);
    id = await newPipeline();
    emu.setScript(42, 'main', null);
  });

  it('blocks on a manual job with allow_failure: false: the pipeline is manual', async () => {
    emu.advance(10);
    const pipeline = await api.Pipelines.show(42, id);
    expect(pipeline.status).toBe('manual');
    expect((pipeline.detailed_status as Json).text).toBe('Blocked');
    const jobs = await api.Jobs.all(42, { pipelineId: id });
    const byName = Object.fromEntries(jobs.map((j) => [j.name, j]));
    expect(byName.approve).toMatchObject({ status: 'manual', allow_failure: false });
    expect(byName.deploy?.status).toBe('created');
    expect(byName['rollback-production']?.status).toBe('created');
  });

  it('plays the blocking job; the pipeline moves on and finishes with the optional ones left manual', async () => {
    const jobs = await api.Jobs.all(42, { pipelineId: id, scope: ['manual'] as never });
    expect(jobs.map((j) => j.name)).toEqual(['approve']);
    const played = await api.Jobs.play(42, jobs[0]!.id);
    expect(played.status).toBe('pending');
    emu.advance(30);
    const pipeline = await api.Pipelines.show(42, id);
    expect(pipeline.status).toBe('success');
    const after = await api.Jobs.all(42, { pipelineId: id });
    const byName = Object.fromEntries(after.map((j) => [j.name, j]));
    expect(byName.deploy?.status).toBe('success');
    expect(byName['rollback-production']).toMatchObject({ status: 'manual', allow_failure: true });
  });

  it('lists a manual trigger job among the bridges and plays it through /jobs/:id/play', async () => {
    const bridges = await api.Jobs.allPipelineBridges(42, id);
    expect(bridges).toHaveLength(1);
    expect(bridges[0]).toMatchObject({
      name: 'notify-downstream',
      status: 'manual',
      allow_failure: true,
      downstream_pipeline: null,
    });
    const played = (await api.Jobs.play(42, bridges[0]!.id)) as unknown as Json;
    expect(played).toMatchObject({ status: 'pending', downstream_pipeline: null });
    emu.advance(2);
    const [bridge] = await api.Jobs.allPipelineBridges(42, id);
    expect(bridge?.status).toBe('success');
    expect((bridge?.downstream_pipeline as Json).project_id).toBe(44);
  });

  it('refuses to play a job that is not waiting: 400 Unplayable Job', async () => {
    const [build] = await api.Jobs.all(42, { pipelineId: id, scope: ['success'] as never });
    const answer = await call(emu, 'POST', `/projects/42/jobs/${build!.id}/play`, {
      token: emu.seed.apiToken,
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ message: '400 Bad request - Unplayable Job' });
  });
});

describe('cancel', () => {
  const RUNNING = { jobs: [{ name: 'long', stage: 'test', duration: 100 }], cancelingSeconds: 2 };
  const BLOCKED = {
    jobs: [{ name: 'approve', stage: 'test', when: 'manual' as const, allowFailure: false }],
  };

  function project(path: string, cancelBehaviour?: 'legacy-200' | 'recompute') {
    const created = emu.addProject({ path, cancelBehaviour });
    emu.addMember({ userId: 10, projectId: created.id, role: 'maintainer' });
    return created.id;
  }

  it('legacy-200 (default): answers with the status recomputed at once', async () => {
    emu.setScript(42, 'main', RUNNING);
    const id = await newPipeline();
    emu.setScript(42, 'main', null);
    emu.advance(5);
    const answer = await api.Pipelines.cancel(42, id);
    expect(answer.status).toBe('canceling');
    emu.advance(3);
    expect((await api.Pipelines.show(42, id)).status).toBe('canceled');
  });

  it('legacy-200: a pipeline blocked on a manual job answers 200, unchanged', async () => {
    emu.setScript(42, 'main', BLOCKED);
    const id = await newPipeline();
    emu.setScript(42, 'main', null);
    emu.advance(3);
    const answer = await api.Pipelines.cancel(42, id);
    expect(answer.status).toBe('manual');
    expect((await api.Pipelines.show(42, id)).status).toBe('manual');
  });

  it('recompute: the answer still says running; a later read says canceling, then canceled', async () => {
    const projectId = project('acme/cancel/recompute', 'recompute');
    emu.setScript(projectId, 'main', RUNNING);
    const id = await newPipeline(projectId);
    emu.advance(5);
    const answer = await api.Pipelines.cancel(projectId, id);
    expect(answer.status).toBe('running');
    expect((await api.Pipelines.show(projectId, id)).status).toBe('canceling');
    emu.advance(3);
    expect((await api.Pipelines.show(projectId, id)).status).toBe('canceled');
    const [job] = await api.Jobs.all(projectId, { pipelineId: id });
    expect(job?.status).toBe('canceled');
  });

  it('the emulator-wide setting applies to projects that have none', async () => {
    const other = await startEmulator({ speed: 0, cancelBehaviour: 'recompute' });
    try {
      other.setScript(42, 'main', RUNNING);
      const answer = await trigger(other, { token: other.seed.triggerToken, ref: 'main' });
      const id = (answer.json as Json).id as number;
      other.advance(5);
      const cancel = await call(other, 'POST', `/projects/42/pipelines/${id}/cancel`, {
        token: other.seed.apiToken,
      });
      expect(cancel.status).toBe(200);
      expect((cancel.json as Json).status).toBe('running');
    } finally {
      await other.close();
    }
  });

  it('a hang fault on the cancel route leaves the client to its own time budget', async () => {
    emu.setScript(42, 'main', RUNNING);
    const id = await newPipeline();
    emu.setScript(42, 'main', null);
    const rule = emu.fail({ method: 'POST', path: /\/pipelines\/\d+\/cancel$/, hang: true });
    const started = Date.now();
    await expect(
      fetch(`${emu.apiUrl}/projects/42/pipelines/${id}/cancel`, {
        method: 'POST',
        headers: { 'PRIVATE-TOKEN': emu.seed.apiToken },
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(rule.hits).toBe(1);
    // Nothing was handled: the pipeline still runs.
    expect((await api.Pipelines.show(42, id)).status).not.toMatch(/cancel/);
  });
});
