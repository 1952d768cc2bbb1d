import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { NetworkError } from './errors.js';

/** One HTTP exchange as the GitLab client needs it. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Serialised as the JSON body. Tokens travel here or in headers, never in the URL. */
  readonly json?: unknown;
}

/** The response headers the client reads, by lower-case name. */
export interface HttpHeaders {
  get(name: string): string | null;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: HttpHeaders;
  readonly body: string;
}

export type HttpSend = (request: HttpRequest) => Promise<HttpResponse>;

export interface HttpOptions {
  /** How long to wait for the whole answer once connected. */
  readonly responseTimeoutMs: number;
  /** An undici dispatcher (a proxy agent): requests then go through `fetch` below. */
  readonly dispatcher?: unknown;
  /**
   * undici's own fetch, for the dispatcher: Node's built-in fetch runs an older undici whose
   * handler API an undici 8 dispatcher does not accept.
   */
  readonly fetch?: typeof fetch;
  /** True when a proxy is configured: a failure to connect may then be the proxy's. */
  readonly viaProxy?: boolean;
}

/** How long to wait for a connection (undici's default too), stated so the messages can say it. */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Errors that happen before a single byte of the request reaches the server: the request
 * certainly did nothing, so even a trigger may be repeated.
 */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TLS_CODES =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_|HOSTNAME_MISMATCH)/;

/**
 * Sends requests. Redirects are never followed: a 307/308 would carry the token in the body
 * to wherever the Location points, and a 301/302 would turn the trigger into a GET; the
 * caller reports them instead.
 *
 * Direct connections use node:http(s): it starts in half the time of Node's fetch and holds
 * ~15 MiB less (fetch compiles its WebAssembly HTTP parser), and it tells exactly whether the
 * connection was ever made, which decides whether a trigger may be repeated. Through a proxy,
 * undici's fetch and EnvHttpProxyAgent do the tunnelling.
 */
export function createHttpSend(options: HttpOptions): HttpSend {
  return options.dispatcher ? fetchSend(options) : nodeSend(options);
}

