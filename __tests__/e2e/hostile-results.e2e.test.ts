import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Output } from '../../src/action/names.js';
import { startEmulator, type Emulator, type Script } from '../../emulator/index.js';
import { annotations, runAction, type ActionRun } from '../../scripts/github-runner.js';

// What the results brought home are handed, attacked through the built dist/index.js as a
// runner runs it: a GitLab that answers with hostile content (ids shaped like paths, archives
// whose entries fight each other, logs that carry the tokens, redirects to this machine), and a
// workspace that already holds links where the tool writes.

let emu: Emulator;
let seed: Emulator['seed'];
const dirs: string[] = [];
const runs: ActionRun[] = [];
beforeAll(async () => {
  emu = await startEmulator({ speed: 20 });
  seed = emu.seed;
});
afterAll(async () => {
  await emu.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  emu.setScript(seed.projectId, 'main', null);
  emu.clearFaults();
});

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

function temporary(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-results-'));
  dirs.push(dir);
  return dir;
}

/** A workspace, and beside it a folder nothing may write into. */
function places(): { workspace: string; victim: string } {
  const dir = temporary();
  const workspace = join(dir, 'workspace');
  const victim = join(dir, 'victim');
  mkdirSync(workspace);
  mkdirSync(victim);
  return { workspace, victim };
}

/** Every file and folder below `dir`, relative to it, sorted. */
function below(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => `${relative(dir, join(e.parentPath, e.name))}${e.isDirectory() ? '/' : ''}`)
    .sort();
}

async function run(withInputs: Record<string, string>, workspace?: string): Promise<ActionRun> {
  const done = await runAction({ with: withInputs, workspace: workspace ?? temporary() });
  runs.push(done);
  return done;
}

const oneJob = (job: NonNullable<Script['jobs']>[number]): Script => ({
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [job],
});

