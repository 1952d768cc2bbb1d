import { constants } from 'node:fs';
import { lstat, mkdir, realpath, type FileHandle, open } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * Folders and files made only inside one root. The workspace they are made in may already hold
 * links — planted by a checked-out pull request, or left by an earlier step — so every folder on
 * the way is looked at before it is entered or made: a link is followed only when it leads to
 * a place inside the root, and a file is opened so that a link in its place is never followed.
 */

/** A folder or file that would be written outside the root; its message names the path. */
export class OutsideRoot extends Error {
  override readonly name = 'OutsideRoot';
}

/**
 * True when `path` is `root` or lies below it. Only a `..` path segment climbs: a name such as
 * `..data` (Kubernetes' ConfigMap layout) or `..hidden` is an ordinary name inside.
 */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/**
 * Makes `folder` (below `root`, which must be a real path) one level at a time, checking each
 * level before the next is made; its real path. Nothing is created outside the root, even
 * where a folder on the way is a link.
 */
export async function makeFolderInside(root: string, folder: string): Promise<string> {
  if (!isInside(root, folder)) throw new OutsideRoot(`${folder} is outside ${root}`);
  let current = root;
  for (const segment of relative(root, folder).split(sep).filter(Boolean)) {
    const next = join(current, segment);
    const found = await lstat(next).catch(() => undefined);
    if (!found) {
      await mkdir(next).catch(async (error: NodeJS.ErrnoException) => {
        // Made meanwhile by the same unpacking: looked at again below.
        if (error.code !== 'EEXIST') throw error;
      });
      current = await checkedFolder(root, next);
    } else if (found.isSymbolicLink() || found.isDirectory()) {
      current = await checkedFolder(root, next);
    } else {
      throw new OutsideRoot(`${next} is a file where a folder is needed`);
    }
  }
  return current;
}

/** The real path of a folder on the way, when it stays inside the root. */
async function checkedFolder(root: string, path: string): Promise<string> {
  const real = await realpath(path);
  if (!isInside(root, real))
    throw new OutsideRoot(`${path} is a link to ${real}, outside ${root}: not written through`);
  if (!(await lstat(real)).isDirectory()) throw new OutsideRoot(`${path} is not a folder`);
  return real;
}

/**
 * Flags that create or truncate a file without following a link in its place: O_NOFOLLOW
 * makes the open fail with ELOOP on a link. Windows has no such flag; there the caller's
 * `refuseLink` look is what holds.
 */
export const WRITE_NO_FOLLOW =
  constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);

/** Throws when `path` is a link (of any kind); a missing path is fine. */
export async function refuseLink(path: string): Promise<void> {
  const found = await lstat(path).catch(() => undefined);
  if (found?.isSymbolicLink()) throw new OutsideRoot(`${path} is a link: not written through`);
}

/** Opens `file` for writing, its folder made inside `root` first; never through a link. */
export async function openFileInside(root: string, file: string): Promise<FileHandle> {
  const folder = await makeFolderInside(root, join(file, '..'));
  const target = join(folder, relative(join(file, '..'), file));
  await refuseLink(target);
  try {
    return await open(target, WRITE_NO_FOLLOW, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP')
      throw new OutsideRoot(`${file} is a link: not written through`);
    throw error;
  }
}