function nodeSend(options: HttpOptions): HttpSend {
  return (request) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const url = new URL(request.url);
      const body =
        request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json));
      const headers: Record<string, string> = { ...request.headers };
      if (body) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(body.length);
      }
      let connected = false;
      let status: number | undefined;
      let responseTimer: NodeJS.Timeout | undefined;
      const connectTimer = setTimeout(
        () =>
          req.destroy(
            Object.assign(new Error('connect timeout'), { code: 'UND_ERR_CONNECT_TIMEOUT' }),
          ),
        CONNECT_TIMEOUT_MS,
      );
      const settle = (): void => {
        clearTimeout(connectTimer);
        clearTimeout(responseTimer);
      };
      const fail = (error: unknown): void => {
        settle();
        reject(describeFailure(error, url.host, options.responseTimeoutMs, status, connected));
      };
      const onConnected = (): void => {
        connected = true;
        clearTimeout(connectTimer);
        responseTimer = setTimeout(
          () => req.destroy(Object.assign(new Error('response timeout'), { name: 'TimeoutError' })),
          options.responseTimeoutMs,
        );
      };
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      let req: ReturnType<typeof send>;
      try {
        req = send(url, {
          method: request.method,
          headers,
          // A trigger gets a connection of its own: on a kept-alive socket the server may have
          // closed meanwhile, a reset could not tell "never arrived" from "arrived".
          agent: request.method === 'GET' ? undefined : false,
        });
      } catch (error) {
        // Node refuses a header value it cannot send (a token with an invisible character).
        settle();
        const bad = /\["?([\w-]+)"?\]/.exec((error as Error).message)?.[1];
        return reject(
          new NetworkError(
            `The request to ${url.host} could not be sent: ${bad ? `the ${bad} header holds` : 'a header holds'} a character HTTP does not allow; retype the token without invisible characters`,
            false,
            (error as { code?: string }).code ?? 'ERR_INVALID_CHAR',
          ),
        );
      }
      req.on('socket', (socket) => {
        if (!socket.connecting) return onConnected();
        socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', onConnected);
      });
      req.on('response', (res) => {
        status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('end', () => {
          settle();
          if (!res.complete)
            return fail(Object.assign(new Error('answer cut short'), { code: 'ECONNRESET' }));
          resolve({
            status: status ?? 0,
            headers: {
              get: (name) => {
                const value = res.headers[name.toLowerCase()];
                return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
              },
            },
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      req.on('error', fail);
      req.on('close', settle);
      req.end(body);
    });
}

/** A connection failure through a proxy names the proxy, which is as likely the cause. */
function throughProxy(error: NetworkError): NetworkError {
  if (error.maybeProcessed || error.code === 'PROXY_REFUSED' || isPermanent(error)) return error;
  return new NetworkError(
    `${error.message}, through the proxy named by HTTPS_PROXY/HTTP_PROXY: check that the proxy runs and reaches GitLab, or list the host in NO_PROXY`,
    false,
    error.code,
  );
}

function fetchSend(options: HttpOptions): HttpSend {
  return async (request) => {
    const host = new URL(request.url).host;
    const init: RequestInit = {
      method: request.method,
      headers:
        request.json === undefined
          ? request.headers
          : { ...request.headers, 'content-type': 'application/json' },
      body: request.json === undefined ? undefined : JSON.stringify(request.json),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.responseTimeoutMs),
    };
    // fetch takes undici's `dispatcher` option, which the DOM typings do not know.
    Object.assign(init, { dispatcher: options.dispatcher });
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(request.url, init);
    } catch (error) {
      throw throughProxy(describeFailure(error, host, options.responseTimeoutMs, undefined));
    }
    try {
      return { status: response.status, headers: response.headers, body: await response.text() };
    } catch (error) {
      throw describeFailure(error, host, options.responseTimeoutMs, response.status);
    }
  };
}

/** Turns whatever the transport threw into a NetworkError whose message names no URL and no body. */
export function describeFailure(
  error: unknown,
  host: string,
  timeoutMs: number,
  status: number | undefined,
  /** Whether the connection was made, when the transport knows; unknown for fetch. */
  connected?: boolean,
): NetworkError {
  const code = errorCode(error);
  const seconds = Math.round(timeoutMs / 1000);
  const during =
    status === undefined
      ? 'before GitLab answered'
      : `while GitLab's answer (${status}) was being read`;
  if (isTimeout(error)) {
    return new NetworkError(
      `No complete answer from ${host} within ${seconds} s`,
      true,
      'TIMEOUT',
      status,
    );
  }
  if (causes(error).some((message) => message === 'bad port')) {
    // fetch refuses ports browsers block (6000, 6667, …) before connecting.
    return new NetworkError(
      `Could not connect to ${host}: Node's fetch refuses that port (one browsers block); serve GitLab on another port`,
      false,
      'BAD_PORT',
    );
  }
  const proxy = proxyRefusal(error);
  if (proxy) {
    return new NetworkError(
      `The proxy refused to carry the request to ${host} (${proxy}): check HTTPS_PROXY/HTTP_PROXY (a proxy that wants a password takes it in its URL, http://user:password@proxy:3128), or list ${host.replace(/:\d+$/, '')} in NO_PROXY`,
      false,
      'PROXY_REFUSED',
    );
  }
  if (code && TLS_CODES.test(code)) {
    return new NetworkError(
      `The TLS certificate of ${host} is not trusted (${code}): if a private CA signed it, give that CA's certificate in ca_cert (--ca-cert on the command line) or point NODE_EXTRA_CA_CERTS at its PEM file`,
      false,
      code,
    );
  }
  if (code && NOT_SENT.has(code)) {
    const what: Record<string, string> = {
      ECONNREFUSED: `Could not connect to ${host} (connection refused)`,
      ENOTFOUND: `Could not find the host ${host.replace(/:\d+$/, '')} (DNS lookup failed)`,
      EAI_AGAIN: `Could not look up the host ${host.replace(/:\d+$/, '')} (DNS did not answer)`,
      UND_ERR_CONNECT_TIMEOUT: `Could not connect to ${host} within ${CONNECT_TIMEOUT_MS / 1000} s`,
    };
    return new NetworkError(what[code] ?? `Could not connect to ${host} (${code})`, false, code);
  }
  if (connected === false) {
    // The connection was never made (or its TLS handshake never finished): nothing was sent.
    return new NetworkError(
      `Could not connect to ${host} (${code ?? 'no error code'})`,
      false,
      code,
    );
  }
  return new NetworkError(
    `The connection to ${host} broke ${during} (${code ?? 'no error code'})`,
    true,
    code,
    status,
  );
}

/** Errors no repetition can cure: a host that does not exist, an untrusted certificate, a proxy's refusal. */
export function isPermanent(error: NetworkError): boolean {
  return (
    error.code === 'ENOTFOUND' ||
    error.code === 'BAD_PORT' ||
    error.code === 'ERR_INVALID_CHAR' ||
    error.code === 'PROXY_REFUSED' ||
    (error.code !== undefined && TLS_CODES.test(error.code))
  );
}

/** The messages of an error and its causes, outermost first. */
function causes(error: unknown): string[] {
  const messages: string[] = [];
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    messages.push(String((current as { message?: unknown }).message ?? ''));
    current = (current as { cause?: unknown }).cause;
  }
  return messages;
}

/** `407 Proxy Authentication Required`, from what undici throws when the proxy says no. */
function proxyRefusal(error: unknown): string | undefined {
  for (const message of causes(error)) {
    const status = /Proxy response \((\d{3})\)|Proxy Authentication Required \((\d{3})\)/.exec(
      message,
    );
    if (status) return statusLabel(Number(status[1] ?? status[2]));
  }
  return undefined;
}

function statusLabel(status: number): string {
  const reasons: Record<number, string> = {
    403: 'Forbidden',
    407: 'Proxy Authentication Required',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
  };
  return reasons[status] ? `${status} ${reasons[status]}` : String(status);
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return (
    name === 'TimeoutError' ||
    ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'].includes(errorCode(error) ?? '')
  );
}

/** The deepest error code: fetch wraps the socket's error in `cause`, sometimes an AggregateError. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  let code: string | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof e.code === 'string') code = e.code;
    current = e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined);
  }
  return code;
}
