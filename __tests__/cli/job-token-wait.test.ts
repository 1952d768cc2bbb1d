import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { cli } from './run-cli.js';

// `run --wait` inside a GitLab CI job with no GITLAB_API_TOKEN: the pipeline is read with
// CI_JOB_TOKEN (header JOB-TOKEN) on the job's own instance, where GitLab allows it.
//
// Job tokens read pipelines from GitLab 18.1 (emulator/releases.js); before, the tool asks for
// GITLAB_API_TOKEN.

const quick = {
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [{ name: 'build', stage: 'build', duration: 1 }],
};

async function ciRun(emu: Emulator, jobToken: string, jobProject = emu.seed.upstreamProjectPath) {
  emu.setScript(emu.seed.projectId, 'main', quick);
  const before = emu.requests.length;
  const result = await cli(['run', '--project', emu.seed.projectPath, '--ref', 'main', '--wait'], {
    env: {
      GITLAB_CI: 'true',
      CI_API_V4_URL: emu.apiUrl,
      CI_SERVER_URL: emu.url,
      CI_PROJECT_PATH: jobProject,
      CI_JOB_TOKEN: jobToken,
      GITLAB_TRIGGER_TOKEN: emu.seed.triggerToken,
    },
  });
  const reads = emu.requests.slice(before).filter((r) => r.method === 'GET');
  return { result, reads };
}

describe('run --wait with CI_JOB_TOKEN, on GitLab 18.1, which lets job tokens read pipelines', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ speed: 20, gitlabVersion: '18.1.0' });
  });
  afterAll(() => emu.close());

  it('follows the pipeline to the end, reading it with JOB-TOKEN', async () => {
    const { result, reads } = await ciRun(emu, emu.seed.jobToken);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Pipeline #\d+ succeeded after/);
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) {
      expect(read.headers['job-token']).toBe(emu.seed.jobToken);
      expect(read.headers['private-token']).toBeUndefined();
    }
    expect(result.stderr).not.toContain(emu.seed.jobToken);
  });

  it('leaves out job logs, which no release lets a job token read, with a warning', async () => {
    emu.setScript(emu.seed.projectId, 'main', quick);
    const result = await cli(
      ['run', '--project', emu.seed.projectPath, '--ref', 'main', '--wait', '--download-logs'],
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
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'warning: --download-logs is left out: GitLab lets no CI_JOB_TOKEN read job logs; give GITLAB_API_TOKEN a token with read_api to get them.',
    );
  });

  it("names the target's job token allowlist when it does not admit the job", async () => {
    const { result } = await ciRun(emu, emu.seed.outsideJobToken, emu.seed.otherProjectPath);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      "the CI/CD job token allowlist of 'acme/platform/deploy' does not admit 'acme/platform/other': add 'acme/platform/other' to it",
    );
    expect(result.stderr).not.toContain(emu.seed.outsideJobToken);
  });
});

describe('run --wait with CI_JOB_TOKEN, on GitLab 17.11, which does not', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ speed: 20, gitlabVersion: '17.11.3' });
  });
  afterAll(() => emu.close());

  it('says job tokens may not read pipelines here, and asks for GITLAB_API_TOKEN', async () => {
    const { result, reads } = await ciRun(emu, emu.seed.jobToken);
    expect(result.code).toBe(3);
    expect(reads[0]?.headers['job-token']).toBe(emu.seed.jobToken);
    expect(result.stderr).toContain(
      'CI_JOB_TOKEN may not see it: GitLab before 18.1 does not let job tokens read pipelines',
    );
    expect(result.stderr).toContain("job token allowlist of 'acme/platform/deploy'");
    expect(result.stderr).toContain(
      "Give 'GITLAB_API_TOKEN (or --api-token-file)' a token with read_api",
    );
  });
});
