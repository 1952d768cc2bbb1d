// `npm run mutate [GROUP…]`: Stryker over each group of scripts/mutation-groups.mjs in turn
// (all by default), each against its own tests. The scores go in docs/mutation.md.
import { spawnSync } from 'node:child_process';
import { GROUPS } from './mutation-groups.mjs';

const names = process.argv.slice(2);
for (const name of names) {
  if (!GROUPS[name]) {
    console.error(`No mutation group '${name}': give one of ${Object.keys(GROUPS).join(', ')}.`);
    process.exit(2);
  }
}
let failed = false;
for (const name of names.length > 0 ? names : Object.keys(GROUPS)) {
  const group = GROUPS[name];
  if (!group) continue;
  console.log(`\n== ${name}: ${group.mutate.join(', ')}`);
  const run = spawnSync(
    process.execPath,
    ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run'],
    { stdio: 'inherit', env: { ...process.env, MUTATION_GROUP: name } },
  );
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
