// @ts-check
// Pipeline inputs checked against the script's spec:inputs, with the messages of
// Gitlab::Ci::Config::Interpolation::Inputs and its typed inputs (inputs.rb, base_input.rb,
// string_input.rb, number_input.rb, boolean_input.rb, array_input.rb); the interpolator joins
// the first three (interpolator.rb #error_message).

/** @typedef {import('./types.js').ScriptInput} ScriptInput */

/** @type {Record<string, (value: unknown) => boolean>} */
const IS = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  array: (v) => Array.isArray(v),
};

/**
 * A typed value sent in a form arrives as a JSON-encoded string (_inferred_ from the trigger
 * documentation's advice to JSON-encode typed inputs in form requests).
 * @param {unknown} value
 * @param {string} type
 */
function decoded(value, type) {
  if (type === 'string' || typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * The errors GitLab reports for `args` against `specs`, joined as the interpolator does, or
 * null when they are valid.
 * @param {Record<string, ScriptInput>} specs
 * @param {Record<string, unknown>} args
 * @returns {string | null}
 */
export function inputErrors(specs, args) {
  /** @type {string[]} */
  const errors = [];
  const unknown = Object.keys(args).filter((k) => !Object.prototype.hasOwnProperty.call(specs, k));
  if (unknown.length > 0) errors.push(`unknown input arguments: ${unknown.join(', ')}`);
  for (const [name, spec] of Object.entries(specs)) {
    const type = spec.type ?? 'string';
    const is = IS[type] ?? IS.string;
    /** @param {string} message */
    const error = (message) => errors.push(`\`${name}\` input: ${message}`);
    const given = Object.prototype.hasOwnProperty.call(args, name);
    const required = !Object.prototype.hasOwnProperty.call(spec, 'default');
    if (required && !given) {
      error('required value has not been provided');
      continue;
    }
    const value = given ? decoded(args[name], type) : spec.default;
    if (!is?.(value)) {
      const what = type === 'array' ? 'an array' : `a ${type}`;
      error(`${given ? 'provided' : 'default'} value is not ${what}`);
      continue;
    }
    if (spec.options && !spec.options.some((o) => JSON.stringify(o) === JSON.stringify(value))) {
      error(
        `\`${String(value)}\` cannot be used because it is not in the list of the allowed options`,
      );
    }
  }
  return errors.length === 0 ? null : errors.slice(0, 3).join(', ');
}
