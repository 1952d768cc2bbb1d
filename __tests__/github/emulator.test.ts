import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MAX_STATUSES_PER_CONTEXT, startGitHubEmulator } from '../../emulator/github.js';

// The GitHub stand-in answers as GitHub's REST API does for commit statuses: the entity,
// the error bodies, paging with Link, and the combined status.

const SHA = 'abcdefabcdefabcdefabcdefabcdefabcdefabcd';
const OTHER = '0000000000000000000000000000000000000001';
const WRITE = 'ghs_standinWRITE0123456789abcdefghijklm';
const READ = 'ghs_standinREAD0123456789abcdefghijklmn';

let gh: Awaited<ReturnType<typeof startGitHubEmulator>>;
beforeAll(async () => {
  gh = await startGitHubEmulator({
    apiPath: '/api/v3',
    tokens: { [WRITE]: { login: 'deploy-app[bot]' }, [READ]: { canWriteStatuses: false } },
    repos: { 'acme/app': { commits: [SHA, OTHER], branches: { main: SHA } } },
  });
});
afterAll(() => gh.close());

async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string } = {},
) {
  const response = await fetch(`${gh.url}${path}`, {
    method,
    headers: options.token ? { authorization: `token ${options.token}` } : {},
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? JSON.parse(text) : null,
  };
}

const post = (body: unknown, token = WRITE, sha = SHA) =>
  call('POST', `/repos/acme/app/statuses/${sha}`, { token, body });

describe('the GitHub stand-in', () => {
  it('listens on loopback only, under the API path of GitHub Enterprise Server', async () => {
    expect(gh.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
    await expect(startGitHubEmulator({ host: '0.0.0.0' })).rejects.toThrow('loopback only');
  });

  it('creates a status: 201 with the entity GitHub returns', async () => {
    const answer = await post({
      state: 'pending',
      target_url: 'https://gitlab.example.com/acme/deploy/-/pipelines/7',
      description: 'Pipeline #7: created',
      context: 'gitlab/acme/deploy',
    });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({
      url: `${gh.url}/repos/acme/app/statuses/${SHA}`,
      id: expect.any(Number),
      node_id: expect.stringMatching(/^SC_/),
      state: 'pending',
      description: 'Pipeline #7: created',
      target_url: 'https://gitlab.example.com/acme/deploy/-/pipelines/7',
      context: 'gitlab/acme/deploy',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      creator: { login: 'deploy-app[bot]', type: 'Bot' },
    });
    expect(answer.headers.get('location')).toBe(answer.json.url);
    expect(gh.statuses.at(-1)).toMatchObject({ repository: 'acme/app', sha: SHA });
  });

  it("names the context 'default' when none is given", async () => {
    const answer = await post({ state: 'success' });
    expect(answer.json.context).toBe('default');
  });

  it.each([
    [
      { state: 'running' },
      /^Invalid request\.\n\nFor 'properties\/state', "running" is not one of/,
    ],
    [{ description: 'x' }, /"state" wasn't supplied/],
    [{ state: 'success', description: 'x'.repeat(141) }, /^Validation Failed$/],
    [{ state: 'success', context: 5 }, /'properties\/context', 5 is not a string/],
  ])('refuses %j with 422', async (body, message) => {
    const answer = await post(body);
    expect(answer.status).toBe(422);
    expect(answer.json.message).toMatch(message);
    expect(answer.json.documentation_url).toMatch(/^https:\/\/docs\.github\.com\/rest/);
  });

  it('names the field in a validation failure', async () => {
    const answer = await post({ state: 'success', description: 'x'.repeat(141) });
    expect(answer.json.errors).toEqual([
      {
        resource: 'Status',
        code: 'custom',
        field: 'description',
        message: 'description is too long (maximum is 140 characters)',
      },
    ]);
    expect((await post({ state: 'success', description: 'x'.repeat(140) })).status).toBe(201);
  });

  it('refuses a commit the repository does not have, and a repository it does not know', async () => {
    const unknownSha = await post({ state: 'success' }, WRITE, 'f'.repeat(40));
    expect(unknownSha.status).toBe(422);
    expect(unknownSha.json.message).toBe(`No commit found for SHA: ${'f'.repeat(40)}`);
    const unknownRepo = await call('POST', `/repos/acme/secret/statuses/${SHA}`, {
      token: WRITE,
      body: { state: 'success' },
    });
    expect(unknownRepo.status).toBe(404);
    expect(unknownRepo.json.message).toBe('Not Found');
  });

  it('answers 401 without a token or with an unknown one, and 403 to a read-only token', async () => {
    const none = await call('POST', `/repos/acme/app/statuses/${SHA}`, {
      body: { state: 'success' },
    });
    expect([none.status, none.json.message]).toEqual([401, 'Requires authentication']);
    const unknown = await post({ state: 'success' }, 'ghs_nobody');
    expect([unknown.status, unknown.json.message]).toEqual([401, 'Bad credentials']);
    const readOnly = await post({ state: 'success' }, READ);
    expect([readOnly.status, readOnly.json.message]).toEqual([
      403,
      'Resource not accessible by integration',
    ]);
    expect(readOnly.json.status).toBe('403');
  });

  it('answers a body that is not JSON with 400', async () => {
    const answer = await call('POST', `/repos/acme/app/statuses/${SHA}`, {
      token: WRITE,
      raw: '{',
    });
    expect([answer.status, answer.json.message]).toEqual([400, 'Problems parsing JSON']);
  });

  it('lists the statuses of a ref newest first, 30 a page by default, with a Link header', async () => {
    for (let i = 0; i < 35; i++) await post({ state: 'success', context: `ci/${i}` }, WRITE, OTHER);
    const first = await call('GET', `/repos/acme/app/commits/${OTHER}/statuses`, { token: READ });
    expect(first.status).toBe(200);
    expect(first.json).toHaveLength(30);
    expect(first.json[0].context).toBe('ci/34');
    const base = `${gh.url}/repos/acme/app/commits/${OTHER}/statuses`;
    expect(first.headers.get('link')).toBe(
      `<${base}?per_page=30&page=2>; rel="next", <${base}?per_page=30&page=2>; rel="last"`,
    );
    const second = await call(
      'GET',
      `/repos/acme/app/commits/${OTHER}/statuses?per_page=30&page=2`,
    );
    expect(second.json.map((s: { context: string }) => s.context)).toEqual([
      'ci/4',
      'ci/3',
      'ci/2',
      'ci/1',
      'ci/0',
    ]);
    expect(second.headers.get('link')).toBe(
      `<${base}?per_page=30&page=1>; rel="prev", <${base}?per_page=30&page=1>; rel="first"`,
    );
    const big = await call('GET', `/repos/acme/app/commits/${OTHER}/statuses?per_page=500`);
    expect(big.json).toHaveLength(35);
  });

  it('lists by branch name too', async () => {
    const byBranch = await call('GET', '/repos/acme/app/commits/main/statuses');
    const bySha = await call('GET', `/repos/acme/app/commits/${SHA}/statuses`);
    expect(byBranch.json).toEqual(bySha.json);
  });

  it('combines the latest status of each context: failure beats pending beats success', async () => {
    const sha = OTHER;
    const combined = async () =>
      (await call('GET', `/repos/acme/app/commits/${sha}/status?per_page=100`)).json;
    expect(await combined()).toMatchObject({ state: 'success', total_count: 35, sha });
    await post({ state: 'pending', context: 'CI/0' }, WRITE, sha);
    expect((await combined()).state).toBe('pending');
    await post({ state: 'error', context: 'ci/1' }, WRITE, sha);
    const now = await combined();
    expect(now.state).toBe('failure');
    expect(now.total_count).toBe(35);
    expect(now.statuses[0]).not.toHaveProperty('creator');
    expect(now.repository.full_name).toBe('acme/app');
  });

  it(`refuses status ${MAX_STATUSES_PER_CONTEXT + 1} of one commit and context`, async () => {
    const sha = SHA;
    const before = gh.statuses.filter((s) => s.entity.context === 'flood').length;
    for (let i = before; i < MAX_STATUSES_PER_CONTEXT; i++)
      expect((await post({ state: 'pending', context: 'flood' }, WRITE, sha)).status).toBe(201);
    const over = await post({ state: 'pending', context: 'Flood' }, WRITE, sha);
    expect(over.status).toBe(422);
    expect(over.json.errors[0].message).toBe(
      'This SHA and context has reached the maximum number of statuses.',
    );
  });

  it('answers injected faults, then as usual', async () => {
    gh.fail({
      method: 'POST',
      path: /\/statuses\//,
      status: 502,
      body: { message: 'Server Error' },
    });
    expect((await post({ state: 'success' })).status).toBe(502);
    expect((await post({ state: 'success' })).status).toBe(201);
  });

  it('answers any other path with 404 Not Found', async () => {
    const answer = await call('GET', '/repos/acme/app/pulls');
    expect([answer.status, answer.json.message]).toEqual([404, 'Not Found']);
  });

  it('records every request', () => {
    expect(gh.requests[0]).toMatchObject({
      method: 'POST',
      path: `/repos/acme/app/statuses/${SHA}`,
    });
    expect(gh.requests[0]?.headers.authorization).toBe(`token ${WRITE}`);
  });
});
