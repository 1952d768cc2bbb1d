import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { oneMessage, plainText } from '../../src/cli/terminal-text.js';
import { Redactor } from '../../src/core/redact.js';
import { anyText } from './generators.js';

// Whatever GitLab sends and however a message cuts or encodes a token, what the command line
// prints holds no terminal control character and no more of a secret than GitLab shows.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const SEQUENCE_PIECES = [
  '\u001b',
  '[',
  ']',
  'P',
  '\\',
  '\u0007',
  '\u009b',
  '\u009c',
  '\u009d',
  '0',
  ';',
  'm',
  'A',
  '\n',
  '\r',
  'x',
  '\u202e',
  '\u2067',
  '\u200f',
];
const hostile = fc
  .array(fc.oneof(fc.constantFrom(...SEQUENCE_PIECES), anyText), { maxLength: 30 })
  .map((p) => p.join(''));

const token = fc
  .tuple(
    fc.constantFrom('glpat-', 'glptt-', 'glcbt-64_', ''),
    fc.stringMatching(/^[A-Za-z0-9_-]{20,40}$/),
  )
  .map(([prefix, body]) => prefix + body);

describe('printed text', () => {
  it('holds no control character but tab and line feed, and no line of its own after a break', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        expect(plainText(text)).not.toMatch(CONTROL);
        const message = oneMessage(text);
        expect(message).not.toMatch(CONTROL);
        for (const line of message.split('\n').slice(1)) expect(line).toMatch(/^(\s|$)/);
      }),
    );
  });

  it('never shows a token, cut after eleven characters or more, URL-encoded or in base64', () => {
    fc.assert(
      fc.property(
        token,
        fc.nat(),
        fc.string({ maxLength: 12 }),
        fc.string({ maxLength: 12 }),
        (secret, cut, before, after) => {
          const redactor = new Redactor();
          redactor.add(secret);
          const length = 11 + (cut % (secret.length - 10));
          const shown = secret.slice(0, length);
          const basic = Buffer.from(`${before}:${secret}`).toString('base64');
          const out = redactor.redact(
            `${before} '${shown}…' ${encodeURIComponent(secret)} Basic ${basic} ${after}`,
          );
          expect(out).not.toContain(shown);
          expect(out).not.toContain(Buffer.from(secret).toString('base64').slice(4, 16));
        },
      ),
    );
  });
});
