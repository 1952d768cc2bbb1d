import { cancelPipeline } from '../core/cancel.js';
import { systemClock } from '../core/clock.js';
import { connectAction } from './runner-connection.js';
import { quoted } from '../core/errors.js';
import type { Pipeline } from '../core/pipeline.js';
import { PipelinesApi } from '../core/pipelines-api.js';
import { statusesClient } from './github-start.js';
import { buildRunSettings, type RunSettings } from '../core/run-settings.js';
import { maskSecrets, readGitHubSettings } from './inputs.js';
import { Input, MainEnded, SETTING_INPUTS, State } from './names.js';
import { rawRunSettings } from './run-inputs.js';
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
    // The main step waited for the pipeline it left: its settings are read as it read them.
    const { trigger: settings, waitSettings } = readLeftRun(runner);
    const logger = runner.logger();
    if (!waitSettings.cancelOnAbort) {
      logger.info(
        `Pipeline #${left.id} was not seen to finish; leaving it running as ${Input.CancelOnAbort} is false: ${left.web_url}`,
      );
      await closeCommitStatus(runner, left, `pipeline #${left.id} was left running`);
      return;
    }
    logger.info(`The main step ended before pipeline #${left.id} finished: cancelling it.`);
    const client = await connectAction(runner, settings);
    const api = new PipelinesApi(client, settings.project, waitSettings.apiToken);
    const outcome = await cancelPipeline(
      api,
      left as Pipeline,
      logger,
      systemClock,
      Input.ApiToken,
    );
    await closeCommitStatus(runner, left, `pipeline #${left.id} ${outcome.fate}`);
  } catch (error) {
    // The post step cleans up; it never fails the job on its own account.
    runner.warning(`The post step could not cancel the pipeline: ${(error as Error).message}`);
  }
}

/** The main step waited for the pipeline it left: its settings, read as it read them. */
function readLeftRun(runner: Runner): RunSettings {
  return buildRunSettings({ ...rawRunSettings(runner), wait: 'true' }, SETTING_INPUTS);
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

/**
 * A main step killed before it gave the commit status its final state left it `pending`, and
 * a pending check holds a pull request for good: the post step closes it as `error`, saying
 * what became of the pipeline. Nothing is written when the main step closed it itself.
 */
async function closeCommitStatus(
  runner: Runner,
  left: Pick<Pipeline, 'id' | 'web_url'>,
  fate: string,
): Promise<void> {
  if (runner.getState(State.StatusClosed) === 'true') return;
  try {
    await writeClosingStatus(runner, left, fate);
  } catch (error) {
    runner.warning(`The post step could not close the commit status: ${(error as Error).message}`);
  }
}

async function writeClosingStatus(
  runner: Runner,
  left: Pick<Pipeline, 'id' | 'web_url'>,
  fate: string,
): Promise<void> {
  const { trigger: settings, waitSettings } = readLeftRun(runner);
  const github = readGitHubSettings(runner, true, waitSettings.apiToken);
  if (!github.commitStatus) return;
  const { readGitHubRun, defaultStatusContext, markedLink, fitDescription } =
    await import('./github/index.js');
  const run = readGitHubRun(runner.env);
  const statuses = await statusesClient(runner, github, run.repository, systemClock);
  if (!statuses) return;
  await statuses.create(run.sha, {
    state: 'error',
    context: github.statusContext || defaultStatusContext(settings.project),
    targetUrl: markedLink(left.web_url, run.runId),
    description: fitDescription(`The step was stopped before the pipeline finished; ${fate}.`),
  });
  runner.logger().info(`The commit status was left pending by the main step: set to error.`);
}
