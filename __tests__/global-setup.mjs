// Runs once before any test file: the tests need a Node.js the project supports, and the
// bundle in dist/ built from src/ as it stands (several suites run it as a runner does).
import { readFileSync } from 'node:fs';
import { ensureFreshDist } from '../scripts/fresh-dist.mjs';

/**
 * Why this Node.js cannot run the tests, or undefined. The rule is package.json's engines.node
 * (`>=X.Y.Z`), which a test holds equal to src/core/node-version.ts.
 * @param {string} version
 * @returns {string | undefined}
 */
export function nodeProblem(version = process.versions.node) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const range = String(pkg.engines.node);
  const need = range.replace(/^>=/, '').split('.').map(Number);
  const have = version.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < need.length; i += 1) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (a !== b) {
      return a > b
        ? undefined
        : `The tests need Node.js ${range} (package.json engines); this is v${version}. Run them with 'npm test', which uses the Node.js of the devDependency 'node'.`;
    }
  }
  return undefined;
}

export default function globalSetup() {
  const problem = nodeProblem();
  if (problem) {
    // One line and out: every test would otherwise fail on its own, for a reason it cannot tell.
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
  ensureFreshDist();
}
