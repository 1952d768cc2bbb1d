/**
 * Every result watcher and the API they read through, and the live logs (which share the
 * downstream walk), in one module that result-watchers.ts
 * imports when a wait fetches results. The bundle makes it one chunk: the modules the
 * watchers share (the downstream walk, the job finder, the result types) are held once, where
 * a chunk for each watcher would hold a copy of them in each.
 */
export { PipelineResultsApi } from '../../pipeline-results-api.js';
export { downstreamPipelines } from './downstream.js';
export { testReport } from './test-report.js';
export { outputsFrom } from './outputs-from.js';
export { downloadArtifacts } from './artifacts.js';
export { liveLogs } from './live-logs.js';
export { GitLabLiveLogApi } from '../../live-log-api.js';
