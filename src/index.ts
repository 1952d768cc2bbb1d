import { run } from './action/main.js';
import { Runner } from './action/runner.js';
import { nodeVersionProblem } from './core/node-version.js';

const runner = new Runner();
const tooOld = nodeVersionProblem('gitlab-pipeline-trigger');
if (tooOld) runner.setFailed(tooOld);
else await run(runner);
process.exitCode = runner.exitCode;
