import { constants } from 'node:fs';
import { mkdir, open, realpath, rm } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Entry, ZipFile } from 'yauzl';

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
  /** The entry's name as the archive gives it. */
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
}

class CeilingReached extends Error {}

const TYPE_MASK = 0o170000;
const REGULAR = 0o100000;
const DIRECTORY = 0o040000;
const SYMLINK = 0o120000;

export async function unzipSafely(
  archive: string,
  folder: string,
  maxBytes: number,
  maxEntries = MAX_ENTRIES,
): Promise<UnzipOutcome> {
  // Loaded only when artifacts are asked for, so other runs do not pay for it at start-up.
  const yauzl = (await import('yauzl')).default;
  await mkdir(folder, { recursive: true });
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
  const stop = (raw: string, by: 'bytes' | 'entries'): UnzipOutcome => ({
    files,
    bytes,
    refused,
    refusedCount,
    stoppedAt: raw,
    stoppedBy: by,
  });
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      const raw = (entry.fileName as unknown as Buffer).toString('utf8');
      if (++entries > maxEntries) return stop(raw, 'entries');
      const name = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileName as unknown as Buffer,
        entry.extraFields,
        false,
      );
      const why = refusal(name, entry, root);
      if (why) {
        if (refusedCount++ < MAX_REFUSED_NAMED) refused.push({ name: raw, why });
        continue;
      }
      const target = resolve(root, name);
      if (name.endsWith('/')) {
        await mkdir(target, { recursive: true });
        continue;
      }
      if (bytes + entry.uncompressedSize > maxBytes) return stop(raw, 'bytes');
      try {
        bytes += await writeEntry(zip, entry, target, root, maxBytes - bytes);
        files++;
      } catch (error) {
        await rm(target, { force: true });
        if (error instanceof CeilingReached) return stop(raw, 'bytes');
        if (refusedCount++ < MAX_REFUSED_NAMED)
          refused.push({ name: raw, why: `could not be unpacked: ${(error as Error).message}` });
      }
    }
  } finally {
    zip.close();
  }
  return { files, bytes, refused, refusedCount };
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
  const inside = relative(root, resolve(root, name));
  if (inside.startsWith('..') || isAbsolute(inside)) return 'lands outside its folder';
  return undefined;
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
  await mkdir(dirname(target), { recursive: true });
  // A folder left from an earlier run could be a link to elsewhere: write only inside root.
  const parent = relative(root, await realpath(dirname(target)));
  if (parent.startsWith('..') || isAbsolute(parent)) throw new Error('its folder leads outside');
  // O_NOFOLLOW: a link planted where the file goes is not followed.
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
  const file = await open(target, flags, 0o644);
  // The entry's stream is piped at once: yauzl inflates and checks the size as soon as it is
  // opened, and an entry that lies about its size errors before anyone reads it. The no-op
  // listener takes an error that comes after the pipeline let go of the stream.
  let source: NodeJS.ReadableStream;
  try {
    source = await new Promise<NodeJS.ReadableStream>((ok, fail) =>
      zip.openReadStream(entry, (error, stream) =>
        error || !stream ? fail(error ?? new Error('unreadable')) : ok(stream),
      ),
    );
  } catch (error) {
    await file.close();
    throw error;
  }
  source.on('error', () => undefined);
  let written = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, next) {
      written += chunk.length;
      next(written > left ? new CeilingReached() : null, chunk);
    },
  });
  await pipeline(source, counter, file.createWriteStream());
  return written;
}
