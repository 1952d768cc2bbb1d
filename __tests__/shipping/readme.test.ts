import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { SCENARIOS } from '../../emulator/scenarios.js';
import { ROOT } from './processes.js';
import { documentationFiles } from './workflows.js';

// The README is the user's page, read in minutes; everything else is a page of docs/ that a
// link from it reaches.

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const text = read(file).replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] ?? '')));
}

describe('the README', () => {
  it('is at most 300 lines', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(300);
  });

  it("keeps the contributors' two commands in its start", () => {
    const start = read('README.md').split('## Install')[0] ?? '';
    expect(start).toContain('npm run demo');
    expect(start).toContain('npm test');
  });

  it('lists every emulator scenario in its table', () => {
    const rows = [...read('README.md').matchAll(/^\| `([\w-]+)`(?: \(the demo's\))? +\| /gm)];
    const listed = rows.map((m) => m[1]).filter((name) => name && name in SCENARIOS);
    expect(listed.sort()).toEqual(Object.keys(SCENARIOS).sort());
  });
});

describe('the links of the README and docs/', () => {
  it.each(documentationFiles())(
    '%s: every relative link reaches a file and its heading',
    (file) => {
      const text = read(file).replace(/```[\s\S]*?```/g, '');
      const broken: string[] = [];
      for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
        const [path = '', anchor] = target.split('#');
        const linked = path === '' ? file : normalize(join(dirname(file), path));
        if (!existsSync(join(ROOT, linked))) broken.push(`${target} (no file ${linked})`);
        else if (anchor && linked.endsWith('.md') && !anchors(linked).has(anchor)) {
          broken.push(`${target} (no heading #${anchor} in ${linked})`);
        }
      }
      expect(broken).toEqual([]);
    },
  );
});
