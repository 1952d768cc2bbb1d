import { once } from 'node:events';
import type { Agent } from 'node:http';
import type { Socket } from 'node:net';
import type { PeerCertificate } from 'node:tls';
import type { HttpProxyAgent } from 'http-proxy-agent';
import type { HttpsProxyAgent } from 'https-proxy-agent';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import { InputError } from './errors.js';
import { GitLabClient } from './gitlab-client.js';
import type { RetryPolicy } from './retry.js';
import { createHttpSend, type AbandonOption, type HttpRequest } from './http-transport.js';
import { ProxyRefusal } from './network-failures.js';
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
 * Whether NO_PROXY leaves `url` out of the proxy, by the rules of undici's EnvHttpProxyAgent
 * (Node's fetch with NODE_USE_ENV_PROXY): entries split on commas and spaces; `*` for every
 * host; `example.com` and `.example.com` for the domain and its subdomains, `*.example.com`
 * for its subdomains only; an entry's `:port` restricts it to that port.
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
  /** How the host says the run was stopped (see GitLabClientOptions.interrupted). */
  readonly interrupted?: string;
}

/**
 * A client for one instance. Verification of the instance's certificate is never turned off;
 * a private CA is trusted through `connection.caCerts` or NODE_EXTRA_CA_CERTS. Requests go
 * through the proxy that `HTTPS_PROXY`/`HTTP_PROXY` name, unless `NO_PROXY` lists the
 * instance, over node:http with a proxy agent (`proxyAgents`), loaded only when a proxy
 * applies to the instance, so a run without one does not pay for it at start-up.
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
  const httpsProxy = proxyUrl(env, ['HTTPS_PROXY', 'https_proxy']);
  const httpProxy = proxyUrl(env, ['HTTP_PROXY', 'http_proxy']);
  const noProxy = env.NO_PROXY ?? env.no_proxy ?? '';
  const target = new URL(instance.apiUrl);
  const secure = target.protocol === 'https:';
  // As curl does: HTTPS requests use HTTP_PROXY when HTTPS_PROXY is not set.
  const proxy = secure ? (httpsProxy ?? httpProxy) : httpProxy;
  const applies = proxy !== undefined && !bypassesProxy(target, noProxy);
  if ((httpsProxy || httpProxy) && !applies)
    options.logger.debug(
      `HTTPS_PROXY/HTTP_PROXY do not apply to ${target.host} (NO_PROXY, or no proxy for ${target.protocol}); connecting directly.`,
    );
  let agent: ((method: HttpRequest['method']) => Agent) | undefined;
  if (applies && proxy) {
    agent = await proxyAgents(proxy, secure);
    options.logger.debug(
      'Requests go through the proxy named by HTTPS_PROXY/HTTP_PROXY (NO_PROXY honoured).',
    );
  }
  return new GitLabClient({
    instance,
    send: createHttpSend({ responseTimeoutMs, agent, caCertSetting: options.caCertSetting }),
    userAgent: USER_AGENT,
    logger: options.logger,
    redactor: options.redactor,
    clock: options.clock,
    retry: options.retry,
    interrupted: options.interrupted,
  });
}

/** What an agent's connect() is given: the request, and its connection's options. */
type ConnectArgs<A extends { connect(...args: never[]): unknown }> = Parameters<A['connect']>;

/**
 * The agents that carry requests through `proxy` (a URL; credentials in it are sent as Basic
 * proxy authorisation, never printed): for an https instance, https-proxy-agent's tunnel (a
 * CONNECT, then TLS with GitLab through it, its certificate verified as a direct connection's);
 * for plain http, http-proxy-agent's forwarding (absolute-form requests). GETs share a
 * kept-alive agent; anything else gets a fresh one that keeps nothing, so a trigger never
 * goes out on a socket that may have been closed meanwhile.
 */
export async function proxyAgents(
  proxy: string,
  secure: boolean,
): Promise<(method: HttpRequest['method']) => Agent> {
  const make = secure ? await tunnel(proxy) : await forwarder(proxy);
  const shared = make(true);
  return (method) => (method === 'GET' ? shared : make(false));
}

/**
 * https-proxy-agent, handing over its socket only once the tunnel is up and TLS with GitLab
 * done, so that "connected" means what it does for a direct request; a CONNECT answered with
 * another status than 200 is thrown as the proxy's refusal.
 */
async function tunnel(proxy: string): Promise<(keepAlive: boolean) => Agent> {
  const { HttpsProxyAgent } = await quietly(() => import('https-proxy-agent'));
  const { checkServerIdentity } = await import('node:tls');
  class Tunnel extends HttpsProxyAgent<string> {
    override async connect(...[req, opts]: ConnectArgs<HttpsProxyAgent<string>>): Promise<Socket> {
      let status = 200;
      req.once('proxyConnect', (answer: { statusCode?: number }) => {
        status = answer.statusCode ?? status;
      });
      // https-proxy-agent leaves out the host when it starts TLS in the tunnel, and Node then
      // checks the certificate of a GitLab known by its IP address against the proxy's name.
      const host = opts.host ?? '';
      const verified = {
        ...opts,
        checkServerIdentity: (_: string, cert: PeerCertificate) => checkServerIdentity(host, cert),
      };
      const socket = await abandonable(this, opts as AbandonOption, () =>
        super.connect(req, verified),
      );
      if (status !== 200) {
        socket.destroy();
        throw new ProxyRefusal(status);
      }
      if (!opts.secureEndpoint) return socket;
      try {
        await once(socket, 'secureConnect', { signal: (opts as AbandonOption).abandon });
      } catch (error) {
        socket.destroy();
        throw error;
      }
      return socket;
    }
  }
  return (keepAlive) => new Tunnel(proxy, { keepAlive });
}

/** http-proxy-agent: plain-http requests forwarded by the proxy, in absolute form. */
async function forwarder(proxy: string): Promise<(keepAlive: boolean) => Agent> {
  const { HttpProxyAgent } = await quietly(() => import('http-proxy-agent'));
  class Forwarder extends HttpProxyAgent<string> {
    override connect(...[req, opts]: ConnectArgs<HttpProxyAgent<string>>): Promise<Socket> {
      return abandonable(this, opts as AbandonOption, () => super.connect(req, opts));
    }
  }
  return (keepAlive) => new Forwarder(proxy, { keepAlive });
}

/**
 * Runs an agent's connect() with the exchange's abandonment given to the socket it opens to
 * the proxy (net.connect takes a signal): the agents open it synchronously, first thing, from
 * `connectOpts`, so it is set for that call only. A proxy that never answers is then not left
 * holding a socket, nor the process open, once the exchange gave up.
 */
function abandonable(
  agent: { connectOpts: object },
  opts: AbandonOption,
  connect: () => Promise<Socket>,
): Promise<Socket> {
  const base = agent.connectOpts;
  agent.connectOpts = { ...base, signal: opts.abandon };
  try {
    return connect();
  } finally {
    agent.connectOpts = base;
  }
}

/**
 * Loads a proxy agent with DEBUG unset: they log through the `debug` package when DEBUG names
 * them, the request with its token and the proxy's credentials included, past the redactor.
 * `debug` reads DEBUG once, when it loads, so the agents stay silent.
 */
async function quietly<T>(load: () => Promise<T>): Promise<T> {
  const debug = process.env.DEBUG;
  delete process.env.DEBUG;
  try {
    return await load();
  } finally {
    if (debug !== undefined) process.env.DEBUG = debug;
  }
}
