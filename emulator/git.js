// @ts-check
// Git over HTTP, as GitLab serves it: each project a bare repository behind the smart-HTTP
// routes `/<project path>.git/info/refs`, `…/git-upload-pack` and `…/git-receive-pack`
// (config/routes/git_http.rb), answered by git's own `git http-backend` (CGI) where GitLab has
// Workhorse and Gitaly. What GitLab decides before git sees the request is done here:
//
// - who asks: HTTP basic auth whose password is a personal access token, whatever the user
//   name (`oauth2:<token>` is the usual form), as Gitlab::Auth.find_for_git_client does
//   (lib/gitlab/auth.rb); a wrong one is 401 "HTTP Basic: Access denied…", none on a private
//   project 401 with `WWW-Authenticate: Basic realm="GitLab"`
//   (app/controllers/repositories/git_http_client_controller.rb);
// - what they may do: read_repository/write_repository/api scopes; Reporter to fetch,
//   Developer to push, else 403 "You are not allowed to push code to this project."
//   (lib/gitlab/git_access.rb); protected branches through a pre-receive hook with the
//   messages of lib/gitlab/checks/branch_check.rb (gitlabhq, 17.x and 18.x alike);
// - what a push starts: a pipeline of source `push` on the pushed commit, unless the push
//   option `ci.skip` was given (lib/gitlab/push_options.rb; receive.advertisePushOptions is on);
//   a pushed branch becomes a ref the trigger API runs on, at the pushed commit;
// - a mirror: `host.setMirrorLag(projectId, seconds)` makes push pipelines appear that many
//   emulated seconds after the push, as a pull mirror's do.
//
// Git itself refuses a shallow push (`shallow update not allowed`: receive.shallowUpdate is
// false on GitLab's repositories too) and a non-fast-forward one the client did not force.

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLE_LEVELS } from './store.js';
import { createPipeline, scriptFor } from './timeline.js';

/** @typedef {import('./instance.js').Instance} Instance */
/** @typedef {import('./types.js').Project} Project */
/** @typedef {import('./types.js').User} User */

const ZERO = /^0+$/;
const GIT_ROUTE = /^\/(?<path>[^?]+?)\.git\/(?<rest>info\/refs|git-upload-pack|git-receive-pack)$/;
const DENIED =
  "HTTP Basic: Access denied. If a password was provided for Git authentication, the password was incorrect or you're required to use a token instead of a password. If a token was provided, it was either incorrect, expired, or improperly scoped.";
const NOT_FOUND =
  "The project you were looking for could not be found or you don't have permission to view it.";

// The hooks the emulator installs in every bare repository. pre-receive applies GitLab's
// protected-branch checks with the pusher's role handed over in the environment; post-receive
// hands the updated refs and the push options back to the emulator through a file.
const PRE_RECEIVE = `#!/bin/sh
z=0000000000000000000000000000000000000000
while read old new ref; do
  case "$ref" in refs/heads/*) branch=\${ref#refs/heads/} ;; *) continue ;; esac
  printf '%s\\n' "$EMU_PROTECTED" | grep -qxF -- "$branch" || continue
  if [ "$new" = "$z" ]; then
    echo "GitLab: You can only delete protected branches using the web interface." >&2; exit 1
  fi
  if [ "$EMU_MAINTAINER" != 1 ]; then
    echo "GitLab: You are not allowed to push code to protected branches on this project." >&2; exit 1
  fi
  if [ "$old" != "$z" ] && ! git merge-base --is-ancestor "$old" "$new"; then
    echo "GitLab: You are not allowed to force push code to a protected branch on this project." >&2; exit 1
  fi
done
exit 0
`;
const POST_RECEIVE = `#!/bin/sh
{
  i=0
  while [ "$i" -lt "\${GIT_PUSH_OPTION_COUNT:-0}" ]; do
    printf 'option %s\\n' "$(printenv "GIT_PUSH_OPTION_$i")"; i=$((i + 1))
  done
  while read old new ref; do printf 'ref %s %s %s\\n' "$old" "$new" "$ref"; done
} >> "$EMU_PUSH_LOG"
`;

