import type { Watcher } from '../watcher.js';
import { finalReport } from './final-report.js';
import { manualJobPolicy } from './manual-jobs.js';
import { progressLine } from './progress-line.js';

/** The watchers every wait has, in order: each run gets fresh ones, as they keep state. */
export function standardWatchers(): Watcher[] {
  return [progressLine(), manualJobPolicy(), finalReport()];
}
