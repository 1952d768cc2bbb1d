import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseVariables } from '../../src/core/parse/variables.js';
import { anyText, expectNamesTheInput, outcome, VARIABLE_KEY } from './generators.js';

// Whatever a user pastes into `variables`, the parser answers with variables GitLab accepts
// or with one line that names the input — never with a stray exception.

const names = fc.constantFrom('variables', '--variables-file', '--var');

/** Pieces of YAML, JSON and KEY=value syntax, so that random text reaches deep branches. */
const FRAGMENTS = [
  '\n',
  '\r\n',
  '\r',
  '  ',
  '\t',
  ': ',
  ':',
  '=',
  '- ',
  '"',
  "'",
  '\\n',
  '\\',
  '[',
  ']',
  '{',
  '}',
  ', ',
  '# ',
  '#',
  '&a ',
  '*a',
  '!!str ',
  '!!map ',
  '!x ',
  '? ',
  '|',
  '|-',
  '|+',
  '>',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '<<: ',
  'A',
  'B_2',
  'MY-VAR',
  'TRIGGER_PAYLOAD',
  '__proto__',
  'K'.repeat(256),
  '1.10',
  'yes',
  '~',
  'null',
  '\u2028',
  '\u0085',
  '\ufeff',
  '\u0000',
];

const yamlish = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), anyText), { maxLength: 25 })
  .map((parts) => parts.join(''));

const anyInput = fc.oneof(
  { weight: 3, arbitrary: yamlish },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.anything().map((v) => JSON.stringify(v) ?? '') },
);

describe('parseVariables on any text', () => {
  it('returns text values under GitLab variable keys, or an InputError naming the input in one line', () => {
    fc.assert(
      fc.property(anyInput, names, (text, name) => {
        const result = outcome(() => parseVariables(text, name));
        if (!result.ok) return expectNamesTheInput(result.error, name);
        for (const [key, value] of Object.entries(result.value)) {
          expect(key).toMatch(VARIABLE_KEY);
          expect(key).not.toBe('TRIGGER_PAYLOAD');
          expect(typeof value).toBe('string');
        }
        // Stored as data, so that no key (`__proto__`) can reach a prototype.
        if (Object.keys(result.value).length > 0) {
          expect(Object.getPrototypeOf(result.value)).toBeNull();
        }
      }),
      {
        numRuns: 1500,
        examples: [
          ['"A\\nB": x', 'variables'],
          ['"A\\nB": [1]', 'variables'],
        ],
      },
    );
  });

  it('reads one KEY=value line as that variable, whatever follows the first =', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,30}$/),
        fc.stringMatching(/^[^\n\r\u2028\u2029]*$/),
        (key, value) => {
          fc.pre(key !== 'TRIGGER_PAYLOAD');
          expect({ ...parseVariables(`${key}=${value}`, 'variables') }).toEqual({ [key]: value });
        },
      ),
      { numRuns: 300 },
    );
  });
});
