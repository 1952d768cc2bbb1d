import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Keeps a long streamed body (a job log read for its tail, an artifacts download) from piling up
 * in memory. Each read of the socket is a new buffer outside V8's heap, freed only when a
 * collection runs; those buffers are young objects, but a stream makes so little other garbage
 * that no young collection comes, and V8 lets about 64 MiB of such memory build up before it
 * collects on its own: reading a 200 MB log and keeping nothing peaked at 137 MiB. A young-
 * generation collection every few MiB streamed frees the buffers already read, and costs about
 * a millisecond. The collector is reached the way Jest's leak detector reaches it (the flag,
 * then a new context's `gc`); where that fails, streaming goes on as before.
 */

/** How many bytes may be streamed between two collections. */
export const STREAMED_BYTES_PER_COLLECTION = 1024 * 1024;

type Collect = (options: { type: 'minor' | 'major' }) => void;

let collect: Collect | null | undefined;

function collector(): Collect | null {
  if (collect !== undefined) return collect;
  const exposed = (globalThis as { gc?: Collect }).gc;
  if (typeof exposed === 'function') return (collect = exposed);
  try {
    setFlagsFromString('--expose-gc');
    const found: unknown = runInNewContext('gc');
    collect = typeof found === 'function' ? (found as Collect) : null;
  } catch {
    collect = null;
  }
  return collect;
}

/**
 * Counts the bytes of one streamed body and collects young garbage every
 * `STREAMED_BYTES_PER_COLLECTION`. Bodies shorter than that never reach the collector.
 */
export class StreamedMemory {
  private sinceCollection = 0;

  constructor(private readonly every = STREAMED_BYTES_PER_COLLECTION) {}

  /** Notes `bytes` more streamed; returns true when a collection ran. */
  streamed(bytes: number): boolean {
    this.sinceCollection += bytes;
    if (this.sinceCollection < this.every) return false;
    this.sinceCollection = 0;
    const run = collector();
    if (!run) return false;
    run({ type: 'minor' });
    return true;
  }
}
