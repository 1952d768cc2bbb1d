// @ts-check
// Injected faults, for testing a client's retry rules: answers GitLab's edge gives when things
// go wrong (Rack::Attack's 429, Workhorse/nginx error pages), redirects, and broken
// connections before or after the request was handled.

/** @typedef {import('./http-helpers.js').Response} Response */

/**
 * @typedef {object} FaultRule
 * @property {string} [method] matches any method when absent
 * @property {RegExp | string} [path] the decoded path without the base path; a string must match whole
 * @property {number} [times] how many requests the rule answers (default 1; Infinity for all)
 * @property {number} [status] answer this status, ...
 * @property {Record<string, string>} [headers] ... with these headers ...
 * @property {unknown} [body] ... and this body (a string as it is, anything else as JSON)
 * @property {string} [contentType]
 * @property {500 | 502 | 503 | 504} [html] GitLab's static error page for the status
 * @property {{ retryAfter?: number, limit?: number, observed?: number, name?: string }} [throttle]
 *   Rack::Attack's 429 with its RateLimit-* headers
 * @property {'before' | 'after'} [reset] destroy the socket without answering, before or after handling
 * @property {true | 'after'} [hang] never answer; 'after': handle the request first
 * @property {true} [truncate] handle, then send the headers and half the body, then end the socket
 * @property {{ status: 301 | 302 | 303 | 307 | 308, location: string }} [redirect]
 * @property {'endless' | 'endless-without-total' | 'repeat'} [paging] handle the request, then
 *   lie in the pagination headers: 'endless' always names a next page (past X-Total-Pages too),
 *   'endless-without-total' also drops X-Total, X-Total-Pages and rel="last", 'repeat' points
 *   X-Next-Page back (to the previous page, or to page 1 itself on page 1)
 * @property {(json: any) => unknown} [rewrite] handle the request, then answer its JSON body
 *   as this function returns it: a GitLab, proxy or cache that sends what no GitLab would
 *   (a job id shaped like a path, a name of a megabyte)
 * @property {string[]} [dropQuery] handle the request without these query parameters, as a
 *   proxy that strips them does (`scope[]`: every job answers a read of the failed ones)
 */

/**
 * @typedef {FaultRule & { remaining: number, hits: number }} ActiveRule
 */

export class Faults {
  constructor() {
    /** @type {ActiveRule[]} */
    this.rules = [];
  }

  /**
   * @param {FaultRule} rule
   * @returns {ActiveRule}
   */
  add(rule) {
    const kinds = [
      'status',
      'html',
      'throttle',
      'reset',
      'hang',
      'truncate',
      'redirect',
      'paging',
      'rewrite',
      'dropQuery',
    ].filter((k) => /** @type {Record<string, unknown>} */ (rule)[k] !== undefined);
    if (kinds.length !== 1) {
      throw new Error(
        `a fault rule needs exactly one of status, html, throttle, reset, hang, truncate, redirect, paging, rewrite, dropQuery (got ${kinds.join(', ') || 'none'})`,
      );
    }
    const active = { ...rule, remaining: rule.times ?? 1, hits: 0 };
    this.rules.push(active);
    return active;
  }

  clear() {
    this.rules = [];
  }

  /**
   * The first rule that matches the request, consumed once.
   * @param {string} method
   * @param {string} path
   * @returns {ActiveRule | null}
   */
  take(method, path) {
    for (const rule of this.rules) {
      if (rule.remaining <= 0) continue;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.path instanceof RegExp && !rule.path.test(path)) continue;
      if (typeof rule.path === 'string' && rule.path !== path) continue;
      rule.remaining -= 1;
      rule.hits += 1;
      return rule;
    }
    return null;
  }
}

/**
 * The answer of a rule that answers by itself (status, html, throttle, redirect).
 * @param {ActiveRule} rule
 * @returns {Response | null}
 */
export function faultResponse(rule) {
  if (rule.status !== undefined) {
    const isText = typeof rule.body === 'string' || rule.body === undefined;
    const body =
      rule.body === undefined ? '' : isText ? String(rule.body) : JSON.stringify(rule.body);
    return {
      status: rule.status,
      headers: {
        'Content-Type': rule.contentType ?? (isText ? 'text/plain' : 'application/json'),
        ...(rule.headers ?? {}),
      },
      body,
    };
  }
  if (rule.html !== undefined) {
    return {
      status: rule.html,
      headers: { 'Content-Type': 'text/html; charset=utf-8', ...(rule.headers ?? {}) },
      body: errorPage(rule.html),
    };
  }
  if (rule.throttle !== undefined) return throttled(rule.throttle, rule.headers);
  if (rule.redirect !== undefined) {
    return {
      status: rule.redirect.status,
      headers: { Location: rule.redirect.location, 'Content-Type': 'text/html; charset=utf-8' },
      body: `<html><body>You are being <a href="${rule.redirect.location}">redirected</a>.</body></html>`,
    };
  }
  return null;
}

