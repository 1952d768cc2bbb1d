import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { FUZZ_SEED } from './seed.js';
import './generators.js';

// What a developer sees when a property fails in this folder, and that the seed it prints
// brings the same counterexample back.

function failure(): string {
  try {
    fc.assert(fc.property(fc.string(), (text) => text.length < 3));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the property was expected to fail');
}

describe('a property that fails', () => {
  it('prints its seed and the command that replays it', () => {
    const message = failure();
    expect(message).toContain(`seed: ${FUZZ_SEED}`);
    expect(message).toContain(
      `Replay with: FUZZ_SEED=${FUZZ_SEED} npm test -- __tests__/fuzz/a-failure-names-its-seed-and-how-to-replay-it.test.ts`,
    );
  });

  it('fails the same way again on the same seed', () => {
    const counterexample = (message: string) => /Counterexample: (.*)/.exec(message)?.[1];
    expect(counterexample(failure())).toEqual(counterexample(failure()));
    expect(counterexample(failure())).toEqual(expect.any(String));
  });
});
