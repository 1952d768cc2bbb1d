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
});