/**
 * @typedef {object} Push
 * @property {number} projectId
 * @property {string} ref the full ref name, refs/heads/…
 * @property {string} before
 * @property {string} after all zeros for a deletion
 * @property {string[]} options the push options as given
 * @property {number} userId
 */

/** @type {WeakMap<Instance, GitHost>} */
const hosts = new WeakMap();

/**
 * The git side of an instance, made on first use.
 * @param {Instance} instance
 */
export function gitHost(instance) {
  let host = hosts.get(instance);
  if (!host) {
    host = new GitHost(instance);
    hosts.set(instance, host);
  }
  return host;
}

export class GitHost {
  /** @param {Instance} instance */
  constructor(instance) {
    this.instance = instance;
    /** where the bare repositories live, made on first use */
    this.root = '';
    /** every push accepted, in order */
    /** @type {Push[]} */
    this.pushes = [];
    /** @type {Map<number, number>} projectId → seconds a push pipeline takes to appear */
    this.lags = new Map();
    /** @type {{ at: number, make: () => void }[]} pipelines a mirror has yet to create */
    this.pending = [];
  }

  /** Removes the repositories. */
  dispose() {
    if (this.root) rmSync(this.root, { recursive: true, force: true });
    this.root = '';
  }

  /**
   * The bare repository of a project, created (empty) on first use.
   * @param {Project} project
   */
  repository(project) {
    if (!this.root) this.root = mkdtempSync(join(tmpdir(), 'emulator-git-'));
    const dir = join(this.root, `${project.path.toLowerCase()}.git`);
    try {
      readFileSync(join(dir, 'HEAD'));
      return dir;
    } catch {
      mkdirSync(dir, { recursive: true });
    }
    const git = (/** @type {string[]} */ ...args) => {
      const done = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
      if (done.status !== 0) throw new Error(`git ${args.join(' ')}: ${done.stderr}`);
    };
    git('init', '--bare', '--quiet', `--initial-branch=${project.defaultBranch}`);
    git('config', 'receive.advertisePushOptions', 'true');
    git('config', 'http.receivepack', 'true');
    /** @type {[string, string][]} */
    const hooks = [
      ['pre-receive', PRE_RECEIVE],
      ['post-receive', POST_RECEIVE],
    ];
    for (const [name, text] of hooks) {
      const file = join(dir, 'hooks', name);
      writeFileSync(file, text);
      chmodSync(file, 0o755);
    }
    return dir;
  }

  /**
   * The address `git` pushes to and fetches from.
   * @param {number} projectId
   */
  remoteUrl(projectId) {
    const project = this.instance.store.projects.get(projectId);
    if (!project) throw new Error(`no project ${projectId}`);
    this.repository(project);
    return `${this.instance.url}/${project.path}.git`;
  }

  /**
   * Push pipelines of the project appear `seconds` (emulated) after the push, as a pull
   * mirror's do; 0 goes back to at once.
   * @param {number} projectId
   * @param {number} seconds
   */
  setMirrorLag(projectId, seconds) {
    this.lags.set(projectId, seconds);
  }

  /**
   * The commit a branch of the project points at in its repository, or undefined.
   * @param {number} projectId
   * @param {string} branch
   */
  branchSha(projectId, branch) {
    const project = this.instance.store.projects.get(projectId);
    if (!project) return undefined;
    const done = spawnSync('git', ['rev-parse', '--verify', '-q', `refs/heads/${branch}`], {
      cwd: this.repository(project),
      encoding: 'utf8',
    });
    return done.status === 0 ? done.stdout.trim() : undefined;
  }

  /** Creates the mirror pipelines whose time has come. */
  settle() {
    if (this.pending.length === 0) return;
    const now = this.instance.clock.now();
    const due = this.pending.filter((p) => p.at <= now);
    this.pending = this.pending.filter((p) => p.at > now);
    for (const item of due) item.make();
  }

