// @ts-check
// A stand-in for GitHub's REST API, as far as commit statuses go: create one, list them for
// a ref, and the combined status. It answers on the loopback interface with GitHub's entities
// and error bodies, so the action's commit status and re-run features are tested offline.
// See README.md beside this file ("GitHub stand-in") for each behaviour and where it was read.

import { createServer } from 'node:http';
import { URLSearchParams } from 'node:url';

/**
 * @typedef {object} TokenSpec
 * @property {boolean} [canWriteStatuses] false: a read-only token (a fork's GITHUB_TOKEN, or a
 *   workflow without `statuses: write`), refused with 403 on writes (default true)
 * @property {string} [login] the creator shown on its statuses (default github-actions[bot])
 */

/**
 * @typedef {object} RepoSpec
 * @property {string[]} [commits] the commits that exist; others are refused with 422 (default:
 *   any 40-hex SHA exists)
 * @property {Record<string, string>} [branches] branch name → SHA, for refs given by name
 */

/**
 * @typedef {object} GitHubEmulatorOptions
 * @property {string} [host] a loopback address (default 127.0.0.1)
 * @property {number} [port] 0 (default): any free port
 * @property {string} [apiPath] '' (default, as api.github.com) or '/api/v3' (GitHub Enterprise Server)
 * @property {Record<string, TokenSpec>} [tokens] the tokens that authenticate
 * @property {Record<string, RepoSpec>} [repos] 'owner/repo' → its commits; when given, any other
 *   repository answers 404
 */

/**
 * @typedef {object} StatusEntity
 * @property {string} url
 * @property {string | null} avatar_url
 * @property {number} id
 * @property {string} node_id
 * @property {string} state
 * @property {string | null} description
 * @property {string | null} target_url
 * @property {string} context
 * @property {string} created_at
 * @property {string} updated_at
 * @property {Record<string, unknown>} creator
 */

/**
 * @typedef {object} StoredStatus
 * @property {string} repository 'owner/repo'
 * @property {string} sha
 * @property {StatusEntity} entity
 */

/**
 * @typedef {object} RecordedRequest
 * @property {string} method
 * @property {string} url raw, as received
 * @property {string} path decoded, without apiPath or query
 * @property {Record<string, string | string[] | undefined>} headers lower-case
 * @property {string} body
 * @property {number} at epoch ms
 */

/**
 * @typedef {object} GitHubFault
 * @property {string} [method]
 * @property {RegExp | string} [path] the path without apiPath; a string must match whole
 * @property {number} status
 * @property {unknown} [body]
 * @property {Record<string, string>} [headers]
 * @property {number} [times] default 1
 */

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
const STATES = ['error', 'failure', 'pending', 'success'];
const DOCS = 'https://docs.github.com/rest/commits/statuses';
/** GitHub keeps at most this many statuses per SHA and context (REST docs, "Create a commit status"). */
export const MAX_STATUSES_PER_CONTEXT = 1000;

/**
 * @param {GitHubEmulatorOptions} [options]
 */
