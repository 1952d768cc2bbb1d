// The job summary after waiting stays under GitHub's 1 MiB, whatever the number of jobs: the
// failed jobs first, the others in the order they ran until the room ends, and a line that says
// how many were left out.
import { describe, expect, it } from '@jest/globals';
import {
  STEP_SUMMARY_MAX_BYTES,
  WAIT_SUMMARY_MAX_BYTES,
  fit,
  waitSummary,
} from '../src/action/summary.js';
import type { FinalReport } from '../src/core/follow/report.js';
import type { Pipeline } from '../src/core/pipeline.js';
import type { Job } from '../src/core/pipelines-api.js';
import type { RunResult } from '../src/core/run-pipeline.js';
import type { TriggerSettings } from '../src/core/settings.js';

const pipeline: Pipeline = {
  id: 7,
  iid: 1,
  project_id: 42,
  sha: 'abc',
  ref: 'main',
  status: 'failed',
  created_at: '2026-11-25T12:00:00Z',
  web_url: 'https://gitlab.example.com/acme/deploy/-/pipelines/7',
};
const settings = {
  project: { display: 'acme/deploy', encoded: 'acme%2Fdeploy' },
  ref: 'main',
} as TriggerSettings;
const result = {
  outcome: 'failed',
  pipeline,
  created: pipeline,
  message: 'Pipeline #7 finished: failed',
  canceled: false,
  settled: true,
  elapsedMs: 60_000,
  findings: [],
} as RunResult;

/** `count` jobs with long names (a 255-character name is GitLab's limit); every `failEvery`-th fails. */
function jobs(count: number, failEvery: number): Job[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    name: `${'integration-suite-'.repeat(13)}${i + 1}`,
    stage: 'test',
    status: (i + 1) % failEvery === 0 ? 'failed' : 'success',
    duration: 12,
    web_url: `https://gitlab.example.com/acme/deploy/-/jobs/${i + 1}`,
  }));
}

const bytes = (text: string): number => Buffer.byteLength(text);
const rows = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('| test |'));

describe('the summary after waiting', () => {
  it('stays within its share of 1 MiB with 10,000 jobs, listing every failed one', () => {
    const all = jobs(10_000, 7);
    const report: FinalReport = { pipeline, jobs: all, failed: [] };
    const text = waitSummary(settings, result, report);
    expect(bytes(text)).toBeLessThanOrEqual(WAIT_SUMMARY_MAX_BYTES);
    expect(WAIT_SUMMARY_MAX_BYTES).toBeLessThan(STEP_SUMMARY_MAX_BYTES);
    const listed = rows(text);
    const failed = all.filter((j) => j.status === 'failed');
    for (const job of failed) expect(text).toContain(`[${job.name}](${job.web_url})`);
    // The others from the first, in order: the table is a beginning, cut where the room ended.
    const others = listed.filter((l) => !l.includes('failed'));
    expect(others[0]).toContain(`[${all[0]?.name}](`);
    expect(listed.length).toBeLessThan(10_000);
    expect(text).toContain(
      `_${10_000 - listed.length} more jobs are not listed here, none failed: [all jobs](${pipeline.web_url})._`,
    );
  });

  it('counts the jobs the report left out, and the failed ones among them', () => {
    const listed = jobs(600, 50);
    const report: FinalReport = {
      pipeline,
      jobs: listed,
      jobCount: 10_000,
      failedCount: 200,
      failed: [],
    };
    const text = waitSummary(settings, result, report);
    expect(rows(text)).toHaveLength(600);
    expect(text).toContain('_9400 more jobs are not listed here, 188 of them failed:');
  });

  it('cuts the failed jobs too when they alone pass the limit, saying how many were left out', () => {
    const all = jobs(2_000, 1);
    const text = waitSummary(settings, result, { pipeline, jobs: all, failed: [] }, 64 * 1024);
    expect(bytes(text)).toBeLessThanOrEqual(64 * 1024);
    const shown = rows(text).length;
    expect(shown).toBeGreaterThan(100);
    expect(text).toContain(
      `_${2_000 - shown} more jobs are not listed here, ${2_000 - shown} of them failed:`,
    );
  });

  it('lists every job, with no note, when they fit', () => {
    const text = waitSummary(settings, result, { pipeline, jobs: jobs(45, 10), failed: [] });
    expect(rows(text)).toHaveLength(45);
    expect(text).not.toContain('not listed');
  });

  it('keeps the trigger jobs within a quarter of the room', () => {
    const bridges = Array.from({ length: 5_000 }, (_, i) => ({
      id: i + 1,
      name: `downstream-${'x'.repeat(200)}-${i}`,
      stage: 'deploy',
      status: 'success',
      downstream_pipeline: { ...pipeline, id: 1_000 + i, project_id: 43 },
    }));
    const text = waitSummary(settings, result, {
      pipeline,
      jobs: jobs(10, 100),
      bridges,
      failed: [],
    });
    expect(bytes(text)).toBeLessThanOrEqual(WAIT_SUMMARY_MAX_BYTES);
    expect(text).toMatch(/_\d+ more trigger jobs are not listed here\._/);
    expect(rows(text)).toHaveLength(10);
  });
});

describe('fit', () => {
  it('takes the first rows before the others, each kind as a beginning', () => {
    const row = (text: string, first = false) => ({ text, first });
    // Each row costs its length and a newline: 4 bytes.
    expect(fit([row('aaa'), row('bbb', true), row('ccc'), row('ddd', true)], 12)).toEqual([
      true,
      true,
      false,
      true,
    ]);
    expect(fit([row('aaa'), row('bbb', true), row('ccc')], 3)).toEqual([false, false, false]);
  });
});

describe('text from GitLab in the summary', () => {
  it('cannot plant a link, a cell or a line of its own', () => {
    const hostile: Job[] = [
      {
        id: 1,
        name: 'click](https://evil.example/phish) [me',
        stage: 'test\rdeploy',
        status: 'created | ✅ success |',
        duration: 1,
        web_url: 'https://gitlab.example.com/acme/deploy/-/jobs/1',
      },
    ];
    const text = waitSummary(
      settings,
      { ...result, pipeline: { ...pipeline, status: 'running | ✅ success' } },
      { pipeline, jobs: hostile, failed: [] },
    );
    expect(text).not.toContain('](https://evil.example');
    const row = text.split('\n').find((l) => l.includes('phish'));
    // A row of the jobs table has exactly its own cells: stage, job, status, duration.
    expect(row?.split('|').length).toBe(6);
    expect(text).not.toMatch(/\r/);
    expect(text).not.toContain('| ✅ success |');
  });
});
