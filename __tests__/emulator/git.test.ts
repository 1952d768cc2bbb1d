import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator } from '../../emulator/index.js';
import { basicAuth, newWorkspace, type Workspace } from '../helpers/git-workspace.js';
import { call, trigger, type Emu, type Json } from './helpers.js';

// The emulator's git side, driven with the real git: smart HTTP through git http-backend,
// GitLab's token auth, push options, protected branches, and pushed branches as trigger refs.

let emu: Emu;
let ws: Workspace;
let url: string;
beforeAll(async () => {
  emu = await startEmulator({ speed: 0 });
  url = emu.git.remoteUrl(emu.seed.projectId);
});
afterAll(() => emu.close());
afterEach(() => ws?.remove());

const as = (token: string) => ['-c', `http.extraHeader=${basicAuth(token)}`];

describe('git over HTTP', () => {
  it('refuses a push without credentials on a private project, as GitLab does (401)', async () => {
    ws = await newWorkspace();
    await ws.commit('one');
    const { code, out } = await ws.tryGit('push', url, 'HEAD:refs/heads/x');
    expect(code).not.toBe(0);
    expect(out).toMatch(/could not read Username|Authentication failed/);
  });

  it('takes oauth2:<token> basic auth, honours ci.skip, and the pushed branch is a trigger ref at the pushed commit', async () => {
    ws = await newWorkspace();
    const sha = await ws.commit('one');
    const pipelinesOf = async () =>
      (await call(emu, 'GET', `/projects/42/pipelines?sha=${sha}`, { token: emu.seed.apiToken }))
        .json as Json[];
    await ws.git(...as(emu.seed.apiToken), 'push', '-o', 'ci.skip', url, 'HEAD:refs/heads/topic');
    expect(emu.git.branchSha(emu.seed.projectId, 'topic')).toBe(sha);
    expect(emu.git.pushes.at(-1)).toMatchObject({
      ref: 'refs/heads/topic',
      after: sha,
      options: ['ci.skip'],
    });
    expect(await pipelinesOf()).toEqual([]);
    const answer = await trigger(
      emu,
      { token: emu.seed.triggerToken, ref: 'topic' },
      emu.seed.projectId,
    );
    expect(answer.status).toBe(201);
    expect((answer.json as Json).sha).toBe(sha);
  });

  it('starts a push pipeline on the pushed commit when ci.skip is absent', async () => {
    ws = await newWorkspace();
    const sha = await ws.commit('two');
    await ws.git(...as(emu.seed.apiToken), 'push', url, 'HEAD:refs/heads/with-ci');
    const list = await call(emu, 'GET', `/projects/42/pipelines?sha=${sha}`, {
      token: emu.seed.apiToken,
    });
    expect((list.json as Json[]).map((p) => [p.ref, p.source])).toEqual([['with-ci', 'push']]);
  });

  it('creates a mirror pipeline only after its lag', async () => {
    ws = await newWorkspace();
    const sha = await ws.commit('three');
    emu.git.setMirrorLag(emu.seed.projectId, 30);
    await ws.git(...as(emu.seed.apiToken), 'push', url, 'HEAD:refs/heads/mirrored');
    emu.git.setMirrorLag(emu.seed.projectId, 0);
    const read = async () =>
      (await call(emu, 'GET', `/projects/42/pipelines?sha=${sha}`, { token: emu.seed.apiToken }))
        .json as Json[];
    expect(await read()).toEqual([]);
    emu.advance(31);
    expect((await read()).map((p) => p.sha)).toEqual([sha]);
  });

  it("refuses a Reporter with 403 and a protected branch with GitLab's pre-receive message", async () => {
    ws = await newWorkspace();
    await ws.commit('four');
    // read_api gives no git access at all: GitLab answers 401, and git asks for a password.
    const readApi = await ws.tryGit(...as(emu.seed.readApiToken), 'push', url, 'HEAD:refs/heads/r');
    expect(readApi.out).toMatch(/could not read Username/);
    emu.addAccessToken({
      token: 'glpat-reporter-with-api',
      userId: 11,
      projectIds: [42],
      role: 'reporter',
    });
    const reporter = await ws.tryGit(
      ...as('glpat-reporter-with-api'),
      'push',
      url,
      'HEAD:refs/heads/r',
    );
    expect(reporter.out).toMatch(/403/);
    const project = emu.addProject({ path: 'acme/guarded', protectedRefs: ['guarded'] });
    emu.addMember({ userId: 12, projectId: project.id, role: 'developer' });
    const guarded = emu.git.remoteUrl(project.id);
    const developer = await ws.tryGit(
      ...as(emu.seed.developerToken),
      'push',
      guarded,
      'HEAD:refs/heads/guarded',
    );
    expect(developer.out).toContain(
      'GitLab: You are not allowed to push code to protected branches on this project.',
    );
    expect(developer.out).toContain('pre-receive hook declined');
  });

  it('refuses a shallow push and a non-fast-forward one, as git on GitLab does', async () => {
    ws = await newWorkspace();
    await ws.commit('base');
    await ws.git(...as(emu.seed.apiToken), 'push', url, 'HEAD:refs/heads/nff');
    await ws.git('commit', '-q', '--amend', '--allow-empty', '-m', 'rewritten');
    const nff = await ws.tryGit(...as(emu.seed.apiToken), 'push', url, 'HEAD:refs/heads/nff');
    expect(nff.out).toMatch(/rejected.*non-fast-forward|fetch first/);
    const shallow = await newWorkspace();
    try {
      await shallow.git('fetch', '-q', '--depth=1', `file://${ws.dir}`, 'HEAD');
      await shallow.git('checkout', '-q', 'FETCH_HEAD');
      await shallow.git('commit', '-q', '--allow-empty', '-m', 'on top');
      const out = await shallow.tryGit(
        ...as(emu.seed.apiToken),
        'push',
        url,
        'HEAD:refs/heads/shallow',
      );
      expect(out.out).toContain('shallow update not allowed');
    } finally {
      shallow.remove();
    }
  });
});
