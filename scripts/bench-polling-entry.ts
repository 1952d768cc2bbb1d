// What `npm run bench` needs of the core for its polling simulation. scripts/bench.mjs bundles
// this file with ncc into a temporary directory at bench time, since src/ (TypeScript with .js
// import specifiers) does not run under plain node.
export { waitForPipeline } from '../src/core/wait.js';
export { nextPollDelay, REFERENCE_POLL_MS } from '../src/core/poll-schedule.js';
export { WAIT_DEFAULTS, buildWaitSettings } from '../src/core/wait-settings.js';
