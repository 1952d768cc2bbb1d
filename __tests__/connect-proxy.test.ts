import { describe, expect, it } from '@jest/globals';
import { bypassesProxy, connect } from '../src/core/gitlab-connection.js';
import { Redactor } from '../src/core/redact.js';
import { fakeClock, recordingLogger } from './helpers/client.js';

const url = (u: string) => new URL(u);

describe('bypassesProxy, by undici’s NO_PROXY rules', () => {
  it.each([
    ['https://gitlab.example.com', 'gitlab.example.com', true],
    ['https://gitlab.example.com', 'example.com', true],
    ['https://gitlab.example.com', '.example.com', true],
    ['https://gitlab.example.com', '*.example.com', true],
    ['https://example.com', '*.example.com', false],
    ['https://example.com', '.example.com', true],
    ['https://notexample.com', 'example.com', false],
    ['https://gitlab.example.com', 'other.org, *', true],
    ['https://gitlab.example.com', 'gitlab.example.com:443', true],
    ['https://gitlab.example.com', 'gitlab.example.com:8443', false],
    ['http://127.0.0.1:8080/api/v4', '127.0.0.1,localhost', true],
    ['http://[::1]:8080', '[::1]:8080', true],
    ['http://[::1]:8080', '::1', true],
    ['https://GitLab.Example.com.', 'gitlab.example.com', true],
    ['https://gitlab.example.com', '', false],
  ])('%s with NO_PROXY=%j: %s', (target, noProxy, bypassed) => {
    expect(bypassesProxy(url(target), noProxy)).toBe(bypassed);
  });
});

describe('connect with proxy variables', () => {
  const instance = { url: 'http://127.0.0.1:8080', apiUrl: 'http://127.0.0.1:8080/api/v4' };
  const open = async (env: NodeJS.ProcessEnv) => {
    const logger = recordingLogger();
    await connect(instance, { logger, redactor: new Redactor(), clock: fakeClock(), env });
    return logger.lines;
  };

  it('connects directly, without loading a proxy agent, when NO_PROXY names the instance', async () => {
    const lines = await open({ HTTP_PROXY: 'http://proxy:3128', NO_PROXY: '127.0.0.1' });
    expect(lines).toContainEqual(expect.stringContaining('do not apply to 127.0.0.1:8080'));
    expect(lines.join('\n')).not.toContain('Requests go through the proxy');
  });

  it('connects directly when only HTTPS_PROXY is set and the instance speaks http', async () => {
    const lines = await open({ HTTPS_PROXY: 'http://proxy:3128' });
    expect(lines.join('\n')).not.toContain('Requests go through the proxy');
  });

  it('takes HTTP_PROXY for an https instance when HTTPS_PROXY is not set, as curl does', async () => {
    const logger = recordingLogger();
    await connect(
      { url: 'https://gitlab.example.com', apiUrl: 'https://gitlab.example.com/api/v4' },
      { logger, redactor: new Redactor(), clock: fakeClock(), env: { HTTP_PROXY: 'proxy:3128' } },
    );
    expect(logger.lines).toContainEqual(expect.stringContaining('Requests go through the proxy'));
  });

  it('goes through the proxy when it applies', async () => {
    const lines = await open({ HTTP_PROXY: 'http://proxy:3128', NO_PROXY: 'gitlab.example.com' });
    expect(lines).toContainEqual(expect.stringContaining('Requests go through the proxy'));
  });
});
