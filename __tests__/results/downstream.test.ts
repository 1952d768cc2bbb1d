import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator, type Script } from '../../emulator/index.js';
import { downstreamPipelines } from '../../src/core/follow/watchers/downstream.js';
import { failedJobProblems } from '../../src/core/follow/watchers/downstream-render.js';
import { GitLabError } from '../../src/core/errors.js';
import { PipelineResultsApi } from '../../src/core/pipeline-results-api.js';
import { harness, findingsOf, runScript } from './helpers.js';

// Downstream pipelines followed all the way down: child and multi-project pipelines at every
// depth, through /trigger_jobs where GitLab has it and /bridges before 19.2.

const WATCHER_TOKEN = 'glpat-watcher-0123456789ab';

const NESTED: Script = {
  jobs: [{ name: 'build', stage: 'build', duration: 2 }],
  bridges: [
    {
      name: 'integration-tests',
      stage: 'test',
      strategy: 'depend',
      downstream: {
        child: true,
        script: {
          jobs: [{ name: 'unit', stage: 'test', duration: 2 }],
          bridges: [
            {
              name: 'other-suite',
              stage: 'deploy',
              strategy: 'depend',
              downstream: {
                projectPath: 'acme/platform/other',
                script: {
                  jobs: [
                    {
                      name: 'integration',
                      stage: 'test',
                      duration: 3,
                      result: 'failed',
                      trace: `booting\nusing ${'glpat-'}secretvalue123456789\nAssertionError: expected 1 to be 2\n`,
                    },
                    { name: 'smoke', stage: 'test', duration: 1 },
                  ],
                },
              },
            },
          ],
        },
      },
    },
    {
      name: 'notify-secret',
      stage: 'test',
      downstream: { projectPath: 'acme/secret/audit', status: 'success' },
    },
    {
      name: 'deploy-later',
      stage: 'test',
      when: 'manual',
      downstream: { projectPath: 'acme/platform/other', status: 'success' },
    },
  ],
};

function setupToken(emu: Emulator): void {
  emu.addUser({ id: 60, username: 'watcher' });
  emu.addAccessToken({
    token: WATCHER_TOKEN,
    userId: 60,
    scopes: ['read_api'],
    role: 'reporter',
    projectIds: [emu.seed.projectId, emu.seed.otherProjectId],
  });
}

describe('downstream pipelines, GitLab 19.2 (/trigger_jobs)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ speed: 0, version: '19.2.0-ee' });
    setupToken(emu);
  });
  afterAll(() => emu.close());

  it('follows every trigger job down, names failed jobs with their path and links what it cannot read', async () => {
    const h = await harness(emu, WATCHER_TOKEN);
    h.redactor.add('glpat-secretvalue123456789');
    const watcher = downstreamPipelines({ api: h.results, refreshMs: 0 });
    const result = await runScript(emu, h, NESTED, [watcher], WATCHER_TOKEN);
    expect(result.outcome).toBe('failed');

    const [tree] = findingsOf(result, 'downstream');
    expect(tree?.pipelines.map((p) => [p.name, p.depth, p.access, p.pipeline?.status])).toEqual([
      ['integration-tests', 1, 'read', 'failed'],
      ['integration-tests › other-suite', 2, 'read', 'failed'],
      ['notify-secret', 1, 'unreadable', 'success'],
      ['deploy-later', 1, 'not-started', undefined],
    ]);
    const other = tree?.pipelines[1];
    expect(other?.jobs?.map((j) => j.name)).toEqual(['integration', 'smoke']);
    expect(other?.failed.map((f) => f.name)).toEqual([
      'integration-tests › other-suite › integration',
    ]);
    expect(other?.failed[0]?.trace).toContain('AssertionError: expected 1 to be 2');
    expect(other?.failed[0]?.trace).not.toContain('secretvalue');

    const problems = findingsOf(result, 'problem');
    expect(problems).toEqual([
      expect.objectContaining({
        level: 'error',
        title: 'GitLab job failed: integration-tests › other-suite › integration',
        text: expect.stringMatching(
          /^Job 'integration-tests › other-suite › integration' \(stage test\) failed \(script failure\): http.*\/jobs\/\d+\n[\s\S]*AssertionError/,
        ),
      }),
    ]);

    const sections = findingsOf(result, 'section');
    expect(sections.map((s) => s.title)).toEqual([
      'Downstream pipeline integration-tests',
      'Downstream pipeline integration-tests › other-suite',
      'Downstream pipeline notify-secret',
      'Downstream pipeline deploy-later',
    ]);
    const failing = sections[1]?.markdown ?? '';
    expect(failing).toMatch(
      /^#### Downstream pipeline integration-tests › other-suite: \[#\d+\]\(http[^)]+\) ❌ failed/,
    );
    expect(failing).toContain('| test | [integration](');
    expect(failing).toMatch(
      /<details><summary>❌ integration-tests › other-suite › integration: end of the log<\/summary>\n\n```text\n[\s\S]*AssertionError[\s\S]*\n```\n\n<\/details>/,
    );
    expect(sections[2]?.markdown).toMatch(
      /cannot be read with the token given: the pipeline is linked/,
    );
    expect(sections[2]?.markdown).toMatch(/\[#\d+\]\(http[^)]+acme\/secret\/audit/);
    expect(sections[2]?.text).toMatch(
      /^Downstream pipeline notify-secret: #\d+ success: http.* \(not readable with this token\)$/,
    );
    expect(sections[3]?.markdown).toContain('not started');

    // Only the 19.2 route was used; the old one never.
    // (the standard final report still lists the top pipeline's own with /bridges).
    const byId = emu.requests
      .map((r) => r.path)
      .filter((p) => /^\/api\/v4\/projects\/\d+\//.test(p));
    expect(byId.some((p) => p.endsWith('/trigger_jobs'))).toBe(true);
    expect(byId.some((p) => p.endsWith('/bridges'))).toBe(false);
  });

  it('counts the downstream jobs while waiting, in one line per change', async () => {
    const h = await harness(emu);
    const watcher = downstreamPipelines({ api: h.results, refreshMs: 0 });
    await runScript(emu, h, NESTED, [watcher]);
    const lines = h.logger.lines.filter((l) => / downstream pipelines? /.test(l));
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.join('\n')).not.toMatch(/: 0 downstream pipelines/);
    expect(lines.at(-1)).toMatch(
      /^info: Pipeline #\d+: \d downstream pipelines?( \(\d running\))?: \d+\/\d+ jobs done/,
    );
    expect(watcher.progress()).toMatchObject({
      pipelines: expect.any(Number),
      jobs: expect.any(Number),
    });
  });

  it('does nothing when turned off', async () => {
    const h = await harness(emu);
    const before = emu.requests.length;
    const result = await runScript(emu, h, NESTED, [
      downstreamPipelines({ api: h.results, enabled: false }),
    ]);
    expect(findingsOf(result, 'downstream')).toEqual([]);
    expect(emu.requests.slice(before).some((r) => r.path.endsWith('/trigger_jobs'))).toBe(false);
  });
});

