import type { Clock, Logger } from './clock.js';
import { GitLabClient, type RetryPolicy } from './gitlab-client.js';
import { CONNECT_TIMEOUT_MS, createHttpSend } from './http.js';
import type { Redactor } from './redact.js';
import type { ConnectionSettings, GitLabInstance } from './settings.js';
import { USER_AGENT } from './version.js';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export interface ConnectOptions {
  readonly logger: Logger;
  readonly redactor: Redactor;
  readonly clock: Clock;
  readonly env?: NodeJS.ProcessEnv;
  readonly connection?: ConnectionSettings;
  readonly retry?: RetryPolicy;
}

/**
 * A client for one instance. Verification of the instance's certificate is never turned off;
 * a private CA is trusted through `connection.caCerts` or NODE_EXTRA_CA_CERTS. Requests go through the proxy that `HTTPS_PROXY`/`HTTP_PROXY`
 * name, minus the hosts in `NO_PROXY`, with undici's EnvHttpProxyAgent. undici is loaded
 * only when a proxy is set, so a run without one does not pay for it at start-up.
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
  if (PROXY_VARIABLES.some((name) => env[name])) {
    const undici = await import('undici');
    fetchImpl = undici.fetch as unknown as typeof fetch;
    dispatcher = new undici.EnvHttpProxyAgent({
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
    send: createHttpSend({ responseTimeoutMs, dispatcher, fetch: fetchImpl }),
    userAgent: USER_AGENT,
    logger: options.logger,
    redactor: options.redactor,
    clock: options.clock,
    retry: options.retry,
  });
}
