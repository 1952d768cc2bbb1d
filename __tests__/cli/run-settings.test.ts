import { describe, expect, it } from '@jest/globals';
import { inputPairs, variablePairs } from '../../src/cli/run-settings.js';

describe('variablePairs', () => {
  it('keeps everything after the first = exactly, newlines and spaces included', () => {
    expect(variablePairs(['B=x=y', 'NOTES= two\nlines ', 'EMPTY=', 'V=1.10'])).toEqual({
      B: 'x=y',
      NOTES: ' two\nlines ',
      EMPTY: '',
      V: '1.10',
    });
  });

  it("checks keys by GitLab's rule, as the action does", () => {
    expect(() => variablePairs(['MY-KEY=1'])).toThrow(
      /has 'MY-KEY', which is not a valid variable key/,
    );
    expect(() => variablePairs(['TRIGGER_PAYLOAD=1'])).toThrow(
      /sets TRIGGER_PAYLOAD, which GitLab sets itself/,
    );
    expect(() => variablePairs(['=1'])).toThrow("--var '=1' is not KEY=VALUE");
  });

  it('stores __proto__ as a plain key', () => {
    const vars = variablePairs(['__proto__=x']);
    expect(Object.keys(vars)).toEqual(['__proto__']);
    expect(vars['__proto__']).toBe('x');
  });
});

describe('inputPairs', () => {
  it('types each value as the action types inputs', () => {
    expect(
      inputPairs([
        'n=3',
        'f=0.5',
        'b=true',
        'list=[a, 2]',
        'quoted="3"',
        'word=yes',
        'v=007',
        'e=',
      ]),
    ).toEqual({ n: 3, f: 0.5, b: true, list: ['a', 2], quoted: '3', word: 'yes', v: '007', e: '' });
  });

  it('refuses a name given twice and a mapping', () => {
    expect(() => inputPairs(['a=1', 'a=2'])).toThrow("--input gives input 'a' twice");
    expect(() => inputPairs(['a={x: 1}'])).toThrow(/reads as a mapping/);
  });
});
