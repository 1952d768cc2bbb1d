import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Output } from '../../src/action/names.js';
import { startEmulator, type Emulator, type Script } from '../../emulator/index.js';
import { annotations, runAction } from '../../scripts/github-runner.js';
import { cli } from '../cli/run-cli.js';

// The scenarios that matter, against the GitLab releases users run: each works, or fails with
// a message that names what the release lacks and what to do. The built dist/ runs as a runner
// (the action) or a shell (the command line) runs it; one emulator per release, answering as
// that release (emulator/releases.js), pipelines 20 times faster than real time, polls of 1 s.

interface Release {
  readonly version: string;
  /** A CI job token reads the pipeline, its jobs and its trigger jobs (18.1 on). */
  readonly jobTokenReads: boolean;
  /** The trigger API takes pipeline inputs (17.11 on). */
  readonly inputs: boolean;
  /** Trigger jobs are listed at /trigger_jobs (19.2 on), else at /bridges. */
  readonly triggerJobs: boolean;
}

const RELEASES: readonly Release[] = [
  { version: '16.11.10', jobTokenReads: false, inputs: false, triggerJobs: false },
  { version: '17.11.3', jobTokenReads: false, inputs: true, triggerJobs: false },
  { version: '18.1.0', jobTokenReads: true, inputs: true, triggerJobs: false },
  { version: '19.2.0', jobTokenReads: true, inputs: true, triggerJobs: true },
];

const quick = { createdSeconds: 1, queueSeconds: 1 };

/** A job with a JUnit report, one with a dotenv file and an artifact, and a child pipeline. */
const EVERYTHING: Script = {
  ...quick,
  jobs: [
    {
      name: 'unit',
      stage: 'test',
      duration: 1,
      tests: [{ name: 'adds', classname: 'Calculator', time: 0.1 }],
    },
    {
      name: 'deploy',
      stage: 'deploy',
      duration: 1,
      artifacts: {
        'deploy.env': 'ENVIRONMENT_URL=https://staging.example.com\n',
        'release.txt': 'v1.2.3\n',
      },
    },
  ],
  bridges: [
    {
      name: 'integration',
      stage: 'test',
      strategy: 'depend',
      downstream: {
        child: true,
        script: { ...quick, jobs: [{ name: 'smoke', stage: 'test', duration: 1 }] },
      },
    },
  ],
};

const BLOCKED: Script = {
  ...quick,
  jobs: [
    { name: 'build', stage: 'build', duration: 1 },
    { name: 'approve', stage: 'deploy', when: 'manual', allowFailure: false, duration: 1 },
  ],
};

const LONG: Script = { ...quick, jobs: [{ name: 'soak', stage: 'test', duration: 36_000 }] };

const WITH_INPUTS: Script = {
  ...quick,
  jobs: [{ name: 'build', stage: 'build', duration: 1 }],
  inputs: { replicas: { type: 'number', default: 1 } },
};

