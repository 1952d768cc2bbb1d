import { describe, expect, it } from '@jest/globals';
import {
  decideRerun,
  linkedPipeline,
  markedLink,
  type RerunOptions,
} from '../../src/action/github/rerun.js';
import {
  GitHubError,
  type CommitStatus,
  type StatusesClient,
} from '../../src/action/github/commit-statuses.js';
import { GitLabError } from '../../src/core/errors.js';
import type { Pipeline } from '../../src/core/pipeline.js';
import type { PipelineSource } from '../../src/core/pipeline-source.js';
import { fakeClock, recordingLogger } from '../helpers/client.js';

const GITLAB = 'https://gitlab.example.com';
const SHA = '2222222222222222222222222222222222222222';
const project = { display: 'acme/deploy', encoded: 'acme%2Fdeploy' };
const link = (id: number, path = 'acme/deploy') => `${GITLAB}/${path}/-/pipelines/${id}`;
const RUN_ID = '5001';
/** The link as this run's earlier attempt wrote it on the status: marked with the run. */
const mine = (id: number, path = 'acme/deploy') => markedLink(link(id, path), RUN_ID);

const pipeline = (id: number, status: string): Pipeline => ({
  id,
  iid: id,
  project_id: 42,
  sha: 'a'.repeat(40),
  ref: 'main',
  status,
  created_at: '2026-11-25T12:00:00Z',
  web_url: link(id),
});

const status = (id: number, context: string, target: string | null): CommitStatus => ({
  id,
  state: 'failure',
  context,
  description: null,
  target_url: target,
  created_at: '2026-11-25T12:00:00Z',
});

/** The statuses newest first, as GitHub lists them. */
function statusesOf(list: CommitStatus[] | Error): StatusesClient & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    repository: 'acme/app',
    create: async () => {
      throw new Error('not used');
    },
    async find(ref, match) {
      asked.push(ref);
      if (list instanceof Error) throw list;
      return list.find(match);
    },
  };
}

const trigger: PipelineSource = {
  describe: () => 'Triggering',
  start: async () => pipeline(99, 'created'),
};

function options(extra: Partial<RerunOptions> = {}): RerunOptions {
  const pipelines = new Map([
    [31, pipeline(31, 'failed')],
    [32, pipeline(32, 'success')],
    [33, pipeline(33, 'running')],
  ]);
  return {
    mode: 'retry',
    run: { runAttempt: 2, runId: RUN_ID, sha: SHA },
    statuses: statusesOf([status(3, 'gitlab/acme/deploy', mine(31))]),
    context: 'gitlab/acme/deploy',
    api: {
      hasToken: true,
      pipeline: async (id: number) => {
        const found = pipelines.get(id);
        if (!found) throw new GitLabError('GitLab answered 404 Not Found', 404);
        return found;
      },
      retry: async (id: number) => ({ ...pipeline(id, 'running') }),
    },
    project,
    ref: 'main',
    gitlabUrl: GITLAB,
    passStatuses: ['success'],
    trigger,
    clock: fakeClock(),
    logger: recordingLogger(),
    ...extra,
  };
}

