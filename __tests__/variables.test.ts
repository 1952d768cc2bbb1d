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

describe('parseVariables, what the user reads when it refuses', () => {
  const FIX = "write one 'KEY: value' per line, a JSON object, or 'KEY=value' lines";

  it('says what to write for a text that is no mapping, comments alone included', () => {
    for (const text of ['- a\n- b', '# only a comment', 'A B=1']) {
      expect(failure(text).message).toBe(`variables is not a mapping: ${FIX}.`);
    }
  });

  it('names the line of a YAML error, line 10 and beyond, in the parser words without its position', () => {
    const nine = Array.from({ length: 9 }, (_, i) => `K${i}: v`).join('\n');
    expect(failure(`${nine}\nK10:       x: y`).message).toBe(
      `variables is not valid YAML at line 10 (Nested mappings are not allowed in compact mappings): ${FIX}.`,
    );
    expect(failure('A=1\nB: 2').message).toBe(
      `variables is not valid YAML at line 1 (Implicit keys need to be on a single line): ${FIX}.`,
    );
  });

  it('says a bracket left open is found only at its end, trailing blank lines or not', () => {
    const open = '(Flow map in block collection must be sufficiently indented and end with a })';
    for (const text of ['A: {', 'A: {\n\n', '  A: {']) {
      expect(failure(text).message).toBe(
        `variables is not valid YAML at its end (is a bracket or a quote left open?) ${open}: ${FIX}.`,
      );
    }
  });

  it('says a key was given twice rather than any other error of the text', () => {
    expect(failure('B: [1, 2\nA: 1\nA: 2').message).toBe(
      'variables has a key twice (line 3): give each variable once.',
    );
    expect(failure('A: 1\nA: 2\nB: {').message).toBe(
      'variables has a key twice (line 2): give each variable once.',
    );
    expect(failure('A=1\nA=2').message).toBe(
      "variables gives variable 'A' twice: give each variable once.",
    );
  });

  it('says what to do with a list, a reserved name, a key that is not text, a second document', () => {
    expect(failure('A: [1, 2]').message).toBe(
      "variables gives variable 'A' a list or mapping: GitLab variables are text; write it as one string (a JSON text in quotes, or a block with '|').",
    );
    expect(failure('TRIGGER_PAYLOAD: x').message).toBe(
      'variables sets TRIGGER_PAYLOAD, which GitLab sets itself from the request: choose another name.',
    );
    expect(failure('? [a, b]\n: 1').message).toBe(
      'variables has a key that is not plain text: variable keys are names such as DEPLOY_ENV.',
    );
    expect(failure('A: 1\n---\nB: 2').message).toBe(
      `variables holds more than one YAML document (a '---' or '...' line, at line 2): ${FIX}.`,
    );
  });

  it('takes an alias named like nothing as the missing anchor it is', () => {
    expect(failure('A: *undefined').message).toBe(
      "variables has *undefined, which refers to no anchor: quote a value that starts with * ('*undefined').",
    );
  });

  it('reads KEY=value lines around blank lines of spaces and indented comments', () => {
    expect(parse('A=1\n   \nB=2\n  # a comment')).toEqual({ A: '1', B: '2' });
  });

  it('sends an empty string for a key written without a value at all', () => {
    expect(parse('? A\n')).toEqual({ A: '' });
    expect(parse('{A, B: 1}')).toEqual({ A: '', B: '1' });
  });
});
