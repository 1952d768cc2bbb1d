// @ts-check
// An artifacts archive built to hurt the program that unpacks it: entry names that climb out of
// the target directory or name absolute paths, a symbolic link pointing outside, and a
// deflated entry of zeros far larger than the archive (optionally lying about its size). yazl
// refuses such names, rightly, so this small writer lays out the ZIP records itself
// (APPNOTE.TXT 4.3: local headers, data descriptors, central directory, end record).

import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/** @typedef {import('./types.js').HostileArchive} HostileArchive */

/**
 * The entries besides the large one: names a careless unpacker writes outside its directory.
 * @type {{ name: string, data: string, symlink?: boolean }[]}
 */
export const HOSTILE_ENTRIES = [
  { name: 'ok.txt', data: 'an ordinary file\n' },
  { name: '../escape.txt', data: 'written outside the target directory\n' },
  { name: '/abs/path.txt', data: 'written at an absolute path\n' },
  { name: 'C:\\drive.txt', data: 'written on another drive\n' },
  { name: 'link-outside', data: '../../../../etc/passwd', symlink: true },
];
export const BOMB_NAME = 'bomb.bin';
const DEFAULT_BOMB = 64 * 1024 * 1024;

/**
 * MS-DOS date and time of `ms` (local fields taken in UTC, as the emulator's times are).
 * @param {number} ms
 */
function dosTime(ms) {
  const d = new Date(ms);
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
  const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  return { time, date };
}

/**
 * @typedef {object} Record
 * @property {Buffer} name
 * @property {number} method 0 stored, 8 deflated
 * @property {number} flags
 * @property {number} crc
 * @property {number} compressed
 * @property {number} size the uncompressed size written in the central directory
 * @property {number} offset of the local header
 * @property {number} external external attributes (Unix mode << 16 for links)
 */

/**
 * @param {Record} r
 * @param {{ time: number, date: number }} when
 */
function localHeader(r, when) {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(r.flags, 6);
  h.writeUInt16LE(r.method, 8);
  h.writeUInt16LE(when.time, 10);
  h.writeUInt16LE(when.date, 12);
  const sizesLater = (r.flags & 0x08) !== 0;
  h.writeUInt32LE(sizesLater ? 0 : r.crc, 14);
  h.writeUInt32LE(sizesLater ? 0 : r.compressed, 18);
  h.writeUInt32LE(sizesLater ? 0 : r.size, 22);
  h.writeUInt16LE(r.name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, r.name]);
}

/**
 * @param {Record} r
 * @param {{ time: number, date: number }} when
 */
function centralRecord(r, when) {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so that the mode in `external` counts
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(r.flags, 8);
  h.writeUInt16LE(r.method, 10);
  h.writeUInt16LE(when.time, 12);
  h.writeUInt16LE(when.date, 14);
  h.writeUInt32LE(r.crc, 16);
  h.writeUInt32LE(r.compressed, 20);
  h.writeUInt32LE(r.size, 24);
  h.writeUInt16LE(r.name.length, 28);
  h.writeUInt32LE(r.external >>> 0, 38);
  h.writeUInt32LE(r.offset, 42);
  return Buffer.concat([h, r.name]);
}

/**
 * Zero-filled chunks adding up to `size`, their CRC kept in `state`.
 * @param {number} size
 * @param {{ crc: number }} state
 */
function* zeros(size, state) {
  const chunk = Buffer.alloc(1024 * 1024);
  for (let left = size; left > 0; left -= chunk.length) {
    const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
    state.crc = zlib.crc32(part, state.crc);
    yield part;
  }
}

/**
 * The hostile archive, produced as it is read.
 * @param {HostileArchive} spec
 * @param {number} mtime
 * @returns {Readable}
 */
export function hostileArchive(spec, mtime) {
  return Readable.from(records(spec, mtime));
}

/**
 * @param {HostileArchive} spec
 * @param {number} mtime
 */
async function* records(spec, mtime) {
  const when = dosTime(mtime);
  /** @type {Record[]} */
  const central = [];
  let offset = 0;
  for (const entry of spec.entries ?? HOSTILE_ENTRIES) {
    const data = Buffer.from(entry.data);
    /** @type {Record} */
    const r = {
      name: Buffer.from(entry.name),
      method: 0,
      flags: 0x0800, // names in UTF-8
      crc: zlib.crc32(data),
      compressed: data.length,
      size: data.length,
      offset,
      external: (entry.symlink ? 0o120777 : entry.name.endsWith('/') ? 0o040755 : 0o100644) << 16,
    };
    const header = localHeader(r, when);
    yield header;
    yield data;
    offset += header.length + data.length;
    central.push(r);
  }

  // The large entry: deflated on the fly, its sizes in a data descriptor after it.
  const size = spec.bombSize ?? DEFAULT_BOMB;
  if (size > 0) offset = yield* bombEntry(size, offset, spec, when, central);
  yield* centralDirectory(central, offset, when);
}

/**
 * The zero-filled entry, deflated on the fly; the offset after it.
 * @param {number} size
 * @param {number} offset
 * @param {HostileArchive} spec
 * @param {{ time: number, date: number }} when
 * @param {Record[]} central
 */
async function* bombEntry(size, offset, spec, when, central) {
  /** @type {Record} */
  const bomb = {
    name: Buffer.from(BOMB_NAME),
    method: 8,
    flags: 0x0808,
    crc: 0,
    compressed: 0,
    size,
    offset,
    external: 0o100644 << 16,
  };
  const header = localHeader(bomb, when);
  yield header;
  offset += header.length;
  const state = { crc: 0 };
  const deflate = zlib.createDeflateRaw({ level: 9 });
  Readable.from(zeros(size, state)).pipe(deflate);
  for await (const chunk of deflate) {
    bomb.compressed += chunk.length;
    yield chunk;
  }
  bomb.crc = state.crc;
  const descriptor = Buffer.alloc(16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(bomb.crc, 4);
  descriptor.writeUInt32LE(bomb.compressed, 8);
  descriptor.writeUInt32LE(size, 12);
  yield descriptor;
  offset += bomb.compressed + descriptor.length;
  // The central directory may claim another size than the data holds.
  central.push({ ...bomb, size: spec.declaredSize ?? size });
  return offset;
}

/**
 * @param {Record[]} central
 * @param {number} offset
 * @param {{ time: number, date: number }} when
 */
async function* centralDirectory(central, offset, when) {
  const start = offset;
  let length = 0;
  for (const r of central) {
    const record = centralRecord(r, when);
    length += record.length;
    yield record;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length, 8);
  end.writeUInt16LE(central.length, 10);
  end.writeUInt32LE(length, 12);
  end.writeUInt32LE(start, 16);
  yield end;
}
