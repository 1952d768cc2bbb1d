// The job summary after waiting reads like a test reporter's: the verdict and what failed
// first, one duration, the failed jobs' logs, the outputs read from GitLab, escaped.
import { describe, expect, it } from '@jest/globals';
import { OUTPUT_VALUE_CHARS, waitSummary } from '../src/action/summary.js';
import type { FinalReport } from '../src/core/follow/report.js';
import type { Finding } from '../src/core/follow/watcher.js';
import type {
  DownstreamPipeline,
  TestResults,
} from '../src/core/follow/watchers/result-findings.js';
import type { Pipeline } from '../src/core/pipeline.js';
import type { Job } from '../src/core/pipelines-api.js';
import type { RunResult } from '../src/core/run-pipeline.js';
import type { TriggerSettings } from '../src/core/settings.js';

const URL = 'https://gitlab.example.com/acme/deploy/-/pipelines/7';
const pipeline: Pipeline = {
  id: 7,
  iid: 1,
  project_id: 42,
  sha: 'abc',
  ref: 'main',
  status: 'failed',
  created_at: '2026-11-25T12:00:00Z',
  duration: 10,
  web_url: URL,
};
const settings = {
  project: { display: 'acme/deploy', encoded: 'acme%2Fdeploy' },
  ref: 'main',
} as TriggerSettings;

const job = (id: number, name: string, status: string, allow = false): Job => ({
  id,
  name,
  stage: 'test',
  status,
  allow_failure: allow,
  duration: 3,
  web_url: `https://gitlab.example.com/acme/deploy/-/jobs/${id}`,
});
const jobs = [job(1, 'build', 'success'), job(2, 'unit', 'failed'), job(3, 'lint', 'failed', true)];
const report: FinalReport = {
  pipeline,
  jobs,
  failed: [
    { job: jobs[1]!, trace: 'step 1\nExpected 200, got 500\n</details><script>x</script>' },
    { job: jobs[2]! },
  ],
};
const tests: TestResults = {
  total: { time: 2, count: 12, success: 10, failed: 2, skipped: 0, error: 0 },
  suites: [],
  failed: [
    { suite: 'unit', name: 'adds', classname: 'Calc', status: 'failed', annotated: true },
    {
      suite: 'lint',
      name: 'style',
      classname: 'Lint',
      status: 'failed',
      annotated: true,
      allowedToFail: true,
    },
  ],
  failedCount: 2,
  annotated: 2,
};
const downstream = [
  {
    path: ['child'],
    name: 'child',
    bridge: { id: 9, name: 'child', stage: 'deploy', status: 'failed' },
    failed: [{ job: job(20, 'integration', 'failed'), name: 'child › integration' }],
  } as unknown as DownstreamPipeline,
];

function result(findings: Finding[], extra: Partial<RunResult> = {}): RunResult {
  return {
    outcome: 'failed',
    pipeline,
    created: pipeline,
    message: `Pipeline #7 failed after 10s: ${URL}`,
    canceled: false,
    settled: true,
    elapsedMs: 6_000,
    findings,
    ...extra,
  };
}

const everything: Finding[] = [
  { kind: 'report', report },
  { kind: 'downstream', pipelines: downstream },
  { kind: 'tests', tests },
  { kind: 'output', name: 'ENVIRONMENT_URL', value: 'https://a.example/<img src=x>|[x](y)' },
  { kind: 'output', name: 'NOTES', value: `${'n'.repeat(OUTPUT_VALUE_CHARS)}TAIL` },
  { kind: 'output', name: 'gitlab_outputs', value: '{}', aggregate: true },
];

