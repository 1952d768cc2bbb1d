import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { ROOT } from '../scripts/github-runner.js';
import { importsOf, sources } from './helpers/source-graph.js';

// The shape the code keeps as it grows: the core knows nothing of its hosts, no module
// imports itself back through others, and no function grows past what one reading holds.

const SRC = join(ROOT, 'src');
const MAX_FUNCTION_LINES = 80;

const files = sources(SRC);
const name = (file: string): string => relative(SRC, file);

describe('the architecture of src/', () => {
  it('keeps the core free of the action and the command line', () => {
    const strays = files
      .filter((f) => name(f).startsWith('core/'))
      .flatMap((f) =>
        importsOf(f)
          .filter((target) => /^(action|cli)\//.test(name(target)))
          .map((target) => `${name(f)} → ${name(target)}`),
      );
    expect(strays).toEqual([]);
  });

  it('has no import cycle', () => {
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map(name).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it(`has no function longer than ${MAX_FUNCTION_LINES} lines`, () => {
    const long: string[] = [];
    for (const file of files) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
      const walk = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
          const end = source.getLineAndCharacterOfPosition(node.end).line;
          if (end - start + 1 > MAX_FUNCTION_LINES)
            long.push(`${name(file)}:${start + 1} (${end - start + 1} lines)`);
        }
        ts.forEachChild(node, walk);
      };
      walk(source);
    }
    expect(long).toEqual([]);
  });
});
