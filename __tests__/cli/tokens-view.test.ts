import { describe, expect, it } from '@jest/globals';
import { isShortened, type TriggerToken } from '../../src/core/trigger-tokens.js';
import { SHORTENED_NOTE, tokenRecord, tokensTable } from '../../src/cli/tokens-view.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const whole: TriggerToken = {
  id: 10,
  description: 'my trigger',
  token: 'glptt-0123456789abcdef0123456789abcdef01234567',
  created_at: '2026-01-07T09:53:58.235Z',
  last_used: '2026-11-24T08:00:00.000Z',
  expires_at: null,
  owner: { id: 1, username: 'root' },
};

describe('isShortened', () => {
  it('tells a token shortened for a non-owner from a whole one', () => {
    expect(isShortened('0123')).toBe(true);
    expect(isShortened('glptt-0123')).toBe(true);
    expect(isShortened(whole.token)).toBe(false);
    expect(isShortened('6d056f63e50fe6f8c5f8f4aa10edb7')).toBe(false);
  });
});

describe('tokensTable', () => {
  it('lines up the columns and shows a whole token as it is', () => {
    expect(tokensTable([whole], NOW)).toBe(
      [
        'ID  DESCRIPTION  OWNER  LAST USED          EXPIRES  TOKEN',
        `10  my trigger   root   2026-11-24 08:00Z  never    ${whole.token}`,
      ].join('\n'),
    );
  });

  it('marks a shortened token and explains why under the table', () => {
    const table = tokensTable([{ ...whole, token: '0123', owner: null }], NOW);
    expect(table).toContain('0123… (shortened)');
    expect(table.endsWith(`\n\n${SHORTENED_NOTE}`)).toBe(true);
  });

  it('marks a token that has expired', () => {
    expect(tokensTable([{ ...whole, expires_at: '2026-01-01T00:00:00Z' }], NOW)).toContain(
      '2026-01-01 00:00Z (expired)',
    );
  });

  it('prints no control characters from a description', () => {
    const table = tokensTable([{ ...whole, description: 'evil\u001b[2J\nline' }], NOW);
    expect(table).not.toContain('\u001b');
    expect(table.split('\n')).toHaveLength(2);
  });
});

describe('tokenRecord', () => {
  it('shows one token as fields', () => {
    expect(tokenRecord(whole, NOW)).toBe(
      [
        'ID           10',
        'Description  my trigger',
        'Owner        root',
        'Created      2026-01-07 09:53Z',
        'Last used    2026-11-24 08:00Z',
        'Expires      never',
        `Token        ${whole.token}`,
      ].join('\n'),
    );
  });
});
