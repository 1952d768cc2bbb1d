import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Output } from '../../src/action/names.js';
import { startEmulator, type Emulator, type Script } from '../../emulator/index.js';
import { annotations, runAction, type ActionRun } from '../../scripts/github-runner.js';

// What the action brings home from GitLab, end to end: the built dist/index.js run as a
// runner runs it, against the emulator (pipelines 20 times faster than real time). Downstream
// pipelines, the test report, outputs from dotenv files, artifacts and logs.

let emu: Emulator;
let seed: Emulator['seed'];
const workspaces: string[] = [];
beforeAll(async () => {
  emu = await startEmulator({ speed: 20 });
  seed = emu.seed;
});
afterAll(async () => {
  await emu.close();
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});
afterEach(() => emu.setScript(seed.projectId, 'main', null));

function waiting(extra: Record<string, string> = {}): Record<string, string> {
  return {
    gitlab_url: emu.url,
    project: seed.projectPath,
    ref: 'main',
    token: seed.triggerToken,
    wait: 'true',
    api_token: seed.apiToken,
    ...extra,
  };
}

/** The raw `::error …::` / `::warning …::` lines, properties included. */
function commandLines(run: ActionRun, kind: 'error' | 'warning'): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith(`::${kind}`));
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'results-e2e-'));
  workspaces.push(dir);
  return dir;
}

/** Every file below `dir`, relative to it, sorted. */
function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

const requestsSince = (from: number) => emu.requests.slice(from).map((r) => r.path);

