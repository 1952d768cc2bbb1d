// @ts-check
// The HTTP(S) side: reads each request whole, records it, applies the fault rules, hands the
// rest to the router under {basePath}/api/v4 and writes the answer. Every socket is tracked so
// that close() can end hanging connections too.

import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream';
import { URLSearchParams } from 'node:url';
import { abusePaging, faultResponse, Faults } from './faults.js';
import { grapeError, json } from './http-helpers.js';
import { parseBody, parseNestedQuery } from './params.js';
import { dispatch } from './router.js';
import { gitHost, serveGit } from './git.js';

/** @typedef {import('./instance.js').Instance} Instance */
/** @typedef {import('./http-helpers.js').Response} Response */
/** @typedef {import('./router.js').Ctx} Ctx */

/**
 * @typedef {object} RecordedRequest
 * @property {string} method
 * @property {string} url the raw path and query as received
 * @property {string} path the decoded path without the base path
 * @property {Record<string, string>} headers lower-case names
 * @property {string} body the raw body as text
 * @property {number} at real time of arrival (epoch ms)
 */

/**
 * @param {string} value
 */
function safeDecode(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * @param {http.IncomingHttpHeaders} headers
 * @returns {Record<string, string>}
 */
function flatHeaders(headers) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * An HTML page outside the API (Rails' public/404.html, shortened).
 * @param {number} status
 * @param {string} title
 * @returns {Response}
 */
function webPage(status, title) {
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!DOCTYPE html>\n<html>\n<head><title>${title}</title></head>\n<body>\n<h1>${status}</h1>\n<p>${title}</p>\n</body>\n</html>\n`,
  };
}

export class EmulatorServer {
  /**
   * @param {Instance} instance
   * @param {{ tls?: { key: string, cert: string } }} options
   */
  constructor(instance, options) {
    this.instance = instance;
    this.faults = new Faults();
    /** @type {RecordedRequest[]} */
    this.requests = [];
    /** @type {Set<import('node:net').Socket>} */
    this.sockets = new Set();
    /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
    const listener = (req, res) => this.onRequest(req, res);
    this.server = options.tls
      ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener)
      : http.createServer(listener);
    // nginx in front of GitLab keeps idle connections 65 s; Node's 5 s default would race
    // clients that reuse a pooled connection.
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
  }

  /**
   * @param {string} host
   * @param {number} port
   * @returns {Promise<number>} the port
   */
  listen(host, port) {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /** Stops listening and destroys every open socket, hanging ones included. */
  close() {
    return new Promise((resolve) => {
      this.server.close(() => resolve(undefined));
      for (const socket of this.sockets) socket.destroy();
      this.sockets.clear();
    });
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  onRequest(req, res) {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('error', () => req.socket.destroy());
    req.on('end', () => {
      try {
        this.handle(req, res, Buffer.concat(chunks));
      } catch (error) {
        process.stderr.write(
          `gitlab emulator: ${error instanceof Error ? error.stack : String(error)}\n`,
        );
        if (!res.headersSent)
          this.send(req, res, json(500, { message: '500 Internal Server Error' }));
      }
    });
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @param {Buffer} body
   */
  handle(req, res, body) {
    const { instance } = this;
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
    const query = queryAt === -1 ? '' : rawUrl.slice(queryAt + 1);
    const base = instance.basePath;
    const underBase = base === '' || rawPath === base || rawPath.startsWith(`${base}/`);
    const localPath = underBase ? rawPath.slice(base.length) || '/' : rawPath;
    const headers = flatHeaders(req.headers);
    const path = safeDecode(localPath);
    gitHost(instance).settle();
    this.requests.push({
      method,
      url: rawUrl,
      path,
      headers,
      body: body.toString('utf8'),
      at: Date.now(),
    });

    const rule = this.faults.take(method, path);
    if (rule?.reset === 'before') {
      req.socket.destroy();
      return;
    }
    if (rule?.hang === true) return;
    const canned = rule ? faultResponse(rule) : null;
    if (canned) {
      this.send(req, res, canned);
      return;
    }

    if (underBase && serveGit(instance, { method, localPath, query, headers, body }, res)) return;
    const asked = rule?.dropQuery ? withoutParams(query, rule.dropQuery) : query;
    const response = underBase
      ? this.route(method, rawPath, localPath, asked, headers, body)
      : webPage(404, "The page could not be found or you don't have permission to view it.");

    if (rule?.reset === 'after') {
      req.socket.destroy();
      return;
    }
    if (rule?.hang === 'after') return;
    if (rule?.paging) abusePaging(rule.paging, response);
    if (rule?.rewrite)
      response.body = JSON.stringify(rule.rewrite(JSON.parse(String(response.body))));
    if (rule?.truncate) {
      this.sendTruncated(res, response);
      return;
    }
    this.send(req, res, response);
  }

  /**
   * @param {string} method
   * @param {string} rawPath
   * @param {string} localPath the raw path without the base path
   * @param {string} query
   * @param {Record<string, string>} headers
   * @param {Buffer} body
   * @returns {Response}
   */
  route(method, rawPath, localPath, query, headers, body) {
    const { instance } = this;
    if (localPath === '/api/v4' || localPath.startsWith('/api/v4/')) {
      const parsed = parseBody(method, headers['content-type'], body);
      if (parsed.error) return grapeError(parsed.error.message, parsed.error.status).toResponse();
      /** @type {Ctx} */
      const ctx = {
        instance,
        method,
        rawPath,
        apiPath: localPath.slice('/api/v4'.length),
        query,
        headers,
        params: { ...parseNestedQuery(query), ...parsed.params },
        routeParams: {},
        now: instance.now(),
        route: undefined,
        principal: undefined,
      };
      return dispatch(ctx);
    }
    if (localPath.startsWith('/api/v3/') || localPath === '/api/v3') {
      return grapeError('API V3 is no longer supported. Use API V4 instead.', 410).toResponse();
    }
    if (localPath.startsWith('/api/')) return grapeError('404 Not Found', 404).toResponse();
    if (localPath === '/-/health') {
      return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'GitLab OK' };
    }
    if (localPath === '/' && method === 'GET') {
      return {
        status: 302,
        headers: {
          Location: `${instance.url}/users/sign_in`,
          'Content-Type': 'text/html; charset=utf-8',
        },
        body: '',
      };
    }
    if (localPath === '/users/sign_in' && method === 'GET') return webPage(200, 'Sign in · GitLab');
    if (/^\/[^/].*\/-\/(pipelines|jobs)\/\d+$/.test(localPath) && method === 'GET') {
      // The web page a pipeline's web_url points at: present, but not worth rendering.
      return webPage(200, 'Pipeline · GitLab');
    }
    return webPage(404, "The page could not be found or you don't have permission to view it.");
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @param {Response} response
   */
  send(req, res, response) {
    if (response.stream) {
      this.sendStream(req, res, response, response.stream);
      return;
    }
    const body = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
    const head = req.method === 'HEAD';
    res.writeHead(response.status, {
      Server: 'nginx',
      ...response.headers,
      ...(response.status === 204 ? {} : { 'Content-Length': String(body.length) }),
    });
    res.end(head || response.status === 204 ? undefined : body);
  }

  /**
   * A body produced on demand: piped to the socket chunk by chunk, never held whole. A
   * stream that fails half-way ends the socket, as a proxy losing its upstream would.
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @param {Response} response
   * @param {() => import('node:stream').Readable} open
   */
  sendStream(req, res, response, open) {
    res.writeHead(response.status, { Server: 'nginx', ...response.headers });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    pipeline(open(), res, (error) => {
      if (error) res.socket?.destroy();
    });
  }

  /**
   * The headers with the right Content-Length, then half the body, then the socket ends.
   * @param {http.ServerResponse} res
   * @param {Response} response
   */
  sendTruncated(res, response) {
    if (response.stream) {
      // A streamed body: the declared length, then about half of it.
      const length = Number(response.headers['Content-Length'] ?? 0);
      res.writeHead(response.status, { Server: 'nginx', ...response.headers });
      let sent = 0;
      const source = response.stream();
      source.on('data', (chunk) => {
        const room = Math.floor(length / 2) - sent;
        if (room <= 0) return;
        const part = chunk.subarray(0, room);
        sent += part.length;
        res.write(part);
        if (sent >= Math.floor(length / 2)) {
          source.destroy();
          res.socket?.end();
        }
      });
      source.on('end', () => res.socket?.end());
      return;
    }
    const body = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
    res.writeHead(response.status, {
      Server: 'nginx',
      ...response.headers,
      'Content-Length': String(body.length),
    });
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.end());
  }
}

/**
 * The query string without the named parameters (each of its values).
 * @param {string} query
 * @param {string[]} names
 */
function withoutParams(query, names) {
  const params = new URLSearchParams(query);
  for (const name of names) params.delete(name);
  return params.toString();
}
