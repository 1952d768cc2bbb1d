// Bundles the action (and later the command line) into dist/ with ncc, as GitHub runs it:
// dist/ is committed, and CI fails when it differs from a rebuild of src/.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';

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
