import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator } from '../../emulator/index.js';
import { call, sleep, statusOf, trigger, type Emu, type Json } from './helpers.js';

let emu: Emu;
beforeAll(async () => {
  // Speed 0 freezes the emulated clock: only emu.advance() moves it, so timelines are exact.
  emu = await startEmulator({ speed: 0 });
});
afterAll(async () => {
  await emu.close();
});

/** Triggers a pipeline on project 42 (ref main unless given) and returns its id. */
async function newPipeline(
  ref = 'main',
  projectId = 42,
  token = emu.seed.triggerToken,
): Promise<number> {
  const answer = await trigger(emu, { token, ref }, projectId);
  expect(answer.status).toBe(201);
  return (answer.json as Json).id as number;
}

async function getPipeline(
  id: number,
  options: Parameters<typeof call>[3] = {},
  projectId: string | number = 42,
) {
  return call(emu, 'GET', `/projects/${projectId}/pipelines/${id}`, options);
}

async function jobsOf(id: number, query = ''): Promise<Json[]> {
  const answer = await call(emu, 'GET', `/projects/42/pipelines/${id}/jobs${query}`, {
    token: emu.seed.apiToken,
  });
  expect(answer.status).toBe(200);
  return answer.json as Json[];
}

describe('GET /projects/:id/pipelines/:pipeline_id', () => {
  let id: number;
  beforeAll(async () => {
    id = await newPipeline();
  });

  it('answers a PRIVATE-TOKEN with the pipeline, its name and archived flag', async () => {
    const answer = await getPipeline(id, { token: emu.seed.apiToken });
    expect(answer.status).toBe(200);
    const body = answer.json as Json;
    expect(body).toMatchObject({
      id,
      project_id: 42,
      source: 'trigger',
      name: null,
      archived: false,
    });
    expect((body.detailed_status as Json).has_details).toBe(true);
  });

  it('accepts the token as Authorization: Bearer and as the private_token parameter', async () => {
    const bearer = await getPipeline(id, {
      headers: { Authorization: `Bearer ${emu.seed.apiToken}` },
    });
    expect(bearer.status).toBe(200);
    const param = await call(
      emu,
      'GET',
      `/projects/42/pipelines/${id}?private_token=${emu.seed.apiToken}`,
    );
    expect(param.status).toBe(200);
  });

  it('accepts a read_api token for reading', async () => {
    expect((await getPipeline(id, { token: emu.seed.readApiToken })).status).toBe(200);
  });

  it('accepts a CI job token in the JOB-TOKEN header, as Bearer, or as job_token', async () => {
    expect((await getPipeline(id, { headers: { 'JOB-TOKEN': emu.seed.jobToken } })).status).toBe(
      200,
    );
    expect(
      (await getPipeline(id, { headers: { Authorization: `Bearer ${emu.seed.jobToken}` } })).status,
    ).toBe(200);
    const param = await call(
      emu,
      'GET',
      `/projects/42/pipelines/${id}?job_token=${emu.seed.jobToken}`,
    );
    expect(param.status).toBe(200);
  });

  it('answers a private project without a token with 404 Project Not Found', async () => {
    const answer = await getPipeline(id);
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ message: '404 Project Not Found' });
  });

  it('answers a user who is not a member like an anonymous one: 404 Project Not Found', async () => {
    const answer = await getPipeline(id, { token: emu.seed.outsiderToken });
    expect(answer.json).toEqual({ message: '404 Project Not Found' });
  });

  it('answers a trigger token used as PRIVATE-TOKEN with 401 Unauthorized', async () => {
    const answer = await getPipeline(id, { token: emu.seed.triggerToken });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ message: '401 Unauthorized' });
  });

  it('answers a trigger token in the token parameter with 401, as a job token that is not found', async () => {
    const answer = await call(
      emu,
      'GET',
      `/projects/42/pipelines/${id}?token=${emu.seed.triggerToken}`,
    );
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ message: '401 Unauthorized' });
  });

  it('answers an unknown token with 401 even on a public project', async () => {
    const publicId = await newPipeline('main', 45, emu.seed.publicTriggerToken);
    const answer = await getPipeline(publicId, { token: 'glpat-unknownunknownunkn' }, 45);
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ message: '401 Unauthorized' });
  });

  it('answers a public project without any token', async () => {
    const publicId = await newPipeline('main', 45, emu.seed.publicTriggerToken);
    const answer = await getPipeline(publicId, {}, 45);
    expect(answer.status).toBe(200);
    expect((answer.json as Json).id).toBe(publicId);
  });

  it('answers an expired personal token with the OAuth invalid_token 401', async () => {
    const answer = await getPipeline(id, { token: emu.seed.expiredApiToken });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({
      error: 'invalid_token',
      error_description: 'Token is expired. You can either do re-authorization or token refresh.',
    });
    expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('answers the job token of a finished job with 401 Unauthorized', async () => {
    const answer = await getPipeline(id, { headers: { 'JOB-TOKEN': emu.seed.expiredJobToken } });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ message: '401 Unauthorized' });
  });

  it('answers a job token outside the allowlist with the 403 naming both projects', async () => {
    const answer = await getPipeline(id, { headers: { 'JOB-TOKEN': emu.seed.outsideJobToken } });
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({
      message:
        '403 Forbidden - Authentication by CI/CD job token not allowed from other to deploy.',
    });
  });

  it('answers an unknown pipeline with 404 Not found (lower-case f)', async () => {
    const answer = await getPipeline(999999, { token: emu.seed.apiToken });
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ message: '404 Not found' });
  });

  it('answers a pipeline id of another project with 404 Not found', async () => {
    const publicId = await newPipeline('main', 45, emu.seed.publicTriggerToken);
    const answer = await getPipeline(publicId, { token: emu.seed.apiToken });
    expect(answer.json).toEqual({ message: '404 Not found' });
  });

  it('answers a pipeline id that is not a number with 400 "pipeline_id is invalid"', async () => {
    const answer = await call(emu, 'GET', '/projects/42/pipelines/abc', {
      token: emu.seed.apiToken,
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'pipeline_id is invalid' });
  });

  it('redirects a GET on the previous path of a renamed project to the numeric id', async () => {
    const answer = await getPipeline(id, { token: emu.seed.apiToken }, 'acme%2Fdeploy');
    expect(answer.status).toBe(301);
    expect(answer.headers.get('location')).toBe(`${emu.apiUrl}/projects/42/pipelines/${id}`);
  });
});

