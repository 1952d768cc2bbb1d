import { systemClock } from '../core/clock.js';
import { InputError } from '../core/errors.js';
import { standardWatchers } from '../core/follow/watchers/standard.js';
import { PipelinesApi } from '../core/pipelines-api.js';
import { runPipeline } from '../core/run-pipeline.js';
import { connectAction } from './runner-connection.js';
import { startOnGitHub } from './github-start.js';
import { maskSecrets } from './inputs.js';
import { commitSources, readRunInputs } from './run-inputs.js';
import { Input, MainEnded, State } from './names.js';
import { setPipelineOutputs } from './outputs.js';
import { render } from './render.js';
import { Runner } from './runner.js';
import { chooseWatchers } from './watchers.js';
import type { CommitStatusWatcher } from './github/commit-status-watcher.js';

/**
 * The action: read the inputs, run the pipeline through the core's one use case with the
 * watchers the inputs ask for, and render what it returns (render.ts). It records in the
 * step's state why it stopped following the pipeline, for the post step (post.ts). Called
 * without a runner (as GitHub's local-action calls it), it talks to this process's runner.
 */
export async function run(runner: Runner = new Runner()): Promise<void> {
  // SIGINT is how the runner cancels a step; SIGTERM follows 7.5 s later. Both stop the
  // trigger's retries and the wait, and a pipeline created meanwhile is cancelled.
  const cancelled = new AbortController();
  const onSignal = (): void => cancelled.abort();
  let followed = false;
  let commitStatus: CommitStatusWatcher | undefined;
  try {
    maskSecrets(runner);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    // Every input is read, and refused if unusable, before anything is sent.
    const inputs = readRunInputs(runner);
    const { settings, wait, waitSettings, names, results, github, push, streamLogs } = inputs;
    const following = inputs.follow !== undefined;
    const logger = runner.logger();
    const client = await connectAction(runner, settings);
    const api = new PipelinesApi(client, settings.project, waitSettings.apiToken);
    const { wrap, pushed } = commitSources(inputs, api, runner);
    const start = await startOnGitHub({
      ...{ runner, github, settings, waitSettings, client, api, wrap },
      clock: systemClock,
      signal: cancelled.signal,
    });
    commitStatus = start.commitStatus;
    const watchers = wait
      ? await chooseWatchers(client, waitSettings.apiToken, results, logger, commitStatus, {
          patterns: streamLogs,
          runner,
        })
      : standardWatchers();
    const result = await runPipeline(start.source, watchers, {
      clock: systemClock,
      logger,
      redactor: runner.redactor,
      signal: cancelled.signal,
      wait,
      follow: { api, settings: waitSettings, names },
      onStarted: (created) => {
        setPipelineOutputs(runner, created);
        if (!wait) return;
        void commitStatus?.onStarted(created);
        // The post step cancels only what this step started: never a followed pipeline.
        if (following) return;
        // From here until the main step says why it ended, the post step would cancel.
        runner.saveState(State.PipelineId, String(created.id));
        runner.saveState(State.WebUrl, created.web_url);
        followed = true;
      },
      onWaitEnded: ({ outcome, settled }) => {
        // The post step tries the cancel again when the one asked for here did not go through.
        const stopped = outcome === 'timed-out' || outcome === 'aborted';
        runner.saveState(State.Ended, stopped ? MainEnded.Stopped : MainEnded.Finished);
        if (settled) runner.saveState(State.Done, 'true');
      },
    });
    // The commit status says what the step says: a failure found after the wait fails it too.
    await commitStatus?.finish(result.findings.find((f) => f.kind === 'failure')?.message);
    if (commitStatus) runner.saveState(State.StatusClosed, 'true');
    if (push?.deleteAfter) await pushed()?.deletePushed();
    // A followed pipeline's ref is the one GitLab ran it on, given or not.
    const shown = following ? { ...settings, ref: String(result.pipeline.ref ?? '') } : settings;
    render(runner, shown, wait, result);
  } catch (error) {
    // The pipeline could not be read (a 404, a redirect, GitLab unreachable): that is no
    // reason for the post step to cancel it.
    if (followed) runner.saveState(State.Ended, MainEnded.Failed);
    runner.setFailed(describeError(error));
    // A check left pending would hold a pull request forever.
    await commitStatus?.abandon(describeError(error));
    if (commitStatus) runner.saveState(State.StatusClosed, 'true');
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** An input error names the action's input; anything else says its message. */
export function describeError(error: unknown): string {
  if (error instanceof InputError && (Object.values(Input) as string[]).includes(error.input))
    return `Input '${error.input}' ${error.problem}${error.fix ? `: ${error.fix}` : ''}.`;
  return error instanceof Error ? error.message : String(error);
}
