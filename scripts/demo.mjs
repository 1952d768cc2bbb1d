// @ts-check
// `npm run demo`: the committed dist/index.js, run exactly as a GitHub runner runs it, against
// the GitLab emulator on 127.0.0.1. Prints what a user sees: the step's log (as the runner
// shows it), its outputs, and the job summary.
import { startEmulator } from '../emulator/index.js';
import { runAction } from './github-runner.js';

const bold = (/** @type {string} */ s) =>
  process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s;

/**
 * Shows a workflow command line the way the runner's log viewer does; null for hidden ones.
 * @param {string} line
 * @returns {string | null}
 */
function asRunnerShowsIt(line) {
  if (
    line.startsWith('::add-mask::') ||
    line.startsWith('::debug::') ||
    line.startsWith('::endgroup::')
  )
    return null;
  const command = /^::(error|warning|notice|group)[^:]*::(.*)$/.exec(line);
  if (!command) return line;
  const [, kind = '', data = ''] = command;
  const text = data.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  /** @type {Record<string, string>} */
  const labels = { error: 'Error: ', warning: 'Warning: ', notice: 'Notice: ', group: '▸ ' };
  const label = labels[kind] ?? '';
  return `${label}${text}`;
}

/**
 * Prints whole lines of the step's stdout as they arrive.
 * @param {string} chunk
 * @param {{ buffer: string, fence: string }} state
 */
function printLog(chunk, state) {
  state.buffer += chunk;
  const lines = state.buffer.split('\n');
  state.buffer = lines.pop() ?? '';
  for (const line of lines) {
    // Inside a stop-commands fence the runner acts on nothing and shows every line as it is.
    if (state.fence) {
      if (line === `::${state.fence}::`) state.fence = '';
      else console.log(`  │ ${line}`);
      continue;
    }
    const fence = /^::stop-commands::(.+)$/.exec(line)?.[1];
    if (fence) {
      state.fence = fence;
      continue;
    }
    const shown = asRunnerShowsIt(line);
    if (shown !== null) console.log(`  │ ${shown.replace(/\n/g, '\n  │ ')}`);
  }
}

const emu = await startEmulator({ speed: 4 });
const { seed } = emu;
// A pipeline with a test report, a deploy job whose dotenv file becomes a step output, and a
// child pipeline whose integration job fails (without failing the parent), so the demo shows
// what the action brings home: the test table, the output, the failed child job.
emu.setScript(seed.projectId, 'main', {
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [
    {
      name: 'build',
      stage: 'build',
      duration: 16,
      // Written piece by piece: the step's log follows it live (stream_logs).
      traceChunks: [
        {
          at: 0,
          text: '\u001b[0Ksection_start:1700000000:deps\r\u001b[0KInstalling dependencies\n',
        },
        { at: 4, text: 'fetched 42 packages\n\u001b[0Ksection_end:1700000000:deps\r\u001b[0K\n' },
        { at: 8, text: '\u001b[32mcompiling\u001b[0m\n' },
        { at: 12, text: 'build ok\n' },
      ],
    },
    {
      name: 'unit',
      stage: 'test',
      duration: 4,
      result: 'failed',
      allowFailure: true,
      trace: 'running specs\n1 failure\n',
      tests: [
        { name: 'adds two numbers', classname: 'MathTest', file: './spec/math_spec.rb' },
        { name: 'parses 1.10', classname: 'VersionTest', file: './spec/version_spec.rb' },
        {
          name: 'divides by zero',
          classname: 'MathTest',
          status: 'failed',
          file: './spec/math_spec.rb',
          systemOutput: 'expected ZeroDivisionError, got Infinity',
        },
      ],
    },
    {
      name: 'deploy',
      stage: 'deploy',
      duration: 3,
      artifacts: { 'deploy.env': 'ENVIRONMENT_URL=https://staging.example.com\n' },
    },
  ],
  bridges: [
    {
      name: 'integration-tests',
      stage: 'test',
      downstream: {
        child: true,
        script: {
          jobs: [
            {
              name: 'integration',
              stage: 'test',
              duration: 3,
              result: 'failed',
              trace: 'GET /health\nExpected 200, got 503\n',
            },
          ],
        },
      },
    },
  ],
});
const step = {
  gitlab_url: emu.url,
  project: seed.projectPath,
  ref: 'main',
  token: seed.triggerToken,
  variables: 'VERSION: 1.10\nENVIRONMENT: staging',
  inputs: 'replicas: 3\ndry_run: false',
  wait: 'true',
  api_token: seed.apiToken,
  outputs_from: 'deploy:deploy.env',
  stream_logs: 'build',
};

console.log(bold(`GitLab emulator at ${emu.url} (pipelines run 4× faster than real time)`));
console.log();
console.log(bold('- uses: ./  # dist/index.js on node24'));
console.log('  with:');
for (const [name, value] of Object.entries(step)) {
  const shown = /token/.test(name)
    ? '${{ secrets.… }}'
    : value.includes('\n')
      ? `|\n      ${value.replace(/\n/g, '\n      ')}`
      : value;
  console.log(`    ${name}: ${shown}`);
}
console.log();
console.log(bold('Log'));
const state = { buffer: '', fence: '' };
const run = await runAction({
  with: step,
  echo: (chunk) => printLog(chunk, state),
  timeoutMs: 120_000,
});
if (state.buffer) printLog('\n', state);
console.log();
console.log(bold(`Exit status: ${run.exitCode}`));
console.log(
  [
    '  The pipeline passed, so the step passes: its failed test job may fail, and the child',
    "  pipeline's failure does not fail its trigger job (no strategy: depend). Both are still",
    '  named, with the end of their logs. GitLab counts its durations in its own (emulated)',
    '  time; the "after …" in the log is how long the step waited.',
  ].join('\n'),
);
console.log();
console.log(bold('Outputs'));
for (const [name, value] of Object.entries(run.outputs)) {
  console.log(`  ${name} = ${value.length > 100 ? `${value.slice(0, 97)}...` : value}`);
}
console.log();
console.log(bold('Job summary (markdown)'));
console.log(run.summary.replace(/^/gm, '  '));
console.log(bold(`Pipeline: ${run.outputs.web_url}`));
await emu.close();
process.exitCode = run.exitCode ?? 1;
