// Reading the jobs of large pipelines: counts by status with scope[] and X-Total rather than the
// whole list, bounded pages, the final report's bounded rows and log tails — through the real
// client and API against the emulator, whose clock moves only when told to.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator, type Script } from '../emulator/index.js';
import { readTally, MAX_KEPT_JOBS, tallyJobs } from '../src/core/follow/job-tally.js';
import { JobsReader } from '../src/core/follow/snapshot.js';
import {
  LISTED_JOBS,
  TRACE_TAIL_BYTES,
  TRACED_FAILED_JOBS,
  collectFinalReport,
} from '../src/core/follow/watchers/final-report.js';
import { GitLabClient } from '../src/core/gitlab-client.js';
import { createHttpSend } from '../src/core/http-transport.js';
import type { Pipeline } from '../src/core/pipeline.js';
import { PipelinesApi, type Job } from '../src/core/pipelines-api.js';
import { Redactor } from '../src/core/redact.js';
import { fakeClock, recordingLogger } from './helpers/client.js';
import { FakePipelinesApi } from './helpers/fake-pipelines-api.js';

let emu: Emulator;
let api: PipelinesApi;
let client: GitLabClient;
const PROJECT = {
  display: 'acme/platform/deploy',
  encoded: encodeURIComponent('acme/platform/deploy'),
};

beforeAll(async () => {
  emu = await startEmulator({ speed: 0 });
  client = new GitLabClient({
    instance: { url: emu.url, apiUrl: emu.apiUrl },
    send: createHttpSend({ responseTimeoutMs: 30_000 }),
    userAgent: 'test',
    logger: recordingLogger(),
    redactor: new Redactor(),
    clock: fakeClock(),
  });
  api = new PipelinesApi(client, PROJECT, emu.seed.apiToken);
});
afterAll(() => emu.close());

/** Starts a pipeline running `script` and moves the emulator's clock `seconds` on. */
async function started(script: Script, seconds: number): Promise<Pipeline> {
  emu.setScript(emu.seed.projectId, 'main', script);
  const pipeline = await client.triggerPipeline({
    project: PROJECT,
    ref: 'main',
    token: emu.seed.triggerToken,
    variables: {},
    inputs: {},
  });
  emu.setScript(emu.seed.projectId, 'main', null);
  emu.advance(seconds);
  return api.pipeline(pipeline.id);
}

/** The job-list requests `read` makes, with their queries. */
async function jobLists<T>(read: () => Promise<T>): Promise<{ result: T; urls: string[] }> {
  const before = emu.requests.length;
  const result = await read();
  const urls = emu.requests
    .slice(before)
    .filter((r) => /\/pipelines\/\d+\/jobs$/.test(r.path))
    .map((r) => r.url);
  return { result, urls };
}

const query = (url: string): URLSearchParams => new URL(url, 'http://gitlab').searchParams;

/** What the emulator holds, to check the counts against. */
function truth(pipelineId: number): Job[] {
  const pipeline = emu.pipelines.find((p) => p.id === pipelineId);
  return (pipeline?.jobs ?? []).map((j) => ({
    id: j.id,
    name: j.name,
    stage: j.stage,
    status: j.status,
    web_url: '',
    allow_failure: j.allowFailure,
  }));
}

const LARGE: Script = {
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [],
  generate: { count: 2_000, stages: 10, duration: 17, failEvery: 100 },
};

