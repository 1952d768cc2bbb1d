import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator } from '../../emulator/index.js';
import { call, trigger, type Emu, type Json } from './helpers.js';

let emu: Emu;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});

const TRIGGER_KEYS = [
  'id',
  'token',
  'description',
  'created_at',
  'updated_at',
  'last_used',
  'expires_at',
  'owner',
];

describe('GET /projects/:id/triggers', () => {
  it('shows its owner the whole token, with the fields of the Trigger entity', async () => {
    const answer = await call(emu, 'GET', '/projects/42/triggers', { token: emu.seed.apiToken });
    expect(answer.status).toBe(200);
    const list = answer.json as Json[];
    const mine = list.find((t) => t.id === emu.seed.triggerId) as Json;
    expect(Object.keys(mine)).toEqual(TRIGGER_KEYS);
    expect(mine).toMatchObject({
      token: emu.seed.triggerToken,
      description: 'GitHub Actions deploy',
      expires_at: null,
      owner: { id: 10, username: 'deploy-bot', name: 'Deploy Bot', state: 'active' },
    });
  });

  it('shows another maintainer only the four characters after the glptt- prefix', async () => {
    const answer = await call(emu, 'GET', '/projects/42/triggers', {
      token: emu.seed.otherMaintainerToken,
    });
    const entry = (answer.json as Json[]).find((t) => t.id === emu.seed.triggerId);
    expect(entry?.token).toBe(emu.seed.triggerToken.slice('glptt-'.length, 'glptt-'.length + 4));
    expect(entry?.token).toHaveLength(4);
  });

  it('paginates like the jobs list', async () => {
    const project = emu.addProject({ path: 'acme/many-triggers' });
    for (let i = 0; i < 25; i += 1) {
      emu.addTriggerToken({ projectId: project.id, ownerId: 10, description: `t${i}` });
    }
    const first = await call(emu, 'GET', `/projects/${project.id}/triggers`, {
      token: emu.seed.apiToken,
    });
    expect(first.json as Json[]).toHaveLength(20);
    expect(first.headers.get('x-total')).toBe('25');
    expect(first.headers.get('x-total-pages')).toBe('2');
    expect(first.headers.get('x-next-page')).toBe('2');
    // Oldest first: the default order by id.
    expect((first.json as Json[])[0]?.description).toBe('t0');
    const second = await call(emu, 'GET', `/projects/${project.id}/triggers?page=2&per_page=20`, {
      token: emu.seed.apiToken,
    });
    expect(second.json as Json[]).toHaveLength(5);
    expect(second.headers.get('x-prev-page')).toBe('1');
  });

  it('answers 401 without a token and 401 for a bad one', async () => {
    expect(await call(emu, 'GET', '/projects/42/triggers')).toMatchObject({
      status: 401,
      json: { message: '401 Unauthorized' },
    });
    const bad = await call(emu, 'GET', '/projects/42/triggers', {
      token: 'glpat-nopenopenopenopeno',
    });
    expect(bad.status).toBe(401);
  });

  it('answers a developer with 403 Forbidden: the Maintainer role is needed', async () => {
    const answer = await call(emu, 'GET', '/projects/42/triggers', {
      token: emu.seed.developerToken,
    });
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({ message: '403 Forbidden' });
  });

  it('answers a user outside the private project with 404 Project Not Found', async () => {
    const answer = await call(emu, 'GET', '/projects/42/triggers', {
      token: emu.seed.outsiderToken,
    });
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ message: '404 Project Not Found' });
  });
});

describe('GET /projects/:id/triggers/:trigger_id', () => {
  it('answers one trigger token', async () => {
    const answer = await call(emu, 'GET', `/projects/42/triggers/${emu.seed.triggerId}`, {
      token: emu.seed.apiToken,
    });
    expect(answer.status).toBe(200);
    expect((answer.json as Json).token).toBe(emu.seed.triggerToken);
  });

  it('answers an unknown trigger, or one of another project, with 404 Not found', async () => {
    const unknown = await call(emu, 'GET', '/projects/42/triggers/9999', {
      token: emu.seed.apiToken,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ message: '404 Not found' });
    const other = emu.triggers.find((t) => t.projectId === 44);
    const elsewhere = await call(emu, 'GET', `/projects/42/triggers/${other?.id}`, {
      token: emu.seed.apiToken,
    });
    expect(elsewhere.json).toEqual({ message: '404 Not found' });
  });

  it('answers a trigger id that is not a number with 400', async () => {
    const answer = await call(emu, 'GET', '/projects/42/triggers/abc', {
      token: emu.seed.apiToken,
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'trigger_id is invalid' });
  });
});

