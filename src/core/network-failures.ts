import { NetworkError, StoppedError } from './errors.js';
import { formatDuration } from './parse/duration.js';

/**
 * The failure taxonomy of one HTTP exchange: whatever a transport throws becomes a
 * NetworkError whose message names the host (never a URL or a body) and whose
 * `maybeProcessed` says whether the request may have reached GitLab.
 */

/** How long to wait for a connection (through a proxy: its CONNECT and TLS too), stated so the messages can say it. */
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

/** What the transport knew when the exchange failed. */
export interface FailureContext {
  readonly host: string;
  readonly timeoutMs: number;
  /** The status, when GitLab's answer had begun to arrive. */
  readonly status?: number;
  /** Whether the connection was made, when the transport knows; unknown for fetch. */
  readonly connected?: boolean;
  /** Where the host takes a private CA's certificate (`ca_cert`, `--ca-cert`), for TLS failures. */
  readonly caCertSetting?: string;
}

/** Turns whatever the transport threw into a NetworkError whose message names no URL and no body. */
export function describeFailure(error: unknown, ctx: FailureContext): NetworkError {
  const { host, status } = ctx;
  const code = errorCode(error);
  const known = knownFailure(error, code, ctx);
  if (known) return known;
  if (code && NOT_SENT.has(code)) {
    const bare = host.replace(/:\d+$/, '');
    const what: Record<string, string> = {
      ECONNREFUSED: `Could not connect to ${host} (connection refused)`,
      ENOTFOUND: `Could not find the host ${bare} (DNS lookup failed)`,
      EAI_AGAIN: `Could not look up the host ${bare} (DNS did not answer)`,
      UND_ERR_CONNECT_TIMEOUT: `Could not connect to ${host} within ${formatDuration(CONNECT_TIMEOUT_MS)}`,
    };
    return new NetworkError(what[code] ?? `Could not connect to ${host} (${code})`, false, code);
  }
  if (ctx.connected === false) {
    // The connection was never made (or its TLS handshake never finished): nothing was sent.
    return new NetworkError(
      `Could not connect to ${host} (${code ?? 'no error code'})`,
      false,
      code,
    );
  }
  const during =
    status === undefined
      ? 'before GitLab answered'
      : `while GitLab's answer (${status}) was being read`;
  return new NetworkError(
    `The connection to ${host} broke ${during} (${code ?? 'no error code'})`,
    true,
    code,
    status,
  );
}

/** Timeouts, refused ports, a proxy's refusal, an untrusted certificate: each says what to do. */
function knownFailure(
  error: unknown,
  code: string | undefined,
  ctx: FailureContext,
): NetworkError | undefined {
  const { host, status } = ctx;
  if (isTimeout(error)) {
    return new NetworkError(
      `No complete answer from ${host} within ${formatDuration(ctx.timeoutMs)}`,
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
    const where = ctx.caCertSetting ? `give that CA's certificate in ${ctx.caCertSetting} or ` : '';
    return new NetworkError(
      `The TLS certificate of ${host} is not trusted (${code}): if a private CA signed it, ${where}point NODE_EXTRA_CA_CERTS at its PEM file`,
      false,
      code,
    );
  }
  return undefined;
}

/**
 * A proxy that would not carry the request: it answered its CONNECT with another status than
 * 200 (https-proxy-agent hands back a socket that replays that answer; the tunnel's agent
 * throws this instead), or a forwarded plain-http request with 407. Nothing reached GitLab.
 */
export class ProxyRefusal extends Error {
  override readonly name = 'ProxyRefusal';
  readonly code = 'PROXY_REFUSED';
  constructor(readonly status: number) {
    super(`Proxy response (${status})`);
  }
}

/** A connection failure through a proxy names the proxy, which is as likely the cause. */
export function throughProxy(error: NetworkError): NetworkError {
  if (error instanceof StoppedError) return error;
  if (error.maybeProcessed || error.code === 'PROXY_REFUSED' || isPermanent(error)) return error;
  return new NetworkError(
    `${error.message}, through the proxy named by HTTPS_PROXY/HTTP_PROXY: check that the proxy runs and reaches GitLab, or list the host in NO_PROXY`,
    false,
    error.code,
  );
}

/** Errors no repetition can cure: a host that does not exist, an untrusted certificate, a proxy's refusal. */
export function isPermanent(error: NetworkError): boolean {
  return (
    error.code === 'ENOTFOUND' ||
    error.code === 'BAD_PORT' ||
    error.code === 'ERR_INVALID_CHAR' ||
    error.code === 'PROXY_REFUSED' ||
    error.code === 'TOO_LARGE' ||
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

/** `407 Proxy Authentication Required`, when the proxy said no (a ProxyRefusal, or a message naming its answer). */
function proxyRefusal(error: unknown): string | undefined {
  if (error instanceof ProxyRefusal) return statusLabel(error.status);
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
