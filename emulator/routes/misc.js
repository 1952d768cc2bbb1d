// @ts-check
// A few read endpoints a client uses to check its token and address: GET /user
// (lib/api/users.rb), GET /version (lib/api/metadata.rb) and GET /projects/:id (lib/api/projects.rb).

import { createHash } from 'node:crypto';
import { authenticate, userProject } from '../auth.js';
import { projectEntity, userBasic } from '../entities.js';
import { json } from '../http-helpers.js';
import { iso } from '../clock.js';
import { DEFAULT_VERSION } from '../instance.js';

/** @typedef {import('../router.js').Ctx} Ctx */
/** @typedef {import('../router.js').RouteDef} RouteDef */

/** The GitLab release the emulator answers as by default. */
export const VERSION = DEFAULT_VERSION;

/** @param {Ctx} ctx */
function currentUser(ctx) {
  const { user } = authenticate(ctx);
  return json(200, {
    ...userBasic(ctx.instance, user),
    created_at: iso(user.createdAt),
    bio: '',
    public_email: null,
    email: user.email,
    bot: false,
  });
}

/** @param {Ctx} ctx */
function version(ctx) {
  authenticate(ctx);
  return json(200, {
    version: ctx.instance.version,
    // The default release's revision; another release gets one derived from its name.
    revision:
      ctx.instance.version === DEFAULT_VERSION
        ? 'e1ba6bd3f1e'
        : createHash('sha1').update(ctx.instance.version).digest('hex').slice(0, 11),
    kas: { enabled: false, externalUrl: null, externalK8sProxyUrl: null, version: null },
    enterprise: true,
  });
}

/** @param {Ctx} ctx */
function project(ctx) {
  return json(200, projectEntity(ctx.instance, userProject(ctx)));
}

/** @type {RouteDef[]} */
export const routes = [
  { method: 'GET', pattern: /^\/user$/, handler: currentUser },
  { method: 'GET', pattern: /^\/version$/, handler: version },
  { method: 'GET', pattern: /^\/metadata$/, handler: version },
  { method: 'GET', pattern: /^\/projects\/(?<id>[^/]+)$/, handler: project },
];
