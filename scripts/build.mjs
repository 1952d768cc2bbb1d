// Bundles the action and the command line into dist/ with ncc, as GitHub runs it:
// dist/ is committed, and CI fails when it differs from a rebuild of src/.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';

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
