import { run } from './action/main.js';
import { runPost } from './action/post.js';
import { Runner } from './action/runner.js';
import { nodeVersionProblem } from './core/node-version.js';

// dist/post.js, the post step's entry, marks the run before loading this bundle; nothing
// else sets the mark, so a main step can never take itself for the post step, nor the
// other way round.
const step = (globalThis as Record<symbol, unknown>)[Symbol.for('gitlab-pipeline-trigger.step')];
const runner = new Runner();
const tooOld = nodeVersionProblem('gitlab-pipeline-trigger');
if (tooOld) runner.setFailed(tooOld);
else if (step === 'post') await runPost(runner);
else await run(runner);
process.exitCode = runner.exitCode;
