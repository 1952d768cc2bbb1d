import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { isDenied, isTransient } from '../../src/core/errors.js';
import { recordingLogger } from '../helpers/client.js';
import { ManualClock } from '../helpers/manual-clock.js';
import {
  GITHUB_RETRY,
  GitHubError,
  MAX_DESCRIPTION,
  fitDescription,
  githubStatuses,
  type StatusesSettings,
} from '../../src/action/github/commit-statuses.js';

// The GitHub client against recorded answers. GitHub's bodies below follow its REST docs
// ("Commit statuses") and the error bodies it sends: `message`, `documentation_url`, `status`.

const API = 'https://api.github.com';
const SHA = '0123456789abcdef0123456789abcdef01234567';
const TOKEN = 'ghs_0123456789abcdefghijABCDEFGHIJ012345';
const DOCS = 'https://docs.github.com/rest/commits/statuses#create-a-commit-status';

beforeAll(() => nock.disableNetConnect());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

/** The fetch nock patches, looked up at each call: @actions/github's own bypasses it. */
const patchedFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

/** A client on a clock that moves only when the test moves it, and a logger that keeps lines. */
function client(extra: Partial<StatusesSettings> = {}) {
  const clock = new ManualClock();
  const logger = recordingLogger();
  const statuses = githubStatuses({
    token: TOKEN,
    apiUrl: API,
    repository: 'acme/app',
    fetch: patchedFetch,
    clock,
    logger,
    ...extra,
  });
  return { statuses, clock, logger };
}

const entity = (id: number, context: string, target: string | null = null) => ({
  url: `${API}/repos/acme/app/statuses/${SHA}`,
  id,
  state: 'pending',
  description: null,
  target_url: target,
  context,
  created_at: '2026-11-25T12:00:00Z',
  updated_at: '2026-11-25T12:00:00Z',
});

async function failure(promise: Promise<unknown>): Promise<GitHubError> {
  try {
    await promise;
  } catch (error) {
    return error as GitHubError;
  }
  throw new Error('expected a failure');
}

