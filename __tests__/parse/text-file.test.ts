import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileReadError, MAX_FILE_BYTES, readTextFile } from '../../src/core/parse/text-file.js';

// Files named by a setting (a token file, a CA bundle): read whole when they are files, refused
// with the reason otherwise, never read without end.

const dir = mkdtempSync(join(tmpdir(), 'text-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(path: string, maxBytes?: number): FileReadError {
  try {
    readTextFile(path, maxBytes);
  } catch (error) {
    return error as FileReadError;
  }
  throw new Error(`expected ${path} to be refused`);
}

describe('readTextFile', () => {
  it('reads a file whole, as UTF-8', () => {
    const path = join(dir, 'token.txt');
    writeFileSync(path, 'glptt-äbc\n');
    expect(readTextFile(path)).toBe('glptt-äbc\n');
  });

  it('reads a file larger than one read at a time, up to exactly the most allowed', () => {
    const path = join(dir, 'big.pem');
    const text = 'x'.repeat(200 * 1024);
    writeFileSync(path, text);
    expect(readTextFile(path, text.length)).toBe(text);
    expect(MAX_FILE_BYTES).toBe(1024 * 1024);
  });

  it('refuses a file larger than allowed, saying the limit', () => {
    const path = join(dir, 'huge');
    writeFileSync(path, 'x'.repeat(101));
    expect(refusal(path, 100)).toMatchObject({
      code: 'TOOBIG',
      message: 'it is larger than 100 bytes',
    });
    writeFileSync(path, Buffer.alloc(MAX_FILE_BYTES + 1));
    expect(refusal(path)).toMatchObject({ code: 'TOOBIG', message: 'it is larger than 1 MiB' });
  });

  it('refuses a file that keeps growing past its stated size (as /proc files do)', () => {
    // /proc files state a size of 0 and hold more.
    expect(refusal('/proc/self/status', 10)).toMatchObject({ code: 'TOOBIG' });
  });

  it('says why a path is no readable file: missing, a directory, a device, a FIFO, a loop', () => {
    expect(refusal(join(dir, 'missing'))).toMatchObject({
      code: 'ENOENT',
      message: 'no such file',
    });
    expect(refusal(join(dir, 'missing', 'x'))).toMatchObject({ message: 'no such file' });
    expect(refusal(join(dir, 'token.txt', 'x'))).toMatchObject({
      code: 'ENOTDIR',
      message: 'no such file',
    });
    expect(refusal(dir)).toMatchObject({ code: 'EISDIR', message: 'it is a directory' });
    expect(refusal('/dev/zero')).toMatchObject({
      code: 'NOTFILE',
      message: 'it is a device, not a file',
    });
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(fifo)).toMatchObject({
      code: 'NOTFILE',
      message: 'it is a FIFO (named pipe), not a file',
    });
    const loop = join(dir, 'loop');
    symlinkSync(loop, loop);
    expect(refusal(loop)).toMatchObject({ code: 'ELOOP', message: 'too many symbolic links' });
    expect(refusal(join(dir, 'n'.repeat(300)))).toMatchObject({ message: 'the name is too long' });
  });

  it('says a socket is a socket, not the ENXIO that opening one answers', async () => {
    const socket = join(dir, 'agent.sock');
    const server = createServer();
    await new Promise<void>((listening) => server.listen(socket, listening));
    try {
      expect(refusal(socket)).toMatchObject({
        code: 'NOTFILE',
        message: 'it is a socket, not a file',
      });
    } finally {
      server.close();
    }
  });

  it('leaves no file descriptor open, read or refused', () => {
    const path = join(dir, 'token.txt');
    writeFileSync(path, 'glptt-abc');
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 20; i++) {
      readTextFile(path);
      refusal(path, 3);
      refusal(dir);
      refusal('/dev/zero');
    }
    expect(open()).toBe(before);
  });
});
