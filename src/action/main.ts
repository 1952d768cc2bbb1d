import { systemClock } from '../core/clock.js';
import { connect } from '../core/connect.js';
import { InputError } from '../core/errors.js';
import type { FinalReport } from '../core/follow/report.js';
import { standardWatchers } from '../core/follow/watchers/standard.js';
import { triggerSource } from '../core/pipeline-source.js';
import { PipelinesApi } from '../core/pipelines-api.js';
import { runPipeline, type RunResult } from '../core/run-pipeline.js';
import type { TriggerSettings } from '../core/settings.js';
import { WAIT_NAMES, maskSecrets, readSettings, readWait, readWaitSettings } from './inputs.js';
import { Input, MainEnded, State } from './names.js';
import { setPipelineOutputs } from './outputs.js';
import type { Runner } from './runner.js';
import { annotateFailedJobs, writeTriggerSummary, writeWaitSummary } from './summary.js';

/**
 * The action: read the inputs, run the pipeline through the core's one use case, and render
 * what it returns as outputs, a job summary, annotations and the step's verdict. It records
 * in the step's state why it stopped following the pipeline, for the post step (post.ts).
 */
export async function run(runner: Runner): Promise<void> {
  // SIGINT is how the runner cancels a step; SIGTERM follows 7.5 s later. Both stop the
  // trigger's retries and the wait, and a pipeline created meanwhile is cancelled.
  const cancelled = new AbortController();
  const onSignal = (): void => cancelled.abort();
  let followed = false;
  try {
    maskSecrets(runner);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    const settings = readSettings(runner);
    const wait = readWait(runner);
    const waitSettings = readWaitSettings(runner, wait);
    const logger = runner.logger();
    const client = await connect(settings.gitlab, {
      logger,
      redactor: runner.redactor,
      clock: systemClock,
      connection: settings.connection,
      caCertSetting: Input.CaCert,
    });
    const api = new PipelinesApi(client, settings.project, waitSettings.apiToken);
    const source = triggerSource(client, settings, { apiToken: waitSettings.apiToken, logger });
    const result = await runPipeline(source, standardWatchers(), {
      clock: systemClock,
      logger,
      redactor: runner.redactor,
      signal: cancelled.signal,
      wait,
      follow: { api, settings: waitSettings, names: WAIT_NAMES },
      onStarted: (created) => {
        setPipelineOutputs(runner, created);
        if (wait) {
          // From here until the main step says why it ended, the post step would cancel.
          runner.saveState(State.PipelineId, String(created.id));
          runner.saveState(State.WebUrl, created.web_url);
          followed = true;
        }
      },
    });
    render(runner, settings, wait, result);
  } catch (error) {
    // The pipeline could not be read (a 404, a redirect, GitLab unreachable): that is no
    // reason for the post step to cancel it.
    if (followed) runner.saveState(State.Ended, MainEnded.Failed);
    runner.setFailed(describeError(error));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Outputs, summary, annotations and the verdict, from what the run returned. */
function render(runner: Runner, settings: TriggerSettings, wait: boolean, result: RunResult): void {
  if (!wait) {
    writeTriggerSummary(runner, settings, result.created);
    if (result.outcome === 'aborted') {
      if (result.canceled) setPipelineOutputs(runner, result.pipeline);
      runner.setFailed(result.message);
    }
    return;
  }
  // The post step tries the cancel again when the one asked for here did not go through.
  const stopped = result.outcome === 'timed-out' || result.outcome === 'aborted';
  runner.saveState(State.Ended, stopped ? MainEnded.Stopped : MainEnded.Finished);
  if (result.settled) runner.saveState(State.Done, 'true');
  setPipelineOutputs(runner, result.pipeline);
  const report = result.findings.find(
    (f): f is { kind: 'report'; report: FinalReport } => f.kind === 'report',
  )?.report;
  writeWaitSummary(runner, settings, result, report);
  if (report) annotateFailedJobs(runner, report);
  for (const finding of result.findings) {
    if (finding.kind === 'problem') runner[finding.level](finding.text, { title: finding.title });
    else if (finding.kind === 'output') runner.setOutput(finding.name, finding.value);
  }
  if (result.outcome === 'passed') runner.info(result.message);
  else runner.setFailed(result.message);
}

/** An input error names the action's input; anything else says its message. */
export function describeError(error: unknown): string {
  if (error instanceof InputError && (Object.values(Input) as string[]).includes(error.input))
    return `Input '${error.input}' ${error.problem}${error.fix ? `: ${error.fix}` : ''}.`;
  return error instanceof Error ? error.message : String(error);
}