const workspaces: string[] = [];
afterAll(() => {
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

describe.each(RELEASES)('GitLab $version', (release) => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ speed: 20, gitlabVersion: release.version });
  });
  afterAll(() => emu.close());
  afterEach(() => emu.setScript(emu.seed.projectId, 'main', null));

  function step(extra: Record<string, string> = {}): Record<string, string> {
    return {
      gitlab_url: emu.url,
      project: emu.seed.projectPath,
      ref: 'main',
      token: emu.seed.triggerToken,
      wait: 'true',
      api_token: emu.seed.apiToken,
      max_poll_interval: '1s',
      ...extra,
    };
  }

  it('triggers, waits, and brings home the test report, outputs, artifacts and the downstream pipeline', async () => {
    emu.setScript(emu.seed.projectId, 'main', EVERYTHING);
    const dir = mkdtempSync(join(tmpdir(), 'compat-'));
    workspaces.push(dir);
    const from = emu.requests.length;
    const run = await runAction({
      with: step({ outputs_from: 'deploy:deploy.env', download_artifacts: 'deploy' }),
      workspace: dir,
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs[Output.Status]).toBe('success');
    expect(run.outputs.ENVIRONMENT_URL).toBe('https://staging.example.com');
    expect(readFileSync(join(dir, 'gitlab-artifacts', 'deploy', 'release.txt'), 'utf8')).toBe(
      'v1.2.3\n',
    );
    expect(run.summary).toContain('#### Tests');
    const child = emu.downstreamPipelines.at(-1);
    expect(run.summary).toContain(`#### Downstream pipeline integration: [#${child?.id}](`);
    // The trigger jobs at /trigger_jobs from 19.2; before, at /bridges after one 404 a run.
    const routes = emu.requests.slice(from).map((r) => r.path);
    const triggerJobs = routes.filter((p) => p.endsWith('/trigger_jobs'));
    if (release.triggerJobs) {
      expect(triggerJobs.length).toBeGreaterThan(0);
    } else {
      expect(triggerJobs).toHaveLength(1);
      expect(routes.some((p) => p.endsWith('/bridges'))).toBe(true);
    }
  });

  it('plays the manual job that blocks the pipeline', async () => {
    emu.setScript(emu.seed.projectId, 'main', BLOCKED);
    const run = await runAction({ with: step({ on_manual: 'play' }) });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Running manual job 'approve' (stage deploy).");
    expect(emu.pipelines.at(-1)?.status).toBe('success');
  });

  it('cancels the pipeline when the wait reaches its timeout', async () => {
    emu.setScript(emu.seed.projectId, 'main', LONG);
    const run = await runAction({ with: step({ timeout: '2s' }) });
    expect(run.exitCode).toBe(1);
    expect(annotations(run.stdout, 'error').at(-1)).toMatch(
      /^The wait reached its timeout of 2s; pipeline #\d+ (was|is being) cancelled: http/,
    );
    expect(emu.pipelines.at(-1)?.status).toMatch(/^cancel(ing|ed)$/);
  });

  it(
    release.inputs
      ? 'sends typed pipeline inputs'
      : 'warns that it ignores pipeline inputs: upgrade, or send them as variables',
    async () => {
      emu.setScript(emu.seed.projectId, 'main', WITH_INPUTS);
      const run = await runAction({ with: step({ inputs: 'replicas: 3' }) });
      expect(run.exitCode).toBe(0);
      const warned = annotations(run.stdout, 'warning').filter((w) => w.includes('inputs'));
      if (release.inputs) {
        expect(emu.pipelines.at(-1)?.inputs).toEqual({ replicas: 3 });
        expect(warned).toEqual([]);
      } else {
        expect(emu.pipelines.at(-1)?.inputs).toBeUndefined();
        expect(warned).toEqual([
          `GitLab ${release.version} ignores pipeline inputs (they need GitLab 17.11 or later): the pipeline runs with its inputs' defaults. Send them as variables instead, or upgrade GitLab.`,
        ]);
      }
    },
  );

  it(
    release.jobTokenReads
      ? 'run --wait in GitLab CI follows the pipeline and its child with only CI_JOB_TOKEN'
      : 'run --wait in GitLab CI with only CI_JOB_TOKEN names the release and asks for GITLAB_API_TOKEN',
    async () => {
      emu.setScript(emu.seed.projectId, 'main', {
        ...quick,
        jobs: [{ name: 'build', stage: 'build', duration: 1 }],
        bridges: EVERYTHING.bridges,
      });
      const from = emu.requests.length;
      const result = await cli(
        ['run', '--project', emu.seed.projectPath, '--ref', 'main', '--wait'],
        {
          env: {
            GITLAB_CI: 'true',
            CI_API_V4_URL: emu.apiUrl,
            CI_SERVER_URL: emu.url,
            CI_PROJECT_PATH: emu.seed.upstreamProjectPath,
            CI_JOB_TOKEN: emu.seed.jobToken,
            GITLAB_TRIGGER_TOKEN: emu.seed.triggerToken,
          },
        },
      );
      expect(result.stderr).not.toContain(emu.seed.jobToken);
      if (release.jobTokenReads) {
        expect(result.code).toBe(0);
        expect(result.stderr).toMatch(/Pipeline #\d+ succeeded after \d+s/);
        expect(result.stderr).toMatch(/Downstream pipeline integration: #\d+ success/);
        // No release lets a job token read test reports: said, not asked for.
        expect(result.stderr).toContain(
          'The test report is not read: GitLab lets no CI_JOB_TOKEN read test reports; give GITLAB_API_TOKEN a token with read_api to get it.',
        );
        expect(emu.requests.slice(from).some((r) => r.path.includes('test_report'))).toBe(false);
      } else {
        expect(result.code).toBe(3);
        expect(result.stderr).toContain(
          'CI_JOB_TOKEN may not see it: GitLab before 18.1 does not let job tokens read pipelines',
        );
        expect(result.stderr).toContain(
          "Give 'GITLAB_API_TOKEN (or --api-token-file)' a token with read_api",
        );
      }
    },
  );
});

describe('an instance that keeps artifacts in object storage (direct download)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ speed: 20, objectStorage: true });
  });
  afterAll(() => emu.close());

  it('downloads the archive from the signed URL GitLab redirects to, without the token', async () => {
    emu.setScript(emu.seed.projectId, 'main', EVERYTHING);
    const dir = mkdtempSync(join(tmpdir(), 'compat-'));
    workspaces.push(dir);
    const run = await runAction({
      with: {
        gitlab_url: emu.url,
        project: emu.seed.projectPath,
        ref: 'main',
        token: emu.seed.triggerToken,
        wait: 'true',
        api_token: emu.seed.apiToken,
        max_poll_interval: '1s',
        download_artifacts: 'deploy',
      },
      workspace: dir,
    });
    expect(run.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'gitlab-artifacts', 'deploy', 'release.txt'), 'utf8')).toBe(
      'v1.2.3\n',
    );
    expect(emu.objectStorageRequests.length).toBeGreaterThan(0);
    for (const request of emu.objectStorageRequests) {
      expect(request.headers['private-token']).toBeUndefined();
      expect(request.headers['job-token']).toBeUndefined();
      expect(request.headers.authorization).toBeUndefined();
    }
  });
});

describe('a project where no one may use pipeline variables (any release)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ speed: 20 });
  });
  afterAll(() => emu.close());

  it('fails the trigger saying the setting, which refuses even a run without variables', async () => {
    const closed = emu.addProject({
      path: 'acme/platform/closed',
      pipelineVariablesMinimumRole: 'no_one_allowed',
    });
    emu.addMember({ userId: emu.seed.user.id, projectId: closed.id, role: 'owner' });
    const token = emu.addTriggerToken({ projectId: closed.id, ownerId: emu.seed.user.id });
    const run = await runAction({
      with: {
        gitlab_url: emu.url,
        project: 'acme/platform/closed',
        ref: 'main',
        token: token.token,
      },
    });
    expect(run.exitCode).toBe(1);
    const [error] = annotations(run.stdout, 'error');
    expect(error).toContain('Insufficient permissions to set pipeline variables');
    expect(error).toContain(
      'a Maintainer can lower the project\'s "Minimum role to use pipeline variables" (Settings > CI/CD > Variables; "No one allowed" refuses every trigger)',
    );
    // Only the runner's own mask command may carry it.
    const shown = run.everything.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(shown.join('\n')).not.toContain(token.token);
  });
});
