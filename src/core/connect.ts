import type { Clock, Logger } from './clock.js';
import { GitLabClient, type RetryPolicy } from './gitlab-client.js';
import { CONNECT_TIMEOUT_MS, createHttpSend } from './http.js';
import type { Redactor } from './redact.js';
import type { GitLabInstance } from './settings.js';
import { USER_AGENT } from './version.js';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export interface ConnectOptions {
  readonly logger: Logger;
  readonly redactor: Redactor;
  readonly clock: Clock;
  readonly env?: NodeJS.ProcessEnv;
  readonly responseTimeoutMs?: number;
  readonly retry?: RetryPolicy;
}

/**
 * A client for one instance. Requests go through the proxy that `HTTPS_PROXY`/`HTTP_PROXY`
 * name, minus the hosts in `NO_PROXY`, with undici's EnvHttpProxyAgent. undici is loaded
 * only when a proxy is set, so a run without one does not pay for it at start-up.
 */
export async function connect(
  instance: GitLabInstance,
  options: ConnectOptions,
): Promise<GitLabClient> {
  const env = options.env ?? process.env;
  const responseTimeoutMs = options.responseTimeoutMs ?? 30_000;
  let dispatcher: unknown;
  if (PROXY_VARIABLES.some((name) => env[name])) {
    const { EnvHttpProxyAgent } = await import('undici');
    dispatcher = new EnvHttpProxyAgent({
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
    send: createHttpSend({ responseTimeoutMs, dispatcher }),
    userAgent: USER_AGENT,
    logger: options.logger,
    redactor: options.redactor,
    clock: options.clock,
    retry: options.retry,
  });
}
