import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OutsideRoot,
  isInside,
  makeFolderInside,
  openFileInside,
} from '../src/core/confined-paths.js';

const base = mkdtempSync(join(tmpdir(), 'confined-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('isInside', () => {
  it.each([
    ['/r', '/r', true],
    ['/r', '/r/a/b', true],
    ['/r', '/r/..data/x', true],
    ['/r', '/r/..hidden', true],
    ['/r', '/r/../x', false],
    ['/r', '/', false],
    ['/r', '/rx', false],
  ])('%s holds %s: %s', (root, path, inside) => {
    expect(isInside(root, path)).toBe(inside);
  });
});

describe('folders and files made inside a root', () => {
  it('follows a link that stays inside, and makes nothing through one that leads out', async () => {
    const root = join(base, 'root');
    const outside = join(base, 'outside');
    mkdirSync(join(root, 'real'), { recursive: true });
    mkdirSync(outside);
    symlinkSync(join(root, 'real'), join(root, 'inner'));
    symlinkSync(outside, join(root, 'out'));
    await expect(makeFolderInside(root, join(root, 'inner', 'a'))).resolves.toBe(
      join(root, 'real', 'a'),
    );
    await expect(makeFolderInside(root, join(root, 'out', 'a', 'b'))).rejects.toThrow(OutsideRoot);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('never opens a file through a link in its place', async () => {
    const root = join(base, 'files');
    mkdirSync(root);
    writeFileSync(join(base, 'precious'), 'keep');
    symlinkSync(join(base, 'precious'), join(root, 'job.log'));
    await expect(openFileInside(root, join(root, 'job.log'))).rejects.toThrow(
      `${join(root, 'job.log')} is a link: not written through`,
    );
    const handle = await openFileInside(root, join(root, 'new', 'file.txt'));
    await handle.close();
    expect(readdirSync(join(root, 'new'))).toEqual(['file.txt']);
  });
});