export async function startGitHubEmulator(options = {}) {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.test(host))
    throw new Error(`the GitHub stand-in listens on loopback only, not ${host}`);
  const apiPath = (options.apiPath ?? '').replace(/\/+$/, '');
  /** @type {RecordedRequest[]} */
  const requests = [];
  /** @type {StoredStatus[]} */
  const statuses = [];
  /** @type {(GitHubFault & { remaining: number })[]} */
  const faults = [];
  const state = { url: '', nextId: 1, apiPath, options, statuses };
  const server = createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const raw = req.url ?? '/';
      const [pathname = '/', query = ''] = raw.split('?');
      const path = decodeURIComponent(pathname).slice(apiPath.length) || '/';
      const method = req.method ?? 'GET';
      requests.push({ method, url: raw, path, headers: { ...req.headers }, body, at: Date.now() });
      const fault = takeFault(faults, method, path);
      const answer = fault
        ? {
            status: fault.status,
            body: fault.body ?? { message: 'Injected fault' },
            headers: fault.headers,
          }
        : handle(state, { method, path, query, body, headers: req.headers });
      send(res, answer);
    });
  });
  await new Promise((resolve) => server.listen(options.port ?? 0, host, () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  state.url = `http://${hostPart}:${address.port}${apiPath}`;
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    /** The API base URL: what GITHUB_API_URL holds. */
    url: state.url,
    requests,
    /** Every status created, oldest first, with its repository and SHA. */
    statuses,
    /**
     * Answers the next `times` matching requests with `status` and `body` instead.
     * @param {GitHubFault} rule
     */
    fail(rule) {
      faults.push({ ...rule, remaining: rule.times ?? 1 });
    },
    /** @returns {Promise<void>} */
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * @param {(GitHubFault & { remaining: number })[]} faults
 * @param {string} method
 * @param {string} path
 */
function takeFault(faults, method, path) {
  const rule = faults.find(
    (f) =>
      f.remaining > 0 &&
      (!f.method || f.method.toUpperCase() === method) &&
      (f.path === undefined || (typeof f.path === 'string' ? f.path === path : f.path.test(path))),
  );
  if (rule) rule.remaining -= 1;
  return rule;
}

/**
 * @typedef {{ status: number, body?: unknown, headers?: Record<string, string> }} Answer
 * @typedef {{ url: string, nextId: number, apiPath: string, options: GitHubEmulatorOptions,
 *   statuses: StoredStatus[] }} State
 * @typedef {{ method: string, path: string, query: string, body: string,
 *   headers: import('node:http').IncomingHttpHeaders }} Req
 */

/**
 * @param {import('node:http').ServerResponse} res
 * @param {Answer} answer
 */
function send(res, answer) {
  const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-GitHub-Media-Type': 'github.v3; format=json',
    ...(answer.headers ?? {}),
  });
  res.end(text);
}

/**
 * GitHub's error body: `message`, `documentation_url` and, as newer answers carry, `status`.
 * @param {number} status
 * @param {string} message
 * @param {string} [docs]
 * @param {unknown[]} [errors]
 * @returns {Answer}
 */
function error(status, message, docs = 'https://docs.github.com/rest', errors) {
  return {
    status,
    body: {
      message,
      ...(errors ? { errors } : {}),
      documentation_url: docs,
      status: String(status),
    },
  };
}

/**
 * @param {State} state
 * @param {Req} req
 * @returns {Answer}
 */
function handle(state, req) {
  const create = /^\/repos\/([^/]+)\/([^/]+)\/statuses\/([^/]+)$/.exec(req.path);
  const list = /^\/repos\/([^/]+)\/([^/]+)\/commits\/(.+)\/statuses$/.exec(req.path);
  const combined = /^\/repos\/([^/]+)\/([^/]+)\/commits\/(.+)\/status$/.exec(req.path);
  const match = (req.method === 'POST' && create) || (req.method === 'GET' && (list ?? combined));
  if (!match) return error(404, 'Not Found');
  const [, owner = '', repo = '', ref = ''] = match;
  const auth = authenticate(state, req);
  if ('status' in auth) return auth;
  const repository = `${owner}/${repo}`;
  const repos = state.options.repos;
  const spec = repos
    ? Object.entries(repos).find(([name]) => name.toLowerCase() === repository.toLowerCase())?.[1]
    : {};
  if (!spec) return error(404, 'Not Found', `${DOCS}`);
  if (req.method === 'POST') return createStatus(state, req, auth, { owner, repo, sha: ref, spec });
  const sha = spec.branches?.[ref] ?? ref;
  const mine = state.statuses
    .filter((s) => s.repository.toLowerCase() === repository.toLowerCase() && s.sha === sha)
    .map((s) => s.entity)
    .reverse();
  const params = new URLSearchParams(req.query);
  return list
    ? page(mine, params, `${state.url}${req.path}`)
    : combinedStatus(state, { owner, repo, sha }, mine, params);
}

/**
 * @param {State} state
 * @param {Req} req
 * @returns {Answer | { token: string | undefined, spec: TokenSpec }}
 */