describe('githubStatuses.create', () => {
  it('posts the status with the token in the Authorization header', async () => {
    const scope = nock(API, { reqheaders: { authorization: `token ${TOKEN}` } })
      .post(`/repos/acme/app/statuses/${SHA}`, {
        state: 'pending',
        context: 'gitlab/acme/deploy',
        description: 'Pipeline #7: created',
        target_url: 'https://gitlab.example.com/acme/deploy/-/pipelines/7',
      })
      .reply(201, entity(1, 'gitlab/acme/deploy'));
    const { statuses } = client();
    const created = await statuses.create(SHA, {
      state: 'pending',
      context: 'gitlab/acme/deploy',
      description: 'Pipeline #7: created',
      targetUrl: 'https://gitlab.example.com/acme/deploy/-/pipelines/7',
    });
    expect(created.id).toBe(1);
    expect(scope.isDone()).toBe(true);
  });

  it('goes to the GitHub Enterprise Server API that GITHUB_API_URL names', async () => {
    nock('https://ghe.example.com')
      .post(`/api/v3/repos/acme/app/statuses/${SHA}`)
      .reply(201, entity(2, 'c'));
    const { statuses } = client({ apiUrl: 'https://ghe.example.com/api/v3/' });
    await expect(statuses.create(SHA, { state: 'success', context: 'c' })).resolves.toMatchObject({
      id: 2,
    });
  });

  it('cuts a description longer than 140 characters', async () => {
    let sent = '';
    nock(API)
      .post(`/repos/acme/app/statuses/${SHA}`, (body: { description: string }) => {
        sent = body.description;
        return true;
      })
      .reply(201, entity(3, 'c'));
    const { statuses } = client();
    await statuses.create(SHA, { state: 'pending', context: 'c', description: 'x'.repeat(300) });
    expect(sent).toHaveLength(MAX_DESCRIPTION);
    expect(sent.endsWith('…')).toBe(true);
  });

  it.each([
    [403, 'Resource not accessible by integration'],
    [404, 'Not Found'],
  ])('turns %i into one line naming statuses: write', async (status, message) => {
    nock(API)
      .post(`/repos/acme/app/statuses/${SHA}`)
      .reply(status, { message, documentation_url: DOCS, status: String(status) });
    const { statuses } = client();
    const error = await failure(statuses.create(SHA, { state: 'pending', context: 'c' }));
    expect(error).toBeInstanceOf(GitHubError);
    expect(isDenied(error)).toBe(true);
    expect(error.message).toBe(
      `GitHub answered ${status} (${message}) when asked to write the commit status 'c' on 0123456789ab of acme/app: github_token needs \`permissions: statuses: write\` (a pull request from a fork only gets a read-only token).`,
    );
    expect(error.message).not.toContain('\n');
  });

  it('names the setting the host gives for the token when GitHub refuses it', async () => {
    nock(API).post(`/repos/acme/app/statuses/${SHA}`).reply(401, {
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
    });
    const { statuses } = client({ tokenSetting: '--github-token' });
    const error = await failure(statuses.create(SHA, { state: 'pending', context: 'c' }));
    expect(error.message).toContain('(Bad credentials)');
    expect(error.message).toContain('--github-token was not accepted');
    expect(isDenied(error)).toBe(true);
  });

  it('says what GitHub found invalid in a 422', async () => {
    nock(API)
      .post(`/repos/acme/app/statuses/${SHA}`)
      .reply(422, {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'Status',
            code: 'custom',
            field: 'context',
            message: 'This SHA and context has reached the maximum number of statuses.',
          },
        ],
        documentation_url: DOCS,
      });
    const { statuses } = client();
    const error = await failure(statuses.create(SHA, { state: 'pending', context: 'c' }));
    expect(error.message).toContain(
      '(Validation Failed: This SHA and context has reached the maximum number of statuses.)',
    );
    expect(isTransient(error)).toBe(false);
    expect(isDenied(error)).toBe(false);
  });

  it('tries again after a 502 and a rate limit, pausing on its clock, each request bounded by it', async () => {
    nock(API)
      .post(`/repos/acme/app/statuses/${SHA}`)
      .reply(502, 'Bad Gateway')
      .post(`/repos/acme/app/statuses/${SHA}`)
      .reply(
        403,
        { message: 'API rate limit exceeded for installation ID 1.' },
        { 'x-ratelimit-remaining': '0' },
      )
      .post(`/repos/acme/app/statuses/${SHA}`)
      .reply(201, entity(4, 'c'));
    const { statuses, clock, logger } = client();
    const started = clock.now();
    const created = statuses.create(SHA, { state: 'pending', context: 'c' });
    await clock.pass(1_000);
    await clock.pass(3_000);
    await expect(created).resolves.toMatchObject({ id: 4 });
    // Each attempt's 10s timeout, and the pauses of GITHUB_RETRY between them: no real sleep.
    expect(clock.slept).toEqual([10_000, 1_000, 10_000, 3_000, 10_000]);
    expect(clock.now() - started).toBe(4_000);
    // Told at debug level: the commit status watcher decides what is worth a warning.
    expect(logger.lines).toEqual([
      "debug: GitHub answered 502 (Bad Gateway) when asked to write the commit status 'c' on 0123456789ab of acme/app; trying again in 1s (attempt 2 of 3).",
      "debug: GitHub answered 403 (API rate limit exceeded for installation ID 1.) when asked to write the commit status 'c' on 0123456789ab of acme/app: its API rate limit was reached; trying again in 3s (attempt 3 of 3).",
    ]);
  });

  it('makes no attempt after its last, and throws the last failure', async () => {
    nock(API).post(`/repos/acme/app/statuses/${SHA}`).times(3).reply(503, 'Service Unavailable');
    const { statuses, clock } = client();
    const created = failure(statuses.create(SHA, { state: 'pending', context: 'c' }));
    await clock.pass(1_000);
    await clock.pass(3_000);
    const error = await created;
    expect(error.message).toBe(
      "GitHub answered 503 (Service Unavailable) when asked to write the commit status 'c' on 0123456789ab of acme/app.",
    );
    expect(isTransient(error)).toBe(true);
    expect(clock.slept.filter((ms) => ms !== 10_000)).toEqual([1_000, 3_000]);
  });

  it('stops pausing at a cancel, and sends nothing more', async () => {
    nock(API).post(`/repos/acme/app/statuses/${SHA}`).reply(502, 'Bad Gateway');
    const cancel = new AbortController();
    const { statuses, clock } = client();
    const created = failure(
      statuses.create(SHA, { state: 'pending', context: 'c' }, { signal: cancel.signal }),
    );
    while (!clock.slept.includes(1_000)) await new Promise((resolve) => setTimeout(resolve, 1));
    cancel.abort();
    const error = await created;
    expect(error).toBeInstanceOf(GitHubError);
    expect(error.message).toBe(
      "Could not write the commit status 'c' on 0123456789ab of acme/app: the run was cancelled.",
    );
    expect(isTransient(error)).toBe(false);
  });

  it('gives up on a rate limit after its attempts, without calling it a permission problem', async () => {
    nock(API)
      .post(`/repos/acme/app/statuses/${SHA}`)
      .times(2)
      .reply(403, { message: 'You have exceeded a secondary rate limit.' });
    const { statuses, clock } = client({ retry: { ...GITHUB_RETRY, attempts: 2 } });
    const created = failure(statuses.create(SHA, { state: 'pending', context: 'c' }));
    await clock.pass(1_000);
    const error = await created;
    expect(isDenied(error)).toBe(false);
    expect(isTransient(error)).toBe(true);
    expect(error.message).toContain('its API rate limit was reached');
  });

  it('sends nothing and does not try again once the run is cancelled', async () => {
    const cancelled = new AbortController();
    const { statuses, clock } = client();
    cancelled.abort();
    const error = await failure(
      statuses.create(SHA, { state: 'pending', context: 'c' }, { signal: cancelled.signal }),
    );
    expect(error.message).toContain('the run was cancelled');
    expect(clock.slept).toEqual([]);
  });

  it('refuses a repository that is not owner/repo before any request', () => {
    const clock = new ManualClock();
    const logger = recordingLogger();
    expect(() =>
      githubStatuses({ token: TOKEN, apiUrl: API, repository: 'app', clock, logger }),
    ).toThrow("GITHUB_REPOSITORY is 'app', not owner/repo");
  });
});

