import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseInputs, parseInputValue } from '../../src/core/parse/pipeline-inputs.js';
import type { PipelineInputValue } from '../../src/core/settings.js';
import {
  anyText,
  canBePlain,
  expectNamesTheInput,
  INPUT_NAME,
  inputErrorOf,
  JSON_NUMBER,
  outcome,
  sortedEntries,
  yamlDoubleQuoted,
} from './generators.js';

// spec:inputs are typed: what is written as a number, a boolean or a list arrives as one.

const NAME = 'inputs';

type Scalar = string | number | boolean;
type Value = Scalar | Value[];

/** JSON writes -0 as 0, so the value written is 0. */
const number = fc.oneof(
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
);
const scalar: fc.Arbitrary<Scalar> = fc.oneof(number, fc.boolean(), anyText);
const value: fc.Arbitrary<Value> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.array(fc.array(scalar, { maxLength: 3 }), { maxLength: 3 }) },
);
const inputName = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[a-zA-Z0-9_-]{1,30}$/) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', '0', '-', 'dry-run') },
);
const inputEntries = fc.uniqueArray(fc.tuple(inputName, value), {
  selector: ([name]) => name,
  maxLength: 6,
});

/** A scalar as YAML: numbers and booleans plain, text plain only when it cannot be retyped. */
function yamlScalar(v: Scalar, plainText: boolean): string {
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  const retyped = v === 'true' || v === 'false' || JSON_NUMBER.test(v);
  return plainText && !retyped && canBePlain(v) && !/[,[\]{}]/.test(v)
    ? v
    : yamlDoubleQuoted(v, false);
}

function yamlValue(v: Value, plainText: boolean, block: boolean): string {
  if (!Array.isArray(v)) return ` ${yamlScalar(v, plainText)}\n`;
  const flow = (item: Value): string =>
    Array.isArray(item) ? `[${item.map(flow).join(', ')}]` : yamlScalar(item, plainText);
  if (!block || v.length === 0) return ` ${flow(v)}\n`;
  return `\n${v.map((item) => `  - ${flow(item)}\n`).join('')}`;
}

const expected = (entries: [string, Value][]) => sortedEntries(Object.fromEntries(entries));

describe('inputs written as a JSON object', () => {
  it('arrive with the types and values written', () => {
    fc.assert(
      fc.property(inputEntries, fc.boolean(), (entries, indented) => {
        const text = JSON.stringify(Object.fromEntries(entries), null, indented ? 2 : undefined);
        expect(sortedEntries(parseInputs(text, NAME))).toEqual(expected(entries));
      }),
      { numRuns: 300 },
    );
  });
});

describe('inputs written as a YAML mapping', () => {
  it('arrive with the types and values written, lists in flow or block style', () => {
    fc.assert(
      fc.property(inputEntries, fc.boolean(), fc.boolean(), (entries, plainText, block) => {
        const text = entries
          .map(([name, v]) => `${name}:${yamlValue(v, plainText, block)}`)
          .join('');
        expect(sortedEntries(parseInputs(text, NAME))).toEqual(expected(entries));
      }),
      { numRuns: 300 },
    );
  });
});

/** What parseInputs may return: JSON values, finite numbers, no mapping at the top. */
function expectPipelineValue(v: PipelineInputValue, top: boolean): void {
  if (Array.isArray(v)) return v.forEach((item) => expectPipelineValue(item, false));
  if (typeof v === 'number') return expect(Number.isFinite(v)).toBe(true);
  if (typeof v === 'string' || typeof v === 'boolean') return;
  expect(top).toBe(false); // a mapping inside a list is GitLab's to judge
  expect(typeof v).toBe('object');
  for (const item of Object.values(v)) expectPipelineValue(item, false);
}

const anyInputsText = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .array(
        fc.oneof(
          anyText,
          fc.constantFrom('\n', '  ', ': ', '- ', '[', ']', '{', '}', ', ', '"', "'", '\\n'),
          fc.constantFrom('&a ', '*a', '!!int ', '1e400', '-0', '0x10', '9007199254740993', 'a-b'),
        ),
        { maxLength: 25 },
      )
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) },
);

describe('parseInputs on any text', () => {
  it('returns typed values under valid names, or an InputError naming the input in one line', () => {
    fc.assert(
      fc.property(anyInputsText, (text) => {
        const result = outcome(() => parseInputs(text, NAME));
        if (!result.ok) return expectNamesTheInput(result.error, NAME);
        for (const [name, v] of Object.entries(result.value)) {
          expect(name).toMatch(INPUT_NAME);
          expectPipelineValue(v, true);
        }
      }),
      { numRuns: 1500, examples: [['"a\\nb": 1']] },
    );
  });

  it('refuses an alias to no anchor rather than sending an empty value', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9_.*-]{1,12}$/), (anchor) => {
        inputErrorOf(() => parseInputs(`pattern: *${anchor}\n`, NAME), NAME);
        inputErrorOf(() => parseInputValue(`*${anchor}`, '--input'), '--input');
      }),
      { numRuns: 50, examples: [['.txt']] },
    );
  });

  it('types one --input value, or names the option in one line', () => {
    fc.assert(
      fc.property(anyInputsText, (text) => {
        const result = outcome(() => parseInputValue(text, '--input'));
        if (!result.ok) return expectNamesTheInput(result.error, '--input');
        expectPipelineValue(result.value, false);
      }),
      { numRuns: 300 },
    );
  });
});
