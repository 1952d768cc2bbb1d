import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Input, Output } from '../src/action/names.js';
import { actionYaml } from '../scripts/github-runner.js';

const sorted = (values: Iterable<string>) => [...values].sort();

/** Every string literal passed to `fn(` in the action's sources. */
function namesUsed(fn: string): string[] {
  const dir = join(import.meta.dirname, '..', 'src', 'action');
  const found = new Set<string>();
  for (const file of readdirSync(dir)) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(new RegExp(`\\b${fn}\\(\\s*'([^']+)'`, 'g')))
      found.add(m[1] ?? '');
  }
  return sorted(found);
}

describe('action.yml and the code', () => {
  it('declares exactly the inputs the code reads', () => {
    expect(sorted(Object.keys(actionYaml.inputs))).toEqual(sorted(Object.values(Input)));
  });

  it('declares exactly the outputs the code sets', () => {
    expect(sorted(Object.keys(actionYaml.outputs))).toEqual(sorted(Object.values(Output)));
  });

  it('reads and sets names only through the declared constants', () => {
    expect(namesUsed('read')).toEqual([]);
    expect(namesUsed('set')).toEqual([]);
    expect(namesUsed('getInput')).toEqual([]);
    expect(namesUsed('setOutput')).toEqual([]);
  });

  it('runs the committed bundle on node24', () => {
    expect(actionYaml.runs.using).toBe('node24');
    expect(actionYaml.runs.main).toBe('dist/index.js');
  });

  it('gives every input and output a description', () => {
    for (const entry of [
      ...Object.values(actionYaml.inputs),
      ...Object.values(actionYaml.outputs),
    ]) {
      expect((entry as { description?: string }).description).toEqual(expect.any(String));
    }
  });
});

/** The rows of the README table between `<!-- name:start -->` and `<!-- name:end -->`. */
function readmeTable(name: string): string[][] {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const block = readme.split(`<!-- ${name}:start -->`)[1]?.split(`<!-- ${name}:end -->`)[0] ?? '';
  return block
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim().replace(/^`|`$/g, '')),
    );
}

describe('README and action.yml', () => {
  it('lists every input with its required flag and default', () => {
    const rows = readmeTable('inputs').map(([name, required, fallback]) => [
      name,
      required,
      fallback,
    ]);
    const declared = Object.entries(actionYaml.inputs).map(([name, input]) => [
      name,
      input.required ? 'yes' : 'no',
      input.default ?? '',
    ]);
    expect(rows).toEqual(declared);
  });

  it('lists every output', () => {
    expect(readmeTable('outputs').map(([name]) => name)).toEqual(Object.keys(actionYaml.outputs));
  });
});

describe('defaults', () => {
  it('declares in action.yml the waiting defaults the core falls back to', async () => {
    const { WAIT_DEFAULTS } = await import('../src/core/wait-settings.js');
    const byInput: Record<string, string> = {
      api_token: WAIT_DEFAULTS.apiToken,
      timeout: WAIT_DEFAULTS.timeout,
      cancel_on_abort: WAIT_DEFAULTS.cancelOnAbort,
      pass_statuses: WAIT_DEFAULTS.passStatuses,
      on_manual: WAIT_DEFAULTS.onManual,
      max_poll_interval: WAIT_DEFAULTS.maxPollInterval,
    };
    for (const [name, value] of Object.entries(byInput)) {
      expect([name, actionYaml.inputs[name]?.default]).toEqual([name, value]);
    }
  });
});