/**
 * Rewrites the pagination headers of a handled answer so that they lie (see FaultRule.paging).
 * The body stays what the route answered: past the last page that is `[]`, as GitLab's is.
 * @param {NonNullable<FaultRule['paging']>} mode
 * @param {Response} response
 */
export function abusePaging(mode, response) {
  const { headers } = response;
  const page = Number(headers['X-Page'] ?? 1);
  const next = mode === 'repeat' ? Math.max(page - 1, 1) : page + 1;
  headers['X-Next-Page'] = String(next);
  const links = (headers.Link ?? '').split(', ').filter((l) => l !== '');
  const first = links.find((l) => l.endsWith('rel="first"')) ?? '';
  const url = first.slice(1, first.indexOf('>'));
  const kept = links.filter(
    (l) =>
      !l.endsWith('rel="next"') && !(mode === 'endless-without-total' && l.endsWith('rel="last"')),
  );
  if (url !== '') kept.unshift(`<${url.replace(/([?&])page=\d+/, `$1page=${next}`)}>; rel="next"`);
  headers.Link = kept.join(', ');
  if (mode === 'endless-without-total') {
    delete headers['X-Total'];
    delete headers['X-Total-Pages'];
  }
}

/**
 * Rack::Attack's throttled answer as lib/gitlab/rack_attack.rb configures it: 429, text/plain
 * "Retry later\n" (Gitlab::Throttle.rate_limiting_response_text), and the headers of
 * Gitlab::RackAttack.throttled_response_headers on a 60-second period, in real time.
 * @param {{ retryAfter?: number, limit?: number, observed?: number, name?: string }} options
 * @param {Record<string, string>} [extra]
 * @returns {Response}
 */
export function throttled(options, extra = {}) {
  const period = 60;
  const now = Math.floor(Date.now() / 1000);
  const retryAfter = options.retryAfter ?? period - (now % period);
  const limit = options.limit ?? 2000;
  const observed = options.observed ?? limit + 1;
  const reset = new Date((now + retryAfter) * 1000);
  return {
    status: 429,
    headers: {
      'Content-Type': 'text/plain',
      'RateLimit-Name': options.name ?? 'throttle_authenticated_api',
      'RateLimit-Limit': String(limit),
      'RateLimit-Observed': String(observed),
      'RateLimit-Remaining': String(Math.max(limit - observed, 0)),
      'RateLimit-Reset': String(Math.floor(reset.getTime() / 1000)),
      'RateLimit-ResetTime': reset.toUTCString(),
      'Retry-After': String(retryAfter),
      ...extra,
    },
    body: 'Retry later\n',
  };
}

/** The texts of GitLab's public/500.html, 502.html and 503.html; 504 comes from nginx. */
const PAGES = /** @type {Record<number, { title: string, heading: string, detail: string }>} */ ({
  500: {
    title: "We're sorry, but something went wrong (500)",
    heading: 'Whoops, something went wrong on our end.',
    detail: 'Try refreshing the page, or going back and attempting the action again.',
  },
  502: {
    title: 'GitLab is not responding (502)',
    heading: 'Whoops, GitLab is taking too much time to respond.',
    detail: 'Try refreshing the page, or going back and attempting the action again.',
  },
  503: {
    title: 'GitLab is not responding (503)',
    heading: 'Whoops, GitLab is currently unavailable.',
    detail: 'Try refreshing the page, or going back and attempting the action again.',
  },
});

/**
 * A shortened copy of the static page Workhorse or nginx serves for the status.
 * @param {number} status
 */
export function errorPage(status) {
  const page = PAGES[status];
  if (!page) {
    // nginx's own page, which is what a 504 from the proxy in front of GitLab looks like.
    const reason = status === 504 ? 'Gateway Time-out' : 'Error';
    return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  }
  return `<!DOCTYPE html>
<html>
<head>
  <meta content="width=device-width, initial-scale=1, maximum-scale=1" name="viewport">
  <title>${page.title}</title>
  <style>
    body { color: #666; text-align: center; font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; margin: auto; font-size: 14px; }
    h1 { font-size: 56px; line-height: 100px; font-weight: normal; color: #456; }
    h3 { color: #456; font-size: 20px; font-weight: normal; line-height: 28px; }
  </style>
</head>
<body>
  <h1>
    ${status}
  </h1>
  <div class="container">
    <h3>${page.heading}</h3>
    <hr />
    <p>${page.detail}</p>
    <p>Please contact your GitLab administrator if this problem persists.</p>
  </div>
</body>
</html>
`;
}
