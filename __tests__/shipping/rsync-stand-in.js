// rsync as gitlab-ci-local (4.x) calls it to copy a job's build, its artifacts and its cache
// on the shell executor with --shell-isolation, written in Node so that `npm test` needs no
// system rsync. It does exactly the copies gitlab-ci-local asks, read from its
// src/utils.ts (rsyncTrackedFiles) and src/job.ts (copyIn, copyCacheOut, copyArtifactsOut):
//
//   rsync -a --delete-excluded --delete --exclude-from=F [--exclude-from=F] --exclude P ./ D/
//   rsync -a SRC/. DEST                      rsync --exclude=/P/ -a SRC/. DEST
//   rsync -Ra ./PATH ... DEST/.              rsync --exclude 'P/**' -rRa --files-from=F . DEST/.
//
// and fails loudly on any option it does not know, rather than copy something else.
// Exclude patterns follow rsync's rules: a leading / anchors to the transfer's root, a trailing
// / matches directories only, a pattern with no / matches the last name only, `*` and `?` stay
// within a name, `**` crosses slashes. Exit codes are rsync's: 1 for bad usage, 11 when the
// destination's parent is missing, 23 when a source is (the rest is still copied, as rsync does).

import {
  chmodSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  utimesSync,
} from 'node:fs';
import { basename, join } from 'node:path';

/** @param {string} message @returns {never} */
function usage(message) {
  process.stderr.write(`rsync (Node stand-in): ${message}\n`);
  process.exit(1);
}

/**
 * @typedef {object} Options
 * @property {boolean} archive
 * @property {boolean} recursive
 * @property {boolean} relative
 * @property {boolean} delete
 * @property {boolean} deleteExcluded
 * @property {string[]} excludes
 * @property {string | null} filesFrom
 * @property {string[]} paths
 */

