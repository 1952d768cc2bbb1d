import { isAlias, isMap, isScalar, parseDocument, visit, type Document, type Node } from 'yaml';
import { InputError, quoted } from '../errors.js';

/** GitLab's rule for variable keys (Ci::HasVariable). */
const KEY = /^[a-zA-Z0-9_]+$/;
const MAX_KEY_LENGTH = 255;
/** GitLab adds this one itself; sending it fails with "Duplicate variable name". */
const RESERVED = 'TRIGGER_PAYLOAD';
/** A `KEY=value` line; the value is everything after the first `=`. */
const ASSIGNMENT = /^\s*([^\s=:{}[\]"']+)\s*=([^\n]*)$/;

/**
 * Reads pipeline variables written as a YAML mapping, a JSON object, or `KEY=value` lines.
 * Values are kept exactly as written: YAML's failsafe schema reads every scalar as its
 * text, so `1.10`, `007` and `yes` are sent as those characters, not as numbers or booleans.
 */
export function parseVariables(value: string, input: string): Record<string, string> {
  if (value.trim() === '') return {};
  const lines = value
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (lines.length > 0 && lines.every((l) => ASSIGNMENT.test(l))) {
    return fromAssignments(lines, input);
  }
  return fromYaml(value, input);
}

function fromAssignments(lines: string[], input: string): Record<string, string> {
  const result = newRecord<string>();
  for (const line of lines) {
    const [, key = '', rest = ''] = ASSIGNMENT.exec(line) ?? [];
    add(result, key, rest, input);
  }
  return result;
}

function fromYaml(value: string, input: string): Record<string, string> {
  const doc = parseDocument(value, { schema: 'failsafe', uniqueKeys: true, prettyErrors: false });
  const duplicate = doc.errors.find((e) => e.code === 'DUPLICATE_KEY');
  if (duplicate) {
    throw new InputError(
      input,
      `has a key twice (line ${duplicate.linePos?.[0].line ?? '?'})`,
      `give each variable once`,
    );
  }
  const [error] = doc.errors;
  if (error) {
    throw new InputError(
      input,
      `is not valid YAML at line ${error.linePos?.[0].line ?? '?'} (${firstLine(error.message)})`,
      `write one 'KEY: value' per line, a JSON object, or 'KEY=value' lines`,
    );
  }
  refuseUnknownAliases(doc, input);
  if (!isMap(doc.contents)) {
    throw new InputError(
      input,
      `is not a mapping`,
      `write one 'KEY: value' per line, a JSON object, or 'KEY=value' lines`,
    );
  }
  const result = newRecord<string>();
  for (const pair of doc.contents.items) {
    const keyNode = pair.key as Node | null;
    if (!isScalar(keyNode)) {
      throw new InputError(
        input,
        `has a key that is not plain text`,
        `variable keys are names such as DEPLOY_ENV`,
      );
    }
    const key = String(keyNode.value);
    const node = pair.value as Node | null;
    const resolved = isAlias(node) ? (node.resolve(doc) as Node | undefined) : node;
    if (resolved != null && !isScalar(resolved)) {
      throw new InputError(
        input,
        `gives variable ${quoted(key)} a list or mapping`,
        `GitLab variables are text; write it as one string (a JSON text in quotes, or a block with '|')`,
      );
    }
    add(result, key, resolved == null ? '' : String(resolved.value ?? ''), input);
  }
  return result;
}

function add(result: Record<string, string>, key: string, value: string, input: string): void {
  if (!KEY.test(key) || key.length > MAX_KEY_LENGTH) {
    throw new InputError(
      input,
      `has ${quoted(key)}, which is not a valid variable key`,
      `use letters, digits and '_' only, at most ${MAX_KEY_LENGTH} characters`,
    );
  }
  if (key === RESERVED) {
    throw new InputError(
      input,
      `sets ${RESERVED}, which GitLab sets itself from the request`,
      `choose another name`,
    );
  }
  if (Object.prototype.hasOwnProperty.call(result, key)) {
    throw new InputError(input, `gives variable ${quoted(key)} twice`, `give each variable once`);
  }
  result[key] = value;
}

export function firstLine(message: string): string {
  const line = message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
  // The parser may quote the input, control characters and all.
  return quoted(line).slice(1, -1);
}

/** A record with no prototype, so that a key such as `__proto__` is stored as data. */
export function newRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * An alias whose anchor is not defined (`GLOB: *.txt`) reads as no value at all, with no
 * error from the parser; a value starting with `*` is far more often meant as text.
 */
export function refuseUnknownAliases(doc: Document, input: string): void {
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) === undefined) {
        throw new InputError(
          input,
          `has *${alias.source}, which refers to no anchor`,
          `quote a value that starts with * ('*${alias.source}')`,
        );
      }
    },
  });
}
