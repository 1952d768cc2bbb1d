import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { OPTIONS } from '../../src/cli/options.js';
import type { Script } from '../../emulator/index.js';
import {
  offlineNpmEnv,
  packageJson,
  packPackage,
  ROOT,
  runToEnd,
  type Finished,
  type Packed,
} from './processes.js';

// templates/trigger.yml, the CI/CD catalog component, run as GitLab runs it: included by
// `component:` from its own project at the current commit, expanded with its inputs, and its
// job run in a shell by gitlab-ci-local, with the packed package in place of npm's copy.
// gitlab-ci-local copies each job's build and artifacts with rsync: it finds
// rsync-stand-in.js (Node) first on its PATH, so the test needs nothing but Node and npm.

const SLOW = 60_000;
const TEMPLATE = join(ROOT, 'templates', 'trigger.yml');

let here: Emulator; // the job's own instance: CI_JOB_TOKEN is good here
let there: Emulator; // another instance: a trigger token stored as a CI/CD variable
let packed: Packed;
let project: string;
let pipeline: Finished;

const quick = (result: 'success' | 'failed'): Script => ({
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [
    { name: 'build', stage: 'build', duration: 2, result: 'success' },
    { name: 'deploy', stage: 'deploy', duration: 2, result, trace: `deploying\n${result}\n` },
  ],
});

/** A pipeline with results to bring home: a test report, dotenv files, artifacts, logs. */
const withResults: Script = {
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [
    {
      name: 'build',
      stage: 'build',
      duration: 2,
      trace: 'compiling\nbuilt app.tar.gz\n',
      tests: [
        { name: 'adds', classname: 'Calculator', time: 0.1 },
        { name: 'divides', classname: 'Calculator', time: 0.2 },
      ],
      artifacts: { 'app.txt': 'the app\n', 'build.env': 'BUILD_NUMBER=7\n' },
    },
    {
      name: 'deploy',
      stage: 'deploy',
      duration: 2,
      trace: 'deploying\n',
      artifacts: { 'deploy.env': 'ENVIRONMENT_URL=https://staging.example.com\n' },
    },
  ],
};

/** A pipeline that stops at a manual job nobody may skip. */
const gated: Script = {
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [
    { name: 'build', stage: 'build', duration: 2 },
    { name: 'approve', stage: 'deploy', when: 'manual', allowFailure: false },
  ],
};

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: project,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: packed.dir,
      GIT_AUTHOR_NAME: 'CI',
      GIT_AUTHOR_EMAIL: 'ci@example.com',
      GIT_COMMITTER_NAME: 'CI',
      GIT_COMMITTER_EMAIL: 'ci@example.com',
    },
  }).trim();
}

const VARIABLES = [
  'VERSION: 1.10',
  'WINDOWS_PATH: C:\\new\\tpath',
  `NOTE: "it's \\"quoted\\""`,
  'UPSTREAM_SHA: $CI_COMMIT_SHA',
].join('\n');