describe('decideRerun', () => {
  it('triggers, saying nothing, on a first attempt or with on_rerun new', async () => {
    const first = await decideRerun(options({ run: { runAttempt: 1, sha: SHA } }));
    expect(first).toEqual({ source: trigger, reason: '' });
    const statuses = statusesOf([]);
    const fresh = await decideRerun(options({ mode: 'new', statuses }));
    expect(fresh).toEqual({ source: trigger, reason: '' });
    expect(statuses.asked).toEqual([]);
  });

  it('retries the failed pipeline the earlier attempt linked from its commit status', async () => {
    const decision = await decideRerun(options());
    expect(decision.source).not.toBe(trigger);
    expect(decision.retried?.id).toBe(31);
    expect(decision.reason).toBe(
      `Re-run attempt 2 with on_rerun retry: retrying pipeline #31 (failed), found from the commit status 'gitlab/acme/deploy': ${link(31)}`,
    );
    expect(decision.source.describe()).toBe(
      `Retrying the failed jobs of pipeline #31 of project 'acme/deploy' on ${GITLAB}`,
    );
    await expect(decision.source.start({})).resolves.toMatchObject({ id: 31, status: 'running' });
  });

  it('takes the newest status of the context, matching it without regard to case', async () => {
    const statuses = statusesOf([
      status(9, 'ci/other', mine(77)),
      status(8, 'GitLab/Acme/Deploy', mine(31)),
      status(7, 'gitlab/acme/deploy', mine(33)),
    ]);
    const decision = await decideRerun(options({ statuses }));
    expect(decision.retried?.id).toBe(31);
    expect(statuses.asked).toEqual([SHA]);
  });

  it("passes over links to another project's pipelines or another instance", async () => {
    const statuses = statusesOf([
      status(9, 'gitlab/acme/deploy', mine(77, 'acme/other')),
      status(
        8,
        'gitlab/acme/deploy',
        markedLink(`https://gitlab.evil.example/acme/deploy/-/pipelines/31`, RUN_ID),
      ),
      status(7, 'gitlab/acme/deploy', null),
    ]);
    const decision = await decideRerun(options({ statuses }));
    expect(decision.source).toBe(trigger);
    expect(decision.reason).toBe(
      "Re-run attempt 2 with on_rerun retry: no commit status 'gitlab/acme/deploy' that this run left on 222222222222 links to a pipeline of project 'acme/deploy'; triggering a new pipeline.",
    );
  });

  it('takes the status this run left, never one another run left on the same commit', async () => {
    const run = { runAttempt: 2, runId: '5001', sha: SHA };
    const statuses = statusesOf([
      // a later run on the same commit (a manual dispatch) wrote the newest status
      status(9, 'gitlab/acme/deploy', markedLink(link(33), '5002')),
      status(8, 'gitlab/acme/deploy', markedLink(link(31), '5001')),
    ]);
    const decision = await decideRerun(options({ run, statuses }));
    expect(decision.retried?.id).toBe(31);

    const onlyOthers = statusesOf([status(9, 'gitlab/acme/deploy', markedLink(link(31), '5002'))]);
    const fresh = await decideRerun(options({ run, statuses: onlyOthers }));
    expect(fresh.source).toBe(trigger);
    expect(fresh.reason).toContain("no commit status 'gitlab/acme/deploy' that this run left on");
  });

  it('never takes a status another tool or person left: unmarked, or marked with another run', async () => {
    // The newest status of the context links to a pipeline of the same project, but this run
    // did not leave it: retrying it would act on a pipeline this run never started.
    for (const target of [link(31), `${link(31)}#github-run-`, `${link(31)}#github-run-50011`]) {
      const statuses = statusesOf([status(9, 'gitlab/acme/deploy', target)]);
      const decision = await decideRerun(options({ statuses }));
      expect(decision.source).toBe(trigger);
      expect(decision.retried).toBeUndefined();
      expect(decision.reason).toContain("no commit status 'gitlab/acme/deploy' that this run left");
    }
    const noRunId = await decideRerun(options({ run: { runAttempt: 2, sha: SHA } }));
    expect(noRunId.source).toBe(trigger);
  });

  it('triggers anew when the linked pipeline ran on another ref, in another project or on no commit', async () => {
    const pipelines = new Map([
      [41, { ...pipeline(41, 'failed'), ref: 'release' }],
      [42, { ...pipeline(42, 'failed'), project_id: 7 }],
      [43, { ...pipeline(43, 'failed'), sha: '../x' }],
      [44, pipeline(44, 'failed')],
    ]);
    const base = options();
    const api = { ...base.api, pipeline: async (id: number) => pipelines.get(id) as Pipeline };
    const decide = (id: number, extra: Partial<RerunOptions> = {}) =>
      decideRerun({
        ...base,
        api,
        statuses: statusesOf([status(3, 'gitlab/acme/deploy', mine(id))]),
        ...extra,
      });
    expect((await decide(41)).reason).toBe(
      "Re-run attempt 2 with on_rerun retry: pipeline #41, linked from the commit status, ran on ref 'release', not 'main'; triggering a new pipeline.",
    );
    const byId = { display: '42', encoded: '42' };
    expect((await decide(42, { project: byId })).reason).toContain(
      'pipeline #42, linked from the commit status, belongs to project 7, not 42',
    );
    expect((await decide(43)).reason).toContain('has no well-formed commit sha');
    // A ref written in full is the same ref.
    expect((await decide(44, { ref: 'refs/heads/main' })).retried?.id).toBe(44);
  });

  it('triggers a new pipeline when the earlier one passed', async () => {
    const statuses = statusesOf([status(3, 'gitlab/acme/deploy', mine(32))]);
    const decision = await decideRerun(options({ statuses }));
    expect(decision.source).toBe(trigger);
    expect(decision.reason).toBe(
      `Re-run attempt 2 with on_rerun retry: pipeline #32 passed (success): ${link(32)}; triggering a new pipeline.`,
    );
  });

  it('triggers a new pipeline when the linked pipeline is gone, or belongs to another project', async () => {
    const statuses = statusesOf([status(3, 'gitlab/acme/deploy', mine(404))]);
    const decision = await decideRerun(options({ statuses }));
    expect(decision.source).toBe(trigger);
    expect(decision.reason).toContain(
      'pipeline #404, linked from the commit status, no longer exists',
    );
  });

  it('retries a pipeline the earlier attempt left running, and says it is still running', async () => {
    const statuses = statusesOf([status(3, 'gitlab/acme/deploy', mine(33))]);
    const decision = await decideRerun(options({ statuses }));
    expect(decision.reason).toContain('retrying pipeline #33 (still running)');
  });

  it('triggers a new pipeline, saying why, when the statuses cannot be read', async () => {
    const refused = new GitHubError(
      'GitHub answered 403 (Resource not accessible by integration) …',
      403,
      'denied',
    );
    const decision = await decideRerun(options({ statuses: statusesOf(refused) }));
    expect(decision.source).toBe(trigger);
    expect(decision.reason).toBe(
      'Re-run attempt 2 with on_rerun retry: the commit statuses could not be read: GitHub answered 403 (Resource not accessible by integration) …; triggering a new pipeline.',
    );
  });

  it('triggers a new pipeline without api_token or a GitHub token', async () => {
    const base = options();
    const noApi = await decideRerun({ ...base, api: { ...base.api, hasToken: false } });
    expect(noApi.reason).toContain('retrying needs api_token with the api scope');
    const noGitHub = await decideRerun(options({ statuses: undefined }));
    expect(noGitHub.reason).toContain('no GitHub token to read the commit statuses with');
  });

  it('lets any other GitLab failure through, as any read would', async () => {
    const base = options();
    const decision = decideRerun({
      ...base,
      api: {
        ...base.api,
        pipeline: async () => {
          throw new GitLabError('GitLab answered 401 Unauthorized', 401);
        },
      },
    });
    await expect(decision).rejects.toThrow('401 Unauthorized');
  });
});

