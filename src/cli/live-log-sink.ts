import { randomUUID } from 'node:crypto';
import type { LiveLogSink } from '../core/follow/watchers/live-log-text.js';
import type { Redactor } from '../core/redact.js';
import type { Io } from './io.js';
import { wantsColor } from './output.js';
import { plainText } from './terminal-text.js';

/**
 * Followed job logs on stderr, with the progress lines: GitLab's colours kept for a person at
 * a colour terminal, stripped elsewhere, and every other control sequence stripped as from all
 * of GitLab's text; a section's title as a line of its own. Inside a GitHub Actions `run:`
 * step a block that holds a workflow command's marks is fenced with stop-commands.
 */
export function terminalLogSink(io: Io, redactor: Redactor): LiveLogSink {
  const colour = wantsColor(io);
  const underGitHubRunner = io.env.GITHUB_ACTIONS === 'true';
  return {
    write(pieces) {
      let text = '';
      for (const piece of pieces) {
        if (piece.kind === 'lines') text += piece.text;
        else if (piece.kind === 'group') text += `── ${piece.title}\n`;
      }
      if (!text) return;
      // The core kept colours only; what is not a colour goes, and so do colours without a terminal.
      const shown = redactor.redact(colour ? text : plainText(text));
      if (!underGitHubRunner || !/::|##\[/.test(shown)) return io.writeErr(shown);
      const fence = `gitlab-log-${randomUUID()}`;
      io.writeErr(`::stop-commands::${fence}\n${shown}::${fence}::\n`);
    },
  };
}
