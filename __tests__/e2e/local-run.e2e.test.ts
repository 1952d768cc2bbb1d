import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { applyScenario } from '../../emulator/scenarios.js';
import { ROOT } from '../../scripts/github-runner.js';
import { runToEnd, type Finished } from '../shipping/processes.js';

// `npm run local -- FILE`, the route the README gives for running the action on one's own
// machine: the committed bundle run as a runner runs it, exiting with the step's code and
// showing its outputs and summary.

let emu: Emulator;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({ speed: 20 });
  dir = mkdtempSync(join(tmpdir(), 'local-run-'));
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

function inputs(extra: string[] = []): string {
  return [
    '# the inputs of one step',
    `INPUT_GITLAB_URL=${emu.url}`,
    `INPUT_PROJECT=${emu.seed.projectPath}`,
    'INPUT_REF=main',
    `INPUT_TOKEN=${emu.seed.triggerToken}`,
    'INPUT_WAIT=true',
    `INPUT_API_TOKEN="${emu.seed.apiToken}"`,
    'INPUT_TIMEOUT=',
    ...extra,
  ].join('\n');
}

/** Runs `npm run local -- .env.local` from the folder holding it, as the README says. */
function local(file: string, args: string[] = []): Promise<Finished> {
  writeFileSync(join(dir, '.env.local'), file);
  return runToEnd(
    'npm',
    ['run', '--silent', '--prefix', ROOT, 'local', '--', '.env.local', ...args],
    {
      cwd: dir,
      env: {
        PATH: [join(ROOT, 'node_modules', '.bin'), process.env.PATH ?? ''].join(':'),
        HOME: dir,
      },
      timeoutMs: 60_000,
    },
  );
}

describe('npm run local', () => {
  it('exits 1 when the pipeline fails, naming the job, and shows the outputs and the summary', async () => {
    applyScenario(emu, 'failing-job');
    const run = await local(inputs());
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Error: Job 'api-tests' \(stage test\) failed/);
    expect(run.stdout).toContain('Exit status: 1');
    expect(run.stdout).toMatch(/^ {2}status = failed$/m);
    expect(run.stdout).toMatch(
      /Job summary \(markdown\)\n {2}### ❌ GitLab pipeline \[#\d+\]\([^)]+\) failed after/,
    );
    expect(run.stdout).not.toContain('::debug::');
    expect(run.stdout + run.stderr).not.toContain(emu.seed.triggerToken);
    expect(run.stdout + run.stderr).not.toContain(emu.seed.apiToken);
  }, 60_000);

  it('exits 0 when the pipeline passes, with the dotenv values as outputs', async () => {
    applyScenario(emu, 'dotenv-outputs');
    const run = await local(inputs(['INPUT_OUTPUTS_FROM=deploy:deploy.env']));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}ENVIRONMENT_URL = https:\/\/review-42\.example\.com$/m);
  }, 60_000);

  it('exits 1 when a manual job blocks the pipeline (on_manual: fail)', async () => {
    applyScenario(emu, 'manual-gate');
    const run = await local(inputs());
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('approve-production');
  }, 60_000);

  it('exits 1 on a bad input, before any request', async () => {
    const before = emu.requests.length;
    const run = await local(inputs(['INPUT_TIMEOUT=soon']));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Error: .*timeout.*soon/);
    expect(emu.requests.length).toBe(before);
  }, 60_000);

  it('refuses an input action.yml does not declare, naming it', async () => {
    const run = await local(inputs(['INPUT_GITLAB_TOKEN=x']));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('INPUT_GITLAB_TOKEN in');
    expect(run.stderr).toContain('is not an input of action.yml');
  });

  it('writes downloads into the folder it was started from', async () => {
    applyScenario(emu, 'artifacts');
    const run = await local(inputs(['INPUT_DOWNLOAD_ARTIFACTS=build']));
    expect(run.code).toBe(0);
    expect(
      readFileSync(join(dir, 'gitlab-artifacts', 'build', 'dist', 'app.js'), 'utf8'),
    ).toContain('built by GitLab');
  }, 60_000);

  it('keeps .env.local, where the tokens go, out of git', () => {
    expect(existsSync(join(ROOT, '.gitignore'))).toBe(true);
    const ignored = execFileSync('git', ['check-ignore', '--no-index', '.env.local'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(ignored.trim()).toBe('.env.local');
  });
});
