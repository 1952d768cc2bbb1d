// What `npm run bench` needs of the core, bundled with ncc at bench time (src/ does not run under
// plain node): the polling simulation's exports, and the real client and API for counting the
// requests of a long pipeline against the emulator on its own clock.
export {
  REFERENCE_POLL_MS,
  Redactor,
  WAIT_DEFAULTS,
  buildWaitSettings,
  nextPollDelay,
  runPipeline,
  standardWatchers,
} from './bench-polling-entry.js';
export { GitLabClient } from '../src/core/gitlab-client.js';
export { createHttpSend } from '../src/core/http-transport.js';
export { PipelinesApi } from '../src/core/pipelines-api.js';
export { liveLogs } from '../src/core/follow/watchers/live-logs.js';
export { GitLabLiveLogApi } from '../src/core/live-log-api.js';
export { LOG_BUDGET_BYTES_PER_MINUTE } from '../src/core/follow/watchers/live-log-budget.js';
export { pushCommit } from '../src/core/push/push-commit.js';
export { systemGit } from '../src/core/push/git.js';
