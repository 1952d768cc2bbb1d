import type { RunSettingNames } from '../core/run-settings.js';
import { SETTING_DEFAULTS, type SettingKey } from '../core/setting-defaults.js';

/**
 * The action's input, output and state names, in one place: action.yml, the code, the
 * README and the tests all check against these (see __tests__/action-metadata.test.ts).
 */
export const Input = {
  GitLabUrl: 'gitlab_url',
  Project: 'project',
  Ref: 'ref',
  Token: 'token',
  Variables: 'variables',
  Inputs: 'inputs',
  Wait: 'wait',
  ApiToken: 'api_token',
  Timeout: 'timeout',
  CancelOnAbort: 'cancel_on_abort',
  PassStatuses: 'pass_statuses',
  OnManual: 'on_manual',
  MaxPollInterval: 'max_poll_interval',
  RequestTimeout: 'request_timeout',
  CaCert: 'ca_cert',
  TestReport: 'test_report',
  OutputsFrom: 'outputs_from',
  DownloadArtifacts: 'download_artifacts',
  ArtifactsPath: 'artifacts_path',
  ArtifactsMaxSize: 'artifacts_max_size',
  DownloadLogs: 'download_logs',
  StreamLogs: 'stream_logs',
  CommitStatus: 'commit_status',
  StatusContext: 'status_context',
  GitHubToken: 'github_token',
  OnRerun: 'on_rerun',
  GitHubContext: 'github_context',
  Push: 'push',
  PushToken: 'push_token',
  PushForks: 'push_forks',
  DeletePushedRef: 'delete_pushed_ref',
  Follow: 'follow',
  CancelFollowed: 'cancel_followed',
} as const;
export type InputName = (typeof Input)[keyof typeof Input];

/**
 * The core's setting each input holds (every setting of a run has one); the other inputs are
 * the GitHub side's own. The core's messages name each setting by its input.
 */
export const SETTING_INPUTS = {
  gitlabUrl: Input.GitLabUrl,
  project: Input.Project,
  ref: Input.Ref,
  token: Input.Token,
  variables: Input.Variables,
  inputs: Input.Inputs,
  requestTimeout: Input.RequestTimeout,
  caCert: Input.CaCert,
  wait: Input.Wait,
  apiToken: Input.ApiToken,
  timeout: Input.Timeout,
  cancelOnAbort: Input.CancelOnAbort,
  passStatuses: Input.PassStatuses,
  onManual: Input.OnManual,
  maxPollInterval: Input.MaxPollInterval,
  testReport: Input.TestReport,
  outputsFrom: Input.OutputsFrom,
  downloadArtifacts: Input.DownloadArtifacts,
  artifactsPath: Input.ArtifactsPath,
  artifactsMaxSize: Input.ArtifactsMaxSize,
  downloadLogs: Input.DownloadLogs,
  streamLogs: Input.StreamLogs,
  push: Input.Push,
  pushToken: Input.PushToken,
  deletePushedRef: Input.DeletePushedRef,
  follow: Input.Follow,
  cancelFollowed: Input.CancelFollowed,
} as const satisfies RunSettingNames;

type GitHubInput = Exclude<InputName, (typeof SETTING_INPUTS)[SettingKey]>;

/** The defaults of the GitHub side's own inputs; the others are the core's (SETTING_DEFAULTS). */
const GITHUB_DEFAULTS: Readonly<Record<GitHubInput, string>> = {
  commit_status: 'false',
  status_context: '',
  // `${{ github.token }}` in action.yml: only the runner can fill it in.
  github_token: '',
  on_rerun: 'new',
  github_context: 'false',
  push_forks: 'false',
};

/**
 * action.yml's defaults, applied when an input arrives empty: GitHub fills them in, but other
 * runners (GitHub's local-action, for one) pass an input left out as an empty value.
 */
export const INPUT_DEFAULTS = Object.fromEntries([
  ...Object.entries(GITHUB_DEFAULTS),
  ...(Object.keys(SETTING_INPUTS) as SettingKey[]).map((key) => [
    SETTING_INPUTS[key],
    SETTING_DEFAULTS[key],
  ]),
]) as Readonly<Record<InputName, string>>;

export const Output = {
  PipelineId: 'pipeline_id',
  PipelineIid: 'pipeline_iid',
  WebUrl: 'web_url',
  Status: 'status',
  Sha: 'sha',
  Ref: 'ref',
  CreatedAt: 'created_at',
  Pipeline: 'pipeline',
  FinishedAt: 'finished_at',
  Duration: 'duration',
  GitLabOutputs: 'gitlab_outputs',
  ArtifactsPath: 'artifacts_path',
} as const;
export type OutputName = (typeof Output)[keyof typeof Output];

/** What the main step leaves for the post step, which cancels a pipeline it did not see finish. */
export const State = {
  /** The pipeline the main step started and followed. */
  PipelineId: 'pipeline_id',
  WebUrl: 'web_url',
  /** Why the main step stopped following it (MainEnded); absent when the step was killed. */
  Ended: 'main_ended',
  /** `true` when nothing is left to cancel: GitLab confirmed the cancel, or none was wanted. */
  Done: 'pipeline_done',
  /** `true` once the main step gave the commit status its final state (or gave up on it). */
  StatusClosed: 'commit_status_closed',
} as const;

/**
 * Why the main step stopped following the pipeline. Only a stop (a cancelled run, a timeout)
 * whose cancel did not go through, or a main step that never said (it was killed), leaves
 * the post step something to cancel: a failure to read the pipeline is not a reason to.
 */
export const MainEnded = {
  Finished: 'finished',
  Stopped: 'stopped',
  Failed: 'failed',
} as const;
