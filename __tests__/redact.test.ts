import { describe, expect, it } from '@jest/globals';
import { quoted } from '../src/core/errors.js';
import { Redactor } from '../src/core/redact.js';

const TOKEN = 'glptt-373dddf78fd65d242979cff9110630b6c57f11b4';

describe('Redactor', () => {
  const redactor = new Redactor();
  redactor.add(TOKEN);

  it('hides a secret as written, URL-encoded and JSON-escaped', () => {
    expect(redactor.redact(`a ${TOKEN} b`)).toBe('a *** b');
    expect(redactor.redact(`?t=${encodeURIComponent('x+y/z' + TOKEN)}`)).not.toContain(TOKEN);
  });

  it('hides a secret that a message cut short', () => {
    expect(redactor.redact(`id '${TOKEN.slice(0, 40)}…'`)).toBe("id '***…'");
  });

  it('hides a token cut short anywhere from eight characters, beyond what GitLab shows', () => {
    // GitLab shows others' tokens as the prefix and four characters: that much may stay.
    expect(redactor.redact(`'${TOKEN.slice(0, 10)}…'`)).toBe(`'${TOKEN.slice(0, 10)}…'`);
    for (let length = 11; length < TOKEN.length; length++) {
      const cut = TOKEN.slice(0, length);
      expect([length, redactor.redact(`value '${cut}…' refused`)]).toEqual([
        length,
        "value '***…' refused",
      ]);
    }
  });

  it('hides a secret without a known prefix from its first eight characters', () => {
    const plain = new Redactor();
    plain.add('s3cr3t-p4ssw0rd-value');
    expect(plain.redact("'s3cr3t-…'")).toBe("'s3cr3t-…'");
    expect(plain.redact("'s3cr3t-p…'")).toBe("'***…'");
    expect(plain.redact("'s3cr3t-p4ssw0rd-val…'")).toBe("'***…'");
  });

  it("hides a log's tail that starts inside a secret", () => {
    expect(redactor.redact(`…${TOKEN.slice(-8)} done`)).toBe('…*** done');
    expect(redactor.redact(`…${TOKEN.slice(-30)} done`)).toBe('…*** done');
  });

  it('hides a secret in base64, whole or inside user:token at any alignment', () => {
    expect(redactor.redact(Buffer.from(TOKEN).toString('base64'))).not.toMatch(/[A-Za-z0-9]{12}/);
    for (const user of ['', 'a', 'ab', 'abc', 'deploy-bot']) {
      const basic = Buffer.from(`${user}:${TOKEN}`).toString('base64');
      const shown = redactor.redact(`Authorization: Basic ${basic}`);
      expect(shown).toContain('***');
      expect(Buffer.from(shown.slice(21).replace(/\*/g, ''), 'base64').toString()).not.toContain(
        TOKEN.slice(6, 14),
      );
      const urlSafe = basic.replace(/\+/g, '-').replace(/\//g, '_');
      expect(redactor.redact(urlSafe)).toContain('***');
    }
  });

  it('leaves text alone that only looks like a token', () => {
    expect(redactor.redact('glptt-0000000000000000 and deploy-bot')).toBe(
      'glptt-0000000000000000 and deploy-bot',
    );
  });
});

describe('quoted', () => {
  it('shows a token-shaped value as its prefix and four characters', () => {
    expect(quoted(TOKEN)).toBe("'glptt-373d…'");
  });

  it('writes line breaks as escapes and cuts long values', () => {
    expect(quoted('a\nb')).toBe("'a\\nb'");
    expect(quoted('x'.repeat(100))).toBe(`'${'x'.repeat(79)}…'`);
  });
});
