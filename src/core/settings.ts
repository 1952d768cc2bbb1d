/** A pipeline input value as GitLab's `spec:inputs` accept it: typed, not a string. */
export type PipelineInputValue =
  string | number | boolean | PipelineInputValue[] | { [key: string]: PipelineInputValue };

/** Where a project lives, in the two forms the tool needs. */
export interface ProjectRef {
  /** As the user wrote it, decoded: `42` or `group/subgroup/project`. Used in messages. */
  readonly display: string;
  /** As one URL path segment, encoded exactly once: `42` or `group%2Fsubgroup%2Fproject`. */
  readonly encoded: string;
}

/** The GitLab instance, in the forms derived from what the user typed. */
export interface GitLabInstance {
  /** Root of the instance, no trailing slash: `https://gitlab.com` or `https://host/gitlab`. */
  readonly url: string;
  /** Base of the REST API: `{url}/api/v4`. */
  readonly apiUrl: string;
}

/** How to talk to the instance. */
export interface ConnectionSettings {
  /** How long to wait for GitLab's whole answer to one request, in ms. */
  readonly requestTimeoutMs: number;
  /** PEM certificates of a private CA to trust besides Node's own list. */
  readonly caCerts: readonly string[];
}

/** Everything needed to trigger one pipeline. Built and validated before any request. */
export interface TriggerSettings {
  readonly gitlab: GitLabInstance;
  readonly connection: ConnectionSettings;
  readonly project: ProjectRef;
  /** Branch or tag to run the pipeline on. */
  readonly ref: string;
  /** Trigger token (`glptt-…`) or CI job token. Secret. */
  readonly token: string;
  /** Pipeline variables, each value exactly as the user wrote it. */
  readonly variables: Readonly<Record<string, string>>;
  /** Pipeline inputs (`spec:inputs`), typed. */
  readonly inputs: Readonly<Record<string, PipelineInputValue>>;
}
