/**
 * Every setting of a run the core reads, by the core's own key, with the text it takes when
 * the host has none. One table for both hosts: action.yml declares these same defaults
 * (__tests__/action-metadata.test.ts compares them) and the command line falls back to them.
 */
export const SETTING_DEFAULTS = {
  gitlabUrl: 'https://gitlab.com',
  project: '',
  ref: '',
  token: '',
  variables: '',
  inputs: '',
  requestTimeout: '30s',
  caCert: '',
  wait: 'false',
  apiToken: '',
  timeout: '1h',
  cancelOnAbort: 'true',
  passStatuses: 'success',
  onManual: 'fail',
  maxPollInterval: '60s',
  testReport: 'true',
  outputsFrom: '',
  downloadArtifacts: '',
  artifactsPath: 'gitlab-artifacts',
  artifactsMaxSize: '1GiB',
  downloadLogs: 'false',
  streamLogs: '',
  push: 'false',
  pushToken: '',
  deletePushedRef: 'false',
  follow: '',
  cancelFollowed: 'false',
} as const;

/** The core's name for one setting of a run: `gitlabUrl`, `onManual`. */
export type SettingKey = keyof typeof SETTING_DEFAULTS;
