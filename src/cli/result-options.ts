import type { ResultHost, ResultSettings } from '../core/follow/watchers/result-watchers.js';
import type { Context } from './command.js';
import { Env } from './env-config.js';
import type { ParsedArgs } from './parsed-args.js';

/** The options that fetch results, read as the action reads its inputs. */
export const RESULT_OPTIONS = [
  'test-report',
  'outputs-from',
  'download-artifacts',
  'artifacts-path',
  'artifacts-max-size',
  'download-logs',
] as const;

/**
 * How the command line fetches results: its names, and no reserved output (the keys read
 * from GitLab sit in the JSON under `outputs`, where no name of its own can clash with them).
 */
export const CLI_RESULT_HOST: Omit<ResultHost, 'maxAnnotations'> = {
  reservedOutputs: [],
  names: {
    outputsFrom: '--outputs-from',
    downloadArtifacts: '--download-artifacts',
    artifactsMaxSize: '--artifacts-max-size',
    artifactsPath: '--artifacts-path',
  },
};

/**
 * The results read with CI_JOB_TOKEN: no GitLab release lets a job token read test reports or
 * job logs (neither route is job_token_allowed; see emulator/releases.js), so they are left
 * out before any refused request, saying why and what to give instead: a line when the test
 * report was only on by default, a warning when it or the logs were asked for.
 */
export function withinJobToken(
  results: ResultSettings,
  args: ParsedArgs,
  ctx: Context,
): ResultSettings {
  const instead = `give ${Env.ApiToken} a token with read_api to get`;
  let kept = results;
  if (results.testReport) {
    const line = `The test report is not read: GitLab lets no ${Env.CiJobToken} read test reports; ${instead} it.`;
    if (args.string('test-report') === undefined) ctx.out.status(line);
    else ctx.out.warning(line);
    kept = { ...kept, testReport: false };
  }
  if (results.downloadLogs) {
    ctx.out.warning(
      `--download-logs is left out: GitLab lets no ${Env.CiJobToken} read job logs; ${instead} them.`,
    );
    kept = { ...kept, downloadLogs: false };
  }
  return kept;
}