describe('a tally of a large pipeline', () => {
  it('counts 2,000 jobs by status in five requests, none of them the whole list', async () => {
    // Four stages done, the fifth running: 18 s a stage after 1 s in created.
    const pipeline = await started(LARGE, 1 + 4 * 18 + 5);
    const { result: tally, urls } = await jobLists(() => readTally(api, pipeline));
    const expected = tallyJobs(truth(pipeline.id));
    expect(tally).toMatchObject({
      total: 2_000,
      done: expected.done,
      active: expected.active,
      failedCount: expected.failedCount,
      blockingFailed: 0,
    });
    expect(tally.done).toBe(800);
    expect(tally.failedCount).toBe(8);
    expect(tally.failed.map((j) => j.id)).toEqual(expected.failed.map((j) => j.id));
    // The first page (which says how many there are), then a count of done and of created
    // jobs, the jobs in progress (one page) and the failed ones.
    expect(urls).toHaveLength(5);
    expect(urls.filter((u) => !query(u).has('scope[]'))).toHaveLength(1);
    expect(urls.filter((u) => query(u).get('per_page') === '1')).toHaveLength(2);
    // What it keeps: the failed jobs, the 200 of the stage in progress (one page of them), and
    // the newest created and done ones.
    expect(tally.jobs.length).toBeLessThanOrEqual(8 + 100 + 2);
    expect(tally.jobs.some((j) => j.status === 'created')).toBe(true);
    expect(Object.keys(tally.jobs[0] ?? {})).not.toContain('commit');
  });

  it('reads it again in four requests once the number of jobs is known', async () => {
    const pipeline = await started(LARGE, 30);
    const first = await readTally(api, pipeline);
    emu.advance(40);
    const now = await api.pipeline(pipeline.id);
    const { result: again, urls } = await jobLists(() => readTally(api, now, {}, first.total));
    expect(urls).toHaveLength(4);
    expect(again.done).toBe(tallyJobs(truth(pipeline.id)).done);
  });

  it('reads a pipeline of one page in one request and keeps every job', async () => {
    const pipeline = await started({ jobs: [], generate: { count: 40, stages: 2 } }, 3);
    const { result: tally, urls } = await jobLists(() => readTally(api, pipeline));
    expect(urls).toHaveLength(1);
    expect(tally.total).toBe(40);
    expect(tally.jobs).toHaveLength(40);
  });

  it('counts past 10,000, where GitLab gives no X-Total, page by page', async () => {
    const pipeline = await started({ jobs: [], generate: { count: 10_050, stages: 2 } }, 0);
    const { result: count, urls } = await jobLists(() => api.countJobs(pipeline.id));
    expect(count.count).toBe(10_050);
    expect(count.newest?.name).toBe('stage-2-job-10050');
    expect(urls).toHaveLength(1 + 101);
  });

  it('keeps at most MAX_KEPT_JOBS failed jobs, the first by id, and counts them all', () => {
    const failed = Array.from({ length: MAX_KEPT_JOBS * 3 }, (_, i) => ({
      id: MAX_KEPT_JOBS * 3 - i,
      name: `j${i}`,
      stage: 'test',
      status: 'failed',
      web_url: '',
    }));
    const tally = tallyJobs(failed);
    expect(tally.failedCount).toBe(MAX_KEPT_JOBS * 3);
    expect(tally.blockingFailed).toBe(MAX_KEPT_JOBS * 3);
    expect(tally.failed).toHaveLength(MAX_KEPT_JOBS);
    expect(tally.failed[0]?.id).toBe(1);
    expect(tally.failed.at(-1)?.id).toBe(MAX_KEPT_JOBS);
  });

  it('keeps the manual job that blocks, however many optional manual jobs come before it', async () => {
    const optional = Array.from({ length: MAX_KEPT_JOBS * 2 }, (_, i) => ({
      id: i + 1,
      name: `optional-${i + 1}`,
      stage: 'deploy',
      status: 'manual',
      allow_failure: true,
      web_url: '',
    }));
    const approve = {
      id: MAX_KEPT_JOBS * 2 + 1,
      name: 'approve',
      stage: 'release',
      status: 'manual',
      allow_failure: false,
      web_url: '',
    };
    const tally = tallyJobs([...optional, approve], 'manual');
    expect(tally.manual.filter((j) => j.allow_failure === false).map((j) => j.name)).toEqual([
      'approve',
    ]);
    expect(tally.manual.length).toBeLessThanOrEqual(MAX_KEPT_JOBS + 1);

    // The same through GitLab's pages, counted with scope[].
    const pipeline = await started(
      {
        jobs: [
          ...optional.map((j) => ({
            name: j.name,
            stage: 'deploy',
            when: 'manual' as const,
          })),
          { name: 'approve', stage: 'release', when: 'manual' as const, allowFailure: false },
        ],
      },
      5,
    );
    const read = await readTally(api, { id: pipeline.id, status: 'manual' });
    expect(read.manual.map((j) => j.name)).toContain('approve');
  });
});

describe('the jobs reader', () => {
  it('reads once a snapshot, however many ask, and not again once the pipeline finished', async () => {
    const reader = new JobsReader(api, recordingLogger(), {});
    const running = await started(LARGE, 30);
    const first = reader.snapshot(running, 0, true);
    const once = await jobLists(() => Promise.all([first.jobs(), first.jobs(), first.jobs()]));
    expect(once.urls).toHaveLength(5);
    expect(first.tallyIfRead?.total).toBe(2_000);
    expect(first.jobsIfRead).toBe(first.tallyIfRead?.jobs);
    const again = await jobLists(() => reader.snapshot(running, 1, false).jobs());
    expect(again.urls).toHaveLength(4);

    emu.advance(200);
    const finished = await api.pipeline(running.id);
    const end = await jobLists(() => reader.snapshot(finished, 2, true).jobs());
    expect(end.urls).toHaveLength(4);
    expect(end.result?.done).toBe(2_000);
    const after = await jobLists(() => reader.snapshot(finished, 3, false).jobs());
    expect(after.urls).toHaveLength(0);
    expect(after.result).toBe(end.result);
  });

  it('reads the manual jobs while the pipeline waits on one', async () => {
    const pipeline = await started(
      {
        jobs: [{ name: 'approve', stage: 'stage-9', when: 'manual', allowFailure: false }],
        generate: { count: 300, stages: 3 },
      },
      60,
    );
    expect(pipeline.status).toBe('manual');
    const tally = await new JobsReader(api, recordingLogger(), {})
      .snapshot(pipeline, 0, true)
      .jobs();
    expect(tally?.manual.map((j) => j.name)).toEqual(['approve']);
    expect(tally?.jobs.map((j) => j.name)).toContain('approve');
  });
});

