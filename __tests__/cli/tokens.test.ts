import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { bundledCli, cli, secretsOf, tempFiles, type CliRun } from './run-cli.js';

// `gitlab-trigger tokens …` against the GitLab emulator, through the command line of src/ in
// process (the listing also through dist/cli.js, as a user runs it).

interface TriggerJson {
  id: number;
  token: string;
  description: string | null;
  owner: { username: string } | null;
  expires_at: string | null;
}

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

async function gitlabTrigger(
  args: string[],
  env: Record<string, string> = {},
  run = cli,
): Promise<CliRun> {
  const result = await run(args, {
    env: { GITLAB_URL: emu.url, GITLAB_API_TOKEN: emu.seed.apiToken, ...env },
  });
  runs.push(result);
  return result;
}

const project = (): string[] => ['--project', emu.seed.projectPath];

describe('gitlab-trigger tokens', () => {
  it("lists the project's trigger tokens as a table, shortened unless --show-tokens", async () => {
    const result = await gitlabTrigger(['tokens', 'list', ...project()], {}, bundledCli);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+DESCRIPTION\s+OWNER\s+LAST USED\s+EXPIRES\s+TOKEN$/);
    const row = rows.find((r) => r.startsWith(`${emu.seed.triggerId} `));
    expect(row).toMatch(
      /GitHub Actions deploy\s+deploy-bot\s+never\s+never\s+glptt-[0-9a-f]{4}… \(shortened\)$/,
    );
    expect(result.stdout).not.toContain(emu.seed.triggerToken);

    const whole = await gitlabTrigger(['tokens', 'list', ...project(), '--show-tokens']);
    const wholeRow = whole.stdout.split('\n').find((r) => r.startsWith(`${emu.seed.triggerId} `));
    expect(wholeRow).toMatch(
      /GitHub Actions deploy\s+deploy-bot\s+never\s+never\s+glptt-[0-9a-f]{40}$/,
    );
  });

  it('lists every page as JSON with --json', async () => {
    for (let i = 0; i < 105; i++) {
      emu.addTriggerToken({
        projectId: emu.seed.otherProjectId,
        ownerId: emu.seed.user.id,
        description: `bulk ${i}`,
      });
    }
    const before = emu.requests.length;
    const result = await gitlabTrigger([
      'tokens',
      'list',
      '--project',
      emu.seed.otherProjectPath,
      '--json',
    ]);
    expect(result.code).toBe(0);
    const tokens = JSON.parse(result.stdout) as TriggerJson[];
    expect(tokens).toHaveLength(106);
    expect(new Set(tokens.map((t) => t.id)).size).toBe(106);
    expect(emu.requests.slice(before).map((r) => r.url)).toEqual([
      `/api/v4/projects/acme%2Fplatform%2Fother/triggers?per_page=100&page=1`,
      `/api/v4/projects/acme%2Fplatform%2Fother/triggers?per_page=100&page=2`,
    ]);
  });

  it('shows a non-owner the tokens shortened, and says so in the table', async () => {
    const result = await gitlabTrigger(['tokens', 'list', ...project()], {
      GITLAB_API_TOKEN: emu.seed.otherMaintainerToken,
    });
    expect(result.code).toBe(0);
    const short = emu.seed.triggerToken.slice('glptt-'.length, 'glptt-'.length + 4);
    expect(result.stdout).toMatch(
      new RegExp(`^${emu.seed.triggerId} .*\\s${short}… \\(shortened\\)$`, 'm'),
    );
    expect(result.stdout).toContain(
      'GitLab shows a trigger token whole only to the user who owns it',
    );
    expect(result.stdout).not.toContain(emu.seed.triggerToken);

    const json = await gitlabTrigger(
      ['tokens', 'get', String(emu.seed.triggerId), ...project(), '--json'],
      {
        GITLAB_API_TOKEN: emu.seed.otherMaintainerToken,
      },
    );
    expect((JSON.parse(json.stdout) as TriggerJson).token).toBe(short);
  });

  it('shows one token with get, as fields or as JSON', async () => {
    const result = await gitlabTrigger(['tokens', 'get', String(emu.seed.triggerId), ...project()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^ID\\s+${emu.seed.triggerId}$`, 'm'));
    expect(result.stdout).toMatch(/^Description\s+GitHub Actions deploy$/m);
    expect(result.stdout).toMatch(/^Owner\s+deploy-bot$/m);
    const json = await gitlabTrigger([
      'tokens',
      'get',
      String(emu.seed.triggerId),
      ...project(),
      '--json',
    ]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      id: emu.seed.triggerId,
      token: emu.seed.triggerToken.slice(0, 10),
    });
  });

  it('creates a token owned by the API token’s user, with an expiry date', async () => {
    const expires = new Date(emu.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const result = await gitlabTrigger([
      'tokens',
      'create',
      ...project(),
      '--description',
      'GitHub: acme/app',
      '--expires-at',
      expires,
      '--json',
    ]);
    expect(result.code).toBe(0);
    const created = JSON.parse(result.stdout) as TriggerJson;
    expect(created.description).toBe('GitHub: acme/app');
    expect(created.owner?.username).toBe('deploy-bot');
    expect(created.token).toMatch(/^glptt-[0-9a-f]{40}$/);
    expect(created.expires_at?.slice(0, 10)).toBe(expires);
    expect(emu.triggers.find((t) => t.id === created.id)?.token).toBe(created.token);
    expect(result.stderr).toContain(
      `Created trigger token #${created.id}. Store it as a secret now`,
    );
    expect(result.stderr).not.toContain('keeps no expiry');
  });

  it('updates the description of a token its user owns', async () => {
    const result = await gitlabTrigger([
      'tokens',
      'update',
      String(emu.seed.triggerId),
      ...project(),
      '--description',
      'GitHub Actions deploy (prod)',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Description\s+GitHub Actions deploy \(prod\)$/m);
    expect(emu.triggers.find((t) => t.id === emu.seed.triggerId)?.description).toBe(
      'GitHub Actions deploy (prod)',
    );
  });

  it('deletes a token, printing nothing on stdout', async () => {
    const doomed = emu.addTriggerToken({
      projectId: emu.seed.projectId,
      ownerId: emu.seed.user.id,
      description: 'doomed',
    });
    const result = await gitlabTrigger(['tokens', 'delete', String(doomed.id), ...project()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`Deleted trigger token #${doomed.id}.`);
    expect(emu.triggers.some((t) => t.id === doomed.id)).toBe(false);
  });

  it('prints the deleted id as JSON with --json', async () => {
    const doomed = emu.addTriggerToken({
      projectId: emu.seed.projectId,
      ownerId: emu.seed.user.id,
      description: 'doomed too',
    });
    const result = await gitlabTrigger([
      'tokens',
      'delete',
      String(doomed.id),
      ...project(),
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ deleted: doomed.id });
    expect(emu.triggers.some((t) => t.id === doomed.id)).toBe(false);
  });

  it('warns that an --expires-at in the past has passed, and creates the token', async () => {
    const result = await gitlabTrigger([
      'tokens',
      'create',
      ...project(),
      '--description',
      'already over',
      '--expires-at',
      '2020-01-31',
      '--json',
    ]);
    expect(result.stderr).toContain(
      'warning: --expires-at is 2020-01-31, which has passed: the token may not work at all.',
    );
    expect(result.code).toBe(0);
  });

  it('reads the API token from --api-token-file, which wins over GITLAB_API_TOKEN', async () => {
    const file = files.file('api-token', `${emu.seed.apiToken}\n`);
    const result = await gitlabTrigger(['tokens', 'list', ...project(), '--api-token-file', file], {
      GITLAB_API_TOKEN: emu.seed.outsiderToken,
    });
    expect(result.code).toBe(0);
    const request = emu.requests.at(-1);
    expect(request?.headers['private-token']).toBe(emu.seed.apiToken);
  });

  describe('refusals, each in one line with exit code 3', () => {
    it('says GITLAB_API_TOKEN was not accepted on 401', async () => {
      const result = await gitlabTrigger(['tokens', 'list', ...project()], {
        GITLAB_API_TOKEN: 'glpat-notatokenGitLabknows',
      });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(
        /^error: GitLab answered 401 Unauthorized to the request to list the trigger tokens of project 'acme\/platform\/deploy': the token in GITLAB_API_TOKEN was not accepted;/,
      );
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    });

    it('says the Maintainer role is needed on 403 for create', async () => {
      const result = await gitlabTrigger(['tokens', 'create', ...project(), '--description', 'x'], {
        GITLAB_API_TOKEN: emu.seed.developerToken,
      });
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('GitLab answered 403 Forbidden');
      expect(result.stderr).toContain(
        "the user of the token in GITLAB_API_TOKEN needs the Maintainer role on project 'acme/platform/deploy'",
      );
    });

    it("says only the owner may change a token on 403 for another user's token", async () => {
      const result = await gitlabTrigger(
        ['tokens', 'update', String(emu.seed.triggerId), ...project(), '--description', 'mine now'],
        { GITLAB_API_TOKEN: emu.seed.otherMaintainerToken },
      );
      expect(result.code).toBe(3);
      expect(result.stderr).toContain("only the trigger token's owner may change it");
    });

    it('says the project is not visible on 404 for an unknown project', async () => {
      const result = await gitlabTrigger(['tokens', 'list', '--project', 'acme/nothing-here']);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(
        "no project 'acme/nothing-here' is visible to the token in GITLAB_API_TOKEN",
      );
    });

    it('says the project has no such token on 404 for an unknown id', async () => {
      const result = await gitlabTrigger(['tokens', 'get', '99999', ...project()]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(
        "project 'acme/platform/deploy' has no trigger token with that id",
      );
    });

    it('names --api-token-file when the token came from there', async () => {
      const file = files.file('bad-api-token', 'glpat-notatokenGitLabknows');
      const result = await gitlabTrigger([
        'tokens',
        'list',
        ...project(),
        '--api-token-file',
        file,
      ]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('the token in --api-token-file was not accepted');
    });
  });

  describe('usage errors, with exit code 2 and no request', () => {
    const cases: Array<[string, string[], Record<string, string>, RegExp]> = [
      [
        'no API token',
        ['tokens', 'list', '--project', 'a/b'],
        { GITLAB_API_TOKEN: '' },
        /GITLAB_API_TOKEN is not set: set it to a personal, group or project access token/,
      ],
      ['a missing --project', ['tokens', 'list'], {}, /--project P is missing/],
      ['a missing TRIGGER_ID', ['tokens', 'get', '--project', 'a/b'], {}, /TRIGGER_ID is missing/],
      [
        'a TRIGGER_ID that is not a number',
        ['tokens', 'delete', 'abc', '--project', 'a/b'],
        {},
        /TRIGGER_ID is 'abc', which is not a trigger token id/,
      ],
      [
        'a missing --description on create',
        ['tokens', 'create', '--project', 'a/b'],
        {},
        /--description TEXT is missing/,
      ],
      [
        'an empty --description on update',
        ['tokens', 'update', '1', '--project', 'a/b', '--description', ' '],
        {},
        /--description is empty/,
      ],
      [
        'an --expires-at that is not a date',
        ['tokens', 'create', '--project', 'a/b', '--description', 'x', '--expires-at', 'tomorrow'],
        {},
        /--expires-at is 'tomorrow', which is not a date/,
      ],
      [
        'a TRIGGER_ID past 2^53, which would be sent as another number',
        ['tokens', 'delete', '9007199254740993', '--project', 'a/b'],
        {},
        /TRIGGER_ID is '9007199254740993', which is not a trigger token id/,
      ],
      [
        'an --expires-at on a day that does not exist',
        [
          'tokens',
          'create',
          '--project',
          'a/b',
          '--description',
          'x',
          '--expires-at',
          '2027-02-31',
        ],
        {},
        /--expires-at is '2027-02-31', which is not a date or time that exists: give one such as 2027-01-31/,
      ],
      [
        'an --expires-at at an hour that does not exist',
        [
          'tokens',
          'create',
          '--project',
          'a/b',
          '--description',
          'x',
          '--expires-at',
          '2027-01-31T24:30:00Z',
        ],
        {},
        /--expires-at is '2027-01-31T24:30:00Z', which is not a date or time that exists/,
      ],
      [
        'an --api-token option',
        ['tokens', 'list', '--project', 'a/b', '--api-token', 'x'],
        {},
        /There is no --api-token option.*GITLAB_API_TOKEN/,
      ],
      [
        'an unknown tokens command',
        ['tokens', 'rotate', '--project', 'a/b'],
        {},
        /Unknown command 'tokens rotate': 'tokens' takes list, get, create, update, delete/,
      ],
    ];

    it.each(cases)('refuses %s', async (_what, args, env, message) => {
      const before = emu.requests.length;
      const result = await gitlabTrigger(args, env);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
      expect(emu.requests.length).toBe(before);
    });
  });

  it('printed no API token, and no trigger token a run was not about, in the runs above', () => {
    const everything = runs.map((r) => r.stdout + r.stderr).join('\n');
    const apiTokens = secretsOf(emu.seed).filter(
      (s) => s.startsWith('glpat-') || s.startsWith('glcbt-'),
    );
    expect(apiTokens.length).toBeGreaterThan(3);
    for (const secret of [...apiTokens, 'glpat-notatokenGitLabknows'])
      expect(everything).not.toContain(secret);
    // The trigger tokens of other projects were never listed by these runs.
    expect(everything).not.toContain(emu.seed.publicTriggerToken);
  });
});

describe('gitlab-trigger tokens create --expires-at on GitLab before 17.0', () => {
  let old: Emulator;
  beforeAll(async () => {
    old = await startEmulator({ gitlabVersion: '16.11.10' });
  });
  afterAll(() => old.close());

  async function create(): Promise<{ result: CliRun; id: number }> {
    const expires = new Date(old.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const result = await cli(
      [
        'tokens',
        'create',
        '--project',
        old.seed.projectPath,
        '--description',
        'release 1.2',
        '--expires-at',
        expires,
        '--json',
      ],
      { env: { GITLAB_URL: old.url, GITLAB_API_TOKEN: old.seed.apiToken } },
    );
    return { result, id: (JSON.parse(result.stdout) as TriggerJson).id };
  }

  it('creates the token and warns, naming the release, that it never expires', async () => {
    const { result, id } = await create();
    expect(result.code).toBe(0);
    expect(old.triggers.find((t) => t.id === id)?.expiresAt).toBeNull();
    expect(result.stderr).toContain(
      `warning: GitLab 16.11.10 keeps no expiry for trigger tokens (GitLab 17.0 added it): --expires-at `,
    );
    expect(result.stderr).toContain(
      `was dropped and trigger token #${id} never expires. Delete it when it is no longer needed ('gitlab-trigger tokens delete ${id} --project acme/platform/deploy'), or upgrade GitLab.`,
    );
    expect(result.stderr).not.toContain(old.seed.apiToken);
  });

  it('still warns, from the answer, when the version cannot be read', async () => {
    old.fail({
      method: 'GET',
      path: '/api/v4/version',
      status: 403,
      body: { message: '403 Forbidden' },
    });
    const { result, id } = await create();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `warning: This GitLab keeps no expiry for trigger tokens (GitLab 17.0 added it): --expires-at`,
    );
    expect(result.stderr).toContain(`trigger token #${id} never expires`);
  });
});