describe('POST /projects/:id/triggers', () => {
  it('creates a trigger token owned by the caller and answers 201 with it whole', async () => {
    const answer = await call(emu, 'POST', '/projects/42/triggers', {
      token: emu.seed.otherMaintainerToken,
      json: { description: 'created by ops' },
    });
    expect(answer.status).toBe(201);
    const body = answer.json as Json;
    expect(body.token).toMatch(/^glptt-[0-9a-f]{40}$/);
    expect(body).toMatchObject({
      description: 'created by ops',
      last_used: null,
      owner: { id: 13 },
    });
    const used = await trigger(emu, { token: body.token, ref: 'main' });
    expect(used.status).toBe(201);
    expect((used.json as Json).user).toMatchObject({ id: 13, username: 'ops-lead' });
  });

  it('takes expires_at, and refuses a date more than a year ahead', async () => {
    const soon = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const ok = await call(emu, 'POST', '/projects/42/triggers', {
      token: emu.seed.apiToken,
      body: new URLSearchParams({ description: 'short-lived', expires_at: soon }),
    });
    expect(ok.status).toBe(201);
    expect((ok.json as Json).expires_at).toBe(`${soon}T00:00:00.000Z`);
    const far = await call(emu, 'POST', '/projects/42/triggers', {
      token: emu.seed.apiToken,
      json: { description: 'forever', expires_at: '2999-01-01' },
    });
    expect(far.status).toBe(400);
    expect((far.json as Json).message).toMatch(
      /^400 Bad request - \{"expires_at":\["must be before \d{4}-\d{2}-\d{2}"\]\}$/,
    );
  });

  it('answers a missing description with 400 "description is missing", before authentication', async () => {
    const answer = await call(emu, 'POST', '/projects/42/triggers', { json: {} });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'description is missing' });
  });

  it('refuses a read_api token with insufficient_scope and a developer with 403', async () => {
    const readOnly = await call(emu, 'POST', '/projects/42/triggers', {
      token: emu.seed.readApiToken,
      json: { description: 'x' },
    });
    expect(readOnly.status).toBe(403);
    expect(readOnly.json).toMatchObject({ error: 'insufficient_scope', scope: 'api read_api' });
    const developer = await call(emu, 'POST', '/projects/42/triggers', {
      token: emu.seed.developerToken,
      json: { description: 'x' },
    });
    expect(developer.json).toEqual({ message: '403 Forbidden' });
  });
});

describe('PUT /projects/:id/triggers/:trigger_id', () => {
  it('lets the owner change the description', async () => {
    const created = emu.addTriggerToken({ projectId: 42, ownerId: 10, description: 'before' });
    const answer = await call(emu, 'PUT', `/projects/42/triggers/${created.id}`, {
      token: emu.seed.apiToken,
      json: { description: 'after' },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      id: created.id,
      description: 'after',
      token: created.token,
    });
  });

  it('clears the description when none is sent, as GitLab does', async () => {
    const created = emu.addTriggerToken({ projectId: 42, ownerId: 10, description: 'keep?' });
    const answer = await call(emu, 'PUT', `/projects/42/triggers/${created.id}`, {
      token: emu.seed.apiToken,
      json: {},
    });
    expect((answer.json as Json).description).toBeNull();
  });

  it("refuses to update another owner's token with the service's 403 message", async () => {
    const answer = await call(emu, 'PUT', `/projects/42/triggers/${emu.seed.triggerId}`, {
      token: emu.seed.otherMaintainerToken,
      json: { description: 'mine now' },
    });
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({
      message:
        '403 Forbidden - The current user is not authorized to update the pipeline trigger token',
    });
  });

  it('answers an unknown trigger with 404 Not found', async () => {
    const answer = await call(emu, 'PUT', '/projects/42/triggers/9999', {
      token: emu.seed.apiToken,
      json: { description: 'x' },
    });
    expect(answer.json).toEqual({ message: '404 Not found' });
  });
});

describe('DELETE /projects/:id/triggers/:trigger_id', () => {
  it('answers 204 with no body, after which the trigger is gone', async () => {
    const created = emu.addTriggerToken({ projectId: 42, ownerId: 10, description: 'to delete' });
    const response = await fetch(`${emu.apiUrl}/projects/42/triggers/${created.id}`, {
      method: 'DELETE',
      headers: { 'PRIVATE-TOKEN': emu.seed.apiToken },
    });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(response.headers.get('content-type')).toBeNull();
    const again = await call(emu, 'GET', `/projects/42/triggers/${created.id}`, {
      token: emu.seed.apiToken,
    });
    expect(again.status).toBe(404);
    expect((await trigger(emu, { token: created.token, ref: 'main' })).status).toBe(404);
  });

  it("lets any maintainer delete a token, even another owner's", async () => {
    const created = emu.addTriggerToken({ projectId: 42, ownerId: 10, description: 'shared' });
    const answer = await call(emu, 'DELETE', `/projects/42/triggers/${created.id}`, {
      token: emu.seed.otherMaintainerToken,
    });
    expect(answer.status).toBe(204);
  });

  it('refuses a developer with 403 and answers no token with 401', async () => {
    const created = emu.addTriggerToken({ projectId: 42, ownerId: 10, description: 'stays' });
    const developer = await call(emu, 'DELETE', `/projects/42/triggers/${created.id}`, {
      token: emu.seed.developerToken,
    });
    expect(developer.status).toBe(403);
    const anonymous = await call(emu, 'DELETE', `/projects/42/triggers/${created.id}`);
    expect(anonymous.status).toBe(401);
  });
});
