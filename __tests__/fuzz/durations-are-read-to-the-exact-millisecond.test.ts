import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseDuration } from '../../src/core/parse/duration.js';
import { anyText, expectNamesTheInput, outcome } from './generators.js';

// timeout, max_poll_interval and request_timeout: `90s`, `30m`, `2h`, `1h30m` or plain seconds.

const NAME = 'timeout';
const parse = (text: string, options?: { min?: number; max?: number }) =>
  parseDuration(text, NAME, options);

const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1_000 } as const;
type Unit = keyof typeof UNIT_MS;

/**
 * An amount as written and its value in thousandths, so that the expected milliseconds are
 * computed in integers: at most three decimals make every h, m and s amount a whole number
 * of milliseconds.
 */
const amount = fc.oneof(
  fc.nat(100_000).map((n) => ({ text: String(n), thousandths: n * 1000 })),
  fc
    .tuple(fc.nat(10_000), fc.integer({ min: 1, max: 3 }), fc.nat(999))
    .map(([whole, digits, fraction]) => {
      const decimals = String(fraction % 10 ** digits).padStart(digits, '0');
      return {
        text: `${whole}.${decimals}`,
        thousandths: whole * 1000 + Number(decimals) * 10 ** (3 - digits),
      };
    }),
);
const part = fc.tuple(amount, fc.constantFrom<Unit>('h', 'm', 's'), fc.boolean());
const gap = fc.constantFrom('', '', ' ', '  ', '\t');

describe('parseDuration', () => {
  it('reads plain seconds to the exact millisecond', () => {
    fc.assert(
      fc.property(amount, gap, (a, pad) => {
        expect(parse(`${pad}${a.text}${pad}`)).toBe(a.thousandths);
      }),
      { numRuns: 300 },
    );
  });

  it('reads h, m and s in any combination, case and spacing to the exact millisecond', () => {
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 4 }),
        fc.array(gap, { minLength: 1 }),
        (parts, gaps) => {
          const text = parts
            .map(([a, unit, upper], i) => {
              const u = upper ? unit.toUpperCase() : unit;
              return `${a.text}${u}${gaps[i % gaps.length] ?? ''}`;
            })
            .join('');
          const expected = parts.reduce(
            (sum, [a, unit]) => sum + (a.thousandths * UNIT_MS[unit]) / 1000,
            0,
          );
          expect(parse(text)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps a duration within its bounds or says which bound it crosses', () => {
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 3 }),
        fc.nat(7_200_000),
        fc.nat(7_200_000),
        (parts, a, b) => {
          const [min, max] = a <= b ? [a, b] : [b, a];
          const text = parts.map(([x, unit]) => `${x.text}${unit}`).join('');
          const result = outcome(() => parse(text, { min, max }));
          if (result.ok) {
            expect(result.value).toBeGreaterThanOrEqual(min);
            expect(result.value).toBeLessThanOrEqual(max);
          } else {
            expectNamesTheInput(result.error, NAME);
            expect(result.error.message).toMatch(/shorter than|longer than/);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads any text as a whole number of milliseconds, or refuses it in one line', () => {
    const anyDuration = fc.oneof(
      anyText,
      fc
        .array(
          fc.oneof(
            fc.constantFrom('1', '90', '0.5', '.5', '1.', '1e3', '-1', '9'.repeat(400)),
            fc.constantFrom('h', 'm', 's', 'ms', 'd', 'H', ' ', '\n', '.', ','),
          ),
          { maxLength: 8 },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(anyDuration, (text) => {
        const result = outcome(() => parse(text));
        if (!result.ok) return expectNamesTheInput(result.error, NAME);
        expect(Number.isInteger(result.value)).toBe(true); // finite, too
        expect(result.value).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 1000, examples: [['1h\n2x']] },
    );
  });
});
