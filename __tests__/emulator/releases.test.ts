// The emulator answers as the GitLab release it is told to be: every release-dependent answer
// follows from that one version through emulator/releases.js. Driven with a real GitLab client
// (@gitbeaker/rest) as a user's own code would call it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Gitlab } from '@gitbeaker/rest';
import { readFileSync } from 'node:fs';
import { startEmulator } from '../../emulator/index.js';
import { JOB_TOKEN_ROUTES, FEATURES, releaseOf } from '../../emulator/releases.js';
import { call, trigger, type Emu, type Json } from './helpers.js';

type Client = InstanceType<typeof Gitlab>;
const RELEASES = ['16.11.10', '17.11.3', '18.0.2', '18.1.0', '19.2.0'] as const;

interface Started {
  emu: Emu;
  asUser: Client;
  asJob: Client;
  pipelineId: number;
  jobId: number;
}

async function start(gitlabVersion: string): Promise<Started> {
  const emu = await startEmulator({ speed: 0, gitlabVersion });
  const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' });
  const pipelineId = (answer.json as Json).id as number;
  emu.advance(20);
  const asUser = new Gitlab({ host: emu.url, token: emu.seed.apiToken });
  const asJob = new Gitlab({ host: emu.url, jobToken: emu.seed.jobToken });
  const [job] = await asUser.Jobs.all(42, { pipelineId });
  return { emu, asUser, asJob, pipelineId, jobId: job!.id };
}

/** The HTTP status a gitbeaker call ended with: 200 when it answered. */
async function statusOf(read: () => Promise<unknown>): Promise<number> {
  try {
    await read();
    return 200;
  } catch (error) {
    return (error as { cause?: { response?: { status?: number } } }).cause?.response?.status ?? -1;
  }
}

const started = new Map<string, Started>();
beforeAll(async () => {
  for (const version of RELEASES) started.set(version, await start(version));
});
afterAll(async () => {
  for (const s of started.values()) await s.emu.close();
});

describe('where a CI job token is read, release by release', () => {
  const reads = (s: Started) => ({
    'pipeline-jobs': () => s.asJob.Jobs.all(42, { pipelineId: s.pipelineId }),
    pipeline: () => s.asJob.Pipelines.show(42, s.pipelineId),
    pipelines: () => s.asJob.Pipelines.all(42),
    bridges: () => s.asJob.Jobs.allPipelineBridges(42, s.pipelineId),
    'job-trace': () => s.asJob.Jobs.showLog(42, s.jobId),
    'test-report': () => s.asJob.Pipelines.showTestReportSummary(42, s.pipelineId),
  });
  const expected: Record<string, Record<string, number>> = {
    '16.11.10': { 'pipeline-jobs': 404, pipeline: 404, pipelines: 404, bridges: 404 },
    '17.11.3': { 'pipeline-jobs': 404, pipeline: 404, pipelines: 404, bridges: 404 },
    '18.0.2': { 'pipeline-jobs': 200, pipeline: 404, pipelines: 404, bridges: 404 },
    '18.1.0': { 'pipeline-jobs': 200, pipeline: 200, pipelines: 200, bridges: 200 },
    '19.2.0': { 'pipeline-jobs': 200, pipeline: 200, pipelines: 200, bridges: 200 },
  };

  it.each(RELEASES)('%s: reads open or refused as GitLab of that release has them', async (v) => {
    const s = started.get(v)!;
    const got: Record<string, number> = {};
    for (const [key, read] of Object.entries(reads(s))) got[key] = await statusOf(read);
    // A refused job token is no token at all: the private project is not found, and the Jobs
    // API, which authenticates first (lib/api/ci/jobs.rb `before { authenticate! }`), says 401.
    expect(got).toEqual({ ...expected[v], 'job-trace': 401, 'test-report': 404 });
  });

  it('a refused job token is anonymous: 404 Project Not Found, not 401', async () => {
    const s = started.get('17.11.3')!;
    const answer = await call(s.emu, 'GET', `/projects/42/pipelines/${s.pipelineId}`, {
      headers: { 'JOB-TOKEN': s.emu.seed.jobToken },
    });
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ message: '404 Project Not Found' });
  });

  it('from 18.1, a job token whose project the allowlist does not admit: 403 naming both', async () => {
    const s = started.get('18.1.0')!;
    const answer = await call(s.emu, 'GET', `/projects/42/pipelines/${s.pipelineId}/jobs`, {
      headers: { 'JOB-TOKEN': s.emu.seed.outsideJobToken },
    });
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({
      message:
        '403 Forbidden - Authentication by CI/CD job token not allowed from other to deploy.',
    });
  });

  it.each(RELEASES)('%s: never cancels, plays or retries with a job token (401)', async (v) => {
    const s = started.get(v)!;
    expect(await statusOf(() => s.asJob.Pipelines.cancel(42, s.pipelineId))).toBe(401);
    expect(await statusOf(() => s.asJob.Pipelines.retry(42, s.pipelineId))).toBe(401);
    expect(await statusOf(() => s.asJob.Jobs.play(42, s.jobId))).toBe(401);
  });

  it('fine-grained permissions without Pipelines: Read narrow a 19.2 instance, never widen 17.11', async () => {
    for (const gitlabVersion of ['19.2.0', '17.11.3']) {
      const emu = await startEmulator({ speed: 0, gitlabVersion, jobTokenReadPipelines: false });
      try {
        const created = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' });
        const id = (created.json as Json).id as number;
        const answer = await call(emu, 'GET', `/projects/42/pipelines/${id}`, {
          headers: { 'JOB-TOKEN': emu.seed.jobToken },
        });
        expect([gitlabVersion, answer.status]).toEqual([gitlabVersion, 404]);
      } finally {
        await emu.close();
      }
    }
  });
});

