import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Clock } from '../src/core/clock.js';
import { GitLabError, StoppedError } from '../src/core/errors.js';
import { TRIGGER_GRACE_MS } from '../src/core/retry.js';
import { API, TOKEN, testClient } from './helpers/client.js';

const project = { display: 'acme/platform/deploy', encoded: 'acme%2Fplatform%2Fdeploy' };
const request = { project, ref: 'main', token: TOKEN, variables: { A: '1.10' }, inputs: { n: 3 } };
const PATH = '/projects/acme%2Fplatform%2Fdeploy/trigger/pipeline';
const pipeline = {
  id: 257,
  iid: 118,
  project_id: 42,
  sha: '91e2711a93e5d9e8dddfeb6d003b636b25bf6fc9',
  ref: 'main',
  status: 'created',
  source: 'trigger',
  created_at: '2026-11-25T12:00:00.000Z',
  web_url: 'https://gitlab.example.com/acme/platform/deploy/-/pipelines/257',
};
const json = { 'content-type': 'application/json' };

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

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

describe('triggerPipeline', () => {
  // nock matches the path exactly: the token cannot be in it.
  it('posts the token, ref, variables and typed inputs as JSON, never in the URL', async () => {
    let body: unknown;
    nock(API, {
      reqheaders: {
        'content-type': 'application/json',
        'user-agent': 'gitlab-pipeline-trigger/test',
      },
    })
      .post(PATH, (received: unknown) => {
        body = received;
        return true;
      })
      .reply(201, pipeline, json);
    const { client } = testClient();
    await expect(client.triggerPipeline(request)).resolves.toEqual(pipeline);
    expect(body).toEqual({ ref: 'main', token: TOKEN, variables: { A: '1.10' }, inputs: { n: 3 } });
  });

  it('leaves out variables and inputs when there are none', async () => {
    let body: unknown;
    nock(API)
      .post(PATH, (b) => ((body = b), true))
      .reply(201, pipeline, json);
    await testClient().client.triggerPipeline({ ...request, variables: {}, inputs: {} });
    expect(body).toEqual({ ref: 'main', token: TOKEN });
  });

  it('says a 404 means an unknown project or a token of another project', async () => {
    nock(API).post(PATH).reply(404, { message: '404 Not Found' }, json);
    const error = await failure(testClient().client.triggerPipeline(request));
    expect(error).toBeInstanceOf(GitLabError);
    expect(error.message).toBe(
      "GitLab answered 404 Not Found for project 'acme/platform/deploy' at ref 'main' on gitlab.example.com: either no project has this id or path, or the token is not a trigger token of this project (GitLab does not say which). Check the project and the token.",
    );
  });

  it("quotes GitLab's message.base and says what to do for a missing ref", async () => {
    nock(API)
      .post(PATH)
      .reply(400, { message: { base: ['Reference not found'] } }, json);
    const error = await failure(testClient().client.triggerPipeline(request));
    expect(error.message).toBe(
      "GitLab did not create a pipeline for project 'acme/platform/deploy' at ref 'main': Reference not found. To fix: check that the branch or tag 'main' exists in the project (a commit SHA is not accepted).",
    );
  });

  it("writes out the HTML link older GitLab ends a protected ref's refusal with", async () => {
    // Chain::Validate::Abilities in a copy from 14.x on (`.html_safe`); an 18.x copy has no link.
    const older =
      "You do not have sufficient permission to run a pipeline on 'main'. Please select a different branch or contact your administrator for assistance. <a href=https://docs.gitlab.com/ee/ci/pipelines/#pipeline-security-on-protected-branches>Learn more</a>";
    nock(API)
      .post(PATH)
      .reply(400, { message: { base: [older] } }, json);
    const error = await failure(testClient().client.triggerPipeline(request));
    expect(error.message).toContain(
      'contact your administrator for assistance. Learn more: https://docs.gitlab.com/ee/ci/pipelines/#pipeline-security-on-protected-branches',
    );
    expect(error.message).not.toContain('<a ');
    expect(error.message).toContain("the token's owner may not run pipelines on 'main'");
  });

  it('tells to use the short name when the ref is a full refs/heads/ name', async () => {
    nock(API)
      .post(PATH)
      .reply(400, { message: { base: ['Reference not found'] } }, json);
    const error = await failure(
      testClient().client.triggerPipeline({ ...request, ref: 'refs/heads/main' }),
    );
    expect(error.message).toContain("give the short name 'main' instead of 'refs/heads/main'");
  });

  it.each([
    ['Insufficient permissions to set pipeline variables', 'may not set pipeline variables'],
    ['Pipeline filtered out by workflow rules.', 'rules exclude this pipeline'],
    ['Too many pipelines created in the last minute. Try again later.', 'run again in a minute'],
  ])('explains the refusal %j', async (base, hint) => {
    nock(API)
      .post(PATH)
      .reply(400, { message: { base: [base] } }, json);
    const error = await failure(testClient().client.triggerPipeline(request));
    expect(error.message).toContain(base);
    expect(error.message).toContain(hint);
  });

  it('says a 422 pipeline was created but failed, and where to find it', async () => {
    nock(API)
      .post(PATH)
      .reply(
        422,
        { message: { base: ['jobs config should contain at least one visible job'] } },
        json,
      );
    const error = await failure(testClient().client.triggerPipeline(request));
    expect(error.message).toContain('created a pipeline');
    expect(error.message).toContain('jobs config should contain at least one visible job');
    expect(error.message).toContain('https://gitlab.example.com/acme/platform/deploy/-/pipelines');
  });

  it('explains a 401 for a CI job token whose job is not running', async () => {
    nock(API).post(PATH).reply(401, { message: 'Job is not running' }, json);
    const error = await failure(testClient().client.triggerPipeline(request));
    expect(error.message).toContain('401 Unauthorized (Job is not running)');
    expect(error.message).toContain('a CI job token is valid only while its job runs');
  });

  it('shows a 400 error field as GitLab wrote it', async () => {
    nock(API).post(PATH).reply(400, { error: 'ref is empty' }, json);
    const error = await failure(testClient().client.triggerPipeline(request));
    expect(error.message).toContain('ref is empty');
  });

  it('waits as Retry-After says after a 429, then creates exactly one pipeline', async () => {
    nock(API)
      .post(PATH)
      .reply(429, 'Retry later', { 'content-type': 'text/plain', 'retry-after': '7' })
      .post(PATH)
      .reply(201, pipeline, json);
    const { client, clock, logger } = testClient();
    await expect(client.triggerPipeline(request)).resolves.toMatchObject({ id: 257 });
    expect(clock.slept).toEqual([7000]);
    expect(logger.lines).toContainEqual(
      'warning: GitLab answered 429 Too Many Requests (Retry later); no pipeline was created; trying again in 7s (attempt 2 of 5).',
    );
  });

  it('fails at once when Retry-After asks for longer than it waits', async () => {
    nock(API).post(PATH).reply(429, 'Retry later', { 'retry-after': '600' });
    const { client, clock } = testClient();
    const error = await failure(client.triggerPipeline(request));
    expect(clock.slept).toEqual([]);
    expect(error.message).toContain('asks to wait 10m, longer than the 1m this tool waits');
    expect(error.message).toContain('No pipeline was created');
  });

  it('retries a 503 with growing waits and gives up after five attempts', async () => {
    nock(API)
      .post(PATH)
      .times(5)
      .reply(503, '<html><body>maintenance</body></html>', { 'content-type': 'text/html' });
    const { client, clock } = testClient();
    const error = await failure(client.triggerPipeline(request));
    expect(clock.slept).toEqual([1000, 2000, 4000, 8000]);
    expect(error.message).toContain('503 Service Unavailable with an HTML error page 5 times');
    expect(error.message).not.toContain('<html>');
  });

  it.each([500, 502, 504])(
    'never repeats the trigger after a %i and says a pipeline may exist',
    async (status) => {
      nock(API).post(PATH).reply(status, '<!DOCTYPE html><html><body>Whoops</body></html>', {
        'content-type': 'text/html',
      });
      const { client, clock } = testClient();
      const error = await failure(client.triggerPipeline(request));
      expect(clock.slept).toEqual([]);
      expect(error.message).toContain('with an HTML error page');
      expect(error.message).toContain('A pipeline may have been created');
      expect(error.message).not.toContain('Whoops');
    },
  );

  it.each([301, 302, 307, 308])(
    'does not follow a %i redirect, naming where it points',
    async (status) => {
      nock(API)
        .post(PATH)
        .reply(status, '', { location: 'https://other.example.net/api/v4/x?token=abc' });
      const error = await failure(testClient().client.triggerPipeline(request));
      expect(error.message).toContain('pointing to https://other.example.net/api/v4/x');
      expect(error.message).not.toContain('token=abc');
      expect(error.message).toContain('no pipeline was created');
    },
  );

  it('says a pipeline was created when a 201 carries no pipeline', async () => {
    nock(API).post(PATH).reply(201, '<html>proxy page</html>', { 'content-type': 'text/html' });
    const error = await failure(testClient().client.triggerPipeline(request));
    expect(error.message).toContain('201 Created');
    expect(error.message).toContain('https://gitlab.example.com/acme/platform/deploy/-/pipelines');
  });

  it('never quotes the token, even when GitLab echoes it back', async () => {
    nock(API)
      .post(PATH)
      .reply(400, { error: `token ${TOKEN} is invalid` }, json);
    const error = await failure(testClient().client.triggerPipeline(request));
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).toContain('token *** is invalid');
  });
});

