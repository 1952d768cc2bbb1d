// @ts-check
// Grape's parameter validation and coercion as GitLab's endpoints declare them
// (`requires :ref, type: String, allow_blank: false`, …). Grape checks every declared
// parameter in order, collects the failures and answers 400 {"error": "a is missing, b is invalid"}.

import { grapeError } from './http-helpers.js';

/**
 * @typedef {object} ParamSpec
 * @property {string} name
 * @property {boolean} [required]
 * @property {'string' | 'integer' | 'hash' | 'boolean' | 'datetime' | 'scope'} type
 * @property {boolean} [allowBlank] false: a blank value is "is empty"
 * @property {readonly string[]} [values] allowed values ("does not have a valid value")
 * @property {unknown[]} [exceptValues] refused values ("has a value not allowed")
 * @property {unknown} [default]
 */

const TRUE_VALUES = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_VALUES = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/**
 * ActiveSupport's blank?: nil, false, empty or whitespace-only strings, empty collections.
 * @param {unknown} value
 */
export function isBlank(value) {
  if (value === null || value === undefined || value === false) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
export function isHash(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const INVALID = Symbol('invalid');

/**
 * @param {unknown} value
 * @param {ParamSpec['type']} type
 * @returns {unknown}
 */
function coerce(value, type) {
  if (value === null || value === undefined) return value;
  switch (type) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return INVALID;
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value))
        return Number.parseInt(value, 10);
      return INVALID;
    case 'hash':
      return isHash(value) ? value : INVALID;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && TRUE_VALUES.has(value.toLowerCase())) return true;
      if (typeof value === 'string' && FALSE_VALUES.has(value.toLowerCase())) return false;
      return INVALID;
    case 'datetime': {
      if (typeof value !== 'string' || value.trim() === '') return INVALID;
      const ms = Date.parse(value);
      return Number.isNaN(ms) ? INVALID : ms;
    }
    case 'scope':
      // The coerce_with of `params :optional_scope` (lib/api/ci/jobs.rb).
      if (typeof value === 'string') return [value];
      if (Array.isArray(value)) return value.map(String);
      if (isHash(value)) return Object.values(value).map(String);
      return ['unknown'];
    default:
      return INVALID;
  }
}

/**
 * Validates and coerces `params` against `specs`; throws the 400 Grape would answer.
 * @param {Record<string, unknown>} params
 * @param {ParamSpec[]} specs
 * @returns {Record<string, unknown>} the declared parameters, coerced, defaults filled in
 */
export function validate(params, specs) {
  /** @type {string[]} */
  const errors = [];
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const spec of specs) {
    const present = Object.prototype.hasOwnProperty.call(params, spec.name);
    if (!present) {
      if (spec.required) errors.push(`${spec.name} is missing`);
      else if (spec.default !== undefined) out[spec.name] = spec.default;
      continue;
    }
    const value = coerce(params[spec.name], spec.type);
    if (value === INVALID) {
      errors.push(`${spec.name} is invalid`);
      continue;
    }
    if (spec.allowBlank === false && isBlank(value)) {
      errors.push(`${spec.name} is empty`);
      continue;
    }
    if (spec.values && value !== null && value !== undefined) {
      const list = Array.isArray(value) ? value : [value];
      if (!list.every((v) => spec.values?.includes(String(v)))) {
        errors.push(`${spec.name} does not have a valid value`);
        continue;
      }
    }
    if (spec.exceptValues && spec.exceptValues.includes(value)) {
      errors.push(`${spec.name} has a value not allowed`);
      continue;
    }
    out[spec.name] = value;
  }
  if (errors.length > 0) throw grapeError(errors.join(', '), 400);
  return out;
}
