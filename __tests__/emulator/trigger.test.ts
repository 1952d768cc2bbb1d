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

const PIPELINE_KEYS = [
  'id',
  'iid',
  'project_id',
  'sha',
  'ref',
  'status',
  'source',
  'created_at',
  'updated_at',
  'web_url',
  'before_sha',
  'tag',
  'yaml_errors',
  'user',
  'started_at',
  'finished_at',
  'committed_at',
  'duration',
  'queued_duration',
  'coverage',
  'detailed_status',
];

describe('POST /projects/:id/trigger/pipeline', () => {
  it('creates a pipeline and answers 201 with the full pipeline entity', async () => {
    const before = emu.pipelines.length;
    const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toBe('application/json');
    const body = answer.json as Json;
    expect(Object.keys(body)).toEqual(PIPELINE_KEYS);
    expect(body).toMatchObject({
      project_id: 42,
      ref: 'main',
      status: 'created',
      source: 'trigger',
      before_sha: '0000000000000000000000000000000000000000',
      tag: false,
      yaml_errors: null,
      started_at: null,
      finished_at: null,
      duration: null,
      queued_duration: null,
      coverage: null,
      web_url: `${emu.url}/acme/platform/deploy/-/pipelines/${body.id}`,
    });
    expect(body.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(body.user).toMatchObject({
      id: 10,
      username: 'deploy-bot',
      name: 'Deploy Bot',
      state: 'active',
    });
    expect(body.detailed_status).toMatchObject({
      icon: 'status_created',
      group: 'created',
      details_path: `/acme/platform/deploy/-/pipelines/${body.id}`,
      illustration: null,
    });
    expect(emu.pipelines.length).toBe(before + 1);
    expect(emu.pipelines[before]?.id).toBe(body.id);
  });

  it('makes the pipeline user the trigger token owner and updates the token last_used', async () => {
    const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' });
    const created = (answer.json as Json).created_at;
    const list = await call(emu, 'GET', '/projects/42/triggers', { token: emu.seed.apiToken });
    const entry = (list.json as Json[]).find((t) => t.id === emu.seed.triggerId);
    expect(entry?.last_used).toBe(created);
  });

  it('accepts the parameters in the query string', async () => {
    const answer = await call(
      emu,
      'POST',
      `/projects/42/trigger/pipeline?token=${emu.seed.triggerToken}&ref=main&variables[FROM]=query`,
    );
    expect(answer.status).toBe(201);
    expect(emu.pipelines.at(-1)?.variables).toEqual({ FROM: 'query' });
  });

  it('accepts an urlencoded form with variables[KEY]=value, keeping = , and newlines', async () => {
    const form = new URLSearchParams();
    form.set('token', emu.seed.triggerToken);
    form.set('ref', 'release/v1.2');
    form.set('variables[EQUALS]', 'a=b,c');
    form.set('variables[LINES]', 'one\ntwo');
    const answer = await call(emu, 'POST', '/projects/42/trigger/pipeline', { body: form });
    expect(answer.status).toBe(201);
    expect((answer.json as Json).ref).toBe('release/v1.2');
    expect(emu.pipelines.at(-1)?.variables).toEqual({ EQUALS: 'a=b,c', LINES: 'one\ntwo' });
  });

  it('accepts a multipart form, and records its values as the client sent them', async () => {
    const form = new FormData();
    form.set('token', emu.seed.triggerToken);
    form.set('ref', 'main');
    form.set('variables[MULTI]', 'one\ntwo');
    const answer = await call(emu, 'POST', '/projects/42/trigger/pipeline', { body: form });
    expect(answer.status).toBe(201);
    // FormData serialisation turns line breaks into CRLF, as the HTML form rules say.
    expect(emu.pipelines.at(-1)?.variables).toEqual({ MULTI: 'one\r\ntwo' });
  });

  it('stores typed inputs and variables exactly as received in a JSON body', async () => {
    const inputs = { environment: 'staging', level: 3, scan: false, regions: ['eu', 'us'] };
    const variables = { DEPLOY: 'yes', EMPTY: '' };
    const answer = await trigger(emu, {
      token: emu.seed.triggerToken,
      ref: 'main',
      variables,
      inputs,
    });
    expect(answer.status).toBe(201);
    const pipeline = emu.pipelines.at(-1);
    expect(pipeline?.variables).toEqual(variables);
    expect(pipeline?.inputs).toEqual(inputs);
    // What GitLab puts in TRIGGER_PAYLOAD: the parameters without the token.
    expect(JSON.parse(pipeline?.triggerPayload ?? '{}')).toEqual({
      id: '42',
      ref: 'main',
      variables,
      inputs,
    });
  });

  it('takes the ref from the path on /ref/:ref/trigger/pipeline, encoded or not', async () => {
    const encoded = await call(emu, 'POST', '/projects/42/ref/release%2Fv1.2/trigger/pipeline', {
      json: { token: emu.seed.triggerToken },
    });
    expect(encoded.status).toBe(201);
    expect((encoded.json as Json).ref).toBe('release/v1.2');
    const raw = await call(emu, 'POST', '/projects/42/ref/release/v1.2/trigger/pipeline', {
      json: { token: emu.seed.triggerToken },
    });
    expect(raw.status).toBe(201);
    expect((raw.json as Json).ref).toBe('release/v1.2');
  });

  it('runs a pipeline on a tag and says so in `tag`', async () => {
    const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'v1.0' });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ ref: 'v1.0', tag: true });
  });

  it('finds the project by its path URL-encoded once', async () => {
    const answer = await trigger(
      emu,
      { token: emu.seed.triggerToken, ref: 'main' },
      'acme%2Fplatform%2Fdeploy',
    );
    expect(answer.status).toBe(201);
    expect((answer.json as Json).project_id).toBe(42);
  });

  it('finds a renamed project by its previous path', async () => {
    const answer = await trigger(
      emu,
      { token: emu.seed.triggerToken, ref: 'main' },
      'acme%2Fdeploy',
    );
    expect(answer.status).toBe(201);
    expect((answer.json as Json).web_url).toContain('/acme/platform/deploy/-/pipelines/');
  });

  it('answers a raw slash in the project id with 404 Not Found from the catch-all route', async () => {
    const answer = await trigger(
      emu,
      { token: emu.seed.triggerToken, ref: 'main' },
      'acme/platform/deploy',
    );
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ error: '404 Not Found' });
  });

  it('finds nothing for a path encoded twice', async () => {
    const answer = await trigger(
      emu,
      { token: emu.seed.triggerToken, ref: 'main' },
      'acme%252Fplatform%252Fdeploy',
    );
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ message: '404 Not Found' });
  });

  it('answers a missing token, a missing ref and a blank ref with Grape 400 errors', async () => {
    expect((await trigger(emu, { ref: 'main' })).json).toEqual({ error: 'token is missing' });
    expect((await trigger(emu, { token: emu.seed.triggerToken })).json).toEqual({
      error: 'ref is missing',
    });
    expect((await trigger(emu, {})).json).toEqual({ error: 'ref is missing, token is missing' });
    const blank = await trigger(emu, { token: emu.seed.triggerToken, ref: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.json).toEqual({ error: 'ref is empty' });
  });

  it('answers an empty token like an unknown one: 404', async () => {
    const answer = await trigger(emu, { token: '', ref: 'main' });
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ message: '404 Not Found' });
  });

  it('answers variables that are not a hash with 400 "variables is invalid"', async () => {
    const answer = await trigger(emu, {
      token: emu.seed.triggerToken,
      ref: 'main',
      variables: ['A'],
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'variables is invalid' });
    const text = await trigger(emu, {
      token: emu.seed.triggerToken,
      ref: 'main',
      variables: 'A=1',
    });
    expect(text.json).toEqual({ error: 'variables is invalid' });
  });

  it('answers a variable value that is not a string with 400 and the map message', async () => {
    const answer = await trigger(emu, {
      token: emu.seed.triggerToken,
      ref: 'main',
      variables: { N: 1 },
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ message: 'variables needs to be a map of key-valued strings' });
  });

  it('answers an unknown project, an unknown token and another project token with the same 404', async () => {
    const unknownProject = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' }, 9999);
    const unknownToken = await trigger(emu, { token: `glptt-${'0'.repeat(40)}`, ref: 'main' });
    const otherProject = await trigger(emu, {
      token: emu.seed.otherProjectTriggerToken,
      ref: 'main',
    });
    for (const answer of [unknownProject, unknownToken, otherProject]) {
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual({ message: '404 Not Found' });
    }
  });

  it('answers an expired trigger token with 404 too', async () => {
    const answer = await trigger(emu, { token: emu.seed.expiredTriggerToken, ref: 'main' });
    expect(answer.status).toBe(404);
  });

  it('answers a nonexistent ref, or a bare SHA, with 400 "Reference not found"', async () => {
    const before = emu.pipelines.length;
    const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'no-such-branch' });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ message: { base: ['Reference not found'] } });
    const sha = emu.pipelines[0]?.sha ?? '';
    const bySha = await trigger(emu, { token: emu.seed.triggerToken, ref: sha });
    expect(bySha.json).toEqual({ message: { base: ['Reference not found'] } });
    expect(emu.pipelines.length).toBe(before);
  });

  it('accepts refs/heads/… and refs/tags/… and stores the short ref', async () => {
    const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'refs/heads/main' });
    expect(answer.status).toBe(201);
    expect((answer.json as Json).ref).toBe('main');
  });

  it('refuses a variable key outside [a-zA-Z0-9_] with 400 and saves nothing', async () => {
    const before = emu.pipelines.length;
    const answer = await trigger(emu, {
      token: emu.seed.triggerToken,
      ref: 'main',
      variables: { 'BAD-KEY': 'x' },
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      message: {
        'variables.key': ["can contain only letters, digits and '_'."],
        base: [
          "Failed to persist the pipeline: Validation failed: Variables key can contain only letters, digits and '_'.",
        ],
      },
    });
    expect(emu.pipelines.length).toBe(before);
  });

  it('answers TRIGGER_PAYLOAD sent by the client with 422 and keeps a failed pipeline', async () => {
    const before = emu.pipelines.length;
    const answer = await trigger(emu, {
      token: emu.seed.triggerToken,
      ref: 'main',
      variables: { TRIGGER_PAYLOAD: '{}' },
    });
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({
      message: { base: ['Duplicate variable name: TRIGGER_PAYLOAD'] },
    });
    expect(emu.pipelines.length).toBe(before + 1);
    expect(emu.pipelines.at(-1)).toMatchObject({ status: 'failed', failureReason: 'config_error' });
  });

  it('answers a request carrying X-Gitlab-Event: Pipeline Hook with 403', async () => {
    const answer = await call(emu, 'POST', '/projects/42/trigger/pipeline', {
      json: { token: emu.seed.triggerToken, ref: 'main' },
      headers: { 'X-Gitlab-Event': 'Pipeline Hook' },
    });
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({ message: '403 Forbidden' });
  });

  it('answers 400 for a script that is filtered out by workflow rules, saving nothing', async () => {
    emu.setScript(42, 'release/v1.2', {
      reject: { status: 400, base: ['Pipeline filtered out by workflow rules.'] },
    });
    const before = emu.pipelines.length;
    const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'release/v1.2' });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      message: { base: ['Pipeline filtered out by workflow rules.'] },
    });
    expect(emu.pipelines.length).toBe(before);
  });

  it('answers 422 for a script with a configuration error, keeping the failed pipeline', async () => {
    emu.setScript(42, 'release/v1.2', {
      reject: { status: 422, base: ['jobs config should contain at least one visible job'] },
    });
    const before = emu.pipelines.length;
    const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'release/v1.2' });
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({
      message: { base: ['jobs config should contain at least one visible job'] },
    });
    expect(emu.pipelines.length).toBe(before + 1);
    emu.setScript(42, 'release/v1.2', null);
  });

  it('answers a script without jobs with the 400 of rules that add no job', async () => {
    emu.setScript(42, 'release/v1.2', { jobs: [] });
    const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'release/v1.2' });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      message: {
        base: [
          'Pipeline will not run for the selected trigger. The rules configuration prevented any jobs from being added to the pipeline.',
        ],
      },
    });
  });

  it('answers the scripted "Too many pipelines" 400, which is not a 429', async () => {
    emu.setScript(42, 'release/v1.2', {
      reject: {
        status: 400,
        base: ['Too many pipelines created in the last minute. Try again later.'],
      },
    });
    const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'release/v1.2' });
    expect(answer.status).toBe(400);
    emu.setScript(42, 'release/v1.2', null);
  });

  it('refuses a trigger token whose owner may not set pipeline variables', async () => {
    emu.addUser({ id: 90, username: 'guest-owner' });
    emu.addMember({ userId: 90, projectId: 42, role: 'reporter' });
    const weak = emu.addTriggerToken({ projectId: 42, ownerId: 90, description: 'weak' });
    expect(weak.token).toMatch(/^glptt-[0-9a-f]{40}$/);
    const answer = await trigger(emu, { token: weak.token, ref: 'main' });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      message: { base: ['Insufficient permissions to set pipeline variables'] },
    });
  });

  it('refuses every trigger, even without variables, when no one may use pipeline variables', async () => {
    const closed = emu.addProject({
      path: 'acme/platform/closed',
      pipelineVariablesMinimumRole: 'no_one_allowed',
    });
    emu.addMember({ userId: emu.seed.user.id, projectId: closed.id, role: 'owner' });
    const token = emu.addTriggerToken({ projectId: closed.id, ownerId: emu.seed.user.id });
    const answer = await trigger(emu, { token: token.token, ref: 'main' }, closed.id);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      message: { base: ['Insufficient permissions to set pipeline variables'] },
    });
  });

  it('refuses a Developer where the minimum role is maintainer, and takes a Maintainer', async () => {
    const strict = emu.addProject({
      path: 'acme/platform/strict',
      pipelineVariablesMinimumRole: 'maintainer',
    });
    emu.addUser({ id: 91, username: 'dev-owner' });
    emu.addMember({ userId: 91, projectId: strict.id, role: 'developer' });
    emu.addMember({ userId: emu.seed.user.id, projectId: strict.id, role: 'maintainer' });
    const dev = emu.addTriggerToken({ projectId: strict.id, ownerId: 91 });
    const lead = emu.addTriggerToken({ projectId: strict.id, ownerId: emu.seed.user.id });
    expect((await trigger(emu, { token: dev.token, ref: 'main' }, strict.id)).status).toBe(400);
    expect((await trigger(emu, { token: lead.token, ref: 'main' }, strict.id)).status).toBe(201);
  });
});

