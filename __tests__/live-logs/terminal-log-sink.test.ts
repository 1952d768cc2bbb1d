import { describe, expect, it } from '@jest/globals';
import { terminalLogSink } from '../../src/cli/live-log-sink.js';
import type { Io } from '../../src/cli/io.js';
import { Redactor } from '../../src/core/redact.js';

const ESC = '\u001b';

function io(env: NodeJS.ProcessEnv, stderrIsTTY: boolean): Io & { err: string } {
  const out = {
    env,
    stderrIsTTY,
    err: '',
    writeOut: () => {},
    writeErr: (text: string) => void (out.err += text),
    readFile: () => '',
  };
  return out;
}

const red = `${ESC}[31mred${ESC}[0m ::error::x\n`;

describe('the command line’s live log', () => {
  it('keeps colours for a person at a colour terminal', () => {
    const terminal = io({ TERM: 'xterm' }, true);
    terminalLogSink(terminal, new Redactor()).write([{ kind: 'lines', text: red }]);
    expect(terminal.err).toBe(red);
  });

  it('strips them in a pipe, and when NO_COLOR is set', () => {
    for (const [env, tty] of [[{}, false] as const, [{ NO_COLOR: '1' }, true] as const]) {
      const target = io(env, tty);
      terminalLogSink(target, new Redactor()).write([
        { kind: 'group', title: 'Build' },
        { kind: 'lines', text: red },
        { kind: 'endgroup' },
      ]);
      expect(target.err).toBe('── Build\nred ::error::x\n');
    }
  });

  it('fences a block with a workflow command’s marks inside a GitHub Actions step', () => {
    const step = io({ GITHUB_ACTIONS: 'true' }, false);
    terminalLogSink(step, new Redactor()).write([{ kind: 'lines', text: red }]);
    expect(step.err).toMatch(/^::stop-commands::(gitlab-log-[\w-]+)\nred ::error::x\n::\1::\n$/);
  });
});