describe('a workspace that already holds links', () => {
  it("refuses a job's folder that is a link leading outside, and fails naming it", async () => {
    const { workspace, victim } = places();
    mkdirSync(join(workspace, 'gitlab-artifacts'));
    symlinkSync(victim, join(workspace, 'gitlab-artifacts', 'package'));
    emu.setScript(
      seed.projectId,
      'main',
      oneJob({ name: 'package', duration: 1, artifacts: { 'app.txt': 'built\n' } }),
    );
    const done = await run(waiting({ download_artifacts: 'package' }), workspace);
    expect(done.exitCode).toBe(1);
    expect(below(victim)).toEqual([]);
    const errors = annotations(done.stdout, 'error');
    expect(
      errors.some((e) => /package is a link to .*victim, outside .*gitlab-artifacts/.test(e)),
    ).toBe(true);
    // What is incomplete is not offered to a later step to upload.
    expect(done.outputs[Output.ArtifactsPath]).toBeUndefined();
  });

  it('refuses an artifacts_path the checkout holds as a link leading outside', async () => {
    const { workspace, victim } = places();
    symlinkSync(victim, join(workspace, 'gitlab-artifacts'));
    emu.setScript(seed.projectId, 'main', oneJob({ name: 'build', duration: 1, trace: 'x\n' }));
    const done = await run(waiting({ download_logs: 'true' }), workspace);
    expect(done.exitCode).toBe(1);
    expect(below(victim)).toEqual([]);
    expect(annotations(done.stdout, 'error').join('\n')).toMatch(
      /^artifacts_path was not written to: .*gitlab-artifacts is a link to .*victim, outside/,
    );
  });

  it('makes no folder outside through a link planted in a sub-folder, and unpacks the rest', async () => {
    const { workspace, victim } = places();
    const job = join(workspace, 'gitlab-artifacts', 'package');
    mkdirSync(job, { recursive: true });
    symlinkSync(victim, join(job, 'sub'));
    emu.setScript(
      seed.projectId,
      'main',
      oneJob({
        name: 'package',
        duration: 1,
        hostileArtifacts: {
          bombSize: 0,
          entries: [
            { name: 'sub/', data: '' },
            { name: 'sub/deeper/', data: '' },
            { name: 'sub/deeper/y.txt', data: 'y\n' },
            { name: 'sub/x.txt', data: 'x\n' },
            { name: 'ok.txt', data: 'ok\n' },
          ],
        },
      }),
    );
    const done = await run(waiting({ download_artifacts: 'package' }), workspace);
    expect(below(victim)).toEqual([]);
    expect(readFileSync(join(job, 'ok.txt'), 'utf8')).toBe('ok\n');
    const refused = annotations(done.stdout, 'warning').find((w) => w.includes('held 4 entries'));
    expect(refused).toContain("'sub/x.txt' (could not be unpacked:");
    expect(refused).toContain('is a link to');
    expect(done.exitCode).toBe(0);
  });

  it('never writes a log through a link planted where it goes', async () => {
    const { workspace, victim } = places();
    const precious = join(victim, 'precious');
    writeFileSync(precious, 'keep me\n');
    mkdirSync(join(workspace, 'gitlab-artifacts'));
    symlinkSync(precious, join(workspace, 'gitlab-artifacts', 'build.log'));
    emu.setScript(seed.projectId, 'main', oneJob({ name: 'build', duration: 1, trace: 'hi\n' }));
    const done = await run(waiting({ download_logs: 'true' }), workspace);
    expect(readFileSync(precious, 'utf8')).toBe('keep me\n');
    expect(done.exitCode).toBe(1);
    expect(annotations(done.stdout, 'error').join('\n')).toMatch(/build\.log is a link/);
  });

  it('refuses a job folder named .git, and says when artifacts_path is outside the workspace', async () => {
    const { workspace } = places();
    emu.setScript(seed.projectId, 'main', oneJob({ name: '.git', duration: 1, trace: 'x\n' }));
    const done = await run(
      waiting({ download_logs: 'true', artifacts_path: '.', download_artifacts: '*' }),
      workspace,
    );
    expect(below(workspace)).toEqual([]);
    expect(done.exitCode).toBe(1);
    expect(annotations(done.stdout, 'error').join('\n')).toContain(
      "Job '.git' would be written to",
    );

    emu.setScript(seed.projectId, 'main', oneJob({ name: 'build', duration: 1, trace: 'x\n' }));
    const outside = await run(
      waiting({ download_logs: 'true', artifacts_path: '../out' }),
      workspace,
    );
    expect(annotations(outside.stdout, 'warning').join('\n')).toMatch(
      /artifacts_path is .*out, outside the workspace/,
    );
  });
  it("refuses an artifacts_path the checkout links into the repository's own .git", async () => {
    const { workspace } = places();
    mkdirSync(join(workspace, '.git', 'refs', 'heads'), { recursive: true });
    writeFileSync(join(workspace, '.git', 'refs', 'heads', 'main'), 'a'.repeat(40) + '\n');
    symlinkSync(join(workspace, '.git'), join(workspace, 'gitlab-artifacts'));
    emu.setScript(
      seed.projectId,
      'main',
      oneJob({
        name: 'refs',
        duration: 1,
        trace: 'x\n',
        hostileArtifacts: { bombSize: 0, entries: [{ name: 'heads/main', data: 'b'.repeat(40) }] },
      }),
    );
    const done = await run(
      waiting({ download_artifacts: 'refs', download_logs: 'true' }),
      workspace,
    );
    expect(readFileSync(join(workspace, '.git', 'refs', 'heads', 'main'), 'utf8')).toBe(
      'a'.repeat(40) + '\n',
    );
    expect(below(join(workspace, '.git'))).toEqual(['refs/', 'refs/heads/', 'refs/heads/main']);
    expect(done.exitCode).toBe(1);
    expect(annotations(done.stdout, 'error').join('\n')).toMatch(
      /^artifacts_path was not written to: .*gitlab-artifacts leads into .*\.git, inside the repository's own \.git folder/,
    );
    expect(done.outputs[Output.ArtifactsPath]).toBeUndefined();
  });
});

