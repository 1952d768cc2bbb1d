/**
 * GitHub's `${{ }}` expressions, as far as the shipped workflows use them, evaluated the way
 * the runner does ("Evaluate expressions in workflows and actions"): property access (names may
 * hold `-`), string, number, boolean and null literals, `!`, `==`, `!=`, `&&`, `||` (which
 * return an operand, not a boolean), parentheses, and the functions format(), always(),
 * cancelled(), success() and failure(). Anything else throws, so a workflow cannot quietly use
 * an expression the tests do not understand.
 */

export type Value = string | number | boolean | null | { [key: string]: Value };
export type Contexts = Record<string, Value>;
/** How the job stands, for the status functions. */
export interface JobState {
  readonly failed: boolean;
  readonly cancelled: boolean;
}

type Token =
  | { kind: 'str'; value: string }
  | { kind: 'num'; value: number }
  | { kind: 'name'; value: string }
  | { kind: 'op'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    const str = /^'((?:[^']|'')*)'/.exec(rest);
    const num = /^-?\d+(\.\d+)?/.exec(rest);
    const name = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
    const op = /^(==|!=|&&|\|\||[!().,])/.exec(rest);
    if (space) i += space[0].length;
    else if (str) {
      tokens.push({ kind: 'str', value: (str[1] ?? '').replace(/''/g, "'") });
      i += str[0].length;
    } else if (num) {
      tokens.push({ kind: 'num', value: Number(num[0]) });
      i += num[0].length;
    } else if (name) {
      tokens.push({ kind: 'name', value: name[0] });
      i += name[0].length;
    } else if (op) {
      tokens.push({ kind: 'op', value: op[0] });
      i += op[0].length;
    } else throw new Error(`Unsupported expression at '${rest}' in '${text}'`);
  }
  return tokens;
}

/** GitHub's truthiness: false, 0, '', null are falsy. */
export const truthy = (v: Value): boolean => v !== false && v !== 0 && v !== '' && v !== null;

/** GitHub's number coercion for comparing values of two types: null 0, '' 0, 'x' NaN. */
function asNumber(v: Value): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v);
  return NaN;
}

/** GitHub's `==`: strings ignore case; values of two types are compared as numbers. */
function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (a !== null && b !== null && typeof a === 'object') return a === b;
  if (typeof a === typeof b && (a === null) === (b === null)) return a === b;
  return asNumber(a) === asNumber(b);
}

/** How a value is written into a string (`with:`, outputs): booleans as true/false, null as ''. */
export function asText(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Evaluates one expression (the text between `${{` and `}}`, or a bare `if:`). */
export function evaluate(text: string, contexts: Contexts, job?: JobState): Value {
  const tokens = tokenize(text);
  let at = 0;
  const peek = (value: string) => tokens[at]?.kind === 'op' && tokens[at]?.value === value;
  const expect = (value: string) => {
    if (!peek(value)) throw new Error(`Expected '${value}' in '${text}'`);
    at += 1;
  };

  const call = (name: string, args: Value[]): Value => {
    const state = job ?? { failed: false, cancelled: false };
    if (name === 'always') return true;
    if (name === 'cancelled') return state.cancelled;
    if (name === 'success') return !state.failed && !state.cancelled;
    if (name === 'failure') return state.failed;
    if (name === 'format') {
      const [pattern, ...rest] = args;
      return asText(pattern ?? '').replace(/\{(\d+)\}/g, (_, n: string) =>
        asText(rest[Number(n)] ?? ''),
      );
    }
    throw new Error(`Unsupported function ${name}() in '${text}'`);
  };

  const primary = (): Value => {
    const token = tokens[at++];
    if (!token) throw new Error(`Unexpected end of '${text}'`);
    if (token.kind === 'str' || token.kind === 'num') return token.value;
    if (token.kind === 'op' && token.value === '(') {
      const value = or();
      expect(')');
      return value;
    }
    if (token.kind === 'op' && token.value === '!') return !truthy(primary());
    if (token.kind !== 'name') throw new Error(`Unexpected '${token.value}' in '${text}'`);
    if (token.value === 'true' || token.value === 'false') return token.value === 'true';
    if (token.value === 'null') return null;
    if (peek('(')) {
      at += 1;
      const args: Value[] = [];
      while (!peek(')')) {
        args.push(or());
        if (peek(',')) at += 1;
      }
      expect(')');
      return call(token.value, args);
    }
    if (!(token.value in contexts))
      throw new Error(`Unknown context '${token.value}' in '${text}'`);
    let value: Value = contexts[token.value] ?? null;
    while (peek('.')) {
      at += 1;
      const key = tokens[at++];
      if (key?.kind !== 'name') throw new Error(`Expected a property name in '${text}'`);
      // A missing property is null, as on GitHub (an unset step output reads as '').
      value = value !== null && typeof value === 'object' ? (value[key.value] ?? null) : null;
    }
    return value;
  };
  const equality = (): Value => {
    let left = primary();
    while (peek('==') || peek('!=')) {
      const negate = tokens[at++]?.value === '!=';
      const right = primary();
      left = negate !== equal(left, right);
    }
    return left;
  };
  const and = (): Value => {
    let left = equality();
    while (peek('&&')) {
      at += 1;
      const right = equality();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const or = (): Value => {
    let left = and();
    while (peek('||')) {
      at += 1;
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };

  const value = or();
  if (at !== tokens.length) throw new Error(`Unexpected '${tokens[at]?.value}' in '${text}'`);
  return value;
}

/** A `with:`, `env:` or output value: `${{ }}` parts replaced by their values. */
export function render(template: unknown, contexts: Contexts, job?: JobState): string {
  if (typeof template !== 'string') return asText((template ?? null) as Value);
  return template.replace(/\$\{\{(.*?)\}\}/gs, (_, expr: string) =>
    asText(evaluate(expr, contexts, job)),
  );
}

/**
 * An `if:`: a bare expression or one `${{ }}`. Without a status function in it, GitHub reads
 * it as `success() && (…)`; absent, as `success()`.
 */
export function condition(text: string | undefined, contexts: Contexts, job: JobState): boolean {
  const bare = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(text ?? '')?.[1] ?? text ?? 'success()';
  const withStatus = /\b(always|cancelled|success|failure)\s*\(/.test(bare)
    ? bare
    : `success() && (${bare})`;
  return truthy(evaluate(withStatus, contexts, job));
}
