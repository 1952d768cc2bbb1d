import { resolve } from 'node:path';
import type { ResultOptions } from '../core/follow/watchers/result-watchers.js';
import {
  DEFAULT_ARTIFACTS_PATH,
  parseArtifactGlobs,
  parseSize,
} from '../core/parse/artifact-globs.js';
import { parseBoolean } from '../core/parse/choices.js';
import { parseOutputsFrom } from '../core/parse/outputs-from.js';
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
