// Bundles the action and the command line into dist/ with ncc, as GitHub runs it:
// dist/ is committed, and CI fails when it differs from a rebuild of src/.
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';

// One bundle: the action's main and post steps and the command line (a chunk of its own) share
// every module, so dist/ holds each once.
rmSync('dist', { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    'node_modules/@vercel/ncc/dist/ncc/cli.js',
    'build',
    'src/index.ts',
    '-o',
    'dist',
    '--license',
    'licenses.txt',
    '--quiet',
  ],
  { stdio: 'inherit' },
);
mkdirSync('dist', { recursive: true });
addMissingLicences('dist/licenses.txt');
// ncc emits ES modules for ES module sources; this marks them so for Node.
writeFileSync('dist/package.json', '{ "type": "module" }\n');
// `node dist/cli.js` and the package's `bin`: the same bundle, told by its mark that it is the
// command line.
writeFileSync(
  'dist/cli.js',
  "#!/usr/bin/env node\nglobalThis[Symbol.for('gitlab-pipeline-trigger.step')] = 'cli';\nawait import('./index.js');\n",
);
chmodSync('dist/cli.js', 0o755);
// The post step (action.yml `post:`): the same bundle, told by a mark only this stub sets that
// it is the post step, which can only cancel and never trigger.
writeFileSync(
  'dist/post.js',
  "globalThis[Symbol.for('gitlab-pipeline-trigger.step')] = 'post';\nawait import('./index.js');\n",
);

/**
 * Every package src/ imports is bundled, so its licence goes in dist/licenses.txt. ncc's list
 * leaves some out (yaml, for one), so each package imported by name is checked and its licence
 * appended when missing, in ncc's format: the name, the licence's id, its text, a blank line.
 * @param {string} file
 */
function addMissingLicences(file) {
  const listed = new Set(readFileSync(file, 'utf8').split('\n'));
  for (const name of importedPackages('src')) {
    if (listed.has(name)) continue;
    const dir = `node_modules/${name}`;
    const { license } = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
    const text = readdirSync(dir).find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f));
    if (!text) throw new Error(`${name} is bundled but has no licence file to copy`);
    appendFileSync(
      file,
      `\n${name}\n${license}\n${readFileSync(`${dir}/${text}`, 'utf8').trim()}\n`,
    );
  }
}

/**
 * The packages the sources import by name (not node: built-ins, not relative paths).
 * @param {string} dir
 * @returns {string[]}
 */
function importedPackages(dir) {
  const names = new Set();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const text = readFileSync(`${entry.parentPath}/${entry.name}`, 'utf8');
    for (const [, spec = ''] of text.matchAll(/(?:from |import\()'([^.'][^']*)'/g)) {
      if (spec.startsWith('node:')) continue;
      const parts = spec.split('/');
      names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec));
    }
  }
  if (!existsSync('node_modules')) throw new Error('node_modules is missing: run npm ci first');
  return [...names].sort();
}