describe('downstream pipelines before GitLab 19.2 (/bridges)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
  });
  afterAll(() => emu.close());

  it('falls back to /bridges once, then keeps to it', async () => {
    const h = await harness(emu);
    const result = await runScript(emu, h, NESTED, [
      downstreamPipelines({ api: h.results, refreshMs: 0 }),
    ]);
    const [tree] = findingsOf(result, 'downstream');
    expect(tree?.pipelines.map((p) => p.name)).toEqual([
      'integration-tests',
      'integration-tests › other-suite',
      'notify-secret',
      'deploy-later',
    ]);
    // The maintainer token reads the audit project too.
    expect(tree?.pipelines[2]?.access).toBe('read');
    const tried = emu.requests.filter((r) => r.path.endsWith('/trigger_jobs'));
    expect(tried).toHaveLength(1);
    expect(emu.requests.filter((r) => r.path.endsWith('/bridges')).length).toBeGreaterThan(3);
  });

  it("quotes the logs of the first 10 failed jobs of a kind, and keeps at least each pipeline's link", async () => {
    const h = await harness(emu);
    const many: Script = {
      jobs: [{ name: 'build', stage: 'build', duration: 1 }],
      bridges: [
        {
          name: 'matrix',
          stage: 'test',
          strategy: 'depend',
          downstream: {
            child: true,
            script: {
              jobs: Array.from({ length: 15 }, (_, i) => ({
                name: `shard-${i + 1}`,
                stage: 'test',
                duration: 1,
                result: 'failed' as const,
                trace: `shard ${i + 1} failed\n`,
              })),
            },
          },
        },
      ],
    };
    const before = emu.requests.length;
    const result = await runScript(emu, h, many, [downstreamPipelines({ api: h.results })]);
    const traces = emu.requests.slice(before).filter((r) => r.path.endsWith('/trace'));
    const [down] = findingsOf(result, 'downstream')[0]?.pipelines ?? [];
    expect(down?.failed).toHaveLength(15);
    expect(down?.failed.filter((f) => f.unquoted)).toHaveLength(5);
    // The child's 10 quoted logs, and the top pipeline's report reads none (nothing failed there).
    expect(traces).toHaveLength(10);
    const section = findingsOf(result, 'section').find((s) => s.title.includes('matrix'));
    expect(section?.markdown).toContain('_The logs of 5 more failed jobs are not quoted here');
    expect(section?.brief).toMatch(/^#### Downstream pipeline matrix: \[#\d+\]\(http/);
    expect(section?.brief).toContain('15 failed');
  });

  it("names a trigger job that failed to create its pipeline, with GitLab's reason", async () => {
    const h = await harness(emu);
    const result = await runScript(
      emu,
      h,
      {
        jobs: [{ name: 'build', stage: 'build', duration: 1 }],
        bridges: [{ name: 'deploy-prod', stage: 'deploy', strategy: 'depend', downstream: null }],
      },
      [downstreamPipelines({ api: h.results })],
    );
    const [down] = findingsOf(result, 'downstream')[0]?.pipelines ?? [];
    expect(down?.access).toBe('not-started');
    expect(down?.failed.map((f) => [f.name, f.job.failure_reason])).toEqual([
      ['deploy-prod', 'downstream_pipeline_creation_failed'],
    ]);
    expect(findingsOf(result, 'problem').map((p) => p.title)).toContain(
      'GitLab job failed: deploy-prod',
    );
  });

  it('stops at the ceiling of pipelines and says so', async () => {
    const h = await harness(emu);
    const result = await runScript(emu, h, NESTED, [
      downstreamPipelines({ api: h.results, maxPipelines: 2 }),
    ]);
    expect(findingsOf(result, 'downstream')[0]?.pipelines).toHaveLength(2);
    expect(findingsOf(result, 'section').at(-1)?.text).toBe(
      'Only the first 2 downstream pipelines were read.',
    );
  });
});

