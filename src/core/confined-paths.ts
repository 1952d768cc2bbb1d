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

/** How folders are made: what an unpacking of many entries shares between them. */
export interface FolderOptions {
  /** Refuse a folder whose real path lies in a `.git` folder below the root. */
  readonly noGit?: boolean;
  /**
   * Folders already looked at, by path: their real paths. An unpacking passes one for all its
   * entries, so that a deep folder is walked once rather than once per file in it; archive
   * entries make no links, so a folder looked at stays as it was.
   */
  readonly checked?: Map<string, string>;
  /** Counts the folders made, for a ceiling on them (a name can hold thousands). */
  readonly made?: { count: number };
}

/**
 * Makes `folder` (below `root`, which must be a real path) one level at a time, checking each
 * level before the next is made; its real path. Nothing is created outside the root, even
 * where a folder on the way is a link. A level that is a plain folder needs no realpath (its
 * parent's real path and its name are its own), so a deep name costs one look a level.
 */
export async function makeFolderInside(
  root: string,
  folder: string,
  options: FolderOptions = {},
): Promise<string> {
  if (!isInside(root, folder)) throw new OutsideRoot(`${folder} is outside ${root}`);
  let current = root;
  for (const segment of relative(root, folder).split(sep).filter(Boolean)) {
    const next = join(current, segment);
    const known = options.checked?.get(next);
    if (known !== undefined) {
      current = known;
      continue;
    }
    const found = await lstat(next).catch(() => undefined);
    if (options.noGit && (!found || found.isDirectory())) refuseGit(root, next, next);
    if (!found) {
      const made = await mkdir(next).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          // Made meanwhile by the same unpacking: looked at again below.
          if (error.code !== 'EEXIST') throw error;
          return false;
        },
      );
      if (made && options.made) options.made.count++;
      current = made ? next : await checkedFolder(root, next, options);
    } else if (found.isDirectory()) {
      current = next;
    } else if (found.isSymbolicLink()) {
      current = await checkedFolder(root, next, options);
    } else {
      throw new OutsideRoot(`${next} is a file where a folder is needed`);
    }
    options.checked?.set(next, current);
  }
  return current;
}

/** The real path of a folder on the way, when it stays inside the root. */
async function checkedFolder(root: string, path: string, options: FolderOptions): Promise<string> {
  const real = await realpath(path);
  if (!isInside(root, real))
    throw new OutsideRoot(`${path} is a link to ${real}, outside ${root}: not written through`);
  if (options.noGit) refuseGit(root, path, real);
  if (!(await lstat(real)).isDirectory()) throw new OutsideRoot(`${path} is not a folder`);
  return real;
}

/**
 * The segment of `rel` (split at `/` and `\\`) that git reads as a repository's own folder:
 * `.git` in any case, also as Windows reads it (the dots and spaces at a name's end dropped, a
 * stream after `:` as in `.git::$INDEX_ALLOCATION`), or its short name `git~1`. Git refuses
 * the same in a commit's paths (verify_path, core.protectNTFS).
 */
export function gitSegment(rel: string): string | undefined {
  return rel.split(/[\\/]/).find((segment) => {
    const name = (segment.split(':')[0] ?? '').replace(/[. ]+$/, '').toLowerCase();
    return name === '.git' || name === 'git~1';
  });
}

/** Throws when `real`, below `root`, lies in a `.git` folder: a repository's own files. */
function refuseGit(root: string, path: string, real: string): void {
  const git = gitSegment(relative(root, real));
  if (git !== undefined)
    throw new OutsideRoot(
      `${path} leads into ${real}, inside the repository's own ${git} folder: not written through`,
    );
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
export async function openFileInside(
  root: string,
  file: string,
  options: FolderOptions = {},
): Promise<FileHandle> {
  const folder = await makeFolderInside(root, join(file, '..'), options);
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