function authenticate(state, req) {
  const header = req.headers.authorization;
  const token = header ? /^(?:token|bearer)\s+(.+)$/i.exec(header)?.[1]?.trim() : undefined;
  if (!token) {
    return req.method === 'GET'
      ? { token: undefined, spec: { canWriteStatuses: false, login: '' } }
      : error(401, 'Requires authentication', `${DOCS}#create-a-commit-status`);
  }
  const spec = state.options.tokens?.[token];
  if (!spec) return error(401, 'Bad credentials');
  return { token, spec };
}

/**
 * @param {State} state
 * @param {Req} req
 * @param {{ token: string | undefined, spec: TokenSpec }} auth
 * @param {{ owner: string, repo: string, sha: string, spec: RepoSpec }} where
 * @returns {Answer}
 */
function createStatus(state, req, auth, where) {
  const docs = `${DOCS}#create-a-commit-status`;
  if (auth.spec.canWriteStatuses === false)
    return error(403, 'Resource not accessible by integration', docs);
  /** @type {Record<string, unknown>} */
  let body;
  try {
    body = req.body.trim() ? JSON.parse(req.body) : {};
  } catch {
    return error(400, 'Problems parsing JSON', docs);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return error(400, 'Body should be a JSON object', docs);
  const { state: st, description, target_url: targetUrl, context = 'default' } = body;
  if (st === undefined) return error(422, 'Invalid request.\n\n"state" wasn\'t supplied.', docs);
  if (typeof st !== 'string' || !STATES.includes(st))
    return error(
      422,
      `Invalid request.\n\nFor 'properties/state', ${JSON.stringify(st)} is not one of ["error", "failure", "pending", "success"].`,
      docs,
    );
  for (const [name, value] of Object.entries({ description, target_url: targetUrl, context })) {
    if (value !== undefined && value !== null && typeof value !== 'string')
      return error(
        422,
        `Invalid request.\n\nFor 'properties/${name}', ${JSON.stringify(value)} is not a string or null.`,
        docs,
      );
  }
  const known = where.spec.commits;
  if (known ? !known.includes(where.sha) : !/^[0-9a-f]{40}$/.test(where.sha))
    return error(422, `No commit found for SHA: ${where.sha}`, docs);
  const invalid = /** @type {{ field: string, message: string }[]} */ ([]);
  if (typeof description === 'string' && Array.from(description).length > 140)
    invalid.push({
      field: 'description',
      message: 'description is too long (maximum is 140 characters)',
    });
  const ctx = /** @type {string} */ (context ?? 'default');
  const repository = `${where.owner}/${where.repo}`;
  const count = state.statuses.filter(
    (s) =>
      s.repository === repository &&
      s.sha === where.sha &&
      s.entity.context.toLowerCase() === ctx.toLowerCase(),
  ).length;
  if (count >= MAX_STATUSES_PER_CONTEXT)
    invalid.push({
      field: 'context',
      message: 'This SHA and context has reached the maximum number of statuses.',
    });
  if (invalid.length)
    return error(
      422,
      'Validation Failed',
      docs,
      invalid.map((e) => ({ resource: 'Status', code: 'custom', ...e })),
    );
  const entity = statusEntity(state, where, {
    state: st,
    description: /** @type {string | null} */ (description ?? null),
    target_url: /** @type {string | null} */ (targetUrl ?? null),
    context: ctx,
    login: auth.spec.login ?? 'github-actions[bot]',
  });
  state.statuses.push({ repository, sha: where.sha, entity });
  return { status: 201, body: entity, headers: { Location: entity.url } };
}

/**
 * @param {State} state
 * @param {{ owner: string, repo: string, sha: string }} where
 * @param {{ state: string, description: string | null, target_url: string | null, context: string, login: string }} fields
 * @returns {StatusEntity}
 */
function statusEntity(state, where, fields) {
  const id = state.nextId++;
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const bot = fields.login.endsWith('[bot]');
  const userId = bot ? 41898282 : 1000 + fields.login.length;
  const avatar = `https://avatars.githubusercontent.com/${bot ? 'in/15368' : `u/${userId}`}?v=4`;
  return {
    url: `${state.url}/repos/${where.owner}/${where.repo}/statuses/${where.sha}`,
    avatar_url: avatar,
    id,
    node_id: `SC_${Buffer.from(`status:${id}`).toString('base64url')}`,
    state: fields.state,
    description: fields.description,
    target_url: fields.target_url,
    context: fields.context,
    created_at: now,
    updated_at: now,
    creator: {
      login: fields.login,
      id: userId,
      node_id: `MDM6Qm90${userId}`,
      avatar_url: avatar,
      gravatar_id: '',
      url: `${state.url}/users/${encodeURIComponent(fields.login)}`,
      html_url: `https://github.com/${bot ? `apps/${fields.login.replace(/\[bot\]$/, '')}` : fields.login}`,
      type: bot ? 'Bot' : 'User',
      site_admin: false,
    },
  };
}

/**
 * One page, and GitHub's Link header: per_page 30 by default, at most 100.
 * @template T
 * @param {T[]} items
 * @param {URLSearchParams} params
 * @param {string} base the URL without query
 * @returns {{ items: T[], links: string }}
 */
function paginate(items, params, base) {
  const perPage = Math.min(Math.max(Number(params.get('per_page')) || 30, 1), 100);
  const pageNo = Math.max(Number(params.get('page')) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (/** @type {number} */ n, /** @type {string} */ rel) =>
    `<${base}?per_page=${perPage}&page=${n}>; rel="${rel}"`;
  const links = [];
  if (pageNo > 1) links.push(link(pageNo - 1, 'prev'));
  if (pageNo < last) links.push(link(pageNo + 1, 'next'), link(last, 'last'));
  if (pageNo > 1) links.push(link(1, 'first'));
  return { items: items.slice((pageNo - 1) * perPage, pageNo * perPage), links: links.join(', ') };
}

/**
 * @param {StatusEntity[]} newestFirst
 * @param {URLSearchParams} params
 * @param {string} base
 * @returns {Answer}
 */
function page(newestFirst, params, base) {
  const { items, links } = paginate(newestFirst, params, base);
  return { status: 200, body: items, headers: links ? { Link: links } : {} };
}

/**
 * GET …/commits/:ref/status: the latest status of each context, and their combined state —
 * failure when any is error or failure, pending when any is pending or there is none, else success.
 * @param {State} state
 * @param {{ owner: string, repo: string, sha: string }} where
 * @param {StatusEntity[]} newestFirst
 * @param {URLSearchParams} params
 * @returns {Answer}
 */
function combinedStatus(state, where, newestFirst, params) {
  /** @type {Map<string, StatusEntity>} */
  const latest = new Map();
  for (const s of newestFirst)
    if (!latest.has(s.context.toLowerCase())) latest.set(s.context.toLowerCase(), s);
  const all = [...latest.values()];
  const combined = all.some((s) => s.state === 'error' || s.state === 'failure')
    ? 'failure'
    : all.length === 0 || all.some((s) => s.state === 'pending')
      ? 'pending'
      : 'success';
  const repoUrl = `${state.url}/repos/${where.owner}/${where.repo}`;
  const { items, links } = paginate(all, params, `${repoUrl}/commits/${where.sha}/status`);
  return {
    status: 200,
    headers: links ? { Link: links } : {},
    body: {
      state: combined,
      statuses: items.map(({ creator: _creator, ...simple }) => simple),
      sha: where.sha,
      total_count: all.length,
      repository: {
        id: 1,
        node_id: 'R_kgDOemu1',
        name: where.repo,
        full_name: `${where.owner}/${where.repo}`,
        private: false,
        owner: { login: where.owner, type: 'Organization' },
        html_url: `https://github.com/${where.owner}/${where.repo}`,
        url: repoUrl,
      },
      commit_url: `${repoUrl}/commits/${where.sha}`,
      url: `${repoUrl}/commits/${where.sha}/status`,
    },
  };
}
