import {
  isAlias,
  LineCounter,
  parseDocument,
  visit,
  type Alias,
  type Document,
  type Node,
} from 'yaml';
import { InputError, quoted } from '../errors.js';

/**
 * YAML as the variables and inputs settings read it: every error names its line, and a
 * document that would take unbounded time, memory or stack to read (an alias bomb, an alias
 * inside its own anchor, thousands of nested brackets) is refused with an InputError naming
 * the setting, never a hang or a crash.
 */

/** How deep lists and mappings may nest; far beyond any pipeline input, far below the stack's limit. */
export const MAX_DEPTH = 64;
/**
 * The YAML library's own guard against alias bombs (`maxAliasCount`): how many times the
 * nodes under an anchor may be repeated through aliases in all.
 */
const MAX_ALIAS_COUNT = 100;

export interface YamlMessages {
  /** What to do about a document that is not YAML, for this setting. */
  readonly fix: string;
  /** The problem and fix when a key is given twice, at `line`. */
  duplicate(line: string): [string, string];
}

/** A parsed document whose aliases all resolve, within the library's limits. */
export interface YamlDocument {
  readonly doc: Document;
  /** The node an alias stands for (the library's rule: the last anchor of that name before it). */
  resolve(node: Node | null): Node | null;
}

export function readYaml(value: string, input: string, messages: YamlMessages): YamlDocument {
  let doc: Document;
  const lines = new LineCounter();
  try {
    doc = parseDocument(value, { schema: 'failsafe', uniqueKeys: true, lineCounter: lines });
  } catch (error) {
    throw tooDeep(error, input);
  }
  // A key given twice says more than what the parser made of the rest.
  const error = doc.errors.find((e) => e.code === 'DUPLICATE_KEY') ?? doc.errors[0];
  if (error) {
    // An unclosed bracket or quote is only found at the end, past the line that opened it.
    const line =
      error.pos[0] >= value.trimEnd().length
        ? `its end (is a bracket or a quote left open?)`
        : `line ${lines.linePos(error.pos[0]).line}`;
    if (error.code === 'DUPLICATE_KEY') {
      const [problem, fix] = messages.duplicate(line);
      throw new InputError(input, problem, fix);
    }
    if (error.code === 'MULTIPLE_DOCS') {
      throw new InputError(
        input,
        `holds more than one YAML document (a '---' or '...' line, at ${line})`,
        messages.fix,
      );
    }
    if (error.code === 'RESOURCE_EXHAUSTION') {
      throw new InputError(
        input,
        `is nested too deeply (${line})`,
        `nest lists and mappings at most ${MAX_DEPTH} levels deep`,
      );
    }
    throw new InputError(
      input,
      `is not valid YAML at ${line} (${firstLine(error.message)})`,
      messages.fix,
    );
  }
  const targets = aliasTargets(doc);
  for (const [alias, target] of targets) {
    if (target === undefined) {
      throw new InputError(
        input,
        `has *${alias.source}, which refers to no anchor`,
        `quote a value that starts with * ('*${alias.source}')`,
      );
    }
  }
  try {
    // Only for its limit: the library counts how far the aliases expand, and stops early.
    // mapAsMap: a key that is a list or a mapping is refused by the caller, not stringified
    // with a warning from the library on stderr.
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, mapAsMap: true });
  } catch (error) {
    if (error instanceof ReferenceError && /alias count/i.test(error.message)) {
      throw new InputError(
        input,
        `has aliases (*name) that repeat their anchors more than ${MAX_ALIAS_COUNT} times in all`,
        `write the values out, or use fewer aliases`,
      );
    }
    throw tooDeep(error, input);
  }
  return {
    doc,
    resolve: (node) => (isAlias(node) ? (targets.get(node) ?? null) : node),
  };
}

/**
 * Every alias and its anchor, in one pass: the library's `Alias.resolve` walks the whole
 * document for each alias, which a document of many aliases turns into a long wait.
 */
function aliasTargets(doc: Document): Map<Alias, Node | undefined> {
  const latest = new Map<string, Node>();
  const targets = new Map<Alias, Node | undefined>();
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) targets.set(node, latest.get(node.source));
      else if (node.anchor) latest.set(node.anchor, node);
    },
  });
  return targets;
}

/** A stack overflow while reading, as the input error it is; anything else is a bug. */
function tooDeep(error: unknown, input: string): unknown {
  if (!(error instanceof RangeError)) return error;
  return new InputError(
    input,
    `is nested too deeply`,
    `nest lists and mappings at most ${MAX_DEPTH} levels deep`,
  );
}

/**
 * Refuses a value nested deeper than MAX_DEPTH or holding itself (`&a [*a]`): expanding it
 * would never end.
 */
export function refuseTooDeep(
  depth: number,
  input: string,
  /** The entry whose value it is, when the value has a name. */
  name: string | undefined,
  node: Node,
  open: ReadonlySet<Node>,
): void {
  const subject = name === undefined ? 'has a value' : `gives ${quoted(name)} a value`;
  if (open.has(node)) {
    throw new InputError(
      input,
      `${subject} that holds itself through an alias`,
      `write the value out instead of referring to the anchor inside it`,
    );
  }
  if (depth > MAX_DEPTH) {
    throw new InputError(
      input,
      `${subject} nested more than ${MAX_DEPTH} levels deep`,
      `nest lists and mappings at most ${MAX_DEPTH} levels deep`,
    );
  }
}

/** The parser's message without its position and excerpt, on one line. */
export function firstLine(message: string): string {
  const line = message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
  // The parser may quote the input, control characters and all.
  return quoted(line).slice(1, -1);
}
