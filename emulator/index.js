// @ts-check
// The GitLab emulator: an HTTP(S) server on the loopback interface that answers the pipeline
// trigger, pipeline, job and trigger-token endpoints as GitLab does. See README.md beside this
// file for each behaviour and where in GitLab it comes from.

import { Instance } from './instance.js';
import { ObjectStorage } from './object-storage.js';
import { seed as seedData } from './seed.js';
import { EmulatorServer } from './server.js';
import { gitHost } from './git.js';

/** @typedef {import('./types.js').Script} Script */
/** @typedef {import('./types.js').Pipeline} Pipeline */
/** @typedef {import('./types.js').Project} Project */
/** @typedef {import('./types.js').User} User */
/** @typedef {import('./types.js').Role} Role */
/** @typedef {import('./types.js').Visibility} Visibility */
/** @typedef {import('./types.js').AccessToken} AccessToken */
/** @typedef {import('./types.js').Trigger} Trigger */
/** @typedef {import('./types.js').JobToken} JobToken */
/** @typedef {import('./faults.js').FaultRule} FaultRule */
/** @typedef {import('./faults.js').ActiveRule} ActiveRule */
/** @typedef {import('./server.js').RecordedRequest} RecordedRequest */
/** @typedef {import('./seed.js').Seed} Seed */

