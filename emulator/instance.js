// @ts-check
// One emulated GitLab instance: its data, its clock and the address it answers on.
// The HTTP server, the routes and the public handle all share this object.

import { Clock } from './clock.js';
import { DEFAULT_VERSION, releaseAtLeast, releaseOf } from './releases.js';
import { Store } from './store.js';
import { advanceAll } from './timeline.js';

export { DEFAULT_VERSION };

export class Instance {
  /**
   * @param {{ speed?: number, basePath?: string, version?: string,
   *   cancelBehaviour?: import('./types.js').CancelBehaviour, traceRange?: boolean,
   *   jobTokenReadPipelines?: false }} options
   */
  constructor(options) {
    this.clock = new Clock({ speed: options.speed ?? 1 });
    this.store = new Store(() => this.clock.now());
    /** relative URL root, e.g. '/gitlab' (no trailing slash), '' for none */
    this.basePath = normalizeBasePath(options.basePath ?? '');
    /** the instance root a user would type, set once the server listens */
    this.url = '';
    /** the GitLab release answered as, e.g. '18.2.1-ee' */
    this.version = options.version ?? DEFAULT_VERSION;
    /** everything that depends on that release, from the one table in releases.js */
    this.release = releaseOf(this.version);
    /** @type {import('./types.js').CancelBehaviour} */
    this.cancelBehaviour = options.cancelBehaviour ?? 'legacy-200';
    /** a proxy in front of GitLab that honours Range on job logs */
    this.traceRange = options.traceRange ?? false;
    /**
     * false: fine-grained job token permissions that grant neither "Pipelines: Read" nor
     * "Jobs: Read" (17.10 on), so job tokens are refused even where the release reads them.
     * They can only narrow what the release allows, never widen it.
     */
    this.jobTokenReadPipelines = options.jobTokenReadPipelines;
    /**
     * Object storage for artifacts archives with direct download (proxy_download: false), set
     * by startEmulator({ objectStorage: true }); null: archives are served by GitLab itself.
     * @type {import('./object-storage.js').ObjectStorage | null}
     */
    this.objectStorage = null;
  }

  /**
   * Whether the emulated release is at least `wanted` ('19.2').
   * @param {string} wanted
   */
  atLeast(wanted) {
    return releaseAtLeast(this.version, wanted);
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