beforeAll(async () => {
  here = await startEmulator({ speed: 20 });
  there = await startEmulator({ speed: 20 });
  here.setScript(here.seed.projectId, 'main', quick('success'));
  there.setScript(there.seed.projectId, 'main', withResults);
  there.setScript(there.seed.projectId, 'release/v1.2', quick('failed'));
  there.setScript(there.seed.projectId, 'v1.0', gated); // a tag
  packed = await packPackage();

  // The component's project, as a catalog project holds it, on the `here` instance.
  project = join(packed.dir, 'components');
  mkdirSync(join(project, 'templates'), { recursive: true });
  copyFileSync(TEMPLATE, join(project, 'templates', 'trigger.yml'));
  // The route docs/gitlab-ci-component.md gives until the package is on npm: the packed
  // tarball committed in the project, and the component's `cli` input pointed at it.
  mkdirSync(join(project, 'vendor'));
  const tarball = `vendor/${basename(packed.tarball)}`;
  copyFileSync(packed.tarball, join(project, tarball));
  git('init', '--quiet', '--initial-branch', 'main');
  git('config', 'user.name', 'CI');
  git('config', 'user.email', 'ci@example.com');
  git('remote', 'add', 'origin', `${here.url}/${here.seed.upstreamProjectPath}.git`);
  git('add', '.');
  git('commit', '--quiet', '--message', 'trigger component');
  const component = `$CI_SERVER_FQDN/${here.seed.upstreamProjectPath}/trigger@${git('rev-parse', 'HEAD')}`;
  const cli = `npx --yes file:${tarball}`;
  const include = (inputs: Record<string, unknown>) => ({ component, inputs: { cli, ...inputs } });
  writeFileSync(
    join(project, '.gitlab-ci.yml'),
    JSON.stringify({
      include: [
        include({
          job_name: 'same-instance',
          project: here.seed.projectPath,
          ref: 'main',
          variables: VARIABLES,
        }),
        include({
          job_name: 'other-instance',
          gitlab_url: there.url,
          project: there.seed.projectPath,
          ref: 'main',
          wait: true,
          timeout: '5m',
          token_variable: 'PARTNER_TRIGGER_TOKEN',
          api_token_variable: 'PARTNER_API_TOKEN',
          output: 'partner.json',
          outputs_from: 'deploy:deploy.env\nbuild:build.env',
          download_artifacts: 'build',
          download_logs: true,
          artifacts_path: 'partner/results',
        }),
        include({
          job_name: 'failing-downstream',
          gitlab_url: there.url,
          project: there.seed.projectPath,
          ref: 'release/v1.2',
          wait: true,
          token_variable: 'PARTNER_TRIGGER_TOKEN',
          api_token_variable: 'PARTNER_API_TOKEN',
          output: 'failed.json',
          test_report: false,
          download_logs: true,
        }),
        include({
          job_name: 'manual-gate',
          gitlab_url: there.url,
          project: there.seed.projectPath,
          ref: 'v1.0',
          wait: true,
          on_manual: 'pass',
          token_variable: 'PARTNER_TRIGGER_TOKEN',
          api_token_variable: 'PARTNER_API_TOKEN',
          output: 'gated.json',
        }),
      ],
    }),
  );
  // What GitLab gives every job on the `here` instance, and the project's CI/CD variables.
  writeFileSync(
    join(project, '.gitlab-ci-local-variables.yml'),
    JSON.stringify({
      GITLAB_CI: 'true',
      CI_JOB_TOKEN: here.seed.jobToken,
      PARTNER_TRIGGER_TOKEN: there.seed.triggerToken,
      PARTNER_API_TOKEN: there.seed.readApiToken,
      // Names a project may well have for its own use, which must not redirect the trigger.
      TRIGGER_PROJECT: 'acme/somewhere-else',
      TRIGGER_REF: 'release/does-not-exist',
    }),
  );

  // rsync, as gitlab-ci-local calls it, in Node: first on PATH, before any system rsync.
  const bin = join(packed.dir, 'bin');
  mkdirSync(bin);
  const standIn = join(ROOT, '__tests__', 'shipping', 'rsync-stand-in.js');
  writeFileSync(join(bin, 'rsync'), `#!/bin/sh\nexec '${process.execPath}' '${standIn}' "$@"\n`);
  chmodSync(join(bin, 'rsync'), 0o755);
  const env = offlineNpmEnv(join(packed.dir, 'job-npm-cache'), packed.dir);

  pipeline = await runToEnd(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'gitlab-ci-local', 'dist', 'index.js'),
      '--force-shell-executor',
      '--shell-isolation',
      '--concurrency',
      '1',
      '--no-color',
      '--ignore-predefined-vars',
      'GITLAB_CI,CI_JOB_TOKEN',
    ],
    {
      cwd: project,
      // The runner's environment, which a shell executor's jobs inherit: npx installs the
      // packed package with no registry to reach and an empty cache of its own.
      env: { ...env, PATH: [bin, env.PATH].join(delimiter) },
      timeoutMs: 50_000,
    },
  );
}, SLOW);

