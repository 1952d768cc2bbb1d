// @ts-check
// Demo data a test or a demo can use at once: a private project with branches and a tag, a
// public one, an upstream project whose CI jobs hold job tokens, another project with its own
// trigger token, users with each role, and tokens that look like real ones. Tokens are derived
// from fixed labels so that they are the same on every run.

import { createHash } from 'node:crypto';

/** @typedef {import('./instance.js').Instance} Instance */

/**
 * 40 hex characters from a label.
 * @param {string} label
 */
function hex40(label) {
  return createHash('sha256').update(`gitlab-emulator:${label}`).digest('hex').slice(0, 40);
}

/**
 * 20 characters of the alphabet GitLab's personal access tokens use.
 * @param {string} label
 */
function chars20(label) {
  return createHash('sha256')
    .update(`gitlab-emulator:${label}`)
    .digest('base64url')
    .replace(/[-_]/g, 'x')
    .slice(0, 20);
}

/**
 * Fills the instance with the demo data and returns the values worth knowing.
 * @param {Instance} instance
 */
export function seed(instance) {
  const { store } = instance;
  const users = {
    maintainer: store.addUser({ id: 10, username: 'deploy-bot', name: 'Deploy Bot' }),
    reader: store.addUser({ id: 11, username: 'ci-reader', name: 'CI Reader' }),
    developer: store.addUser({ id: 12, username: 'release-dev', name: 'Release Developer' }),
    otherMaintainer: store.addUser({ id: 13, username: 'ops-lead', name: 'Ops Lead' }),
    outsider: store.addUser({ id: 14, username: 'outsider', name: 'Outside Collaborator' }),
  };

  const project = store.addProject({
    id: 42,
    path: 'acme/platform/deploy',
    name: 'deploy',
    visibility: 'private',
    refs: ['main', 'release/v1.2'],
    tags: ['v1.0'],
    previousPaths: ['acme/deploy'],
  });
  const upstream = store.addProject({
    id: 43,
    path: 'acme/platform/upstream',
    visibility: 'private',
  });
  const other = store.addProject({ id: 44, path: 'acme/platform/other', visibility: 'private' });
  const open = store.addProject({
    id: 45,
    path: 'acme/open/toolkit',
    visibility: 'public',
    refs: ['main'],
    tags: ['v2.0'],
  });

  const apiToken = `glpat-${chars20('api')}`;
  const readApiToken = `glpat-${chars20('read_api')}`;
  const developerToken = `glpat-${chars20('developer')}`;
  const otherMaintainerToken = `glpat-${chars20('other-maintainer')}`;
  const outsiderToken = `glpat-${chars20('outsider')}`;
  const expiredApiToken = `glpat-${chars20('expired')}`;
  // The maintainer is a member of every project (no projectIds).
  store.addAccessToken({ token: apiToken, userId: users.maintainer.id, scopes: ['api'] });
  store.addAccessToken({
    token: expiredApiToken,
    userId: users.maintainer.id,
    scopes: ['api'],
    expiresAt: '2020-01-01',
  });
  store.addAccessToken({
    token: readApiToken,
    userId: users.reader.id,
    scopes: ['read_api'],
    projectIds: [project.id, open.id],
    role: 'reporter',
  });
  store.addAccessToken({
    token: developerToken,
    userId: users.developer.id,
    scopes: ['api'],
    projectIds: [project.id],
    role: 'developer',
  });
  store.addAccessToken({
    token: otherMaintainerToken,
    userId: users.otherMaintainer.id,
    scopes: ['api'],
    projectIds: [project.id],
    role: 'maintainer',
  });
  store.addAccessToken({
    token: outsiderToken,
    userId: users.outsider.id,
    scopes: ['api'],
    projectIds: [],
  });

  const trigger = store.addTriggerToken({
    projectId: project.id,
    ownerId: users.maintainer.id,
    description: 'GitHub Actions deploy',
    token: `glptt-${hex40('trigger')}`,
  });
  const otherTrigger = store.addTriggerToken({
    projectId: other.id,
    ownerId: users.maintainer.id,
    description: 'other project',
    token: `glptt-${hex40('other-trigger')}`,
  });
  const publicTrigger = store.addTriggerToken({
    projectId: open.id,
    ownerId: users.maintainer.id,
    description: 'public project',
    token: `glptt-${hex40('public-trigger')}`,
  });
  const expiredTrigger = store.addTriggerToken({
    projectId: project.id,
    ownerId: users.maintainer.id,
    description: 'expired',
    token: `glptt-${hex40('expired-trigger')}`,
    expiresAt: '2020-01-01T00:00:00Z',
  });

  // Jobs of the upstream project; its job-token allowlist entry on 42 and 45 lets them in.
  const jobToken = `glcbt-64_${chars20('job')}`;
  const expiredJobToken = `glcbt-64_${chars20('finished-job')}`;
  const outsideJobToken = `glcbt-64_${chars20('outside-job')}`;
  store.addJobToken(
    { token: jobToken, projectId: upstream.id, running: true, allowlist: [project.id, open.id] },
    users.maintainer.id,
  );
  store.addJobToken(
    { token: expiredJobToken, projectId: upstream.id, running: false, allowlist: [project.id] },
    users.maintainer.id,
  );
  store.addJobToken(
    { token: outsideJobToken, projectId: other.id, running: true },
    users.maintainer.id,
  );

  return {
    projectId: project.id,
    projectPath: project.path,
    previousProjectPath: 'acme/deploy',
    publicProjectId: open.id,
    publicProjectPath: open.path,
    upstreamProjectId: upstream.id,
    upstreamProjectPath: upstream.path,
    otherProjectId: other.id,
    otherProjectPath: other.path,
    refs: [...project.refs],
    tags: [...project.tags],
    tag: 'v1.0',
    defaultBranch: project.defaultBranch,
    triggerId: trigger.id,
    triggerToken: trigger.token,
    otherProjectTriggerToken: otherTrigger.token,
    publicTriggerToken: publicTrigger.token,
    expiredTriggerToken: expiredTrigger.token,
    apiToken,
    readApiToken,
    developerToken,
    otherMaintainerToken,
    outsiderToken,
    expiredApiToken,
    jobToken,
    expiredJobToken,
    outsideJobToken,
    user: {
      id: users.maintainer.id,
      username: users.maintainer.username,
      name: users.maintainer.name,
    },
    users: Object.fromEntries(
      Object.entries(users).map(([role, u]) => [
        role,
        { id: u.id, username: u.username, name: u.name },
      ]),
    ),
  };
}

/** @typedef {ReturnType<typeof seed>} Seed */
