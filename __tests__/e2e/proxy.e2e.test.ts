import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { createProxy, type ProxyServer } from 'proxy';
import { Output } from '../../src/action/names.js';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { annotations, runAction } from '../../scripts/github-runner.js';
import { makeThrowawayCa, type ThrowawayCa } from '../helpers/throwaway-ca.js';

// A real forward proxy (the `proxy` package, an HTTP proxy with CONNECT tunnels) on
// 127.0.0.1, in front of the emulator over HTTP and over HTTPS.

let plain: Emulator;
let secure: Emulator;
let ca: ThrowawayCa;
let proxy: ProxyServer;
let proxyUrl: string;
const seen: string[] = [];
let refuse: ((req: IncomingMessage) => boolean) | undefined;

beforeAll(async () => {
  ca = makeThrowawayCa();
  plain = await startEmulator({ speed: 20 });
  secure = await startEmulator({ speed: 20, tls: { key: ca.serverKey, cert: ca.serverCert } });
  proxy = createProxy(createServer());
  proxy.authenticate = (req) => (refuse ? refuse(req) : true);
  proxy.on('request', (req: IncomingMessage) => seen.push(`${req.method} ${req.url}`));
  proxy.on('connect', (req: IncomingMessage) => seen.push(`CONNECT ${req.url}`));
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all([plain.close(), secure.close(), new Promise((r) => proxy.close(r))]);
  rmSync(ca.dir, { recursive: true, force: true });
});
afterEach(() => {
  seen.length = 0;
  refuse = undefined;
});

const step = (emu: Emulator, extra: Record<string, string> = {}) => ({
  gitlab_url: emu.url,
  project: emu.seed.projectPath,
  ref: 'main',
  token: emu.seed.triggerToken,
  wait: 'true',
  api_token: emu.seed.apiToken,
  ...extra,
});

describe('through a forward proxy', () => {
  it('sends every request of a trigger and a wait through HTTP_PROXY', async () => {
    const before = plain.requests.length;
    const run = await runAction({ with: step(plain), env: { HTTP_PROXY: proxyUrl } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs[Output.Status]).toBe('success');
    const arrived = plain.requests.slice(before);
    expect(arrived.length).toBeGreaterThan(2);
    expect(seen).toHaveLength(arrived.length);
    for (const request of arrived) expect(request.headers['via']).toMatch(/proxy\//);
    expect(seen[0]).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/api\/v4\/projects\/acme%2Fplatform%2Fdeploy\/trigger\/pipeline$/,
    );
  });

  it('tunnels HTTPS through HTTPS_PROXY with CONNECT, verifying the certificate at the far end', async () => {
    const run = await runAction({
      with: step(secure, { ca_cert: ca.caCert }),
      env: { HTTPS_PROXY: proxyUrl, https_proxy: proxyUrl },
    });
    expect(run.exitCode).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((line) => /^CONNECT 127\.0\.0\.1:\d+$/.test(line))).toBe(true);
  });

  it('goes direct to a host listed in NO_PROXY', async () => {
    const before = plain.requests.length;
    const run = await runAction({
      with: step(plain),
      env: { HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' },
    });
    expect(run.exitCode).toBe(0);
    expect(seen).toEqual([]);
    expect(plain.requests.length).toBeGreaterThan(before);
  });

  it('says so clearly when the proxy refuses, creating nothing', async () => {
    refuse = () => false;
    const before = { requests: plain.requests.length, pipelines: plain.pipelines.length };
    const run = await runAction({ with: step(plain), env: { HTTP_PROXY: proxyUrl } });
    expect(run.exitCode).toBe(1);
    const [error] = annotations(run.stdout, 'error');
    expect(error).toMatch(
      /^The proxy refused to carry the request to 127\.0\.0\.1:\d+ \(407 Proxy Authentication Required\): check HTTPS_PROXY\/HTTP_PROXY \(a proxy that wants a password takes it in its URL, http:\/\/user:password@proxy:3128\), or list 127\.0\.0\.1 in NO_PROXY\. No pipeline was created\.$/,
    );
    expect(plain.requests.length).toBe(before.requests);
    expect(plain.pipelines.length).toBe(before.pipelines);
  });

  it('takes a proxy written without a scheme, as curl does', async () => {
    const run = await runAction({
      with: step(plain),
      env: { HTTP_PROXY: proxyUrl.replace('http://', '') },
    });
    expect(run.exitCode).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('names the variable when a proxy address is unusable, before sending anything', async () => {
    const before = plain.requests.length;
    const run = await runAction({
      with: step(plain),
      env: { HTTPS_PROXY: 'ftp://proxy.corp.example:21' },
    });
    expect(run.exitCode).toBe(1);
    expect(annotations(run.stdout, 'error')[0]).toBe(
      'HTTPS_PROXY is not a proxy address: write it as http://host:port (with user:password@ before the host if the proxy wants them).',
    );
    expect(plain.requests.length).toBe(before);
  });

  it('names the proxy when it cannot be reached', async () => {
    const down = await new Promise<string>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(`http://127.0.0.1:${port}`));
      });
    });
    const run = await runAction({
      with: step(plain, { wait: 'false' }),
      env: { HTTP_PROXY: down },
      timeoutMs: 40_000,
    });
    expect(run.exitCode).toBe(1);
    expect(annotations(run.stdout, 'error')[0]).toMatch(
      /connection refused\), through the proxy named by HTTPS_PROXY\/HTTP_PROXY: check that the proxy runs and reaches GitLab, or list the host in NO_PROXY \(tried 5 times\)\. No pipeline was created\.$/,
    );
  }, 40_000);

  it('sends the credentials in the proxy URL and never prints them', async () => {
    const password = 'pr0xy-s3cret-word';
    refuse = (req) =>
      req.headers['proxy-authorization'] ===
      `Basic ${Buffer.from(`deploy:${password}`).toString('base64')}`;
    const authenticated = proxyUrl.replace('http://', `http://deploy:${password}@`);
    // DEBUG=* too: the proxy agents' own logging (the `debug` package) would print the
    // credentials, and the request with its token, past the redactor.
    const run = await runAction({
      with: step(plain),
      env: { HTTP_PROXY: authenticated, RUNNER_DEBUG: '1', DEBUG: '*' },
    });
    expect(run.exitCode).toBe(0);
    expect(run.everything).not.toContain(password);
  });
});
