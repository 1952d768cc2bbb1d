import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { GitLabError, StoppedError } from '../src/core/errors.js';
import { MAX_PAGES, unsafeRedirect } from '../src/core/gitlab-client.js';
import { API, testClient } from './helpers/client.js';

const json = { 'content-type': 'application/json' };
const token = { header: 'PRIVATE-TOKEN' as const, value: 'glpat-abcdefghij0123456789' };
const read = {
  method: 'GET' as const,
  path: '/projects/42/pipelines/7',
  token,
  what: 'read pipeline #7',
  idempotent: true,
};

beforeAll(() => nock.disableNetConnect());
// nock patches Node's own http and fetch, which every test file in this worker shares:
// undo it, or the next file's real connections to 127.0.0.1 would be refused.
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('GitLabClient.api', () => {
  it('sends the token in the PRIVATE-TOKEN header, never in the URL', async () => {
    nock(API, { reqheaders: { 'private-token': token.value } })
      .get('/projects/42/pipelines/7')
      .reply(200, { id: 7 }, json);
    await expect(testClient().client.apiJson(read)).resolves.toEqual({ id: 7 });
  });

  it('reads every page of a list by following x-next-page', async () => {
    nock(API)
      .get('/projects/42/pipelines/7/jobs')
      .query({ per_page: 100, page: 1 })
      .reply(200, [{ id: 1 }, { id: 2 }], { ...json, 'x-next-page': '2' })
      .get('/projects/42/pipelines/7/jobs')
      .query({ per_page: 100, page: 2 })
      .reply(200, [{ id: 3 }], { ...json, 'x-next-page': '' });
    const jobs = await testClient().client.apiAll({
      ...read,
      path: '/projects/42/pipelines/7/jobs',
    });
    expect(jobs).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });

  it('repeats a read after a 502 page, but not a write', async () => {
    nock(API)
      .get('/projects/42/pipelines/7')
      .reply(502, '<html>bad gateway</html>', { 'content-type': 'text/html' })
      .get('/projects/42/pipelines/7')
      .reply(200, { id: 7 }, json)
      .post('/projects/42/jobs/9/play')
      .reply(502, '<html>bad gateway</html>', { 'content-type': 'text/html' });
    const { client, clock } = testClient();
    await expect(client.apiJson(read)).resolves.toEqual({ id: 7 });
    expect(clock.slept).toEqual([1000]);
    const error = await failure(
      client.api({
        method: 'POST',
        path: '/projects/42/jobs/9/play',
        token,
        what: 'run manual job 9',
      }),
    );
    expect(error.message).toBe(
      'GitLab answered 502 Bad Gateway with an HTML error page to the request to run manual job 9: GitLab failed; try again later.',
    );
  });

  it.each([
    [401, { message: '401 Unauthorized' }, 'the token was not accepted'],
    [403, { message: '403 Forbidden' }, 'it needs the api scope (read_api to read)'],
    [404, { message: '404 Not found' }, 'it does not exist, or the token may not see it'],
  ])('explains a %i in one line', async (status, body, meaning) => {
    nock(API).get('/projects/42/pipelines/7').reply(status, body, json);
    const error = await failure(testClient().client.apiJson(read));
    expect(error).toBeInstanceOf(GitLabError);
    expect((error as GitLabError).status).toBe(status);
    expect(error.message).toContain('to the request to read pipeline #7');
    expect(error.message).toContain(meaning);
    expect(error.message).not.toContain(token.value);
  });

  it('holds back until RateLimit-Reset once RateLimit-Remaining reaches 0', async () => {
    const { client, clock } = testClient();
    const reset = Math.floor(clock.now() / 1000) + 20;
    nock(API)
      .get('/projects/42/pipelines/7')
      .reply(
        200,
        { id: 7 },
        { ...json, 'ratelimit-remaining': '0', 'ratelimit-reset': String(reset) },
      );
    expect(client.rateLimitPauseMs()).toBe(0);
    await client.apiJson(read);
    expect(client.rateLimitPauseMs()).toBe(reset * 1000 - clock.now());
  });

  it('holds the next request back until the rate limit resets, then sends it', async () => {
    const { client, clock } = testClient();
    const reset = Math.floor(clock.now() / 1000) + 20;
    nock(API)
      .get('/projects/42/pipelines/7')
      .reply(
        200,
        { id: 7 },
        { ...json, 'ratelimit-remaining': '0', 'ratelimit-reset': String(reset) },
      )
      .get('/projects/42/pipelines/7')
      .reply(200, { id: 7 }, json);
    await client.apiJson(read);
    const before = clock.now();
    await client.apiJson(read);
    expect(clock.now() - before).toBe(reset * 1000 - before);
  });

  it('gives up at once when a Retry-After would pass the deadline, and says what GitLab said', async () => {
    nock(API)
      .get('/projects/42/pipelines/7')
      .reply(503, '<html>down</html>', { 'content-type': 'text/html', 'retry-after': '55' });
    const { client, clock } = testClient();
    const error = await failure(
      client.apiJson({ ...read, stops: { deadline: clock.now() + 5_000 } }),
    );
    expect(clock.slept).toEqual([]);
    expect(error).toBeInstanceOf(GitLabError);
    expect((error as GitLabError).status).toBe(503);
    expect((error as GitLabError).retryAfterMs).toBe(55_000);
    expect((error as GitLabError).call).toBe('read pipeline #7');
  });

  it('makes one attempt only for a read whose caller rides out trouble itself', async () => {
    nock(API)
      .get('/projects/42/pipelines/7')
      .reply(502, '<html>bad gateway</html>', { 'content-type': 'text/html' });
    const { client, clock } = testClient();
    const error = await failure(client.apiJson({ ...read, once: true }));
    expect(clock.slept).toEqual([]);
    expect((error as GitLabError).status).toBe(502);
  });

  it('sends nothing once the run is cancelled', async () => {
    const { client } = testClient();
    const cancelled = new AbortController();
    cancelled.abort();
    const error = await failure(client.apiJson({ ...read, stops: { signal: cancelled.signal } }));
    expect(error).toBeInstanceOf(StoppedError);
  });

  it('stops a list at x-total-pages even when x-next-page goes on', async () => {
    const jobs = '/projects/42/pipelines/7/jobs';
    nock(API)
      .get(jobs)
      .query(true)
      .times(2)
      .reply(200, [{ id: 1 }], { ...json, 'x-next-page': '99', 'x-total-pages': '2' });
    const items = await testClient().client.apiAll({ ...read, path: jobs });
    expect(items).toHaveLength(2);
  });

  it('stops a list whose next page points back, saying so', async () => {
    const jobs = '/projects/42/pipelines/7/jobs';
    nock(API)
      .get(jobs)
      .query({ per_page: 100, page: 1 })
      .reply(200, [{ id: 1 }], { ...json, 'x-next-page': '2' })
      .get(jobs)
      .query({ per_page: 100, page: 2 })
      .reply(200, [{ id: 2 }], { ...json, 'x-next-page': '1' });
    const error = await failure(testClient().client.apiAll({ ...read, path: jobs }));
    expect(error.message).toBe(
      "GitLab's answer to read pipeline #7 pointed back to page 1, which was already read; stopped reading the list there.",
    );
  });

  it(`stops a list that never ends after ${MAX_PAGES} pages`, async () => {
    const jobs = '/projects/42/pipelines/7/jobs';
    let page = 0;
    nock(API)
      .get(jobs)
      .query(true)
      .times(MAX_PAGES)
      .reply(200, () => [{ id: ++page }], { ...json, 'x-next-page': () => String(page + 1) });
    const error = await failure(testClient().client.apiAll({ ...read, path: jobs }));
    expect(page).toBe(MAX_PAGES);
    expect(error.message).toMatch(/went on past 500 pages \(50000 items\)/);
  });
});

