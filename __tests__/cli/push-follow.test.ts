import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator, type Script } from '../../emulator/index.js';
import { main } from '../../src/cli/main.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { basicAuth, newWorkspace, runGit, type Workspace } from '../helpers/git-workspace.js';

// `gitlab-trigger run --push` and `gitlab-trigger follow`, in process, against the emulator's
// git side with the real git; a `git` first on PATH records every command line git is given.

let emu: Emulator;
let seed: Emulator['seed'];
let spyDir: string;
let ws: Workspace | undefined;
const home = process.cwd();
const quick: Script = {
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [{ name: 'test', stage: 'test', duration: 2, result: 'success' }],
};

beforeAll(async () => {
  emu = await startEmulator({ speed: 50 });
  seed = emu.seed;
  emu.setScript(seed.projectId, 'main', quick);
  spyDir = mkdtempSync(join(tmpdir(), 'git-spy-'));
  const real = (await runGit(spyDir, ['--exec-path'])).stdout.trim();
  writeFileSync(
    join(spyDir, 'git'),
    `#!/bin/sh\nprintf '%s\\n' "ARGV $*" >> "${spyDir}/calls"\nexec "${real}/git" "$@"\n`,
  );
  chmodSync(join(spyDir, 'git'), 0o755);
});
afterAll(async () => {
  await emu.close();
  rmSync(spyDir, { recursive: true, force: true });
});
afterEach(() => {
  process.chdir(home);
  ws?.remove();
  ws = undefined;
  rmSync(join(spyDir, 'calls'), { force: true });
});

async function gitlabTrigger(argv: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await main(argv, {
    env: {
      PATH: `${spyDir}:${process.env.PATH ?? ''}`,
      HOME: tmpdir(),
      GITLAB_URL: emu.url,
      GITLAB_TRIGGER_TOKEN: seed.triggerToken,
      GITLAB_API_TOKEN: seed.apiToken,
      ...env,
    },
    stderrIsTTY: false,
    writeOut: (text) => void (out += text),
    writeErr: (text) => void (err += text),
    readFile: (path) => readFileSync(path, 'utf8'),
  });
  return { code, out, err };
}

describe('gitlab-trigger run --push', () => {
  it("pushes the current directory's HEAD with GITLAB_PUSH_TOKEN kept off every command line, then waits for its pipeline", async () => {
    ws = await newWorkspace();
    const sha = await ws.commit('local change');
    process.chdir(ws.dir);
    const result = await gitlabTrigger(
      ['run', '--project', seed.projectPath, '--ref', 'github/cli', '--push', '--wait', '--json'],
      { GITLAB_PUSH_TOKEN: seed.apiToken },
    );
    expect(result.err).not.toMatch(/error/i);
    expect(result.code).toBe(ExitCode.Success);
    expect(JSON.parse(result.out)).toMatchObject({ sha, ref: 'github/cli', status: 'success' });
    const calls = readFileSync(join(spyDir, 'calls'), 'utf8');
    expect(calls).toMatch(
      /^ARGV push --porcelain -o ci\.skip \S+ \+[0-9a-f]{40}:refs\/heads\/github\/cli$/m,
    );
    const credential = basicAuth(seed.apiToken).split(' ').at(-1) ?? '';
    for (const secret of [seed.apiToken, credential]) {
      expect(calls).not.toContain(secret);
      expect(result.err + result.out).not.toContain(secret);
      expect(readFileSync(join(ws.dir, '.git', 'config'), 'utf8')).not.toContain(secret);
    }
  });

  it('names GITLAB_PUSH_TOKEN when it is missing, and --push outside a checkout', async () => {
    ws = await newWorkspace();
    await ws.commit('one');
    process.chdir(ws.dir);
    const before = emu.requests.length;
    const missing = await gitlabTrigger([
      'run',
      '--project',
      seed.projectPath,
      '--ref',
      'x',
      '--push',
    ]);
    expect(missing.code).toBe(ExitCode.Usage);
    expect(missing.err).toContain('GITLAB_PUSH_TOKEN is empty');
    const bare = mkdtempSync(join(tmpdir(), 'not-a-checkout-'));
    process.chdir(bare);
    const outside = await gitlabTrigger(
      ['run', '--project', seed.projectPath, '--ref', 'x', '--push'],
      {
        GITLAB_PUSH_TOKEN: seed.apiToken,
      },
    );
    rmSync(bare, { recursive: true, force: true });
    expect(outside.err).toMatch(/--push is true, but '.*' is not a git checkout/);
    expect(emu.requests.length).toBe(before);
  });
});

describe('gitlab-trigger follow', () => {
  it('follows the pipeline a push made for a commit, with no trigger token', async () => {
    ws = await newWorkspace();
    const sha = await ws.commit('pushed by someone else');
    await ws.git(
      '-c',
      `http.extraHeader=${basicAuth(seed.apiToken)}`,
      'push',
      '-q',
      emu.git.remoteUrl(seed.projectId),
      'HEAD:refs/heads/main',
    );
    const result = await gitlabTrigger(['follow', sha, '--project', seed.projectPath, '--json'], {
      GITLAB_TRIGGER_TOKEN: '',
    });
    expect(result.code).toBe(ExitCode.Success);
    expect(JSON.parse(result.out)).toMatchObject({ sha, source: 'push', status: 'success' });
  });

  it('refuses a value that is none of id, link or sha, naming it', async () => {
    const result = await gitlabTrigger(['follow', 'latest', '--project', seed.projectPath]);
    expect(result.code).toBe(ExitCode.Usage);
    expect(result.err).toContain(
      "PIPELINE is 'latest', which is none of a pipeline id, link or commit sha",
    );
  });
});
