// JUnit test reports of a pipeline (script job `tests`), read with GitLab's own client.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Gitlab } from '@gitbeaker/rest';
import { startEmulator } from '../../emulator/index.js';
import { call, trigger, type Emu, type Json } from './helpers.js';

let emu: Emu;
let api: InstanceType<typeof Gitlab>;
let id: number;
let jobIds: Record<string, number>;

beforeAll(async () => {
  emu = await startEmulator({ speed: 0 });
  api = new Gitlab({ host: emu.url, token: emu.seed.apiToken });
  emu.setScript(42, 'main', {
    jobs: [
      {
        name: 'rspec',
        stage: 'test',
        duration: 3,
        result: 'failed',
        tests: [
          { name: 'adds', classname: 'Calc', file: './spec/calc_spec.rb', time: 0.5 },
          {
            name: 'divides by zero',
            classname: 'Calc',
            file: './spec/calc_spec.rb',
            status: 'failed',
            time: 1.25,
            systemOutput: 'Failure/Error: expect(1 / 0).to eq(0)',
            stackTrace: './spec/calc_spec.rb:12:in `block (2 levels)`',
            attachment: 'screenshots/divide.png',
          },
          { name: 'is pending', classname: 'Calc', status: 'skipped' },
          {
            name: 'boots',
            classname: 'App',
            file: './spec/app_spec.rb',
            status: 'error',
            time: 0.1,
          },
        ],
      },
      {
        name: 'jest',
        stage: 'test',
        duration: 2,
        tests: [{ name: 'renders', classname: 'ui', file: './src/ui.test.ts', time: 0.2 }],
      },
      {
        name: 'broken-report',
        stage: 'test',
        duration: 1,
        testSuiteError: 'JUnit XML parsing failed: 1:1: FATAL: Document is empty',
      },
      { name: 'running-long', stage: 'test', duration: 1000, tests: [{ name: 'later' }] },
    ],
  });
  const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' });
  id = (answer.json as Json).id as number;
  emu.setScript(42, 'main', null);
  emu.advance(10);
  const jobs = await api.Jobs.all(42, { pipelineId: id });
  jobIds = Object.fromEntries(jobs.map((j) => [j.name, j.id]));
});
afterAll(async () => {
  await emu.close();
});

describe('GET /projects/:id/pipelines/:pipeline_id/test_report_summary', () => {
  it('totals the finished jobs’ reports, one suite per job name', async () => {
    const summary = (await api.Pipelines.showTestReportSummary(42, id)) as unknown as Json;
    expect(summary.total).toEqual({
      time: 2.05,
      count: 5,
      success: 2,
      failed: 1,
      skipped: 1,
      error: 1,
      suite_error: 'JUnit XML parsing failed: 1:1: FATAL: Document is empty',
    });
    expect(summary.test_suites).toEqual([
      {
        name: 'rspec',
        total_time: 1.85,
        total_count: 4,
        success_count: 1,
        failed_count: 1,
        skipped_count: 1,
        error_count: 1,
        build_ids: [jobIds.rspec],
        suite_error: null,
      },
      {
        name: 'jest',
        total_time: 0.2,
        total_count: 1,
        success_count: 1,
        failed_count: 0,
        skipped_count: 0,
        error_count: 0,
        build_ids: [jobIds.jest],
        suite_error: null,
      },
      {
        name: 'broken-report',
        total_time: 0,
        total_count: 0,
        success_count: 0,
        failed_count: 0,
        skipped_count: 0,
        error_count: 0,
        build_ids: [jobIds['broken-report']],
        suite_error: 'JUnit XML parsing failed: 1:1: FATAL: Document is empty',
      },
    ]);
  });
});

describe('GET /projects/:id/pipelines/:pipeline_id/test_report', () => {
  it('lists the test cases by status (error, failed, success, skipped), slowest first', async () => {
    const report = (await api.Pipelines.showTestReport(42, id)) as unknown as Json;
    expect(report).toMatchObject({
      total_count: 5,
      success_count: 2,
      failed_count: 1,
      skipped_count: 1,
      error_count: 1,
    });
    const suites = report.test_suites as Json[];
    const rspec = suites.find((s) => s.name === 'rspec')!;
    const cases = rspec.test_cases as Json[];
    expect(cases.map((c) => c.status)).toEqual(['error', 'failed', 'success', 'skipped']);
    expect(cases[1]).toEqual({
      status: 'failed',
      name: 'divides by zero',
      classname: 'Calc',
      file: './spec/calc_spec.rb',
      execution_time: 1.25,
      system_output: 'Failure/Error: expect(1 / 0).to eq(0)',
      stack_trace: './spec/calc_spec.rb:12:in `block (2 levels)`',
      recent_failures: null,
      attachment_url: `${emu.url}/acme/platform/deploy/-/jobs/${jobIds.rspec}/artifacts/file/screenshots/divide.png`,
    });
    expect(cases[2]).not.toHaveProperty('attachment_url');
    const broken = suites.find((s) => s.name === 'broken-report')!;
    expect(broken).toMatchObject({ suite_error: expect.stringContaining('JUnit'), test_cases: [] });
  });

  it('a pipeline without reports: zeros and no suites', async () => {
    const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' });
    const other = (answer.json as Json).id as number;
    const report = await call(emu, 'GET', `/projects/42/pipelines/${other}/test_report`, {
      token: emu.seed.apiToken,
    });
    expect(report.json).toEqual({
      total_time: 0,
      total_count: 0,
      success_count: 0,
      failed_count: 0,
      skipped_count: 0,
      error_count: 0,
      test_suites: [],
    });
  });

  it('an unknown pipeline: 404 Not found; a token that cannot read the project: 404 Project Not Found', async () => {
    const unknown = await call(emu, 'GET', '/projects/42/pipelines/999999/test_report', {
      token: emu.seed.apiToken,
    });
    expect(unknown.json).toEqual({ message: '404 Not found' });
    const outsider = await call(emu, 'GET', `/projects/42/pipelines/${id}/test_report_summary`, {
      token: emu.seed.outsiderToken,
    });
    expect(outsider.status).toBe(404);
    expect(outsider.json).toEqual({ message: '404 Project Not Found' });
  });
});
