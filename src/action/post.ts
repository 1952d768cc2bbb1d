import { cancelPipeline } from '../core/cancel.js';
import { systemClock } from '../core/clock.js';
import { connect } from '../core/connect.js';
import type { Pipeline } from '../core/pipeline.js';
import { PipelinesApi } from '../core/pipelines-api.js';
import { readSettings, readWaitSettings } from './inputs.js';
import { Input, State } from './names.js';
import type { Runner } from './runner.js';

/**
 * The post step. The runner runs it after the job's steps even when the job failed or was
 * cancelled, so a main step that was killed before it could cancel its pipeline (a run
 * cancelled twice, a `timeout-minutes` that ran out) is cleaned up here.
 */
export async function runPost(runner: Runner): Promise<void> {
  const id = Number(runner.getState(State.PipelineId));
  if (!id || runner.getState(State.Done) === 'true') return;
  const settings = readSettings(runner);
  const waitSettings = readWaitSettings(runner);
  const logger = runner.logger();
  const webUrl = runner.getState(State.WebUrl);
  if (!waitSettings.cancelOnAbort) {
    logger.info(
      `Pipeline #${id} was not seen to finish; leaving it running as ${Input.CancelOnAbort} is false: ${webUrl}`,
    );
    return;
  }
  logger.info(`The main step ended before pipeline #${id} finished: cancelling it.`);
  const client = await connect(settings.gitlab, {
    logger,
    redactor: runner.redactor,
    clock: systemClock,
    connection: settings.connection,
    caCertSetting: Input.CaCert,
  });
  const api = new PipelinesApi(client, settings.project, waitSettings.apiToken);
  const pipeline = { id, web_url: webUrl } as Pipeline;
  await cancelPipeline(api, pipeline, logger, systemClock, Input.ApiToken);
}
