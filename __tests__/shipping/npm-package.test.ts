import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import {
  offlineNpmEnv,
  packageJson,
  packPackage,
  ROOT,
  runToEnd,
  type Finished,
  type Packed,
} from './processes.js';

// The package as npm publishes it: packed from the working tree, installed from the tarball
// into an empty folder with no registry to reach, and run from there against the emulator.

// npm, a pack and an install: slower than a unit test, well under a minute each.
const SLOW = 60_000;

let packed: Packed;
let app: string;
let env: Record<string, string>;
let emu: Emulator;

beforeAll(async () => {
  packed = await packPackage();
  app = join(packed.dir, 'app');
  mkdirSync(app);
  env = offlineNpmEnv(join(packed.dir, 'install-cache'), packed.dir);
  emu = await startEmulator({ speed: 20 });
}, SLOW);
afterAll(async () => {
  await emu?.close();
  packed?.cleanup();
});

const pkg = packageJson();

function installed(args: string[], extra: Record<string, string> = {}): Promise<Finished> {
  const bin = join(app, 'node_modules', '.bin', 'gitlab-trigger');
  return runToEnd(bin, args, { cwd: app, env: { ...env, ...extra }, timeoutMs: 40_000 });
}

/** The repository's workflow files, relative to its root. */
function workflowFiles(): string[] {
  return readdirSync(join(ROOT, '.github', 'workflows')).map((f) => `.github/workflows/${f}`);
}

describe('the npm package', () => {
  it('holds the bundle, action.yml, the README and the licence, and no sources or tests', () => {
    expect(packed.files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'action.yml',
        'dist/index.js',
        'dist/cli.js',
        'dist/post.js',
        'dist/package.json',
      ]),
    );
    const stray = packed.files.filter(
      (f) => !['package.json', 'README.md', 'LICENSE', 'action.yml'].includes(f),
    );
    expect(stray.filter((f) => !f.startsWith('dist/'))).toEqual([]);
  });

  it('is publishable and needs nothing installed beside it', () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.bin).toEqual({ 'gitlab-trigger': 'dist/cli.js' });
    expect(packed.files).toContain(pkg.bin['gitlab-trigger']);
    expect(readFileSync(join(ROOT, 'dist', 'cli.js'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it('is the version the README and the GitLab component pin', () => {
    const pinned = ['README.md', 'templates/trigger.yml'].flatMap((file) => [
      ...readFileSync(join(ROOT, file), 'utf8').matchAll(
        /(?:gitlab-pipeline-trigger|\/trigger)@(\d+\.\d+\.\d+)/g,
      ),
    ]);
    expect(pinned.length).toBeGreaterThanOrEqual(4);
    expect([...new Set(pinned.map((m) => m[1]))]).toEqual([pkg.version]);
  });

  it("pins the action at the version's major tag everywhere it is used or cloned", () => {
    const major = `v${pkg.version.split('.')[0]}`;
    const files = ['README.md', ...workflowFiles()];
    const tags = files.flatMap((file) => [
      ...readFileSync(join(ROOT, file), 'utf8').matchAll(
        /gitlab-pipeline-trigger(?:\/\.github\/workflows\/[\w.-]+)?@(v\d+)\b|--branch (v\d+)\b/g,
      ),
    ]);
    expect(tags.length).toBeGreaterThanOrEqual(5);
    expect([...new Set(tags.map((m) => m[1] ?? m[2]))]).toEqual([major]);
  });

  it(
    'installs from the tarball with no registry, as one package, with the gitlab-trigger command',
    async () => {
      const install = await runToEnd('npm', ['install', packed.tarball], {
        cwd: app,
        env,
        timeoutMs: SLOW,
      });
      expect(install.stderr).not.toMatch(/ERR!/);
      expect(install.code).toBe(0);
      expect(readdirSync(join(app, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual([
        pkg.name,
      ]);
      const version = await installed(['--version']);
      expect(version).toMatchObject({ code: 0, stdout: `gitlab-trigger ${pkg.version}\n` });
    },
    SLOW,
  );

  it(
    'runs `gitlab-trigger run --wait` from the install and passes with the pipeline',
    async () => {
      const before = emu.pipelines.length;
      const run = await installed(
        ['run', '--project', emu.seed.projectPath, '--ref', 'main', '--wait', '--json'],
        {
          GITLAB_URL: emu.url,
          GITLAB_TRIGGER_TOKEN: emu.seed.triggerToken,
          GITLAB_API_TOKEN: emu.seed.readApiToken,
        },
      );
      expect(run.stderr).not.toContain(emu.seed.triggerToken);
      expect(run.code).toBe(0);
      expect(emu.pipelines).toHaveLength(before + 1);
      const pipeline = JSON.parse(run.stdout) as { id: number; status: string };
      expect(pipeline).toMatchObject({ id: emu.pipelines.at(-1)?.id, status: 'success' });
    },
    SLOW,
  );

  it(
    'runs through npx from the tarball, as `npx gitlab-pipeline-trigger` runs it from npm',
    async () => {
      const npx = await runToEnd('npx', ['--yes', `file:${packed.tarball}`, '--version'], {
        cwd: packed.dir,
        env: { ...env, npm_config_cache: join(packed.dir, 'npx-cache') },
        timeoutMs: SLOW,
      });
      expect(npx).toMatchObject({ code: 0, stdout: `gitlab-trigger ${pkg.version}\n` });
    },
    SLOW,
  );
});