describe('what GitLab sends', () => {
  it('refuses a job id shaped like a path: no request to another path, nothing written outside', async () => {
    const { workspace, victim } = places();
    emu.setScript(
      seed.projectId,
      'main',
      oneJob({ name: 'package', duration: 1, artifacts: { 'a.txt': 'a\n' } }),
    );
    emu.fail({
      method: 'GET',
      path: /\/pipelines\/\d+\/jobs$/,
      times: Infinity,
      rewrite: (jobs: { id: unknown }[]) =>
        jobs.map((job) => ({ ...job, id: `/../../../..${victim}/x` })),
    });
    const from = emu.requests.length;
    const done = await run(waiting({ download_artifacts: '*' }), workspace);
    expect(
      emu.requests.slice(from).some((r) => r.url.includes('..') || r.url.includes('victim')),
    ).toBe(false);
    expect(below(victim)).toEqual([]);
    expect(done.exitCode).toBe(1);
    expect(done.stdout).toContain('held a job whose id is not a positive integer');
  });

  it('gives each job a folder and a log of its own, whatever names it is sent', async () => {
    const { workspace } = places();
    // GitLab's job names may be 255 characters; 130 of them take 260 bytes in UTF-8, past what
    // a file name may hold. A job named like another's log must not take that log's place.
    const long = 'é'.repeat(130);
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [
        { name: 'build', duration: 1, trace: 'build log\n', artifacts: { 'a.txt': 'a\n' } },
        { name: 'build.log', duration: 1, trace: 'other\n', artifacts: { 'b.txt': 'b\n' } },
        { name: long, duration: 1, trace: 'long\n', artifacts: { 'c.txt': 'c\n' } },
      ],
    });
    const done = await run(waiting({ download_artifacts: '*', download_logs: 'true' }), workspace);
    expect(annotations(done.stdout, 'error')).toEqual([]);
    expect(done.exitCode).toBe(0);
    const files = below(join(workspace, 'gitlab-artifacts')).filter((f) => !f.endsWith('/'));
    expect(files).toHaveLength(6);
    expect(readFileSync(join(workspace, 'gitlab-artifacts', 'build.log'), 'utf8')).toBe(
      'build log\n',
    );
    expect(files.filter((f) => f.endsWith('.txt')).map((f) => f.slice(-5))).toEqual(
      expect.arrayContaining(['a.txt', 'b.txt', 'c.txt']),
    );
  });

  it('counts failed jobs by their own status when a proxy drops scope[]', async () => {
    const jobs = Array.from({ length: 130 }, (_, i) => ({
      name: `job-${i}`,
      stage: 'test',
      duration: 1,
    }));
    emu.setScript(seed.projectId, 'main', { createdSeconds: 1, queueSeconds: 1, jobs });
    emu.fail({ method: 'GET', path: /\/jobs$/, times: Infinity, dropQuery: ['scope[]'] });
    const done = await run(waiting());
    expect(done.exitCode).toBe(0);
    expect(done.summary).toContain('130 jobs, none failed');
    expect(done.summary).not.toContain('❌');
    expect(annotations(done.stdout, 'error')).toEqual([]);
  });

  it('masks every token in a saved log, one split across reads included', async () => {
    const { workspace } = places();
    // A line far longer than what is held back at once, the token past its first 64 KiB.
    const long = `${'x'.repeat(70_000)}${seed.apiToken}${'y'.repeat(2_000)}`;
    const trace = `token=${seed.triggerToken}\nauth ${seed.apiToken}\n${long}\nend\n`;
    emu.setScript(seed.projectId, 'main', oneJob({ name: 'build', duration: 1, trace }));
    const done = await run(waiting({ download_logs: 'true' }), workspace);
    expect(done.exitCode).toBe(0);
    const saved = readFileSync(join(workspace, 'gitlab-artifacts', 'build.log'), 'utf8');
    expect(saved).not.toContain(seed.apiToken);
    expect(saved).not.toContain(seed.triggerToken);
    expect(saved).toContain('token=***\nauth ***\n');
    expect(saved.endsWith(`***${'y'.repeat(2_000)}\nend\n`)).toBe(true);
  });

  it('unpacks the rest when one entry clashes, takes ..data, and counts what is on disk', async () => {
    const { workspace } = places();
    const refusedLinks = Array.from({ length: 130 }, (_, i) => ({
      name: `link-${i}`,
      data: '/etc/passwd',
      symlink: true,
    }));
    emu.setScript(
      seed.projectId,
      'main',
      oneJob({
        name: 'package',
        duration: 1,
        hostileArtifacts: {
          bombSize: 0,
          entries: [
            { name: 'dir/', data: '' },
            { name: 'dir', data: 'a file where a folder is\n' },
            { name: '..data/config.yaml', data: 'k: v\n' },
            { name: '..hidden', data: 'h\n' },
            { name: 'nul\u0000name', data: 'n\n' },
            ...refusedLinks,
            { name: 'last.txt', data: 'last\n' },
          ],
        },
      }),
    );
    const done = await run(waiting({ download_artifacts: 'package' }), workspace);
    expect(done.exitCode).toBe(0);
    const job = join(workspace, 'gitlab-artifacts', 'package');
    expect(below(job)).toEqual(['..data/', '..data/config.yaml', '..hidden', 'dir/', 'last.txt']);
    const refused = annotations(done.stdout, 'warning').find((w) => w.includes('132 entries'));
    expect(refused).toContain(
      "'dir' (could not be unpacked: a folder of that name is already there)",
    );
    expect(refused).toContain("'nul\\u0000name' (has no usable name)");
    expect(refused).toContain('and 32 more');
    expect(refused).not.toContain('\u0000');
    // The summary counts every refused entry and every file on disk.
    expect(done.summary).toMatch(/\| 3 \| .* \| 132 \|/);
  });

  it('unpacks no .git folder, whose config git would run commands from', async () => {
    const { workspace } = places();
    emu.setScript(
      seed.projectId,
      'main',
      oneJob({
        name: 'package',
        duration: 1,
        hostileArtifacts: {
          bombSize: 0,
          entries: [
            { name: '.git/config', data: '[core]\n\tfsmonitor = touch /tmp/pwned\n' },
            { name: 'vendor/.GIT./HEAD', data: 'ref: refs/heads/main\n' },
            { name: '.github/ok.yml', data: 'ok\n' },
          ],
        },
      }),
    );
    const done = await run(waiting({ download_artifacts: 'package' }), workspace);
    expect(done.exitCode).toBe(0);
    expect(below(join(workspace, 'gitlab-artifacts', 'package'))).toEqual([
      '.github/',
      '.github/ok.yml',
    ]);
    const refused = annotations(done.stdout, 'warning').find((w) => w.includes('2 entries'));
    expect(refused).toContain(
      "'.git/config' (is in a folder named .git, which git reads as a repository's own)",
    );
    expect(refused).toContain("'vendor/.GIT./HEAD' (is in a folder named .GIT.");
  });

  it('says a damaged archive is damaged, fails, and keeps what came before it', async () => {
    const { workspace } = places();
    emu.setScript(
      seed.projectId,
      'main',
      oneJob({
        name: 'package',
        duration: 1,
        hostileArtifacts: {
          bombSize: 64 * 1024,
          declaredSize: 1024,
          entries: [{ name: 'first.txt', data: 'first\n' }],
        },
      }),
    );
    const done = await run(waiting({ download_artifacts: 'package' }), workspace);
    expect(done.exitCode).toBe(1);
    expect(existsSync(join(workspace, 'gitlab-artifacts', 'package', 'first.txt'))).toBe(true);
    const error = annotations(done.stdout, 'error').join('\n');
    expect(error).toContain("The artifacts archive of job 'package' is damaged");
    expect(error).toContain('1 file before it is in');
    expect(error).not.toContain('could not be downloaded');
  });

  it('fails a step whose artifacts are too large, naming the job, the size and the input', async () => {
    const { workspace } = places();
    emu.setScript(
      seed.projectId,
      'main',
      oneJob({ name: 'package', duration: 1, artifacts: { 'big.bin': { size: 3 * 1024 * 1024 } } }),
    );
    const done = await run(
      waiting({ download_artifacts: 'package', artifacts_max_size: '1MiB' }),
      workspace,
    );
    expect(done.exitCode).toBe(1);
    expect(annotations(done.stdout, 'error').join('\n')).toMatch(
      /job 'package' .*1 MiB \(artifacts_max_size\).*Raise artifacts_max_size/,
    );
    expect(done.outputs[Output.ArtifactsPath]).toBeUndefined();
  });

  it('refuses a redirect of a download to a link-local address, saying why', async () => {
    emu.setScript(
      seed.projectId,
      'main',
      oneJob({ name: 'package', duration: 1, artifacts: { 'a.txt': 'a\n' } }),
    );
    emu.fail({
      method: 'GET',
      path: /\/jobs\/\d+\/artifacts$/,
      redirect: { status: 302, location: 'http://169.254.169.254/latest/meta-data/' },
    });
    const done = await run(waiting({ download_artifacts: 'package' }));
    expect(done.exitCode).toBe(1);
    expect(annotations(done.stdout, 'error').join('\n')).toContain(
      'http://169.254.169.254/latest/meta-data/, which is a link-local address while GitLab',
    );
  });
});