describe('downloads GitLab sends to object storage', () => {
  const STORAGE = 'https://storage.example.com';
  const file = '/projects/42/jobs/9/artifacts/deploy.env';

  it('follows the redirect to the signed URL without the token, and never logs the signature', async () => {
    nock(API, { reqheaders: { 'private-token': token.value } })
      .get(file)
      .reply(302, '', { location: `${STORAGE}/bucket/deploy.env?X-Amz-Signature=s3cr3t` });
    nock(STORAGE, { badheaders: ['private-token', 'job-token'] })
      .get('/bucket/deploy.env')
      .query({ 'X-Amz-Signature': 's3cr3t' })
      .reply(200, 'ENVIRONMENT_URL=https://staging.example.com\n');
    const { client, logger } = testClient();
    const response = await client.api({ ...read, path: file, fromStorage: true });
    expect(response.body).toBe('ENVIRONMENT_URL=https://staging.example.com\n');
    expect(logger.lines.join('\n')).not.toContain('s3cr3t');
  });

  it('never follows a redirect for any other call', async () => {
    nock(API)
      .get('/projects/42/pipelines/7')
      .reply(302, '', { location: `${STORAGE}/x` });
    const error = await failure(testClient().client.apiJson(read));
    expect((error as GitLabError).status).toBe(302);
  });
});

describe('redirects of downloads', () => {
  const gitlab = (url: string) => new URL(url);
  it.each([
    ['https://s3.example/b/o', 'https://gitlab.example', undefined],
    ['http://s3.example/b/o', 'https://gitlab.example', 'which steps down from https to http'],
    ['http://s3.example/b/o', 'http://gitlab.example', undefined],
    ['http://169.254.169.254/m', 'http://gitlab.example', 'link-local'],
    ['http://[fe80::1]/m', 'http://gitlab.example', 'link-local'],
    ['http://127.0.0.1:9000/m', 'http://gitlab.example', 'loopback'],
    ['http://2130706433/m', 'http://gitlab.example', 'loopback'],
    ['http://[::ffff:127.0.0.1]/m', 'http://gitlab.example', 'loopback'],
    ['http://localhost/m', 'http://gitlab.example', 'loopback'],
    ['http://127.0.0.1:9000/m', 'http://127.0.0.1:8080', undefined],
    ['http://localhost:9000/m', 'http://127.0.0.1:8080', undefined],
  ])('to %s from GitLab at %s: %s', (target, at, why) => {
    const said = unsafeRedirect(new URL(target), gitlab(at));
    if (why === undefined) expect(said).toBeUndefined();
    else expect(said).toContain(why);
  });
});
