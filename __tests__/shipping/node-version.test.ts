import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  MIN_NODE_VERSION,
  NODE_ENGINES_RANGE,
  nodeVersionProblem,
} from '../../src/core/node-version.js';
import { packageJson, ROOT, runToEnd } from './processes.js';

// One rule for the oldest Node.js: package.json's engines, the command line and the action.

describe('the oldest Node.js the tool runs on', () => {
  it('is what package.json tells npm in engines.node', () => {
    expect(MIN_NODE_VERSION).toBe('22.19.0');
    expect(packageJson().engines.node).toBe(NODE_ENGINES_RANGE);
  });

  it('refuses Node.js older than 22.19, naming the need and the version found', () => {
    expect(nodeVersionProblem('gitlab-trigger', '22.18.9')).toBe(
      'gitlab-trigger needs Node.js 22.19.0 or later (24 recommended); this is v22.18.9.',
    );
    expect(nodeVersionProblem('gitlab-trigger', 'v20.20.2')).toMatch(/this is v20\.20\.2\.$/);
    expect(nodeVersionProblem('gitlab-trigger', '18.0.0')).toBeDefined();
  });

  it('accepts 22.19 and every later release', () => {
    for (const version of ['22.19.0', '22.20.1', '23.0.0', '24.0.0', '24.21.0', '30.1.2']) {
      expect(nodeVersionProblem('gitlab-trigger', version)).toBeUndefined();
    }
  });
});

/** A `node` older than the minimum on this machine (Debian's, say), to run the bundles with. */
function olderNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    try {
      const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
      if (nodeVersionProblem('x', version)) return candidate;
    } catch {
      // not installed here
    }
  }
  return undefined;
}

const old = olderNode();
const onOldNode = old ? it : it.skip;

describe('the bundles on a Node.js that is too old', () => {
  onOldNode('the command line exits 2 and says which Node.js it needs', async () => {
    const run = await runToEnd(old ?? '', [join(ROOT, 'dist', 'cli.js'), '--version'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '' },
      timeoutMs: 20_000,
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: gitlab-trigger needs Node\.js 22\.19(\.0)? or later/);
  });

  onOldNode('the action fails the step with an error annotation saying the same', async () => {
    const run = await runToEnd(old ?? '', [join(ROOT, 'dist', 'index.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        INPUT_PROJECT: '42',
        INPUT_REF: 'main',
        INPUT_TOKEN: 'x',
      },
      timeoutMs: 20_000,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^::error::gitlab-pipeline-trigger needs Node\.js 22\.19\.0 or later \(24 recommended\); this is v\d+/m,
    );
  });
});
