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
export function parseInputs(value: string, input: string): Record<string, PipelineInputValue> {
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
    result[name] = typed(node, yaml, { input, name });
  }
  return result;
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
    )
      return n;
  }
  return text;
}
