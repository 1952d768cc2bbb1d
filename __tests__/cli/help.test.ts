import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { COMMANDS } from '../../src/cli/registry.js';
import { bundledCli, cli } from './run-cli.js';

// Help and version: what a user sees first. The first two through dist/cli.js, as shipped.

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('gitlab-trigger help', () => {
  it('prints the version from package.json with --version', async () => {
    const result = await bundledCli(['--version']);
    expect(result).toEqual({ code: 0, stdout: `gitlab-trigger ${pkg.version}\n`, stderr: '' });
  });

  it('lists every command, the environment and the exit codes with --help', async () => {
    const result = await bundledCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toContain(`  ${command.name}  `);
    for (const name of [
      'GITLAB_URL',
      'GITLAB_TRIGGER_TOKEN',
      'GITLAB_API_TOKEN',
      'CI_JOB_TOKEN',
      'NO_COLOR',
    ]) {
      expect(result.stdout).toContain(name);
    }
    expect(result.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 .*\n {2}4 /);
    expect(result.stderr).toBe('');
  });

  it('lists the short options, and run --help shows each beside its long form', async () => {
    const { stdout } = await cli(['--help']);
    expect(stdout).toContain(
      'Short options:\n  -p --project, -r --ref, -e --var, -i --input, -w --wait, -t --timeout, -h --help\n',
    );
    const run = await cli(['run', '--help']);
    expect(run.stdout).toMatch(/\n {2}-p, --project P +/);
    expect(run.stdout).toMatch(/\n {2}-i, --input NAME\[:TYPE\]=VALUE\n +A pipeline input/);
    expect(run.stdout).toContain('replicas:number=3');
    expect(run.stdout).toContain('printed on stdout');
  });

  it('lists the proxy variables, and that run --wait reads GITLAB_API_TOKEN, with --help', async () => {
    const { stdout } = await cli(['--help']);
    const environment = stdout.slice(stdout.indexOf('Environment:'), stdout.indexOf('Exit codes:'));
    for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY'])
      expect(environment).toMatch(new RegExp(`^  (.*[ ,])?${name}\\b`, 'm'));
    expect(environment.replace(/\s+/g, ' ')).toMatch(
      /GITLAB_API_TOKEN An access token: read by run --wait to follow the pipeline \(read_api is enough;/,
    );
  });

  it('says in run --help that read_api is enough for --api-token-file to wait', async () => {
    const { stdout } = await cli(['run', '--help']);
    const line = stdout.slice(stdout.indexOf('--api-token-file'));
    expect(line.slice(0, line.indexOf('\n  -')).replace(/\s+/g, ' ')).toContain(
      'read_api is enough to wait',
    );
  });

  it.each(COMMANDS.map((c) => [c.name]))(
    'prints the options and examples of %s with --help',
    async (name) => {
      const result = await cli([...name.split(' '), '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: gitlab-trigger ${name} `));
      expect(result.stdout).toContain('Examples:\n  # ');
      expect(result.stdout).toContain(`  gitlab-trigger ${name}`);
      expect(await cli(['help', ...name.split(' ')])).toEqual(result);
    },
  );

  it('lists the tokens commands with tokens --help, and asks for one without it', async () => {
    const help = await cli(['tokens', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('tokens delete');
    const bare = await cli(['tokens']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain(
      "'gitlab-trigger tokens' needs a command: list, get, create, update, delete.",
    );
  });

  it('exits with 2 and no output on stdout for no command or an unknown one', async () => {
    for (const args of [[], ['deploy']]) {
      const result = await cli(args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error: /);
    }
  });
});
