import type { Clock } from '../../src/core/clock.js';
import type { Logger } from '../../src/core/logger.js';
import { GitLabClient } from '../../src/core/gitlab-client.js';
import { createHttpSend } from '../../src/core/http-transport.js';
import { Redactor } from '../../src/core/redact.js';

/** A clock whose sleeps return at once and are recorded, so retry waits can be asserted. */
export function fakeClock(start = Date.parse('2026-11-25T12:00:00Z')): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warning: (m) => lines.push(`warning: ${m}`),
    debug: (m) => lines.push(`debug: ${m}`),
  };
}

export const TOKEN = 'glptt-0123456789abcdef0123456789abcdef01234567';
export const API = 'https://gitlab.example.com/api/v4';

export function testClient<C extends Clock = ReturnType<typeof fakeClock>>(
  options: { responseTimeoutMs?: number; clock?: C } = {},
) {
  const clock = (options.clock ?? fakeClock()) as C;
  const logger = recordingLogger();
  const redactor = new Redactor();
  redactor.add(TOKEN);
  const client = new GitLabClient({
    instance: { url: 'https://gitlab.example.com', apiUrl: API },
    send: createHttpSend({ responseTimeoutMs: options.responseTimeoutMs ?? 5_000 }),
    userAgent: 'gitlab-pipeline-trigger/test',
    logger,
    redactor,
    clock,
  });
  return { client, clock, logger };
}
