import { describe, expect, it } from '@jest/globals';
import { checkedBridges, checkedJobs } from '../src/core/gitlab-entities.js';
import { GitLabError } from '../src/core/errors.js';

const job = { id: 7, name: 'build', stage: 'build', status: 'success', web_url: 'https://g/j/7' };

describe("GitLab's jobs, checked before use", () => {
  it('takes jobs as GitLab sends them', () => {
    expect(checkedJobs([job, { ...job, id: 8, web_url: undefined }], 'list')).toHaveLength(2);
  });

  it.each([
    [{ ...job, id: '/../../var/x' }, 'a job whose id is not a positive integer ("/../../var/x")'],
    [{ ...job, id: 0 }, 'a job whose id is not a positive integer (0)'],
    [{ ...job, id: 1.5 }, 'a job whose id is not a positive integer (1.5)'],
    [{ ...job, id: 2 ** 60 }, 'a job whose id is not a positive integer'],
    [{ ...job, name: 'x'.repeat(256) }, 'job 7, whose name is not text of 1 to 255 characters'],
    [{ ...job, name: '' }, 'job 7, whose name is not text of 1 to 255 characters'],
    [{ ...job, name: 42 }, 'job 7, whose name is not text'],
    [{ ...job, status: { s: 1 } }, 'job 7, whose status is not a short text'],
    [null, 'an entry that is not an object'],
  ])('refuses the whole list for %j', (bad, said) => {
    const read = () => checkedJobs([job, bad], 'list the jobs of pipeline #1');
    expect(read).toThrow(GitLabError);
    expect(read).toThrow(
      `GitLab's answer to the request to list the jobs of pipeline #1 held ${said}`,
    );
  });

  it("refuses a trigger job whose downstream pipeline's ids are not ids", () => {
    const bridge = { ...job, downstream_pipeline: { id: 9, project_id: 3, status: 'success' } };
    expect(checkedBridges([bridge, { ...job, downstream_pipeline: null }], 'list')).toHaveLength(2);
    const bad = {
      ...bridge,
      downstream_pipeline: { id: 9, project_id: '../x', status: 'success' },
    };
    expect(() => checkedBridges([bad], 'list')).toThrow(
      "trigger job 7, whose downstream pipeline's id or project id is not a positive integer",
    );
    expect(() => checkedBridges([{ ...job, id: -1 }], 'list')).toThrow(
      'a trigger job whose id is not a positive integer (-1)',
    );
  });
});
