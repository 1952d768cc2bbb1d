// @ts-check
// Request parameters the way Rack and Grape build them: nested keys in query strings and
// urlencoded forms (`variables[KEY]=value`, `scope[]=a`), multipart form fields, and JSON
// bodies merged over the query string. Route parameters come last and win, as in Grape.

/**
 * Rack's percent-decoding of a query component ('+' is a space).
 * @param {string} value
 */
function unescapeComponent(value) {
  const spaced = value.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    // Rack answers 400 for broken escapes; keeping the raw text is close enough here.
    return spaced;
  }
}

/**
 * Rack::QueryParser#normalize_params: places `value` at the nested position `name` describes.
 * @param {Record<string, unknown>} params
 * @param {string} name
 * @param {unknown} value
 */
export function normalizeParams(params, name, value) {
  const match = /^[[\]]*([^[\]]+)\]*/.exec(name);
  const key = match?.[1] ?? '';
  const after = match ? name.slice(match[0].length) : '';
  if (key === '') return;
  if (after === '') {
    params[key] = value;
  } else if (after === '[') {
    params[name] = value;
  } else if (after === '[]') {
    const list = Array.isArray(params[key]) ? /** @type {unknown[]} */ (params[key]) : [];
    list.push(value);
    params[key] = list;
  } else if (after.startsWith('[]')) {
    // a[][b]=1: an array of hashes; a new hash starts when the last one already has the key.
    const childKey = after.slice(2);
    const list = Array.isArray(params[key]) ? /** @type {unknown[]} */ (params[key]) : [];
    params[key] = list;
    const last = list[list.length - 1];
    const inner = /^\[([^[\]]+)\]/.exec(childKey)?.[1];
    if (last && typeof last === 'object' && inner !== undefined && !(inner in last)) {
      normalizeParams(/** @type {Record<string, unknown>} */ (last), childKey, value);
    } else {
      /** @type {Record<string, unknown>} */
      const fresh = {};
      normalizeParams(fresh, childKey, value);
      list.push(fresh);
    }
  } else {
    const current = params[key];
    /** @type {Record<string, unknown>} */
    const child =
      current && typeof current === 'object' && !Array.isArray(current)
        ? /** @type {Record<string, unknown>} */ (current)
        : {};
    params[key] = child;
    normalizeParams(child, after, value);
  }
}

/**
 * A query string or an application/x-www-form-urlencoded body.
 * @param {string} textValue
 * @returns {Record<string, unknown>}
 */
export function parseNestedQuery(textValue) {
  /** @type {Record<string, unknown>} */
  const params = {};
  for (const pair of textValue.split(/[&;]/)) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = unescapeComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? null : unescapeComponent(pair.slice(eq + 1));
    normalizeParams(params, name, value);
  }
  return params;
}

/**
 * A multipart/form-data body. Field values are kept byte for byte; file parts become
 * `{ filename, type, content }` (Rack gives a tempfile hash).
 * @param {Buffer} body
 * @param {string} contentType
 * @returns {Record<string, unknown>}
 */
export function parseMultipart(body, contentType) {
  /** @type {Record<string, unknown>} */
  const params = {};
  const boundaryMatch = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = boundaryMatch?.[1] ?? boundaryMatch?.[2];
  if (!boundary) return params;
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    start += delimiter.length;
    // "--" after the delimiter closes the body.
    if (body.subarray(start, start + 2).toString() === '--') break;
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    // The part ends with the CRLF that precedes the next delimiter.
    let end = next;
    if (body.subarray(end - 2, end).toString() === '\r\n') end -= 2;
    const part = body.subarray(start, end);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const head = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
      const name = /\bname="((?:[^"\\]|\\.)*)"/i.exec(disposition)?.[1];
      const filename = /\bfilename="((?:[^"\\]|\\.)*)"/i.exec(disposition)?.[1];
      const type = /content-type:\s*([^\r\n]*)/i.exec(head)?.[1];
      if (name !== undefined) {
        const value =
          filename !== undefined
            ? {
                filename,
                type: type ?? 'application/octet-stream',
                content: content.toString('utf8'),
              }
            : content.toString('utf8');
        normalizeParams(params, name, value);
      }
    }
    start = next;
  }
  return params;
}

/**
 * @typedef {object} ParsedBody
 * @property {Record<string, unknown>} params
 * @property {{ status: number, message: string } | null} error an answer Grape would give instead
 */

/**
 * The body parameters of a request, by Content-Type, as Rack and Grape's formatter read them.
 * @param {string} method
 * @param {string | undefined} contentType
 * @param {Buffer} body
 * @returns {ParsedBody}
 */
export function parseBody(method, contentType, body) {
  if (body.length === 0) return { params: {}, error: null };
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  // Rack reads a POST body without a Content-Type as a urlencoded form.
  if (
    mediaType === 'application/x-www-form-urlencoded' ||
    (mediaType === '' && method === 'POST')
  ) {
    return { params: parseNestedQuery(body.toString('utf8')), error: null };
  }
  if (mediaType === 'multipart/form-data') {
    return { params: parseMultipart(body, contentType ?? ''), error: null };
  }
  if (mediaType === 'application/json') {
    try {
      const value = JSON.parse(body.toString('utf8'));
      // Grape merges a JSON body into the params only when it is an object.
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        return { params: /** @type {Record<string, unknown>} */ (value), error: null };
      }
      return { params: {}, error: null };
    } catch {
      return {
        params: {},
        error: {
          status: 400,
          // Grape::Exceptions::InvalidMessageBody, composed as Grape composes its messages.
          message:
            "\nProblem:\n  message body does not match declared format\nResolution:\n  when specifying application/json as content-type, you must pass valid application/json in the request's 'body' ",
        },
      };
    }
  }
  if (mediaType === '') return { params: {}, error: null };
  return {
    params: {},
    error: { status: 415, message: 'The provided content-type is not supported.' },
  };
}
