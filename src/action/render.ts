import type { Finding } from '../core/follow/watcher.js';
import type { RunResult } from '../core/run-pipeline.js';
import type { TriggerSettings } from '../core/settings.js';
import { Annotations } from './annotations.js';
import { Output } from './names.js';
import { setPipelineOutputs } from './outputs.js';
import type { Runner } from './runner.js';
import {
  STEP_SUMMARY_MAX_BYTES,
  WAIT_SUMMARY_MAX_BYTES,
  annotateFailedJobs,
  writeTriggerSummary,
  writeWaitSummary,
} from './summary.js';

/**
 * Renders what the run returned: outputs, the job summary (the pipeline, then each section a
 * watcher found), annotations within GitHub's limit, the state the post step reads, and the
 * step's verdict — which a watcher's `failure` (a missing outputs file, say) can turn to failed.
 */
export function render(
  runner: Runner,
  settings: TriggerSettings,
  wait: boolean,
  result: RunResult,
): void {
  if (!wait) {
    writeTriggerSummary(runner, settings, result.created);
    if (result.outcome === 'aborted') {
      if (result.canceled) setPipelineOutputs(runner, result.pipeline);
      runner.setFailed(result.message);
    }
    return;
  }
  setPipelineOutputs(runner, result.pipeline);

  const of = <K extends Finding['kind']>(kind: K) =>
    result.findings.filter((f): f is Extract<Finding, { kind: K }> => f.kind === kind);
  const report = of('report')[0]?.report;
  writeWaitSummary(runner, settings, result, report);
  appendSections(runner, of('section'));

  const failures = of('failure');
  const passed = result.outcome === 'passed';
  // The verdict and any further failure are error annotations too, written last.
  const verdictErrors = passed ? failures.length : 1 + failures.length;
  const annotations = new Annotations(runner, verdictErrors);
  if (report) annotateFailedJobs(annotations, report);
  // A failure is written as the step's verdict below: its problem is not annotated twice.
  const verdicts = new Set(failures.map((f) => f.message));
  for (const problem of of('problem')) {
    if (problem.level === 'error' && verdicts.has(problem.text)) continue;
    annotations.add(problem.level, problem.text, {
      title: problem.title,
      file: problem.file,
      line: problem.line,
    });
  }
  annotations.finish();

  for (const output of of('output')) runner.setOutput(output.name, output.value);
  const downloads = of('downloads')[0]?.downloads;
  // A folder that lacks what was asked for is not offered to later steps to upload or deploy.
  if (downloads?.complete) runner.setOutput(Output.ArtifactsPath, downloads.root);

  if (passed && failures.length === 0) runner.info(result.message);
  else runner.setFailed(passed ? (failures[0]?.message ?? '') : result.message);
  for (const failure of failures.slice(passed ? 1 : 0)) runner.error(failure.message);
}

/**
 * The watchers' sections, after the wait's own summary, within what GitHub keeps of a step's
 * summary (1 MiB, past which it drops the whole of it): a section that would not fit is kept
 * in its brief form (a downstream pipeline's link and status), or else left out, and one line
 * says how many were.
 */
function appendSections(
  runner: Runner,
  sections: readonly { markdown: string; brief?: string }[],
): void {
  let room = STEP_SUMMARY_MAX_BYTES - WAIT_SUMMARY_MAX_BYTES - 1024;
  let left = 0;
  for (const section of sections) {
    const fits = [section.markdown, section.brief ?? ''].find(
      (text) => text && Buffer.byteLength(text) + 1 <= room,
    );
    if (!fits) {
      left++;
      continue;
    }
    room -= Buffer.byteLength(fits) + 1;
    runner.appendSummary(fits);
  }
  if (left)
    runner.appendSummary(
      `_${left} more section${left > 1 ? 's' : ''} left out: GitHub keeps 1 MiB of summary a step._`,
    );
}
