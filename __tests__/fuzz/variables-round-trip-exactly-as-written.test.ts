import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseVariables } from '../../src/core/parse/variables.js';
import {
  anyText,
  canBeBlock,
  hasLineBreak,
  inputErrorOf,
  scalarStyle,
  sortedEntries,
  variableEntries,
  variableKey,
  yamlBlock,
  yamlValue,
  type ScalarStyle,
} from './generators.js';

// Whatever form the variables are written in, GitLab must receive the very text written.

const NAME = 'variables';
const parse = (text: string) => parseVariables(text, NAME);
const expectExactly = (text: string, entries: [string, string][]) =>
  expect(sortedEntries(parse(text))).toEqual(sortedEntries(Object.fromEntries(entries)));

function yamlMapping(entries: [string, string][], styles: ScalarStyle[], quoteKeys: boolean[]) {
  return entries
    .map(([key, value], i) => {
      const written = quoteKeys[i] ? `"${key}"` : key;
      return `${written}:${yamlValue(value, styles[i % styles.length] ?? 'double')}`;
    })
    .join('');
}

describe('variables written as a YAML mapping', () => {
  it('arrive exactly as written, in every scalar style a user writes', () => {
    fc.assert(
      fc.property(
        variableEntries(anyText, 8),
        fc.array(scalarStyle, { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { maxLength: 8 }),
        (entries, styles, quoteKeys) => {
          expectExactly(yamlMapping(entries, styles, quoteKeys), entries);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keep every line, leading space and trailing newline of a literal block', () => {
    const blockText = fc
      .array(
        fc.oneof(
          fc.constant(''),
          fc.constantFrom(' ', '   ', '\t', '  indented', '#hash', 'key: value', '- item', '...'),
          fc.string({ unit: 'grapheme', maxLength: 20 }),
        ),
        { minLength: 1, maxLength: 6 },
      )
      .map((lines) => lines.join('\n'))
      .filter(canBeBlock);
    fc.assert(
      fc.property(variableEntries(blockText, 4), (entries) => {
        const text = entries.map(([key, value]) => `${key}: ${yamlBlock(value)}`).join('');
        expectExactly(text, entries);
      }),
      { numRuns: 300 },
    );
  });

  it('read values YAML 1.1 would retype as the same text', () => {
    fc.assert(
      fc.property(
        variableEntries(fc.constantFrom('1.10', '007', 'yes', 'off', '~', 'null', '0x1F', '.inf')),
        (entries) => {
          expectExactly(entries.map(([k, v]) => `${k}: ${v}\n`).join(''), entries);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('variables written as a JSON object', () => {
  it('arrive exactly as written, compact or indented', () => {
    fc.assert(
      fc.property(variableEntries(anyText, 8), fc.boolean(), (entries, indented) => {
        const text = JSON.stringify(Object.fromEntries(entries), null, indented ? 2 : undefined);
        expectExactly(text, entries);
      }),
      { numRuns: 300 },
    );
  });
});

describe('variables written as KEY=value lines', () => {
  const oneLine = anyText.filter((value) => !hasLineBreak(value));

  it('arrive exactly as written, every = after the first kept in the value', () => {
    fc.assert(
      fc.property(
        variableEntries(oneLine, 8),
        fc.array(fc.constantFrom('', '  ', '\t'), { minLength: 1 }),
        fc.array(fc.constantFrom('', ' ', '\t'), { minLength: 1 }),
        fc.array(fc.constantFrom('', '# a comment\n', '\n', '   \n'), { minLength: 1 }),
        fc.constantFrom('\n', '\r\n'),
        (entries, indents, gaps, extras, eol) => {
          const text = entries
            .map(([key, value], i) => {
              const n = (list: string[]) => list[i % list.length] ?? '';
              return `${n(extras)}${n(indents)}${key}${n(gaps)}=${value}${eol}`;
            })
            .join('');
          expectExactly(text, entries);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('variables GitLab cannot take are refused in every form', () => {
  const forms = fc.constantFrom('yaml', 'json', 'lines');
  const write = (form: string, entries: [string, string][]) =>
    form === 'json'
      ? `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`
      : form === 'yaml'
        ? entries.map(([k, v]) => `${k}: ${JSON.stringify(v)}\n`).join('')
        : entries.map(([k, v]) => `${k}=${v}\n`).join('');
  const plainValue = fc.stringMatching(/^[a-z0-9 .=]{0,10}$/);

  it('refuses a key given twice, naming the input', () => {
    fc.assert(
      fc.property(
        variableEntries(plainValue, 5),
        plainValue,
        fc.nat(),
        forms,
        (entries, again, at, form) => {
          fc.pre(entries.length > 0);
          const [key] = entries[at % entries.length] ?? ['', ''];
          const text = write(form, [...entries, [key, again]]);
          expect(inputErrorOf(() => parse(text), NAME).message).toContain('twice');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses TRIGGER_PAYLOAD, which GitLab sets itself', () => {
    fc.assert(
      fc.property(variableEntries(plainValue, 4), plainValue, forms, (entries, value, form) => {
        const text = write(form, [...entries, ['TRIGGER_PAYLOAD', value]]);
        expect(inputErrorOf(() => parse(text), NAME).message).toContain('TRIGGER_PAYLOAD');
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a key that is not a GitLab variable name, quoting it', () => {
    const badKey = fc
      .oneof(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
        fc.stringMatching(/^[A-Za-z0-9_]{256,300}$/),
        fc.constantFrom('MY-VAR', 'a.b', 'ключ', 'with space', '$X', 'A\nB'),
      )
      .filter((key) => !/^[A-Za-z0-9_]{1,255}$/.test(key));
    fc.assert(
      fc.property(badKey, plainValue, (key, value) => {
        const text = `${JSON.stringify(key)}: ${JSON.stringify(value)}\n`;
        const error = inputErrorOf(() => parse(text), NAME);
        expect(error.message).toContain('not a valid variable key');
      }),
      { numRuns: 200, examples: [['A\nB', 'x']] },
    );
  });

  it('refuses an alias to no anchor rather than sending an empty value', () => {
    const anchorName = fc.stringMatching(/^[a-z0-9_.*-]{1,12}$/);
    fc.assert(
      fc.property(variableKey, anchorName, (key, name) => {
        inputErrorOf(() => parse(`${key}: *${name}\n`), NAME);
      }),
      { numRuns: 50, examples: [['GLOB', '.txt']] },
    );
  });
});
