import { describe, expect, it } from '@jest/globals';
import { InputError } from '../src/core/errors.js';
import { parseInputValue, parseInputs } from '../src/core/parse/inputs.js';

const parse = (text: string) => JSON.parse(JSON.stringify(parseInputs(text, 'inputs'))) as unknown;

describe('parseInputs', () => {
  it('sends unquoted numbers as numbers and true/false as booleans', () => {
    expect(parse('replicas: 3\nratio: 0.5\nbig: 1e3\ndry_run: false\nnotify: true')).toEqual({
      replicas: 3,
      ratio: 0.5,
      big: 1000,
      dry_run: false,
      notify: true,
    });
  });

  it('sends quoted values, and words YAML 1.2 does not type, as text', () => {
    expect(
      parse('a: "3"\nb: yes\nc: 1.2.3\nd: 007\ne: 0x1F\nf: null\ng: .inf\nh: \'true\''),
    ).toEqual({
      a: '3',
      b: 'yes',
      c: '1.2.3',
      d: '007',
      e: '0x1F',
      f: 'null',
      g: '.inf',
      h: 'true',
    });
  });

  it('sends lists as lists, each item typed', () => {
    expect(parse('regions: [eu, us]\nports:\n  - 80\n  - "443"\n  - true')).toEqual({
      regions: ['eu', 'us'],
      ports: [80, '443', true],
    });
  });

  it('reads a JSON object with its types', () => {
    expect(parse('{"n": 2, "s": "2", "b": false, "l": [1, "x"]}')).toEqual({
      n: 2,
      s: '2',
      b: false,
      l: [1, 'x'],
    });
  });

  it('keeps an integer too long for a double as the text written', () => {
    expect(parse('id: 123456789012345678901')).toEqual({ id: '123456789012345678901' });
  });

  it('accepts hyphens in input names', () => {
    expect(parse('deploy-target: prod')).toEqual({ 'deploy-target': 'prod' });
  });

  it.each([
    ['a: {b: 1}', "gives 'a' a mapping"],
    ['a b: 1', "has 'a b', which is not a valid input name"],
    ['a: 1\na: 2', 'has a name twice'],
    ['- 1', 'is not a mapping'],
  ])('refuses %j, naming the problem', (text, expected) => {
    expect(() => parseInputs(text, 'inputs')).toThrow(InputError);
    expect(() => parseInputs(text, 'inputs')).toThrow(expected);
  });

  it('types one value the way the mapping does', () => {
    expect(parseInputValue('3', '--input')).toBe(3);
    expect(parseInputValue('true', '--input')).toBe(true);
    expect(parseInputValue('x=y', '--input')).toBe('x=y');
    expect(parseInputValue('[a, 2]', '--input')).toEqual(['a', 2]);
  });
});
