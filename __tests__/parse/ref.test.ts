import { describe, expect, it } from '@jest/globals';
import { parseRef, parseToken } from '../../src/core/parse/ref.js';

// The branch or tag, and a token: what cannot be one is refused before any request.

describe('parseRef', () => {
  it('reads a branch or tag name, without the spaces around it', () => {
    expect(parseRef(' release/v1.2 \n', 'ref')).toBe('release/v1.2');
    expect(parseRef('v1.2.3', 'ref')).toBe('v1.2.3');
  });

  it('refuses an empty ref, saying what to give', () => {
    expect(() => parseRef('  ', 'ref')).toThrow(
      'ref is empty: give the branch or tag to run the pipeline on, such as main.',
    );
  });

  it("refuses a name git would refuse: spaces, controls, '..' and ~^:?*[\\", () => {
    for (const bad of [
      'a b',
      'a\tb',
      'a\u0001b',
      'a\u007fb',
      'a..b',
      'a~1',
      'a^',
      'a:b',
      'a?',
      'a*',
      'a[b',
      'a\\b',
    ]) {
      expect(() => parseRef(bad, 'ref')).toThrow(
        "which is not a valid branch or tag name (no spaces, '..', or any of ~^:?*[\\).",
      );
    }
  });
});

describe('parseToken', () => {
  it('reads a token without the line break a file ends with', () => {
    expect(parseToken('glptt-abc123\n', 'token', 'a trigger token')).toBe('glptt-abc123');
  });

  it('refuses an empty token, saying what to store', () => {
    expect(() => parseToken(' \n', 'token', 'a trigger token')).toThrow(
      'token is empty: give a trigger token, stored as a secret.',
    );
  });

  it('refuses a token holding an invisible or non-ASCII character, without quoting it', () => {
    for (const bad of ['glptt-abc\u200b123', 'glptt-äbc', 'glptt-abc\u0000']) {
      const error = (() => {
        try {
          parseToken(bad, 'token', 'a trigger token');
        } catch (e) {
          return e as Error;
        }
        throw new Error('expected a refusal');
      })();
      expect(error.message).toBe(
        'token holds a character no token has (an invisible or non-ASCII one, pasted with it?): store the token alone in the secret.',
      );
    }
  });

  it('refuses a token with a space or line break inside, without quoting it', () => {
    expect(() => parseToken('glptt-abc 123', 'token', 'x')).toThrow(
      'token contains a space or line break: a token has none. Store the token alone in the secret.',
    );
    expect(() => parseToken('glptt-abc\n123', 'token', 'x')).toThrow(
      'contains a space or line break',
    );
  });
});
