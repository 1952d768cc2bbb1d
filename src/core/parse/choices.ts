import { InputError, quoted } from '../errors.js';

/** Reads `true`/`false` as YAML 1.2 and GitHub's own boolean inputs spell them. */
export function parseBoolean(value: string, input: string): boolean {
  const text = value.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new InputError(input, `is ${quoted(value.trim())}`, `give true or false`);
}

/** Reads one of a fixed set of words. */
export function parseChoice<T extends string>(
  value: string,
  input: string,
  choices: readonly T[],
): T {
  const text = value.trim().toLowerCase();
  const found = choices.find((c) => c === text);
  if (found) return found;
  throw new InputError(input, `is ${quoted(value.trim())}`, `give one of ${choices.join(', ')}`);
}

/** Reads a list of words from one of a fixed set, separated by commas, spaces or newlines. */
export function parseChoiceList<T extends string>(
  value: string,
  input: string,
  choices: readonly T[],
): T[] {
  const words = value.split(/[\s,]+/).filter(Boolean);
  if (words.length === 0) {
    throw new InputError(input, `is empty`, `give one or more of ${choices.join(', ')}`);
  }
  return [...new Set(words.map((w) => parseChoice(w, input, choices)))];
}
