import type { CallAdvice } from '../core/api-messages.js';
import type { ApiToken } from '../core/gitlab-client.js';
import { JOB_TOKEN_PIPELINE_READS_SINCE } from '../core/gitlab-release.js';
import { parseGitLabUrl } from '../core/parse/gitlab-url.js';
import { parseProject } from '../core/parse/project.js';
import { parseToken } from '../core/parse/ref.js';
import type { Context } from './command.js';
import {
  Env,
  GITLAB_URL_SETTING,
  TRIGGER_TOKEN_SETTING,
  ownJobToken,
  resolveApiToken,
  resolveGitLabUrl,
  secret,
  type Sourced,
} from './env-config.js';
import type { ParsedArgs } from './parsed-args.js';

/**
 * The token that reads the pipeline while waiting, the header GitLab takes it in, and what a
 * refusal of it means. `settings.apiToken` holds it too only when it is an access token.
 */
export interface PipelineReader {
  readonly token: ApiToken;
  /** Where it came from, for messages: GITLAB_API_TOKEN, --api-token-file, CI_JOB_TOKEN. */
  readonly source: string;
  /** For the pipeline reads, when GitLab refuses this token: set only for a job token. */
  readonly advice?: CallAdvice;
  /** A CI job token may read a pipeline, where GitLab allows it, but never cancel it or play a job. */
  readonly canWrite: boolean;
}

/**
 * The access token given for the wait, from --api-token-file or GITLAB_API_TOKEN; undefined
 * when neither is: reading a pipeline needs no token on a public project.
 */
export function readApiToken(args: ParsedArgs, ctx: Context): Sourced | undefined {
  const { env, readFile } = ctx.io;
  const given = args.string('api-token-file') !== undefined || Boolean(env[Env.ApiToken]?.trim());
  if (!given) return undefined;
  const api = secret(resolveApiToken(args.string('api-token-file'), env, readFile), ctx.redactor);
  parseToken(api.value, api.source, 'an access token with read_api (api to cancel or play)');
  return api;
}

/**
 * Inside a GitLab CI job on the instance of the run, with no access token given: the job's
 * own token, which newer GitLab lets read the pipelines and jobs of a project whose job token
 * allowlist admits the job's project.
 */
export function jobTokenReader(args: ParsedArgs, ctx: Context): PipelineReader | undefined {
  const { env } = ctx.io;
  const url = resolveGitLabUrl(args.string('gitlab-url'), env);
  const instance = parseGitLabUrl(url.value, url.source, TRIGGER_TOKEN_SETTING);
  const job: Sourced | undefined = ownJobToken(env, instance);
  if (!job) return undefined;
  secret(job, ctx.redactor);
  const project = parseProject(args.string('project') ?? '', '--project', GITLAB_URL_SETTING);
  ctx.out.debug(
    `No ${Env.ApiToken}: reading the pipeline with ${Env.CiJobToken}, this job's own token.`,
  );
  return {
    token: { header: 'JOB-TOKEN', value: job.value },
    source: job.source,
    advice: jobTokenAdvice(project.display, env[Env.CiProjectPath]?.trim() || undefined),
    canWrite: false,
  };
}

/**
 * What a refusal of CI_JOB_TOKEN means. The wait's own message goes on to ask for
 * GITLAB_API_TOKEN, so this says only what the job token lacks, and the allowlist to change.
 */
export function jobTokenAdvice(target: string, own: string | undefined): CallAdvice {
  const ownProject = own ? `'${own}'` : "this job's project";
  const allowlist = `the CI/CD job token allowlist of '${target}'`;
  const change = `add ${ownProject} to it under Settings > CI/CD > Job token permissions of '${target}'`;
  return ({ status, gitlabMessage }) => {
    if (status === 404) {
      return `${Env.CiJobToken} may not see it: GitLab before ${JOB_TOKEN_PIPELINE_READS_SINCE} does not let job tokens read pipelines, or ${allowlist} does not admit ${ownProject} (${change})`;
    }
    if (status === 403 && /job token/i.test(gitlabMessage ?? '')) {
      return `${allowlist} does not admit ${ownProject}: ${change}`;
    }
    if (status === 401 || status === 403) {
      return `this GitLab does not let ${Env.CiJobToken} read pipelines (GitLab before ${JOB_TOKEN_PIPELINE_READS_SINCE} does not, and a finished job's token no longer works)`;
    }
    return undefined;
  };
}
