import { run } from './action/main.js';
import { runPost } from './action/post.js';
import { Runner } from './action/runner.js';
import { nodeVersionProblem } from './core/node-version.js';

// One bundle holds the action's main step, its post step and the command line, so that dist/
// holds each module once. The post step's entry (dist/post.js) and the command line's
// (dist/cli.js) mark the run before loading this bundle; nothing else sets the mark, so a main
// step can never take itself for the post step, nor the other way round. The command line is
// a chunk of its own, loaded only when asked for: the action's start-up does not pay for it.
const step = (globalThis as Record<symbol, unknown>)[Symbol.for('gitlab-pipeline-trigger.step')];
if (step === 'cli') await import('./cli/index.js');
else {
  const runner = new Runner();
  const tooOld = nodeVersionProblem('gitlab-pipeline-trigger');
  if (tooOld) runner.setFailed(tooOld);
  else if (step === 'post') await runPost(runner);
  else await run(runner);
  process.exitCode = runner.exitCode;
}
