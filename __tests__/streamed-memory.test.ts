// A long streamed body (a job log read for its tail, an artifacts download) collects young
// garbage every MiB, so that the socket's read buffers do not pile up to V8's 64 MiB external
// memory limit. How much that saves is measured by `npm run bench` (the 200 MB log row); these
// tests pin that the collections happen, and only for long bodies.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { createHttpSend } from '../src/core/http-transport.js';
import { STREAMED_BYTES_PER_COLLECTION, StreamedMemory } from '../src/core/streamed-memory.js';

const MiB = 1024 * 1024;

/** Counts the young-generation collections that run while `body` does. */
async function minorCollectionsDuring(body: () => Promise<unknown>): Promise<number> {
  let minor = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) minor++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  await body();
  // gc entries are delivered asynchronously
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return minor;
}

describe('StreamedMemory', () => {
  it('never collects for a body under a MiB, and once for each MiB after that', () => {
    const memory = new StreamedMemory();
    expect(STREAMED_BYTES_PER_COLLECTION).toBe(MiB);
    expect(memory.streamed(64 * 1024)).toBe(false);
    expect(memory.streamed(MiB - 64 * 1024 - 1)).toBe(false);
    expect(memory.streamed(1)).toBe(true);
    expect(memory.streamed(MiB - 1)).toBe(false);
    expect(memory.streamed(1)).toBe(true);
  });

  it('runs a real young-generation collection', async () => {
    const memory = new StreamedMemory();
    const minor = await minorCollectionsDuring(async () => {
      for (let i = 0; i < 5; i++) memory.streamed(MiB);
    });
    expect(minor).toBeGreaterThanOrEqual(5);
  });
});

describe('a tail read through the transport', () => {
  const size = 12 * MiB;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const chunk = Buffer.alloc(MiB, 'x');
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < size / MiB - 1; i++) res.write(chunk);
      res.end(Buffer.concat([Buffer.alloc(MiB - 12, 'y'), Buffer.from('\nthe reason\n')]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/log`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps only the tail, collecting as the log streams', async () => {
    const send = createHttpSend({ responseTimeoutMs: 30_000 });
    let body = '';
    const minor = await minorCollectionsDuring(async () => {
      const answer = await send({ method: 'GET', url, headers: {}, tailBytes: 16 });
      body = answer.body;
    });
    expect(body).toBe('yyyy\nthe reason\n');
    expect(minor).toBeGreaterThanOrEqual(size / MiB - 1);
  });
});
