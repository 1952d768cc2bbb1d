// @ts-check
// Everything the emulated instance knows: users and their memberships, projects, tokens,
// trigger tokens, pipelines and jobs. Plain data; the rules live in the route modules.

import { createHash, randomBytes } from 'node:crypto';

/** @typedef {import('./types.js').User} User */
/** @typedef {import('./types.js').Project} Project */
/** @typedef {import('./types.js').Role} Role */
/** @typedef {import('./types.js').AccessToken} AccessToken */
/** @typedef {import('./types.js').Trigger} Trigger */
/** @typedef {import('./types.js').JobToken} JobToken */
/** @typedef {import('./types.js').Pipeline} Pipeline */
/** @typedef {import('./types.js').Job} Job */
/** @typedef {import('./types.js').Script} Script */

/** Gitlab::Access levels, to compare roles. */
export const ROLE_LEVELS = /** @type {const} */ ({
  guest: 10,
  reporter: 20,
  developer: 30,
  maintainer: 40,
  owner: 50,
});

/** @returns {string} `glptt-` and 40 hex characters, as Ci::Trigger#set_default_values makes them */
export function newTriggerToken() {
  return `glptt-${randomBytes(20).toString('hex')}`;
}

/**
 * A deterministic commit SHA for a ref, so that the same ref always points at the same commit.
 * @param {string} projectPath
 * @param {string} ref
 */
export function shaFor(projectPath, ref) {
  return createHash('sha1').update(`${projectPath}\0${ref}`).digest('hex');
}

export class Store {
  /** @param {() => number} now emulated epoch ms */
  constructor(now) {
    this.now = now;
    /** @type {Map<number, User>} */
    this.users = new Map();
    /** @type {Map<number, Project>} */
    this.projects = new Map();
    /** userId → role in every project (a token added without projectIds) */
    /** @type {Map<number, Role>} */
    this.globalRoles = new Map();
    /** `${projectId}:${userId}` → role */
    /** @type {Map<string, Role>} */
    this.memberships = new Map();
    /** @type {Map<string, AccessToken>} */
    this.accessTokens = new Map();
    /** @type {Map<number, Trigger>} */
    this.triggers = new Map();
    /** @type {Map<string, JobToken>} */
    this.jobTokens = new Map();
    /** @type {Map<number, Pipeline>} */
    this.pipelines = new Map();
    /** @type {Map<number, Job>} */
    this.jobs = new Map();
    /** pipelines created through the API, in order (emu.pipelines) */
    /** @type {Pipeline[]} */
    this.createdPipelines = [];
    /** pipelines created by trigger jobs (bridges) */
    /** @type {Pipeline[]} */
    this.downstreamPipelines = [];
    this.nextTriggerId = 1;
    this.nextPipelineId = 1000;
    this.nextJobId = 5000;
    this.nextProjectId = 1000;
  }

  // --- users and memberships ---------------------------------------------------------------

  /**
   * @param {{ id: number, username: string, name?: string, email?: string, state?: 'active' | 'blocked' }} spec
   * @returns {User}
   */
  addUser(spec) {
    /** @type {User} */
    const user = {
      id: spec.id,
      username: spec.username,
      name: spec.name ?? spec.username,
      email: spec.email ?? `${spec.username}@example.com`,
      state: spec.state ?? 'active',
      createdAt: this.now(),
    };
    this.users.set(user.id, user);
    return user;
  }

  /**
   * @param {number} userId
   * @param {number | null} projectId null: every project
   * @param {Role} role
   */
  addMember(userId, projectId, role) {
    if (projectId === null) this.globalRoles.set(userId, role);
    else this.memberships.set(`${projectId}:${userId}`, role);
  }

  /**
   * The user's role in the project, or null when not a member.
   * @param {number} userId
   * @param {number} projectId
   * @returns {Role | null}
   */
  roleOf(userId, projectId) {
    return this.memberships.get(`${projectId}:${userId}`) ?? this.globalRoles.get(userId) ?? null;
  }

  /**
   * @param {number} userId
   * @param {number} projectId
   * @param {Role} role
   */
  hasRole(userId, projectId, role) {
    const actual = this.roleOf(userId, projectId);
    return actual !== null && ROLE_LEVELS[actual] >= ROLE_LEVELS[role];
  }

  // --- projects ----------------------------------------------------------------------------

  /**
   * @param {{ id?: number, path: string, name?: string, visibility?: import('./types.js').Visibility,
   *   refs?: string[], tags?: string[], defaultBranch?: string, defaultScript?: Script,
   *   scripts?: Record<string, Script>, previousPaths?: string[], protectedRefs?: string[],
   *   cancelBehaviour?: import('./types.js').CancelBehaviour,
   *   pipelineVariablesMinimumRole?: import('./types.js').VariablesRole }} spec
   * @returns {Project}
   */
  addProject(spec) {
    const refs = spec.refs ?? ['main'];
    /** @type {Project} */
    const project = {
      id: spec.id ?? this.nextProjectId++,
      path: spec.path,
      name: spec.name ?? spec.path.split('/').pop() ?? spec.path,
      visibility: spec.visibility ?? 'private',
      refs,
      tags: spec.tags ?? [],
      defaultBranch: spec.defaultBranch ?? refs[0] ?? 'main',
      previousPaths: spec.previousPaths ?? [],
      protectedRefs: spec.protectedRefs ?? [],
      scripts: new Map(Object.entries(spec.scripts ?? {})),
      defaultScript: spec.defaultScript,
      cancelBehaviour: spec.cancelBehaviour,
      pipelineVariablesMinimumRole: spec.pipelineVariablesMinimumRole ?? 'developer',
      iidCounter: 0,
      createdAt: this.now(),
    };
    this.projects.set(project.id, project);
    return project;
  }