describe('linkedPipeline', () => {
  const where = { gitlabUrl: GITLAB, project };

  it.each([
    [link(31), 31],
    [`${link(31)}/`, 31],
    [`${GITLAB}/Acme/Deploy/-/pipelines/31`, 31],
    [`${GITLAB}/acme%2Fdeploy/-/pipelines/31`, 31],
    [`${GITLAB}/acme/deploy/-/pipelines/31?tab=jobs`, 31],
    [`${GITLAB}/acme/deploy/-/jobs/31`, undefined],
    [`${GITLAB}/acme/deploy-old/-/pipelines/31`, undefined],
    [`http://gitlab.example.com/acme/deploy/-/pipelines/31`, undefined],
    [`${GITLAB}:8443/acme/deploy/-/pipelines/31`, undefined],
    ['not a url', undefined],
    [null, undefined],
  ])('reads %s as %s', (url, id) => {
    expect(linkedPipeline(url, where)).toBe(id);
  });

  it('honours an instance under a sub-path', () => {
    const sub = { gitlabUrl: 'https://example.com/gitlab', project };
    expect(linkedPipeline('https://example.com/gitlab/acme/deploy/-/pipelines/5', sub)).toBe(5);
    expect(linkedPipeline('https://example.com/acme/deploy/-/pipelines/5', sub)).toBeUndefined();
  });

  it('takes any project path when the project was given by its id', () => {
    const byId = { gitlabUrl: GITLAB, project: { display: '42', encoded: '42' } };
    expect(linkedPipeline(link(31, 'group/sub/project'), byId)).toBe(31);
  });
});

describe('markedLink', () => {
  it("marks the pipeline's link with the run in a fragment GitLab's page ignores", () => {
    expect(markedLink(link(31), '5001')).toBe(`${link(31)}#github-run-5001`);
    expect(linkedPipeline(markedLink(link(31), '5001'), { gitlabUrl: GITLAB, project })).toBe(31);
  });

  it('leaves the link as it is without a run id, or when it has a fragment already', () => {
    expect(markedLink(link(31), undefined)).toBe(link(31));
    expect(markedLink(`${link(31)}#jobs`, '5001')).toBe(`${link(31)}#jobs`);
  });
});
