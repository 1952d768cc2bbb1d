import { describe, expect, it } from '@jest/globals';
import { InputError } from '../src/core/errors.js';
import { parseVariables } from '../src/core/parse/variables.js';

const parse = (text: string) => ({ ...parseVariables(text, 'variables') });
const failure = (text: string): InputError => {
  try {
    parseVariables(text, 'variables');
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
};

describe('parseVariables', () => {
  it('keeps numbers, leading zeros and YAML 1.1 booleans as the text written', () => {
    expect(
      parse('VERSION: 1.10\nBUILD: 007\nDEPLOY: yes\nOFF: off\nNOTHING: ~\nTRUE: true'),
    ).toEqual({
      VERSION: '1.10',
      BUILD: '007',
      DEPLOY: 'yes',
      OFF: 'off',
      NOTHING: '~',
      TRUE: 'true',
    });
  });

  it('keeps the newlines of block scalars', () => {
    expect(parse('NOTES: |\n  line one\n  line two\nFOLDED: >\n  a\n  b\n')).toEqual({
      NOTES: 'line one\nline two\n',
      FOLDED: 'a b\n',
    });
  });

  it('sends an empty string for a key with no value', () => {
    expect(parse('EMPTY:\nQUOTED: ""')).toEqual({ EMPTY: '', QUOTED: '' });
  });

  it('reads a JSON object, keeping numbers and booleans as their text', () => {
    expect(parse('{"A": 1.10, "B": true, "C": "x"}')).toEqual({ A: '1.10', B: 'true', C: 'x' });
  });

  it('reads KEY=value lines, keeping every = after the first in the value', () => {
    expect(parse('A=x=y\nB=\n# a comment\n\nURL=https://example.com/?a=1&b=2')).toEqual({
      A: 'x=y',
      B: '',
      URL: 'https://example.com/?a=1&b=2',
    });
  });

  it('keeps commas, quotes and colons inside values', () => {
    expect(parse(`LIST: "a, b, c"\nJSON: '{"k": "v"}'\nTIME: "12:30"`)).toEqual({
      LIST: 'a, b, c',
      JSON: '{"k": "v"}',
      TIME: '12:30',
    });
  });

  it('stores a key named __proto__ as a variable, not as the prototype', () => {
    const result = parseVariables('__proto__: x', 'variables');
    expect(Object.keys(result)).toEqual(['__proto__']);
    expect(result['__proto__']).toBe('x');
  });

  it('reads nothing from an empty input', () => {
    expect(parse('')).toEqual({});
    expect(parse('  \n')).toEqual({});
  });

  it.each([
    ['MY-VAR: x', "has 'MY-VAR', which is not a valid variable key"],
    ['MY-VAR=x', "has 'MY-VAR', which is not a valid variable key"],
    [`${'A'.repeat(256)}: x`, 'at most 255 characters'],
    ['TRIGGER_PAYLOAD: x', 'sets TRIGGER_PAYLOAD, which GitLab sets itself'],
    ['A: 1\nA: 2', 'has a key twice'],
    ['A=1\nA=2', "gives variable 'A' twice"],
    ['A:\n  B: 1', "gives variable 'A' a list or mapping"],
    ['A: [1, 2]', "gives variable 'A' a list or mapping"],
    ['- a\n- b', 'is not a mapping'],
    ['just text', 'is not a mapping'],
    ['A: "unclosed', 'is not valid YAML'],
  ])('refuses %j, naming the problem', (text, expected) => {
    const error = failure(text);
    expect(error.input).toBe('variables');
    expect(error.message).toMatch(/^variables /);
    expect(error.message).toContain(expected);
    expect(error.message).not.toContain('\n');
  });

  it('refuses an alias to no anchor rather than sending an empty value', () => {
    expect(() => parseVariables('GLOB: *.txt', 'variables')).toThrow(
      "variables has *.txt, which refers to no anchor: quote a value that starts with * ('*.txt').",
    );
  });

  it('keeps a message on one line when a key holds a line break', () => {
    const error = failure('"A\\nB": x');
    expect(error.message).toContain("has 'A\\nB', which is not a valid variable key");
    expect(error.message).not.toContain('\n');
  });

  it('names the line of a YAML error', () => {
    expect(failure('A: 1\nB: 2\nC: x: y\nD: 4').message).toMatch(
      /^variables is not valid YAML at line 3 \(/,
    );
    expect(failure('A: 1\nB: 2\nA: 3').message).toContain('has a key twice (line 3)');
    expect(failure('A: 1\nB: [1,\nC: 3').message).not.toContain('line ?');
  });

  it('refuses deeply nested JSON with an error naming the input, never a crash', () => {
    for (const depth of [100, 2_000, 50_000]) {
      const error = failure(`{"A": ${'['.repeat(depth)}${']'.repeat(depth)}}`);
      expect(error.message).toMatch(/^variables (is nested too deeply|gives variable 'A' a list)/);
    }
  });

  it('refuses an alias bomb at once, naming the input', () => {
    const levels = 'abcdefghi'.split('');
    const bomb = levels
      .map((name, i) =>
        i === 0
          ? `${name}: &${name} [x, x, x, x, x, x, x, x, x]`
          : `${name}: &${name} [${Array(9)
              .fill(`*${levels[i - 1]}`)
              .join(', ')}]`,
      )
      .join('\n');
    const started = Date.now();
    expect(failure(bomb).message).toMatch(/^variables has aliases .* more than 100 times/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('accepts a key of exactly 255 characters', () => {
    const key = 'K'.repeat(255);
    expect(parse(`${key}: v`)).toEqual({ [key]: 'v' });
  });
});
