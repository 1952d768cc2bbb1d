// @ts-check
// How GitLab composes a pipeline's status from its jobs (lib/gitlab/ci/status/composite.rb)
// and how it describes a status to people (lib/gitlab/ci/status/*.rb, DetailedStatusEntity).

import { createHash } from 'node:crypto';

/** @typedef {import('./types.js').Status} Status */

/** Ci::HasStatus::COMPLETED_STATUSES */
export const COMPLETED_STATUSES = new Set(['success', 'failed', 'canceled', 'skipped']);
/** Ci::HasStatus::CANCELABLE_STATUSES: alive statuses plus scheduled, without canceling. */
export const CANCELABLE_STATUSES = new Set([
  'created',
  'waiting_for_resource',
  'preparing',
  'waiting_for_callback',
  'pending',
  'running',
  'scheduled',
]);
/** CommitStatus::AVAILABLE_STATUSES, the values `scope[]` accepts. */
export const AVAILABLE_STATUSES = [
  'created',
  'waiting_for_resource',
  'preparing',
  'waiting_for_callback',
  'pending',
  'running',
  'success',
  'failed',
  'canceling',
  'canceled',
  'skipped',
  'manual',
  'scheduled',
];

/**
 * Gitlab::Ci::Status::Composite#status, with allow_failure taken into account: a failed or
 * canceled job that may fail counts as "success with warnings", a manual one that may fail is
 * ignored.
 * @param {{ status: Status, allowFailure: boolean }[]} jobs
 * @returns {{ status: Status | null, warnings: boolean }}
 */
export function compositeStatus(jobs) {
  /** @type {Set<string>} */
  const set = new Set();
  for (const job of jobs) set.add(compositeKey(job));
  return compositeOfKeys(set);
}

/**
 * The name a job counts under in the composite: its status, or success_with_warnings for a
 * failed/canceled job that may fail, or ignored for a manual job that may fail.
 * @param {{ status: Status, allowFailure: boolean }} job
 */
export function compositeKey(job) {
  if (job.allowFailure && (job.status === 'failed' || job.status === 'canceled')) {
    return 'success_with_warnings';
  }
  if (job.allowFailure && job.status === 'manual') return 'ignored';
  return job.status;
}

/**
 * The composite of a set of keys (compositeKey), so that callers can grow one set stage by
 * stage instead of re-reading every job.
 * @param {Set<string>} set
 * @returns {{ status: Status | null, warnings: boolean }}
 */
export function compositeOfKeys(set) {
  /** @param {...string} names */
  const onlyOf = (...names) => {
    const matching = names.filter((n) => set.has(n)).length;
    return matching > 0 && matching === set.size;
  };
  /** @param {...string} names */
  const anyOf = (...names) => names.some((n) => set.has(n));
  const warnings = set.has('success_with_warnings');
  if (set.size === 0) return { status: null, warnings };
  /** @type {Status} */
  let status;
  if (onlyOf('skipped', 'ignored')) status = 'skipped';
  else if (onlyOf('success', 'skipped', 'success_with_warnings', 'ignored')) status = 'success';
  else if (onlyOf('created', 'success_with_warnings', 'ignored')) status = 'created';
  else if (onlyOf('preparing', 'success_with_warnings', 'ignored')) status = 'preparing';
  else if (onlyOf('canceled', 'success', 'skipped', 'success_with_warnings', 'ignored'))
    status = 'canceled';
  else if (onlyOf('pending', 'created', 'skipped', 'success_with_warnings', 'ignored'))
    status = 'pending';
  else if (anyOf('running', 'pending')) status = 'running';
  else if (anyOf('waiting_for_resource')) status = 'waiting_for_resource';
  else if (anyOf('waiting_for_callback')) status = 'waiting_for_callback';
  else if (anyOf('manual')) status = 'manual';
  else if (anyOf('scheduled')) status = 'scheduled';
  else if (anyOf('preparing')) status = 'preparing';
  else if (anyOf('created')) status = 'running';
  else if (anyOf('canceling')) status = 'canceling';
  else status = 'failed';
  return { status, warnings };
}

/**
 * The core status classes: text (CiStatusText), label (CiStatusLabel), icon, favicon, group.
 * @type {Record<string, { text: string, label: string, icon: string, favicon: string, group: string }>}
 */
