import { SETTING_DEFAULTS as D } from '../core/setting-defaults.js';

/**
 * Every option of the command line, in one table: the parser, the help and the tests read
 * it from here. A command names the options it takes in sections (see command.ts); adding a
 * group of options means adding rows here and one section to the command.
 */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** May be given more than once; the values are kept in order. */
  readonly multiple?: boolean;
  readonly short?: string;
  /** The value's placeholder in the help: `P`, `KEY=VALUE`, `FILE`. */
  readonly value?: string;
  /** One line for the help. */
  readonly help: string;
}

export const OPTIONS = {
  project: {
    type: 'string',
    short: 'p',
    value: 'P',
    help: 'The project: its numeric id or full path (group/subgroup/project).',
  },
  ref: {
    type: 'string',
    short: 'r',
    value: 'R',
    help: 'The branch or tag to run the pipeline on.',
  },
  var: {
    type: 'string',
    short: 'e',
    multiple: true,
    value: 'KEY=VALUE',
    help: 'A pipeline variable, sent exactly as written (everything after the first =). Repeatable.',
  },
  'variables-file': {
    type: 'string',
    value: 'FILE',
    help: 'Pipeline variables from a file: a YAML mapping, a JSON object or KEY=value lines. --var wins over it.',
  },
  input: {
    type: 'string',
    short: 'i',
    multiple: true,
    value: 'NAME[:TYPE]=VALUE',
    help: 'A pipeline input (spec:inputs), sent as text exactly as written (version=1.10 sends 1.10) unless typed: replicas:number=3, dry_run:boolean=false, targets:array=[a, b]. Repeatable.',
  },
  'inputs-file': {
    type: 'string',
    value: 'FILE',
    help: 'Pipeline inputs from a file: a YAML mapping or JSON object. --input wins over it.',
  },
  'gitlab-url': {
    type: 'string',
    value: 'URL',
    help: `The GitLab instance (its root, or its API URL ending in /api/v4). Default: GITLAB_URL, then ${D.gitlabUrl}.`,
  },
  'token-file': {
    type: 'string',
    value: 'FILE',
    help: 'Read the trigger token from FILE (- for stdin). Default: GITLAB_TRIGGER_TOKEN.',
  },
  'api-token-file': {
    type: 'string',
    value: 'FILE',
    help: 'Read the API token from FILE (- for stdin). Default: GITLAB_API_TOKEN. read_api is enough to wait; api to cancel, play manual jobs or manage trigger tokens.',
  },
  'ca-cert': {
    type: 'string',
    value: 'FILE',
    help: 'Trust the CA certificates in this PEM file too, for an instance whose certificate a private CA signed.',
  },
  'request-timeout': {
    type: 'string',
    value: 'DURATION',
    help: `How long to wait for GitLab's answer to one request: 30s, 2m. Default: ${D.requestTimeout}.`,
  },
  wait: {
    type: 'boolean',
    short: 'w',
    help: 'Wait for the pipeline to finish; exit 0 when it passes, 1 when it does not.',
  },
  timeout: {
    type: 'string',
    short: 't',
    value: 'DURATION',
    help: `How long to wait at most: 90s, 30m, 2h, 1h30m or plain seconds. Default: ${D.timeout}.`,
  },
  'cancel-on-abort': {
    type: 'string',
    value: 'BOOL',
    help: `Cancel the pipeline when the wait times out or is interrupted (Ctrl-C, SIGTERM). Default: ${D.cancelOnAbort}.`,
  },
  'pass-statuses': {
    type: 'string',
    value: 'LIST',
    help: `Final statuses that pass, comma-separated: success, failed, canceled, skipped. Default: ${D.passStatuses}.`,
  },
  'on-manual': {
    type: 'string',
    value: 'MODE',
    help: `A pipeline blocked on a manual job: fail (naming the job), pass, wait, or play it. Default: ${D.onManual}.`,
  },
  'max-poll-interval': {
    type: 'string',
    value: 'DURATION',
    help: `The longest pause between two status requests. Default: ${D.maxPollInterval}.`,
  },
  'test-report': {
    type: 'string',
    value: 'BOOL',
    help: `Read the pipeline's test report when it finishes and print one line of totals. Default: ${D.testReport}.`,
  },
  'outputs-from': {
    type: 'string',
    multiple: true,
    value: 'JOB:PATH',
    help: 'A dotenv file (KEY=value lines) in the artifacts of JOB (or of a downstream job); its keys are printed, and shown under outputs with --json. Repeatable.',
  },
  'download-artifacts': {
    type: 'string',
    multiple: true,
    value: 'GLOB',
    help: 'Unpack the artifacts of the jobs whose names match (* and ?) into --artifacts-path, one folder per job. Repeatable.',
  },
  'artifacts-path': {
    type: 'string',
    value: 'DIR',
    help: `Where artifacts and logs are written. Default: ${D.artifactsPath}.`,
  },
  'artifacts-max-size': {
    type: 'string',
    value: 'SIZE',
    help: `The most an artifacts archive (downloaded and unpacked) or a log may take: 500MiB, 2GiB. Default: ${D.artifactsMaxSize}.`,
  },
  'download-logs': {
    type: 'boolean',
    help: "Write each job's full log beside its artifacts (of every job without --download-artifacts).",
  },
  'stream-logs': {
    type: 'string',
    multiple: true,
    value: 'NAME',
    help: "Follow this job's log live on stderr while it runs: * for every job, 'trigger › job' for a downstream one. Repeatable.",
  },
  push: {
    type: 'boolean',
    help: "Push the current directory's HEAD to --ref's branch first (token in GITLAB_PUSH_TOKEN), then trigger on it.",
  },
  'delete-pushed-ref': {
    type: 'boolean',
    help: 'With --push and --wait: delete the pushed branch once the pipeline has finished.',
  },
  description: { type: 'string', value: 'TEXT', help: "The token's description." },
  'expires-at': {
    type: 'string',
    value: 'DATE',
    help: 'When the token stops working: a date (2027-01-31) or an ISO 8601 time. GitLab before 17.0 keeps no expiry: a warning then says the token never expires.',
  },
  'show-tokens': {
    type: 'boolean',
    help: 'Print whole the tokens you own (hidden by default, as logs are read by many).',
  },
  json: { type: 'boolean', help: 'Print the result as JSON on stdout, and nothing else there.' },
  verbose: { type: 'boolean', help: 'Print each request to stderr (tokens never appear).' },
  help: { type: 'boolean', short: 'h', help: 'Show this help.' },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

/** Options given by name in the table's order, for a command's help section. */
export interface OptionSection {
  readonly title: string;
  readonly options: readonly OptionName[];
}

/** `--project P`, `--json`: how an option is written in usage lines and messages. */
export function optionUsage(name: OptionName): string {
  const spec: OptionSpec = OPTIONS[name];
  return spec.value ? `--${name} ${spec.value}` : `--${name}`;
}
