import { describe, expect, it } from '@jest/globals';
import { quoted } from '../src/core/errors.js';
import { Redactor } from '../src/core/redact.js';

const TOKEN = 'glptt-373dddf78fd65d242979cff9110630b6c57f11b4';

/** A redactor that knows TOKEN; built in each test, so each test stands alone. */
function tokenRedactor(): Redactor {
  const redactor = new Redactor();
  redactor.add(TOKEN);
  return redactor;
}

describe('Redactor', () => {
  it('hides a secret as written, URL-encoded and JSON-escaped', () => {
    const redactor = tokenRedactor();
    expect(redactor.redact(`a ${TOKEN} b`)).toBe('a *** b');
    expect(redactor.redact(`?t=${encodeURIComponent('x+y/z' + TOKEN)}`)).not.toContain(TOKEN);
  });

  it('hides a secret that a message cut short', () => {
    const redactor = tokenRedactor();
    expect(redactor.redact(`id '${TOKEN.slice(0, 40)}…'`)).toBe("id '***…'");
  });

  it('hides a token cut short anywhere from eight characters, beyond what GitLab shows', () => {
    const redactor = tokenRedactor();
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
    const redactor = tokenRedactor();
    expect(redactor.redact(`…${TOKEN.slice(-8)} done`)).toBe('…*** done');
    expect(redactor.redact(`…${TOKEN.slice(-30)} done`)).toBe('…*** done');
  });

  it('hides a secret in base64, whole or inside user:token at any alignment', () => {
    const redactor = tokenRedactor();
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
    const redactor = tokenRedactor();
    expect(redactor.redact('glptt-0000000000000000 and deploy-bot')).toBe(
      'glptt-0000000000000000 and deploy-bot',
    );
  });
});

describe('Redactor, the forms a secret takes', () => {
  it('hides a word that starts with sixteen characters of a secret, whatever follows', () => {
    const redactor = tokenRedactor();
    expect(redactor.redact(`key ${TOKEN.slice(0, 16)}QQQQ-zz end`)).toBe('key *** end');
  });

  it('hides a cut secret at the very start or end of the text', () => {
    const redactor = tokenRedactor();
    expect(redactor.redact(`${TOKEN.slice(-8)} done`)).toBe('*** done');
    expect(redactor.redact(`${TOKEN.slice(0, 12)} done`)).toBe('*** done');
    expect(redactor.redact(`tail ${TOKEN.slice(0, 12)}`)).toBe('tail ***');
    expect(redactor.redact(`tail ${TOKEN.slice(-12)}`)).toBe('tail ***');
  });

  it('hides every cut piece of a secret in one text, keeping the words between them', () => {
    const redactor = tokenRedactor();
    const text = `a ${TOKEN.slice(-9)} b ${TOKEN.slice(-20)} c ${TOKEN.slice(0, 14)} d ${TOKEN.slice(0, 30)} e`;
    expect(redactor.redact(text)).toBe('a *** b *** c *** d *** e');
  });

  it('hides a secret URL-encoded in a query string', () => {
    const redactor = new Redactor();
    redactor.add('p@ss w0rd/with+chars!');
    expect(redactor.redact(`?password=${encodeURIComponent('p@ss w0rd/with+chars!')}&x=1`)).toBe(
      '?password=***&x=1',
    );
  });

  it('hides a secret with quotes, backslashes and line breaks as JSON escapes it', () => {
    const secret = 'line1\nline2"quoted"\\end';
    const redactor = new Redactor();
    redactor.add(secret);
    expect(redactor.redact(JSON.stringify({ password: secret }))).toBe('{"password":"***"}');
    const cut = JSON.stringify(secret).slice(1, 16);
    expect(redactor.redact(`body: "${cut}…`)).toBe('body: "***…');
  });

  it('hides a longer secret whole when it contains a shorter one', () => {
    const redactor = new Redactor();
    redactor.add('abcd1234');
    redactor.add('abcd1234efgh5678');
    expect(redactor.redact('x abcd1234efgh5678 y abcd1234 z')).toBe('x *** y *** z');
  });

  it('hides a cut secret whose start repeats within it, and leaves the rest of the text', () => {
    const redactor = new Redactor();
    redactor.add('abcabcabcabc-xyz-123456');
    expect(redactor.redact('[abcabcabcabc-x…] and abcabcab…')).toBe('[***…] and ***…');
  });

  it('does not hide a secret of three characters or fewer (it would blot out words), from four on it does', () => {
    const redactor = new Redactor();
    redactor.add('abc');
    redactor.add(undefined);
    redactor.add('');
    redactor.add('wxyz');
    expect(redactor.redact('abc wxyz abcd')).toBe('abc *** abcd');
  });

  it('hides a short secret exactly, not the characters after it', () => {
    const redactor = new Redactor();
    redactor.add('hunter2');
    expect(redactor.redact('pw hunter2, then hunter and hunter2x')).toBe(
      'pw ***, then hunter and ***x',
    );
  });

  it('hides a secret in base64 in a Basic header with and without its padding', () => {
    const redactor = new Redactor();
    redactor.add('s3cr3t-p4ssw0rd!');
    const whole = Buffer.from('s3cr3t-p4ssw0rd!').toString('base64');
    expect(whole).toMatch(/=$/);
    expect(redactor.redact(`Basic ${whole}`)).toBe('Basic ***');
    expect(redactor.redact(`Basic ${whole.replace(/=+$/, '')}.`)).toBe('Basic ***.');
  });

  it('keeps what a Basic header holds besides the secret: the user name stays readable', () => {
    const redactor = tokenRedactor();
    for (const user of ['deploy-bot', 'deploy-bot1', 'deploy-bot12']) {
      const basic = Buffer.from(`${user}:${TOKEN}`).toString('base64');
      const shown = redactor.redact(basic);
      const kept = shown.slice(0, shown.indexOf('***'));
      // Every base64 character that carries a bit of the user name stays.
      expect(Buffer.from(kept, 'base64').toString().length).toBeGreaterThanOrEqual(user.length - 1);
      expect(Buffer.from(kept, 'base64').toString()).toBe(
        `${user}:`.slice(0, Buffer.from(kept, 'base64').toString().length),
      );
    }
  });
});

