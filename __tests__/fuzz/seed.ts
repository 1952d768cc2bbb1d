/**
 * One seed for every property in a fuzz file: FUZZ_SEED when set (CI runs the folder once
 * with fresh seeds and once with fixed ones), a fresh one otherwise. A failure names the seed
 * and the command that replays it, so a counterexample found once can be found again.
 */
import { expect } from '@jest/globals';
import fc from 'fast-check';
import { relative } from 'node:path';

function readSeed(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return (Math.random() * 0x1_0000_0000) | 0;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`FUZZ_SEED '${raw}' is not an integer: set it to the seed a failure printed.`);
  }
  return seed | 0;
}

export const FUZZ_SEED = readSeed(process.env.FUZZ_SEED);

/** The command a user runs to see the same failure again. */
export function replayCommand(testPath: string | undefined): string {
  const file = testPath ? relative(process.cwd(), testPath) : '__tests__/fuzz';
  return `FUZZ_SEED=${FUZZ_SEED} npm test -- ${file}`;
}

fc.configureGlobal({
  seed: FUZZ_SEED,
  reporter(details) {
    if (!details.failed) return;
    const replay = replayCommand(expect.getState().testPath);
    throw new Error(`${fc.defaultReportMessage(details)}\n\nReplay with: ${replay}`, {
      cause: details.errorInstance,
    });
  },
});
