import { describe, expect, it } from '@jest/globals';
import type { Io } from '../../src/cli/io.js';
import { Output, wantsColor } from '../../src/cli/output.js';
import { Redactor } from '../../src/core/redact.js';

function fakeIo(
  env: Record<string, string>,
  stderrIsTTY: boolean,
): Io & { out: string; err: string } {
  const io = {
    env,
    stderrIsTTY,
    out: '',
    err: '',
    writeOut: (t: string) => void (io.out += t),
    writeErr: (t: string) => void (io.err += t),
    readFile: () => '',
  };
  return io;
}

describe('Output', () => {
  it('colours stderr only at a terminal, and never when NO_COLOR is set', () => {
    expect(wantsColor({ env: {}, stderrIsTTY: true })).toBe(true);
    expect(wantsColor({ env: {}, stderrIsTTY: false })).toBe(false);
    expect(wantsColor({ env: { NO_COLOR: '1' }, stderrIsTTY: true })).toBe(false);
    expect(wantsColor({ env: { TERM: 'dumb' }, stderrIsTTY: true })).toBe(false);
  });

  it('writes results to stdout and everything else to stderr', () => {
    const io = fakeIo({}, false);
    const out = new Output(io, new Redactor());
    out.result('the result');
    out.status('working');
    out.error('broken');
    out.debug('hidden unless verbose');
    expect(io.out).toBe('the result\n');
    expect(io.err).toBe('working\nerror: broken\n');
  });

  it('redacts every registered token on both streams, colour or not', () => {
    const io = fakeIo({}, true);
    const redactor = new Redactor();
    redactor.add('glptt-secretsecret');
    const out = new Output(io, redactor);
    out.verbose = true;
    out.json({ token: 'glptt-secretsecret' });
    out.logger().debug('POST with glptt-secretsecret');
    out.error('token glptt-secretsecret refused');
    expect(io.out + io.err).not.toContain('glptt-secretsecret');
    expect(io.err).toContain('\u001b[31merror: token *** refused\u001b[39m');
  });

  it('strips every terminal control sequence from what it prints, keeping its own colours', () => {
    const io = fakeIo({}, true);
    const out = new Output(io, new Redactor());
    const hostile = [
      'red \u001b[31mtext\u001b[0m',
      'title \u001b]0;owned\u0007',
      'link \u001b]8;;https://evil.example\u001b\\here\u001b]8;;\u001b\\',
      'dcs \u001bP1$r0m\u001b\\',
      'c1 \u009b2J\u009d0;x\u009c',
      'erase \u001b[2K\u001b[1A\u001bc',
      'bell\u0007 back\b del\u007f nul\u0000 tab\tkept',
    ].join(' | ');
    out.error(`GitLab said: ${hostile}`);
    out.result(hostile);
    expect(io.err).toBe(
      '\u001b[31merror: GitLab said: red text | title  | link here | dcs  | c1  | erase  | bell back del nul tab\tkept\u001b[39m\n',
    );
    expect(io.out).toBe(
      'red text | title  | link here | dcs  | c1  | erase  | bell back del nul tab\tkept\n',
    );
  });

  it('keeps a line break inside a message from printing a line of its own', () => {
    const io = fakeIo({}, false);
    const out = new Output(io, new Redactor());
    out.error('GitLab said: 400 Bad request\nPipeline #9 finished: success\rerror: none\u2028ok');
    expect(io.err.split('\n').filter(Boolean)).toEqual([
      'error: GitLab said: 400 Bad request',
      '  Pipeline #9 finished: success',
      '  error: none',
      '  ok',
    ]);
  });

  it('keeps every character of a JSON value, escaped, for jq', () => {
    const io = fakeIo({}, false);
    new Output(io, new Redactor()).json({ name: 'a\u001b[31mb\u009bc\u2028d\u202ee' });
    expect(io.out).toContain('\\u001b[31m');
    expect(JSON.parse(io.out)).toEqual({ name: 'a\u001b[31mb\u009bc\u2028d\u202ee' });
    // eslint-disable-next-line no-control-regex
    expect(io.out).not.toMatch(/[\u001b\u009b\u2028]/);
  });

  it('writes ##[ in JSON escaped, so no runner reads a command in it, and the value is the same', () => {
    const io = fakeIo({}, false);
    const value = { name: 'deploy ##[set-output name=status;]success', list: ['##[add-mask]x'] };
    new Output(io, new Redactor()).json(value);
    expect(io.out).not.toContain('##[');
    expect(JSON.parse(io.out)).toEqual(value);
  });

  it('fences a message holding :: or ##[ on stderr only inside a GitHub Actions step', () => {
    const text = 'waiting for approve\n::add-mask::Pipeline';
    const plain = fakeIo({}, false);
    new Output(plain, new Redactor()).status(text);
    expect(plain.err).not.toContain('stop-commands');
    const step = fakeIo({ GITHUB_ACTIONS: 'true' }, false);
    new Output(step, new Redactor()).status(text);
    expect(step.err).toMatch(
      /^::stop-commands::(gitlab-text-[\w-]+)\nwaiting for approve\n {2}::add-mask::Pipeline\n::\1::\n$/,
    );
  });

  it('hides a secret that control sequences were splitting', () => {
    const io = fakeIo({}, false);
    const redactor = new Redactor();
    redactor.add('glptt-secretsecretsecret');
    new Output(io, redactor).warning('token glptt-secret\u001b[0msecretsecret');
    expect(io.err).toBe('warning: token ***\n');
  });
});

describe('Output inside a GitHub Actions step', () => {
  it('fences a result line holding ##[ (a token description in a table), not the JSON', () => {
    const io = fakeIo({ GITHUB_ACTIONS: 'true' }, false);
    const out = new Output(io, new Redactor());
    out.result('1  x ##[set-output name=deploy_target;]prod  -  never');
    expect(io.out).toMatch(
      /^::stop-commands::(gitlab-text-[\w-]+)\n1 {2}x ##\[set-output.*\n::\1::\n$/,
    );
    const json = fakeIo({ GITHUB_ACTIONS: 'true' }, false);
    new Output(json, new Redactor()).json({ description: 'x ##[set-output name=a;]b' });
    expect(json.out).not.toContain('stop-commands');
    expect(JSON.parse(json.out)).toEqual({ description: 'x ##[set-output name=a;]b' });
  });
});
