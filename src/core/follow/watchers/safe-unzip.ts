import { realpath, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Entry, ZipFile } from 'yauzl';
import { OutsideRoot, isInside, makeFolderInside, openFileInside } from '../../confined-paths.js';

/**
 * Unpacks a zip archive from disk into one folder with yauzl, never writing outside it:
 * entries whose names climb out (`..`), are absolute, carry a drive letter, or are symbolic
 * links or other special files are refused and named; the rest is unpacked. A ceiling on
 * the bytes written stops an archive that unpacks to more (a zip bomb, or one whose entries
 * lie about their size) where it passes it, and one on the entries stops an archive of a
 * million empty files, which a ceiling on bytes never would.
 */

/** The most entries unpacked from one archive; a job's artifacts hold far fewer. */
export const MAX_ENTRIES = 100_000;
/** The refused entries named; past them, only counted. */
export const MAX_REFUSED_NAMED = 100;

export interface Refused {
  /** The entry's name as the checks read it, control characters escaped. */
  readonly name: string;
  readonly why: string;
}

export interface UnzipOutcome {
  readonly files: number;
  readonly bytes: number;
  /** The first MAX_REFUSED_NAMED refused entries. */
  readonly refused: readonly Refused[];
  /** How many entries were refused in all. */
  readonly refusedCount: number;
  /** The entry at which a ceiling stopped the unpacking, when one did. */
  readonly stoppedAt?: string;
  /** Which ceiling: the bytes (maxBytes) or the entries (MAX_ENTRIES). */
  readonly stoppedBy?: 'bytes' | 'entries';
  /** Why the archive could not be read on (a damaged entry), when it could not. */
  readonly damaged?: string;
}

class CeilingReached extends Error {}

const TYPE_MASK = 0o170000;
const REGULAR = 0o100000;
const DIRECTORY = 0o040000;
const SYMLINK = 0o120000;

export async function unzipSafely(
  archive: string,
  /** The job's folder, made already (makeFolderInside): its real path. */
  folder: string,
  maxBytes: number,
  maxEntries = MAX_ENTRIES,
): Promise<UnzipOutcome> {
  // Loaded only when artifacts are asked for, so other runs do not pay for it at start-up.
  const yauzl = (await import('yauzl')).default;
  const root = await realpath(folder);
  const zip = await new Promise<ZipFile>((ok, fail) =>
    yauzl.open(
      archive,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false },
      (error, file) => (error || !file ? fail(error ?? new Error('no archive')) : ok(file)),
    ),
  );
  const refused: Refused[] = [];
  let refusedCount = 0;
  let files = 0;
  let bytes = 0;
  let entries = 0;
  let name = '';
  const outcome = (end: Partial<UnzipOutcome> = {}): UnzipOutcome => ({
    files,
    bytes,
    refused,
    refusedCount,
    ...end,
  });
  const refuse = (why: string): void => {
    if (refusedCount++ < MAX_REFUSED_NAMED) refused.push({ name: printable(name), why });
  };
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      // The name the checks use, decoded as the archive says (UTF-8 flag or CP437), is the one shown.
      name = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileName as unknown as Buffer,
        entry.extraFields,
        false,
      );
      if (++entries > maxEntries)
        return outcome({ stoppedAt: printable(name), stoppedBy: 'entries' });
      const why = refusal(name, entry, root);
      if (why) {
        refuse(why);
        continue;
      }
      const target = resolve(root, name);
      if (name.endsWith('/')) {
        await makeFolderInside(root, target).catch((error: Error) => refuse(unpackProblem(error)));
        continue;
      }
      if (bytes + entry.uncompressedSize > maxBytes)
        return outcome({ stoppedAt: printable(name), stoppedBy: 'bytes' });
      try {
        bytes += await writeEntry(zip, entry, target, root, maxBytes - bytes);
        files++;
      } catch (error) {
        if (error instanceof CeilingReached)
          return outcome({ stoppedAt: printable(name), stoppedBy: 'bytes' });
        // A file system's refusal (a clash, a link on the way) is this entry's; anything else
        // is the archive's own data failing its checks (a size or checksum that lies).
        if (!(error instanceof OutsideRoot || (error as NodeJS.ErrnoException).syscall))
          throw error;
        refuse(unpackProblem(error as Error));
      }
    }
  } catch (error) {
    // The archive itself broke (a bad size field, a cut central directory): what came before
    // stays on disk and is counted.
    return outcome({ damaged: (error as Error).message, stoppedAt: printable(name) });
  } finally {
    zip.close();
  }
  return outcome();
}

