// Bundles the action (and later the command line) into dist/ with ncc, as GitHub runs it:
// dist/ is committed, and CI fails when it differs from a rebuild of src/.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';

const entries = [
  { entry: 'src/index.ts', out: 'dist' },
  // The command line gets a directory of its own, so its chunks cannot collide with the action's.
  { entry: 'src/cli/index.ts', out: 'dist/cli' },
];

rmSync('dist', { recursive: true, force: true });
for (const { entry, out } of entries) {
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      entry,
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--quiet',
    ],
    { stdio: 'inherit' },
  );
}
shareChunks('dist', 'dist/cli');
mkdirSync('dist', { recursive: true });
// ncc emits ES modules for ES module sources; this marks them so for Node.
writeFileSync('dist/package.json', '{ "type": "module" }\n');
// `node dist/cli.js` and the package's `bin`: a stub that loads the command line's bundle.
writeFileSync('dist/cli.js', "#!/usr/bin/env node\nimport './cli/index.js';\n");
chmodSync('dist/cli.js', 0o755);
// The post step (action.yml `post:`): the same bundle, told by a mark only this stub sets that
// it is the post step, which can only cancel and never trigger.
writeFileSync(
  'dist/post.js',
  "globalThis[Symbol.for('gitlab-pipeline-trigger.step')] = 'post';\nawait import('./index.js');\n",
);

/**
 * dist/ holds each module once: a chunk of the command line's bundle that is byte for byte one
 * of the action's (a module split off for its dynamic import) is deleted, and the command
 * line's chunk loader is pointed at the action's copy. ncc names a chunk `<id>.index.js` and
 * loads it with `import("./" + __nccwpck_require__.u(id))`; the rewrite is checked, so a
 * change in ncc's output fails the build rather than shipping a bundle that cannot load.
 * @param {string} main the action's directory
 * @param {string} other the command line's directory
 */
function shareChunks(main, other) {
  const chunk = /^\d+\.index\.js$/;
  const mainChunks = readdirSync(main).filter((f) => chunk.test(f));
  /** @type {Record<string, string>} */
  const shared = {};
  for (const file of readdirSync(other).filter((f) => chunk.test(f))) {
    const bytes = readFileSync(`${other}/${file}`);
    const same = mainChunks.find((m) => readFileSync(`${main}/${m}`).equals(bytes));
    if (same) shared[file.split('.')[0] ?? ''] = `../${same}`;
  }
  if (Object.keys(shared).length === 0) return;
  const bundle = `${other}/index.js`;
  const text = readFileSync(bundle, 'utf8');
  const template = 'return "" + chunkId + ".index.js";';
  if (
    text.split(template).length !== 2 ||
    !text.includes('import("./" + __nccwpck_require__.u(chunkId))')
  ) {
    throw new Error(`${bundle}: ncc's chunk loader has changed; cannot share chunks with ${main}/`);
  }
  writeFileSync(
    bundle,
    text.replace(
      template,
      `return (${JSON.stringify(shared)})[chunkId] ?? "" + chunkId + ".index.js";`,
    ),
  );
  for (const id of Object.keys(shared)) rmSync(`${other}/${id}.index.js`);
}