/** @param {string[]} argv @returns {Options} */
function parse(argv) {
  /** @type {Options} */
  const o = {
    archive: false,
    recursive: false,
    relative: false,
    delete: false,
    deleteExcluded: false,
    excludes: [],
    filesFrom: null,
    paths: [],
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    /** @param {string} name @returns {string} */
    const value = (name) => {
      if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
      i += 1;
      return argv[i] ?? usage(`${name} needs a value`);
    };
    if (arg === '--delete') o.delete = true;
    else if (arg === '--delete-excluded') o.deleteExcluded = true;
    else if (arg === '--exclude' || arg.startsWith('--exclude='))
      o.excludes.push(value('--exclude'));
    else if (arg === '--exclude-from' || arg.startsWith('--exclude-from=')) {
      const lines = readFileSync(value('--exclude-from'), 'utf8').split(/\r?\n/);
      o.excludes.push(...lines.filter((l) => l.trim() !== '' && !/^[;#]/.test(l)));
    } else if (arg === '--files-from' || arg.startsWith('--files-from=')) {
      o.filesFrom = value('--files-from');
    } else if (/^-[arR]+$/.test(arg)) {
      for (const flag of arg.slice(1)) {
        if (flag === 'a') o.archive = true;
        if (flag === 'r') o.recursive = true;
        if (flag === 'R') o.relative = true;
      }
    } else if (arg.startsWith('-') && arg !== '-') usage(`unsupported option '${arg}'`);
    else o.paths.push(arg);
  }
  if (o.paths.length < 2) usage('give at least one source and a destination');
  // --files-from implies --relative and, unlike -a alone, does not recurse unless -r is given.
  if (o.filesFrom !== null) o.relative = true;
  else if (o.archive) o.recursive = true;
  return o;
}

/** A regular expression for one rsync wildcard pattern (without its anchor or trailing /). */
/** @param {string} pattern */
function wildcard(pattern) {
  let out = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] ?? '';
    if (c === '*' && pattern[i + 1] === '*') {
      out += '.*';
      i += 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        out += `[${pattern.slice(i + 1, end).replace(/^!/, '^')}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return out;
}

/** @param {string} pattern @returns {{ dirOnly: boolean, test: (rel: string) => boolean }} */
function compile(pattern) {
  const dirOnly = pattern.endsWith('/');
  let body = dirOnly ? pattern.slice(0, -1) : pattern;
  const anchored = body.startsWith('/');
  if (anchored) body = body.slice(1);
  const whole = anchored || body.includes('/') || body.includes('**');
  // Anchored: the whole path. With a slash: the end of the path, at a name boundary. Else: the name.
  const regex = new RegExp(`${anchored ? '^' : '(?:^|/)'}${wildcard(body)}$`);
  return { dirOnly, test: (rel) => regex.test(whole ? rel : basename(rel)) };
}

const options = parse(process.argv.slice(2));
const rules = options.excludes.map(compile);
/** @type {(rel: string, isDir: boolean) => boolean} */
const excluded = (rel, isDir) => rules.some((r) => (!r.dirOnly || isDir) && r.test(rel));
let missing = false;

/** @param {import('node:fs').Stats} stat @param {string} to */
function copyAttributes(stat, to) {
  chmodSync(to, stat.mode & 0o7777);
  utimesSync(to, stat.atime, stat.mtime);
}

/** Makes `to` hold `from` (a file, link or folder), reporting each relative path it keeps. */
/**
 * @param {string} from @param {string} to @param {string} rel
 * @param {Set<string>} kept @param {boolean} recurse
 */
function transfer(from, to, rel, kept, recurse) {
  const stat = lstatSync(from);
  const isDir = stat.isDirectory();
  if (rel !== '' && excluded(rel, isDir)) return;
  if (rel !== '') kept.add(rel);
  /** @type {import('node:fs').Stats | null} */
  let there = null;
  try {
    there = lstatSync(to);
  } catch {
    // not there yet
  }
  if (there && there.isDirectory() !== isDir) {
    rmSync(to, { recursive: true, force: true });
    there = null;
  }
  if (isDir) {
    if (!there) mkdirSync(to);
    if (recurse) {
      for (const name of readdirSync(from)) {
        transfer(
          join(from, name),
          join(to, name),
          rel === '' ? name : `${rel}/${name}`,
          kept,
          true,
        );
      }
    }
    copyAttributes(stat, to);
    return;
  }
  if (stat.isSymbolicLink()) {
    if (there) rmSync(to, { force: true });
    symlinkSync(readlinkSync(from), to);
    return;
  }
  if (!stat.isFile()) return; // devices and sockets: -a copies them only as root; no job makes one
  // rsync's quick check: same size and modification time means the same file.
  if (there && there.size === stat.size && there.mtimeMs === stat.mtimeMs) return;
  if (there) rmSync(to, { force: true });
  copyFileSync(from, to);
  copyAttributes(stat, to);
}

/** Removes from `dir` what the transfer did not keep; excluded names only with --delete-excluded. */
/** @param {string} dir @param {string} rel @param {Set<string>} kept */
function deleteExtraneous(dir, rel, kept) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const child = rel === '' ? name : `${rel}/${name}`;
    const isDir = lstatSync(path).isDirectory();
    if (kept.has(child)) {
      if (isDir) deleteExtraneous(path, child, kept);
    } else if (options.deleteExcluded || !excluded(child, isDir)) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

/** @param {string} path */
function exists(path) {
  try {
    lstatSync(path);
    return true;
  } catch {
    process.stderr.write(`rsync: link_stat "${path}" failed: No such file or directory (2)\n`);
    missing = true;
    return false;
  }
}

/**
 * With --relative, the folder a source is read from and the name it keeps below the
 * destination: `a/./b/c` keeps `b/c` read from `a`; otherwise the whole path as written, less
 * a leading ./ (read from here) or / (read from the root).
 */
/** @param {string} source @returns {{ root: string, name: string }} */
function relativeSource(source) {
  const marker = source.indexOf('/./');
  if (marker >= 0) return { root: source.slice(0, marker) || '/', name: source.slice(marker + 3) };
  return { root: source.startsWith('/') ? '/' : '.', name: source };
}

/** @param {{ root: string, name: string }} source @param {string} dest @param {Set<string>} kept */
function copyRelative({ root, name }, dest, kept) {
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  let at = dest;
  for (const part of parts.slice(0, -1)) {
    at = join(at, part);
    mkdirSync(at, { recursive: true });
  }
  const rel = parts.join('/');
  if (rel === '') transfer(root, dest, '', kept, options.recursive);
  else transfer(join(root, rel), join(dest, rel), rel, kept, options.recursive);
}

const dest = (options.paths.at(-1) ?? '').replace(/\/\.$/, '') || '.';
const sources = options.paths.slice(0, -1);
// Like rsync, make the destination itself but not its parents (gitlab-ci-local makes them).
try {
  mkdirSync(dest);
} catch (error) {
  const failure = /** @type {NodeJS.ErrnoException} */ (error);
  if (failure.code !== 'EEXIST') {
    process.stderr.write(`rsync: mkdir "${dest}" failed: ${failure.message}\n`);
    process.exit(11);
  }
}
/** @type {Set<string>} */
const kept = new Set();

if (options.filesFrom !== null) {
  const root = sources[0] ?? '.';
  const list = readFileSync(options.filesFrom, 'utf8').split(/\r?\n/);
  for (const line of list.filter((l) => l !== '')) {
    if (exists(join(root, line))) copyRelative({ root, name: line }, dest, kept);
  }
} else {
  for (const source of sources) {
    if (!exists(source)) continue;
    if (options.relative) copyRelative(relativeSource(source), dest, kept);
    else if (/\/\.?$/.test(source) || source === '.') {
      // `dir/` and `dir/.` copy what the folder holds; the folder's own attributes go to dest.
      transfer(source, dest, '', kept, options.recursive);
    } else {
      const name = basename(source);
      transfer(source, join(dest, name), name, kept, options.recursive);
    }
  }
  const [source] = sources;
  if (options.delete && source !== undefined && sources.length === 1 && !options.relative) {
    if (/\/\.?$/.test(source) || source === '.') deleteExtraneous(dest, '', kept);
  }
}

process.exit(missing ? 23 : 0);
