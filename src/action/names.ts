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
} as const;
export type OutputName = (typeof Output)[keyof typeof Output];
