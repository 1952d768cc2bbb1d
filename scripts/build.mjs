// Bundles the action (and later the command line) into dist/ with ncc, as GitHub runs it:
// dist/ is committed, and CI fails when it differs from a rebuild of src/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

const entries = [{ entry: 'src/index.ts', out: 'dist' }];

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
