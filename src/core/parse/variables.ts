import { isMap, isScalar, type Node } from 'yaml';
import { InputError, quoted } from '../errors.js';
import { readYaml } from './yaml.js';

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
  const fix = `write one 'KEY: value' per line, a JSON object, or 'KEY=value' lines`;
  const { doc, resolve } = readYaml(value, input, {
    fix,
    duplicate: (line) => [`has a key twice (${line})`, `give each variable once`],
  });
  if (!isMap(doc.contents)) {
    throw new InputError(input, `is not a mapping`, fix);
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
    const resolved = resolve(pair.value as Node | null);
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

/** A record with no prototype, so that a key such as `__proto__` is stored as data. */
export function newRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
