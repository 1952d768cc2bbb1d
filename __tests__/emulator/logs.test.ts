// Job logs generated as they are sent (traceSize/traceTail), and Range as a proxy would honour it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Gitlab } from '@gitbeaker/rest';
import { startEmulator } from '../../emulator/index.js';
import { trigger, type Emu, type Json } from './helpers.js';

const HUGE = 600 * 1024 * 1024;
const TAIL = 'Deploying to production\nENVIRONMENT_URL=https://prod.example.com\nJob succeeded\n';

let plain: Emu;
let ranged: Emu;
beforeAll(async () => {
  plain = await startEmulator({ speed: 0 });
  ranged = await startEmulator({ speed: 0, traceRange: true });
});
afterAll(async () => {
  await plain.close();
  await ranged.close();
});

/** Triggers a pipeline whose one job writes a log of `size` bytes; returns the job id. */
async function jobWithLog(emu: Emu, size: number, duration = 10): Promise<number> {
  emu.setScript(42, 'main', {
    jobs: [{ name: 'deploy', stage: 'deploy', duration, traceSize: size, traceTail: TAIL }],
  });
  const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' });
  emu.setScript(42, 'main', null);
  const pipelineId = (answer.json as Json).id as number;
  const jobs = await fetch(`${emu.apiUrl}/projects/42/pipelines/${pipelineId}/jobs`, {
    headers: { 'PRIVATE-TOKEN': emu.seed.apiToken },
  });
  return ((await jobs.json()) as Json[])[0]!.id as number;
}

function getTrace(emu: Emu, jobId: number, headers: Record<string, string> = {}) {
  return fetch(`${emu.apiUrl}/projects/42/jobs/${jobId}/trace`, {
    headers: { 'PRIVATE-TOKEN': emu.seed.apiToken, ...headers },
  });
}

describe('a huge generated log, as GitLab sends it', () => {
  let jobId: number;
  beforeAll(async () => {
    jobId = await jobWithLog(plain, HUGE);
    plain.advance(30);
  });

  it('announces its whole size and streams it, never holding it: the first bytes come at once', async () => {
    const before = process.memoryUsage().rss;
    const response = await getTrace(plain, jobId);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(HUGE));
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.get('content-disposition')).toBe(`infile; filename="${jobId}.log"`);
    const reader = response.body!.getReader();
    let read = 0;
    let head = '';
    while (read < 1024 * 1024) {
      const { value, done } = await reader.read();
      if (done) break;
      if (head === '') head = Buffer.from(value).toString('utf8', 0, 100);
      read += value.length;
    }
    await reader.cancel();
    expect(head).toMatch(/^0000000001 emulated output of a long job step \.+\n$/);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('ignores Range: GitLab answers the whole log, 200', async () => {
    const response = await getTrace(plain, jobId, { Range: 'bytes=-100' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(HUGE));
    expect(response.headers.get('content-range')).toBeNull();
    await response.body?.cancel();
  });

  it('a smaller generated log read whole ends with its tail (GitLab client: Jobs.showLog)', async () => {
    const id = await jobWithLog(plain, 5 * 1024 * 1024);
    plain.advance(30);
    const api = new Gitlab({ host: plain.url, token: plain.seed.apiToken });
    const log = await api.Jobs.showLog(42, id);
    expect(Buffer.byteLength(log)).toBe(5 * 1024 * 1024);
    expect(log.endsWith(TAIL)).toBe(true);
  });

  it('grows while the job runs, without its tail until the job has finished', async () => {
    const id = await jobWithLog(plain, 100_000, 10);
    plain.advance(2 + 1 + 5); // created, pending, half of the run
    const half = await (await getTrace(plain, id)).text();
    expect(half.length).toBeGreaterThan(0);
    expect(half.length).toBeLessThan(100_000);
    expect(half).not.toContain('ENVIRONMENT_URL');
    plain.advance(10);
    const whole = await (await getTrace(plain, id)).text();
    expect(whole.startsWith(half)).toBe(true);
    expect(whole.endsWith(TAIL)).toBe(true);
  });
});

describe('Range through a proxy that honours it (traceRange: true)', () => {
  let jobId: number;
  beforeAll(async () => {
    jobId = await jobWithLog(ranged, HUGE);
    ranged.advance(30);
  });

  it('bytes=-N: the last N bytes, 206, Content-Range', async () => {
    const response = await getTrace(ranged, jobId, { Range: 'bytes=-200' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${HUGE - 200}-${HUGE - 1}/${HUGE}`);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    const text = await response.text();
    expect(text).toHaveLength(200);
    expect(text.endsWith(TAIL)).toBe(true);
  });

  it('bytes=a-b: those bytes; bytes=a-: to the end', async () => {
    const first = await getTrace(ranged, jobId, { Range: 'bytes=100-199' });
    expect(first.status).toBe(206);
    expect(await first.text()).toMatch(/^0000000002 emulated output/);
    const end = await getTrace(ranged, jobId, { Range: `bytes=${HUGE - TAIL.length}-` });
    expect(await end.text()).toBe(TAIL);
  });

  it('a range past the end: 416 with the size', async () => {
    const response = await getTrace(ranged, jobId, { Range: `bytes=${HUGE}-` });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${HUGE}`);
  });

  it('no Range, or several: the whole log, 200', async () => {
    const several = await getTrace(ranged, jobId, { Range: 'bytes=0-1,5-6' });
    expect(several.status).toBe(200);
    expect(several.headers.get('content-length')).toBe(String(HUGE));
    await several.body?.cancel();
  });

  it('applies to logs held as text too', async () => {
    const answer = await trigger(ranged, { token: ranged.seed.triggerToken, ref: 'main' });
    const pipelineId = (answer.json as Json).id as number;
    ranged.advance(20);
    const jobs = await fetch(`${ranged.apiUrl}/projects/42/pipelines/${pipelineId}/jobs`, {
      headers: { 'PRIVATE-TOKEN': ranged.seed.apiToken },
    });
    const build = ((await jobs.json()) as Json[]).find((j) => j.name === 'build')!;
    const response = await getTrace(ranged, build.id as number, { Range: 'bytes=-13' });
    expect(response.status).toBe(206);
    expect(await response.text()).toBe('Job succeeded\n'.slice(-13));
  });
});
