import type { Redactor } from './redact.js';

/**
 * The redactor over a stream of bytes (a job's log saved to disk), in bounded memory: each
 * chunk is masked and written as soon as no secret can straddle its end. The text is read as
 * latin1, one character a byte, so that every byte GitLab sent is written back unchanged
 * except where a secret stood (a log need not be valid UTF-8); the redactor knows each secret
 * in that form too (redact.ts).
 */

/** Text held back at most, past which it is masked and written whatever it ends with. */
export const MAX_HELD_CHARS = 64 * 1024;

export interface ByteFilter {
  /** The bytes that may be written now. */
  push(chunk: Buffer): Buffer;
  /** The rest, at the end of the stream. */
  end(): Buffer;
}

export function redactingFilter(redactor: Redactor): ByteFilter {
  let held = '';
  const out = (text: string): Buffer => Buffer.from(redactor.redact(text), 'latin1');
  return {
    push(chunk) {
      held += chunk.toString('latin1');
      // Secrets and their cut forms never hold a line break: up to the last one is safe.
      let cut = held.lastIndexOf('\n') + 1;
      // A line longer than the bound (a log without line breaks) is cut where no word goes on,
      // leaving the longest secret's worth behind so that one split here is seen whole later.
      if (cut === 0 && held.length > MAX_HELD_CHARS) cut = wordStart(held, held.length - 1024);
      if (cut === 0) return Buffer.alloc(0);
      const ready = held.slice(0, cut);
      held = held.slice(cut);
      return out(ready);
    },
    end() {
      const rest = held;
      held = '';
      return out(rest);
    },
  };
}

/** Where the run of word characters (a token's alphabet) around `at` starts; `at` past 4 KiB. */
function wordStart(text: string, at: number): number {
  let start = at;
  while (start > 0 && at - start < 4096 && /[\w+/=.~%-]/.test(text[start - 1] ?? '')) start--;
  return start > 0 ? start : at;
}