describe('outputs_from', () => {
  it('keeps the first of two keys that differ only in case, naming both files', async () => {
    emu.setScript(
      seed.projectId,
      'main',
      oneJob({
        name: 'deploy',
        duration: 1,
        artifacts: { 'a.env': 'URL=https://one.example\n', 'b.env': 'url=https://two.example\n' },
      }),
    );
    const done = await run(waiting({ outputs_from: 'deploy:a.env\ndeploy:b.env' }));
    expect(done.exitCode).toBe(0);
    expect(done.outputs.URL).toBe('https://one.example');
    expect(done.outputs.url).toBeUndefined();
    const warning = annotations(done.stdout, 'warning').join('\n');
    expect(warning).toContain(
      "file 'b.env': url and URL (from job 'deploy', file 'a.env') differ only in case",
    );
  });

  it('refuses a dotenv file past its ceilings, naming the file and the limit', async () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `K${i}=v`).join('\n');
    emu.setScript(
      seed.projectId,
      'main',
      oneJob({
        name: 'deploy',
        duration: 1,
        artifacts: { 'huge.env': keys(200_000), 'many.env': keys(300) },
      }),
    );
    const done = await run(waiting({ outputs_from: 'deploy:huge.env\ndeploy:many.env' }));
    expect(done.exitCode).toBe(1);
    const errors = annotations(done.stdout, 'error').join('\n');
    expect(errors).toContain("file 'huge.env' is larger than 64 KiB");
    expect(errors).toContain("file 'many.env', line 201 is past the 200 keys a file may hold");
    expect(Object.keys(done.outputs).filter((k) => /^K\d+$/.test(k))).toEqual([]);
  });
});

describe('gitlab_url', () => {
  it('refuses a blank value before any request, where an absent one takes gitlab.com', async () => {
    const from = emu.requests.length;
    const done = await run(waiting({ gitlab_url: '' }));
    expect(done.exitCode).toBe(1);
    expect(annotations(done.stdout, 'error')).toEqual([
      expect.stringMatching(
        /^Input 'gitlab_url' is set but empty, so the tokens would have nowhere to go/,
      ),
    ]);
    expect(emu.requests.length).toBe(from);
  });
});

describe('the tokens', () => {
  it('appear in no output, log, state, summary or saved file of any run', () => {
    expect(runs.length).toBeGreaterThanOrEqual(10);
    for (const done of runs) {
      const shown = done.everything.replace(/^::add-mask::.*$/gm, '');
      expect(shown).not.toContain(seed.apiToken);
      expect(shown).not.toContain(seed.triggerToken);
    }
  });
});
