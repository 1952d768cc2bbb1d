import { describe, expect, it } from '@jest/globals';
import { LogLines, MAX_LINE_CHARS } from '../../src/core/follow/watchers/live-log-text.js';
import {
  logReadDelay,
  LOG_BUDGET_BYTES_PER_MINUTE,
  QUICKEST_LOG_READ_MS,
} from '../../src/core/follow/watchers/live-log-budget.js';
import { cutCharacter } from '../../src/core/http-transport.js';
import { Redactor } from '../../src/core/redact.js';
import { plainText } from '../../src/cli/terminal-text.js';
import { colourOnly, withoutColours, withoutControls } from '../../src/core/control-text.js';

const ESC = '\u001b';
const secret = 'glpat-Abcdefghijklmnopqrst';
const redactor = new Redactor();
redactor.add(secret);
const text = (pieces: ReturnType<LogLines['push']>) =>
  pieces
    .map((p) => (p.kind === 'lines' ? p.text : p.kind === 'group' ? `<${p.title}>\n` : '</>\n'))
    .join('');

describe('LogLines', () => {
  it('holds a partial line until its end, so a secret cut by a read is masked whole', () => {
    const lines = new LogLines(redactor, { groups: false, prefix: '' });
    expect(text(lines.push(`a\nusing ${secret.slice(0, 9)}`))).toBe('a\n');
    expect(text(lines.push(`${secret.slice(9)} here\n`))).toBe('using *** here\n');
  });

  it('shows a log without line feeds in bounded pieces, never a whole secret at the cut', () => {
    const lines = new LogLines(redactor, { groups: false, prefix: '' });
    const long = 'x'.repeat(MAX_LINE_CHARS - 10) + secret + 'y'.repeat(50);
    const shown = text(lines.push(long)) + text(lines.flush());
    expect(shown).not.toContain(secret.slice(0, 12));
    expect(shown).toContain('***');
    expect(lines.held).toBe(0);
  });

  it('turns top-level sections into groups, and keeps only colours of the controls', () => {
    const lines = new LogLines(redactor, { groups: true, prefix: '' });
    const log =
      `${ESC}[0Ksection_start:1700000000:build[collapsed=true]\r${ESC}[0K${ESC}[36mBuilding${ESC}[0m\n` +
      `${ESC}[31mred${ESC}[0m${ESC}]0;title${ESC}\\ done\rrewritten\n` +
      `${ESC}[0Ksection_end:1700000000:build\r${ESC}[0K\n`;
    expect(text(lines.push(log))).toBe(`<Building>\nrewritten\n</>\n`);
    const colours = new LogLines(redactor, { groups: false, prefix: '[j] ' });
    expect(text(colours.push(`${ESC}[31mred${ESC}[0m${ESC}]0;title${ESC}\\ ok\n`))).toBe(
      `[j] ${ESC}[31mred${ESC}[0m ok\n`,
    );
  });

  it('finds a secret that colours split, and masks it without the colours', () => {
    const lines = new LogLines(redactor, { groups: false, prefix: '' });
    const split = `${secret.slice(0, 10)}${ESC}[1m${secret.slice(10)}${ESC}[0m\n`;
    expect(text(lines.push(split))).toBe('***\n');
  });
});

describe('control sequences', () => {
  it('are stripped from a live log as the command line strips them from GitLab text', () => {
    const sample = [
      `${ESC}[31mred${ESC}[0m`,
      `${ESC}]0;title\u0007`,
      `${ESC}]8;;https://x${ESC}\\link`,
      '\u009b2J\u0090dcs\u009c',
      `${ESC}(B${ESC}7`,
      'bidi \u202eevil\u2066',
      'nul\u0000 del\u007f tab\t',
    ].join(' ');
    expect(withoutColours(colourOnly(sample))).toBe(plainText(sample));
    expect(withoutControls(sample)).toBe(plainText(sample));
  });
});

describe('the read budget', () => {
  it('reads a small log every 2 s and a large one no more than the budget allows', () => {
    expect(logReadDelay(10_000)).toBe(QUICKEST_LOG_READ_MS);
    const size = 5 * 1024 * 1024;
    const perMinute = (size * 60_000) / logReadDelay(size);
    expect(perMinute).toBeLessThanOrEqual(LOG_BUDGET_BYTES_PER_MINUTE);
    expect(logReadDelay(10_000, 3)).toBeGreaterThan(QUICKEST_LOG_READ_MS);
  });

  it('leaves out the bytes of a character the window cut', () => {
    expect(cutCharacter(Buffer.from('aé').subarray(0, 2))).toBe(1);
    expect(cutCharacter(Buffer.from('a€'))).toBe(0);
    expect(cutCharacter(Buffer.from('🙂').subarray(0, 3))).toBe(3);
  });
});
