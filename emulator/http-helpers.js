// @ts-check
// Responses and the error shapes of GitLab's API (lib/api/helpers.rb, lib/api/api.rb).
// Handlers return a Response object instead of writing to the socket, so that the fault
// rules can decide afterwards whether it is sent whole, cut short, or not at all.

import { randomBytes } from 'node:crypto';

/**
 * @typedef {object} Response
 * @property {number} status
 * @property {Record<string, string>} headers
 * @property {string | Buffer} body
 * @property {() => import('node:stream').Readable} [stream] a body produced on demand and
 *   streamed (huge logs, archives); `body` is then ignored. Give `Content-Length` in `headers`
 *   when the size is known, otherwise the answer is chunked.
 */

/**
 * An answer that ends the handling of a request, thrown from anywhere in a handler.
 */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {unknown} body a string is sent as it is, anything else as JSON
   * @param {Record<string, string>} [headers]
   */
  constructor(status, body, headers = {}) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
    this.status = status;
    this.body = body;
    this.headers = headers;
  }

  /** @returns {Response} */
  toResponse() {
    if (typeof this.body === 'string') {
      return text(this.status, this.body, this.headers);
    }
    return json(this.status, this.body, this.headers);
  }
}

/**
 * Headers every API answer carries (Grape's `before` in lib/api/api.rb adds the first two).
 * @returns {Record<string, string>}
 */
function apiHeaders() {
  const requestId = randomBytes(13).toString('hex').toUpperCase().slice(0, 26);
  return {
    'X-Frame-Options': 'SAMEORIGIN',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'max-age=0, private, must-revalidate',
    Vary: 'Origin',
    'X-Request-Id': requestId,
    'X-Gitlab-Meta': JSON.stringify({ correlation_id: requestId, version: '1' }),
  };
}

/**
 * @param {number} status
 * @param {unknown} value
 * @param {Record<string, string>} [headers]
 * @returns {Response}
 */
export function json(status, value, headers = {}) {
  return {
    status,
    headers: { 'Content-Type': 'application/json', ...apiHeaders(), ...headers },
    body: JSON.stringify(value),
  };
}

/**
 * @param {number} status
 * @param {string} body
 * @param {Record<string, string>} [headers]
 * @returns {Response}
 */
export function text(status, body, headers = {}) {
  return {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...apiHeaders(), ...headers },
    body,
  };
}

/**
 * A body streamed as it is produced, `length` bytes (null: unknown, the answer is chunked).
 * @param {number} status
 * @param {number | null} length
 * @param {() => import('node:stream').Readable} stream
 * @param {Record<string, string>} [headers]
 * @returns {Response}
 */
export function streamed(status, length, stream, headers = {}) {
  return {
    status,
    headers: {
      'Content-Type': 'application/octet-stream',
      ...apiHeaders(),
      ...headers,
      ...(length === null ? {} : { 'Content-Length': String(length) }),
    },
    body: '',
    stream,
  };
}

/**
 * A 204 No Content answer: no body and no Content-Type (Grape's `body false`).
 * @returns {Response}
 */
export function noContent() {
  return { status: 204, headers: apiHeaders(), body: '' };
}

// --- The error helpers of lib/api/helpers.rb -------------------------------------------------

/**
 * render_api_error!: `{"message": …}`.
 * @param {unknown} message
 * @param {number} status
 */
export function apiError(message, status) {
  return new ApiError(status, { message });
}

/**
 * Grape's own errors (validation, the catch-all route): `{"error": …}`.
 * @param {string} message
 * @param {number} status
 */
export function grapeError(message, status) {
  return new ApiError(status, { error: message });
}

/** @param {string} [resource] not_found!(resource): "404 <resource> Not Found" */
export function notFound(resource) {
  return apiError(resource ? `404 ${resource} Not Found` : '404 Not Found', 404);
}

/** ActiveRecord::RecordNotFound, rescued in lib/api/api.rb: note the lower-case "found". */
export function recordNotFound() {
  return apiError('404 Not found', 404);
}

/** @param {string} [reason] */
export function forbidden(reason) {
  return apiError(reason ? `403 Forbidden - ${reason}` : '403 Forbidden', 403);
}

/** @param {string} [reason] */
export function unauthorized(reason) {
  return apiError(reason ? `401 Unauthorized - ${reason}` : '401 Unauthorized', 401);
}

/** @param {string} [reason] */
export function badRequest(reason) {
  return apiError(reason ? `400 Bad request - ${reason}` : '400 Bad request', 400);
}

// --- Rails' Object#to_query, used for the pagination Link header ------------------------------

/**
 * CGI.escape: everything but A-Z a-z 0-9 _ . - ~ is percent-encoded, a space becomes '+'.
 * @param {string} value
 */
export function cgiEscape(value) {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * Hash#to_query: nested keys as a[b] and a[], every pair escaped, the pairs sorted.
 * @param {Record<string, unknown>} params
 * @returns {string}
 */
export function toQuery(params) {
  /** @type {string[]} */
  const pairs = [];
  /**
   * @param {string} key
   * @param {unknown} value
   */
  const add = (key, value) => {
    if (Array.isArray(value)) {
      if (value.length === 0) pairs.push(`${cgiEscape(`${key}[]`)}=`);
      for (const item of value) add(`${key}[]`, item);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
    } else {
      pairs.push(
        `${cgiEscape(key)}=${cgiEscape(value === null || value === undefined ? '' : String(value))}`,
      );
    }
  };
  for (const [key, value] of Object.entries(params)) add(key, value);
  return pairs.sort().join('&');
}
