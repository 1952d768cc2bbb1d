import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { NetworkError } from '../src/core/errors.js';
import { GitLabClient } from '../src/core/gitlab-client.js';
import { createHttpSend } from '../src/core/http-transport.js';
import { Redactor } from '../src/core/redact.js';
import { TOKEN, fakeClock, recordingLogger } from './helpers/client.js';

// Failures of the connection itself, on real sockets on loopback: what node:http reports for
// them is what decides whether the trigger may be repeated. Through a proxy: proxy-transport.test.ts.

const request = {
  project: { display: 'acme/deploy', encoded: 'acme%2Fdeploy' },
  ref: 'main',
  token: TOKEN,
  variables: {},
  inputs: {},
};
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function clientFor(root: string, responseTimeoutMs = 5_000) {
  const clock = fakeClock();
  const redactor = new Redactor();
  redactor.add(TOKEN);
  const client = new GitLabClient({
    instance: { url: root, apiUrl: `${root}/api/v4` },
    send: createHttpSend({ responseTimeoutMs }),
    userAgent: 'test',
    logger: recordingLogger(),
    redactor,
    clock,
  });
  return { client, clock };
}

async function failure(promise: Promise<unknown>): Promise<NetworkError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NetworkError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('the trigger when the connection fails', () => {
  it('never repeats the request after a reset, and says a pipeline may exist', async () => {
    let requests = 0;
    const root = await serve((req) => {
      requests++;
      req.resume();
      req.on('end', () => req.socket.destroy());
    });
    const { client, clock } = clientFor(root);
    const error = await failure(client.triggerPipeline(request));
    expect(requests).toBe(1);
    expect(clock.slept).toEqual([]);
    expect(error.message).toContain('broke before GitLab answered');
    expect(error.message).toContain(
      `A pipeline may have been created for project 'acme/deploy' at ref 'main'`,
    );
    expect(error.message).toContain(`check ${root}/acme/deploy/-/pipelines before running again`);
  });

  it('never repeats the request when the answer does not come in time', async () => {
    let requests = 0;
    const root = await serve(() => {
      requests++;
    });
    const { client, clock } = clientFor(root, 200);
    const error = await failure(client.triggerPipeline(request));
    expect(requests).toBe(1);
    expect(clock.slept).toEqual([]);
    expect(error.message).toMatch(
      /^No complete answer from 127\.0\.0\.1:\d+ within 0.2s\. A pipeline may have been created/,
    );
  });

  it('says the pipeline may exist when a 201 is cut short', async () => {
    const root = await serve((req, res) => {
      req.resume();
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': '400' });
      res.write('{"id": 1, "web_url": "htt');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const error = await failure(clientFor(root).client.triggerPipeline(request));
    expect(error.message).toContain("while GitLab's answer (201) was being read");
    expect(error.message).toContain('A pipeline may have been created');
  });

  it('retries a refused connection, since nothing was sent, then gives up naming the host', async () => {
    const root = await serve(() => undefined);
    const port = new URL(root).port;
    await new Promise((r) => servers.pop()?.close(r));
    const { client, clock } = clientFor(root);
    const error = await failure(client.triggerPipeline(request));
    expect(error.maybeProcessed).toBe(false);
    expect(clock.slept).toEqual([1000, 2000, 4000, 8000]);
    expect(error.message).toBe(
      `Could not connect to 127.0.0.1:${port} (connection refused) (tried 5 times): check the GitLab URL, and that this machine reaches it (set HTTPS_PROXY if it must go through a proxy). No pipeline was created.`,
    );
  });

  it('does not retry a host that does not exist', async () => {
    const { client, clock } = clientFor('http://gitlab.nonexistent.invalid');
    const error = await failure(client.triggerPipeline(request));
    expect(clock.slept).toEqual([]);
    expect(error.message).toMatch(
      /^Could not (find|look up) the host gitlab\.nonexistent\.invalid/,
    );
    expect(error.message).toContain('No pipeline was created');
  });

  it('never quotes the token when the server echoes it in a broken answer', async () => {
    const root = await serve((req, res) => {
      req.resume();
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `token ${encodeURIComponent(TOKEN)} is invalid` }));
    });
    const error = await clientFor(root)
      .client.triggerPipeline(request)
      .catch((e: Error) => e);
    expect((error as Error).message).not.toContain(TOKEN);
    expect((error as Error).message).toContain('token *** is invalid');
  });
});

describe('the trigger when the run is cancelled before a connection is made', () => {
  it('says no pipeline was created when TLS never completed', async () => {
    // A TCP server that never speaks TLS: the request is on its way but has reached nobody.
    const sockets: Socket[] = [];
    const silent = createNetServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const { client } = clientFor(`https://127.0.0.1:${port}`, 60_000);
      const cancelled = new AbortController();
      setTimeout(() => cancelled.abort(), 100);
      const error = await failure(client.triggerPipeline(request, { signal: cancelled.signal }));
      expect(error.maybeProcessed).toBe(false);
      expect(error.message).toBe(
        "The run was cancelled before the trigger reached GitLab (no connection within 3s of the cancel); no pipeline was created for project 'acme/deploy' at ref 'main'.",
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
