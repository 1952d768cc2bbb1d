import { setFailed } from './action/runner.js';
import { run } from './action/main.js';
import { nodeVersionProblem } from './core/node-version.js';

const tooOld = nodeVersionProblem('gitlab-pipeline-trigger');
if (tooOld) setFailed(tooOld);
else await run();
