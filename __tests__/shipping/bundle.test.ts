// dist/ is one bundle: the action's main and post steps and the command line share every
// module, and each entry loads only what it needs (the command line is a chunk the action never
// loads, octokit a chunk the command line never loads).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PATH_WITH_THIS_NODE, ROOT, runToEnd } from './processes.js';

const DIST = join(ROOT, 'dist');
const jsFiles = (): string[] => readdirSync(DIST).filter((f) => f.endsWith('.js'));
const holding = (text: string): string[] =>
  jsFiles().filter((f) => readFileSync(join(DIST, f), 'utf8').includes(text));

/** Text that exists once in src/, each from a module a different entry needs. */
const MARKS = {
  core: 'more than any answer this tool reads whole',
  cli: 'trigger GitLab pipelines and manage pipeline trigger tokens',
  action: 'gitlab-pipeline-trigger.step',
  octokit: 'octokit',
};

let work: string;
let hook: string;

/** The files of dist/ a run of `entry` loads, seen through a module load hook. */
async function loaded(entry: string, args: string[]): Promise<string[]> {
  const log = join(work, `loaded-${entry}.log`);
  writeFileSync(log, '');
  await runToEnd(
    process.execPath,
    ['--import', pathToFileURL(hook).href, join(DIST, entry), ...args],
    {
      cwd: work,
      env: { PATH: PATH_WITH_THIS_NODE, LOADED_LOG: log },
      timeoutMs: 30_000,
    },
  );
  const dist = pathToFileURL(DIST).href + '/';
  return [...new Set(readFileSync(log, 'utf8').split('\n'))]
    .filter((url) => url.startsWith(dist))
    .map((url) => url.slice(dist.length));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bundle-'));
  hook = join(work, 'hook.mjs');
  writeFileSync(
    hook,
    [
      "import { registerHooks } from 'node:module';",
      "import { appendFileSync } from 'node:fs';",
      'registerHooks({',
      '  load(url, context, nextLoad) {',
      "    if (url.startsWith('file:')) appendFileSync(process.env.LOADED_LOG, url + '\\n');",
      '    return nextLoad(url, context);',
      '  },',
      '});',
      '',
    ].join('\n'),
  );
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('dist/', () => {
  it('holds every module once: the core, the command line and octokit are each in one file', () => {
    expect(readdirSync(DIST, { withFileTypes: true }).filter((e) => e.isDirectory())).toEqual([]);
    for (const text of [MARKS.core, MARKS.cli]) expect(holding(text)).toHaveLength(1);
    expect(holding(MARKS.octokit).length).toBeGreaterThan(0);
  });

  it('holds every module once across the bundle and its chunks, by id and by name', () => {
    // ncc (webpack) marks each module it keeps apart with `/***/ <id>:` and each it inlines
    // with `// CONCATENATED MODULE: <path>`; a module in two chunks shows in two files.
    const where = new Map<string, string[]>();
    for (const file of jsFiles()) {
      const text = readFileSync(join(DIST, file), 'utf8');
      const marks = [
        ...[...text.matchAll(/^\/\*\*\*\/ (\d+):/gm)].map((m) => `id ${m[1]}`),
        ...[...text.matchAll(/CONCATENATED MODULE: (\S+)/g)].map((m) => `module ${m[1]}`),
      ];
      for (const mark of new Set(marks)) where.set(mark, [...(where.get(mark) ?? []), file]);
    }
    expect(where.size).toBeGreaterThan(100);
    expect([...where].filter(([, files]) => files.length > 1)).toEqual([]);
  });

  it('names in licenses.txt every package the sources import, with its licence', () => {
    const licences = readFileSync(join(DIST, 'licenses.txt'), 'utf8').split('\n');
    const imported = new Set<string>();
    for (const file of readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      const text = readFileSync(join(ROOT, 'src', file), 'utf8');
      for (const [, spec = ''] of text.matchAll(/(?:from |import\()'([^.'][^']*)'/g))
        if (!spec.startsWith('node:'))
          imported.add(
            spec
              .split('/')
              .slice(0, spec.startsWith('@') ? 2 : 1)
              .join('/'),
          );
    }
    expect([...imported].sort()).toEqual(
      expect.arrayContaining(['@actions/github', 'yaml', 'yauzl']),
    );
    for (const name of imported) {
      const at = licences.indexOf(name);
      expect({ name, listed: at >= 0 }).toEqual({ name, listed: true });
      expect(licences[at + 1]).toMatch(/^[\w.-]+$/);
    }
  });

  it('the action never loads the command line, nor octokit for a plain run', async () => {
    const files = await loaded('index.js', []);
    expect(files).toContain('index.js');
    expect(files).not.toContain(holding(MARKS.cli)[0]);
    for (const chunk of holding(MARKS.octokit).filter((f) => f !== 'index.js'))
      expect(files).not.toContain(chunk);
  });

  it('the command line loads the shared bundle and its own chunk, never octokit', async () => {
    const files = await loaded('cli.js', ['--help']);
    expect(files).toEqual(expect.arrayContaining(['cli.js', 'index.js', holding(MARKS.cli)[0]]));
    for (const chunk of holding(MARKS.octokit).filter((f) => f !== 'index.js'))
      expect(files).not.toContain(chunk);
  });

  it('the post step is the same bundle, told by its mark', async () => {
    expect(readFileSync(join(DIST, 'post.js'), 'utf8')).toContain(MARKS.action);
    const files = await loaded('post.js', []);
    expect(files).toEqual(expect.arrayContaining(['post.js', 'index.js']));
    expect(files).not.toContain(holding(MARKS.cli)[0]);
  });
});
