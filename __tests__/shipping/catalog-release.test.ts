// The GitLab mirror publishes the component from the repository's own .gitlab-ci.yml: a release
// for each tag that is a semantic version (the CI/CD catalog takes nothing else), and no job on
// any other pipeline.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './processes.js';

interface Ci {
  workflow: { rules: { if: string }[] };
  'create-release': { image: string; release: { tag_name: string } };
}

const ci = parse(readFileSync(join(ROOT, '.gitlab-ci.yml'), 'utf8')) as Ci;

/** GitLab's `=~ /…/` in the workflow rule, as a JavaScript RegExp. */
function tagRule(): RegExp {
  const [rule] = ci.workflow.rules;
  const match = /^\$CI_COMMIT_TAG =~ \/(.+)\/$/.exec(rule?.if ?? '');
  if (!match?.[1]) throw new Error(`unexpected rule: ${rule?.if}`);
  return new RegExp(match[1]);
}

describe("the catalog project's pipeline", () => {
  it('runs for a tag that is a semantic version, the package version among them', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    for (const tag of [version, '1.0.0', '12.3.45']) expect(tagRule().test(tag)).toBe(true);
  });

  it("runs for nothing else: the action's v-tags and branches have no pipeline", () => {
    for (const tag of ['v1', 'v1.0.0', '1.0', '1.0.0-rc.1', 'main', ''])
      expect(tagRule().test(tag)).toBe(false);
  });

  it('makes a release of the tag, with the image that carries the release tooling', () => {
    expect(ci['create-release'].release.tag_name).toBe('$CI_COMMIT_TAG');
    expect(ci['create-release'].image).toMatch(/^registry\.gitlab\.com\/gitlab-org\/cli:/);
  });
});
