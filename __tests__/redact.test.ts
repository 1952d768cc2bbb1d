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
