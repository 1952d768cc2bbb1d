// @ts-check
// Object storage beside the emulated GitLab: a second server on loopback (another origin, as
// an S3 bucket is another host) that serves job artifacts archives at signed, expiring URLs.
// With it, GET …/jobs/:job_id/artifacts answers 302 to such a URL, as GitLab does when the
// artifacts object store has `proxy_download: false` (its default): present_carrierwave_file!
// (lib/api/helpers.rb) redirects to `file.url` when `supports_direct_download` and
// `direct_download_enabled?`. The signed URL is good on its own; a client must not send
// GitLab's token there, and the recorded requests let a test check that it did not.

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { pipeline } from 'node:stream';

/** @typedef {import('./server.js').RecordedRequest} RecordedRequest */
/** @typedef {{ size: number | null, open: () => import('node:stream').Readable }} Blob */

/** How long a signed URL is good for, in real milliseconds (GitLab's default is 15 minutes). */
const SIGNED_URL_MS = 15 * 60 * 1000;

export class ObjectStorage {
  constructor() {
    /** @type {Map<string, { blob: Blob, expires: number }>} signature → object */
    this.objects = new Map();
    /** @type {RecordedRequest[]} every request received, in order */
    this.requests = [];
    /** @type {Set<import('node:net').Socket>} */
    this.sockets = new Set();
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    /** scheme, host and port, set once it listens */
    this.origin = '';
  }

  /**
   * @param {string} host
   * @returns {Promise<void>}
   */
  async listen(host) {
    await new Promise((resolve) => this.server.listen(0, host, () => resolve(undefined)));
    const address = /** @type {import('node:net').AddressInfo} */ (this.server.address());
    const hostPart = host.includes(':') ? `[${host}]` : host;
    this.origin = `http://${hostPart}:${address.port}`;
  }

  /**
   * A signed URL for `blob`, named like an S3 presigned URL.
   * @param {string} key e.g. 'artifacts/1001/artifacts.zip'
   * @param {Blob} blob
   */
  sign(key, blob) {
    const signature = randomBytes(16).toString('hex');
    this.objects.set(signature, { blob, expires: Date.now() + SIGNED_URL_MS });
    const query = `X-Amz-Expires=900&X-Amz-Signature=${signature}`;
    return `${this.origin}/gitlab-artifacts/${key}?${query}`;
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  handle(req, res) {
    const url = new URL(req.url ?? '/', this.origin);
    /** @type {Record<string, string>} */
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    this.requests.push({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      path: url.pathname,
      headers,
      body: '',
      at: Date.now(),
    });
    const object = this.objects.get(url.searchParams.get('X-Amz-Signature') ?? '');
    // S3 answers an XML error; its code is what a client would log.
    const refuse = (/** @type {number} */ status, /** @type {string} */ code) => {
      res.writeHead(status, { 'Content-Type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code></Error>\n`);
    };
    if (req.method !== 'GET') return refuse(405, 'MethodNotAllowed');
    if (!object) return refuse(403, 'SignatureDoesNotMatch');
    if (object.expires <= Date.now()) return refuse(403, 'AccessDenied');
    /** @type {Record<string, string | number>} */
    const head = { 'Content-Type': 'application/zip' };
    if (object.blob.size !== null) head['Content-Length'] = object.blob.size;
    res.writeHead(200, head);
    pipeline(object.blob.open(), res, () => undefined);
  }

  /** @returns {Promise<void>} */
  async close() {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(() => resolve(undefined)));
  }
}
