import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// The TypeScript files of a folder and what each imports, read from the text: enough for the
// tests that check the code's shape (no cycles, the core apart from its hosts) and that each
// mutated file is reached by the tests measuring it.

/** Every .ts file under `dir`, at any depth. */
export function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Every relative import of a file (type-only ones too), as the .ts files they name. */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map(
    (m) => m[1] ?? '',
  );
  return specifiers.map((s) => resolve(dirname(file), s).replace(/\.js$/, '.ts'));
}

/** The files `start` imports, directly or through others, itself included. */
export function reachedFrom(start: readonly string[]): Set<string> {
  const reached = new Set<string>();
  const pending = [...start];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (reached.has(file) || !file.endsWith('.ts')) continue;
    reached.add(file);
    try {
      pending.push(...importsOf(file));
    } catch {
      // An import of something other than a source file (a .json, a .mjs helper).
    }
  }
  return reached;
}
