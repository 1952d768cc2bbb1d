import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Output } from '../../src/action/names.js';
import { startEmulator, type Emulator, type Script } from '../../emulator/index.js';
import { annotations, runAction, type ActionRun } from '../../scripts/github-runner.js';
import { basicAuth, newWorkspace, runGit, type Workspace } from '../helpers/git-workspace.js';
import { makeThrowawayCa } from '../helpers/throwaway-ca.js';

// Running the very commit under test, end to end: the built dist/index.js pushes a real
// checkout with the real git to the emulator's git side, triggers on the pushed branch and
// follows the pipeline; or follows a pipeline GitLab made for a commit.

let emu: Emulator;
let seed: Emulator['seed'];
let remote: string;
/** A `git` first on PATH that writes each call's arguments and the names of GIT_* variables. */
let spyDir: string;
const workspaces: Workspace[] = [];
beforeAll(async () => {
  emu = await startEmulator({ speed: 20 });
  seed = emu.seed;
  remote = emu.git.remoteUrl(seed.projectId);
  spyDir = mkdtempSync(join(tmpdir(), 'git-spy-'));
  const real = (await runGit(spyDir, ['--exec-path'])).stdout.trim();
  writeFileSync(
    join(spyDir, 'git'),
    `#!/bin/sh\nprintf '%s\\n' "ARGV $*" >> "${spyDir}/calls"\nexec "${real}/git" "$@"\n`,
  );
  chmodSync(join(spyDir, 'git'), 0o755);
  emu.setScript(seed.projectId, 'main', quick);
});
afterAll(async () => {
  await emu.close();
  rmSync(spyDir, { recursive: true, force: true });
});
afterEach(() => {
  for (const ws of workspaces.splice(0)) ws.remove();
  rmSync(join(spyDir, 'calls'), { force: true });
});

const quick: Script = {
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [{ name: 'test', stage: 'test', duration: 4, result: 'success' }],
};

async function workspace(): Promise<Workspace> {
  const ws = await newWorkspace();
  workspaces.push(ws);
  return ws;
}

function pushing(
  ws: Workspace,
  extra: Record<string, string> = {},
): Parameters<typeof runAction>[0] {
  return {
    workspace: ws.dir,
    env: { PATH: `${spyDir}:${process.env.PATH ?? ''}` },
    with: {
      gitlab_url: emu.url,
      project: seed.projectPath,
      token: seed.triggerToken,
      api_token: seed.apiToken,
      push: 'true',
      push_token: seed.apiToken,
      ref: 'github/pr-7',
      wait: 'true',
      ...extra,
    },
  };
}

function errors(run: ActionRun): string {
  return annotations(run.stdout, 'error').join('\n');
}

/** Every file under dir, as text, for a search for the token. */
function allText(dir: string): string {
  let text = '';
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    text += stat.isDirectory() ? allText(path) : readFileSync(path).toString('latin1');
  }
  return text;
}

function expectNoPushSecret(run: ActionRun, ws: Workspace): void {
  const shown = run.everything.replace(/^::add-mask::.*$/gm, '');
  const credential = basicAuth(seed.apiToken).split(' ').at(-1) ?? '';
  for (const secret of [seed.apiToken, credential, seed.triggerToken]) {
    expect(shown).not.toContain(secret);
    // Not on any git command line (what `ps` shows), nor in any file of the checkout.
    expect(
      existsSync(join(spyDir, 'calls')) ? readFileSync(join(spyDir, 'calls'), 'utf8') : '',
    ).not.toContain(secret);
    expect(allText(join(ws.dir, '.git'))).not.toContain(secret);
  }
}