  /**
   * By numeric id, or by full path (case-insensitively, following renames like
   * Project.find_by_full_path(id, follow_redirects: true)).
   * @param {string} id the decoded :id route parameter
   * @returns {Project | null}
   */
  findProject(id) {
    if (/^-?\d+$/.test(id)) return this.projects.get(Number(id)) ?? null;
    if (!id.includes('/')) return null;
    const wanted = id.toLowerCase();
    for (const project of this.projects.values()) {
      if (project.path.toLowerCase() === wanted) return project;
    }
    for (const project of this.projects.values()) {
      if (project.previousPaths.some((p) => p.toLowerCase() === wanted)) return project;
    }
    return null;
  }

  /** @param {string} path */
  findProjectByExactPath(path) {
    for (const project of this.projects.values()) {
      if (project.path.toLowerCase() === path.toLowerCase()) return project;
    }
    return null;
  }

  // --- tokens ------------------------------------------------------------------------------

  /**
   * @param {{ token: string, userId: number, scopes?: string[], projectIds?: number[],
   *   role?: Role, expiresAt?: string | null, revoked?: boolean }} spec
   * @returns {AccessToken}
   */
  addAccessToken(spec) {
    /** @type {AccessToken} */
    const record = {
      token: spec.token,
      userId: spec.userId,
      scopes: spec.scopes ?? ['api'],
      expiresAt: spec.expiresAt ?? null,
      revoked: spec.revoked ?? false,
    };
    this.accessTokens.set(record.token, record);
    const role = spec.role ?? 'maintainer';
    if (spec.projectIds === undefined) this.addMember(spec.userId, null, role);
    else for (const projectId of spec.projectIds) this.addMember(spec.userId, projectId, role);
    return record;
  }

  /**
   * @param {{ projectId: number, ownerId: number, description?: string | null, token?: string,
   *   expiresAt?: string | number | null, id?: number }} spec
   * @returns {Trigger}
   */
  addTriggerToken(spec) {
    const now = this.now();
    /** @type {Trigger} */
    const trigger = {
      id: spec.id ?? this.nextTriggerId++,
      projectId: spec.projectId,
      ownerId: spec.ownerId,
      description: spec.description ?? null,
      token: spec.token ?? newTriggerToken(),
      createdAt: now,
      updatedAt: now,
      expiresAt:
        spec.expiresAt === undefined || spec.expiresAt === null
          ? null
          : typeof spec.expiresAt === 'number'
            ? spec.expiresAt
            : Date.parse(spec.expiresAt),
    };
    if (trigger.id >= this.nextTriggerId) this.nextTriggerId = trigger.id + 1;
    this.triggers.set(trigger.id, trigger);
    return trigger;
  }

  /**
   * Ci::Trigger lookup by token; expired tokens are not found.
   * @param {string} token
   * @returns {Trigger | null}
   */
  findTriggerByToken(token) {
    if (token === '') return null;
    for (const trigger of this.triggers.values()) {
      if (trigger.token === token) {
        if (trigger.expiresAt !== null && trigger.expiresAt <= this.now()) return null;
        return trigger;
      }
    }
    return null;
  }

  /** @param {number} projectId */
  triggersOf(projectId) {
    return [...this.triggers.values()]
      .filter((t) => t.projectId === projectId)
      .sort((a, b) => a.id - b.id);
  }

  /**
   * The time of the last pipeline a trigger created (Ci::Trigger#last_used).
   * @param {Trigger} trigger
   */
  lastUsed(trigger) {
    let last = null;
    for (const pipeline of this.pipelines.values()) {
      if (pipeline.triggerId === trigger.id && (last === null || pipeline.createdAt > last)) {
        last = pipeline.createdAt;
      }
    }
    return last;
  }

  /**
   * @param {{ token: string, projectId: number, running?: boolean, allowlist?: number[],
   *   userId?: number, erased?: boolean }} spec
   * @param {number} defaultUserId
   * @returns {JobToken}
   */
  addJobToken(spec, defaultUserId) {
    /** @type {JobToken} */
    const record = {
      token: spec.token,
      projectId: spec.projectId,
      userId: spec.userId ?? defaultUserId,
      running: spec.running ?? true,
      erased: spec.erased ?? false,
      allowlist: spec.allowlist ?? [],
    };
    this.jobTokens.set(record.token, record);
    return record;
  }

  // --- pipelines ---------------------------------------------------------------------------

  /** @param {number} projectId */
  pipelinesOf(projectId) {
    return [...this.pipelines.values()].filter((p) => p.projectId === projectId);
  }
}
