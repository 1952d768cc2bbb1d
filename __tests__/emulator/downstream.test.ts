// Child and multi-project pipelines started by trigger jobs, nested, and the routes that list
// those trigger jobs (/bridges, and /trigger_jobs from GitLab 19.2).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Gitlab } from '@gitbeaker/rest';
import { startEmulator } from '../../emulator/index.js';
import { call, trigger, type Emu, type Json } from './helpers.js';

let emu: Emu;
let api: InstanceType<typeof Gitlab>;
let id: number;

const NESTED = {
  jobs: [{ name: 'build', stage: 'build', duration: 2 }],
  bridges: [
    {
      name: 'child',
      stage: 'deploy',
      strategy: 'depend' as const,
      downstream: {
        child: true,
        script: {
          jobs: [{ name: 'child-unit', stage: 'test', duration: 2 }],
          bridges: [
            {
              name: 'grandchild-in-other',
              stage: 'deploy',
              strategy: 'depend' as const,
              downstream: {
                projectPath: 'acme/platform/other',
                script: {
                  jobs: [
                    { name: 'integration', stage: 'test', duration: 3, result: 'failed' as const },
                  ],
                },
              },
            },
          ],
        },
      },
    },
    {
      name: 'notify-secret',
      stage: 'deploy',
      downstream: { projectPath: 'acme/secret/audit', status: 'success' as const },
    },
  ],
};

beforeAll(async () => {
  emu = await startEmulator({ speed: 0, version: '19.2.0-ee' });
  api = new Gitlab({ host: emu.url, token: emu.seed.apiToken });
  emu.setScript(42, 'main', NESTED);
  const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' });
  id = (answer.json as Json).id as number;
  emu.setScript(42, 'main', null);
  emu.advance(60);
});
afterAll(async () => {
  await emu.close();
});

describe('nested downstream pipelines', () => {
  it('a failing job three levels down fails every strategy:depend bridge above it', async () => {
    expect((await api.Pipelines.show(42, id)).status).toBe('failed');
    const bridges = await api.Jobs.allPipelineBridges(42, id);
    const child = bridges.find((b) => b.name === 'child')!;
    expect(child).toMatchObject({
      status: 'failed',
      failure_reason: 'downstream_pipeline_failure',
    });
    const childPipeline = child.downstream_pipeline as unknown as Json;
    expect(childPipeline).toMatchObject({
      project_id: 42,
      source: 'parent_pipeline',
      status: 'failed',
    });

    const [grandchild] = await api.Jobs.allPipelineBridges(42, childPipeline.id as number);
    const other = grandchild!.downstream_pipeline as unknown as Json;
    expect(other).toMatchObject({ project_id: 44, source: 'pipeline', status: 'failed' });
    const otherJobs = await api.Jobs.all(44, { pipelineId: other.id as number });
    expect(otherJobs[0]).toMatchObject({ name: 'integration', status: 'failed' });
  });

  it('a bridge without strategy:depend succeeds once its pipeline exists', async () => {
    const bridges = await api.Jobs.allPipelineBridges(42, id);
    const notify = bridges.find((b) => b.name === 'notify-secret')!;
    expect(notify.status).toBe('success');
    expect((notify.downstream_pipeline as unknown as Json).source).toBe('pipeline');
  });

  it('child pipelines are left out of the project list unless asked for by source', async () => {
    const all = await api.Pipelines.all(42);
    expect(all.some((p) => p.source === 'parent_pipeline')).toBe(false);
    const children = await api.Pipelines.all(42, { source: 'parent_pipeline' } as never);
    expect(children.length).toBeGreaterThan(0);
  });

  it('a downstream pipeline in a project the token cannot read: 404 on its reads', async () => {
    const bridges = await api.Jobs.allPipelineBridges(42, id);
    const secret = bridges.find((b) => b.name === 'notify-secret')!
      .downstream_pipeline as unknown as Json;
    const read = await call(
      emu,
      'GET',
      `/projects/${secret.project_id as number}/pipelines/${secret.id as number}`,
      { token: emu.seed.readApiToken },
    );
    expect(read.status).toBe(404);
    expect(read.json).toEqual({ message: '404 Project Not Found' });
    const jobs = await call(
      emu,
      'GET',
      `/projects/${secret.project_id as number}/pipelines/${secret.id as number}/bridges`,
      { token: emu.seed.readApiToken },
    );
    expect(jobs.status).toBe(404);
  });
});

describe('GET /projects/:id/pipelines/:pipeline_id/trigger_jobs', () => {
  it('answers as /bridges does from 19.2 (paginated, scope[] filtered)', async () => {
    const bridges = await call(emu, 'GET', `/projects/42/pipelines/${id}/bridges`, {
      token: emu.seed.apiToken,
    });
    const triggerJobs = await call(emu, 'GET', `/projects/42/pipelines/${id}/trigger_jobs`, {
      token: emu.seed.apiToken,
    });
    expect(triggerJobs.status).toBe(200);
    expect((triggerJobs.json as Json[]).map((j) => j.id)).toEqual(
      (bridges.json as Json[]).map((j) => j.id),
    );
    expect(triggerJobs.headers.get('x-total')).toBe('2');
    const failed = await call(
      emu,
      'GET',
      `/projects/42/pipelines/${id}/trigger_jobs?scope[]=failed`,
      { token: emu.seed.apiToken },
    );
    expect((failed.json as Json[]).map((j) => j.name)).toEqual(['child']);
  });

  it('does not exist before 19.2: the catch-all 404', async () => {
    const older = await startEmulator({ speed: 0 });
    try {
      const answer = await call(older, 'GET', '/projects/42/pipelines/1000/trigger_jobs', {
        token: older.seed.apiToken,
      });
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual({ error: '404 Not Found' });
    } finally {
      await older.close();
    }
  });
});
