// @ts-check
// A job's artifacts: the files a script gave (small texts, or generated contents of any size),
// packed as the runner's artifacts.zip with yazl and streamed, never held whole. Entries are
// stored, not deflated, so that the archive's size is known before it is sent (yazl computes
// it from the entries' sizes), as GitLab knows the size of the file it serves.

import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import yazl from 'yazl';
import { generatedLog } from './logs.js';
import { hostileArchive, BOMB_NAME, HOSTILE_ENTRIES } from './zip-hostile.js';

/** @typedef {import('./types.js').Job} Job */
/** @typedef {import('./types.js').ArtifactContent} ArtifactContent */

/**
 * @typedef {object} ArchiveEntry
 * @property {string} path
 * @property {number} size
 * @property {() => Readable} open
 */

/**
 * @param {string} path
 * @param {ArtifactContent} content
 * @returns {ArchiveEntry}
 */
function entryOf(path, content) {
  if (typeof content === 'string') {
    const bytes = Buffer.from(content);
    return { path, size: bytes.length, open: () => Readable.from([bytes]) };
  }
  const body = generatedLog(content.size, content.tail);
  return { path, size: body.size, open: () => body.open(0, body.size) };
}

/**
 * Whether the job has uploaded an archive: artifacts:when defaults to on_success.
 * @param {Job} job
 */
export function hasArtifacts(job) {
  const { artifacts, hostileArtifacts } = job.extras;
  return (artifacts !== undefined || hostileArtifacts !== undefined) && job.status === 'success';
}

/** @param {Job} job */
function entriesOf(job) {
  return Object.entries(job.extras.artifacts ?? {}).map(([path, content]) =>
    entryOf(path, content),
  );
}

/**
 * @param {ArchiveEntry[]} entries
 * @param {Date} mtime
 * @param {boolean} lazy true: never pump the data (only the size is wanted)
 */
function zipOf(entries, mtime, lazy) {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    zip.addReadStreamLazy(entry.path, { size: entry.size, compress: false, mtime }, (callback) => {
      if (!lazy) callback(null, entry.open());
    });
  }
  let size = -1;
  // yazl calls back with the total size at once when every entry's size is known (its
  // typings omit the argument).
  const end = /** @type {(options: object, done: (total: number) => void) => void} */ (
    zip.end.bind(zip)
  );
  end({}, (total) => {
    size = total;
  });
  return { zip, size };
}

/**
 * The archive of the job: its size and a way to stream it.
 * @param {Job} job
 * @returns {{ size: number | null, open: () => Readable }}
 */
export function archiveOf(job) {
  const mtime = job.finishedAt ?? job.createdAt;
  const hostile = job.extras.hostileArtifacts;
  if (hostile !== undefined) {
    // Deflated on the fly: the size is not known before it is sent.
    return { size: null, open: () => hostileArchive(hostile === true ? {} : hostile, mtime) };
  }
  const entries = entriesOf(job);
  const { size } = zipOf(entries, new Date(mtime), true);
  return {
    size,
    open: () => /** @type {Readable} */ (zipOf(entries, new Date(mtime), false).zip.outputStream),
  };
}

/**
 * One file of the archive, as Workhorse's SendEntry serves it, or null when absent.
 * @param {Job} job
 * @param {string} path
 * @returns {ArchiveEntry | null}
 */
export function archiveEntry(job, path) {
  if (job.extras.hostileArtifacts !== undefined) {
    const entry = HOSTILE_ENTRIES.find((e) => e.name === path);
    if (entry) return entryOf(path, entry.data);
    if (path === BOMB_NAME) {
      const spec = job.extras.hostileArtifacts === true ? {} : job.extras.hostileArtifacts;
      const size = spec.bombSize ?? 64 * 1024 * 1024;
      return { path, size, open: () => Readable.from(zeroChunks(size)) };
    }
    return null;
  }
  const content = job.extras.artifacts?.[path];
  return content === undefined ? null : entryOf(path, content);
}

/** @param {number} size */
function* zeroChunks(size) {
  const chunk = Buffer.alloc(1024 * 1024);
  for (let left = size; left > 0; left -= chunk.length) {
    yield left >= chunk.length ? chunk : chunk.subarray(0, left);
  }
}

/**
 * The job entity's `artifacts` (Entities::Ci::JobArtifact) and `artifacts_file`
 * (Entities::Ci::JobArtifactFile): the archive, its metadata, and a dotenv report for each
 * `*.env` file (artifacts:reports:dotenv, stored gzipped as .env.gz).
 * @param {Job} job
 */
export function artifactFields(job) {
  if (!hasArtifacts(job)) return { artifacts: [] };
  const archive = archiveOf(job);
  const size = archive.size ?? 0;
  const files = [
    { file_type: 'archive', size, filename: 'artifacts.zip', file_format: 'zip' },
    { file_type: 'metadata', size: 187, filename: 'metadata.gz', file_format: 'gzip' },
  ];
  for (const [path, content] of Object.entries(job.extras.artifacts ?? {})) {
    if (!path.endsWith('.env') || typeof content !== 'string') continue;
    const gz = zlib.gzipSync(content).length;
    files.push({ file_type: 'dotenv', size: gz, filename: '.env.gz', file_format: 'gzip' });
  }
  return { artifacts_file: { filename: 'artifacts.zip', size }, artifacts: files };
}
