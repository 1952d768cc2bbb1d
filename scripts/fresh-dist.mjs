// Keeps dist/ built from src/ as it stands, so the tests that run the bundle as a runner does
// never meet a stale one. The inputs of the bundle and dist/ itself are hashed file by file; the
// hashes of the last build are kept outside the repository (node_modules/.cache), so nothing
// lands in dist/ or in a commit. When nothing changed this costs a few milliseconds of hashing;
// otherwise it rebuilds with `npm run build`'s script, which CI checks gives the committed dist/.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** What the bundle is built from: the sources, the build script and the locked packages. */
const INPUTS = ['src', 'scripts/build.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'];

/**
 * Where the hashes of the last build are kept. Worktrees may share one node_modules, so the file
 * is named for the checkout it describes.
 */
function stampFile() {
  const checkout = createHash('sha256').update(ROOT).digest('hex').slice(0, 12);
  return join(ROOT, 'node_modules', '.cache', 'gitlab-pipeline-trigger', `dist-${checkout}.json`);
}

/**
 * Each file under `paths` (files or folders, relative to the root) with the hash of its bytes.
 * @param {string[]} paths
 * @returns {Record<string, string>}
 */
function hashes(paths) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const path of paths) {
    const full = join(ROOT, path);
    if (!existsSync(full)) continue;
    const files = statSync(full).isDirectory()
      ? readdirSync(full, { withFileTypes: true, recursive: true })
          .filter((entry) => entry.isFile())
          .map((entry) => join(entry.parentPath, entry.name))
      : [full];
    for (const file of files) {
      out[relative(ROOT, file)] = createHash('sha256').update(readFileSync(file)).digest('hex');
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The first file in which two hash lists differ (added, removed or changed), if any.
 * @param {Record<string, string>} was
 * @param {Record<string, string>} now
 * @returns {string | undefined}
 */
export function firstDifference(was, now) {
  const names = [...new Set([...Object.keys(was), ...Object.keys(now)])].sort();
  return names.find((name) => was[name] !== now[name]);
}

/**
 * Why dist/ must be rebuilt (the file that changed since the last build), or undefined when
 * it is fresh.
 * @returns {string | undefined}
 */
export function staleReason() {
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) return 'dist/index.js is missing';
  /** @type {{ inputs?: Record<string, string>, dist?: Record<string, string> }} */
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile(), 'utf8'));
  } catch {
    return 'no record of the build that made dist/';
  }
  const input = firstDifference(stamp.inputs ?? {}, hashes(INPUTS));
  if (input) return `${input} changed since dist/ was built`;
  const output = firstDifference(stamp.dist ?? {}, hashes(['dist']));
  if (output) return `${output} changed since it was built`;
  return undefined;
}

/**
 * Rebuilds dist/ when it is stale, saying why on stderr; throws one line when the build fails.
 * @param {(line: string) => void} say
 */
export function ensureFreshDist(say = (line) => process.stderr.write(`${line}\n`)) {
  const reason = staleReason();
  if (!reason) return;
  say(`Rebuilding dist/: ${reason}.`);
  const inputs = hashes(INPUTS);
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  } catch (error) {
    const detail = /** @type {{ stderr?: string }} */ (error).stderr?.trim().split('\n')[0];
    throw new Error(`npm run build failed, so the tests cannot run the bundle: ${detail}`, {
      cause: error,
    });
  }
  const file = stampFile();
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify({ inputs, dist: hashes(['dist']) }, null, 1));
}

if (process.argv[1] === import.meta.filename) ensureFreshDist();
