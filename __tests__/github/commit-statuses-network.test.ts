import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GITHUB_RETRY, githubStatuses } from '../../src/action/github/commit-statuses.js';
import { systemClock } from '../../src/core/clock.js';
import { startGitHubEmulator } from '../../emulator/github.js';
import { recordingLogger } from '../helpers/client.js';
import { ManualClock } from '../helpers/manual-clock.js';

// The GitHub client over real connections on loopback, through @actions/github's own
// (proxy-aware) fetch: what the action runs with.

const SHA = 'feedfacefeedfacefeedfacefeedfacefeedface';
const TOKEN = 'ghs_networkTEST0123456789abcdefghijklmn';

let gh: Awaited<ReturnType<typeof startGitHubEmulator>>;
let silent: Server;
let silentUrl = '';
beforeAll(async () => {
  gh = await startGitHubEmulator({ tokens: { [TOKEN]: {} } });
  // Accepts connections and never answers.
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await gh.close();
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
});

describe('githubStatuses over the network', () => {
  it('writes and finds a status through the proxy-aware fetch @actions/github brings', async () => {
    const statuses = githubStatuses({
      token: TOKEN,
      apiUrl: gh.url,
      repository: 'acme/app',
      clock: systemClock,
      logger: recordingLogger(),
    });
    await statuses.create(SHA, {
      state: 'pending',
      context: 'gitlab/acme/deploy',
      targetUrl: 'https://gitlab.example.com/acme/deploy/-/pipelines/9',
    });
    const found = await statuses.find(SHA, (s) => s.context === 'gitlab/acme/deploy');
    expect(found?.target_url).toBe('https://gitlab.example.com/acme/deploy/-/pipelines/9');
    expect(gh.requests[0]?.headers.authorization).toBe(`token ${TOKEN}`);
    expect(gh.requests[0]?.headers['user-agent']).toMatch(/^gitlab-pipeline-trigger\//);
  });

  it('ends a request GitHub does not answer when its clock says the timeout passed, each attempt', async () => {
    const clock = new ManualClock();
    const statuses = githubStatuses({
      token: TOKEN,
      apiUrl: silentUrl,
      repository: 'acme/app',
      requestTimeoutMs: 30_000,
      retry: { ...GITHUB_RETRY, attempts: 2 },
      clock,
      logger: recordingLogger(),
    });
    const started = Date.now();
    const created = statuses.create(SHA, { state: 'pending', context: 'c' });
    const outcome = expect(created).rejects.toThrow(
      /^GitHub did not answer within 30s when asked to write the commit status 'c'/,
    );
    // The connection stays open and silent: only the clock ends each attempt.
    await clock.pass(30_000);
    await clock.pass(1_000);
    await clock.pass(30_000);
    await outcome;
    expect(clock.slept).toEqual([30_000, 1_000, 30_000]);
    // Thirty seconds twice on the clock; no such time in fact.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('says GitHub could not be reached when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const statuses = githubStatuses({
      token: TOKEN,
      apiUrl: url,
      repository: 'acme/app',
      retry: { ...GITHUB_RETRY, attempts: 2, backoffMs: [0] },
      clock: systemClock,
      logger: recordingLogger(),
    });
    await expect(statuses.create(SHA, { state: 'pending', context: 'c' })).rejects.toThrow(
      new RegExp(
        `^Could not write the commit status 'c' on feedfacefeed of acme/app: .+ \\(GitHub API at ${url}\\)\\.$`,
      ),
    );
  });
});