/** A clock whose sleeps end only when `elapse()` is called (or their signal aborts). */
function heldClock(): Clock & { elapse(): void } {
  const sleeping: (() => void)[] = [];
  return {
    now: () => Date.now(),
    sleep: (_ms, signal) =>
      new Promise<void>((resolve) => {
        sleeping.push(resolve);
        signal?.addEventListener('abort', () => resolve(), { once: true });
      }),
    elapse: () => sleeping.splice(0).forEach((wake) => wake()),
  };
}

describe('triggerPipeline and the run being cancelled', () => {
  it('lets a trigger already on its way finish, so the pipeline it made is known', async () => {
    nock(API).post(PATH).delay(200).reply(201, pipeline, json);
    const cancelled = new AbortController();
    setTimeout(() => cancelled.abort(), 20);
    const created = await testClient({ clock: heldClock() }).client.triggerPipeline(request, {
      signal: cancelled.signal,
    });
    expect(created.id).toBe(pipeline.id);
  });

  it(`gives up on a trigger unanswered ${TRIGGER_GRACE_MS / 1000} s after the cancel, saying a pipeline may exist`, async () => {
    nock(API).post(PATH).delay(60_000).reply(201, pipeline, json);
    const clock = heldClock();
    const cancelled = new AbortController();
    const trigger = testClient({ clock }).client.triggerPipeline(request, {
      signal: cancelled.signal,
    });
    setTimeout(() => {
      cancelled.abort();
      // The grace after the cancel runs out.
      setTimeout(() => clock.elapse(), 20);
    }, 20);
    const error = await failure(trigger);
    expect(error).toBeInstanceOf(StoppedError);
    expect(error.message).toBe(
      `The run was cancelled while the trigger was on its way, and GitLab did not answer within ${TRIGGER_GRACE_MS / 1000}s of it. A pipeline may have been created for project 'acme/platform/deploy' at ref 'main', so the request was not repeated: check https://gitlab.example.com/acme/platform/deploy/-/pipelines before running again.`,
    );
  });

  it('sends nothing when the run was cancelled before the trigger', async () => {
    const cancelled = new AbortController();
    cancelled.abort();
    await expect(
      testClient().client.triggerPipeline(request, { signal: cancelled.signal }),
    ).rejects.toThrow(/^The run was cancelled before GitLab created a pipeline/);
  });
});
