import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** The most a settings file is read to: far more than any certificate bundle or token. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Why a file was not read, kept as data: the file system's own code (ENOENT, EACCES,
 * EISDIR…), or NOTFILE for a device, FIFO or socket, or TOOBIG.
 */
export class FileReadError extends Error {
  override readonly name = 'FileReadError';
  constructor(
    readonly code: string,
    /** Said of the file, for messages: `no such file`, `a FIFO, not a regular file`. */
    readonly reason: string,
  ) {
    super(reason);
  }
}

const DIRECTORY = 'it is a directory';
const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: DIRECTORY,
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * A regular file's text, read to at most `maxBytes`. A device (`/dev/zero`), a FIFO or a
 * socket is refused before a byte is read, and opened without waiting for a writer, so a
 * wrong path can neither hang the run nor fill its memory.
 */
export function readTextFile(path: string, maxBytes = MAX_FILE_BYTES): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw openError(error, path);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new FileReadError('EISDIR', DIRECTORY);
    if (!stats.isFile()) throw notAFile(stats);
    if (stats.size > maxBytes) throw tooBig(maxBytes);
    // The size may be wrong (a file still growing, or one of /proc): read up to one byte
    // more than allowed to tell.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) throw tooBig(maxBytes);
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    throw fileError(error);
  } finally {
    closeSync(fd);
  }
}

function tooBig(maxBytes: number): FileReadError {
  const size =
    maxBytes % (1024 * 1024) === 0 ? `${maxBytes / 1024 / 1024} MiB` : `${maxBytes} bytes`;
  return new FileReadError('TOOBIG', `it is larger than ${size}`);
}

function notAFile(stats: Stats): FileReadError {
  return new FileReadError('NOTFILE', `it is ${kind(stats)}, not a file`);
}

/**
 * A socket cannot be opened at all: Linux answers ENXIO, which says nothing to a user. What
 * the path is says more, as it does for a FIFO or a device.
 */
function openError(error: unknown, path: string): FileReadError {
  if ((error as { code?: string }).code === 'ENXIO') {
    try {
      const stats = statSync(path);
      if (!stats.isFile()) return notAFile(stats);
    } catch {
      // Gone since: the open's own code stands.
    }
  }
  return fileError(error);
}

function kind(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  // stat follows links: a path that is no file, directory, FIFO or device is a socket.
  return 'a socket';
}

function fileError(error: unknown): FileReadError {
  if (error instanceof FileReadError) return error;
  const code = (error as { code?: string }).code ?? 'EIO';
  return new FileReadError(code, REASONS[code] ?? code);
}
