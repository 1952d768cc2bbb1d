// A pipeline of thousands of jobs over many stages (script `generate`), filtered by scope[] and
// paginated as GitLab does, counted or not.
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

async function generated(count: number, stages: number): Promise<number> {
  emu.setScript(42, 'main', {
    generate: { count, stages, duration: 2, failEvery: 97, manualEvery: 101 },
  });
  const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' });
  emu.setScript(42, 'main', null);
  expect(answer.status).toBe(201);
  return (answer.json as Json).id as number;
}

describe('10,000 jobs over 20 stages', () => {
  let id: number;
  beforeAll(async () => {
    id = await generated(10_000, 20);
  });

  it('runs stage after stage to the end in little real time', async () => {
    const started = Date.now();
    emu.advance(1 + 20 * 3 + 5);
    const pipeline = await api.Pipelines.show(42, id);
    expect(pipeline.status).toBe('success');
    expect((pipeline.detailed_status as Json).text).toBe('Warning');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('counts them: X-Total 10000, X-Total-Pages 100 at 100 a page', async () => {
    const page = await call(emu, 'GET', `/projects/42/pipelines/${id}/jobs?per_page=100&page=3`, {
      token: emu.seed.apiToken,
    });
    expect(page.headers.get('x-total')).toBe('10000');
    expect(page.headers.get('x-total-pages')).toBe('100');
    expect(page.headers.get('x-next-page')).toBe('4');
    const jobs = page.json as Json[];
    expect(jobs).toHaveLength(100);
    // Newest first.
    expect((jobs[0]!.id as number) > (jobs[99]!.id as number)).toBe(true);
  });

  it('filters by scope[] (GitLab client: Jobs.all with scope)', async () => {
    const failedOrManual = await api.Jobs.all(42, {
      pipelineId: id,
      scope: ['failed', 'manual'] as never,
      perPage: 100,
    });
    const failed = failedOrManual.filter((j) => j.status === 'failed');
    const manual = failedOrManual.filter((j) => j.status === 'manual');
    expect(failed).toHaveLength(Math.floor(10_000 / 97));
    // Every 101st job is manual unless it also fails (job 9797 = 97 × 101 fails).
    expect(manual).toHaveLength(Math.floor(10_000 / 101) - 1);
    expect(failed[0]).toMatchObject({
      allow_failure: true,
      failure_reason: 'script_failure',
      duration: 2,
    });
    expect(typeof failed[0]!.started_at).toBe('string');
    expect(typeof failed[0]!.finished_at).toBe('string');
    expect(manual[0]).toMatchObject({ allow_failure: true, started_at: null, duration: null });
    expect(manual[0]).not.toHaveProperty('failure_reason');
  });

  it('an unknown scope is refused by Grape', async () => {
    const answer = await call(emu, 'GET', `/projects/42/pipelines/${id}/jobs?scope[]=broken`, {
      token: emu.seed.apiToken,
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'scope does not have a valid value' });
  });
});

describe('more than 10,000 jobs', () => {
  it('are paginated without counts: no X-Total, no X-Total-Pages, no rel="last"', async () => {
    const id = await generated(10_050, 10);
    const page = await call(emu, 'GET', `/projects/42/pipelines/${id}/jobs?per_page=100&page=100`, {
      token: emu.seed.apiToken,
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('x-total')).toBeNull();
    expect(page.headers.get('x-total-pages')).toBeNull();
    expect(page.headers.get('x-next-page')).toBe('101');
    expect(page.headers.get('link')).not.toContain('rel="last"');
    const last = await call(emu, 'GET', `/projects/42/pipelines/${id}/jobs?per_page=100&page=101`, {
      token: emu.seed.apiToken,
    });
    expect(last.json as Json[]).toHaveLength(50);
    expect(last.headers.get('x-next-page')).toBe('');
  });
});
