import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/core/errors.js';
import { parseCaCert } from '../../src/core/parse/ca-cert.js';
import { makeThrowawayCa, type ThrowawayCa } from '../helpers/throwaway-ca.js';

// ca_cert: the CA of an instance whose certificate a private CA signed, pasted as PEM text or
// given as the path of its file. Whatever is wrong is said before any request, naming the
// setting, and a value that may be a secret pasted in the wrong place is never quoted.

const dir = mkdtempSync(join(tmpdir(), 'ca-cert-'));
let ca: ThrowawayCa;
beforeAll(() => {
  ca = makeThrowawayCa();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(ca.dir, { recursive: true, force: true });
});

const FIX = 'paste the CA certificate (-----BEGIN CERTIFICATE-----…) or give the path of its file.';
const NO_PEM =
  'ca_cert holds no PEM certificate: give the CA certificate as text starting with -----BEGIN CERTIFICATE-----, or the path of its file.';

function refusal(value: string): string {
  try {
    parseCaCert(value, 'ca_cert');
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error(`no error for ${value}`);
}

function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('parseCaCert reads certificates', () => {
  it('gives none for an empty value: the system CAs alone are trusted', () => {
    expect(parseCaCert('', 'ca_cert')).toEqual([]);
    expect(parseCaCert('  \n\t', 'ca_cert')).toEqual([]);
  });

  it('reads PEM text pasted with blank lines around it', () => {
    expect(parseCaCert(`\n\n${ca.caCert}\n\n`, 'ca_cert')).toEqual([ca.caCert.trim()]);
  });

  it('reads every certificate of a bundle, whatever lies between them', () => {
    const bundle = `# Private CA\n${ca.caCert}subject=CN = 127.0.0.1\n${ca.serverCert}`;
    expect(parseCaCert(bundle, 'ca_cert')).toEqual([ca.caCert.trim(), ca.serverCert.trim()]);
  });

  it('reads the file a path names, the path trimmed', () => {
    expect(parseCaCert(` ${ca.caFile}\n`, 'ca_cert')).toEqual([ca.caCert.trim()]);
  });
});

describe('parseCaCert refuses what holds no certificate', () => {
  it('a file without a PEM certificate', () => {
    expect(refusal(file('notes.txt', 'my CA is the one from IT\n'))).toBe(NO_PEM);
  });

  it('PEM text of something else, such as a key, without reading it as a path', () => {
    expect(refusal('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toBe(NO_PEM);
  });

  it('a certificate cut short, saying which of the bundle it is', () => {
    const cut = ca.serverCert.replace(/\n[A-Za-z0-9+/=]+\n-----END/, '\n-----END');
    expect(refusal(`${ca.caCert}${cut}`)).toBe(
      'ca_cert holds certificate 2 of 2, which is not a valid PEM certificate: paste it whole, lines and all.',
    );
    expect(refusal(file('cut.pem', cut))).toContain('holds certificate 1 of 1, which is not');
  });
});

describe('parseCaCert says why a path was not read', () => {
  it('quotes a path that exists, with the file system code', () => {
    const certs = join(dir, 'certs.pem');
    mkdirSync(certs);
    expect(refusal(certs)).toBe(
      `ca_cert is '${certs}', which is neither PEM text nor a readable file (EISDIR): ${FIX}`,
    );
  });

  it('refuses a device at once, naming the input, without reading it', () => {
    expect(refusal('/dev/zero')).toBe(
      `ca_cert is '/dev/zero', which is neither PEM text nor a readable file (it is a device, not a file): ${FIX}`,
    );
  });

  it('refuses a FIFO without waiting for a writer', () => {
    const fifo = join(dir, 'ca.fifo');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(fifo)).toContain('(it is a FIFO (named pipe), not a file)');
  });

  it('refuses a file larger than 1 MiB without reading it whole', () => {
    const big = file('big.pem', Buffer.alloc(1024 * 1024 + 1, 'A'));
    expect(refusal(big)).toContain('(it is larger than 1 MiB)');
  });

  it.each([
    '/etc/ssl/ca.pem',
    'C:/certs/ca.crt',
    '.\\certs\\ca.cer',
    'certs/ca.pem',
    'ca.pem',
    'CA.CERT',
  ])('says the path %s names no file, quoting it', (path) => {
    expect(refusal(path)).toBe(
      `ca_cert is the path '${path}', where there is no file (ENOENT): ${FIX}`,
    );
  });
});

describe('parseCaCert quotes a path under a file, but not a link loop', () => {
  it('says a path whose folder is a file names no file (ENOTDIR), quoting it', () => {
    const path = join(file('bundle.pem', ca.caCert), 'ca.pem');
    expect(refusal(path)).toBe(
      `ca_cert is the path '${path}', where there is no file (ENOTDIR): ${FIX}`,
    );
  });

  it('counts the characters of a link loop named like a certificate, with its code', () => {
    const loop = join(dir, 'loop.pem');
    symlinkSync(loop, loop);
    expect(refusal(loop)).toBe(
      `ca_cert is a text of ${loop.length} characters, neither PEM text nor a readable file (ELOOP): ${FIX}`,
    );
  });
});

describe('parseCaCert never quotes a value that is neither PEM nor a file', () => {
  it('counts its characters instead: it may be a secret pasted in the wrong place', () => {
    expect(refusal('  glpat-hunter22hunter22hunter22\n')).toBe(
      `ca_cert is a text of 30 characters, neither PEM text nor a readable file (ENOENT): ${FIX}`,
    );
  });

  it.each([
    // Base64 has slashes: a secret that looks like a path, without a certificate's file name.
    ['/abc+def/ghi==', 14],
    // A certificate's file name within a longer text, or after a space, is no path.
    ['ca.pem.secret', 13],
    ['my ca.pem', 9],
    ['secret ca.pem', 13],
  ])('%s', (value, length) => {
    expect(refusal(value)).toMatch(new RegExp(`^ca_cert is a text of ${length} characters,`));
  });
});
