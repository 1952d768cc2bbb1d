// What `npm run bench` needs of the core for its polling simulation. scripts/bench.mjs bundles
// this file with ncc into a temporary directory at bench time, since src/ (TypeScript with .js
// import specifiers) does not run under plain node.
export { runPipeline } from '../src/core/run-pipeline.js';
export { standardWatchers } from '../src/core/follow/watchers/standard.js';
export { Redactor } from '../src/core/redact.js';
export { nextPollDelay, REFERENCE_POLL_MS } from '../src/core/poll-schedule.js';
export { WAIT_DEFAULTS, buildWaitSettings } from '../src/core/wait-settings.js';