describe('trigger jobs a token may not list', () => {
  it('a CI job token before 18.1: refused once a run, not at every walk', async () => {
    const emu = await startEmulator({ speed: 0, gitlabVersion: '17.11.3' });
    try {
      const h = await harness(emu);
      const created = await fetch(`${emu.apiUrl}/projects/42/trigger/pipeline`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: emu.seed.triggerToken, ref: 'main' }),
      });
      const { id } = (await created.json()) as { id: number };
      const asJob = new PipelineResultsApi(h.client, emu.seed.jobToken, h.logger, 'JOB-TOKEN');
      const before = emu.requests.length;
      for (let walk = 0; walk < 3; walk += 1) {
        const refused = await asJob.triggerJobs(42, id).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(GitLabError);
        expect((refused as GitLabError).status).toBe(404);
      }
      // /trigger_jobs (absent before 19.2), then /bridges (refused to job tokens): once.
      expect(emu.requests.slice(before).map((r) => r.path.replace(/.*\//, ''))).toEqual([
        'trigger_jobs',
        'bridges',
      ]);
    } finally {
      await emu.close();
    }
  });

  it('a pipeline that is not there says nothing of the project: the next one is read', async () => {
    const emu = await startEmulator({ speed: 0, gitlabVersion: '19.2.0' });
    try {
      const h = await harness(emu);
      await expect(h.results.triggerJobs(42, 999_999)).rejects.toMatchObject({ status: 404 });
      const created = await fetch(`${emu.apiUrl}/projects/42/trigger/pipeline`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: emu.seed.triggerToken, ref: 'main' }),
      });
      const { id } = (await created.json()) as { id: number };
      await expect(h.results.triggerJobs(42, id)).resolves.toEqual([]);
    } finally {
      await emu.close();
    }
  });
});

describe('failed downstream jobs as annotations', () => {
  const job = (name: string, allowFailure = false) => ({
    id: 1,
    name,
    stage: 'test',
    status: 'failed',
    web_url: `https://gitlab.example.com/j/${name}`,
    allow_failure: allowFailure,
  });
  const below = (
    path: string[],
    bridgeStatus: string,
    failed: ReturnType<typeof job>[],
    bridgeAllowedToFail = false,
  ) => ({
    path,
    name: path.join(' › '),
    depth: path.length,
    bridge: {
      id: 9,
      name: path.at(-1) ?? '',
      stage: 'test',
      status: bridgeStatus,
      allow_failure: bridgeAllowedToFail,
    },
    access: 'read' as const,
    failed: failed.map((j) => ({ job: j, name: `${path.join(' › ')} › ${j.name}` })),
  });
  const levels = (problems: ReturnType<typeof failedJobProblems>) =>
    problems.map((p) => (p.kind === 'problem' ? [p.level, p.title] : []));

  it('are errors only where they failed every trigger job above them', () => {
    const problems = failedJobProblems(
      [
        below(['child'], 'failed', [job('gating'), job('optional', true)]),
        below(['loose'], 'success', [job('not-gating')]),
        // A failing trigger job below one that passed (no strategy: depend at the top).
        below(['loose', 'grand'], 'failed', [job('deep')]),
        // A trigger job that failed with its pipeline but may fail.
        below(['tolerated'], 'failed', [job('allowed-above')], true),
      ],
      10,
    );
    expect(levels(problems)).toEqual([
      ['error', 'GitLab job failed: child › gating'],
      ['warning', 'GitLab job failed: child › optional'],
      ['warning', 'GitLab job failed: loose › not-gating'],
      ['warning', 'GitLab job failed: loose › grand › deep'],
      ['warning', 'GitLab job failed: tolerated › allowed-above'],
    ]);
  });
});