describe('the summary after waiting', () => {
  it('opens with the verdict and names what failed, before any table', () => {
    const text = waitSummary(settings, result(everything), report);
    const beforeTable = text.slice(0, text.indexOf('\n|'));
    expect(beforeTable.split('\n')).toEqual([
      `### ❌ GitLab pipeline [#7](${URL}) failed after 10s`,
      '',
      '- **Jobs:** 2 of 3 failed: [unit](https://gitlab.example.com/acme/deploy/-/jobs/2), [lint](https://gitlab.example.com/acme/deploy/-/jobs/3) (allowed to fail).',
      '- **Downstream:** 1 job failed in 1 downstream pipeline: [child › integration](https://gitlab.example.com/acme/deploy/-/jobs/20).',
      '- **Tests:** 2 of 12 failed: Calc › adds, Lint › style (allowed to fail).',
      '',
    ]);
  });

  it('says a pipeline passed in one line when nothing failed', () => {
    const passed = { ...pipeline, status: 'success' };
    const clean: FinalReport = { pipeline: passed, jobs: [job(1, 'build', 'success')], failed: [] };
    const text = waitSummary(
      settings,
      result([{ kind: 'tests', tests: { ...tests, failed: [], failedCount: 0 } }], {
        outcome: 'passed',
        pipeline: passed,
      }),
      clean,
    );
    expect(text.split('\n').slice(0, 5)).toEqual([
      `### ✅ GitLab pipeline [#7](${URL}) succeeded after 10s`,
      '',
      '- **Jobs:** 1 job, none failed.',
      '- **Tests:** 12 passed.',
      '',
    ]);
  });

  it('shows one duration, GitLab’s, in the heading and the table, and no jargon', () => {
    const text = waitSummary(settings, result(everything), report);
    expect(text).toContain('| acme/deploy | main | [#7](');
    expect(text).toMatch(/\| ❌ failed \| 10s \|/);
    expect(text).not.toContain('6s');
    expect(text).not.toMatch(/finished:|passing:/);
  });

  it("quotes the end of a failed job's log in <details>, fenced so the log cannot end it", () => {
    const text = waitSummary(settings, result(everything), report);
    expect(text).toContain(
      '<details><summary>❌ unit: end of the log</summary>\n\n```text\nstep 1\nExpected 200, got 500\n</details><script>x</script>\n```\n\n</details>',
    );
    // A job whose log was not read has no block.
    expect(text).not.toContain('lint: end of the log');
  });

  it('lists the outputs read from GitLab in a table, escaped and cut', () => {
    const text = waitSummary(settings, result(everything), report);
    expect(text).toContain('#### Outputs from GitLab\n\n| Output | Value |\n| --- | --- |\n');
    expect(text).toContain(
      '| ENVIRONMENT&#95;URL | https://a.example/&#60;img src=x&#62;&#124;&#91;x&#93;(y) |',
    );
    expect(text).toContain(`| NOTES | ${'n'.repeat(OUTPUT_VALUE_CHARS)}… |`);
    expect(text).not.toContain('TAIL');
    expect(text).not.toContain('gitlab&#95;outputs');
  });

  it('quotes as many logs as fit in its bytes, and says how many it left out', () => {
    const many = Array.from({ length: 60 }, (_, i) => job(100 + i, `e2e ${i + 1}/60`, 'failed'));
    const big: FinalReport = {
      pipeline,
      jobs: many,
      failed: many.map((j) => ({ job: j, trace: `${j.name}\n${'x'.repeat(4_000)}` })),
    };
    const text = waitSummary(settings, result([{ kind: 'report', report: big }]), big, 64 * 1024);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(64 * 1024);
    const quoted = text.match(/<details>/g)?.length ?? 0;
    expect(quoted).toBeGreaterThan(0);
    expect(text).toContain(`_The logs of ${60 - quoted} more failed jobs are not quoted here._`);
    // The verdict names the first ten and counts the rest.
    expect(text).toMatch(/- \*\*Jobs:\*\* 60 of 60 failed: .*e2e 10\/60.* and 50 more\./);
  });

  it('says so in words when pass_statuses lets a failed pipeline pass', () => {
    const text = waitSummary(settings, result([], { outcome: 'passed' }), undefined);
    expect(text.split('\n').slice(0, 4)).toEqual([
      `### ✅ GitLab pipeline [#7](${URL}) failed after 10s`,
      '',
      '_It counts as passing: `pass_statuses` lists failed._',
      '',
    ]);
  });

  it('names a failure found after the wait, and the outcome of a stopped wait', () => {
    const failing = result([{ kind: 'failure', message: 'outputs_from line 1: no job x' }], {
      outcome: 'passed',
      pipeline: { ...pipeline, status: 'success' },
    });
    expect(waitSummary(settings, failing, undefined)).toContain(
      '- **The step fails:** outputs&#95;from line 1: no job x',
    );
    const stopped = result([], {
      outcome: 'timed-out',
      pipeline: { ...pipeline, status: 'canceled' },
      message: `The wait reached its timeout of 1m; pipeline #7 was cancelled: ${URL}`,
    });
    expect(waitSummary(settings, stopped, undefined).split('\n').slice(0, 3)).toEqual([
      `### ⏹️ GitLab pipeline [#7](${URL}): canceled`,
      '',
      `The wait reached its timeout of 1m; pipeline #7 was cancelled: ${URL}`,
    ]);
  });
});
