import { cancelPipeline } from '../core/cancel.js';
import { systemClock } from '../core/clock.js';
import { connectAction } from './connect.js';
import { quoted } from '../core/errors.js';
import type { Pipeline } from '../core/pipeline.js';
import { PipelinesApi } from '../core/pipelines-api.js';
import { maskSecrets, readSettings, readWaitSettings } from './inputs.js';
import { Input, MainEnded, State } from './names.js';
import type { Runner } from './runner.js';

/**
 * The post step: its own entry (dist/post.js), which can only cancel, never trigger. The
 * runner runs it after the job's steps even when the job failed or was cancelled, so a
 * pipeline whose main step was killed, or whose cancel did not go through, is cancelled
 * here — and only such a pipeline: one the main step recorded as started and not seen to
 * finish, because the run was cancelled or timed out (or the step never said why it ended).
 * Anything else, or state it cannot read, leaves the pipeline alone with one debug line.
 */
export async function runPost(runner: Runner): Promise<void> {
  try {
    maskSecrets(runner);
    const left = pipelineLeft(runner);
    if (!left) return;
    const waitSettings = readWaitSettings(runner, true);
    const logger = runner.logger();
    if (!waitSettings.cancelOnAbort) {
      logger.info(
        `Pipeline #${left.id} was not seen to finish; leaving it running as ${Input.CancelOnAbort} is false: ${left.web_url}`,
      );
      return;
    }
    logger.info(`The main step ended before pipeline #${left.id} finished: cancelling it.`);
    const settings = readSettings(runner);
    const client = await connectAction(runner, settings);
    const api = new PipelinesApi(client, settings.project, waitSettings.apiToken);
    await cancelPipeline(api, left as Pipeline, logger, systemClock, Input.ApiToken);
  } catch (error) {
    // The post step cleans up; it never fails the job on its own account.
    runner.warning(`The post step could not cancel the pipeline: ${(error as Error).message}`);
  }
}

/** The pipeline the main step left to cancel, from its state; undefined when there is none. */
function pipelineLeft(runner: Runner): Pick<Pipeline, 'id' | 'web_url'> | undefined {
  const idText = runner.getState(State.PipelineId);
  const webUrl = runner.getState(State.WebUrl);
  const ended = runner.getState(State.Ended);
  if (!idText && !webUrl && !ended) {
    runner.debug('The main step left no pipeline to look after: nothing to cancel.');
    return undefined;
  }
  const readable =
    /^[1-9]\d{0,15}$/.test(idText) &&
    /^https?:\/\/\S+$/.test(webUrl) &&
    (ended === '' || (Object.values(MainEnded) as string[]).includes(ended));
  if (!readable) {
    runner.debug(
      `The main step's state is unreadable (pipeline ${quoted(idText, 20)}, ended ${quoted(ended, 20)}): nothing is cancelled.`,
    );
    return undefined;
  }
  if (runner.getState(State.Done) === 'true' || (ended && ended !== MainEnded.Stopped)) {
    runner.debug(`Pipeline #${idText}: nothing left to cancel (the main step ${ended}).`);
    return undefined;
  }
  return { id: Number(idText), web_url: webUrl };
}
