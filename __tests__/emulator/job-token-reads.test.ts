// jobTokenReadPipelines: CI job tokens reading pipelines and jobs of allowlisted projects.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator } from '../../emulator/index.js';
import { call, trigger, type Emu, type Json } from './helpers.js';

async function setUp(emu: Emu) {
  const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' });
  const id = (answer.json as Json).id as number;
  emu.advance(20);
  const jobs = await call(emu, 'GET', `/projects/42/pipelines/${id}/jobs`, {
    token: emu.seed.apiToken,
  });
  return { id, jobId: (jobs.json as Json[])[0]!.id as number };
}

describe('jobTokenReadPipelines: true', () => {
  let emu: Emu;
  let ids: { id: number; jobId: number };
  beforeAll(async () => {
    emu = await startEmulator({ speed: 0, jobTokenReadPipelines: true });
    ids = await setUp(emu);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('reads the pipeline, its jobs, a job, its log and its test report with JOB-TOKEN', async () => {
    const headers = { 'JOB-TOKEN': emu.seed.jobToken };
    for (const path of [
      `/projects/42/pipelines/${ids.id}`,
      `/projects/42/pipelines/${ids.id}/jobs`,
      `/projects/42/pipelines/${ids.id}/test_report_summary`,
      `/projects/42/jobs/${ids.jobId}`,
      `/projects/42/jobs/${ids.jobId}/trace`,
    ]) {
      expect([path, (await call(emu, 'GET', path, { headers })).status]).toEqual([path, 200]);
    }
  });

  it('a job token whose project the allowlist does not admit: 403 naming both projects', async () => {
    const answer = await call(emu, 'GET', `/projects/42/pipelines/${ids.id}/jobs`, {
      headers: { 'JOB-TOKEN': emu.seed.outsideJobToken },
    });
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({
      message:
        '403 Forbidden - Authentication by CI/CD job token not allowed from other to deploy.',
    });
  });

  it('cannot cancel: the header is ignored on POST, 401', async () => {
    const answer = await call(emu, 'POST', `/projects/42/pipelines/${ids.id}/cancel`, {
      headers: { 'JOB-TOKEN': emu.seed.jobToken },
    });
    expect(answer.status).toBe(401);
  });
});

describe('jobTokenReadPipelines: false', () => {
  it('ignores job tokens on every pipeline read: the private project is not found', async () => {
    const emu = await startEmulator({ speed: 0, jobTokenReadPipelines: false });
    try {
      const { id } = await setUp(emu);
      const answer = await call(emu, 'GET', `/projects/42/pipelines/${id}`, {
        headers: { 'JOB-TOKEN': emu.seed.jobToken },
      });
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual({ message: '404 Project Not Found' });
    } finally {
      await emu.close();
    }
  });
});
