import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { TEST_TLS } from '../../emulator/tls-fixture.js';
import { bundledCli as cli, tempFiles } from './run-cli.js';

// --ca-cert and --request-timeout, against the emulator served over HTTPS with a certificate
// no public CA signed, as a self-managed instance with a private CA is. Through dist/cli.js:
// a CA added with --ca-cert is trusted by the whole process, so each run gets a process of its own.

let emu: Emulator;
const files = tempFiles();
let ca: string;

beforeAll(async () => {
  emu = await startEmulator({ tls: TEST_TLS });
  ca = files.file('ca.pem', TEST_TLS.cert);
});
afterAll(async () => {
  await emu.close();
  files.cleanup();
});

const env = (): Record<string, string> => ({
  GITLAB_URL: emu.url,
  GITLAB_TRIGGER_TOKEN: emu.seed.triggerToken,
  GITLAB_API_TOKEN: emu.seed.apiToken,
});

describe('connection options', () => {
  it('refuses an instance whose certificate is not trusted, with exit code 3', async () => {
    const result = await cli(['run', '--project', emu.seed.projectPath, '--ref', 'main'], {
      env: env(),
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/The TLS certificate of 127\.0\.0\.1:\d+ is not trusted/);
    expect(result.stderr).toContain('NODE_EXTRA_CA_CERTS');
  });

  it('triggers on that instance once its CA is given with --ca-cert', async () => {
    const result = await cli(
      ['run', '--project', emu.seed.projectPath, '--ref', 'main', '--ca-cert', ca, '--json'],
      { env: env() },
    );
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { web_url: string }).web_url).toMatch(/^https:\/\//);
  });

  it('lists trigger tokens on that instance with --ca-cert', async () => {
    const result = await cli(
      ['tokens', 'list', '--project', emu.seed.projectPath, '--ca-cert', ca, '--json'],
      { env: env() },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(expect.any(Array));
  });

  it.each([
    [
      ['run', '--project', 'a/b', '--ref', 'main'],
      '--ca-cert',
      '/nonexistent.pem',
      /^error: --ca-cert is the path '\/nonexistent\.pem', where there is no file \(ENOENT\): paste/,
    ],
    [
      ['tokens', 'list', '--project', 'a/b'],
      '--ca-cert',
      '/nonexistent.pem',
      /^error: --ca-cert is the path '\/nonexistent\.pem', where there is no file/,
    ],
    [
      ['run', '--project', 'a/b', '--ref', 'main'],
      '--ca-cert',
      '/dev/zero',
      /^error: --ca-cert is '\/dev\/zero', which is neither PEM text nor a readable file \(it is a device, not a file\)/,
    ],
    [
      ['tokens', 'list', '--project', 'a/b'],
      '--ca-cert',
      'glpat-hunter22hunter22hunter22',
      /^error: --ca-cert is a text of 30 characters, neither PEM text nor a readable file \(ENOENT\)/,
    ],
    [
      ['run', '--project', 'a/b', '--ref', 'main'],
      '--request-timeout',
      'soon',
      /^error: --request-timeout is 'soon', which is not a duration/,
    ],
    [
      ['tokens', 'get', '1', '--project', 'a/b'],
      '--request-timeout',
      '0.1s',
      /^error: --request-timeout is '0.1s', shorter than/,
    ],
  ])(
    'refuses %j with an unusable %s, with exit code 2 and no request',
    async (args, option, value, message) => {
      const before = emu.requests.length;
      const result = await cli([...args, option, value], { env: env() });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/hunter|^\s+at /m);
      expect(emu.requests.length).toBe(before);
    },
  );

  it('refuses a FIFO or a file over 1 MiB as --ca-cert at once, without a stack trace', async () => {
    const fifo = files.file('placeholder', '').replace(/placeholder$/, 'ca.fifo');
    execFileSync('mkfifo', [fifo]);
    const big = files.file('big.pem', 'A'.repeat(2 * 1024 * 1024));
    for (const [path, why] of [
      [fifo, 'it is a FIFO (named pipe), not a file'],
      [big, 'it is larger than 1 MiB'],
    ] as const) {
      const result = await cli(['run', '--project', 'a/b', '--ref', 'main', '--ca-cert', path], {
        env: env(),
        timeoutMs: 10_000,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`which is neither PEM text nor a readable file (${why})`);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(2);
    }
  });
});
