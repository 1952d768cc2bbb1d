import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import { InputError } from './errors.js';
import { GitLabClient } from './gitlab-client.js';
import type { RetryPolicy } from './retry.js';
import { createHttpSend } from './http-transport.js';
import { CONNECT_TIMEOUT_MS } from './network-failures.js';
import type { Redactor } from './redact.js';
import type { ConnectionSettings, GitLabInstance } from './settings.js';
import { USER_AGENT } from './version.js';

/**
 * A proxy variable's value as a URL. `proxy.corp:3128` is common (curl takes it) and means
 * http://; anything else that is not an http(s) URL is refused here, naming the variable.
 */
function proxyUrl(env: NodeJS.ProcessEnv, names: readonly string[]): string | undefined {
  const name = names.find((n) => env[n]?.trim());
  if (!name) return undefined;
  const value = (env[name] ?? '').trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL | undefined;
  try {
    url = new URL(withScheme);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || !url.hostname) {
    throw new InputError(
      name,
      'is not a proxy address',
      'write it as http://host:port (with user:password@ before the host if the proxy wants them)',
    );
  }
  return withScheme;
}

/**
 * Whether NO_PROXY leaves `url` out of the proxy, by undici's EnvHttpProxyAgent's own rules
 * (entries split on commas and spaces; `*` for every host; `example.com` and `.example.com`
 * for the domain and its subdomains, `*.example.com` for its subdomains only; an entry's
 * `:port` restricts it to that port), so that deciding here never differs from undici.
 */
export function bypassesProxy(url: URL, noProxy: string): boolean {
  let host = url.hostname.replace(/^\[(.+)\]$/, '$1').toLowerCase();
  if (host.length > 1 && host.endsWith('.')) host = host.slice(0, -1);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  return noProxy.split(/[,\s]/).some((entry) => {
    if (!entry) return false;
    const bracketed = /^\[(.+)\]:(\d+)$/.exec(entry);
    const bare = entry.replace(/^\[(.+)\]$/, '$1');
    const hostPort = (bare.match(/:/g) ?? []).length === 1 ? /^(.+):(\d+)$/.exec(bare) : null;
    const name = bracketed?.[1] ?? hostPort?.[1] ?? bare;
    const entryPort = Number(bracketed?.[2] ?? hostPort?.[2] ?? 0);
    if (entryPort && entryPort !== port) return false;
    const wildcard = entry.startsWith('*');
    const domain = name
      .replace(/^\*?\./, '')
      .replace(/^(.+)\.$/, '$1')
      .toLowerCase();
    if (domain === '*') return true;
    return (!wildcard && host === domain) || host.endsWith(`.${domain}`);
  });
}

export interface ConnectOptions {
  readonly logger: Logger;
  readonly redactor: Redactor;
  readonly clock: Clock;
  readonly env?: NodeJS.ProcessEnv;
  readonly connection?: ConnectionSettings;
  readonly retry?: RetryPolicy;
  /** Where the host takes a private CA's certificate (`ca_cert`, `--ca-cert`), for TLS failures. */
  readonly caCertSetting?: string;
}

/**
 * A client for one instance. Verification of the instance's certificate is never turned off;
 * a private CA is trusted through `connection.caCerts` or NODE_EXTRA_CA_CERTS. Requests go through the proxy that `HTTPS_PROXY`/`HTTP_PROXY`
 * name, minus the hosts in `NO_PROXY`, with undici's EnvHttpProxyAgent. undici is loaded
 * only when a proxy applies to the instance, so a run without one — or with the instance in
 * NO_PROXY — does not pay for it at start-up.
 */
export async function connect(
  instance: GitLabInstance,
  options: ConnectOptions,
): Promise<GitLabClient> {
  const env = options.env ?? process.env;
  const responseTimeoutMs = options.connection?.requestTimeoutMs ?? 30_000;
  const caCerts = options.connection?.caCerts ?? [];
  if (caCerts.length > 0) {
    // Added to the CAs every TLS client of this process trusts (Node's list, NODE_EXTRA_CA_CERTS),
    // so direct and proxied connections alike verify the instance's certificate against it.
    // node:tls is loaded only here: a plain-http or default-CA run does not pay for it at start-up.
    const tls = await import('node:tls');
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), ...caCerts]);
    options.logger.debug(`Trusting ${caCerts.length} more CA certificate(s) for ${instance.url}.`);
  }
  let dispatcher: unknown;
  let fetchImpl: typeof fetch | undefined;
  const httpsProxy = proxyUrl(env, ['HTTPS_PROXY', 'https_proxy']);
  const httpProxy = proxyUrl(env, ['HTTP_PROXY', 'http_proxy']);
  const noProxy = env.NO_PROXY ?? env.no_proxy ?? '';
  const target = new URL(instance.apiUrl);
  // As curl does: HTTPS requests use HTTP_PROXY when HTTPS_PROXY is not set.
  const applies =
    (target.protocol === 'https:' ? (httpsProxy ?? httpProxy) : httpProxy) !== undefined &&
    !bypassesProxy(target, noProxy);
  if (httpsProxy || httpProxy) {
    if (!applies)
      options.logger.debug(
        `HTTPS_PROXY/HTTP_PROXY do not apply to ${target.host} (NO_PROXY, or no proxy for ${target.protocol}); connecting directly.`,
      );
  }
  if (applies) {
    const undici = await import('undici');
    fetchImpl = undici.fetch as unknown as typeof fetch;
    dispatcher = new undici.EnvHttpProxyAgent({
      httpProxy,
      httpsProxy: httpsProxy ?? httpProxy,
      noProxy,
      connect: { timeout: CONNECT_TIMEOUT_MS },
      headersTimeout: responseTimeoutMs,
      bodyTimeout: responseTimeoutMs,
    });
    options.logger.debug(
      'Requests go through the proxy named by HTTPS_PROXY/HTTP_PROXY (NO_PROXY honoured).',
    );
  }
  return new GitLabClient({
    instance,
    send: createHttpSend({
      responseTimeoutMs,
      dispatcher,
      fetch: fetchImpl,
      caCertSetting: options.caCertSetting,
    }),
    userAgent: USER_AGENT,
    logger: options.logger,
    redactor: options.redactor,
    clock: options.clock,
    retry: options.retry,
  });
}