describe('push, then trigger', () => {
  it('pushes a detached HEAD with ci.skip, triggers on the branch, and the pipeline runs the pushed commit', async () => {
    const ws = await workspace();
    await ws.commit('base');
    const sha = await ws.commit('the change under test');
    await ws.git('checkout', '-q', '--detach', 'HEAD');
    // A hook a step before left in the checkout: it would run with the credential in reach.
    writeFileSync(
      join(ws.dir, '.git', 'hooks', 'pre-push'),
      `#!/bin/sh\ntouch "${ws.dir}/hook-ran"\n`,
    );
    chmodSync(join(ws.dir, '.git', 'hooks', 'pre-push'), 0o755);
    const run = await runAction(pushing(ws));
    expect(errors(run)).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs[Output.Sha]).toBe(sha);
    expect(run.stdout).toContain(`Pushing commit ${sha} to branch 'github/pr-7'`);
    expect(emu.git.pushes.at(-1)).toMatchObject({
      ref: 'refs/heads/github/pr-7',
      after: sha,
      options: ['ci.skip'],
    });
    // ci.skip: the only pipeline of the commit is the triggered one.
    expect([...emu.pipelines].filter((p) => p.sha === sha)).toHaveLength(1);
    expect(existsSync(join(ws.dir, 'hook-ran'))).toBe(false);
    // The spy saw the push itself, so the checks on its command lines below are not vacuous.
    expect(readFileSync(join(spyDir, 'calls'), 'utf8')).toMatch(
      /^ARGV push --porcelain -o ci\.skip http:\/\/127\.0\.0\.1:\d+\/acme\/platform\/deploy\.git [+][0-9a-f]{40}:refs\/heads\/github\/pr-7$/m,
    );
    expectNoPushSecret(run, ws);
  });

  it('refuses to rewrite a branch outside github/, naming it; force-pushes one under github/', async () => {
    const ws = await workspace();
    await ws.commit('one');
    await ws.git(
      '-c',
      `http.extraHeader=${basicAuth(seed.apiToken)}`,
      'push',
      '-q',
      '-o',
      'ci.skip',
      remote,
      'HEAD:refs/heads/shared',
    );
    await ws.git('commit', '-q', '--amend', '--allow-empty', '-m', 'rewritten');
    const triggered = emu.pipelines.length;
    const refused = await runAction(pushing(ws, { ref: 'shared' }));
    expect(refused.exitCode).toBe(1);
    expect(errors(refused)).toMatch(
      /Branch 'shared' on GitLab holds commits that [0-9a-f]{12} does not contain/,
    );
    expect(emu.pipelines.length).toBe(triggered);
    const owned = await runAction(pushing(ws, { ref: 'github/owned', wait: 'false' }));
    expect(owned.exitCode).toBe(0);
    await ws.commit('again');
    await ws.git('commit', '-q', '--amend', '--allow-empty', '-m', 'again, rewritten');
    const forced = await runAction(pushing(ws, { ref: 'github/owned', wait: 'false' }));
    expect(errors(forced)).toBe('');
    expect(emu.git.branchSha(seed.projectId, 'github/owned')).toBe(
      await ws.git('rev-parse', 'HEAD'),
    );
  });

  it('explains a protected branch and a token without push rights', async () => {
    const ws = await workspace();
    await ws.commit('one');
    const internals = emu as unknown as {
      instance: { store: { projects: Map<number, { protectedRefs: string[] }> } };
    };
    internals.instance.store.projects.get(seed.projectId)?.protectedRefs.push('release/v1.2');
    const protectedRun = await runAction(
      pushing(ws, { ref: 'release/v1.2', push_token: seed.developerToken }),
    );
    expect(errors(protectedRun)).toMatch(
      /'release\/v1.2'.*protected branch.*push_token.*Protected branches/,
    );
    const reader = await runAction(pushing(ws, { push_token: seed.readApiToken }));
    expect(errors(reader)).toMatch(/GitLab refused push_token for a push.*write_repository/);
    expectNoPushSecret(reader, ws);
  });

  it('deepens a shallow checkout from its origin and pushes again', async () => {
    const github = await workspace();
    const first = await github.commit('first');
    for (let i = 0; i < 5; i++) await github.commit(`middle ${i}`);
    await github.git(
      '-c',
      `http.extraHeader=${basicAuth(seed.apiToken)}`,
      'push',
      '-q',
      '-o',
      'ci.skip',
      remote,
      `${first}:refs/heads/github/shallow`,
    );
    const head = await github.commit('head');
    const ws = await workspace();
    await ws.git('remote', 'add', 'origin', `file://${github.dir}`);
    await ws.git('fetch', '-q', '--depth=1', 'origin', head);
    await ws.git('checkout', '-q', '--detach', 'FETCH_HEAD');
    const run = await runAction(pushing(ws, { ref: 'github/shallow', wait: 'false' }));
    expect(errors(run)).toBe('');
    expect(run.stdout).toContain('GitLab refused the shallow checkout');
    expect(emu.git.branchSha(seed.projectId, 'github/shallow')).toBe(head);
    expect(run.outputs[Output.Sha]).toBe(head);
  });

  it('names fetch-depth: 0 when a shallow checkout cannot be deepened', async () => {
    const github = await workspace();
    await github.commit('first');
    const head = await github.commit('second');
    const ws = await workspace();
    await ws.git('fetch', '-q', '--depth=1', `file://${github.dir}`, head);
    await ws.git('checkout', '-q', '--detach', 'FETCH_HEAD');
    const run = await runAction(pushing(ws, { ref: 'github/no-origin', wait: 'false' }));
    expect(run.exitCode).toBe(1);
    expect(errors(run)).toMatch(
      /^Input 'push' is true, and the checkout is shallow.*fetch-depth: 0/,
    );
  });

  it('deletes the pushed branch once the pipeline has finished, when asked', async () => {
    const ws = await workspace();
    const sha = await ws.commit('to delete');
    const run = await runAction(
      pushing(ws, { ref: 'github/temporary', delete_pushed_ref: 'true' }),
    );
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Deleted branch 'github/temporary' from GitLab");
    expect(emu.git.branchSha(seed.projectId, 'github/temporary')).toBeUndefined();
    expect(emu.pipelines.at(-1)?.sha).toBe(sha);
  });

  it("never sends the credential where the checkout's own configuration redirects the push", async () => {
    const ws = await workspace();
    await ws.commit('one');
    const seen: string[] = [];
    const trap = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization ?? 'no authorization'}`);
      res.writeHead(404).end();
    });
    await new Promise<void>((done) => trap.listen(0, '127.0.0.1', done));
    const port = (trap.address() as AddressInfo).port;
    await ws.git('config', `url.http://127.0.0.1:${port}/.insteadOf`, `${emu.url}/`);
    try {
      const run = await runAction(pushing(ws, { wait: 'false' }));
      expect(run.exitCode).toBe(1);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.join('\n')).not.toMatch(/Basic/);
    } finally {
      trap.close();
    }
  });

  it('pushes from a checkout whose .git is a link to the repository elsewhere', async () => {
    const real = await workspace();
    const sha = await real.commit('linked');
    const ws = await workspace();
    rmSync(join(ws.dir, '.git'), { recursive: true, force: true });
    symlinkSync(join(real.dir, '.git'), join(ws.dir, '.git'));
    const run = await runAction(pushing(ws, { ref: 'github/linked', wait: 'false' }));
    expect(errors(run)).toBe('');
    expect(emu.git.branchSha(seed.projectId, 'github/linked')).toBe(sha);
  });

  it.each([
    [
      'a workspace that is no checkout',
      {},
      false,
      /^Input 'push' is true, but '.*' is not a git checkout/,
    ],
    [
      'an unborn HEAD',
      {},
      'unborn',
      /^Input 'push' is true, but the checkout at .* has no commit yet \(its HEAD is unborn\)/,
    ],
    [
      'a ref starting with -',
      { ref: '-delete' },
      true,
      /^Input 'ref' is '-delete', which cannot be pushed as a branch \(it starts with '-'\)/,
    ],
    [
      'a ref with ..',
      { ref: 'a..b' },
      true,
      /^Input 'ref' is 'a\.\.b', which is not a valid branch or tag name/,
    ],
    [
      'a push token with a line break',
      { push_token: 'glpat-abc\nxyz' },
      true,
      /^Input 'push_token' contains a space or line break/,
    ],
    [
      'a project given by id',
      { project: String(42) },
      true,
      /^Input 'project' is the id 42, and git pushes to a project's path/,
    ],
    ['no push token', { push_token: '' }, true, /^Input 'push_token' is empty/],
  ] as const)('refuses %s before any request', async (_name, extra, checkout, message) => {
    const ws = await workspace();
    if (checkout === false) rmSync(join(ws.dir, '.git'), { recursive: true, force: true });
    else if (checkout === true) await ws.commit('one');
    const before = emu.requests.length;
    const run = await runAction(pushing(ws, extra));
    expect(run.exitCode).toBe(1);
    expect(errors(run)).toMatch(message);
    expect(emu.requests.length).toBe(before);
  });

  it("refuses a fork's pull request unless push_forks is true", async () => {
    const ws = await workspace();
    await ws.commit('from a fork');
    const event = join(ws.dir, '..', `event-${Date.now()}.json`);
    writeFileSync(
      event,
      JSON.stringify({
        number: 7,
        pull_request: {
          number: 7,
          head: {
            sha: await ws.git('rev-parse', 'HEAD'),
            ref: 'patch',
            repo: { full_name: 'stranger/app' },
          },
          base: { ref: 'main', repo: { full_name: 'acme/app' } },
        },
      }),
    );
    const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event };
    try {
      const before = emu.requests.length;
      const options = pushing(ws, { wait: 'false' });
      const refused = await runAction({ ...options, env: { ...options?.env, ...env } });
      expect(errors(refused)).toMatch(
        /^Input 'push' is true, and this pull_request event's pull request comes from a fork.*push_forks/,
      );
      expect(emu.requests.length).toBe(before);
      const allowed = pushing(ws, { wait: 'false', push_forks: 'true' });
      const run = await runAction({ ...allowed, env: { ...allowed?.env, ...env } });
      expect(errors(run)).toBe('');
    } finally {
      rmSync(event, { force: true });
    }
  });
});