describe('downstream pipelines', () => {
  const script: Script = {
    createdSeconds: 1,
    queueSeconds: 1,
    jobs: [{ name: 'build', stage: 'build', duration: 2 }],
    bridges: [
      {
        name: 'integration',
        stage: 'test',
        strategy: 'depend',
        downstream: {
          child: true,
          script: {
            createdSeconds: 1,
            queueSeconds: 1,
            jobs: [
              { name: 'smoke', stage: 'test', duration: 2 },
              {
                name: 'api-tests',
                stage: 'test',
                duration: 3,
                result: 'failed',
                trace:
                  'Running api tests\nGET /health ok\nAssertionError: expected 200, got 503\nERROR: Job failed: exit code 1\n',
              },
            ],
          },
        },
      },
      {
        name: 'notify-ops',
        stage: 'test',
        downstream: { projectPath: 'acme/platform/other', status: 'success', duration: 2 },
      },
    ],
  };

  it('names a failed child job by its path, quotes its log tail, and links a pipeline the token cannot read without calling it an error', async () => {
    emu.setScript(seed.projectId, 'main', script);
    // Developer of the deploy project only: the ops project's pipeline cannot be read.
    const run = await runAction({ with: waiting({ api_token: seed.developerToken }) });
    expect(run.exitCode).toBe(1);

    const child = emu.downstreamPipelines.find((p) => p.source === 'parent_pipeline');
    const other = emu.downstreamPipelines.find((p) => p.source === 'pipeline');
    expect(child?.status).toBe('failed');
    // The verdict's lines name the failed downstream job before any table.
    const verdict = run.summary.slice(0, run.summary.indexOf('\n|'));
    expect(verdict).toMatch(
      /\n- \*\*Downstream:\*\* 1 job failed in 2 downstream pipelines: \[integration › api-tests\]\(http\S+\/-\/jobs\/\d+\)\.\n/,
    );
    expect(run.summary).toContain(`#### Downstream pipeline integration: [#${child?.id}](`);
    expect(run.summary).toContain(
      '<details><summary>❌ integration › api-tests: end of the log</summary>',
    );
    expect(run.summary).toContain('AssertionError: expected 200, got 503');
    expect(run.summary).toContain(`#### Downstream pipeline notify-ops: [#${other?.id}](`);
    expect(run.summary).toContain(
      'cannot be read with the token given: the pipeline is linked, not followed.',
    );

    const failed = commandLines(run, 'error').filter((l) =>
      l.includes('title=GitLab job failed%3A integration › api-tests::'),
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain("Job 'integration › api-tests' (stage test) failed");
    expect(failed[0]).toContain('AssertionError: expected 200, got 503');
    const all = [...annotations(run.stdout, 'error'), ...annotations(run.stdout, 'warning')];
    expect(all.filter((a) => a.includes('notify-ops'))).toEqual([]);
  });
});

/** Six shards, each with two failing tests and one passing: twelve failures in all. */
const shards: Script = {
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [
    ...[1, 2, 3, 4, 5, 6].map((n) => ({
      name: `rspec-${n}`,
      stage: 'test',
      duration: 2,
      result: 'failed' as const,
      testSuite: 'rspec',
      tests: [
        { name: `passes ${n}`, classname: 'Health', file: './spec/health_spec.rb', time: 0.1 },
        ...['a', 'b'].map((c) => ({
          name: `case ${n}${c}`,
          classname: 'Billing',
          status: 'failed' as const,
          file: `./spec/billing/case_${n}${c}_spec.rb`,
          time: 0.2,
          systemOutput: `expected invoice ${n}${c} to be paid`,
        })),
      ],
    })),
    {
      name: 'lint',
      stage: 'test',
      duration: 1,
      tests: [{ name: 'style', classname: 'Lint', time: 0.05 }],
    },
  ],
};

describe('the test report', () => {
  it('shows the suites, annotates the first failures on their files, and keeps to ten error annotations', async () => {
    emu.setScript(seed.projectId, 'main', shards);
    const run = await runAction({ with: waiting() });
    expect(run.exitCode).toBe(1);
    expect(run.summary).toContain('#### Tests: 12 of 19 failed');
    expect(run.summary).toContain('| Suite | Total | Passed | Failed | Skipped | Errors | Time |');
    expect(run.summary).toMatch(/\| rspec \| 18 \| 6 \| 12 \| 0 \| 0 \| [\d.]+s \|/);
    expect(run.summary).toMatch(/\| lint \| 1 \| 1 \| 0 \| 0 \| 0 \| [\d.]+s \|/);
    expect(run.summary).toContain(
      '| rspec | ❌ case 6b | Billing | spec/billing/case&#95;6b&#95;spec.rb |',
    );

    const errors = commandLines(run, 'error');
    const onFiles = errors.filter((l) =>
      /^::error title=Test failed%3A Billing › case (\d[ab]),file=spec\/billing\/case_\1_spec\.rb::/.test(
        l,
      ),
    );
    expect(onFiles.length).toBeGreaterThan(0);
    expect(onFiles[0]).toContain('expected invoice 1a to be paid');
    // GitHub keeps ten error annotations a step, the step's own verdict included.
    expect(errors.length).toBeLessThanOrEqual(10);
    expect(errors.at(-1)).toMatch(/^::error::Pipeline #\d+ failed after /);
    const warnings = annotations(run.stdout, 'warning');
    expect(warnings).toContainEqual(
      '12 tests failed, more than are annotated; the job summary lists them all.',
    );
    expect(warnings).toContainEqual(
      expect.stringMatching(/^\d+ more problems? \(failed jobs or tests\) (is|are) not annotated/),
    );
  });

  it('reads no test report with test_report: false', async () => {
    emu.setScript(seed.projectId, 'main', shards);
    const from = emu.requests.length;
    const run = await runAction({ with: waiting({ test_report: 'false' }) });
    expect(run.exitCode).toBe(1);
    expect(requestsSince(from).filter((p) => /\/test_report(_summary)?$/.test(p))).toEqual([]);
    expect(run.summary).not.toContain('#### Tests');
    expect(commandLines(run, 'error').filter((l) => l.includes('file='))).toEqual([]);
  });
});

const deploying = (artifacts: Record<string, string>): Script => ({
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [
    { name: 'build', stage: 'build', duration: 1 },
    { name: 'deploy', stage: 'deploy', duration: 2, artifacts },
  ],
});

describe('outputs from dotenv files', () => {
  it('sets a step output per key and gitlab_outputs with them all', async () => {
    emu.setScript(
      seed.projectId,
      'main',
      deploying({
        'deploy.env': 'ENVIRONMENT_URL=https://staging.example.com\nRELEASE=v1.2.3\n',
      }),
    );
    const run = await runAction({ with: waiting({ outputs_from: 'deploy:deploy.env' }) });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.ENVIRONMENT_URL).toBe('https://staging.example.com');
    expect(run.outputs.RELEASE).toBe('v1.2.3');
    expect(JSON.parse(run.outputs[Output.GitLabOutputs] ?? 'null')).toEqual({
      ENVIRONMENT_URL: 'https://staging.example.com',
      RELEASE: 'v1.2.3',
    });
  });

  it('lists the values read in the summary, escaped, after the verdict', async () => {
    emu.setScript(
      seed.projectId,
      'main',
      deploying({ 'deploy.env': 'NOTE=<b>bold</b> | *x*\nVERSION=1.10\n' }),
    );
    const run = await runAction({ with: waiting({ outputs_from: 'deploy:deploy.env' }) });
    expect(run.exitCode).toBe(0);
    expect(run.summary.split('\n').slice(0, 4)).toEqual([
      expect.stringMatching(/^### ✅ GitLab pipeline \[#\d+\]\(http\S+\) succeeded after \d+s$/),
      '',
      '- **Jobs:** 2 jobs, none failed.',
      '',
    ]);
    expect(run.summary).toContain(
      '#### Outputs from GitLab\n\n| Output | Value |\n| --- | --- |\n| NOTE | &#60;b&#62;bold&#60;/b&#62; &#124; &#42;x&#42; |\n| VERSION | 1.10 |\n',
    );
  });

  it('fails the step naming the job and the file when the file is missing', async () => {
    emu.setScript(seed.projectId, 'main', deploying({ 'other.env': 'A=1\n' }));
    const run = await runAction({ with: waiting({ outputs_from: 'deploy:deploy.env' }) });
    expect(run.exitCode).toBe(1);
    expect(run.outputs[Output.Status]).toBe('success');
    // Said once, as the step's verdict.
    expect(annotations(run.stdout, 'error')).toEqual([
      expect.stringMatching(
        /^outputs_from line 1: job 'deploy' \(success\) has no file 'deploy\.env' in its artifacts archive \(a dotenv report is kept apart from it: list the file under artifacts:paths too\): http/,
      ),
    ]);
    expect(run.outputs[Output.GitLabOutputs]).toBe('{}');
  });

  it('is refused without wait, before any request', async () => {
    const from = emu.requests.length;
    const pipelines = emu.pipelines.length;
    const run = await runAction({
      with: waiting({ wait: 'false', outputs_from: 'deploy:deploy.env' }),
    });
    expect(run.exitCode).toBe(1);
    expect(annotations(run.stdout, 'error')).toEqual([
      "Input 'outputs_from' is set, but the run does not wait for the pipeline: set wait to true: the outputs are read from the job artifacts once the pipeline has finished.",
    ]);
    expect(emu.requests.length).toBe(from);
    expect(emu.pipelines.length).toBe(pipelines);
  });
});

describe('artifacts and logs', () => {
  it('unpacks only the safe entries of a hostile archive, names the refused ones, and sets artifacts_path', async () => {
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [
        { name: 'package', stage: 'build', duration: 2, hostileArtifacts: { bombSize: 4096 } },
      ],
    });
    const dir = workspace();
    const run = await runAction({
      with: waiting({ download_artifacts: 'package' }),
      workspace: dir,
    });
    expect(run.exitCode).toBe(0);
    const root = join(dir, 'gitlab-artifacts');
    expect(run.outputs[Output.ArtifactsPath]).toBe(root);
    expect(filesBelow(dir)).toEqual([
      'gitlab-artifacts/package/bomb.bin',
      'gitlab-artifacts/package/ok.txt',
    ]);
    expect(readFileSync(join(root, 'package', 'ok.txt'), 'utf8')).toBe('an ordinary file\n');
    expect(existsSync(join(dir, '..', 'escape.txt'))).toBe(false);
    const refused = annotations(run.stdout, 'warning').filter((w) =>
      w.startsWith("The artifacts of job 'package' held 4 entries not unpacked into"),
    );
    expect(refused).toHaveLength(1);
    for (const name of ['../escape.txt', '/abs/path.txt', 'C:/drive.txt', 'link-outside'])
      expect(refused[0]).toContain(`'${name}'`);
    expect(refused[0]).not.toContain("'ok.txt'");
  });

  it('writes the log of each job with download_logs', async () => {
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [
        { name: 'build', stage: 'build', duration: 2, trace: 'compiling\nbuilt app.tar.gz\n' },
      ],
    });
    const dir = workspace();
    const run = await runAction({ with: waiting({ download_logs: 'true' }), workspace: dir });
    expect(run.exitCode).toBe(0);
    expect(filesBelow(dir)).toEqual(['gitlab-artifacts/build.log']);
    expect(readFileSync(join(dir, 'gitlab-artifacts', 'build.log'), 'utf8')).toBe(
      'compiling\nbuilt app.tar.gz\n',
    );
    expect(run.outputs[Output.ArtifactsPath]).toBe(join(dir, 'gitlab-artifacts'));
  });
});
