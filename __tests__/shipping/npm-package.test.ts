import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { documentationFiles } from './workflows.js';
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

  it('is the version the README, docs/ and the GitLab component pin', () => {
    const pinned = [...documentationFiles(), 'templates/trigger.yml'].flatMap((file) => [
      ...readFileSync(join(ROOT, file), 'utf8').matchAll(
        /(?:gitlab-pipeline-trigger|\/trigger)@(\d+\.\d+\.\d+)|gitlab-pipeline-trigger-(\d+\.\d+\.\d+)\.tgz/g,
      ),
    ]);
    expect(pinned.length).toBeGreaterThanOrEqual(4);
    expect([...new Set(pinned.map((m) => m[1] ?? m[2]))]).toEqual([pkg.version]);
  });

  it('pins the action where it is used: @main in the README and docs until the first release, the major tag after', () => {
    const major = `v${pkg.version.split('.')[0]}`;
    // A release is a `## X.Y.Z` section of the changelog; before the first there is no tag.
    const released = /^## \d+\.\d+\.\d+/m.test(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'));
    const refs = (files: string[]) =>
      files.flatMap((file) => [
        ...readFileSync(join(ROOT, file), 'utf8').matchAll(
          /gitlab-pipeline-trigger\/gitlab-pipeline-trigger@([\w.-]+)|--branch ([\w.-]+)/g,
        ),
      ]);
    const used = refs(documentationFiles()).map((m) => m[1] ?? m[2]);
    expect(used.length).toBeGreaterThanOrEqual(5);
    expect([...new Set(used)]).toEqual([released ? major : 'main']);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    if (!released) expect(readme).toContain('There is no `v1` tag, no npm package');
    // The reusable workflow calls the action by the major tag, as its callers pin it.
    const workflows = refs(workflowFiles()).map((m) => m[1] ?? m[2]);
    expect([...new Set(workflows)]).toEqual([major]);
  });

  it('says what a runner needs for node24: v2.327.1 or newer, GitHub Enterprise Server 3.18', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readFileSync(join(ROOT, 'action.yml'), 'utf8')).toMatch(/^ {2}using: node24$/m);
    expect(readme).toContain('v2.327.1 or newer');
    expect(readme).toContain('GitHub Enterprise Server 3.18 or newer');
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

// Each route docs/command-line.md gives for today, run as it is written there.
describe('the routes that work before the package is on npm', () => {
  const tarballName = () => `gitlab-pipeline-trigger-${pkg.version}.tgz`;

  it('documents the routes tested here', () => {
    const page = readFileSync(join(ROOT, 'docs', 'command-line.md'), 'utf8');
    for (const command of [
      'node dist/cli.js --help',
      'npx --package=. gitlab-trigger --help',
      'npm pack',
      `npm install --global ./${tarballName()}`,
      `npx --yes file:./${tarballName()} --help`,
    ]) {
      expect(page).toContain(command);
    }
    expect(basename(packed.tarball)).toBe(tarballName());
  });

  it(
    'runs from the clone: node dist/cli.js and npx --package=. gitlab-trigger',
    async () => {
      const direct = await runToEnd(process.execPath, ['dist/cli.js', '--version'], {
        cwd: ROOT,
        env,
        timeoutMs: SLOW,
      });
      expect(direct).toMatchObject({ code: 0, stdout: `gitlab-trigger ${pkg.version}\n` });
      const npx = await runToEnd('npx', ['--package=.', 'gitlab-trigger', '--version'], {
        cwd: ROOT,
        env: { ...env, npm_config_cache: join(packed.dir, 'clone-npx-cache') },
        timeoutMs: SLOW,
      });
      expect(npx).toMatchObject({ code: 0, stdout: `gitlab-trigger ${pkg.version}\n` });
    },
    SLOW,
  );

  it(
    'installs the packed tarball globally, giving the gitlab-trigger command',
    async () => {
      const prefix = join(packed.dir, 'global');
      const install = await runToEnd('npm', ['install', '--global', `./${tarballName()}`], {
        cwd: packed.dir,
        env: { ...env, npm_config_prefix: prefix },
        timeoutMs: SLOW,
      });
      expect(install.code).toBe(0);
      const version = await runToEnd(join(prefix, 'bin', 'gitlab-trigger'), ['--version'], {
        cwd: packed.dir,
        env,
        timeoutMs: SLOW,
      });
      expect(version).toMatchObject({ code: 0, stdout: `gitlab-trigger ${pkg.version}\n` });
    },
    SLOW,
  );

  it(
    'runs the packed tarball through npx without installing it',
    async () => {
      const npx = await runToEnd('npx', ['--yes', `file:./${tarballName()}`, '--version'], {
        cwd: packed.dir,
        env: { ...env, npm_config_cache: join(packed.dir, 'file-npx-cache') },
        timeoutMs: SLOW,
      });
      expect(npx).toMatchObject({ code: 0, stdout: `gitlab-trigger ${pkg.version}\n` });
    },
    SLOW,
  );
});
