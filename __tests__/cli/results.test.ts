import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator, type Script } from '../../emulator/index.js';
import { cli } from './run-cli.js';

// What `gitlab-trigger run --wait` brings home from GitLab, through its main in process: the same
// watchers as the action's, rendered as lines for a terminal and as --json.

let emu: Emulator;
let env: Record<string, string>;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator({ speed: 20 });
  env = {
    GITLAB_URL: emu.url,
    GITLAB_TRIGGER_TOKEN: emu.seed.triggerToken,
    GITLAB_API_TOKEN: emu.seed.apiToken,
  };
  dir = mkdtempSync(join(tmpdir(), 'cli-results-'));
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const deployed: Script = {
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [
    {
      name: 'unit',
      stage: 'test',
      duration: 2,
      tests: [
        { name: 'adds', classname: 'MathTest', file: './spec/math_spec.rb' },
        { name: 'divides', classname: 'MathTest', status: 'failed', file: './spec/math_spec.rb' },
      ],
      allowFailure: true,
      result: 'failed',
    },
    {
      name: 'deploy',
      stage: 'deploy',
      duration: 2,
      artifacts: {
        // ID and STATUS are names of the action's outputs, not the command line's: its JSON
        // holds them under `outputs`.
        'deploy.env':
          'ENVIRONMENT_URL=https://staging.example.com\nVERSION=1.10\nID=abc\nSTATUS=deployed\n',
        'public/index.html': '<h1>hi</h1>',
      },
    },
  ],
};
const run = ['run', '--project', 'acme/platform/deploy', '--ref', 'main', '--wait'];

describe('gitlab-trigger run --wait, bringing results home', () => {
  it('prints the test totals, reads dotenv outputs into --json, and unpacks artifacts', async () => {
    emu.setScript(emu.seed.projectId, 'main', deployed);
    const artifacts = join(dir, 'out');
    const result = await cli(
      [
        ...run,
        '--json',
        '--outputs-from',
        'deploy:deploy.env',
        '--download-artifacts',
        'dep*',
        '--artifacts-path',
        artifacts,
      ],
      { env },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Tests: 2 total, 1 passed, 1 failed/);
    const json = JSON.parse(result.stdout) as { outputs?: Record<string, string>; status: string };
    expect(json.status).toBe('success');
    expect(json.outputs).toEqual({
      ENVIRONMENT_URL: 'https://staging.example.com',
      VERSION: '1.10',
      ID: 'abc',
      STATUS: 'deployed',
    });
    expect(readFileSync(join(artifacts, 'deploy', 'public', 'index.html'), 'utf8')).toBe(
      '<h1>hi</h1>',
    );
    expect(existsSync(join(artifacts, 'unit'))).toBe(false);
  });

  it('reads no test report with --test-report false', async () => {
    emu.setScript(emu.seed.projectId, 'main', deployed);
    const before = emu.requests.length;
    const result = await cli([...run, '--test-report', 'false'], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/Tests: /);
    expect(emu.requests.slice(before).some((r) => /test_report/.test(r.path))).toBe(false);
  });

  it('fails, naming the job and the file, when a dotenv file is missing', async () => {
    emu.setScript(emu.seed.projectId, 'main', deployed);
    const result = await cli([...run, '--outputs-from', 'deploy:missing.env'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: .*missing\.env.*deploy|error: .*deploy.*missing\.env/);
  });

  it('refuses --outputs-from without --wait before anything is sent', async () => {
    const before = emu.requests.length;
    const result = await cli(
      ['run', '--project', 'acme/platform/deploy', '--ref', 'main', '--outputs-from', 'a:b.env'],
      { env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --outputs-from/m);
    expect(emu.requests.length).toBe(before);
  });
});
