import { formatDuration } from '../../parse/duration.js';
import type { Finding } from '../watcher.js';
import { cell, details, link } from './markdown.js';
import {
  MAX_ANNOTATIONS,
  type FailedTestCase,
  type TestCounts,
  type TestResults,
} from './result-findings.js';

/** The most failed tests listed in the summary; the rest are counted. */
export const MAX_LISTED_TESTS = 100;

/** Test times to the hundredth under a minute (`0.25s`, `17.9s`), as a duration above. */
const seconds = (s: number): string =>
  s < 60 ? `${Number(s.toFixed(2))}s` : formatDuration(Math.round(s * 1000));

/** `Tests: 12 total, 9 passed, 2 failed, 1 skipped, 0 errors (3.2s)`: the command line's line. */
export function testTotalsLine(total: TestCounts): string {
  return `Tests: ${total.count} total, ${total.success} passed, ${total.failed} failed, ${total.skipped} skipped, ${total.error} errors (${seconds(total.time)})`;
}

/** The test report as a summary section: a table per suite, then the failed cases. */
export function testsSection(tests: TestResults, pipelineUrl: string): Finding {
  const { total } = tests;
  const verdict = tests.failedCount
    ? `${tests.failedCount} of ${total.count} failed`
    : `${total.count} passed`;
  const lines = [
    `#### Tests: ${verdict} (${link('test report', `${pipelineUrl}/test_report`)})`,
    '',
    '| Suite | Total | Passed | Failed | Skipped | Errors | Time |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...tests.suites.map((s) =>
      s.suiteError
        ? `| ${cell(s.name)} | ⚠️ ${cell(s.suiteError)} | | | | | |`
        : `| ${cell(s.name)} | ${s.count} | ${s.success} | ${s.failed} | ${s.skipped} | ${s.error} | ${seconds(s.time)} |`,
    ),
    `| **All** | ${total.count} | ${total.success} | ${total.failed} | ${total.skipped} | ${total.error} | ${seconds(total.time)} |`,
    '',
  ];
  if (tests.failedCount) lines.push(...failedList(tests));
  return {
    kind: 'section',
    title: 'Tests',
    markdown: `${lines.join('\n')}\n`,
    text: testTotalsLine(total),
  };
}

function failedList(tests: TestResults): string[] {
  const lines = ['##### Failed tests', ''];
  // How many annotations GitHub shows is the host's to count (failed jobs share them): the
  // summary never claims a number it cannot know.
  const annotated = tests.annotated
    ? `; ${tests.failedCount === 1 ? 'it is' : 'they are'} annotated as far as GitHub's ${MAX_ANNOTATIONS} annotations of a kind a step allow`
    : '';
  lines.push(
    `${tests.failedCount} test${tests.failedCount === 1 ? '' : 's'} failed${annotated}.`,
    '',
  );
  if (tests.casesUnread) {
    lines.push(`_The failed tests could not be listed: ${cell(tests.casesUnread)}_`, '');
    return lines;
  }
  lines.push('| Suite | Test | Class | File |', '| --- | --- | --- | --- |');
  const listed = tests.failed.slice(0, MAX_LISTED_TESTS);
  for (const f of listed) {
    const mark = f.status === 'error' ? '⚠️' : '❌';
    lines.push(
      `| ${cell(f.suite)} | ${mark} ${cell(f.name)}${f.allowedToFail ? ' (allowed to fail)' : ''} | ${cell(f.classname)} | ${f.file ? cell(f.file) : ''} |`,
    );
  }
  lines.push('');
  for (const f of listed.filter((c) => c.output)) lines.push(outputOf(f), '');
  const unlisted = tests.failedCount - listed.length;
  if (unlisted > 0)
    lines.push(`_…and ${unlisted} more failed tests, in GitLab's test report._`, '');
  return lines;
}

function outputOf(f: FailedTestCase): string {
  return details(`${f.classname} › ${f.name}`, f.output ?? '');
}
