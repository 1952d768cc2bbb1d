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
    expect(result.stderr).toMatch(
      /Tests: 2 total, 1 passed, 1 failed.*\n {2}✗ unit: MathTest › divides \(spec\/math_spec\.rb\) failed, allowed to fail\n/,
    );
    // One line for the failed test: no warning repeating it under its own title.
    expect(result.stderr.match(/divides/g)).toHaveLength(1);
    const json = JSON.parse(result.stdout) as {
      outputs?: Record<string, string>;
      status: string;
      tests: { failed: Record<string, unknown>[] };
    };
    expect(json.status).toBe('success');
    // No GitHub words in the JSON: annotations are the action's.
    expect(result.stdout).not.toMatch(/annotat/i);
    expect(json.tests.failed).toEqual([
      expect.objectContaining({ name: 'divides', status: 'failed', allowedToFail: true }),
    ]);
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

  it('lists the failed tests one line each, the first 20, then counts the rest', async () => {
    const failing = Array.from({ length: 25 }, (_, i) => ({
      name: `case ${i}`,
      classname: 'Suite',
      status: 'failed' as const,
      systemOutput: `line one of ${i}\nline two`,
    }));
    emu.setScript(emu.seed.projectId, 'main', {
      createdSeconds: 1,
      jobs: [{ name: 'unit', stage: 'test', duration: 1, tests: failing, result: 'failed' }],
    });
    const result = await cli(run, { env });
    expect(result.code).toBe(1);
    const listed = result.stderr.split('\n').filter((l) => l.startsWith('  ✗ '));
    expect(listed).toHaveLength(20);
    for (const line of listed) expect(line).toMatch(/^ {2}✗ unit: Suite › case \d+ failed$/);
    expect(result.stderr).toMatch(/\n {2}…and 5 more failed tests: http\S+\/test_report\n/);
    expect(result.stderr).not.toContain('line one of');
    expect(result.stderr).not.toMatch(/annotat|job summary/i);
  });

  it("quotes a downstream job's log as a top job's, its warning without a repeated title", async () => {
    emu.setScript(emu.seed.projectId, 'main', {
      createdSeconds: 1,
      jobs: [{ name: 'build', stage: 'build', duration: 1, result: 'failed', trace: 'top log\n' }],
      bridges: [
        {
          name: 'child',
          stage: 'build',
          strategy: 'depend',
          downstream: {
            child: true,
            script: {
              createdSeconds: 1,
              jobs: [
                { name: 'deep', stage: 'test', duration: 1, result: 'failed', trace: 'deep log\n' },
              ],
            },
          },
        },
      ],
    });
    const result = await cli(run, { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /\nwarning: Job 'build' \(stage build\) failed \(script failure\): http\S+\n {2}\| top log\n/,
    );
    expect(result.stderr).toMatch(
      /\n(warning|error): Job 'child › deep' \(stage test\) failed \(script failure\): http\S+\n {2}\| deep log\n/,
    );
    expect(result.stderr).not.toContain('GitLab job failed:');
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