describe('Redactor, base64 and words glued to a secret', () => {
  const base64 = Buffer.from(TOKEN).toString('base64');

  it('hides the base64 of a secret cut to eight or nine characters', () => {
    const redactor = tokenRedactor();
    expect(redactor.redact(`Basic ${base64.slice(0, 8)}…`)).toBe('Basic ***…');
    expect(redactor.redact(`Basic ${base64.slice(0, 9)}…`)).toBe('Basic ***…');
  });

  it('hides every base64 word that starts with sixteen characters of the secret, whatever follows', () => {
    const redactor = tokenRedactor();
    expect(
      redactor.redact(`${base64.slice(0, 16)}ZZZZ+/9 and ${base64.slice(0, 16)}YYYY end`),
    ).toBe('*** and *** end');
  });

  it('hides a word glued to a secret of exactly twenty characters', () => {
    const redactor = new Redactor();
    redactor.add('abcdefghij0123456789');
    expect(redactor.redact('x abcdefghij012345ZZ y')).toBe('x *** y');
  });

  it('hides a word glued to a secret full of characters that regular expressions treat apart', () => {
    const redactor = new Redactor();
    redactor.add('a.b+c*d?e(f)g[h]i-rest-of-secret');
    expect(redactor.redact('x a.b+c*d?e(f)g[h]ZZZ y')).toBe('x *** y');
  });

  it('leaves the word undefined alone', () => {
    const redactor = new Redactor();
    redactor.add('hunter2');
    expect(redactor.redact('value undefined')).toBe('value undefined');
  });

  it('hides a cut end of a secret whose end repeats itself once, as one ***', () => {
    const redactor = new Redactor();
    redactor.add('k3y-abababababab');
    expect(redactor.redact('see ababababab end')).toBe('see *** end');
  });

  it('keeps exactly the base64 characters of a Basic header that carry the user name', () => {
    const redactor = tokenRedactor();
    const shown: Record<string, string> = {};
    for (const user of ['', 'a', 'ab', 'abc', 'deploy-bot']) {
      shown[user] = redactor.redact(Buffer.from(`${user}:${TOKEN}`).toString('base64'));
    }
    // The characters before *** hold bits of `user:`; those after it, the padding and the
    // bits GitLab's token shares with no other character.
    expect(shown).toEqual({
      '': 'Om***Q=',
      a: 'YTp***',
      ab: 'YWI6***',
      abc: 'YWJjOm***Q=',
      'deploy-bot': 'ZGVwbG95LWJvdDp***',
    });
  });

  it("hides a secret's base64 in its URL-safe form, where + and / are written - and _", () => {
    const secret = 's3cret~~~???>>>xyz';
    const redactor = new Redactor();
    redactor.add(secret);
    const basic = Buffer.from(`u:${secret}`).toString('base64');
    expect(basic).toMatch(/\+.*\//);
    expect(redactor.redact(basic)).toBe('dTp***o=');
    expect(redactor.redact(basic.replace(/\+/g, '-').replace(/\//g, '_'))).toBe('dTp***o=');
    expect(redactor.redact(Buffer.from(secret).toString('base64url'))).toBe('***');
  });

  it("hides a four-character secret's base64, but not base64 that only shares its start", () => {
    const redactor = new Redactor();
    redactor.add('abcd');
    expect(redactor.redact('YWJjZA== and YWJjb2Rl')).toBe('*** and YWJjb2Rl');
  });

  it('leaves alone short base64 runs that a four-character secret would share by chance', () => {
    const redactor = new Redactor();
    redactor.add('abcd');
    // Slices of its base64 at each alignment are only four or five characters long.
    expect(redactor.redact('x YWJjZm9v FiY2 hYmNk')).toBe('x YWJjZm9v FiY2 hYmNk');
  });

  it('shows no more of a secret that holds a token prefix inside it than of any other', () => {
    const redactor = new Redactor();
    redactor.add('my-glpat-like-secret-value');
    expect(redactor.redact("'my-glpat-…'")).toBe("'***…'");
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

  it('writes every control character as an escape, C1 and bidirectional ones too', () => {
    expect(quoted('a\r\tb\u0000c\u001b[31m')).toBe("'a\\r\\tb\\u0000c\\u001b[31m'");
    // DEL; CSI, which a terminal takes as ESC [; the line and paragraph separators; a
    // right-to-left override and an isolate, which would turn the rest of the line around.
    expect(quoted('del\u007f csi\u009b2J ls\u2028ps\u2029 build\u202eliaf \u2066x\u2069')).toBe(
      "'del\\u007f csi\\u009b2J ls\\u2028ps\\u2029 build\\u202eliaf \\u2066x\\u2069'",
    );
    expect(quoted('é ü \u00a0 ›')).toBe("'é ü \u00a0 ›'");
  });
});
