import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../emulator/index.js';
import { applyScenario, SCENARIOS } from '../../emulator/scenarios.js';
import { call, statusOf, trigger, type Json } from './helpers.js';

// The named scenarios a user starts with `node emulator/serve.js --scenario NAME` or
// `npm run demo -- NAME`: each runs the pipeline its title promises.

const SERVE = fileURLToPath(new URL('../../emulator/serve.js', import.meta.url));
const DEMO = fileURLToPath(new URL('../../scripts/demo.mjs', import.meta.url));

function run(script: string, args: string[], timeoutMs = 60_000) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const line = new Promise<Json>((resolve, reject) => {
    child.stdout.on('data', () => {
      const end = stdout.indexOf('\n');
      if (end === -1) return;
      try {
        resolve(JSON.parse(stdout.slice(0, end)) as Json);
      } catch (error) {
        reject(error as Error); // not serve.js's line: only the tests that ask for it look
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  line.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    }),
  );
  return { child, line, exited, out: () => stdout, err: () => stderr };
}

/** Where each scenario's pipeline ends, once every job has had its time. */
const FINAL: Record<string, string> = {
  tour: 'success',
  passing: 'success',
  'failing-job': 'failed',
  'manual-gate': 'manual',
  'failed-downstream': 'failed',
  'test-report': 'failed',
  'dotenv-outputs': 'success',
  artifacts: 'success',
  slow: 'success',
  'growing-log': 'success',
};

describe('the emulator scenarios', () => {
  it('covers each feature a user tries: the list and the outcomes agree', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual(Object.keys(FINAL).sort());
  });

  it.each(Object.keys(FINAL))('%s: the pipeline ends as its title says', async (name) => {
    const emu = await startEmulator({ speed: 0 });
    try {
      applyScenario(emu, name);
      // Any ref of the seeded project runs the scenario, not only main.
      const created = await trigger(emu, { token: emu.seed.triggerToken, ref: 'release/v1.2' });
      expect(created.status).toBe(201);
      emu.advance(3600);
      expect(await statusOf(emu, (created.json as Json).id as number)).toBe(FINAL[name]);
    } finally {
      await emu.close();
    }
  });

  it("growing-log: the job's log holds more lines the longer the job has run", async () => {
    const emu = await startEmulator({ speed: 0 });
    try {
      applyScenario(emu, 'growing-log');
      const created = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' });
      const pipelineId = (created.json as Json).id as number;
      const jobs = await call(emu, 'GET', `/projects/42/pipelines/${pipelineId}/jobs`, {
        token: emu.seed.apiToken,
      });
      const jobId = ((jobs.json as Json[])[0] as Json).id as number;
      const lines = async () => {
        const trace = await call(emu, 'GET', `/projects/42/jobs/${jobId}/trace`, {
          token: emu.seed.apiToken,
        });
        return trace.text.split('\n').filter((l) => l !== '').length;
      };
      emu.advance(3 + 10); // created, pending, then 10 s of its 40
      const early = await lines();
      emu.advance(20);
      const later = await lines();
      emu.advance(60);
      const end = await lines();
      expect(early).toBeGreaterThan(0);
      expect(later).toBeGreaterThan(early);
      expect(40).toBeGreaterThan(later);
      expect(end).toBe(40);
    } finally {
      await emu.close();
    }
  });
});

describe('node emulator/serve.js --scenario', () => {
  it('lists every scenario in --help', async () => {
    const help = run(SERVE, ['--help']);
    expect(await help.exited).toBe(0);
    for (const [name, { title }] of Object.entries(SCENARIOS)) {
      expect(help.out()).toMatch(new RegExp(`^ +${name} +${title.replace(/[()]/g, '\\$&')}$`, 'm'));
    }
  });

  it('serves the scenario named, and says so in its line', async () => {
    const served = run(SERVE, ['--speed', '60', '--scenario', 'failing-job']);
    try {
      const info = await served.line;
      expect(info.scenario).toBe('failing-job');
      const seed = info.seed as Json;
      const headers = { 'Content-Type': 'application/json' };
      const created = await fetch(`${info.apiUrl}/projects/42/trigger/pipeline`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ token: seed.triggerToken, ref: 'main' }),
      });
      const { id } = (await created.json()) as { id: number };
      let status = '';
      for (let i = 0; i < 100 && status !== 'failed'; i += 1) {
        await new Promise((r) => setTimeout(r, 100));
        const read = await fetch(`${info.apiUrl}/projects/42/pipelines/${id}`, {
          headers: { 'PRIVATE-TOKEN': String(seed.apiToken) },
        });
        status = ((await read.json()) as { status: string }).status;
      }
      expect(status).toBe('failed');
    } finally {
      served.child.kill('SIGTERM');
      await served.exited;
    }
  });

  it('refuses a name it does not know, listing the ones there are', async () => {
    const served = run(SERVE, ['--scenario', 'manual']);
    expect(await served.exited).toBe(2);
    expect(served.err()).toContain("no scenario 'manual'; the scenarios are:");
    expect(served.err()).toContain('manual-gate');
  });
});

describe('npm run demo -- NAME', () => {
  it('runs the action against the scenario and exits with its step', async () => {
    const demo = run(DEMO, ['failing-job'], 90_000);
    expect(await demo.exited).toBe(1);
    expect(demo.out()).toContain('Scenario failing-job: a test job fails');
    expect(demo.out()).toMatch(/Error: Job 'api-tests' \(stage test\) failed/);
    expect(demo.out()).toContain('Exit status: 1');
  }, 90_000);

  it('refuses a name it does not know', async () => {
    const demo = run(DEMO, ['nope']);
    expect(await demo.exited).toBe(2);
    expect(demo.err()).toContain("no scenario 'nope'");
  });
});