  /**
   * Applies what post-receive wrote: refs move, and a push pipeline starts unless ci.skip.
   * @param {Project} project
   * @param {User} user
   * @param {string} log
   */
  accept(project, user, log) {
    const lines = log.split('\n').filter(Boolean);
    const options = lines.filter((l) => l.startsWith('option ')).map((l) => l.slice(7));
    const skip = options.some((o) => o === 'ci.skip');
    for (const line of lines.filter((l) => l.startsWith('ref '))) {
      const [, before = '', after = '', ref = ''] = line.split(' ');
      this.pushes.push({ projectId: project.id, ref, before, after, options, userId: user.id });
      if (!ref.startsWith('refs/heads/')) continue;
      const branch = ref.slice('refs/heads/'.length);
      const shas = (project.pushedShas ??= new Map());
      if (ZERO.test(after)) {
        project.refs = project.refs.filter((r) => r !== branch);
        shas.delete(branch);
        continue;
      }
      if (!project.refs.includes(branch)) project.refs.push(branch);
      shas.set(branch, after);
      if (!skip) this.pushPipeline(project, user, branch, after);
    }
  }

  /**
   * @param {Project} project
   * @param {User} user
   * @param {string} branch
   * @param {string} sha
   */
  pushPipeline(project, user, branch, sha) {
    const { store } = this.instance;
    const make = () => {
      const script = scriptFor(project, branch);
      if (script.reject || (script.jobs ?? []).length + (script.bridges ?? []).length === 0) return;
      const now = this.instance.clock.now();
      createPipeline(store, {
        project,
        ref: branch,
        sha,
        source: 'push',
        userId: user.id,
        script,
        now,
      });
    };
    const lag = this.lags.get(project.id) ?? 0;
    if (lag <= 0) return make();
    this.pending.push({ at: this.instance.clock.now() + lag * 1000, make });
  }
}

/**
 * Serves a smart-HTTP request when the path is one; false otherwise, for the router.
 * @param {Instance} instance
 * @param {{ method: string, localPath: string, query: string, headers: Record<string, string>, body: Buffer }} request
 * @param {import('node:http').ServerResponse} res
 * @returns {boolean}
 */
export function serveGit(instance, request, res) {
  const match = GIT_ROUTE.exec(request.localPath);
  if (!match?.groups) return false;
  const host = gitHost(instance);
  const { path = '', rest = '' } = match.groups;
  const service = rest === 'info/refs' ? /service=([\w-]+)/.exec(request.query)?.[1] : rest;
  const push = service === 'git-receive-pack';
  const answer = (/** @type {number} */ status, /** @type {string} */ text, extra = {}) => {
    res.writeHead(status, { 'Content-Type': 'text/plain', Server: 'nginx', ...extra });
    res.end(`${text}\n`);
    return true;
  };
  if (service !== 'git-upload-pack' && !push)
    return answer(403, 'Git access over HTTP is not allowed');
  const project = instance.store.findProjectByExactPath(safeDecode(path));
  const who = gitUser(instance, request.headers.authorization ?? '', push);
  if (who === 'denied') return answer(401, DENIED, { 'WWW-Authenticate': 'Basic realm="GitLab"' });
  const role = project && who ? instance.store.roleOf(who.id, project.id) : null;
  const level = role === null ? 0 : ROLE_LEVELS[role];
  const readable = project && (project.visibility === 'public' || level >= ROLE_LEVELS.reporter);
  if (!project || !readable) {
    if (!who) return answer(401, DENIED, { 'WWW-Authenticate': 'Basic realm="GitLab"' });
    return answer(404, NOT_FOUND);
  }
  if (push && !who) return answer(401, DENIED, { 'WWW-Authenticate': 'Basic realm="GitLab"' });
  if (push && level < ROLE_LEVELS.developer)
    return answer(403, 'You are not allowed to push code to this project.');
  const dir = host.repository(project);
  runBackend(host, project, who, level, { ...request, dir, rest }, res);
  return true;
}

