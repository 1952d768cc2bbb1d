import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { startEmulator, type Emulator, type Script } from '../../emulator/index.js';
import { CLI, cli, secretsOf } from './run-cli.js';

// `gitlab-trigger run --wait` against the emulator: in process, and through dist/cli.js where a
// process is the point (signals).

let emu: Emulator;
let env: Record<string, string>;
beforeAll(async () => {
  emu = await startEmulator({ speed: 20 });
  env = {
    GITLAB_URL: emu.url,
    GITLAB_TRIGGER_TOKEN: emu.seed.triggerToken,
    GITLAB_API_TOKEN: emu.seed.apiToken,
  };
});
afterAll(() => emu.close());

const script = (result: 'success' | 'failed'): Script => ({
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [
    { name: 'build', stage: 'build', duration: 2 },
    {
      name: 'e2e',
      stage: 'test',
      duration: 2,
      result,
      trace: 'running e2e\nExpected 200, got 500\n',
    },
  ],
});
const run = ['run', '--project', 'acme/platform/deploy', '--ref', 'main', '--wait'];
const outputs: string[] = [];
const remember = <T extends { stdout: string; stderr: string }>(result: T): T => {
  outputs.push(result.stdout, result.stderr);
  return result;
};

describe('gitlab-trigger run --wait', () => {
  it('follows the pipeline to success, one line per change, and exits 0', async () => {
    emu.setScript(emu.seed.projectId, 'main', script('success'));
    const result = remember(await cli(run, { env }));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Pipeline #\d+: success, 2\/2 jobs done/);
    expect(result.stderr).toMatch(/Pipeline #\d+ succeeded after \d+s: http/);
    // Plain words, one duration: GitLab's own (2 jobs of 2 s after 1 s in the queue).
    expect(result.stderr).not.toContain('finished:');
  });

  it('exits 1 when the pipeline fails, naming the failed job and quoting its log', async () => {
    emu.setScript(emu.seed.projectId, 'main', script('failed'));
    const result = remember(await cli(run, { env }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /warning: Job 'e2e' \(stage test\) failed \(script failure\): http:\/\/127\.0\.0\.1:\d+\/acme\/platform\/deploy\/-\/jobs\/\d+\n {2}\| running e2e\n {2}\| Expected 200, got 500\n/,
    );
    expect(result.stderr).toMatch(/\nerror: Pipeline #\d+ failed after \d+s: http\S+\n$/);
    // The link alone on stdout, from the moment the pipeline exists.
    expect(result.stdout).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/acme\/platform\/deploy\/-\/pipelines\/\d+\n$/,
    );
  });

  it('prints the final pipeline as JSON on stdout with --json', async () => {
    emu.setScript(emu.seed.projectId, 'main', script('success'));
    const result = remember(await cli([...run, '--json'], { env }));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'success', ref: 'main' });
  });

  it('passes a failed pipeline with --pass-statuses success,failed', async () => {
    emu.setScript(emu.seed.projectId, 'main', script('failed'));
    const result = remember(await cli([...run, '--pass-statuses', 'success,failed'], { env }));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /Pipeline #\d+ failed after \d+s, which --pass-statuses counts as passing: http/,
    );
  });

  it('refuses a bad waiting option with exit 2 before sending anything', async () => {
    const before = emu.requests.length;
    const result = remember(await cli([...run, '--timeout', 'soon'], { env }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: --timeout is 'soon', which is not a duration");
    expect(emu.requests.length).toBe(before);
  });

  it('says a private pipeline cannot be read without GITLAB_API_TOKEN, keeping its link', async () => {
    emu.setScript(emu.seed.projectId, 'main', script('success'));
    const withoutApi = { ...env };
    delete withoutApi.GITLAB_API_TOKEN;
    const result = remember(await cli(run, { env: withoutApi }));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /created \(created\): http:\/\/127\.0\.0\.1:\d+\/acme\/platform\/deploy\/-\/pipelines\/\d+/,
    );
    expect(result.stderr).toContain(
      "Give 'GITLAB_API_TOKEN (or --api-token-file)' a token with read_api",
    );
  });

  it('refuses a waiting option given without --wait, before sending anything', async () => {
    const before = emu.requests.length;
    const result = remember(
      await cli(['run', '--project', 'acme/platform/deploy', '--ref', 'main', '--timeout', '5m'], {
        env,
      }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--timeout applies only with --wait');
    expect(emu.requests.length).toBe(before);
  });

  it('cancels the pipeline on Ctrl-C (SIGINT) and exits 130', async () => {
    emu.setScript(emu.seed.projectId, 'main', {
      createdSeconds: 1,
      jobs: [{ name: 'soak', stage: 'test', duration: 36_000 }],
    });
    const child = spawn(process.execPath, [CLI, ...run], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let interrupted = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!interrupted && stderr.includes('Waiting for pipeline')) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    outputs.push(stderr);
    expect(code).toBe(130);
    expect(stderr).toMatch(/error: Interrupted \(Ctrl-C or SIGTERM\); pipeline #\d+ /);
    expect(stderr).not.toContain('run was cancelled');
    expect(stderr).toMatch(/Asked GitLab to cancel; pipeline #\d+ is now cancel(ing|ed)\./);
    expect(['canceling', 'canceled']).toContain(emu.pipelines.at(-1)?.status);
  });

  it('printed no token in any of the runs above', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const secret of secretsOf(emu.seed))
      for (const text of outputs) expect(text).not.toContain(secret);
  });
});
