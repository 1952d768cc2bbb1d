import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { bundledCli, cli, closedPort, secretsOf, tempFiles, type CliRun } from './run-cli.js';

// `gitlab-trigger run` against the GitLab emulator: the first test through dist/cli.js as a user
// runs it, the others through the command line of src/ in process.

let emu: Emulator;
const files = tempFiles();
const runs: CliRun[] = [];

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
  files.cleanup();
});

/** Runs the command line and keeps its output, to check at the end that it holds no token. */
async function gitlabTrigger(
  args: string[],
  env: Record<string, string> = {},
  run = cli,
): Promise<CliRun> {
  const result = await run(args, { env, timeoutMs: 35_000 });
  runs.push(result);
  return result;
}

function withToken(extra: Record<string, string> = {}): Record<string, string> {
  return { GITLAB_URL: emu.url, GITLAB_TRIGGER_TOKEN: emu.seed.triggerToken, ...extra };
}

function triggerRequests() {
  return emu.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/trigger/pipeline'));
}

function lastTriggerBody(): Record<string, unknown> {
  const request = triggerRequests().at(-1);
  if (!request) throw new Error('no trigger request was received');
  return JSON.parse(request.body) as Record<string, unknown>;
}

describe('gitlab-trigger run', () => {
  it('triggers a pipeline and prints its link alone on stdout, the rest on stderr', async () => {
    const before = emu.pipelines.length;
    const result = await gitlabTrigger(
      ['run', '--project', emu.seed.projectPath, '--ref', 'main'],
      withToken(),
      bundledCli,
    );
    expect(result.code).toBe(0);
    const pipeline = emu.pipelines.at(-1);
    // What `url=$(gitlab-trigger run …)` keeps.
    expect(result.stdout).toBe(`${emu.url}/${emu.seed.projectPath}/-/pipelines/${pipeline?.id}\n`);
    expect(emu.pipelines).toHaveLength(before + 1);
    expect(result.stderr).toContain(`Pipeline #${pipeline?.id} created (created): `);
    expect(result.stderr).toContain(
      `${emu.url}/${emu.seed.projectPath}/-/pipelines/${pipeline?.id}`,
    );
  });

  it('takes the short options -p, -r, -e and -i', async () => {
    const result = await gitlabTrigger(
      ['run', '-p', emu.seed.projectPath, '-r', 'main', '-e', 'A=1.10', '-i', 'version=1.10'],
      withToken(),
    );
    expect(result.code).toBe(0);
    expect(lastTriggerBody()).toMatchObject({
      ref: 'main',
      variables: { A: '1.10' },
      inputs: { version: '1.10' },
    });
  });

  it.each([
    [['run', '--prject', 'x'], /Unknown option --prject .*\. Did you mean --project\?/],
    [['run', '-P', 'x'], /Unknown option -P .*\. Did you mean -p\?/],
    [['rnu'], /Unknown command 'rnu': .*\. Did you mean run\?/],
    [['tokens', 'lsit'], /Did you mean tokens list\?/],
  ])('suggests the nearest name for a mistyped %j, sending nothing', async (args, message) => {
    const before = emu.requests.length;
    const result = await gitlabTrigger(args, withToken());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(emu.requests.length).toBe(before);
  });

  it('says nothing of a near name when none is near', async () => {
    const result = await gitlabTrigger(['run', '--colour'], withToken());
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('Did you mean');
  });

  it('prints the pipeline as JSON on stdout with --json, and nothing else there', async () => {
    const result = await gitlabTrigger(
      ['run', '--project', String(emu.seed.projectId), '--ref', 'main', '--json'],
      withToken(),
    );
    expect(result.code).toBe(0);
    const pipeline = JSON.parse(result.stdout) as { id: number; web_url: string; source: string };
    expect(pipeline.id).toBe(emu.pipelines.at(-1)?.id);
    expect(pipeline.source).toBe('trigger');
    expect(result.stderr).toContain(pipeline.web_url);
  });

  it('sends --var values exactly as given: a second =, a newline, 1.10', async () => {
    const result = await gitlabTrigger(
      [
        'run',
        '--project',
        emu.seed.projectPath,
        '--ref',
        'main',
        '--var',
        'B=x=y',
        '--var',
        'NOTES=line 1\nline 2',
        '--var',
        'VERSION=1.10',
        '--var',
        'EMPTY=',
      ],
      withToken(),
    );
    expect(result.code).toBe(0);
    expect(lastTriggerBody().variables).toEqual({
      B: 'x=y',
      NOTES: 'line 1\nline 2',
      VERSION: '1.10',
      EMPTY: '',
    });
    expect(result.stderr).toContain('variables: B, NOTES, VERSION, EMPTY');
  });

  it('reads --variables-file, and lets --var win over it', async () => {
    const file = files.file('vars.yml', 'ENVIRONMENT: staging\nVERSION: 007\n');
    const result = await gitlabTrigger(
      [
        'run',
        '--project',
        emu.seed.projectPath,
        '--ref',
        'main',
        '--variables-file',
        file,
        '--var',
        'ENVIRONMENT=production',
      ],
      withToken(),
    );
    expect(result.code).toBe(0);
    expect(lastTriggerBody().variables).toEqual({ ENVIRONMENT: 'production', VERSION: '007' });
  });

  it('sends --input values as text unless NAME:TYPE names a type', async () => {
    const result = await gitlabTrigger(
      [
        'run',
        '--project',
        emu.seed.projectPath,
        '--ref',
        'main',
        '--input',
        'version=1.10',
        '--input',
        'replicas:number=3',
        '--input',
        'dry_run:boolean=false',
        '--input',
        'regions:array=[eu, us]',
        '--input',
        'count=3',
        '--input',
        'name=yes',
        '--input',
        'label:string=true',
      ],
      withToken(),
    );
    expect(result.code).toBe(0);
    expect(lastTriggerBody().inputs).toEqual({
      version: '1.10',
      replicas: 3,
      dry_run: false,
      regions: ['eu', 'us'],
      count: '3',
      name: 'yes',
      label: 'true',
    });
  });

  it('warns when a number of --inputs-file reaches GitLab written otherwise (1.10 as 1.1)', async () => {
    const file = files.file('inputs.yml', 'version: 1.10\nreplicas: 3\nlabel: "1.10"\n');
    const result = await gitlabTrigger(
      ['run', '-p', emu.seed.projectPath, '-r', 'main', '--inputs-file', file],
      withToken(),
    );
    expect(result.code).toBe(0);
    expect(lastTriggerBody().inputs).toEqual({ version: 1.1, replicas: 3, label: '1.10' });
    const warnings = result.stderr.split('\n').filter((l) => l.startsWith('warning: '));
    expect(warnings).toEqual([
      "warning: --inputs-file gives 'version' the number 1.10, which YAML reads as 1.1: GitLab receives 1.1. Quote it ('1.10') to send the text 1.10.",
    ]);
  });

  it('reads the trigger token from --token-file, which wins over GITLAB_TRIGGER_TOKEN', async () => {
    const file = files.file('trigger-token', `${emu.seed.triggerToken}\n`);
    const result = await gitlabTrigger(
      ['run', '--project', emu.seed.projectPath, '--ref', 'main', '--token-file', file],
      withToken({ GITLAB_TRIGGER_TOKEN: emu.seed.otherProjectTriggerToken }),
    );
    expect(result.code).toBe(0);
    expect(lastTriggerBody().token).toBe(emu.seed.triggerToken);
  });

  it('reads the trigger token from stdin with --token-file -', async () => {
    const result = await cli(
      ['run', '--project', emu.seed.projectPath, '--ref', 'main', '--token-file', '-'],
      { env: { GITLAB_URL: emu.url }, stdin: `${emu.seed.triggerToken}\n` },
    );
    runs.push(result);
    expect(result.code).toBe(0);
  });

  describe('inside a simulated GitLab CI job', () => {
    const ciJob = (): Record<string, string> => ({
      GITLAB_CI: 'true',
      CI_API_V4_URL: emu.apiUrl,
      CI_SERVER_URL: emu.url,
      CI_JOB_TOKEN: emu.seed.jobToken,
    });

    it('uses CI_API_V4_URL and CI_JOB_TOKEN when nothing else is set', async () => {
      const result = await gitlabTrigger(
        ['run', '--project', emu.seed.projectPath, '--ref', 'main', '--json'],
        ciJob(),
      );
      expect(result.code).toBe(0);
      expect((JSON.parse(result.stdout) as { source: string }).source).toBe('pipeline');
      expect(lastTriggerBody().token).toBe(emu.seed.jobToken);
    });

    it('prefers GITLAB_TRIGGER_TOKEN to the job token', async () => {
      const result = await gitlabTrigger(
        ['run', '--project', emu.seed.projectPath, '--ref', 'main', '--json'],
        { ...ciJob(), GITLAB_TRIGGER_TOKEN: emu.seed.triggerToken },
      );
      expect(result.code).toBe(0);
      expect((JSON.parse(result.stdout) as { source: string }).source).toBe('trigger');
    });

    it('lets GITLAB_URL win over CI_API_V4_URL, and --gitlab-url over GITLAB_URL', async () => {
      const unreachable = `http://127.0.0.1:${await closedPort()}`;
      const viaEnv = await gitlabTrigger(
        ['run', '--project', emu.seed.projectPath, '--ref', 'main'],
        {
          ...ciJob(),
          CI_API_V4_URL: `${unreachable}/api/v4`,
          GITLAB_URL: emu.url,
          GITLAB_TRIGGER_TOKEN: emu.seed.triggerToken,
        },
      );
      expect(viaEnv.code).toBe(0);
      const viaFlag = await gitlabTrigger(
        ['run', '--gitlab-url', emu.apiUrl, '--project', emu.seed.projectPath, '--ref', 'main'],
        { GITLAB_URL: unreachable, GITLAB_TRIGGER_TOKEN: emu.seed.triggerToken },
      );
      expect(viaFlag.code).toBe(0);
    });

    it("never sends the job token to another instance than the job's", async () => {
      const before = emu.requests.length;
      const result = await gitlabTrigger(
        ['run', '--gitlab-url', emu.url, '--project', emu.seed.projectPath, '--ref', 'main'],
        { ...ciJob(), CI_API_V4_URL: 'https://gitlab.example.com/api/v4', CI_SERVER_URL: '' },
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'GITLAB_TRIGGER_TOKEN is not set, and CI_JOB_TOKEN is only sent to',
      );
      expect(result.stderr).toContain('GITLAB_TRIGGER_TOKEN');
      expect(emu.requests.length).toBe(before);
    });

    it('ignores CI_JOB_TOKEN outside GitLab CI (no GITLAB_CI=true)', async () => {
      const before = emu.requests.length;
      const notCi = { ...ciJob(), GITLAB_CI: '' };
      const result = await gitlabTrigger(
        ['run', '--project', emu.seed.projectPath, '--ref', 'main'],
        {
          ...notCi,
          GITLAB_URL: emu.url,
        },
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('GITLAB_TRIGGER_TOKEN is not set: set GITLAB_TRIGGER_TOKEN');
      expect(emu.requests.length).toBe(before);
    });
  });

  describe('usage errors', () => {
    const cases: Array<[string, string[], Record<string, string>, RegExp]> = [
      ['a missing --project', ['run', '--ref', 'main'], {}, /--project P is missing/],
      ['a missing --ref', ['run', '--project', 'acme/deploy'], {}, /--ref R is missing/],
      ['an empty --project', ['run', '--project', ' ', '--ref', 'main'], {}, /--project is empty/],
      [
        'a project given as a URL',
        ['run', '--project', 'https://gitlab.com/a/b', '--ref', 'main'],
        {},
        /--project is the URL/,
      ],
      [
        'a --var key GitLab refuses',
        ['run', '--project', 'a/b', '--ref', 'main', '--var', 'MY-KEY=1'],
        {},
        /--var has 'MY-KEY', which is not a valid variable key/,
      ],
      [
        'a --var without =',
        ['run', '--project', 'a/b', '--ref', 'main', '--var', 'VERSION'],
        {},
        /--var is 'VERSION', which is not KEY=VALUE/,
      ],
      [
        'TRIGGER_PAYLOAD as a --var',
        ['run', '--project', 'a/b', '--ref', 'main', '--var', 'TRIGGER_PAYLOAD=x'],
        {},
        /--var sets TRIGGER_PAYLOAD, which GitLab sets itself/,
      ],
      [
        'a --var given twice',
        ['run', '--project', 'a/b', '--ref', 'main', '--var', 'A=1', '--var', 'A=2'],
        {},
        /--var gives variable 'A' twice/,
      ],
      [
        'an --input name GitLab refuses',
        ['run', '--project', 'a/b', '--ref', 'main', '--input', 'a b=1'],
        {},
        /--input has 'a b', which is not a valid input name/,
      ],
      [
        'an --input of an unknown type',
        ['run', '--project', 'a/b', '--ref', 'main', '--input', 'x:int=3'],
        {},
        /--input gives x the type 'int', which is not an input type: write x:number=42/,
      ],
      [
        'an --input typed as a number that is none',
        ['run', '--project', 'a/b', '--ref', 'main', '--input', 'x:number=1.2.3'],
        {},
        /--input gives 'x' '1\.2\.3', which is not a number: write x:number=42/,
      ],
      [
        'a --variables-file that does not exist',
        ['run', '--project', 'a/b', '--ref', 'main', '--variables-file', '/nonexistent/vars.yml'],
        {},
        /--variables-file is '\/nonexistent\/vars.yml', which cannot be read \(no such file\)/,
      ],
      [
        'a --gitlab-url that is not a URL',
        ['run', '--gitlab-url', 'gitlab', '--project', 'a/b', '--ref', 'main'],
        {},
        /--gitlab-url is 'gitlab', which is not a URL/,
      ],
      [
        'a GITLAB_URL that is not a URL',
        ['run', '--project', 'a/b', '--ref', 'main'],
        { GITLAB_URL: 'ftp://x' },
        /GITLAB_URL is 'ftp:\/\/x', which is not an http\(s\) address/,
      ],
      [
        'a ref with a space',
        ['run', '--project', 'a/b', '--ref', 'my branch'],
        {},
        /--ref is 'my branch', which is not a valid branch or tag name/,
      ],
      [
        'a token option',
        ['run', '--project', 'a/b', '--ref', 'main', '--token', 'glptt-abc'],
        {},
        /There is no --token option: a token on the command line ends up in shell history/,
      ],
      [
        'an unknown option',
        ['run', '--project', 'a/b', '--ref', 'main', '--wat'],
        {},
        /Unknown option --wat for 'gitlab-trigger run'/,
      ],
      [
        'an option without its value',
        ['run', '--project', 'a/b', '--ref'],
        {},
        /--ref needs a value: write --ref R/,
      ],
      [
        'an option followed by another',
        ['run', '--project', '--ref', 'main'],
        {},
        /--project is followed by an option instead of its value/,
      ],
      [
        'an option given twice',
        ['run', '--project', 'a/b', '--project', 'c/d', '--ref', 'main'],
        {},
        /--project is given 2 times/,
      ],
      [
        'a stray argument',
        ['run', '--project', 'a/b', '--ref', 'main', 'extra'],
        {},
        /Unexpected argument 'extra'/,
      ],
      [
        'no trigger token at all',
        ['run', '--project', 'a/b', '--ref', 'main'],
        { GITLAB_TRIGGER_TOKEN: '' },
        /GITLAB_TRIGGER_TOKEN is not set: set GITLAB_TRIGGER_TOKEN/,
      ],
      [
        'a token file with two words',
        ['run', '--project', 'a/b', '--ref', 'main', '--token-file', '__TWO_WORDS__'],
        {},
        /--token-file contains a space or line break/,
      ],
    ];

    it.each(cases)(
      'refuses %s with exit code 2, naming it, before any request',
      async (_what, args, env, message) => {
        const before = emu.requests.length;
        const resolved = args.map((a) =>
          a === '__TWO_WORDS__' ? files.file('two-words', 'glptt-a b\n') : a,
        );
        const result = await gitlabTrigger(resolved, withToken(env));
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(result.stderr.split('\n')[0]).toMatch(/^error: /);
        expect(result.stdout).toBe('');
        expect(emu.requests.length).toBe(before);
      },
    );
  });

  describe('refusals', () => {
    it('says why GitLab answered 404 for a token of another project, with exit code 3', async () => {
      const result = await gitlabTrigger(
        ['run', '--project', emu.seed.projectPath, '--ref', 'main'],
        withToken({ GITLAB_TRIGGER_TOKEN: emu.seed.otherProjectTriggerToken }),
      );
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(
        /GitLab answered 404 Not Found .*the token is not a trigger token of this project/,
      );
    });

    it('says the branch or tag does not exist, with exit code 3', async () => {
      const result = await gitlabTrigger(
        ['run', '--project', emu.seed.projectPath, '--ref', 'no-such-branch'],
        withToken(),
      );
      expect(result.code).toBe(3);
      expect(result.stderr).toContain("check that the branch or tag 'no-such-branch' exists");
    });

    it('says a job token is valid only while its job runs, with exit code 3', async () => {
      const result = await gitlabTrigger(
        ['run', '--project', emu.seed.projectPath, '--ref', 'main'],
        {
          GITLAB_CI: 'true',
          CI_API_V4_URL: emu.apiUrl,
          CI_JOB_TOKEN: emu.seed.expiredJobToken,
        },
      );
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('a CI job token is valid only while its job runs');
    });

    // The core retries a refused connection four times (1 + 2 + 4 + 8 s): nothing was sent.
    it('says the connection was refused after retrying, with exit code 3', async () => {
      const port = await closedPort();
      const result = await gitlabTrigger(['run', '--project', 'a/b', '--ref', 'main'], {
        GITLAB_URL: `http://127.0.0.1:${port}`,
        GITLAB_TRIGGER_TOKEN: emu.seed.triggerToken,
      });
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(
        `Could not connect to 127.0.0.1:${port} (connection refused)`,
      );
      expect(result.stderr).toContain('trying again in 1s (attempt 2 of 5)');
      expect(result.stderr).toContain('No pipeline was created');
    }, 40_000);
  });

  it('shows each request with --verbose, with no token in it', async () => {
    const result = await gitlabTrigger(
      ['run', '--project', emu.seed.projectPath, '--ref', 'main', '--verbose'],
      withToken(),
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `POST ${emu.apiUrl}/projects/acme%2Fplatform%2Fdeploy/trigger/pipeline → 201`,
    );
  });

  it('printed no token in any of the runs above', () => {
    expect(runs.length).toBeGreaterThan(30);
    const everything = runs.map((r) => r.stdout + r.stderr).join('\n');
    for (const secret of secretsOf(emu.seed)) expect(everything).not.toContain(secret);
  });
});
