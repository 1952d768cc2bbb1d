import type { HttpHeaders, HttpResponse } from './http-transport.js';

/** Reason phrases for the statuses GitLab and the proxies in front of it answer with. */
const REASONS: Record<number, string> = {
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  407: 'Proxy Authentication Required',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** `404 Not Found`, `502 Bad Gateway`: the status as a person reads it. */
export function statusText(status: number): string {
  return REASONS[status] ? `${status} ${REASONS[status]}` : String(status);
}

/** Parses a JSON body; undefined when the body is not JSON (an HTML page, plain text, empty). */
export function parseJson(response: HttpResponse): unknown {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json') && !/^\s*[[{]/.test(response.body)) return undefined;
  try {
    const json = JSON.parse(response.body) as unknown;
    // The walk only when the text looks too deep: it would cost every page of jobs its garbage.
    // The test can miss a deep value that closes a bracket at each level ([[],[[],…): what
    // prints or saves a whole answer uses jsonText, which cuts it then.
    return DEEP.test(response.body) ? withinDepth(json) : json;
  } catch {
    return undefined;
  }
}

/** No entity of GitLab's API nests nearly this deep: a pipeline's `detailed_status` is 3 levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * MAX_JSON_DEPTH brackets opened with none closed between them: a superset of JSON nested that
 * deep (brackets inside strings count too), found by the regular expression engine without a
 * JavaScript loop, whose compilation alone costs a short run megabytes.
 */
const DEEP = new RegExp(`(?:[\\[{][^\\]}\\[{]*){${MAX_JSON_DEPTH + 1}}`);

/**
 * Cuts whatever nests deeper than MAX_JSON_DEPTH to null, walking without recursion. Printing,
 * saving or quoting a value nested thousands deep (`JSON.stringify`, `String`) recurses and
 * throws RangeError; a pipeline whose answer carried one would be lost with its link.
 */
export function withinDepth(root: unknown): unknown {
  type Node = Record<string, unknown>;
  const stack: [Node, number][] = root && typeof root === 'object' ? [[root as Node, 1]] : [];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, depth] = next;
    for (const key of Object.keys(node)) {
      const child = node[key];
      if (!child || typeof child !== 'object') continue;
      if (depth >= MAX_JSON_DEPTH) node[key] = null;
      else stack.push([child as Node, depth + 1]);
    }
  }
  return root;
}

/**
 * A value from GitLab as JSON text, whatever its depth: one nested deeper than the stack allows
 * is cut at MAX_JSON_DEPTH first, rather than failing with "Maximum call stack size exceeded".
 */
export function jsonText(value: unknown, space?: number): string {
  try {
    return JSON.stringify(value, null, space);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return JSON.stringify(withinDepth(value), null, space);
  }
}

/** True when the body is a web page: reported by its status, never dumped into the log. */
export function isHtml(response: HttpResponse): boolean {
  return (
    (response.headers.get('content-type') ?? '').includes('html') ||
    /^\s*<(!doctype|html)/i.test(response.body)
  );
}

/**
 * What GitLab said, in its own words, from the error shapes its API uses:
 * `{"message": "404 Not Found"}`, `{"message": {"base": ["Reference not found"]}}`,
 * `{"message": {"field": ["is invalid"]}}`, `{"error": "ref is missing"}`, or a short
 * plain-text body such as Rack::Attack's `Retry later`. Undefined for HTML and empty bodies.
 */
export function gitlabSays(response: HttpResponse): string | undefined {
  const json = parseJson(response) as { message?: unknown; error?: unknown } | undefined;
  if (json && typeof json === 'object') {
    if (typeof json.error === 'string') return shortened(json.error);
    if (typeof json.message === 'string') return shortened(json.message);
    if (json.message && typeof json.message === 'object') {
      const flat = flattenMessages(json.message as Record<string, unknown>);
      return flat ? shortened(flat) : undefined;
    }
    return undefined;
  }
  if (isHtml(response)) return undefined;
  const text = response.body.trim();
  return text && text.length <= 200 && !text.includes('\n') ? text : undefined;
}

/** GitLab's words are quoted in one-line messages: at most 500 characters of them. */
const MAX_SAID = 500;

function shortened(text: string): string {
  const plain = withoutLinks(text);
  return plain.length > MAX_SAID ? `${plain.slice(0, MAX_SAID - 1)}…` : plain;
}

/**
 * An HTML link in GitLab's words written out as text: older releases end the protected-ref
 * refusal with `<a href=https://docs.gitlab.com/…>Learn more</a>` (Chain::Validate::Abilities,
 * `.html_safe`), which a log line would otherwise print as markup. Nothing else is touched.
 */
export function withoutLinks(text: string): string {
  return text.replace(
    /<a\s+href=(["']?)([^"'\s>]+)\1\s*>([^<]*)<\/a>/gi,
    (_, _quote: string, url: string, label: string) => `${label.trim() || 'link'}: ${url}`,
  );
}

/** The `message.base` texts of a 400/422: why GitLab would not create the pipeline. */
export function baseMessages(response: HttpResponse): string[] {
  const json = parseJson(response) as { message?: { base?: unknown } } | undefined;
  const base = json?.message?.base;
  // Only texts: anything else (a list, an object, nested at will) says nothing a person reads.
  return Array.isArray(base)
    ? base
        .filter((text): text is string => typeof text === 'string' && text.trim() !== '')
        .map(withoutLinks)
    : [];
}

function flattenMessages(message: Record<string, unknown>): string {
  return Object.entries(message)
    .flatMap(([field, texts]) =>
      (Array.isArray(texts) ? texts : [texts])
        .filter((t): t is string => typeof t === 'string' && t.trim() !== '')
        .map((t) => (field === 'base' ? t : `${field} ${t}`)),
    )
    .join('; ');
}

/**
 * How long GitLab asks the client to wait, from `Retry-After` (seconds or an HTTP date),
 * else from `RateLimit-Reset` (epoch seconds, as GitLab's throttle sends it).
 */
export function retryAfterMs(headers: HttpHeaders, now: number): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers.get('ratelimit-reset')?.trim();
  if (reset && /^\d+$/.test(reset)) {
    const value = Number(reset);
    // Epoch seconds when large, delta seconds when small (both are seen in the wild).
    return value > 1e9 ? Math.max(0, value * 1000 - now) : value * 1000;
  }
  return undefined;
}

/** Where a redirect points, without its query (which could hold anything). */
export function redirectTarget(response: HttpResponse): string | undefined {
  const location = response.headers.get('location');
  if (!location) return undefined;
  try {
    const url = new URL(location);
    return `${url.origin}${url.pathname}`;
  } catch {
    return undefined;
  }
}

/**
 * `GitLab answered 404 Not Found (Reference not found)`: the status, then GitLab's own words
 * when they add anything, or a note that the body was an HTML page (never the page itself).
 */
export function answered(response: HttpResponse): string {
  const status = statusText(response.status);
  const words = gitlabSays(response);
  const extra =
    words && words.toLowerCase() !== status.toLowerCase()
      ? ` (${words})`
      : !words && isHtml(response)
        ? ' with an HTML error page'
        : '';
  return `GitLab answered ${status}${extra}`;
}
