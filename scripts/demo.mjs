// @ts-check
// `npm run demo [-- SCENARIO]`: the committed dist/index.js, run exactly as a GitHub runner
// runs it, against the GitLab emulator on 127.0.0.1 playing one of its scenarios
// (emulator/scenarios.js; `npm run demo -- --help` lists them). Prints what a user sees: the
// step's log (as the runner shows it), its outputs, and the job summary.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../emulator/index.js';
import { applyScenario, scenario, scenarioList } from '../emulator/scenarios.js';
import { runAction } from './github-runner.js';
import { bold, logPrinter, printOutputs, printSummary } from './show-run.js';

const name = process.argv[2] ?? 'tour';
if (name === '--help' || name === '-h') {
  console.log(`usage: npm run demo [-- SCENARIO]   (default: tour)\n\n${scenarioList()}`);
  process.exit(0);
}
let chosen;
try {
  chosen = scenario(name);
} catch (error) {
  console.error(`npm run demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

const speed = chosen.speed ?? 4;
const emu = await startEmulator({ speed });
const { seed } = emu;
applyScenario(emu, name);
const step = {
  gitlab_url: emu.url,
  project: seed.projectPath,
  ref: 'main',
  token: seed.triggerToken,
  wait: 'true',
  api_token: seed.apiToken,
  ...chosen.step,
};

console.log(bold(`Scenario ${name}: ${chosen.title}`));
console.log(bold(`GitLab emulator at ${emu.url} (pipelines run ${speed}× faster than real time)`));
console.log();
console.log(bold('- uses: ./  # dist/index.js on node24'));
console.log('  with:');
for (const [input, value] of Object.entries(step)) {
  const shown = /token/.test(input)
    ? '${{ secrets.… }}'
    : value.includes('\n')
      ? `|\n      ${value.replace(/\n/g, '\n      ')}`
      : value;
  console.log(`    ${input}: ${shown}`);
}
console.log();
console.log(bold('Log'));
const workspace = mkdtempSync(join(tmpdir(), 'demo-workspace-'));
const log = logPrinter();
const run = await runAction({ with: step, workspace, echo: log.echo, timeoutMs: 300_000 });
log.flush();
console.log();
console.log(bold(`Exit status: ${run.exitCode}`));
console.log(chosen.shows.replace(/^/gm, '  '));
console.log(
  '  GitLab counts its durations in its own (emulated) time; the "after …" in the log is how\n' +
    '  long the step waited.',
);
const written = readdirSync(workspace, { recursive: true, encoding: 'utf8' }).sort();
if (written.length > 0) {
  console.log();
  console.log(bold('Files the step wrote in the workspace'));
  for (const file of written) console.log(`  ${file}`);
}
rmSync(workspace, { recursive: true, force: true });
console.log();
printOutputs(run.outputs);
console.log();
printSummary(run.summary);
console.log(bold(`Pipeline: ${run.outputs.web_url}`));
await emu.close();
process.exitCode = run.exitCode ?? 1;
