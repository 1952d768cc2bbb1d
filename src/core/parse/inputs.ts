import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  Scalar,
  type Document,
  type Node,
} from 'yaml';
import { InputError, quoted } from '../errors.js';
import type { PipelineInputValue } from '../settings.js';
import { firstLine, newRecord, refuseUnknownAliases } from './variables.js';

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
export function parseInputs(value: string, input: string): Record<string, PipelineInputValue> {
  if (value.trim() === '') return {};
  const doc = parse(value, input);
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
    const name = isScalar(keyNode) ? String(keyNode.value) : '';
    if (!NAME.test(name)) {
      throw new InputError(
        input,
        `has ${quoted(name)}, which is not a valid input name`,
        `use letters, digits, '_' and '-'`,
      );
    }
    const node = resolve(pair.value as Node | null, doc);
    if (isMap(node)) {
      throw new InputError(
        input,
        `gives ${quoted(name)} a mapping`,
        `pipeline inputs are strings, numbers, booleans or lists`,
      );
    }
    result[name] = typed(node, doc);
  }
  return result;
}

/** Types one value written on its own, as the command line's `--input name=value` gives it. */
export function parseInputValue(text: string, input: string): PipelineInputValue {
  if (text.trim() === '') return text;
  const doc = parse(text, input);
  return typed(resolve(doc.contents as Node | null, doc), doc);
}

function parse(value: string, input: string): Document {
  const doc = parseDocument(value, { schema: 'failsafe', uniqueKeys: true, prettyErrors: false });
  const [error] = doc.errors;
  if (error) {
    const what =
      error.code === 'DUPLICATE_KEY'
        ? 'has a name twice'
        : `is not valid YAML at line ${error.linePos?.[0].line ?? '?'} (${firstLine(error.message)})`;
    throw new InputError(input, `${what}`, `write one 'name: value' per line, or a JSON object`);
  }
  refuseUnknownAliases(doc, input);
  return doc;
}

function resolve(node: Node | null, doc: Document | undefined): Node | null {
  return isAlias(node) && doc ? ((node.resolve(doc) as Node | undefined) ?? null) : node;
}

function typed(node: Node | null, doc: Document | undefined): PipelineInputValue {
  if (node == null) return '';
  if (isSeq(node)) return node.items.map((item) => typed(resolve(item as Node | null, doc), doc));
  if (isMap(node)) {
    const out = newRecord<PipelineInputValue>();
    for (const pair of node.items) {
      out[String(isScalar(pair.key) ? pair.key.value : pair.key)] = typed(
        resolve(pair.value as Node | null, doc),
        doc,
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
    )
      return n;
  }
  return text;
}