/**
 * @param {string} value
 */
function safeDecode(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The user a basic-auth header names through its password (a personal access token with a
 * repository scope); null for none given; 'denied' for one GitLab would refuse.
 * @param {Instance} instance
 * @param {string} authorization
 * @param {boolean} push
 * @returns {User | null | 'denied'}
 */
function gitUser(instance, authorization, push) {
  const basic = /^Basic\s+(\S+)$/i.exec(authorization)?.[1];
  if (!basic) return null;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'denied';
  const token = instance.store.accessTokens.get(decoded.slice(colon + 1));
  const user = token ? instance.store.users.get(token.userId) : undefined;
  if (!token || !user || token.revoked || user.state !== 'active') return 'denied';
  if (token.expiresAt !== null && Date.parse(`${token.expiresAt}T00:00:00Z`) <= instance.now())
    return 'denied';
  const scopes = push
    ? ['api', 'write_repository']
    : ['api', 'read_repository', 'write_repository'];
  return token.scopes.some((s) => scopes.includes(s)) ? user : 'denied';
}

/**
 * Runs `git http-backend` for the request and relays its CGI answer.
 * @param {GitHost} host
 * @param {Project} project
 * @param {User | null} user
 * @param {number} level
 * @param {{ method: string, query: string, headers: Record<string, string>, body: Buffer, dir: string, rest: string }} request
 * @param {import('node:http').ServerResponse} res
 */
function runBackend(host, project, user, level, request, res) {
  const log = join(host.root, `push-${process.pid}-${Date.now()}-${Math.random()}.log`);
  const slash = request.dir.lastIndexOf('/');
  const env = {
    PATH: process.env.PATH ?? '',
    GIT_PROJECT_ROOT: request.dir.slice(0, slash),
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: `/${request.dir.slice(slash + 1)}/${request.rest}`,
    REQUEST_METHOD: request.method,
    QUERY_STRING: request.query,
    CONTENT_TYPE: request.headers['content-type'] ?? '',
    CONTENT_LENGTH: String(request.body.length),
    REMOTE_USER: user?.username ?? '',
    REMOTE_ADDR: '127.0.0.1',
    GIT_PROTOCOL: request.headers['git-protocol'] ?? '',
    HTTP_CONTENT_ENCODING: request.headers['content-encoding'] ?? '',
    EMU_PUSH_LOG: log,
    EMU_PROTECTED: project.protectedRefs.join('\n'),
    EMU_MAINTAINER: level >= ROLE_LEVELS.maintainer ? '1' : '0',
    // The emulator's own git configuration, never the user's.
    GIT_CONFIG_NOSYSTEM: '1',
    HOME: host.root,
  };
  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  /** @type {Buffer[]} */
  const out = [];
  child.stdout.on('data', (chunk) => out.push(chunk));
  child.stderr.resume();
  child.stdin.on('error', () => undefined);
  child.stdin.end(request.body);
  child.on('close', () => {
    let pushed = '';
    try {
      pushed = readFileSync(log, 'utf8');
      rmSync(log, { force: true });
    } catch {
      // No push log: nothing was received.
    }
    if (pushed && user) host.accept(project, user, pushed);
    relay(Buffer.concat(out), res);
  });
}

/**
 * Writes a CGI answer (headers, a blank line, the body) as the HTTP response.
 * @param {Buffer} output
 * @param {import('node:http').ServerResponse} res
 */
function relay(output, res) {
  let end = output.indexOf('\r\n\r\n');
  let gap = 4;
  if (end < 0) {
    end = output.indexOf('\n\n');
    gap = 2;
  }
  if (end < 0) {
    res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end('git http-backend gave no answer\n');
    return;
  }
  /** @type {Record<string, string>} */
  const headers = { Server: 'nginx' };
  let status = 200;
  for (const line of output.subarray(0, end).toString('latin1').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  const body = output.subarray(end + gap);
  res.writeHead(status, { ...headers, 'Content-Length': String(body.length) });
  res.end(body);
}
