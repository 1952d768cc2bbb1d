import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator, type Script } from '../../emulator/index.js';
import { testTotalsLine } from '../../src/core/follow/watchers/test-report-render.js';
import {
  groupName,
  repositoryPath,
  testReport,
} from '../../src/core/follow/watchers/test-report.js';
import { harness, findingsOf, runScript } from './helpers.js';

// Test reports: the summary read once, the failed cases only when some failed, annotations
// on the diff for the first ten, the rest listed.

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ speed: 0 });
});
afterAll(() => emu.close());

const SECRET = 'glpat-testsecret1234567890';

const manyFailures = Array.from({ length: 12 }, (_, i) => ({
  name: `case ${String(i + 1).padStart(2, '0')}`,
  classname: 'Api',
  file: `./spec/api_${i + 1}_spec.rb`,
  status: 'failed' as const,
  time: 1 + i / 100,
  systemOutput: `Failure/Error: expected ${i}\nline 2\nline 3\n${Array.from({ length: 20 }, (_, n) => `more ${n}`).join('\n')}`,
}));

const TESTED: Script = {
  jobs: [
    {
      name: 'rspec',
      stage: 'test',
      duration: 3,
      result: 'failed',
      tests: [
        { name: 'adds', classname: 'Calc', file: './spec/calc_spec.rb', time: 0.5 },
        { name: 'is pending', classname: 'Calc', status: 'skipped' },
        {
          name: 'boots',
          classname: 'App',
          file: '/builds/acme/deploy/spec/app_spec.rb',
          status: 'error',
          time: 5,
          stackTrace: `uses ${SECRET}\nboom`,
        },
        ...manyFailures,
      ],
    },
    {
      name: 'jest',
      stage: 'test',
      duration: 2,
      tests: [{ name: 'renders', classname: 'ui', file: 'src/ui.test.ts', time: 0.25 }],
    },
    {
      name: 'broken-report',
      stage: 'test',
      duration: 1,
      testSuiteError: 'JUnit XML parsing failed: 1:1: FATAL: Document is empty',
    },
  ],
};

describe('the test report watcher', () => {
  it('reports totals per suite, the failed cases, and annotates the first ten with their file', async () => {
    const h = await harness(emu);
    h.redactor.add(SECRET);
    const result = await runScript(emu, h, TESTED, [testReport({ api: h.results })]);
    const [found] = findingsOf(result, 'tests');
    const tests = found!.tests;
    expect(tests.total).toMatchObject({ count: 16, success: 2, failed: 12, skipped: 1, error: 1 });
    expect(tests.suites.map((s) => [s.name, s.count, s.failed, s.suiteError])).toEqual([
      ['rspec', 15, 12, undefined],
      ['jest', 1, 0, undefined],
      ['broken-report', 0, 0, 'JUnit XML parsing failed: 1:1: FATAL: Document is empty'],
    ]);
    expect(tests.failedCount).toBe(13);
    expect(tests.failed).toHaveLength(13);
    expect(tests.annotated).toBe(10);
    // GitLab lists errors first, then failures, slowest first.
    expect(tests.failed[0]).toMatchObject({ name: 'boots', status: 'error', annotated: true });
    expect(tests.failed[0]).not.toHaveProperty('file');
    expect(tests.failed[0]?.output).toBe('uses [REDACTED]\nboom'.replace('[REDACTED]', '***'));
    expect(tests.failed[1]).toMatchObject({ name: 'case 12', file: 'spec/api_12_spec.rb' });
    expect(tests.failed[1]?.output?.split('\n')).toHaveLength(11);
    expect(tests.failed[1]?.output).toMatch(/^Failure\/Error: expected 11\n[\s\S]*\n…$/);

    const problems = findingsOf(result, 'problem').filter((p) => p.title.startsWith('Test '));
    expect(problems).toHaveLength(10);
    expect(problems[0]).toMatchObject({ level: 'error', title: 'Test error: App › boots' });
    expect(problems[0]).not.toHaveProperty('file');
    expect(problems[1]).toMatchObject({
      level: 'error',
      title: 'Test failed: Api › case 12',
      file: 'spec/api_12_spec.rb',
      text: expect.stringMatching(/^rspec: Api › case 12 failed\nFailure\/Error: expected 11/),
    });
    expect(findingsOf(result, 'problem').find((p) => p.title === 'More failed tests')?.text).toBe(
      '13 tests failed, more than are annotated; the job summary lists them all.',
    );

    const section = findingsOf(result, 'section').find((s) => s.title === 'Tests')!;
    expect(section.text).toBe('Tests: 16 total, 2 passed, 12 failed, 1 skipped, 1 errors (18.41s)');
    expect(section.markdown).toContain('| rspec | 15 | 1 | 12 | 1 | 1 |');
    expect(section.markdown).toContain('| broken-report | ⚠️ JUnit XML parsing failed');
    expect(section.markdown).toContain(
      "13 tests failed; they are annotated as far as GitHub's 10 annotations of a kind a step allow.",
    );
    expect(section.markdown).toContain('| rspec | ❌ case 01 | Api | spec/api&#95;1&#95;spec.rb |');
    expect(section.markdown).toContain('<details><summary>Api › case 01</summary>');
    expect(section.markdown).not.toContain(SECRET);
  });

  it('reads the summary once and the report only when tests failed', async () => {
    const h = await harness(emu);
    const passing: Script = { jobs: [TESTED.jobs![1]!] };
    const before = emu.requests.length;
    const result = await runScript(emu, h, passing, [testReport({ api: h.results })]);
    const paths = emu.requests.slice(before).map((r) => r.path);
    expect(paths.filter((p) => p.endsWith('/test_report_summary'))).toHaveLength(1);
    expect(paths.filter((p) => p.endsWith('/test_report'))).toHaveLength(0);
    expect(findingsOf(result, 'tests')[0]?.tests).toMatchObject({ failedCount: 0, failed: [] });
    expect(findingsOf(result, 'problem')).toEqual([]);
  });

  it('says nothing for a pipeline without tests, and reads nothing when turned off', async () => {
    const h = await harness(emu);
    const plain: Script = { jobs: [{ name: 'build', stage: 'build', duration: 1 }] };
    expect(
      findingsOf(await runScript(emu, h, plain, [testReport({ api: h.results })]), 'tests'),
    ).toEqual([]);
    const before = emu.requests.length;
    const off = await runScript(emu, h, TESTED, [testReport({ api: h.results, enabled: false })]);
    expect(findingsOf(off, 'tests')).toEqual([]);
    expect(emu.requests.slice(before).some((r) => r.path.includes('/test_report'))).toBe(false);
  });

  it('still gives the totals when the failed cases cannot be read', async () => {
    const h = await harness(emu);
    emu.fail({ path: /\/test_report$/, status: 500, times: Infinity });
    try {
      const result = await runScript(emu, h, TESTED, [testReport({ api: h.results })]);
      const tests = findingsOf(result, 'tests')[0]!.tests;
      expect(tests.failedCount).toBe(13);
      expect(tests.failed).toEqual([]);
      expect(tests.casesUnread).toMatch(/500/);
      expect(findingsOf(result, 'section').find((s) => s.title === 'Tests')?.markdown).toMatch(
        /_The failed tests could not be listed: .*500/,
      );
    } finally {
      emu.clearFaults();
    }
  });
});