describe('the pipeline timeline', () => {
  it('goes created → pending → running → success on the emulated clock, with consistent times', async () => {
    const id = await newPipeline();
    expect(await statusOf(emu, id)).toBe('created');
    emu.advance(1.5);
    expect(await statusOf(emu, id)).toBe('pending');
    emu.advance(1);
    expect(await statusOf(emu, id)).toBe('running');
    emu.advance(10);
    const answer = await getPipeline(id, { token: emu.seed.apiToken });
    const body = answer.json as Json;
    expect(body.status).toBe('success');
    const created = Date.parse(body.created_at as string);
    // 1 s created, 1 s pending: started 2 s after creation.
    expect(Date.parse(body.started_at as string) - created).toBe(2000);
    // build 2 s, pending 1 s, tests 3 s, pending 1 s, deploy 2 s.
    expect(Date.parse(body.finished_at as string) - created).toBe(11000);
    expect(body.duration).toBe(7);
    expect(body.queued_duration).toBe(2);
    expect(body.updated_at).toBe(body.finished_at);
    expect(body.detailed_status).toMatchObject({
      icon: 'status_success',
      text: 'Passed',
      label: 'passed',
    });
  });

  it('runs a half-minute pipeline in under a second of real time at speed 60', async () => {
    const fast = await startEmulator({ speed: 60 });
    try {
      fast.setScript(42, 'main', { jobs: [{ name: 'long', duration: 30 }] });
      const answer = await trigger(fast, { token: fast.seed.triggerToken, ref: 'main' });
      const id = (answer.json as Json).id as number;
      expect((answer.json as Json).status).toBe('created');
      // 1 s created, 1 s pending, 30 s running: 32 emulated seconds, about 0.53 s of real time.
      await sleep(900);
      const done = await call(fast, 'GET', `/projects/42/pipelines/${id}`, {
        token: fast.seed.apiToken,
      });
      expect(done.json).toMatchObject({ status: 'success', duration: 30 });
    } finally {
      await fast.close();
    }
  });

  it('fails the pipeline when a job fails, and skips the later stages', async () => {
    emu.setScript(42, 'main', {
      jobs: [
        { name: 'compile', stage: 'build', duration: 2, result: 'failed' },
        { name: 'ship', stage: 'deploy', duration: 2 },
      ],
    });
    const id = await newPipeline();
    emu.advance(10);
    const body = (await getPipeline(id, { token: emu.seed.apiToken })).json as Json;
    expect(body.status).toBe('failed');
    expect(body.detailed_status).toMatchObject({ text: 'Failed', group: 'failed' });
    const jobs = await jobsOf(id);
    expect(jobs.map((j) => [j.name, j.status])).toEqual([
      ['ship', 'skipped'],
      ['compile', 'failed'],
    ]);
    expect(jobs[1]?.failure_reason).toBe('script_failure');
    expect(jobs[0]).not.toHaveProperty('failure_reason');
    emu.setScript(42, 'main', null);
  });

  it('passes with warnings when only a job that may fail failed', async () => {
    emu.setScript(42, 'main', {
      jobs: [
        { name: 'flaky', stage: 'test', duration: 1, result: 'failed', allowFailure: true },
        { name: 'ship', stage: 'deploy', duration: 1 },
      ],
    });
    const id = await newPipeline();
    emu.advance(10);
    const body = (await getPipeline(id, { token: emu.seed.apiToken })).json as Json;
    expect(body.status).toBe('success');
    expect(body.detailed_status).toMatchObject({
      text: 'Warning',
      label: 'passed with warnings',
      group: 'success-with-warnings',
      icon: 'status_warning',
    });
    emu.setScript(42, 'main', null);
  });

  it('stops at a blocking manual job (pipeline "manual") until it is played', async () => {
    emu.setScript(42, 'main', {
      jobs: [
        { name: 'build', stage: 'build', duration: 1 },
        { name: 'approve', stage: 'approve', when: 'manual', allowFailure: false, duration: 1 },
        { name: 'deploy', stage: 'deploy', duration: 1 },
      ],
    });
    const id = await newPipeline();
    emu.advance(10);
    const blocked = (await getPipeline(id, { token: emu.seed.apiToken })).json as Json;
    expect(blocked.status).toBe('manual');
    expect(blocked.detailed_status).toMatchObject({
      text: 'Blocked',
      label: 'waiting for manual action',
    });
    const jobs = await jobsOf(id);
    expect(jobs.map((j) => [j.name, j.status])).toEqual([
      ['deploy', 'created'],
      ['approve', 'manual'],
      ['build', 'success'],
    ]);
    const approve = jobs.find((j) => j.name === 'approve');
    const played = await call(emu, 'POST', `/projects/42/jobs/${approve?.id}/play`, {
      token: emu.seed.apiToken,
    });
    expect(played.status).toBe(200);
    expect(played.json).toMatchObject({ id: approve?.id, status: 'pending', name: 'approve' });
    expect(await statusOf(emu, id)).toBe('running');
    emu.advance(10);
    expect(await statusOf(emu, id)).toBe('success');
    emu.setScript(42, 'main', null);
  });

  it('does not wait for a manual job that may fail: the pipeline passes around it', async () => {
    emu.setScript(42, 'main', {
      jobs: [
        { name: 'build', stage: 'build', duration: 1 },
        { name: 'optional', stage: 'build', when: 'manual' },
        { name: 'deploy', stage: 'deploy', duration: 1 },
      ],
    });
    const id = await newPipeline();
    emu.advance(10);
    expect(await statusOf(emu, id)).toBe('success');
    const jobs = await jobsOf(id);
    expect(jobs.find((j) => j.name === 'optional')).toMatchObject({
      status: 'manual',
      allow_failure: true,
    });
    emu.setScript(42, 'main', null);
  });

  it('shows a delayed job as a "scheduled" pipeline until the job starts', async () => {
    emu.setScript(42, 'main', {
      jobs: [{ name: 'later', stage: 'deploy', when: 'delayed', startIn: 30, duration: 1 }],
    });
    const id = await newPipeline();
    emu.advance(5);
    const body = (await getPipeline(id, { token: emu.seed.apiToken })).json as Json;
    expect(body.status).toBe('scheduled');
    expect(body.detailed_status).toMatchObject({
      text: 'Delayed',
      label: 'waiting for delayed job',
    });
    emu.advance(30);
    expect(await statusOf(emu, id)).toBe('success');
    emu.setScript(42, 'main', null);
  });

  it('shows waiting_for_resource when a job waits for its resource group', async () => {
    emu.setScript(42, 'main', {
      jobs: [{ name: 'deploy', stage: 'deploy', waitingForResourceSeconds: 20, duration: 1 }],
    });
    const id = await newPipeline();
    emu.advance(5);
    expect(await statusOf(emu, id)).toBe('waiting_for_resource');
    emu.advance(30);
    expect(await statusOf(emu, id)).toBe('success');
    emu.setScript(42, 'main', null);
  });
});

