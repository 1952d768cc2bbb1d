import { parseFollowTarget, type FollowTarget } from './parse/follow-target.js';
import { parseGitLabUrl } from './parse/gitlab-url.js';
import { parseProject } from './parse/project.js';
import { parseRef } from './parse/ref.js';
import type { TriggerSettings } from './settings.js';
import { buildConnection, type RawTriggerSettings, type SettingNames } from './trigger-settings.js';

/** The settings of a run that follows a pipeline it did not start: where, and what. */
export interface FollowRun {
  /** The instance, project and connection; no trigger token (`token` is empty), `ref` optional. */
  readonly settings: TriggerSettings;
  readonly target: FollowTarget;
}

/**
 * Validates what following needs, before any request: the instance, the project, the
 * connection, the optional ref (a commit's pipelines on that ref only) and the target.
 */
export function buildFollowRun(
  raw: Omit<RawTriggerSettings, 'token' | 'variables' | 'inputs'> & { readonly follow: string },
  names: Omit<SettingNames, 'token' | 'variables' | 'inputs'> & {
    readonly follow: string;
    readonly token: string;
  },
): FollowRun {
  const gitlab = parseGitLabUrl(raw.gitlabUrl, names.gitlabUrl, names.token);
  const project = parseProject(raw.project, names.project, names.gitlabUrl);
  const settings: TriggerSettings = {
    gitlab,
    project,
    ref: raw.ref.trim() === '' ? '' : parseRef(raw.ref, names.ref),
    token: '',
    variables: {},
    inputs: {},
    connection: buildConnection(raw, names),
  };
  return { settings, target: parseFollowTarget(raw.follow, names.follow, gitlab, project) };
}
