import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument, visit } from 'yaml';
import { Input, Output } from '../src/action/names.js';
import { actionYaml } from '../scripts/github-runner.js';

const sorted = (values: Iterable<string>) => [...values].sort();

/** Every string literal passed to `fn(` in the action's sources. */
function namesUsed(fn: string): string[] {
  const dir = join(import.meta.dirname, '..', 'src', 'action');
  const found = new Set<string>();
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
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

  it('reads every description whole: no ` #` turned into a YAML comment, each a full sentence', () => {
    // A plain scalar ends at ` #`: "shown as #N in the project" would reach GitHub as
    // "shown as". YAML keeps what it cut as a comment, so a comment anywhere is a cut.
    const raw = readFileSync(join(import.meta.dirname, '..', 'action.yml'), 'utf8');
    const comments: string[] = [];
    visit(parseDocument(raw), {
      Node(_key, node) {
        const cut = node.comment ?? node.commentBefore;
        if (cut) comments.push(cut);
      },
    });
    expect(comments).toEqual([]);
    for (const [name, entry] of [
      ...Object.entries(actionYaml.inputs),
      ...Object.entries(actionYaml.outputs),
    ]) {
      const description = (entry as { description: string }).description;
      expect([name, description]).toEqual([name, expect.stringMatching(/[.)]$/)]);
    }
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
  it("declares in action.yml the core's default of every setting an input holds", async () => {
    const { SETTING_DEFAULTS } = await import('../src/core/setting-defaults.js');
    const { SETTING_INPUTS } = await import('../src/action/names.js');
    const keys = Object.keys(SETTING_DEFAULTS) as (keyof typeof SETTING_DEFAULTS)[];
    // Every setting of the core has its input, and each input declares the core's default.
    expect(sorted(Object.keys(SETTING_INPUTS))).toEqual(sorted(keys));
    for (const key of keys) {
      const input = SETTING_INPUTS[key];
      const declared = String(actionYaml.inputs[input]?.default ?? '');
      expect([input, declared]).toEqual([input, SETTING_DEFAULTS[key]]);
    }
  });
});

describe('an input left empty means its default, as GitHub would fill it in', () => {
  it('keeps in code the defaults action.yml declares', async () => {
    const { INPUT_DEFAULTS } = await import('../src/action/names.js');
    for (const [name, input] of Object.entries(actionYaml.inputs)) {
      const declared = String((input as { default?: unknown }).default ?? '');
      // An expression (`${{ github.token }}`) only the runner can fill in stays empty here.
      const expected = declared.startsWith('${{') ? '' : declared;
      expect([name, INPUT_DEFAULTS[name as keyof typeof INPUT_DEFAULTS]]).toEqual([name, expected]);
    }
  });

  it('reads empty inputs, as a local runner passes them, as their defaults', async () => {
    const { Runner } = await import('../src/action/runner.js');
    const { readRunInputs } = await import('../src/action/run-inputs.js');
    const env: Record<string, string> = {};
    for (const name of Object.keys(actionYaml.inputs)) env[`INPUT_${name.toUpperCase()}`] = '';
    // Where the tokens go, blank is an error (below); only an input left out takes its default.
    delete env.INPUT_GITLAB_URL;
    Object.assign(env, {
      INPUT_PROJECT: 'acme/deploy',
      INPUT_REF: 'main',
      INPUT_TOKEN: 'glptt-0123456789abcdef0123456789abcdef01234567',
    });
    const runner = new Runner({ env, write: () => undefined, append: () => undefined });
    const inputs = readRunInputs(runner);
    expect(inputs.settings.gitlab.url).toBe('https://gitlab.com');
    const blank = new Runner({
      env: { ...env, INPUT_GITLAB_URL: ' ' },
      write: () => undefined,
      append: () => undefined,
    });
    expect(() => readRunInputs(blank)).toThrow('gitlab_url is set but empty');
    expect(inputs.settings.connection.requestTimeoutMs).toBe(30_000);
    expect(inputs.wait).toBe(false);
    expect(inputs.waitSettings).toMatchObject({
      timeoutMs: 3_600_000,
      cancelOnAbort: true,
      onManual: 'fail',
      passStatuses: ['success'],
    });
    expect(inputs.results).toMatchObject({
      testReport: true,
      artifactsPath: resolve('gitlab-artifacts'),
      artifactsMaxBytes: 1024 ** 3,
    });
  });
});
