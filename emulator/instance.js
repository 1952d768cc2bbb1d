// @ts-check
// One emulated GitLab instance: its data, its clock and the address it answers on.
// The HTTP server, the routes and the public handle all share this object.

import { Clock } from './clock.js';
import { Store } from './store.js';
import { advanceAll } from './timeline.js';

/** The GitLab release the emulator answers as unless told otherwise. */
export const DEFAULT_VERSION = '18.2.1-ee';

export class Instance {
  /**
   * @param {{ speed?: number, basePath?: string, jobTokenJobsList?: boolean, version?: string,
   *   cancelBehaviour?: import('./types.js').CancelBehaviour, traceRange?: boolean,
   *   jobTokenReadPipelines?: boolean }} options
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
    /** the GitLab release answered as, e.g. '18.2.1-ee' */
    this.version = options.version ?? DEFAULT_VERSION;
    /** @type {import('./types.js').CancelBehaviour} */
    this.cancelBehaviour = options.cancelBehaviour ?? 'legacy-200';
    /** a proxy in front of GitLab that honours Range on job logs */
    this.traceRange = options.traceRange ?? false;
    /** undefined: per-route defaults; true/false: fine-grained job token permissions on/off */
    this.jobTokenReadPipelines = options.jobTokenReadPipelines;
  }

  /**
   * Whether the emulated release is at least `wanted` ('19.2').
   * @param {string} wanted
   */
  atLeast(wanted) {
    const [major = 0, minor = 0] = this.version.split(/[.-]/).map(Number);
    const [wantMajor = 0, wantMinor = 0] = wanted.split('.').map(Number);
    return major > wantMajor || (major === wantMajor && minor >= wantMinor);
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
