/**
 * Generators and checks shared by the property-based tests in this folder: what users write
 * (values YAML would retype, keys, quoting styles), and the one contract every parser keeps:
 * it returns settings, or throws an InputError that names the input in one line.
 */
import { expect } from '@jest/globals';
import fc from 'fast-check';
import { InputError } from '../../src/core/errors.js';
// Every property here runs on the seed FUZZ_SEED names, and a failure says how to replay it.
import './seed.js';

/** GitLab's rule for variable keys (Ci::HasVariable): letters, digits and `_`, 1–255 of them. */
export const VARIABLE_KEY = /^[A-Za-z0-9_]{1,255}$/;
/** spec:inputs names. */
export const INPUT_NAME = /^[a-zA-Z0-9_-]+$/;
/** JSON's number grammar (RFC 8259 §6), which the README promises is what becomes a number. */
export const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Characters outside YAML 1.2's c-printable set (§5.1), and lone surrogates: a YAML author
 * cannot type them raw, only as escapes in a double-quoted scalar.
 */
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

/** Text that YAML 1.1, YAML 1.2 or a hurried reader would take for something else. */
export const TRICKY_TEXTS = [
  '1.10',
  '007',
  '0x1F',
  '0o17',
  '1e3',
  '-1',
  '+1',
  '.5',
  '.inf',
  '-.Inf',
  '.nan',
  'yes',
  'No',
  'on',
  'OFF',
  'true',
  'False',
  'y',
  '~',
  'null',
  'NULL',
  '12:30',
  '2024-01-01',
  '1_000',
  '<<',
  '=',
  'a=b=c',
  'https://x.example/?a=1&b=2#frag',
  ' leading',
  'trailing ',
  '  both  ',
  'a: b',
  'a:b',
  'a #b',
  'a#b',
  '# not a comment',
  '"double"',
  "'single'",
  "it's",
  'say "hi"',
  '- item',
  '-item',
  '? key',
  '[a, b]',
  '{a: 1}',
  '*alias',
  '&anchor',
  '!tag',
  '!!str',
  '|',
  '>',
  '%YAML',
  '@at',
  '`tick`',
  '---',
  '...',
  'back\\slash',
  '\\n',
  'tab\there',
  'line one\nline two',
  'trailing newline\n',
  'two trailing\n\n',
  '\nleading newline',
  'crlf\r\nline',
  'ünïcödé',
  '日本語',
  '😀 emoji',
  'e\u0301',
  '\u00a0nbsp',
  'zero\u200bwidth',
  '\ufeffbom',
  'nel\u0085line',
  'ls\u2028ps\u2029',
  'nul\u0000byte',
  'esc\u001b[0m',
  'del\u007f',
  '',
  ' ',
  '\t',
];

/** Any string, leaning towards text that breaks naive YAML and KEY=value handling. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY_TEXTS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.oneof(
          fc.constantFrom(...TRICKY_TEXTS),
          fc.string({ maxLength: 6 }),
          fc.constantFrom(': ', ' #', '\n', '=', '"', "'", '\\', ' ', '\t', '\r\n'),
        ),
        { maxLength: 6 },
      )
      .map((parts) => parts.join('')),
  },
);

/** Line breaks as YAML 1.1, JavaScript's `.` and Unicode count them. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;
export const hasLineBreak = (text: string): boolean => LINE_BREAK.test(text);

/** Valid variable keys, with the ones that trip up plain JavaScript objects. */
export const variableKey: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9_]{1,20}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_]{200,255}$/) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '__proto__',
        'constructor',
        'toString',
        'hasOwnProperty',
        '0',
        '123',
        '007',
        'y',
        'NULL',
        'true',
        '_',
        'K'.repeat(255),
        'TRIGGER_PAYLOAD_X',
      ),
    },
  )
  .filter((key) => key !== 'TRIGGER_PAYLOAD');

/** Maps of unique valid keys to values drawn by `value`. Kept as entries: order matters in YAML. */
export const variableEntries = (
  value: fc.Arbitrary<string>,
  maxLength = 6,
): fc.Arbitrary<[string, string][]> =>
  fc.uniqueArray(fc.tuple(variableKey, value), { selector: ([key]) => key, maxLength });

/**
 * A record built from entries as data, `__proto__` included; compared as sorted entries,
 * because JavaScript lists integer-like keys first whatever the order written.
 */
export const sortedEntries = (record: Record<string, unknown>): [string, unknown][] =>
  Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

// ---------------------------------------------------------------------------------------
// Writing YAML the ways people do.

const ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1b': '\\e',
  '"': '\\"',
  '\\': '\\\\',
  '\x85': '\\N',
  '\xa0': '\\_',
  '\u2028': '\\L',
  '\u2029': '\\P',
};

const hex = (code: number, width: number): string =>
  code.toString(16).toUpperCase().padStart(width, '0');

/**
 * A YAML double-quoted scalar (§7.3.1) using YAML's own escapes: the named ones, `\xXX`,
 * `\uXXXX` and `\UXXXXXXXX`. With `ascii`, everything beyond ASCII is escaped too.
 */
