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
} as const;
export type InputName = (typeof Input)[keyof typeof Input];

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
} as const;
export type OutputName = (typeof Output)[keyof typeof Output];

/** What the main step leaves for the post step, which cancels a pipeline it did not see finish. */
export const State = {
  IsPost: 'is_post',
  PipelineId: 'pipeline_id',
  WebUrl: 'web_url',
  Done: 'pipeline_done',
} as const;