describe('githubStatuses.find', () => {
  it('reads page after page, newest first, until a status matches', async () => {
    const first = Array.from({ length: 100 }, (_, i) => entity(300 - i, 'other'));
    nock(API)
      .get(`/repos/acme/app/commits/${SHA}/statuses`)
      .query({ per_page: '100', page: '1' })
      .reply(200, first, {
        link: `<${API}/repositories/1/commits/${SHA}/statuses?per_page=100&page=2>; rel="next"`,
      })
      .get(`/repos/acme/app/commits/${SHA}/statuses`)
      .query({ per_page: '100', page: '2' })
      .reply(200, [entity(150, 'other'), entity(120, 'gitlab/x', 'u1'), entity(100, 'gitlab/x')]);
    const { statuses } = client();
    const found = await statuses.find(SHA, (s) => s.context === 'gitlab/x');
    expect(found?.id).toBe(120);
  });

  it('names statuses: read when GitHub refuses the list', async () => {
    nock(API)
      .get(`/repos/acme/app/commits/${SHA}/statuses`)
      .query(true)
      .reply(404, { message: 'Not Found', documentation_url: DOCS });
    const { statuses } = client();
    const error = await failure(statuses.find(SHA, () => true));
    expect(error.message).toBe(
      'GitHub answered 404 (Not Found) when asked to list the commit statuses of 0123456789ab in acme/app: github_token needs `permissions: statuses: read` (or write).',
    );
  });

  it('stops at the last page when nothing matches', async () => {
    nock(API)
      .get(`/repos/acme/app/commits/${SHA}/statuses`)
      .query(true)
      .reply(200, [entity(1, 'other')]);
    const { statuses } = client();
    await expect(statuses.find(SHA, () => false)).resolves.toBeUndefined();
  });
});

describe('fitDescription', () => {
  it('keeps a short description as it is, on one line', () => {
    expect(fitDescription('Pipeline #7:\n running')).toBe('Pipeline #7: running');
  });

  it('counts characters outside the BMP without splitting them', () => {
    const text = fitDescription('🚀'.repeat(200));
    expect(text.length).toBeLessThanOrEqual(MAX_DESCRIPTION);
    expect(text.endsWith('🚀…')).toBe(true);
  });
});
