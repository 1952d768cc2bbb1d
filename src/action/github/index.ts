/**
 * The GitHub side of the action (the run's context, commit statuses, re-runs), in one module
 * that the main and post steps import only when one of its features is on. The bundle makes it
 * one chunk, so the modules these share (the statuses client, the run marks) are held once;
 * octokit stays a chunk of its own, loaded only when GitHub is called.
 */
export { readGitHubRun } from './event.js';
export { describeMerge, withGitHubContext } from './context-variables.js';
export { commitStatusWatcher, defaultStatusContext } from './commit-status-watcher.js';
export { decideRerun, markedLink } from './rerun.js';
export { fitDescription, githubStatuses } from './commit-statuses.js';