describe('/trigger_jobs', () => {
  it.each(RELEASES)('%s: exists from 19.2 only, and lists what /bridges lists', async (v) => {
    const s = started.get(v)!;
    const path = `/projects/42/pipelines/${s.pipelineId}/trigger_jobs`;
    const answer = await call(s.emu, 'GET', path, { token: s.emu.seed.apiToken });
    const bridges = await s.asUser.Jobs.allPipelineBridges(42, s.pipelineId);
    if (v === '19.2.0') {
      expect(answer.status).toBe(200);
      expect((answer.json as Json[]).map((b) => b.id)).toEqual(bridges.map((b) => b.id));
    } else {
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual({ error: '404 Not Found' });
    }
  });
});

describe('cancel and retry', () => {
  it.each(RELEASES)(
    '%s: cancelling a finished pipeline answers 200 with it unchanged',
    async (v) => {
      const s = started.get(v)!;
      const before = await s.asUser.Pipelines.show(42, s.pipelineId);
      const answer = await s.asUser.Pipelines.cancel(42, s.pipelineId);
      expect(answer.id).toBe(s.pipelineId);
      expect(answer.status).toBe(before.status);
    },
  );

  it.each(RELEASES)('%s: retrying with nothing to retry answers 201 with it', async (v) => {
    const s = started.get(v)!;
    const answer = await call(s.emu, 'POST', `/projects/42/pipelines/${s.pipelineId}/retry`, {
      token: s.emu.seed.apiToken,
    });
    expect(answer.status).toBe(201);
    expect((answer.json as Json).id).toBe(s.pipelineId);
  });
});

describe("trigger tokens' expires_at", () => {
  it.each(RELEASES)('%s: kept from 17.0, dropped before (the token never expires)', async (v) => {
    const s = started.get(v)!;
    const day = new Date(s.emu.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const token = await s.asUser.PipelineTriggerTokens.create(42, `expiring on ${v}`, {
      expires_at: day,
    } as never);
    const kept = v !== '16.11.10';
    if (kept) expect(token.expires_at).toBe(`${day}T00:00:00.000Z`);
    else expect('expires_at' in token).toBe(false);
  });
});

describe('the table itself', () => {
  it('cites a source for every row', () => {
    for (const row of [...Object.values(JOB_TOKEN_ROUTES), ...Object.values(FEATURES)]) {
      expect(row.source).toMatch(/lib\/api\/|doc\//);
    }
  });

  it('is the table docs/gitlab-versions.md shows: every release boundary has its row', () => {
    const docs = readFileSync(new URL('../../docs/gitlab-versions.md', import.meta.url), 'utf8');
    const boundaries = [...Object.values(JOB_TOKEN_ROUTES), ...Object.values(FEATURES)]
      .map((row) => row.since)
      .filter((since): since is string => since !== null);
    for (const since of new Set(boundaries)) {
      expect(docs).toMatch(new RegExp(`\\n\\| ${since.replace('.', '\\.')} +\\| `));
    }
  });

  it('refuses a version that is not a GitLab release, naming it', async () => {
    expect(() => releaseOf('latest')).toThrow(
      '--gitlab-version must be a GitLab release such as 17.11.3, not latest',
    );
    await expect(startEmulator({ gitlabVersion: '18' })).rejects.toThrow('not 18');
  });

  it('GET /version answers the release it was told', async () => {
    const s = started.get('16.11.10')!;
    expect((await s.asUser.Metadata.show()).version).toBe('16.11.10');
  });
});