describe('POST /projects/:id/pipelines/:pipeline_id/cancel', () => {
  it('answers 200 with the pipeline, which goes canceling and then canceled', async () => {
    emu.setScript(42, 'main', {
      cancelingSeconds: 3,
      jobs: [
        { name: 'long', stage: 'build', duration: 100 },
        { name: 'after', stage: 'deploy', duration: 1 },
      ],
    });
    const id = await newPipeline();
    emu.advance(5);
    expect(await statusOf(emu, id)).toBe('running');
    const answer = await call(emu, 'POST', `/projects/42/pipelines/${id}/cancel`, {
      token: emu.seed.apiToken,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ id, status: 'canceling' });
    const jobs = await jobsOf(id);
    expect(jobs.map((j) => [j.name, j.status])).toEqual([
      ['after', 'canceled'],
      ['long', 'canceling'],
    ]);
    emu.advance(4);
    const done = (await getPipeline(id, { token: emu.seed.apiToken })).json as Json;
    expect(done.status).toBe('canceled');
    expect(done.finished_at).not.toBeNull();
    emu.setScript(42, 'main', null);
  });

  it('answers 200 even when nothing is left to cancel', async () => {
    const id = await newPipeline();
    emu.advance(20);
    const answer = await call(emu, 'POST', `/projects/42/pipelines/${id}/cancel`, {
      token: emu.seed.apiToken,
    });
    expect(answer.status).toBe(200);
    expect((answer.json as Json).status).toBe('success');
  });

  it('refuses a read_api token with the OAuth insufficient_scope 403', async () => {
    const id = await newPipeline();
    const answer = await call(emu, 'POST', `/projects/42/pipelines/${id}/cancel`, {
      token: emu.seed.readApiToken,
    });
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({
      error: 'insufficient_scope',
      error_description:
        'The request requires higher privileges than provided by the access token.',
      scope: 'ai_workflows api read_api',
    });
  });

  it('answers 401 without a token, before looking at anything else', async () => {
    const answer = await call(emu, 'POST', '/projects/42/pipelines/abc/cancel');
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ message: '401 Unauthorized' });
  });

  it('lets a developer cancel and refuses a reporter with 403 Forbidden', async () => {
    const id = await newPipeline();
    emu.addUser({ id: 91, username: 'reporter-api' });
    emu.addAccessToken({
      token: 'glpat-reporterreporter1',
      userId: 91,
      projectIds: [42],
      role: 'reporter',
    });
    const reporter = await call(emu, 'POST', `/projects/42/pipelines/${id}/cancel`, {
      token: 'glpat-reporterreporter1',
    });
    expect(reporter.status).toBe(403);
    expect(reporter.json).toEqual({ message: '403 Forbidden' });
    const developer = await call(emu, 'POST', `/projects/42/pipelines/${id}/cancel`, {
      token: emu.seed.developerToken,
    });
    expect(developer.status).toBe(200);
    expect((developer.json as Json).status).toBe('canceled');
  });
});