/**
 * @typedef {object} EmulatorOptions
 * @property {string} [host] a loopback address (default 127.0.0.1)
 * @property {number} [port] 0 (default): any free port
 * @property {string} [basePath] e.g. '/gitlab': an instance under a relative URL root
 * @property {{ key: string, cert: string }} [tls] PEM key and certificate: serve HTTPS
 * @property {number} [speed] emulated seconds per real second (default 1); 0 freezes the
 *   clock, so that only advance() moves it
 * @property {boolean} [seed] create the demo data (default true)
 * @property {string} [gitlabVersion] the GitLab release answered as, e.g. '17.11.3' (default
 *   18.2.1-ee): every release-dependent answer (routes that exist, where job tokens are read,
 *   parameters kept or dropped) follows from it through the table in releases.js
 * @property {string} [version] the older name of gitlabVersion
 * @property {import('./types.js').CancelBehaviour} [cancelBehaviour] when the status a cancel
 *   answers is computed (default 'legacy-200': at once; 'recompute': afterwards, as GitLab's
 *   `present pipeline.reset` shows it); a project's own setting wins. Both answer 200.
 * @property {boolean} [traceRange] honour Range on …/jobs/:id/trace, as a proxy or object
 *   storage in front of GitLab may (GitLab itself does not; default false)
 * @property {boolean} [objectStorage] serve artifacts archives from object storage with direct
 *   download: GET …/jobs/:job_id/artifacts answers 302 to a signed URL on a second loopback
 *   server (emu.objectStorageRequests records what reached it); default false
 * @property {false} [jobTokenReadPipelines] false: fine-grained job token permissions that
 *   grant neither "Pipelines: Read" nor "Jobs: Read", so job tokens are refused on the pipeline
 *   and job reads even where the release reads them; unset: as the release does
 */

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export class Emulator {
  /**
   * @param {Instance} instance
   * @param {EmulatorServer} server
   * @param {Seed | null} seed
   */
  constructor(instance, server, seed) {
    /** @private */
    this.instance = instance;
    /** @private */
    this.server = server;
    /** the values of the demo data (null with `seed: false`) */
    this.seed = /** @type {Seed} */ (seed);
    /** the instance root a user would type, base path included */
    this.url = instance.url;
    this.apiUrl = `${instance.url}/api/v4`;
    /** every request received, in order */
    this.requests = server.requests;
    /** every request the object storage received (objectStorage: true), in order */
    this.objectStorageRequests = instance.objectStorage?.requests ?? [];
    /** @private */
    this.ticker = setInterval(() => instance.now(), 50);
    this.ticker.unref();
  }

  /**
   * Every pipeline created through the API (trigger endpoint), brought up to date.
   * @returns {Pipeline[]}
   */
  get pipelines() {
    this.instance.now();
    return this.instance.store.createdPipelines;
  }

  /**
   * Pipelines created by trigger jobs (bridges), brought up to date.
   * @returns {Pipeline[]}
   */
  get downstreamPipelines() {
    this.instance.now();
    return this.instance.store.downstreamPipelines;
  }

  /** The projects' git repositories over HTTP: remote URLs, pushes, a mirror's lag (git.js). */
  get git() {
    return gitHost(this.instance);
  }

  /** @returns {Trigger[]} every trigger token */
  get triggers() {
    return [...this.instance.store.triggers.values()];
  }

  /**
   * Adds a fault rule; rules apply in the order added, each to `times` requests.
   * @param {FaultRule} rule
   * @returns {ActiveRule} the rule, whose `remaining` and `hits` show its use
   */
  fail(rule) {
    return this.server.faults.add(rule);
  }

  /** Removes every fault rule. */
  clearFaults() {
    this.server.faults.clear();
  }

  /**
   * @param {{ id?: number, path: string, name?: string, visibility?: Visibility, refs?: string[],
   *   tags?: string[], defaultBranch?: string, defaultScript?: Script,
   *   scripts?: Record<string, Script>, previousPaths?: string[], protectedRefs?: string[],
   *   cancelBehaviour?: import('./types.js').CancelBehaviour,
   *   pipelineVariablesMinimumRole?: import('./types.js').VariablesRole }} spec
   *   pipelineVariablesMinimumRole: the project's "Minimum role to use pipeline variables"
   *   (default developer); 'no_one_allowed' refuses every trigger, see README
   * @returns {Project}
   */
  addProject(spec) {
    return this.instance.store.addProject(spec);
  }

  /**
   * @param {{ id: number, username: string, name?: string, email?: string, state?: 'active' | 'blocked' }} spec
   * @returns {User}
   */
  addUser(spec) {
    return this.instance.store.addUser(spec);
  }

  /**
   * A personal access token. The user becomes a member, with `role` (default maintainer), of
   * `projectIds`, or of every project when `projectIds` is omitted.
   * @param {{ token: string, userId: number, scopes?: string[], projectIds?: number[], role?: Role,
   *   expiresAt?: string | null, revoked?: boolean }} spec
   * @returns {AccessToken}
   */
  addAccessToken(spec) {
    return this.instance.store.addAccessToken(spec);
  }

  /**
   * Adds a user's membership without a token.
   * @param {{ userId: number, projectId?: number | null, role?: Role }} spec
   */
  addMember(spec) {
    this.instance.store.addMember(spec.userId, spec.projectId ?? null, spec.role ?? 'developer');
  }

  /**
   * A pipeline trigger token; `token` defaults to `glptt-` and 40 random hex characters.
   * @param {{ projectId: number, ownerId: number, description?: string | null, token?: string,
   *   expiresAt?: string | number | null }} spec
   * @returns {Trigger}
   */
  addTriggerToken(spec) {
    return this.instance.store.addTriggerToken(spec);
  }

  /**
   * A CI job token of a job in `projectId`. `allowlist`: the projects whose job-token allowlist
   * admits that project. The job runs as `userId` (default: the first user).
   * @param {{ token: string, projectId: number, running?: boolean, allowlist?: number[],
   *   userId?: number, erased?: boolean }} spec
   * @returns {JobToken}
   */
  addJobToken(spec) {
    const first = this.instance.store.users.keys().next();
    const defaultUserId = spec.userId ?? (first.done ? undefined : first.value);
    if (defaultUserId === undefined) throw new Error('addJobToken needs a user: add one first');
    return this.instance.store.addJobToken(spec, defaultUserId);
  }

  /**
   * What the next pipelines on `ref` of the project do; null goes back to the project's
   * default script. A script without `jobs` and `bridges` keeps the default jobs.
   * @param {number} projectId
   * @param {string} ref
   * @param {Script | null} script
   */
  setScript(projectId, ref, script) {
    const project = this.instance.store.projects.get(projectId);
    if (!project) throw new Error(`no project ${projectId}`);
    if (script === null) project.scripts.delete(ref);
    else project.scripts.set(ref, script);
  }

  /**
   * What the next pipelines of the project do on every ref (`--scenario`): the per-ref
   * scripts set so far are dropped.
   * @param {number} projectId
   * @param {Script} script
   */
  setDefaultScript(projectId, script) {
    const project = this.instance.store.projects.get(projectId);
    if (!project) throw new Error(`no project ${projectId}`);
    project.scripts.clear();
    project.defaultScript = script;
  }

  /** @returns {number} the emulated time, epoch ms */
  now() {
    return this.instance.now();
  }

  /**
   * Moves the emulated clock forward (no real waiting).
   * @param {number} seconds
   */
  advance(seconds) {
    this.instance.clock.advance(seconds);
    this.instance.now();
  }

  /** @param {number} speed emulated seconds per real second from now on */
  setSpeed(speed) {
    this.instance.clock.setSpeed(speed);
  }

  /** Stops the server and closes every connection, hanging ones included. */
  async close() {
    clearInterval(this.ticker);
    await this.server.close();
    await this.instance.objectStorage?.close();
    gitHost(this.instance).dispose();
  }
}

/**
 * Starts an emulated GitLab instance.
 * @param {EmulatorOptions} [options]
 * @returns {Promise<Emulator>}
 */
export async function startEmulator(options = {}) {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.test(host)) throw new Error(`the emulator listens on loopback only, not ${host}`);
  const instance = new Instance({
    speed: options.speed,
    basePath: options.basePath,
    version: options.gitlabVersion ?? options.version,
    cancelBehaviour: options.cancelBehaviour,
    traceRange: options.traceRange,
    jobTokenReadPipelines: options.jobTokenReadPipelines,
  });
  if (options.objectStorage) {
    instance.objectStorage = new ObjectStorage();
    await instance.objectStorage.listen(host);
  }
  const server = new EmulatorServer(instance, { tls: options.tls });
  const port = await server.listen(host, options.port ?? 0);
  const hostPart = host.includes(':') ? `[${host}]` : host;
  instance.url = `${options.tls ? 'https' : 'http'}://${hostPart}:${port}${instance.basePath}`;
  const seed = options.seed === false ? null : seedData(instance);
  return new Emulator(instance, server, seed);
}
