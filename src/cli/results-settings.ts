import { resolve } from 'node:path';
import type { ResultOptions } from '../core/follow/watchers/result-watchers.js';
import {
  DEFAULT_ARTIFACTS_PATH,
  parseArtifactGlobs,
  parseSize,
} from '../core/parse/artifact-globs.js';
import { parseBoolean } from '../core/parse/choices.js';
import { parseOutputsFrom } from '../core/parse/outputs-from.js';
import type { Context } from './command.js';
import { Env } from './env-config.js';
import type { ParsedArgs } from './parsed-args.js';

/** The options that bring results home, read as the action reads its inputs. */
export const RESULT_OPTIONS = [
  'test-report',
  'outputs-from',
  'download-artifacts',
  'artifacts-path',
  'artifacts-max-size',
  'download-logs',
] as const;

/**
 * None: the keys read from GitLab sit in the JSON under `outputs`, where no name of the
 * command line's own can clash with them (only `gitlab_outputs` is kept for the watcher's own).
 */
const RESERVED: readonly string[] = [];

/** The results to bring home once the pipeline finishes (run only with --wait). */
export function readResultOptions(args: ParsedArgs): Omit<ResultOptions, 'maxAnnotations'> {
  const wait = { wait: args.flag('wait'), input: '--wait' };
  return {
    testReport: parseBoolean(args.string('test-report') ?? 'true', '--test-report'),
    outputsFrom: parseOutputsFrom(args.strings('outputs-from').join('\n'), '--outputs-from', wait),
    reservedOutputs: RESERVED,
    artifactGlobs: parseArtifactGlobs(
      args.strings('download-artifacts').join('\n'),
      '--download-artifacts',
    ),
    downloadLogs: args.flag('download-logs'),
    artifactsPath: resolve(args.string('artifacts-path') ?? DEFAULT_ARTIFACTS_PATH),
    artifactsMaxBytes: parseSize(
      args.string('artifacts-max-size') ?? '1GiB',
      '--artifacts-max-size',
    ),
    names: {
      outputsFrom: '--outputs-from',
      downloadArtifacts: '--download-artifacts',
      artifactsMaxSize: '--artifacts-max-size',
      artifactsPath: '--artifacts-path',
    },
  };
}

type Results = Omit<ResultOptions, 'maxAnnotations'>;

/**
 * The results read with CI_JOB_TOKEN: no GitLab release lets a job token read test reports or
 * job logs (neither route is job_token_allowed; see emulator/releases.js), so they are left
 * out before any refused request, saying why and what to give instead: a line when the test
 * report was only on by default, a warning when it or the logs were asked for.
 */
export function withinJobToken(results: Results, args: ParsedArgs, ctx: Context): Results {
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
