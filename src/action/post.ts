import { systemClock } from '../core/clock.js';
import { connect } from '../core/connect.js';
import type { Pipeline } from '../core/pipeline.js';
import { PipelinesApi } from '../core/pipelines-api.js';
import type { Redactor } from '../core/redact.js';
import { cancelPipeline } from '../core/wait.js';
import { readSettings, readWaitSettings } from './inputs.js';
import { actionLogger } from './logger.js';
import { Input, State } from './names.js';
import * as core from './runner.js';

/**
 * The post step. The runner runs it after the job's steps even when the job failed or was
 * cancelled, so a main step that was killed before it could cancel its pipeline (a run
 * cancelled twice, a `timeout-minutes` that ran out) is cleaned up here.
 */
export async function runPost(redactor: Redactor): Promise<void> {
  const id = Number(core.getState(State.PipelineId));
  if (!id || core.getState(State.Done) === 'true') return;
  const settings = readSettings();
  const waitSettings = readWaitSettings();
  const logger = actionLogger(redactor);
  const webUrl = core.getState(State.WebUrl);
  if (!waitSettings.cancelOnAbort) {
    logger.info(
      `Pipeline #${id} was not seen to finish; leaving it running as cancel_on_abort is false: ${webUrl}`,
    );
    return;
  }
  logger.info(`The main step ended before pipeline #${id} finished: cancelling it.`);
  const client = await connect(settings.gitlab, {
    logger,
    redactor,
    clock: systemClock,
    connection: settings.connection,
  });
  const api = new PipelinesApi(client, settings.project, waitSettings.apiToken);
  const pipeline = { id, web_url: webUrl } as Pipeline;
  await cancelPipeline(api, pipeline, logger, systemClock, Input.ApiToken);
}
