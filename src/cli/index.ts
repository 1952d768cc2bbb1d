import { nodeVersionProblem } from '../core/node-version.js';
import { fileReader } from './files.js';
import { main } from './main.js';

const tooOld = nodeVersionProblem('gitlab-trigger');
if (tooOld) {
  process.stderr.write(`error: ${tooOld}\n`);
  process.exit(2);
}

// A closed pipe on stdout (`gitlab-trigger tokens list | head -1`) is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  stderrIsTTY: process.stderr.isTTY === true,
  writeOut: (text) => void process.stdout.write(text),
  writeErr: (text) => void process.stderr.write(text),
  readFile: fileReader(),
});