/** Why an entry could not be written, in words: a link on the way, a file where a folder is… */
function unpackProblem(error: Error): string {
  if (error instanceof OutsideRoot) return `could not be unpacked: ${error.message}`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'could not be unpacked: a folder of that name is already there';
  if (code === 'ENOTDIR' || code === 'EEXIST')
    return 'could not be unpacked: a file of that name is already there';
  return `could not be unpacked: ${error.message}`;
}

/** Why an entry may not be unpacked into `root`; undefined when it may. */
export function refusal(name: string, entry: Entry, root: string): string | undefined {
  if (name === '' || name.includes('\0')) return 'has no usable name';
  if (name.startsWith('/')) return 'is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'names a drive';
  if (name.split('/').includes('..')) return 'climbs out of its folder with ..';
  const madeByUnix = entry.versionMadeBy >> 8 === 3;
  const mode = (entry.externalFileAttributes >>> 16) & TYPE_MASK;
  if (madeByUnix && mode === SYMLINK) return 'is a symbolic link';
  if (madeByUnix && mode !== 0 && mode !== REGULAR && mode !== DIRECTORY)
    return 'is a special file';
  if (!isInside(root, resolve(root, name))) return 'lands outside its folder';
  return undefined;
}

/**
 * A name from an archive as it may be shown in a log or an annotation: control and
 * bidirectional characters escaped (a NUL, a newline or U+202E would otherwise act on the page),
 * and at most 200 characters.
 */
export function printable(name: string): string {
  const escaped = name.replace(
    // eslint-disable-next-line no-control-regex
    /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return escaped.length > 200 ? `${escaped.slice(0, 200)}…` : escaped;
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((ok, fail) => {
    const onEntry = (entry: Entry): void => done(() => ok(entry));
    const onEnd = (): void => done(() => ok(undefined));
    const onError = (error: Error): void => done(() => fail(error));
    const done = (settle: () => void): void => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      settle();
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

/** Streams one entry to its file, at most `left` bytes; the bytes written. */
async function writeEntry(
  zip: ZipFile,
  entry: Entry,
  target: string,
  root: string,
  left: number,
): Promise<number> {
  // Every folder on the way is checked before it is made, and a link where the file goes is
  // not followed (confined-paths.ts).
  const file = await openFileInside(root, target);
  // The entry's stream is piped at once: yauzl inflates and checks the size as soon as it is
  // opened, and an entry that lies about its size errors before anyone reads it. The no-op
  // listener takes an error that comes after the pipeline let go of the stream.
  let written = 0;
  try {
    const source = await new Promise<NodeJS.ReadableStream>((ok, fail) =>
      zip.openReadStream(entry, (error, stream) =>
        error || !stream ? fail(error ?? new Error('unreadable')) : ok(stream),
      ),
    );
    source.on('error', () => undefined);
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, next) {
        written += chunk.length;
        next(written > left ? new CeilingReached() : null, chunk);
      },
    });
    await pipeline(source, counter, file.createWriteStream());
    return written;
  } catch (error) {
    // Only the file this entry opened is removed: never a folder or a file it did not make.
    await file.close().catch(() => undefined);
    await rm(target, { force: true }).catch(() => undefined);
    throw error;
  }
}