describe('the final report of a large pipeline', () => {
  it(`lists the first ${LISTED_JOBS} jobs by id and every failed one, reading the last pages only`, async () => {
    const pipeline = await started(LARGE, 200);
    expect(pipeline.status).toBe('success');
    const { result: report, urls } = await jobLists(() =>
      collectFinalReport(api, pipeline, new Redactor()),
    );
    expect(report.jobCount).toBe(2_000);
    expect(report.failedCount).toBe(20);
    const listed = report.jobs ?? [];
    // The first 500 by id (every 100th of them failed) and the 15 failed jobs after them.
    expect(listed).toHaveLength(LISTED_JOBS + 15);
    expect(listed.slice(0, LISTED_JOBS).map((j) => j.name)).toEqual(
      Array.from(
        { length: LISTED_JOBS },
        (_, i) => `stage-${Math.floor(i / 200) + 1}-job-${String(i + 1).padStart(5, '0')}`,
      ),
    );
    expect(listed.filter((j) => j.status === 'failed')).toHaveLength(20);
    // The tally (five requests), then pages 20 down to 16: never the whole list.
    expect(urls).toHaveLength(5 + 5);
    expect(urls.slice(5).map((u) => query(u).get('page'))).toEqual(['20', '19', '18', '17', '16']);
  });

  it(`reads the log tails of ${TRACED_FAILED_JOBS} failed jobs of each kind at most`, async () => {
    const pipeline = await started(
      {
        jobs: [
          ...Array.from({ length: 12 }, (_, i) => ({
            name: `must-${i}`,
            stage: 'test',
            duration: 1,
            result: 'failed' as const,
          })),
          ...Array.from({ length: 12 }, (_, i) => ({
            name: `may-${i}`,
            stage: 'test',
            duration: 1,
            result: 'failed' as const,
            allowFailure: true,
          })),
        ],
      },
      30,
    );
    const before = emu.requests.length;
    const report = await collectFinalReport(api, pipeline, new Redactor());
    const traces = emu.requests.slice(before).filter((r) => r.path.endsWith('/trace'));
    expect(report.failed).toHaveLength(24);
    expect(traces).toHaveLength(2 * TRACED_FAILED_JOBS);
    expect(report.failed.filter((f) => f.trace !== undefined)).toHaveLength(2 * TRACED_FAILED_JOBS);
  });

  it('quotes the end of a 50 MB log, keeping no more than its tail', async () => {
    const tail = 'AssertionError: expected 2 to be 3\nERROR: Job failed: exit code 1\n';
    const pipeline = await started(
      {
        jobs: [
          {
            name: 'huge',
            stage: 'test',
            duration: 1,
            result: 'failed',
            traceSize: 50_000_000,
            traceTail: tail,
          },
        ],
      },
      30,
    );
    const jobId = truth(pipeline.id)[0]?.id ?? 0;
    const raw = await api.traceTail(jobId, TRACE_TAIL_BYTES * 4);
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(TRACE_TAIL_BYTES * 4);
    expect(raw.endsWith(tail)).toBe(true);
    // Cut at a line start: the first line is whole.
    expect(raw).toMatch(/^\d{10} emulated output/);
    const report = await collectFinalReport(api, pipeline, new Redactor());
    const trace = report.failed[0]?.trace ?? '';
    expect(trace.endsWith('ERROR: Job failed: exit code 1')).toBe(true);
    expect(trace.split('\n')).toHaveLength(20);
  });
});

describe('the fake API of the unit tests', () => {
  it('reads the same tally and report as GitLab, in as many list requests', async () => {
    const pipeline = await started(LARGE, 1 + 4 * 18 + 5);
    const answered: Job[] = [];
    await api.forEachJobsPage(pipeline.id, (page) => void answered.push(...page));
    const fake = new FakePipelinesApi({ pipeline, jobs: answered });
    const real = await jobLists(() => readTally(api, pipeline));
    expect(await readTally(fake, pipeline)).toEqual(real.result);
    expect(fake.calls.jobLists).toBe(real.urls.length);
    const again = await readTally(api, pipeline, {}, real.result.total);
    expect(await readTally(fake, pipeline, {}, real.result.total)).toEqual(again);
    const report = await collectFinalReport(api, pipeline, new Redactor(), real.result);
    const faked = await collectFinalReport(fake, pipeline, new Redactor(), real.result);
    expect(faked.jobs).toEqual(report.jobs);
    expect(faked.jobCount).toBe(report.jobCount);
  });
});
