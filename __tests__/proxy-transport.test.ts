import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { createProxy, type ProxyServer } from 'proxy';
import { proxyAgents } from '../src/core/gitlab-connection.js';
import { NetworkError, StoppedError } from '../src/core/errors.js';
import { GitLabClient } from '../src/core/gitlab-client.js';
import { createHttpSend, type HttpSend } from '../src/core/http-transport.js';
import { Redactor } from '../src/core/redact.js';
import { makeThrowawayCa, type ThrowawayCa } from './helpers/throwaway-ca.js';
import { TOKEN, fakeClock, recordingLogger } from './helpers/client.js';

// node:http through a real forward proxy on loopback (the `proxy` package), and through fake
// proxies that say no or say nothing: CONNECT tunnels to GitLab over TLS, forwarded plain
// http, and what each failure means for repeating a trigger.

const trigger = {
  project: { display: 'acme/deploy', encoded: 'acme%2Fdeploy' },
  ref: 'main',
  token: TOKEN,
  variables: {},
  inputs: {},
};
const PIPELINE = JSON.stringify({
  id: 7,
  iid: 1,
  project_id: 1,
  status: 'created',
  ref: 'main',
  sha: 'a'.repeat(40),
  web_url: 'https://gitlab.example.com/acme/deploy/-/pipelines/7',
});

let ca: ThrowawayCa;
let stranger: ThrowawayCa;
let defaultCas: string[];
let proxy: ProxyServer;
let proxyUrl: string;
const seen: string[] = [];
let refuse = false;
const closers: (() => Promise<unknown>)[] = [];

const address = (server: Server | NetServer | HttpsServer): number =>
  (server.address() as AddressInfo).port;
const listening = async <S extends Server | NetServer | HttpsServer>(server: S): Promise<S> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    (server as Server).closeAllConnections?.();
    return new Promise((resolve) => server.close(resolve));
  });
  return server;
};

beforeAll(async () => {
  ca = makeThrowawayCa();
  stranger = makeThrowawayCa();
  // Trusted as connect() trusts a ca_cert: added to the CAs of every TLS client of the process.
  defaultCas = tls.getCACertificates('default');
  tls.setDefaultCACertificates([...defaultCas, ca.caCert]);
  proxy = createProxy(createServer());
  proxy.authenticate = () => !refuse;
  proxy.on('request', (req: IncomingMessage) => seen.push(`${req.method} ${req.url}`));
  proxy.on('connect', (req: IncomingMessage) => seen.push(`CONNECT ${req.url}`));
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  tls.setDefaultCACertificates(defaultCas);
  await new Promise((resolve) => proxy.close(resolve));
  rmSync(ca.dir, { recursive: true, force: true });
  rmSync(stranger.dir, { recursive: true, force: true });
});
afterEach(async () => {
  seen.length = 0;
  refuse = false;
  await Promise.all(closers.splice(0).map((close) => close()));
});

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** GitLab over TLS, its certificate signed by `by` (the trusted CA unless told). */
async function gitlabTls(handler: Handler, by: ThrowawayCa = ca): Promise<string> {
  const server = await listening(
    createHttpsServer({ key: by.serverKey, cert: by.serverCert }, handler),
  );
  return `https://127.0.0.1:${address(server)}`;
}

async function gitlabPlain(handler: Handler): Promise<string> {
  return `http://127.0.0.1:${address(await listening(createServer(handler)))}`;
}

/** A proxy that answers each CONNECT with `answer`, or never answers when it is undefined. */
async function fakeProxy(answer?: string): Promise<{ url: string; closed: Promise<void> }> {
  let closedOne: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (closedOne = resolve));
  const server = await listening(
    createNetServer((socket: Socket) => {
      socket.on('close', () => closedOne());
      socket.on('error', () => undefined);
      socket.once('data', () => {
        if (answer) socket.end(answer);
      });
    }),
  );
  return { url: `http://127.0.0.1:${address(server)}`, closed };
}

const created: Handler = (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
    res.end(PIPELINE);
  });
};

async function sendThrough(via: string, secure: boolean, responseTimeoutMs = 5_000) {
  return createHttpSend({ responseTimeoutMs, agent: await proxyAgents(via, secure) });
}

