import { describe, expect, it } from '@jest/globals';
import { MAX_HELD_CHARS, redactingFilter } from '../src/core/redact-stream.js';
import { Redactor } from '../src/core/redact.js';

const TOKEN = 'glpat-Abcdefghij0123456789xyZ';

/** The bytes the filter writes for a stream cut into the given pieces. */
function through(pieces: readonly Buffer[], secret = TOKEN): Buffer {
  const redactor = new Redactor();
  redactor.add(secret);
  const filter = redactingFilter(redactor);
  return Buffer.concat([...pieces.map((p) => filter.push(p)), filter.end()]);
}

/** The text cut at every offset in `cuts`. */
function cut(text: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [0, ...cuts, text.length];
  return at.slice(1).map((end, i) => text.subarray(at[i], end));
}

describe('a saved log', () => {
  it('has every token masked, wherever the reads split it', () => {
    const log = Buffer.from(`start\nauth: ${TOKEN}\nend ${TOKEN}`);
    for (let i = 1; i < log.length; i++) {
      expect(through(cut(log, [i])).toString()).toBe('start\nauth: ***\nend ***');
    }
  });

  it('keeps every other byte as GitLab sent it, invalid UTF-8 included', () => {
    const log = Buffer.from([0x61, 0xff, 0xfe, 0x0a, 0xc3, 0x28, 0x0a]);
    expect(through(cut(log, [2, 5]))).toEqual(log);
  });

  it('masks a token written in UTF-8 that is not ASCII', () => {
    const secret = 'pässwörd-sëcret-0123';
    const log = Buffer.from(`x ${secret} y\n`);
    expect(through(cut(log, [5]), secret).toString()).toBe('x *** y\n');
  });

  it('writes a line without end as it goes, holding back only a bounded part', () => {
    const redactor = new Redactor();
    redactor.add(TOKEN);
    const filter = redactingFilter(redactor);
    let written = 0;
    const chunk = Buffer.alloc(16 * 1024, 'x');
    for (let i = 0; i < 64; i++) written += filter.push(chunk).length;
    // A megabyte in, all but the bound written before the end.
    expect(written).toBeGreaterThan(1024 * 1024 - MAX_HELD_CHARS - chunk.length);
    expect(written + filter.end().length).toBe(1024 * 1024);
  });

  it('masks a token that falls where a line without end is cut', () => {
    const log = Buffer.from(`${'a'.repeat(MAX_HELD_CHARS - 10)} ${TOKEN} ${'b'.repeat(5000)}`);
    for (const at of [MAX_HELD_CHARS - 5, MAX_HELD_CHARS, MAX_HELD_CHARS + 3]) {
      const out = through(cut(log, [at, at + 7000])).toString();
      expect(out).not.toContain(TOKEN.slice(6));
      expect(out).toContain(' *** ');
    }
  });
});
