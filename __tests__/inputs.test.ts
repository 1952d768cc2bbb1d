import { describe, expect, it, jest } from '@jest/globals';
import { InputError } from '../src/core/errors.js';
import {
  parseInputValue,
  parseInputs,
  parseTypedInputValue,
  rewrittenNumbers,
  rewrittenNumberWarning,
} from '../src/core/parse/pipeline-inputs.js';

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

  it('names the line of a YAML error', () => {
    expect(() => parseInputs('a: 1\nb: 2\nc: [1,\nd: 4', 'inputs')).toThrow(
      /^inputs is not valid YAML at line \d \(/,
    );
    expect(() => parseInputs('a: 1\nb: 2\na: 3', 'inputs')).toThrow(
      'inputs has a name twice (line 3): give each input once.',
    );
  });

  it('says a bracket left open is found only at the end, rather than name a line past it', () => {
    expect(() => parseInputs('x: 1\ny: {a: 1\n', 'inputs')).toThrow(
      /^inputs is not valid YAML at its end \(is a bracket or a quote left open\?\)/,
    );
  });

  it("refuses a second YAML document in its own words, not the parser's advice", () => {
    const error = (() => {
      try {
        parseInputs('a: 1\n---\nb: 2\n', 'inputs');
      } catch (e) {
        return e as Error;
      }
      throw new Error('accepted');
    })();
    expect(error.message).toMatch(
      /^inputs holds more than one YAML document \(a '---' or '\.\.\.' line, at line \d\)/,
    );
    expect(error.message).not.toMatch(/parseAllDocuments/);
  });

  it('names a key that is a list as written', () => {
    expect(() => parseInputs('? [a, b]\n: 1\n', 'inputs')).toThrow(
      `inputs has '["a","b"]', which is not a valid input name`,
    );
  });

  it('refuses an alias bomb of a few hundred bytes at once, naming the input', () => {
    const levels = 'abcdefghi'.split('');
    const bomb = levels
      .map((name, i) =>
        i === 0
          ? `${name}: &${name} [lol, lol, lol, lol, lol, lol, lol, lol, lol]`
          : `${name}: &${name} [${Array(9)
              .fill(`*${levels[i - 1]}`)
              .join(',')}]`,
      )
      .join('\n');
    expect(bomb.length).toBeLessThan(800);
    const started = Date.now();
    expect(() => parseInputs(bomb, 'inputs')).toThrow(
      /^inputs has aliases \(\*name\) that repeat their anchors more than 100 times in all: /,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('accepts a few aliases, expanded', () => {
    expect(parse('a: &list [1, two]\nb: *list\nc: [*list, *list]')).toEqual({
      a: [1, 'two'],
      b: [1, 'two'],
      c: [
        [1, 'two'],
        [1, 'two'],
      ],
    });
  });

  it.each([
    ['a: &x [1, *x]', "inputs gives 'a' a value that holds itself through an alias"],
    ['a: &x [[[*x]]]', "inputs gives 'a' a value that holds itself through an alias"],
  ])('refuses the self-referencing %j, naming the input', (text, expected) => {
    expect(() => parseInputs(text, 'inputs')).toThrow(expected);
  });

  it('refuses deeply nested JSON with an error naming the input, never a stack overflow', () => {
    for (const depth of [65, 2_000, 50_000]) {
      const text = `{"a": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
      expect(() => parseInputs(text, 'inputs')).toThrow(InputError);
      expect(() => parseInputs(text, 'inputs')).toThrow(
        /^inputs (gives 'a' a value nested|is nested too deeply)/,
      );
      expect(() => parseInputValue(text.slice(6, -1), '--input')).toThrow(
        /^--input (has a value nested|is nested too deeply)/,
      );
    }
    expect(parse(`a: ${'['.repeat(64)}1${']'.repeat(64)}`)).toHaveProperty('a');
  });

  it('types one value the way the mapping does', () => {
    expect(parseInputValue('3', '--input')).toBe(3);
    expect(parseInputValue('true', '--input')).toBe(true);
    expect(parseInputValue('x=y', '--input')).toBe('x=y');
    expect(parseInputValue('[a, 2]', '--input')).toEqual(['a', 2]);
  });
});

describe('rewrittenNumbers', () => {
  it('names the plain numbers GitLab receives written otherwise, inside lists too', () => {
    expect(
      rewrittenNumbers('v: 1.10\nw: 1.0\nk: 1e3\nn: 3\nq: "1.10"\nl: [0.50, 2]', 'inputs'),
    ).toEqual([
      { name: 'v', written: '1.10', sent: '1.1' },
      { name: 'w', written: '1.0', sent: '1' },
      { name: 'k', written: '1e3', sent: '1000' },
      { name: 'l', written: '0.50', sent: '0.5' },
    ]);
  });

  it('finds none in text that is no mapping, leaving the error to the parser', () => {
    expect(rewrittenNumbers('[1.10]', 'inputs')).toEqual([]);
    expect(rewrittenNumbers('', 'inputs')).toEqual([]);
  });
});

describe('parseInputs, the edges', () => {
  const FIX = "write one 'name: value' per line, or a JSON object";
  const refusal = (text: string): string => {
    try {
      parseInputs(text, 'inputs');
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`no error for ${text}`);
  };

  it('reads nothing from blank text', () => {
    expect(parse('  \n ')).toEqual({});
  });

  it('says what to do when it refuses a list, a name, a mapping or bad YAML', () => {
    expect(refusal('- a')).toBe(`inputs is not a mapping: ${FIX}.`);
    expect(refusal('a b: 1')).toBe(
      "inputs has 'a b', which is not a valid input name: use letters, digits, '_' and '-'.",
    );
    expect(refusal('a: {b: 1}')).toBe(
      "inputs gives 'a' a mapping: pipeline inputs are strings, numbers, booleans or lists.",
    );
    expect(refusal('a: "open')).toBe(
      `inputs is not valid YAML at its end (is a bracket or a quote left open?) (Missing closing "quote): ${FIX}.`,
    );
    expect(refusal('? - a\n  - b\n: 1')).toBe(
      `inputs has '["a","b"]', which is not a valid input name: use letters, digits, '_' and '-'.`,
    );
  });

  it('names the line of an error after blank lines, not the end', () => {
    expect(refusal(`${'\n'.repeat(10)}a: b: c\nd: 1`)).toBe(
      `inputs is not valid YAML at line 11 (Nested mappings are not allowed in compact mappings): ${FIX}.`,
    );
  });

  it('says what to do with nesting too deep to read', () => {
    expect(refusal(`a: ${'['.repeat(5000)}`)).toBe(
      'inputs is nested too deeply (line 1): nest lists and mappings at most 64 levels deep.',
    );
  });

  it('refuses a name that is a list without a warning on stderr', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(refusal('? [a, b]\n: 1')).toMatch(
        /^inputs has '\["a","b"\]', which is not a valid input name/,
      );
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('keeps mappings inside lists, typed', () => {
    expect(parse('a: [1, {b: 2, c: [x, "3"]}]')).toEqual({ a: [1, { b: 2, c: ['x', '3'] }] });
  });

  it('sends decimals and exponents as numbers, however many digits', () => {
    expect(parse('a: 1.25\nb: 1.5e+3\nc: 1e10\nd: 1.5e20\ne: 2E-2')).toEqual({
      a: 1.25,
      b: 1500,
      c: 10_000_000_000,
      d: 1.5e20,
      e: 0.02,
    });
  });

  it('sends an empty value as an empty string', () => {
    expect(parse('a:')).toEqual({ a: '' });
  });

  it('keeps a blank --input value as written, and types one with spaces around', () => {
    expect(parseInputValue('  ', '--input')).toBe('  ');
    expect(parseInputValue('', '--input')).toBe('');
    expect(parseInputValue(' 1 ', '--input')).toBe(1);
  });

  it('says what to do with a value that holds itself or nests too deep', () => {
    expect(() => parseInputValue('&a [*a]', '--input')).toThrow(
      '--input has a value that holds itself through an alias: write the value out instead of referring to the anchor inside it.',
    );
    expect(() => parseInputValue(`${'['.repeat(70)}${']'.repeat(70)}`, '--input')).toThrow(
      '--input has a value nested more than 64 levels deep: nest lists and mappings at most 64 levels deep.',
    );
  });
});

describe('parseTypedInputValue: --input NAME:TYPE=VALUE', () => {
  const typed = (text: string, type: 'string' | 'number' | 'boolean' | 'array') =>
    parseTypedInputValue(text, type, '--input', 'n');
  const refusal = (text: string, type: 'number' | 'boolean' | 'array'): string => {
    try {
      typed(text, type);
    } catch (error) {
      if (error instanceof InputError) return error.message;
      throw error;
    }
    throw new Error(`no error for ${text}`);
  };

  it('sends text as written, whatever it looks like', () => {
    expect(typed('1.10', 'string')).toBe('1.10');
    expect(typed('true', 'string')).toBe('true');
    expect(typed('', 'string')).toBe('');
  });

  it('reads a number in JSON’s grammar, a boolean as true or false, a list as YAML', () => {
    expect(typed('1.10', 'number')).toBe(1.1);
    expect(typed('-3e2', 'number')).toBe(-300);
    expect(typed('0', 'number')).toBe(0);
    expect(typed('true', 'boolean')).toBe(true);
    expect(typed('false', 'boolean')).toBe(false);
    expect(typed('[a, 2, "3"]', 'array')).toEqual(['a', 2, '3']);
    expect(typed('["x"]', 'array')).toEqual(['x']);
    expect(typed('[]', 'array')).toEqual([]);
  });

  it.each([
    ['', 'number'],
    [' 1', 'number'],
    ['1 ', 'number'],
    ['0x10', 'number'],
    ['1e999', 'number'],
    ['01', 'number'],
    ['.5', 'number'],
    ['NaN', 'number'],
  ] as const)('refuses %j as a number', (text, type) => {
    expect(refusal(text, type)).toBe(
      `--input gives 'n' '${text}', which is not a number: write n:number=42, or n=VALUE for text.`,
    );
  });

  it.each(['True', 'yes', '1', ''])('refuses %j as a boolean', (text) => {
    expect(refusal(text, 'boolean')).toBe(
      `--input gives 'n' '${text}', which is not true or false: write n:boolean=true, or n=VALUE for text.`,
    );
  });

  it.each(['a', '', ' ', '{a: 1}', '3'])('refuses %j as a list', (text) => {
    expect(refusal(text, 'array')).toBe(
      `--input gives 'n' '${text}', which is not a list: write n:array=[a, b], or n=VALUE for text.`,
    );
  });
});

describe('rewrittenNumberWarning', () => {
  it('says what GitLab receives and how to send the text', () => {
    expect(
      rewrittenNumberWarning("Input 'inputs'", { name: 'version', written: '1.10', sent: '1.1' }),
    ).toBe(
      "Input 'inputs' gives 'version' the number 1.10, which YAML reads as 1.1: GitLab receives 1.1. Quote it ('1.10') to send the text 1.10.",
    );
  });
});