describe('follow a pipeline the action did not start', () => {
  const following = (follow: string, extra: Record<string, string> = {}) => ({
    with: {
      gitlab_url: emu.url,
      project: seed.projectPath,
      api_token: seed.apiToken,
      follow,
      ...extra,
    },
  });

  it('waits for a mirror to create the pipeline of a commit, says so, then follows it to the end', async () => {
    const ws = await workspace();
    const sha = await ws.commit('mirrored commit');
    emu.git.setMirrorLag(seed.projectId, 40);
    await ws.git(
      '-c',
      `http.extraHeader=${basicAuth(seed.apiToken)}`,
      'push',
      '-q',
      remote,
      'HEAD:refs/heads/main-mirror',
    );
    emu.git.setMirrorLag(seed.projectId, 0);
    const triggersBefore = emu.pipelines.length;
    const run = await runAction(following(sha));
    expect(errors(run)).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `Waiting for a pipeline of commit ${sha} in project '${seed.projectPath}' to appear`,
      ),
    );
    expect(run.outputs[Output.Sha]).toBe(sha);
    expect(run.outputs[Output.Status]).toBe('success');
    expect(run.summary).toMatch(/\| acme\/platform\/deploy \| main-mirror \| \[#\d+\]/);
    expect(emu.pipelines.length).toBe(triggersBefore);
  });

  it('follows by id and by link, and never cancels a followed pipeline on timeout unless asked', async () => {
    emu.setScript(seed.projectId, 'release/v1.2', {
      jobs: [{ name: 'soak', stage: 'test', duration: 36_000 }],
    });
    const created = await fetch(`${emu.apiUrl}/projects/${seed.projectId}/trigger/pipeline`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: seed.triggerToken, ref: 'release/v1.2' }),
    });
    const pipeline = (await created.json()) as { id: number; web_url: string };
    const byId = await runAction(following(`#${pipeline.id}`, { timeout: '2s' }));
    expect(byId.exitCode).toBe(1);
    expect(errors(byId)).toMatch(/was left running \(cancel_followed is false\)/);
    expect(emu.pipelines.find((p) => p.id === pipeline.id)?.status).not.toMatch(/cancel/);
    const byLink = await runAction(
      following(pipeline.web_url, { timeout: '2s', cancel_followed: 'true' }),
    );
    expect(byLink.stdout).toContain(`Following pipeline #${pipeline.id}`);
    expect(emu.pipelines.find((p) => p.id === pipeline.id)?.status).toMatch(/cancel/);
  });

  it('refuses variables, which a followed pipeline cannot be sent, before any request', async () => {
    const before = emu.requests.length;
    const run = await runAction(following('#5', { variables: 'A: 1' }));
    expect(errors(run)).toMatch(
      /^Input 'variables' is given, and follow starts no pipeline to send it to/,
    );
    expect(emu.requests.length).toBe(before);
  });

  it.each([
    [
      'a link to another host',
      'https://gitlab.evil.example/acme/platform/deploy/-/pipelines/5',
      /^Input 'follow' is a link to 'https:\/\/gitlab.evil.example', not to the configured GitLab/,
    ],
    [
      'a link to another project',
      '{url}/acme/other/-/pipelines/5',
      /^Input 'follow' is a link to a pipeline of 'acme\/other', not of the project/,
    ],
    ['a short sha', 'abc1234', /^Input 'follow' is 'abc1234', a short commit sha/],
    [
      'none of id, link or sha',
      'main',
      /^Input 'follow' is 'main', which is none of a pipeline id, link or commit sha/,
    ],
    ['a zero id', '0', /^Input 'follow' is '0', which is no pipeline id/],
  ])('refuses %s before any request', async (_name, value, message) => {
    const before = emu.requests.length;
    const run = await runAction(following(value.replace('{url}', emu.url)));
    expect(run.exitCode).toBe(1);
    expect(errors(run)).toMatch(message);
    expect(emu.requests.length).toBe(before);
  });
});

describe('push to an instance whose certificate a private CA signed', () => {
  it('trusts ca_cert for the push as for the API, and git alone does not', async () => {
    const ca = makeThrowawayCa();
    const tls = await startEmulator({ tls: { key: ca.serverKey, cert: ca.serverCert }, speed: 20 });
    try {
      const ws = await workspace();
      const sha = await ws.commit('over https');
      const step = {
        workspace: ws.dir,
        with: {
          gitlab_url: tls.url,
          project: tls.seed.projectPath,
          token: tls.seed.triggerToken,
          push: 'true',
          push_token: tls.seed.apiToken,
          ref: 'github/tls',
        },
      };
      const untrusted = await runAction(step);
      expect(errors(untrusted)).toMatch(
        /^git does not trust the certificate of https:.*give that CA's certificate in ca_cert\.$/,
      );
      const run = await runAction({ ...step, with: { ...step.with, ca_cert: ca.caCert } });
      expect(errors(run)).toBe('');
      expect(run.outputs[Output.Sha]).toBe(sha);
      expect(tls.git.branchSha(tls.seed.projectId, 'github/tls')).toBe(sha);
    } finally {
      await tls.close();
      rmSync(ca.dir, { recursive: true, force: true });
    }
  });
});
