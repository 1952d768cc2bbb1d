import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { startEmulator } from '../../emulator/index.js';
import { call, trigger, type Emu, type Json } from './helpers.js';

let emu: Emu;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.clearFaults();
});

const TRIGGER_PATH = '/api/v4/projects/42/trigger/pipeline';
const body = () => ({ token: emu.seed.triggerToken, ref: 'main' });

describe('fault injection', () => {
  it('answers a canned status with headers and a text body, once, then normally', async () => {
    emu.fail({
      method: 'POST',
      path: TRIGGER_PATH,
      status: 429,
      headers: { 'Retry-After': '2' },
      body: 'Retry later\n',
    });
    const before = emu.pipelines.length;
    const first = await trigger(emu, body());
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.headers.get('content-type')).toBe('text/plain');
    expect(first.text).toBe('Retry later\n');
    expect(emu.pipelines.length).toBe(before);
    const second = await trigger(emu, body());
    expect(second.status).toBe(201);
  });

  it("answers Rack::Attack's throttle response with the RateLimit headers", async () => {
    emu.fail({ path: /trigger\/pipeline$/, throttle: { retryAfter: 2, limit: 500 } });
    const answer = await trigger(emu, body());
    expect(answer.status).toBe(429);
    expect(answer.text).toBe('Retry later\n');
    expect(answer.headers.get('retry-after')).toBe('2');
    expect(answer.headers.get('ratelimit-limit')).toBe('500');
    expect(answer.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(answer.headers.get('ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(answer.headers.get('ratelimit-resettime')).toMatch(/GMT$/);
    expect(answer.headers.get('ratelimit-name')).toBe('throttle_authenticated_api');
  });

  it('answers a JSON body as application/json, as for a 500 from the API', async () => {
    emu.fail({ path: TRIGGER_PATH, status: 500, body: { message: '500 Internal Server Error' } });
    const answer = await trigger(emu, body());
    expect(answer.status).toBe(500);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.json).toEqual({ message: '500 Internal Server Error' });
  });

  it("answers GitLab's own HTML error pages for 502, 503 and 500, and nginx's for 504", async () => {
    emu.fail({ path: TRIGGER_PATH, html: 502 });
    emu.fail({ path: TRIGGER_PATH, html: 503 });
    emu.fail({ path: TRIGGER_PATH, html: 500 });
    emu.fail({ path: TRIGGER_PATH, html: 504 });
    const a502 = await trigger(emu, body());
    expect(a502.status).toBe(502);
    expect(a502.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(a502.text).toContain('<title>GitLab is not responding (502)</title>');
    expect(a502.text).toContain('Whoops, GitLab is taking too much time to respond.');
    expect((await trigger(emu, body())).text).toContain('Whoops, GitLab is currently unavailable.');
    expect((await trigger(emu, body())).text).toContain('Whoops, something went wrong on our end.');
    const a504 = await trigger(emu, body());
    expect(a504.status).toBe(504);
    expect(a504.text).toContain('504 Gateway Time-out');
  });

  it('resets the connection before handling: the client gets an error and nothing is created', async () => {
    emu.fail({ path: TRIGGER_PATH, reset: 'before' });
    const before = emu.pipelines.length;
    await expect(trigger(emu, body())).rejects.toThrow();
    expect(emu.pipelines.length).toBe(before);
  });

  it('resets the connection after handling: the client gets an error but the pipeline exists', async () => {
    emu.fail({ path: TRIGGER_PATH, reset: 'after' });
    const before = emu.pipelines.length;
    await expect(trigger(emu, body())).rejects.toThrow();
    expect(emu.pipelines.length).toBe(before + 1);
  });

  it('hangs without handling, so that only a client timeout ends the request', async () => {
    emu.fail({ path: TRIGGER_PATH, hang: true });
    const before = emu.pipelines.length;
    const response = fetch(`${emu.url}${TRIGGER_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body()),
      signal: AbortSignal.timeout(300),
    });
    await expect(response).rejects.toThrow();
    expect(emu.pipelines.length).toBe(before);
  });

  it('hangs after handling: the pipeline is created but no answer comes', async () => {
    emu.fail({ path: TRIGGER_PATH, hang: 'after' });
    const before = emu.pipelines.length;
    const response = fetch(`${emu.url}${TRIGGER_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body()),
      signal: AbortSignal.timeout(300),
    });
    await expect(response).rejects.toThrow();
    expect(emu.pipelines.length).toBe(before + 1);
  });

  it('cuts the body in half after sending the full Content-Length, then ends the socket', async () => {
    emu.fail({ path: TRIGGER_PATH, truncate: true });
    const before = emu.pipelines.length;
    const raw = await new Promise<{
      status: number;
      length: number;
      received: number;
      aborted: boolean;
    }>((resolve, reject) => {
      const payload = JSON.stringify(body());
      const req = request(
        `${emu.url}${TRIGGER_PATH}`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length },
        },
        (res) => {
          let received = 0;
          let aborted = false;
          res.on('data', (chunk: Buffer) => {
            received += chunk.length;
          });
          res.on('aborted', () => {
            aborted = true;
          });
          res.on('error', () => {
            aborted = true;
          });
          res.on('close', () =>
            resolve({
              status: res.statusCode ?? 0,
              length: Number(res.headers['content-length']),
              received,
              aborted,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
    expect(raw.status).toBe(201);
    expect(raw.received).toBe(Math.floor(raw.length / 2));
    expect(raw.aborted).toBe(true);
    expect(emu.pipelines.length).toBe(before + 1);
    // fetch sees the same answer as a body that cannot be read whole.
    emu.fail({ path: TRIGGER_PATH, truncate: true });
    const response = await fetch(`${emu.url}${TRIGGER_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body()),
    });
    expect(response.status).toBe(201);
    await expect(response.text()).rejects.toThrow();
  });

  it('answers a redirect that may point at another host and port', async () => {
    const other = await startEmulator();
    try {
      emu.fail({
        path: TRIGGER_PATH,
        redirect: { status: 307, location: `${other.url}${TRIGGER_PATH}` },
      });
      const answer = await trigger(emu, body());
      expect(answer.status).toBe(307);
      expect(answer.headers.get('location')).toBe(`${other.url}${TRIGGER_PATH}`);
      // A client that follows it creates the pipeline on the other instance.
      const followed = await fetch(answer.headers.get('location') ?? '', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: other.seed.triggerToken, ref: 'main' }),
      });
      expect(followed.status).toBe(201);
      expect(other.pipelines.length).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('matches rules by method and path, in order, each `times` times', async () => {
    emu.fail({ method: 'GET', path: TRIGGER_PATH, status: 503, times: 5 });
    emu.fail({ method: 'POST', path: /\/pipelines\/\d+$/, status: 502 });
    const rule = emu.fail({ path: TRIGGER_PATH, status: 500, times: 2 });
    expect((await trigger(emu, body())).status).toBe(500);
    expect((await trigger(emu, body())).status).toBe(500);
    expect((await trigger(emu, body())).status).toBe(201);
    expect(rule).toMatchObject({ hits: 2, remaining: 0 });
    const get = await call(emu, 'GET', '/projects/42/trigger/pipeline');
    expect(get.status).toBe(503);
  });

  it('matches the decoded path, whatever the encoding of the project id', async () => {
    emu.fail({ path: '/api/v4/projects/acme/platform/deploy/trigger/pipeline', status: 503 });
    const answer = await trigger(emu, body(), 'acme%2Fplatform%2Fdeploy');
    expect(answer.status).toBe(503);
  });

  it('applies a rule Infinity times until cleared', async () => {
    emu.fail({ path: TRIGGER_PATH, status: 503, times: Infinity });
    for (let i = 0; i < 3; i += 1) expect((await trigger(emu, body())).status).toBe(503);
    emu.clearFaults();
    expect((await trigger(emu, body())).status).toBe(201);
  });

  it('refuses a rule that does not say what to do', () => {
    expect(() => emu.fail({ path: TRIGGER_PATH })).toThrow(/exactly one/);
  });

  it('records faulted requests like any other', async () => {
    emu.fail({ path: TRIGGER_PATH, status: 503 });
    await trigger(emu, body());
    const last = emu.requests.at(-1);
    expect(last).toMatchObject({ method: 'POST', path: TRIGGER_PATH });
    expect(JSON.parse(last?.body ?? '{}') as Json).toEqual(body());
  });
});

describe('close()', () => {
  it('closes hanging connections too', async () => {
    const local = await startEmulator();
    local.fail({ path: TRIGGER_PATH, hang: true });
    const pending = fetch(`${local.url}${TRIGGER_PATH}`, { method: 'POST' }).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await local.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBe('failed');
  });
});
