import { describe, expect, it } from '@jest/globals';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Pipeline } from '../../src/core/pipeline.js';
import type { PipelineSource } from '../../src/core/pipeline-source.js';
import type { Git, GitCall } from '../../src/core/push/git.js';
import { basicCredential } from '../../src/core/push/git-auth.js';
import { pushThenTrigger } from '../../src/core/push/push-source.js';

// The push source with a stand-in git that records every call: what `ps` would show is `args`.

const dir = realpathSync(tmpdir());
const sha = 'c'.repeat(40);
const token = 'glpat-abcdefghij0123456789';
const names = {
  push: 'push',
  token: 'push_token',
  ref: 'ref',
  project: 'project',
  caCert: 'ca_cert',
};

function fakeGit(answers: Array<{ code: number; stdout?: string; stderr?: string }>) {
  const calls: GitCall[] = [];
  const git: Git = {
    run: async (call) => {
      calls.push(call);
      if (call.args[0] === 'rev-parse')
        return { code: 0, stdout: `${dir}\n${sha}\n--\n`, stderr: '' };
      const next = answers.shift() ?? { code: 0 };
      return { code: next.code, stdout: next.stdout ?? '', stderr: next.stderr ?? '' };
    },
  };
  return { git, calls };
}

function source(git: Git, pipelineSha: string, warnings: string[], lines: string[] = []) {
  const trigger: PipelineSource = {
    describe: () => 'Triggering a pipeline',
    start: async () =>
      ({ id: 9, sha: pipelineSha, web_url: 'u', status: 'created' }) as unknown as Pipeline,
  };
  return pushThenTrigger(
    trigger,
    {
      workspace: dir,
      branch: 'github/x',
      remoteUrl: 'https://gitlab.example.com/a/b.git',
      token,
      force: true,
    },
    {
      git,
      names,
      logger: { info: (m) => lines.push(m), warning: (m) => warnings.push(m), debug: () => {} },
    },
  );
}

describe('push, then trigger', () => {
  it('keeps the credential off every git command line, in the environment only', async () => {
    const { git, calls } = fakeGit([
      { code: 0, stdout: `To x\n*\t${sha}:refs/heads/github/x\t[new branch]\nDone\n` },
    ]);
    await source(git, sha, []).start({});
    expect(calls.map((c) => c.args.join(' '))).toEqual([
      'rev-parse --show-toplevel HEAD^{commit} --',
      `push --porcelain -o ci.skip https://gitlab.example.com/a/b.git +${sha}:refs/heads/github/x`,
    ]);
    for (const call of calls) {
      expect(call.args.join(' ')).not.toContain(token);
      expect(call.args.join(' ')).not.toContain(basicCredential(token));
    }
    expect(Object.values(calls[1]?.env ?? {})).toContain(
      `Authorization: Basic ${basicCredential(token)}`,
    );
  });

  it('says loudly when the pipeline runs another commit than the pushed one', async () => {
    const warnings: string[] = [];
    await source(fakeGit([]).git, 'd'.repeat(40), warnings).start({});
    expect(warnings).toEqual([
      expect.stringMatching(
        /^PIPELINE #9 DOES NOT RUN THE PUSHED COMMIT: it runs d{40} on 'github\/x', not c{40}/,
      ),
    ]);
    const hostile: string[] = [];
    await source(fakeGit([]).git, '::set-output name=x::y', hostile).start({});
    expect(hostile[0]).toContain('it runs a commit GitLab did not name');
  });

  it('deepens a shallow checkout step by step, then unshallows it, before giving up naming fetch-depth: 0', async () => {
    const shallow = { code: 1, stderr: ' ! [remote rejected] x -> x (shallow update not allowed)' };
    const { git, calls } = fakeGit([
      shallow,
      { code: 0 },
      shallow,
      { code: 0 },
      shallow,
      { code: 0 },
      shallow,
    ]);
    await expect(source(git, sha, []).start({})).rejects.toThrow(/fetch-depth: 0/);
    expect(calls.filter((c) => c.args[0] === 'fetch').map((c) => c.args[3])).toEqual([
      '--deepen=50',
      '--deepen=1000',
      '--unshallow',
    ]);
    // Fetching from origin uses the checkout's own credentials: never the push token.
    for (const call of calls.filter((c) => c.args[0] === 'fetch'))
      expect(JSON.stringify(call.env)).not.toContain(basicCredential(token));
  });
});
