import { run } from './action/main.js';
import { Runner } from './action/runner.js';

const runner = new Runner();
await run(runner);
process.exitCode = runner.exitCode;
