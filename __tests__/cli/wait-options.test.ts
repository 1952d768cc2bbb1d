import { describe, expect, it } from '@jest/globals';
import { systemClock } from '../../src/core/clock.js';
import { Redactor } from '../../src/core/redact.js';
import type { Context } from '../../src/cli/command.js';
import { Output } from '../../src/cli/output.js';
import { parseCommandLine } from '../../src/cli/parse-args.js';
import { runCommand } from '../../src/cli/commands/run.js';
import { readRunOptions } from '../../src/cli/run-options.js';
import { jobTokenAdvice } from '../../src/cli/pipeline-reader.js';

// Which token `run --wait` reads the pipeline with, and in which header.

const JOB_TOKEN = 'glcbt-64_jobtokenjobtokenjob';
const CI = {
  GITLAB_CI: 'true',
  CI_API_V4_URL: 'https://gitlab.example.com/api/v4',
  CI_JOB_TOKEN: JOB_TOKEN,
  CI_PROJECT_PATH: 'acme/app',
};

const TRIGGER = { GITLAB_TRIGGER_TOKEN: 'glptt-0123456789abcdef0123456789abcdef01234567' };

function read(args: string[], given: Record<string, string>) {
  const env = { ...TRIGGER, ...given };
  const io = {
    env,
    stderrIsTTY: false,
    writeOut: () => undefined,
    writeErr: () => undefined,
    readFile: () => 'glpat-fromafilefromafile',
  };
  const redactor = new Redactor();
  const ctx: Context = { io, out: new Output(io, redactor), redactor, clock: systemClock };
  const parsed = parseCommandLine(runCommand, [
    '--project',
    'acme/deploy',
    '--ref',
    'main',
    '--wait',
    ...args,
  ]);
  const waiting = readRunOptions(parsed, ctx).waiting;
  if (!waiting) throw new Error('run --wait reads its waiting settings');
  return { ...waiting, redactor };
}

describe('the waiting settings of run --wait', () => {
  it('refuses --on-manual play with no token that may play, as the action does', () => {
    expect(() => read(['--on-manual', 'play'], {})).toThrow(
      '--on-manual is play, which runs manual jobs, and GitLab lets only a token with the api scope do that',
    );
    expect(
      read(['--on-manual', 'play'], { GITLAB_API_TOKEN: 'glpat-apiapiapiapiapi' }).settings,
    ).toMatchObject({ onManual: 'play' });
  });

  it('reads with GITLAB_API_TOKEN in PRIVATE-TOKEN when it is given, even in GitLab CI', () => {
    const { reader, settings } = read([], { ...CI, GITLAB_API_TOKEN: 'glpat-apiapiapiapiapi' });
    expect(reader).toEqual({
      token: { header: 'PRIVATE-TOKEN', value: 'glpat-apiapiapiapiapi' },
      source: 'GITLAB_API_TOKEN',
      canWrite: true,
    });
    expect(settings.apiToken).toBe('glpat-apiapiapiapiapi');
  });

  it("reads with CI_JOB_TOKEN in JOB-TOKEN inside a GitLab CI job on the job's own instance", () => {
    const { reader, settings, redactor } = read(['--gitlab-url', 'https://gitlab.example.com'], CI);
    expect(reader).toMatchObject({
      token: { header: 'JOB-TOKEN', value: JOB_TOKEN },
      source: 'CI_JOB_TOKEN',
      canWrite: false,
    });
    // Never sent as an access token: cancelling and playing need one.
    expect(settings.apiToken).toBeUndefined();
    expect(redactor.redact(JOB_TOKEN)).toBe('***');
  });

  it('never sends CI_JOB_TOKEN to another instance: reads anonymously there', () => {
    expect(read(['--gitlab-url', 'https://gitlab.com'], CI).reader).toBeUndefined();
    expect(read([], { ...CI, GITLAB_CI: 'false' }).reader).toBeUndefined();
  });

  it('refuses --on-manual play with only CI_JOB_TOKEN, which cannot run jobs', () => {
    expect(() => read(['--on-manual', 'play'], CI)).toThrow(
      '--on-manual is play, which runs manual jobs, and CI_JOB_TOKEN may not do that: give GITLAB_API_TOKEN (or --api-token-file) a token with the api scope, or choose fail, pass or wait.',
    );
  });
});

describe('jobTokenAdvice', () => {
  const advice = jobTokenAdvice('acme/deploy', 'acme/app');

  it("names the target project's job token allowlist on 404", () => {
    expect(advice({ status: 404, gitlabMessage: '404 Project Not Found' })).toBe(
      "CI_JOB_TOKEN may not see it: GitLab before 18.1 does not let job tokens read pipelines, or the CI/CD job token allowlist of 'acme/deploy' does not admit 'acme/app' (add 'acme/app' to it under Settings > CI/CD > Job token permissions of 'acme/deploy')",
    );
  });

  it("says which allowlist refused when GitLab names the job token's projects", () => {
    expect(
      advice({
        status: 403,
        gitlabMessage:
          '403 Forbidden - Authentication by CI/CD job token not allowed from app to deploy.',
      }),
    ).toBe(
      "the CI/CD job token allowlist of 'acme/deploy' does not admit 'acme/app': add 'acme/app' to it under Settings > CI/CD > Job token permissions of 'acme/deploy'",
    );
  });

  it('says when GitLab refuses job tokens on pipelines altogether', () => {
    expect(advice({ status: 401, gitlabMessage: '401 Unauthorized' })).toBe(
      "this GitLab does not let CI_JOB_TOKEN read pipelines (GitLab before 18.1 does not, and a finished job's token no longer works)",
    );
    expect(advice({ status: 500, gitlabMessage: undefined })).toBeUndefined();
  });
});
