import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { get } from 'node:https';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../emulator/index.js';
import { TEST_TLS } from '../../emulator/tls-fixture.js';
import type { Json } from './helpers.js';

const SERVE = fileURLToPath(new URL('../../emulator/serve.js', import.meta.url));

/** Starts serve.js, reads its first stdout line, and returns the process and the parsed line. */
function serve(args: string[]) {
  const child = spawn(process.execPath, [SERVE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const line = new Promise<Json>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const end = out.indexOf('\n');
      if (end !== -1) resolve(JSON.parse(out.slice(0, end)) as Json);
    });
    child.on('exit', (code) => reject(new Error(`serve.js exited with ${code}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, line, exited };
}

describe('emulator/serve.js', () => {
  it('prints one JSON line with the URLs and the seed, serves, and stops on SIGTERM', async () => {
    const { child, line, exited } = serve([
      '--port',
      '0',
      '--speed',
      '60',
      '--base-path',
      '/gitlab',
    ]);
    const info = await line;
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/gitlab$/);
    expect(info.apiUrl).toBe(`${info.url}/api/v4`);
    const seed = info.seed as Json;
    expect(seed).toMatchObject({ projectId: 42, projectPath: 'acme/platform/deploy' });
    expect(seed.triggerToken).toMatch(/^glptt-[0-9a-f]{40}$/);
    expect(seed.apiToken).toMatch(/^glpat-[A-Za-z0-9_-]{20}$/);
    expect(seed.jobToken).toMatch(/^glcbt-/);
    const response = await fetch(`${info.apiUrl}/projects/42/trigger/pipeline`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: seed.triggerToken, ref: 'main' }),
    });
    expect(response.status).toBe(201);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('--gitlab-version answers as that release: GET /version, and job tokens refused on 17.11', async () => {
    const { child, line, exited } = serve(['--gitlab-version', '17.11.3']);
    const info = await line;
    const seed = info.seed as Json;
    const version = await fetch(`${info.apiUrl}/version`, {
      headers: { 'PRIVATE-TOKEN': String(seed.apiToken) },
    });
    expect(((await version.json()) as Json).version).toBe('17.11.3');
    const pipelines = await fetch(`${info.apiUrl}/projects/42/pipelines`, {
      headers: { 'JOB-TOKEN': String(seed.jobToken) },
    });
    expect(pipelines.status).toBe(404);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('--gitlab-version refuses what is not a release, naming it, before listening', async () => {
    const { exited, child, line } = serve(['--gitlab-version', 'latest']);
    line.catch(() => undefined); // no line comes: it exits first
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    expect(await exited).toBe(2);
    expect(err).toContain('--gitlab-version must be a GitLab release such as 17.11.3, not latest');
  });

  it('stops on SIGINT too', async () => {
    const { child, line, exited } = serve([]);
    await line;
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('serves HTTPS with --tls and hands out the certificate to trust', async () => {
    const { child, line, exited } = serve(['--tls']);
    const info = await line;
    expect(info.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const status = await new Promise<number>((resolve, reject) => {
      get(
        `${info.apiUrl}/version`,
        {
          ca: info.ca as string,
          headers: { 'PRIVATE-TOKEN': (info.seed as Json).apiToken as string },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      ).on('error', reject);
    });
    expect(status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('startEmulator({ tls })', () => {
  it('serves HTTPS that a client trusting the certificate can use, and refuses the rest', async () => {
    const emu = await startEmulator({ tls: TEST_TLS });
    try {
      expect(emu.url.startsWith('https://127.0.0.1:')).toBe(true);
      const body = await new Promise<string>((resolve, reject) => {
        get(
          `${emu.apiUrl}/user`,
          { ca: TEST_TLS.cert, headers: { 'PRIVATE-TOKEN': emu.seed.apiToken } },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => {
              text += chunk.toString();
            });
            res.on('end', () => resolve(text));
          },
        ).on('error', reject);
      });
      expect(JSON.parse(body)).toMatchObject({ id: 10, username: 'deploy-bot' });
      await expect(fetch(`${emu.apiUrl}/user`)).rejects.toThrow();
    } finally {
      await emu.close();
    }
  });

  it('listens on loopback only', async () => {
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});