describe('triggering with a CI job token', () => {
  it('creates a pipeline with source "pipeline" for a running job', async () => {
    const answer = await trigger(emu, { token: emu.seed.jobToken, ref: 'main' });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ source: 'pipeline', status: 'created', user: { id: 10 } });
    expect(emu.pipelines.at(-1)?.jobToken).toBe(emu.seed.jobToken);
  });

  it('answers the token of a job that is not running with 401 "Job is not running"', async () => {
    const answer = await trigger(emu, { token: emu.seed.expiredJobToken, ref: 'main' });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ message: 'Job is not running' });
  });

  it('answers a job token outside the project allowlist with 404', async () => {
    const answer = await trigger(emu, { token: emu.seed.outsideJobToken, ref: 'main' });
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ message: '404 Not Found' });
  });
});

describe('an instance under a relative URL root', () => {
  let sub: Emu;
  beforeAll(async () => {
    sub = await startEmulator({ basePath: '/gitlab' });
  });
  afterAll(async () => {
    await sub.close();
  });

  it('serves the API under the base path and carries it in web_url and details_path', async () => {
    expect(sub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/gitlab$/);
    expect(sub.apiUrl).toBe(`${sub.url}/api/v4`);
    const answer = await trigger(sub, { token: sub.seed.triggerToken, ref: 'main' });
    expect(answer.status).toBe(201);
    const body = answer.json as Json;
    expect(body.web_url).toBe(`${sub.url}/acme/platform/deploy/-/pipelines/${body.id}`);
    expect((body.detailed_status as Json).details_path).toBe(
      `/gitlab/acme/platform/deploy/-/pipelines/${body.id}`,
    );
    expect(sub.requests.at(-1)?.path).toBe('/api/v4/projects/42/trigger/pipeline');
    expect(sub.requests.at(-1)?.url).toBe('/gitlab/api/v4/projects/42/trigger/pipeline');
  });

  it('answers the API path without the base path with a 404 page', async () => {
    const origin = new URL(sub.url).origin;
    const response = await fetch(`${origin}/api/v4/projects/42/trigger/pipeline`, {
      method: 'POST',
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(sub.pipelines.length).toBe(1);
  });
});

describe('requests', () => {
  it('records every request with its raw URL, decoded path, headers and raw body', async () => {
    const body = JSON.stringify({ token: emu.seed.triggerToken, ref: 'main' });
    await fetch(`${emu.apiUrl}/projects/acme%2Fplatform%2Fdeploy/trigger/pipeline?x=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Extra': 'yes' },
      body,
    });
    const last = emu.requests.at(-1);
    expect(last).toMatchObject({
      method: 'POST',
      url: '/api/v4/projects/acme%2Fplatform%2Fdeploy/trigger/pipeline?x=1',
      path: '/api/v4/projects/acme/platform/deploy/trigger/pipeline',
      body,
    });
    expect(last?.headers['x-extra']).toBe('yes');
    expect(last?.headers['content-type']).toBe('application/json');
  });

  it('answers anything outside the API routes with the catch-all 404', async () => {
    const answer = await call(emu, 'GET', '/no/such/thing');
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ error: '404 Not Found' });
    const wrongMethod = await call(emu, 'GET', '/projects/42/trigger/pipeline');
    expect(wrongMethod.json).toEqual({ error: '404 Not Found' });
  });
});