export function yamlDoubleQuoted(value: string, ascii: boolean): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const named = ESCAPES[char];
    if (named) out += named;
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${hex(code, 2)}`;
    else if (code >= 0xd800 && code <= 0xdfff)
      out += `\\u${hex(code, 4)}`; // a lone surrogate
    else if (code === 0xfeff || code === 0xfffe || code === 0xffff) out += `\\u${hex(code, 4)}`;
    else if (ascii && code > 0xffff) out += `\\U${hex(code, 8)}`;
    else if (ascii && code > 0x7e) out += `\\u${hex(code, 4)}`;
    else out += char;
  }
  return `${out}"`;
}

/** Whether a single-quoted scalar holds the value exactly: it folds line breaks. */
export const canBeSingleQuoted = (value: string): boolean =>
  !/[\n\r]/.test(value) && !NON_PRINTABLE.test(value) && !hasLoneSurrogate(value);

export const yamlSingleQuoted = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/**
 * Whether the value can be written as a plain scalar after `KEY: ` and read back as the
 * same text (§7.3.3): printable, one line, no surrounding white space, no `: ` or ` #`,
 * not ending in `:`, and not starting with an indicator (`-`, `?`, `:` only when followed
 * by a space or nothing).
 */
export function canBePlain(value: string): boolean {
  if (value === '' || hasLineBreak(value) || NON_PRINTABLE.test(value)) return false;
  if (hasLoneSurrogate(value) || value.includes('\ufeff') || value.includes('\x85')) return false;
  if (/^[ \t]|[ \t]$/.test(value)) return false;
  if (/:[ \t]|[ \t]#/.test(value) || value.endsWith(':')) return false;
  const first = value[0] ?? '';
  if ('[]{},#&*!|>\'"%@`'.includes(first)) return false;
  if ('-?:'.includes(first) && (value.length === 1 || /[ \t]/.test(value[1] ?? ''))) return false;
  return true;
}

/**
 * Whether a literal block scalar (§8.1.2) holds the value exactly. With an explicit
 * indentation indicator any line may start with spaces, and the chomping indicator keeps
 * exactly the trailing newlines written; what it cannot hold is a character outside
 * nb-char (non-printable, a byte order mark, a YAML 1.1 line break) or a carriage return,
 * which YAML normalises to a line feed. Nor, in practice, a last line of spaces only: by
 * YAML 1.2 a line `   ` under `|2` holds one space, but the yaml package (2.9) drops a
 * trailing line of spaces no deeper than the first line's indentation (`|2-` then `   x`
 * and `   ` reads ` x`). An editor strips such spaces anyway; that value is written quoted.
 */
export const canBeBlock = (value: string): boolean =>
  !/(^|\n) *\n*$/.test(value) &&
  !/[\r\u0085\u2028\u2029\ufeff]/.test(value) &&
  !NON_PRINTABLE.test(value) &&
  !hasLoneSurrogate(value);

/**
 * `|2-`, `|2` or `|2+` by how many newlines end the value, then every line indented by two
 * spaces (empty lines left empty). Always ends with a line break.
 */
export function yamlBlock(value: string): string {
  const trailing = /\n*$/.exec(value)?.[0].length ?? 0;
  const hasContent = value.length > trailing;
  const chomp = trailing === 0 ? '-' : trailing === 1 && hasContent ? '' : '+';
  const body = value
    .split('\n')
    .map((line) => (line === '' ? '' : `  ${line}`))
    .join('\n');
  return `|2${chomp}\n${body}${body.endsWith('\n') ? '' : '\n'}`;
}

export type ScalarStyle = 'plain' | 'single' | 'double' | 'double-ascii' | 'json' | 'block';
export const scalarStyle: fc.Arbitrary<ScalarStyle> = fc.constantFrom(
  'plain',
  'single',
  'double',
  'double-ascii',
  'json',
  'block',
);

/**
 * The value after `KEY:` in the style asked for, or double-quoted when that style cannot
 * hold it exactly. The result starts with a space (or is empty) and ends with a line break.
 */
export function yamlValue(value: string, style: ScalarStyle): string {
  if (value === '') return style === 'plain' ? '\n' : style === 'single' ? " ''\n" : ' ""\n';
  if (style === 'plain' && canBePlain(value)) return ` ${value}\n`;
  if (style === 'single' && canBeSingleQuoted(value)) return ` ${yamlSingleQuoted(value)}\n`;
  if (style === 'block' && canBeBlock(value)) return ` ${yamlBlock(value)}`;
  if (style === 'json') return ` ${JSON.stringify(value)}\n`;
  return ` ${yamlDoubleQuoted(value, style === 'double-ascii')}\n`;
}

// ---------------------------------------------------------------------------------------
// The contract every parser keeps.

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: InputError };

/** Runs a parser; anything thrown other than an InputError fails the property at once. */
export function outcome<T>(parse: () => T): Outcome<T> {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    if (error instanceof InputError) return { ok: false, error };
    throw error;
  }
}

/** An error that names the input it came from, first thing, on one line. */
export function expectNamesTheInput(error: InputError, name: string): void {
  expect(error).toBeInstanceOf(InputError);
  expect(error.input).toBe(name);
  expect(error.message.startsWith(`${name} `)).toBe(true);
  expect(error.message).not.toMatch(/[\r\n]/);
}

/** The error a parser throws for the input; fails when it returns instead. */
export function inputErrorOf(parse: () => unknown, name: string): InputError {
  const result = outcome(parse);
  if (result.ok) throw new Error(`expected an InputError, got ${JSON.stringify(result.value)}`);
  expectNamesTheInput(result.error, name);
  return result.error;
}