function clientFor(root: string, send: HttpSend) {
  const clock = fakeClock();
  const redactor = new Redactor();
  redactor.add(TOKEN);
  const client = new GitLabClient({
    instance: { url: root, apiUrl: `${root}/api/v4` },
    send,
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

describe('https through a CONNECT tunnel', () => {
  it('verifies GitLab at the far end; GETs share a tunnel, a trigger opens its own', async () => {
    const root = await gitlabTls(created);
    const send = await sendThrough(proxyUrl, true);
    const get = () => send({ method: 'GET', url: `${root}/api/v4/version`, headers: {} });
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    const { client } = clientFor(root, send);
    expect((await client.triggerPipeline(trigger)).id).toBe(7);
    expect(seen).toEqual([`CONNECT ${new URL(root).host}`, `CONNECT ${new URL(root).host}`]);
  });

  it('checks the certificate against GitLab’s address, not the proxy’s', async () => {
    // The certificate names 127.0.0.1 and localhost; GitLab is at 127.0.0.2, the proxy at localhost.
    const server = createHttpsServer({ key: ca.serverKey, cert: ca.serverCert }, created);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const send = await sendThrough(proxyUrl.replace('127.0.0.1', 'localhost'), true);
    const error = await failure(
      send({
        method: 'GET',
        url: `https://127.0.0.2:${address(server)}/api/v4/version`,
        headers: {},
      }),
    );
    expect(error.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(error.maybeProcessed).toBe(false);
  });

  it('refuses a certificate no trusted CA signed, sending nothing and never repeating', async () => {
    let requests = 0;
    const root = await gitlabTls(() => requests++, stranger);
    const { client, clock } = clientFor(root, await sendThrough(proxyUrl, true));
    const error = await failure(client.triggerPipeline(trigger));
    expect(error.maybeProcessed).toBe(false);
    expect(error.message).toMatch(/^The TLS certificate of 127\.0\.0\.1:\d+ is not trusted/);
    expect(requests).toBe(0);
    expect(clock.slept).toEqual([]);
  });

  it('reports a CONNECT answered 407 as the proxy’s refusal, not GitLab’s answer', async () => {
    refuse = true;
    let requests = 0;
    const root = await gitlabTls(() => requests++);
    const { client, clock } = clientFor(root, await sendThrough(proxyUrl, true));
    const error = await failure(client.triggerPipeline(trigger));
    expect(error.code).toBe('PROXY_REFUSED');
    expect(error.maybeProcessed).toBe(false);
    expect(error.message).toMatch(
      /^The proxy refused to carry the request to 127\.0\.0\.1:\d+ \(407 Proxy Authentication Required\): check HTTPS_PROXY\/HTTP_PROXY/,
    );
    expect(requests).toBe(0);
    expect(clock.slept).toEqual([]);
  });

  it('reports another CONNECT status the same way, with that status', async () => {
    const down = await fakeProxy('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n');
    const send = await sendThrough(down.url, true);
    const error = await failure(
      send({ method: 'POST', url: 'https://127.0.0.1:9/api/v4/x', headers: {}, json: {} }),
    );
    expect(error.code).toBe('PROXY_REFUSED');
    expect(error.message).toContain('(502 Bad Gateway)');
  });

  it('says a pipeline may exist when the connection breaks once the tunnel is up', async () => {
    let requests = 0;
    const root = await gitlabTls((req) => {
      requests++;
      req.resume();
      req.on('end', () => req.socket.destroy());
    });
    const { client, clock } = clientFor(root, await sendThrough(proxyUrl, true));
    const error = await failure(client.triggerPipeline(trigger));
    expect(requests).toBe(1);
    expect(clock.slept).toEqual([]);
    expect(error.maybeProcessed).toBe(true);
    expect(error.message).toContain('broke before GitLab answered');
    expect(error.message).toContain('A pipeline may have been created');
  });

  it('repeats a trigger whose TLS with GitLab broke in the tunnel, since nothing was sent', async () => {
    // Not GitLab: a port that takes the tunnelled connection and drops it at the TLS hello.
    const broken = await listening(
      createNetServer((socket) => socket.once('data', () => socket.destroy())),
    );
    const root = `https://127.0.0.1:${address(broken)}`;
    const { client, clock } = clientFor(root, await sendThrough(proxyUrl, true));
    const error = await failure(client.triggerPipeline(trigger));
    expect(error.maybeProcessed).toBe(false);
    expect(clock.slept).toEqual([1000, 2000, 4000, 8000]);
    expect(error.message).toMatch(
      /^Could not connect to 127\.0\.0\.1:\d+ \(\w+\), through the proxy/,
    );
  });

  it('repeats a trigger when the proxy is down, naming the proxy', async () => {
    const down = await fakeProxy();
    const port = new URL(down.url).port;
    await closers.pop()?.();
    const { client, clock } = clientFor(
      'https://127.0.0.1:9',
      await sendThrough(`http://127.0.0.1:${port}`, true),
    );
    const error = await failure(client.triggerPipeline(trigger));
    expect(error.maybeProcessed).toBe(false);
    expect(clock.slept).toEqual([1000, 2000, 4000, 8000]);
    expect(error.message).toContain(
      '(connection refused), through the proxy named by HTTPS_PROXY/HTTP_PROXY',
    );
    expect(error.message).toContain('No pipeline was created');
  });

  it('gives up on a proxy that never answers the CONNECT, closing its connection', async () => {
    const silent = await fakeProxy();
    const send = await sendThrough(silent.url, true, 300);
    const error = await failure(
      send({ method: 'POST', url: 'https://127.0.0.1:9/api/v4/x', headers: {}, json: {} }),
    );
    expect(error.maybeProcessed).toBe(false);
    expect(error.message).toContain('through the proxy named by HTTPS_PROXY/HTTP_PROXY');
    await silent.closed;
  });

  it('stops at once when the run is cancelled while the tunnel is being made', async () => {
    const silent = await fakeProxy();
    const send = await sendThrough(silent.url, true);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(
      send({
        method: 'POST',
        url: 'https://127.0.0.1:9/api/v4/x',
        headers: {},
        json: {},
        signal: controller.signal,
      }),
    );
    expect(error).toBeInstanceOf(StoppedError);
    expect(error.maybeProcessed).toBe(false);
    expect(error.message).toBe('The run was cancelled before a request reached GitLab');
    await silent.closed;
  });

  it('streams a saved body through the tunnel', async () => {
    const root = await gitlabTls((req, res) => {
      res.writeHead(200);
      res.end('x'.repeat(100_000));
    });
    const path = join(tmpdir(), `proxy-transport-${process.pid}.bin`);
    const response = await (
      await sendThrough(proxyUrl, true)
    )({
      method: 'GET',
      url: `${root}/api/v4/artifacts`,
      headers: {},
      saveTo: { path, maxBytes: 1_000_000 },
    });
    expect(response.saved).toBe(100_000);
    expect(readFileSync(path, 'utf8')).toBe('x'.repeat(100_000));
    rmSync(path);
  });
});

describe('plain http forwarded by the proxy', () => {
  it('sends absolute-form requests with the proxy’s credentials', async () => {
    const authorizations: (string | undefined)[] = [];
    proxy.once('request', (req: IncomingMessage) =>
      authorizations.push(req.headers['proxy-authorization']),
    );
    const root = await gitlabPlain(created);
    const { client } = clientFor(
      root,
      await sendThrough(proxyUrl.replace('//', '//deploy:s%40cret@'), false),
    );
    expect((await client.triggerPipeline(trigger)).id).toBe(7);
    expect(seen).toEqual([`POST ${root}/api/v4/projects/acme%2Fdeploy/trigger/pipeline`]);
    expect(authorizations).toEqual([`Basic ${Buffer.from('deploy:s@cret').toString('base64')}`]);
  });

  it('reports a 407 as the proxy’s refusal, not GitLab’s answer', async () => {
    refuse = true;
    let requests = 0;
    const root = await gitlabPlain(() => requests++);
    const { client, clock } = clientFor(root, await sendThrough(proxyUrl, false));
    const error = await failure(client.triggerPipeline(trigger));
    expect(error.code).toBe('PROXY_REFUSED');
    expect(error.maybeProcessed).toBe(false);
    expect(error.message).toContain('(407 Proxy Authentication Required)');
    expect(requests).toBe(0);
    expect(clock.slept).toEqual([]);
  });

  it('gives up on a proxy that accepts and never answers, as an answer not come in time', async () => {
    const silent = await fakeProxy();
    const send = await sendThrough(silent.url, false, 300);
    const error = await failure(
      send({ method: 'POST', url: 'http://127.0.0.1:9/api/v4/x', headers: {}, json: {} }),
    );
    // The request went to the proxy, which may have passed it on: it may have been processed.
    expect(error.maybeProcessed).toBe(true);
    expect(error.message).toMatch(/^No complete answer from 127\.0\.0\.1:9 within 0.3s/);
    await silent.closed;
  });
});
