import { systemClock } from '../core/clock.js';
import { connect } from '../core/connect.js';
import { collectFinalReport } from '../core/final-report.js';
import { PipelinesApi } from '../core/pipelines-api.js';
import { Redactor } from '../core/redact.js';
import type { Pipeline } from '../core/pipeline.js';
import { cancelPipeline, waitForPipeline } from '../core/wait.js';
import { maskSecrets, readSettings, readWait, readWaitSettings } from './inputs.js';
import { actionLogger } from './logger.js';
import { Input, State } from './names.js';
import { setPipelineOutputs } from './outputs.js';
import { runPost } from './post.js';
import * as core from './runner.js';
import { annotateFailedJobs, writeTriggerSummary, writeWaitSummary } from './summary.js';

/**
 * The action: read the inputs, trigger the pipeline, hand it back as outputs, and — when
 * asked — follow it to the end. The same bundle is the post step, which cancels a pipeline
 * the main step started but did not see finish.
 */
export async function run(): Promise<void> {
  const redactor = new Redactor();
  try {
    for (const secret of maskSecrets()) redactor.add(secret);
    if (core.getState(State.IsPost) === 'true') return await runPost(redactor);
    core.saveState(State.IsPost, 'true');

    // SIGINT is how the runner cancels a step; SIGTERM follows 7.5 s later. Both stop the
    // trigger's retries and the wait, and a pipeline created meanwhile is cancelled.
    const cancelled = new AbortController();
    const onSignal = (): void => cancelled.abort();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    const settings = readSettings();
    const wait = readWait();
    const waitSettings = readWaitSettings();
    if (waitSettings.apiToken) redactor.add(waitSettings.apiToken);
    const logger = actionLogger(redactor);
    const client = await connect(settings.gitlab, {
      logger,
      redactor,
      clock: systemClock,
      connection: settings.connection,
    });

    const names = Object.keys(settings.variables);
    const inputs = Object.keys(settings.inputs);
    logger.info(
      `Triggering a pipeline for project '${settings.project.display}' at ref '${settings.ref}' on ${settings.gitlab.url}` +
        (names.length ? `, variables: ${names.join(', ')}` : '') +
        (inputs.length ? `, inputs: ${inputs.join(', ')}` : ''),
    );
    const created = await client.triggerPipeline(settings, cancelled.signal);
    logger.info(`Pipeline #${created.id} created (${created.status}): ${created.web_url}`);
    setPipelineOutputs(created);
    const api = new PipelinesApi(client, settings.project, waitSettings.apiToken);
    if (!wait) {
      writeTriggerSummary(settings, created);
      if (cancelled.signal.aborted)
        await cancelledWhileTriggering(api, created, waitSettings.cancelOnAbort);
      return;
    }

    core.saveState(State.PipelineId, String(created.id));
    core.saveState(State.WebUrl, created.web_url);
    const result = await waitForPipeline({
      api,
      pipeline: created,
      settings: waitSettings,
      clock: systemClock,
      logger,
      signal: cancelled.signal,
      apiTokenName: Input.ApiToken,
      onManualName: Input.OnManual,
      cancelOnAbortName: Input.CancelOnAbort,
    });
    // The post step tries the cancel again when the one asked for here did not go through.
    const stopped = result.outcome === 'timed-out' || result.outcome === 'aborted';
    if (!stopped || result.canceled || !waitSettings.cancelOnAbort)
      core.saveState(State.Done, 'true');
    setPipelineOutputs(result.pipeline);

    const finished = result.outcome === 'passed' || result.outcome === 'failed';
    const report =
      finished && !cancelled.signal.aborted
        ? await collectFinalReport(api, result.pipeline, redactor, result.jobs)
        : undefined;
    writeWaitSummary(settings, result, report);
    if (report) annotateFailedJobs(report, redactor);
    if (result.outcome === 'passed') logger.info(result.message);
    else core.setFailed(redactor.redact(result.message));
  } catch (error) {
    core.setFailed(redactor.redact(error instanceof Error ? error.message : String(error)));
  }

  /** The run was cancelled while the trigger was on its way: the pipeline it made should not run. */
  async function cancelledWhileTriggering(
    api: PipelinesApi,
    created: Pipeline,
    cancel: boolean,
  ): Promise<void> {
    const logger = actionLogger(redactor);
    const done = cancel
      ? await cancelPipeline(api, created, logger, systemClock, Input.ApiToken)
      : undefined;
    if (done) setPipelineOutputs({ ...created, ...done });
    core.setFailed(
      redactor.redact(
        `The run was cancelled while pipeline #${created.id} was being created; it ${
          done
            ? 'was cancelled'
            : cancel
              ? 'could not be cancelled and may run'
              : `was left running (${Input.CancelOnAbort} is false)`
        }: ${created.web_url}`,
      ),
    );
  }
}
