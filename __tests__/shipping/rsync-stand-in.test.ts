import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './processes.js';

// The Node rsync the component's test hands gitlab-ci-local, run with the very arguments
// gitlab-ci-local 4.x passes it (src/utils.ts rsyncTrackedFiles, src/job.ts copyArtifactsOut).

const STAND_IN = join(ROOT, '__tests__', 'shipping', 'rsync-stand-in.js');
let dir: string;

function rsync(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [STAND_IN, ...args], { cwd, encoding: 'utf8' });
}

function write(path: string, text: string) {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rsync-stand-in-'));
  write(join(dir, 'proj', 'src', 'a.txt'), 'a');
  write(join(dir, 'proj', 'node_modules', 'x.js'), 'x');
  write(join(dir, 'proj', '.git', 'lfs', 'big'), 'lfs');
  write(join(dir, 'proj', 'out', 'report.xml'), '<r/>');
  write(join(dir, 'proj', '.gitlab-ci-local', 'builds', 'job', 'stale.txt'), 'old');
  symlinkSync('src/a.txt', join(dir, 'proj', 'link'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the rsync stand-in', () => {
  it("copies the tracked files into a job's build, leaving out excluded ones and deleting stale ones", () => {
    write(join(dir, 'untracked'), '/node_modules/\n');
    const proj = join(dir, 'proj');
    const result = rsync(
      proj,
      '-a',
      '--delete-excluded',
      '--delete',
      `--exclude-from=${join(dir, 'untracked')}`,
      '--exclude',
      '.git/lfs',
      '--exclude',
      '.gitlab-ci-local/',
      './',
      '.gitlab-ci-local/builds/job/',
    );
    expect(result.status).toBe(0);
    const build = join(proj, '.gitlab-ci-local', 'builds', 'job');
    expect(readFileSync(join(build, 'src', 'a.txt'), 'utf8')).toBe('a');
    expect(readlinkSync(join(build, 'link'))).toBe('src/a.txt');
    expect(existsSync(join(build, 'node_modules'))).toBe(false);
    expect(existsSync(join(build, '.git', 'lfs'))).toBe(false);
    expect(existsSync(join(build, '.gitlab-ci-local'))).toBe(false);
    expect(existsSync(join(build, 'stale.txt'))).toBe(false);
  });

  it("copies a job's artifacts listed in --files-from under their relative paths", () => {
    write(join(dir, 'list'), './out\n./link\n');
    mkdirSync(join(dir, 'artifacts', 'job'), { recursive: true });
    const result = rsync(
      join(dir, 'proj'),
      '--exclude',
      '.gitlab-ci-local/**',
      '-rRa',
      `--files-from=${join(dir, 'list')}`,
      '.',
      '../artifacts/job/.',
    );
    expect(result.status).toBe(0);
    expect(readFileSync(join(dir, 'artifacts', 'job', 'out', 'report.xml'), 'utf8')).toBe('<r/>');
    expect(lstatSync(join(dir, 'artifacts', 'job', 'link')).isSymbolicLink()).toBe(true);
  });

  it('copies what it can and exits 23 naming a source that is missing, as rsync does', () => {
    mkdirSync(join(dir, 'cache'));
    const result = rsync(join(dir, 'proj'), '-Ra', './nothere', './src', '../cache/.');
    expect(result.status).toBe(23);
    expect(result.stderr).toContain('"./nothere" failed: No such file or directory');
    expect(readFileSync(join(dir, 'cache', 'src', 'a.txt'), 'utf8')).toBe('a');
  });

  it('refuses an option it does not implement rather than copy something else', () => {
    const result = rsync(join(dir, 'proj'), '-az', './', '../copy');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("unsupported option '-az'");
    expect(existsSync(join(dir, 'copy'))).toBe(false);
  });
});
