import { readSync } from 'node:fs';
import { FileReadError, MAX_FILE_BYTES, readTextFile } from '../core/parse/text-file.js';

/**
 * How the command line reads the files its options name: a regular file of at most 1 MiB
 * (a device or FIFO given by mistake is refused, never read without end), or `-` for stdin,
 * which can be read once: a second option naming it would read nothing.
 */
export function fileReader(
  readStdin: () => string = readStdinOnce,
): (path: string, option?: string) => string {
  let stdinReadFor: string | undefined;
  return (path, option = 'another option') => {
    if (path !== '-') return readTextFile(path);
    if (stdinReadFor !== undefined) {
      throw new FileReadError('STDINREAD', `stdin was already read for ${stdinReadFor}`);
    }
    stdinReadFor = option;
    return readStdin();
  };
}

/** All of stdin, to at most MAX_FILE_BYTES. */
function readStdinOnce(): string {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(64 * 1024);
    let read: number;
    try {
      read = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'EAGAIN') {
        // A non-blocking stdin with nothing yet: wait a moment rather than spin.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        continue;
      }
      if (code === 'EOF') break;
      throw error;
    }
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    total += read;
    if (total > MAX_FILE_BYTES) {
      throw new FileReadError('TOOBIG', `it is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}