const CORE = {
  created: {
    text: 'Created',
    label: 'created',
    icon: 'status_created',
    favicon: 'favicon_status_created',
    group: 'created',
  },
  waiting_for_resource: {
    text: 'waiting',
    label: 'waiting for resource',
    icon: 'status_pending',
    favicon: 'favicon_status_pending',
    group: 'waiting-for-resource',
  },
  preparing: {
    text: 'Preparing',
    label: 'preparing',
    icon: 'status_preparing',
    favicon: 'favicon_status_preparing',
    group: 'preparing',
  },
  waiting_for_callback: {
    text: 'Waiting',
    label: 'waiting for callback',
    icon: 'status_pending',
    favicon: 'favicon_status_pending',
    group: 'waiting-for-callback',
  },
  pending: {
    text: 'Pending',
    label: 'pending',
    icon: 'status_pending',
    favicon: 'favicon_status_pending',
    group: 'pending',
  },
  running: {
    text: 'Running',
    label: 'running',
    icon: 'status_running',
    favicon: 'favicon_status_running',
    group: 'running',
  },
  success: {
    text: 'Passed',
    label: 'passed',
    icon: 'status_success',
    favicon: 'favicon_status_success',
    group: 'success',
  },
  failed: {
    text: 'Failed',
    label: 'failed',
    icon: 'status_failed',
    favicon: 'favicon_status_failed',
    group: 'failed',
  },
  canceling: {
    text: 'Canceling',
    label: 'canceling',
    icon: 'status_canceled',
    favicon: 'favicon_status_canceled',
    group: 'canceling',
  },
  canceled: {
    text: 'Canceled',
    label: 'canceled',
    icon: 'status_canceled',
    favicon: 'favicon_status_canceled',
    group: 'canceled',
  },
  skipped: {
    text: 'Skipped',
    label: 'skipped',
    icon: 'status_skipped',
    favicon: 'favicon_status_skipped',
    group: 'skipped',
  },
  manual: {
    text: 'Manual',
    label: 'manual action',
    icon: 'status_manual',
    favicon: 'favicon_status_manual',
    group: 'manual',
  },
  scheduled: {
    text: 'Scheduled',
    label: 'scheduled',
    icon: 'status_scheduled',
    favicon: 'favicon_status_scheduled',
    group: 'scheduled',
  },
};

/** Asset digests seen in GitLab's documented answers; the others are made up in the same shape. */
const KNOWN_DIGESTS = /** @type {Record<string, string>} */ ({
  favicon_status_created: '4b975aa976d24e5a3ea7cd9a5713e6ce2cd9afd08b910415e96675de35f64955',
  favicon_status_success: '8451333011eee8ce9f2ab25dc487fe24a8758c694827a582f17f42b0a90446a2',
});

/** @param {string} favicon */
function faviconPath(favicon) {
  const digest = KNOWN_DIGESTS[favicon] ?? createHash('sha256').update(favicon).digest('hex');
  return `/assets/ci_favicons/${favicon}-${digest}.png`;
}

/**
 * The pipeline's detailed_status, as Gitlab::Ci::Status::Pipeline::Factory builds it: the core
 * status, extended by SuccessWarning, Pipeline::Delayed or Pipeline::Blocked.
 * @param {object} options
 * @param {Status} options.status
 * @param {boolean} options.warnings
 * @param {boolean} options.hasDetails can the current user read the pipeline
 * @param {string} options.detailsPath
 * @param {string} options.basePath relative URL root, prefixed to asset paths
 */
export function detailedPipelineStatus({ status, warnings, hasDetails, detailsPath, basePath }) {
  const core = CORE[status] ?? CORE.created;
  if (!core) throw new Error(`unknown status ${status}`);
  let { text, label, icon, group } = core;
  if (status === 'success' && warnings) {
    text = 'Warning';
    label = 'passed with warnings';
    icon = 'status_warning';
    group = 'success-with-warnings';
  } else if (status === 'scheduled') {
    text = 'Delayed';
    label = 'waiting for delayed job';
  } else if (status === 'manual') {
    text = 'Blocked';
    label = 'waiting for manual action';
  }
  return {
    icon,
    text,
    label,
    group,
    tooltip: label,
    has_details: hasDetails,
    details_path: detailsPath,
    illustration: null,
    favicon: `${basePath}${faviconPath(core.favicon)}`,
  };
}
