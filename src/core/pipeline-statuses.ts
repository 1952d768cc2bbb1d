/**
 * Pipeline statuses, from GitLab's Ci::HasStatus. A pipeline in a finished status never
 * changes again; `manual` waits for a person; `scheduled` and `canceling` move on by themselves.
 */
export const FINISHED_STATUSES = ['success', 'failed', 'canceled', 'skipped'] as const;
export type FinishedStatus = (typeof FINISHED_STATUSES)[number];

export function isFinished(status: string): status is FinishedStatus {
  return (FINISHED_STATUSES as readonly string[]).includes(status);
}

/** Job statuses that count as done for progress lines. */
export const DONE_JOB_STATUSES = ['success', 'failed', 'canceled', 'skipped'];

/** What a pipeline blocked on a manual job means for the step. */
export const MANUAL_MODES = ['fail', 'pass', 'wait', 'play'] as const;
export type ManualMode = (typeof MANUAL_MODES)[number];
