import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkError } from '../../src/core/errors.js';
import { createHttpSend, type HttpSend } from '../../src/core/http-transport.js';

// The transport's streaming body: written to a file as it arrives, bounded by a ceiling, its
// pauses bounded rather than its whole length; other answers read as before. Both ways of
// sending: node:http (a proxy's tunnel is node:http too, tested in proxy-transport).

const MiB = 1024 * 1024;
let server: Server;
let base: string;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'save-to-'));
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/big') {
      const size = Number(url.searchParams.get('size'));
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let left = size;
      const pump = (): void => {
        while (left > 0) {
          const part = chunk.subarray(0, Math.min(left, chunk.length));
          left -= part.length;
          if (!res.write(part)) return void res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    if (url.pathname === '/slow') {
      // Five chunks, `gap` ms apart: longer in all than the response timeout, never idle as long.
      const gap = Number(url.searchParams.get('gap'));
      res.writeHead(200);
      let n = 0;
      const timer = setInterval(() => {
        res.write(`chunk ${n}\n`);
        if (++n === 5) {
          clearInterval(timer);
          res.end();
        }
      }, gap);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"message":"404 Not Found"}');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  await rm(dir, { recursive: true, force: true });
});

const sends: [string, (timeout: number) => HttpSend][] = [
  ['node:http', (t) => createHttpSend({ responseTimeoutMs: t })],
];

describe.each(sends)('saveTo through %s', (label, make) => {
  const file = (name: string): string => join(dir, `${label.replace(/\W/g, '')}-${name}`);

  it('writes a 2xx body to the file, whole, and answers with its size and no body', async () => {
    const path = file('big');
    const response = await make(5_000)({
      method: 'GET',
      url: `${base}/big?size=${40 * MiB}`,
      headers: {},
      saveTo: { path, maxBytes: 64 * MiB },
    });
    expect(response).toMatchObject({ status: 200, body: '', saved: 40 * MiB });
    expect(statSync(path).size).toBe(40 * MiB);
  });

  it('stops past the ceiling with TOO_LARGE', async () => {
    const error = await make(5_000)({
      method: 'GET',
      url: `${base}/big?size=${8 * MiB}`,
      headers: {},
      saveTo: { path: file('ceiling'), maxBytes: 1 * MiB },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe('TOO_LARGE');
    expect(statSync(file('ceiling')).size).toBeLessThanOrEqual(1 * MiB);
  });

  it('stops a small body that arrives whole in one read past a small ceiling, without a crash', async () => {
    // The whole answer arrives before the ceiling is seen: its socket is already back with the
    // agent, so the refusal must not be thrown at the socket (an unhandled 'error' event).
    const send = make(5_000);
    const refusals = await Promise.all(
      [1, 2, 3].map((n) =>
        send({
          method: 'GET',
          url: `${base}/big?size=3000`,
          headers: {},
          saveTo: { path: file(`small-${n}`), maxBytes: 2048 },
        }).catch((e: unknown) => e),
      ),
    );
    for (const error of refusals) {
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).code).toBe('TOO_LARGE');
      expect((error as NetworkError).message).toContain('larger than 2 KiB');
    }
    const whole = await createHttpSend({ responseTimeoutMs: 5_000, maxBodyBytes: 1024 })({
      method: 'GET',
      url: `${base}/big?size=3000`,
      headers: {},
    }).catch((e: unknown) => e);
    expect((whole as NetworkError).code).toBe('TOO_LARGE');
    // The connection is still good for the next request.
    await expect(
      send({ method: 'GET', url: `${base}/missing`, headers: {} }),
    ).resolves.toMatchObject({ status: 404 });
  });

  it('reads another answer as before, for its message, and writes no file', async () => {
    const response = await make(5_000)({
      method: 'GET',
      url: `${base}/missing`,
      headers: {},
      saveTo: { path: file('missing'), maxBytes: MiB },
    });
    expect(response).toMatchObject({ status: 404, body: '{"message":"404 Not Found"}' });
    expect(existsSync(file('missing'))).toBe(false);
  });

  it('bounds the pauses between chunks, not the whole download', async () => {
    const path = file('slow');
    const response = await make(400)({
      method: 'GET',
      url: `${base}/slow?gap=150`,
      headers: {},
      saveTo: { path, maxBytes: MiB },
    });
    expect(response.status).toBe(200);
    expect(readFileSync(path, 'utf8')).toBe([0, 1, 2, 3, 4].map((n) => `chunk ${n}\n`).join(''));
    const stalled = await make(100)({
      method: 'GET',
      url: `${base}/slow?gap=300`,
      headers: {},
      saveTo: { path: file('stalled'), maxBytes: MiB },
    }).catch((e: unknown) => e);
    expect(stalled).toBeInstanceOf(NetworkError);
  });

  it('still bounds a request without saveTo by the whole answer', async () => {
    const error = await make(400)({
      method: 'GET',
      url: `${base}/slow?gap=150`,
      headers: {},
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
  });
});
