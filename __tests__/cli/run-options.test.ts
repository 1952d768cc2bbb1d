import { describe, expect, it } from '@jest/globals';
import { inputPairs, variablePairs } from '../../src/cli/run-options.js';

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
    expect(() => variablePairs(['=1'])).toThrow("--var is '=1', which is not KEY=VALUE");
  });

  it('stores __proto__ as a plain key', () => {
    const vars = variablePairs(['__proto__=x']);
    expect(Object.keys(vars)).toEqual(['__proto__']);
    expect(vars['__proto__']).toBe('x');
  });
});

describe('inputPairs', () => {
  it('keeps each value as the text written', () => {
    expect(
      inputPairs(['n=3', 'v=1.10', 'b=true', 'list=[a, 2]', 'quoted="3"', 'word=yes', 'e=']),
    ).toEqual({
      n: '3',
      v: '1.10',
      b: 'true',
      list: '[a, 2]',
      quoted: '"3"',
      word: 'yes',
      e: '',
    });
  });

  it('types a value as NAME:TYPE says, with GitLab type names', () => {
    expect(
      inputPairs([
        'n:number=3',
        'f:number=0.5',
        'b:boolean=true',
        'list:array=[a, 2]',
        'empty:array=[]',
        's:string=1.10',
        'url:string=a=b',
      ]),
    ).toEqual({ n: 3, f: 0.5, b: true, list: ['a', 2], empty: [], s: '1.10', url: 'a=b' });
  });

  it('refuses a name given twice, an unknown type and a value not of its type', () => {
    expect(() => inputPairs(['a=1', 'a:number=2'])).toThrow("--input gives input 'a' twice");
    expect(() => inputPairs(['a:int=1'])).toThrow(
      "--input gives a the type 'int', which is not an input type",
    );
    expect(() => inputPairs(['a:number=1,5'])).toThrow(/'1,5', which is not a number/);
    expect(() => inputPairs(['a:boolean=yes'])).toThrow(/'yes', which is not true or false/);
    expect(() => inputPairs(['a:array={x: 1}'])).toThrow(/which is not a list/);
    expect(() => inputPairs(['a:number='])).toThrow(/which is not a number/);
  });
});
