import { isMap, isScalar, isSeq, Scalar, type Node } from 'yaml';
import { InputError, quoted } from '../errors.js';
import type { PipelineInputValue } from '../settings.js';
import { newRecord } from './variables.js';
import { readYaml, refuseTooDeep, type YamlDocument } from './yaml.js';

/** JSON's number grammar: what is sent as a number. `007`, `0x1F` and `.inf` stay text. */
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
/** Input names as GitLab's `spec:inputs` allow them. */
const NAME = /^[a-zA-Z0-9_-]+$/;

/**
 * Reads pipeline inputs (`spec:inputs`) written as a YAML mapping or JSON object, typed the
 * way a reader expects: an unquoted number is a number, `true`/`false` a boolean, a list a
 * list, and anything quoted is text. Every other plain word (`yes`, `null`, `1.2.3`) is
 * text too, as YAML 1.2 reads it.
 */
export function parseInputs(
  value: string,
  input: string,
  rewritten?: RewrittenNumber[],
): Record<string, PipelineInputValue> {
  if (value.trim() === '') return {};
  const yaml = parse(value, input);
  const { doc } = yaml;
  if (!isMap(doc.contents)) {
    throw new InputError(
      input,
      `is not a mapping`,
      `write one 'name: value' per line, or a JSON object`,
    );
  }
  const result = newRecord<PipelineInputValue>();
  for (const pair of doc.contents.items) {
    const keyNode = pair.key as Node | null;
    // A key that is a list or a mapping (`? [a, b]`) is named as written.
    const name = isScalar(keyNode) ? String(keyNode.value) : (keyNode?.toString().trim() ?? '');
    if (!NAME.test(name)) {
      throw new InputError(
        input,
        `has ${quoted(name)}, which is not a valid input name`,
        `use letters, digits, '_' and '-'`,
      );
    }
    const node = yaml.resolve(pair.value as Node | null);
    if (isMap(node)) {
      throw new InputError(
        input,
        `gives ${quoted(name)} a mapping`,
        `pipeline inputs are strings, numbers, booleans or lists`,
      );
    }
    result[name] = typed(node, yaml, { input, name, rewritten });
  }
  return result;
}

/** A plain YAML number that is sent written otherwise than it was: `1.10` goes as 1.1. */
export interface RewrittenNumber {
  /** The input's name. */
  readonly name: string;
  readonly written: string;
  readonly sent: string;
}

/**
 * The numbers of an inputs mapping that GitLab would receive written otherwise (`1.10` as
 * 1.1, `1.0` as 1, `1e3` as 1000): YAML reads them as numbers, and a version number is
 * rarely meant as one. Empty when the text is not a valid mapping (that error is told apart).
 */
export function rewrittenNumbers(value: string, input: string): RewrittenNumber[] {
  const rewritten: RewrittenNumber[] = [];
  try {
    parseInputs(value, input, rewritten);
  } catch {
    return [];
  }
  return rewritten;
}

/**
 * One line saying what a rewritten number becomes and how to keep it as written; `where`
 * names the setting as the host does (`Input 'inputs'`, `--inputs-file`).
 */
export function rewrittenNumberWarning(where: string, r: RewrittenNumber): string {
  return `${where} gives '${r.name}' the number ${r.written}, which YAML reads as ${r.sent}: GitLab receives ${r.sent}. Quote it ('${r.written}') to send the text ${r.written}.`;
}

/** GitLab's `spec:inputs` types, as `--input NAME:TYPE=VALUE` names them. */
export const INPUT_TYPES = ['string', 'number', 'boolean', 'array'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

/**
 * One value typed as the command line's `--input NAME:TYPE=VALUE` says: text unless a type
 * is named, so `version=1.10` sends the text 1.10; `number` takes JSON's number grammar,
 * `boolean` true or false, `array` a YAML or JSON list (`[a, 2]`) typed as an inputs file is.
 */
export function parseTypedInputValue(
  text: string,
  type: InputType,
  input: string,
  name: string,
): PipelineInputValue {
  const refuse = (what: string): InputError =>
    new InputError(
      input,
      `gives ${quoted(name)} ${quoted(text)}, which is not ${what}`,
      `write ${name}:${type}=${type === 'number' ? '42' : type === 'boolean' ? 'true' : '[a, b]'}, or ${name}=VALUE for text`,
    );
  switch (type) {
    case 'string':
      return text;
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true';
      throw refuse('true or false');
    case 'number': {
      const n = Number(text);
      if (NUMBER.test(text) && Number.isFinite(n)) return n;
      throw refuse('a number');
    }
    case 'array': {
      const value = text.trim() === '' ? undefined : parseInputValue(text, input);
      if (Array.isArray(value)) return value;
      throw refuse('a list');
    }
  }
}

/** Types one value written on its own, as the command line's `--input name=value` gives it. */
export function parseInputValue(text: string, input: string): PipelineInputValue {
  if (text.trim() === '') return text;
  const yaml = parse(text, input);
  return typed(yaml.resolve(yaml.doc.contents as Node | null), yaml, { input });
}

function parse(value: string, input: string): YamlDocument {
  return readYaml(value, input, {
    fix: `write one 'name: value' per line, or a JSON object`,
    duplicate: (line) => [`has a name twice (${line})`, `give each input once`],
  });
}

interface Walk {
  readonly input: string;
  /** The input's name, for messages. */
  readonly name?: string;
  readonly depth?: number;
  /** The lists and mappings being read, outermost first: one met again holds itself. */
  readonly open?: ReadonlySet<Node>;
  /** Where the numbers sent written otherwise are noted, when asked. */
  readonly rewritten?: RewrittenNumber[];
}

function typed(node: Node | null, yaml: YamlDocument, walk: Walk): PipelineInputValue {
  if (node == null) return '';
  if (isSeq(node) || isMap(node)) {
    const depth = (walk.depth ?? 0) + 1;
    refuseTooDeep(depth, walk.input, walk.name, node, walk.open ?? new Set());
    const inner = { ...walk, depth, open: new Set(walk.open).add(node) };
    if (isSeq(node))
      return node.items.map((item) => typed(yaml.resolve(item as Node), yaml, inner));
    const out = newRecord<PipelineInputValue>();
    for (const pair of node.items) {
      out[String(isScalar(pair.key) ? pair.key.value : pair.key)] = typed(
        yaml.resolve(pair.value as Node | null),
        yaml,
        inner,
      );
    }
    return out;
  }
  if (!isScalar(node)) return '';
  const text = String(node.value ?? '');
  if (node.type !== Scalar.PLAIN) return text;
  if (text === 'true' || text === 'false') return text === 'true';
  if (NUMBER.test(text)) {
    const n = Number(text);
    // A number too long to survive as a double (a long id) is sent as written.
    if (
      Number.isFinite(n) &&
      (String(n) === text || !/^-?\d+$/.test(text) || Number.isSafeInteger(n))
    ) {
      const sent = JSON.stringify(n);
      if (sent !== text) walk.rewritten?.push({ name: walk.name ?? '', written: text, sent });
      return n;
    }
  }
  return text;
}