describe('a failed test of a job allowed to fail', () => {
  it('is a warning, marked so; one of a job that may not fail stays an error', async () => {
    const h = await harness(emu);
    const script: Script = {
      jobs: [
        {
          name: 'flaky-e2e',
          stage: 'test',
          duration: 1,
          result: 'failed',
          allowFailure: true,
          tests: [{ name: 'logs in', classname: 'E2e', status: 'failed' }],
        },
        {
          name: 'unit',
          stage: 'test',
          duration: 1,
          result: 'failed',
          tests: [{ name: 'adds', classname: 'Calc', status: 'failed' }],
        },
      ],
    };
    const result = await runScript(emu, h, script, [testReport({ api: h.results })]);
    const tests = findingsOf(result, 'tests')[0]!.tests;
    expect(tests.failed.map((f) => [f.suite, f.allowedToFail ?? false])).toEqual(
      expect.arrayContaining([
        ['flaky-e2e', true],
        ['unit', false],
      ]),
    );
    const problems = findingsOf(result, 'problem').map((p) => [p.level, p.title]);
    expect(problems).toEqual(
      expect.arrayContaining([
        ['warning', 'Test failed (allowed to fail): E2e › logs in'],
        ['error', 'Test failed: Calc › adds'],
      ]),
    );
    expect(problems).toHaveLength(2);
  });
});

describe('groupName', () => {
  it("strips a parallel job's index and a matrix job's values, as GitLab names its suite", () => {
    expect(groupName('rspec 1/3')).toBe('rspec');
    expect(groupName('rspec 2:3')).toBe('rspec');
    expect(groupName('deploy: [eu, prod]')).toBe('deploy');
    expect(groupName('unit')).toBe('unit');
    expect(groupName('build 2026')).toBe('build 2026');
  });
});

describe('repositoryPath', () => {
  it('strips ./ and keeps paths inside the repository only', () => {
    expect(repositoryPath('./spec/a_spec.rb')).toBe('spec/a_spec.rb');
    expect(repositoryPath('src\\a.test.ts')).toBe('src/a.test.ts');
    expect(repositoryPath('/builds/a.rb')).toBeUndefined();
    expect(repositoryPath('C:/work/a.rb')).toBeUndefined();
    expect(repositoryPath('../outside.rb')).toBeUndefined();
    expect(repositoryPath('')).toBeUndefined();
    expect(repositoryPath(null)).toBeUndefined();
  });

  it('gives the command line one line of totals', () => {
    expect(
      testTotalsLine({ time: 1.5, count: 3, success: 2, failed: 1, skipped: 0, error: 0 }),
    ).toBe('Tests: 3 total, 2 passed, 1 failed, 0 skipped, 0 errors (1.5s)');
  });
});