afterAll(async () => {
  await here?.close();
  await there?.close();
  packed?.cleanup();
});

/** A job's log, as gitlab-ci-local kept it. */
function log(job: string): string {
  return readFileSync(join(project, '.gitlab-ci-local', 'output', `${job}.log`), 'utf8');
}

/** A file the job left as an artifact. */
function artifact(job: string, file: string): string {
  return readFileSync(join(project, '.gitlab-ci-local', 'artifacts', job, file), 'utf8');
}

describe('the GitLab CI/CD component', () => {
  it('is laid out for the CI/CD catalog: spec:inputs, then a job on node:24 running the released package', () => {
    const [header, body] = parseAllDocuments(readFileSync(TEMPLATE, 'utf8')).map((d) =>
      d.toJS(),
    ) as [
      { spec: { inputs: Record<string, { default?: unknown; description?: string }> } },
      Record<string, unknown>,
    ];
    expect(Object.keys(header.spec.inputs)).toEqual(
      expect.arrayContaining(['gitlab_url', 'project', 'ref', 'variables', 'wait', 'timeout']),
    );
    expect(Object.keys(header.spec.inputs)).toEqual(
      expect.arrayContaining(['token_variable', 'api_token_variable', 'stage', 'job_name']),
    );
    expect(Object.keys(header.spec.inputs)).toEqual(
      expect.arrayContaining([
        'on_manual',
        'test_report',
        'outputs_from',
        'download_artifacts',
        'download_logs',
        'stream_logs',
        'artifacts_path',
        'artifacts_max_size',
      ]),
    );
    for (const [name, input] of Object.entries(header.spec.inputs)) {
      expect({ name, described: (input.description ?? '').length > 20 }).toEqual({
        name,
        described: true,
      });
    }
    expect(header.spec.inputs.image?.default).toBe('node:24');
    const { name, version } = packageJson();
    expect(header.spec.inputs.cli?.default).toBe(`npx --yes ${name}@${version}`);
    expect(Object.values(body)[0]).toMatchObject({
      artifacts: {
        when: 'always',
        paths: ['$[[ inputs.output ]]', '$[[ inputs.artifacts_path ]]/'],
      },
    });
  });

  it("hands each waiting and result input to gitlab-trigger's option of the same name", () => {
    const text = readFileSync(TEMPLATE, 'utf8');
    const names = [
      'timeout',
      'on_manual',
      'test_report',
      'outputs_from',
      'download_artifacts',
      'download_logs',
      'stream_logs',
      'artifacts_path',
      'artifacts_max_size',
    ];
    for (const name of names) {
      const option = name.replace(/_/g, '-');
      expect({ name, option: option in OPTIONS }).toEqual({ name, option: true });
      expect({ name, passed: text.includes(`--${option}`) }).toEqual({ name, passed: true });
    }
  });

  it('runs the pipeline: the passing jobs pass and the one whose downstream fails fails', () => {
    expect(pipeline.stdout).toMatch(/PASS\s+same-instance/);
    expect(pipeline.stdout).toMatch(/PASS\s+other-instance/);
    expect(pipeline.stdout).toMatch(/FAIL\s+failing-downstream/);
    expect(pipeline.stdout).toMatch(/PASS\s+manual-gate/);
    expect(pipeline.code).toBe(1);
  });

  it('triggers on its own instance with CI_JOB_TOKEN, variables exactly as written and expanded', () => {
    expect(here.pipelines).toHaveLength(1);
    const triggered = here.pipelines[0];
    expect(triggered?.ref).toBe('main');
    expect(triggered?.source).toBe('pipeline'); // a multi-project pipeline: the job token's
    expect(triggered?.variables).toEqual({
      VERSION: '1.10',
      WINDOWS_PATH: 'C:\\new\\tpath',
      NOTE: `it's "quoted"`,
      UPSTREAM_SHA: git('rev-parse', 'HEAD'),
    });
    const json = JSON.parse(artifact('same-instance', 'gitlab-pipeline.json')) as { id: number };
    expect(json.id).toBe(triggered?.id);
    expect(log('same-instance')).toContain(`Pipeline #${triggered?.id} created`);
  });

  it('triggers on another instance with the named trigger token, never sending the job token there', () => {
    const passed = there.pipelines.find((p) => p.ref === 'main');
    expect(passed?.source).toBe('trigger');
    const json = JSON.parse(artifact('other-instance', 'partner.json')) as { status: string };
    expect(json).toMatchObject({ id: passed?.id, status: 'success' });
    const sent = there.requests.map((r) => JSON.stringify(r)).join('\n');
    expect(sent).not.toContain(here.seed.jobToken);
    for (const job of ['same-instance', 'other-instance', 'failing-downstream']) {
      expect(log(job)).not.toContain(there.seed.triggerToken);
      expect(log(job)).not.toContain(here.seed.jobToken);
    }
  });

  it('keeps the JSON of a downstream pipeline that failed, naming the failed job in the log', () => {
    const failed = there.pipelines.find((p) => p.ref === 'release/v1.2');
    expect(existsSync(join(project, '.gitlab-ci-local', 'artifacts', 'failing-downstream'))).toBe(
      true,
    );
    const json = JSON.parse(artifact('failing-downstream', 'failed.json')) as { status: string };
    expect(json).toMatchObject({ id: failed?.id, status: 'failed' });
    expect(log('failing-downstream')).toContain("Job 'deploy' (stage deploy) failed");
  });

  it('brings the results home when waiting: test totals, dotenv outputs, artifacts and logs', () => {
    const json = JSON.parse(artifact('other-instance', 'partner.json')) as {
      outputs?: Record<string, string>;
      tests?: unknown;
    };
    expect(json.outputs).toEqual({
      ENVIRONMENT_URL: 'https://staging.example.com',
      BUILD_NUMBER: '7',
    });
    expect(log('other-instance')).toContain('Tests: 2 total, 2 passed, 0 failed');
    // Into the folder the job was told, kept among the job's own artifacts.
    expect(artifact('other-instance', 'partner/results/build/app.txt')).toBe('the app\n');
    expect(artifact('other-instance', 'partner/results/build.log')).toContain('built app.tar.gz');
    // Logs go beside the artifacts asked for: the deploy job's were not.
    const kept = join(project, '.gitlab-ci-local', 'artifacts', 'other-instance', 'partner');
    expect(existsSync(join(kept, 'results', 'deploy'))).toBe(false);
    expect(existsSync(join(kept, 'results', 'deploy.log'))).toBe(false);
  });

  it('keeps the logs of a pipeline that failed, and reads no test report when told not to', () => {
    const failed = there.pipelines.find((p) => p.ref === 'release/v1.2');
    expect(artifact('failing-downstream', 'gitlab-artifacts/deploy.log')).toBe(
      'deploying\nfailed\n',
    );
    const reads = there.requests.map((r) => r.path);
    expect(reads.filter((p) => p.includes(`/pipelines/${failed?.id}/test_report`))).toEqual([]);
    expect(log('failing-downstream')).not.toContain('Tests:');
    // Asked nothing of the kind, a job keeps no such folder.
    expect(
      existsSync(
        join(project, '.gitlab-ci-local', 'artifacts', 'same-instance', 'gitlab-artifacts'),
      ),
    ).toBe(false);
  });

  it('passes a pipeline blocked on a manual job when on_manual is pass', () => {
    const gate = there.pipelines.find((p) => p.ref === 'v1.0');
    expect(gate?.status).toBe('manual');
    expect(log('manual-gate')).toContain("is waiting for 'approve' (stage deploy)");
    expect(log('manual-gate')).toContain('passing as --on-manual is pass');
  });
});
