// @ts-check
// One emulated GitLab instance: its data, its clock and the address it answers on.
// The HTTP server, the routes and the public handle all share this object.

import { Clock } from './clock.js';
import { Store } from './store.js';
import { advanceAll } from './timeline.js';

export class Instance {
  /**
   * @param {{ speed?: number, basePath?: string, jobTokenJobsList?: boolean }} options
   */
  constructor(options) {
    this.clock = new Clock({ speed: options.speed ?? 1 });
    this.store = new Store(() => this.clock.now());
    /** relative URL root, e.g. '/gitlab' (no trailing slash), '' for none */
    this.basePath = normalizeBasePath(options.basePath ?? '');
    /** the instance root a user would type, set once the server listens */
    this.url = '';
    /**
     * Whether GET …/pipelines/:id/jobs accepts CI job tokens. GitLab master does (issue 506668,
     * `route_setting :authentication, job_token_allowed: true`); older releases did not.
     */
    this.jobTokenJobsList = options.jobTokenJobsList ?? false;
  }

  /** The emulated time, with every pipeline brought up to it. */
  now() {
    const now = this.clock.now();
    advanceAll(this.store, now);
    return now;
  }

  /** The scheme, host and port of `url`, for links built like GitLab's (configured host). */
  get origin() {
    return new URL(this.url).origin;
  }
}

/**
 * '/gitlab/' and 'gitlab' both become '/gitlab'; '/' becomes ''.
 * @param {string} basePath
 */
export function normalizeBasePath(basePath) {
  const trimmed = basePath.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}