describe('GET /projects/:id/pipelines/:pipeline_id/jobs', () => {
  let id: number;
  beforeAll(async () => {
    emu.setScript(42, 'release/v1.2', {
      jobs: Array.from({ length: 45 }, (_, i) => ({
        name: `job-${i + 1}`,
        stage: 'test',
        duration: 1,
      })),
    });
    id = await newPipeline('release/v1.2');
  });

  it('answers 20 jobs a page, newest first, with the pagination headers', async () => {
    const answer = await call(emu, 'GET', `/projects/42/pipelines/${id}/jobs`, {
      token: emu.seed.apiToken,
    });
    const jobs = answer.json as Json[];
    expect(jobs).toHaveLength(20);
    expect(jobs[0]?.name).toBe('job-45');
    expect(answer.headers.get('x-page')).toBe('1');
    expect(answer.headers.get('x-per-page')).toBe('20');
    expect(answer.headers.get('x-total')).toBe('45');
    expect(answer.headers.get('x-total-pages')).toBe('3');
    expect(answer.headers.get('x-next-page')).toBe('2');
    expect(answer.headers.get('x-prev-page')).toBe('');
    const base = `${emu.apiUrl}/projects/42/pipelines/${id}/jobs`;
    const query = (page: number) =>
      `id=42&include_retried=false&page=${page}&per_page=20&pipeline_id=${id}`;
    expect(answer.headers.get('link')).toBe(
      `<${base}?${query(2)}>; rel="next", <${base}?${query(1)}>; rel="first", <${base}?${query(3)}>; rel="last"`,
    );
  });

  it('walks the pages to the last one, where next is empty', async () => {
    const second = await call(emu, 'GET', `/projects/42/pipelines/${id}/jobs?page=2`, {
      token: emu.seed.apiToken,
    });
    expect(second.headers.get('x-prev-page')).toBe('1');
    expect(second.headers.get('x-next-page')).toBe('3');
    expect(second.headers.get('link')).toContain('rel="prev"');
    const third = await call(emu, 'GET', `/projects/42/pipelines/${id}/jobs?page=3`, {
      token: emu.seed.apiToken,
    });
    expect(third.json as Json[]).toHaveLength(5);
    expect(third.headers.get('x-next-page')).toBe('');
    expect(third.headers.get('x-prev-page')).toBe('2');
    const names = [
      ...((await jobsOf(id)) as Json[]),
      ...(second.json as Json[]),
      ...(third.json as Json[]),
    ].map((j) => j.name);
    expect(new Set(names).size).toBe(45);
  });

  it('takes per_page up to 100, and a page past the end is empty without next or prev', async () => {
    const all = await call(emu, 'GET', `/projects/42/pipelines/${id}/jobs?per_page=500`, {
      token: emu.seed.apiToken,
    });
    expect(all.json as Json[]).toHaveLength(45);
    expect(all.headers.get('x-per-page')).toBe('100');
    expect(all.headers.get('x-total-pages')).toBe('1');
    const past = await call(emu, 'GET', `/projects/42/pipelines/${id}/jobs?page=9`, {
      token: emu.seed.apiToken,
    });
    expect(past.json).toEqual([]);
    expect(past.headers.get('x-page')).toBe('9');
    expect(past.headers.get('x-next-page')).toBe('');
    expect(past.headers.get('x-prev-page')).toBe('');
  });

  it('answers each job with the fields of the Job entity', async () => {
    emu.advance(5);
    const [job] = await jobsOf(id, '?per_page=1');
    expect(job).toMatchObject({
      stage: 'test',
      name: 'job-45',
      ref: 'release/v1.2',
      tag: false,
      allow_failure: false,
      coverage: null,
      erased_at: null,
      artifacts: [],
      archived: false,
      tag_list: [],
      pipeline: { id, project_id: 42, ref: 'release/v1.2', status: 'success' },
      user: { id: 10, username: 'deploy-bot' },
      project: { ci_job_token_scope_enabled: false },
    });
    expect(job?.web_url).toBe(`${emu.url}/acme/platform/deploy/-/jobs/${job?.id}`);
    expect(job?.duration).toBe(1);
    expect(typeof job?.queued_duration).toBe('number');
    expect((job?.commit as Json).id).toMatch(/^[0-9a-f]{40}$/);
  });

  it('filters by scope[] and by a single scope, and refuses an unknown scope', async () => {
    emu.setScript(42, 'main', {
      jobs: [
        { name: 'ok', duration: 1 },
        { name: 'bad', duration: 1, result: 'failed', allowFailure: true },
      ],
    });
    const pid = await newPipeline();
    emu.advance(10);
    expect((await jobsOf(pid, '?scope[]=failed')).map((j) => j.name)).toEqual(['bad']);
    expect((await jobsOf(pid, '?scope[]=failed&scope[]=success')).map((j) => j.name)).toEqual([
      'bad',
      'ok',
    ]);
    expect((await jobsOf(pid, '?scope=success')).map((j) => j.name)).toEqual(['ok']);
    const wrong = await call(emu, 'GET', `/projects/42/pipelines/${pid}/jobs?scope[]=nope`, {
      token: emu.seed.apiToken,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json).toEqual({ error: 'scope does not have a valid value' });
    emu.setScript(42, 'main', null);
  });

  it('does not take a CI job token before 18.0: a private project answers 404 Project Not Found', async () => {
    const older = await startEmulator({ gitlabVersion: '17.11.3' });
    try {
      const created = await trigger(older, { token: older.seed.triggerToken, ref: 'main' });
      const pid = (created.json as Json).id as number;
      const answer = await call(older, 'GET', `/projects/42/pipelines/${pid}/jobs`, {
        headers: { 'JOB-TOKEN': older.seed.jobToken },
      });
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual({ message: '404 Project Not Found' });
    } finally {
      await older.close();
    }
  });

  it('takes a CI job token from 18.0', async () => {
    const newer = await startEmulator({ gitlabVersion: '18.0.0' });
    try {
      const created = await trigger(newer, { token: newer.seed.triggerToken, ref: 'main' });
      const pid = (created.json as Json).id as number;
      const answer = await call(newer, 'GET', `/projects/42/pipelines/${pid}/jobs`, {
        headers: { 'JOB-TOKEN': newer.seed.jobToken },
      });
      expect(answer.status).toBe(200);
      expect(answer.json as Json[]).toHaveLength(4);
    } finally {
      await newer.close();
    }
  });

  it('hides a played-again manual job unless include_retried is true', async () => {
    emu.setScript(42, 'main', { jobs: [{ name: 'manual', when: 'manual', duration: 1 }] });
    const pid = await newPipeline();
    emu.advance(3);
    const [manual] = await jobsOf(pid);
    await call(emu, 'POST', `/projects/42/jobs/${manual?.id}/play`, { token: emu.seed.apiToken });
    emu.advance(5);
    const again = await call(emu, 'POST', `/projects/42/jobs/${manual?.id}/play`, {
      token: emu.seed.apiToken,
    });
    expect(again.status).toBe(200);
    expect((again.json as Json).id).not.toBe(manual?.id);
    expect(await jobsOf(pid)).toHaveLength(1);
    expect(await jobsOf(pid, '?include_retried=true')).toHaveLength(2);
    emu.setScript(42, 'main', null);
  });
});

describe('GET /projects/:id/pipelines/:pipeline_id/bridges', () => {
  it('lists trigger jobs with their downstream pipeline, and follows it with strategy: depend', async () => {
    emu.setScript(42, 'main', {
      jobs: [{ name: 'build', stage: 'build', duration: 1 }],
      bridges: [
        {
          name: 'deploy-downstream',
          stage: 'deploy',
          strategy: 'depend',
          downstream: { projectPath: 'acme/platform/other', status: 'success', duration: 5 },
        },
      ],
    });
    const id = await newPipeline();
    const early = await call(emu, 'GET', `/projects/42/pipelines/${id}/bridges`, {
      token: emu.seed.apiToken,
    });
    expect(early.json).toMatchObject([
      { name: 'deploy-downstream', status: 'created', downstream_pipeline: null },
    ]);
    emu.advance(6);
    const running = await call(emu, 'GET', `/projects/42/pipelines/${id}/bridges`, {
      token: emu.seed.apiToken,
    });
    const bridge = (running.json as Json[])[0];
    expect(bridge?.status).toBe('running');
    const downstream = bridge?.downstream_pipeline as Json;
    expect(downstream).toMatchObject({ project_id: 44, source: 'pipeline', ref: 'main' });
    expect(downstream.web_url).toBe(`${emu.url}/acme/platform/other/-/pipelines/${downstream.id}`);
    expect(await statusOf(emu, id)).toBe('running');
    emu.advance(10);
    expect(await statusOf(emu, id)).toBe('success');
    expect(await statusOf(emu, downstream.id as number, 44)).toBe('success');
    expect(emu.downstreamPipelines.at(-1)?.id).toBe(downstream.id);
    emu.setScript(42, 'main', null);
  });

  it('answers downstream_pipeline null for a bridge whose downstream could not be created', async () => {
    emu.setScript(42, 'main', { bridges: [{ name: 'broken', downstream: null }] });
    const id = await newPipeline();
    emu.advance(5);
    const answer = await call(emu, 'GET', `/projects/42/pipelines/${id}/bridges`, {
      token: emu.seed.apiToken,
    });
    expect(answer.json).toMatchObject([
      {
        name: 'broken',
        status: 'failed',
        failure_reason: 'downstream_pipeline_creation_failed',
        downstream_pipeline: null,
      },
    ]);
    expect(await statusOf(emu, id)).toBe('failed');
    emu.setScript(42, 'main', null);
  });

  it('takes a CI job token', async () => {
    const id = await newPipeline();
    const answer = await call(emu, 'GET', `/projects/42/pipelines/${id}/bridges`, {
      headers: { 'JOB-TOKEN': emu.seed.jobToken },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual([]);
    expect(answer.headers.get('x-total')).toBe('0');
  });
});

describe('GET /projects/:id/jobs/:job_id/trace', () => {
  it('answers the job log as text/plain, growing while the job runs', async () => {
    const log = 'line one\nline two\nline three\nline four\n';
    emu.setScript(42, 'main', { jobs: [{ name: 'logged', duration: 10, trace: log }] });
    const id = await newPipeline();
    const [job] = await jobsOf(id);
    const url = `/projects/42/jobs/${job?.id}/trace`;
    expect((await call(emu, 'GET', url, { token: emu.seed.apiToken })).text).toBe('');
    emu.advance(2 + 5);
    const half = await call(emu, 'GET', url, { token: emu.seed.apiToken });
    expect(half.headers.get('content-type')).toBe('text/plain');
    expect(half.headers.get('content-disposition')).toBe(`infile; filename="${job?.id}.log"`);
    expect(log.startsWith(half.text)).toBe(true);
    expect(half.text.length).toBeLessThan(log.length);
    emu.advance(10);
    expect((await call(emu, 'GET', url, { token: emu.seed.apiToken })).text).toBe(log);
    emu.setScript(42, 'main', null);
  });

  it('writes a runner-like log with the outcome when the script gives none', async () => {
    const id = await newPipeline();
    emu.advance(20);
    const [job] = await jobsOf(id);
    const trace = await call(emu, 'GET', `/projects/42/jobs/${job?.id}/trace`, {
      token: emu.seed.apiToken,
    });
    expect(trace.text).toContain('Running with gitlab-runner');
    expect(trace.text).toContain('Job succeeded');
  });

  it('needs a user even on a public project (the Jobs API authenticates first)', async () => {
    const id = await newPipeline('main', 45, emu.seed.publicTriggerToken);
    const jobs = await call(emu, 'GET', `/projects/45/pipelines/${id}/jobs`);
    expect(jobs.status).toBe(200);
    const first = (jobs.json as Json[])[0];
    const trace = await call(emu, 'GET', `/projects/45/jobs/${first?.id}/trace`);
    expect(trace.status).toBe(401);
    expect(trace.json).toEqual({ message: '401 Unauthorized' });
  });

  it('answers an unknown job, or a trigger job, with 404 Not found', async () => {
    const answer = await call(emu, 'GET', '/projects/42/jobs/123456789/trace', {
      token: emu.seed.apiToken,
    });
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ message: '404 Not found' });
  });
});

describe('POST /projects/:id/jobs/:job_id/play', () => {
  it('answers a job that is not playable with 400 "Unplayable Job"', async () => {
    const id = await newPipeline();
    emu.advance(20);
    const [job] = await jobsOf(id);
    const answer = await call(emu, 'POST', `/projects/42/jobs/${job?.id}/play`, {
      token: emu.seed.apiToken,
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ message: '400 Bad request - Unplayable Job' });
  });

  it('refuses a read_api token with insufficient_scope', async () => {
    const id = await newPipeline();
    const [job] = await jobsOf(id);
    const answer = await call(emu, 'POST', `/projects/42/jobs/${job?.id}/play`, {
      token: emu.seed.readApiToken,
    });
    expect(answer.status).toBe(403);
    expect((answer.json as Json).error).toBe('insufficient_scope');
  });
});

describe('GET /projects/:id/pipelines', () => {
  it('lists the pipelines of a ref, newest first, for a client looking for the one it created', async () => {
    const id = await newPipeline('v1.0');
    const answer = await call(emu, 'GET', '/projects/42/pipelines?ref=v1.0&source=trigger', {
      token: emu.seed.apiToken,
    });
    expect(answer.status).toBe(200);
    const list = answer.json as Json[];
    expect(list[0]).toMatchObject({ id, ref: 'v1.0', source: 'trigger' });
    expect(list.every((p) => p.ref === 'v1.0')).toBe(true);
  });
});
