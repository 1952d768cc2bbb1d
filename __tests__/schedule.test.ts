import { describe, expect, it, jest } from '@jest/globals';
import { Schedule, endIsNear } from '../src/core/follow/schedule.js';
import type { Pipeline } from '../src/core/pipeline.js';
import type { Job } from '../src/core/pipelines-api.js';
import { FakePipelinesApi } from './helpers/fake-pipelines-api.js';

const silent = { info: () => {}, warning: () => {}, debug: () => {} };
const pipeline: Pipeline = {
  id: 7,
  iid: 1,
  project_id: 42,
  sha: 'abc',
  ref: 'v1.2.0',
  status: 'running',
  created_at: '2026-11-25T12:00:00Z',
  web_url: 'https://gitlab.example.com/acme/deploy/-/pipelines/7',
};
const stops = { deadline: Infinity };
const job = (status: string, extra: Partial<Job> = {}): Job => ({
  id: 1,
  name: 'build',
  stage: 'build',
  status,
  web_url: 'https://gitlab.example.com/j/1',
  ...extra,
});
/** Lets the background history read settle. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** The ages of the reads a schedule asks for, up to `untilMs`. */
function ages(schedule: Schedule, untilMs: number): number[] {
  const at: number[] = [];
  for (let age = schedule.next(0); age <= untilMs; age += schedule.next(age)) at.push(age);
  return at;
}

describe('Schedule.learn', () => {
  it('aims at the end the ref’s own history gives', async () => {
    const api = new FakePipelinesApi({
      pipeline,
      history: { onRef: [60_000, 60_000, 60_000], inProject: [300_000] },
    });
    const own = jest.spyOn(api, 'recentDurations');
    const project = jest.spyOn(api, 'recentProjectDurations');
    const schedule = new Schedule({ capMs: 60_000, random: () => 0 }, silent);
    schedule.learn(api, pipeline, stops);
    await settled();
    expect(own).toHaveBeenCalledWith('v1.2.0', 5, { stops, once: true });
    expect(project).not.toHaveBeenCalled();
    expect(ages(schedule, 61_000).at(-1)).toBe(61_000);
  });

  it('falls back on the project’s history for a new tag or branch', async () => {
    const api = new FakePipelinesApi({
      pipeline,
      history: { onRef: [], inProject: [67_000, 66_000, 68_000] },
    });
    const project = jest.spyOn(api, 'recentProjectDurations');
    const schedule = new Schedule({ capMs: 60_000, random: () => 0 }, silent);
    schedule.learn(api, pipeline, stops);
    await settled();
    expect(project).toHaveBeenCalledWith(5, { stops, once: true });
    expect(ages(schedule, 68_000).at(-1)).toBe(68_000);
  });

  it('keeps the fixed poll’s pace when the history cannot be read', async () => {
    const api = new FakePipelinesApi({ pipeline, history: { inProject: [60_000] } });
    jest.spyOn(api, 'recentDurations').mockRejectedValue(new Error('403'));
    const schedule = new Schedule({ capMs: 60_000, random: () => 0 }, silent);
    schedule.learn(api, pipeline, stops);
    await settled();
    expect(ages(schedule, 40_000)).toEqual([2_000, 6_000, 21_000, 36_000]);
  });

  it('keeps the fixed poll’s pace when there is no history at all', async () => {
    const api = new FakePipelinesApi({ pipeline });
    const schedule = new Schedule({ capMs: 60_000, random: () => 0 }, silent);
    schedule.learn(api, pipeline, stops);
    await settled();
    expect(ages(schedule, 40_000)).toEqual([2_000, 6_000, 21_000, 36_000]);
  });

  it('takes an expected duration given to it over any history', async () => {
    const api = new FakePipelinesApi({ pipeline, history: { onRef: [1_000] } });
    const own = jest.spyOn(api, 'recentDurations');
    const schedule = new Schedule({ capMs: 60_000, expectedMs: 30_000, random: () => 0 }, silent);
    schedule.learn(api, pipeline, stops);
    expect(own).not.toHaveBeenCalled();
    expect(ages(schedule, 31_000).at(-1)).toBe(31_000);
  });
});

describe('Schedule.observe', () => {
  it('looks sooner once the jobs show a failure that ends the pipeline', () => {
    const schedule = new Schedule({ capMs: 60_000, random: () => 0 }, silent);
    for (const age of [0, 2_000, 6_000, 21_000]) schedule.next(age);
    schedule.observe({ elapsedMs: 36_000, jobsIfRead: [job('failed'), job('running', { id: 2 })] });
    // The budget's earliest (45 s), not the planned 51 s.
    expect(schedule.next(36_000)).toBe(9_000);
  });

  it('ignores reads without jobs', () => {
    const schedule = new Schedule({ capMs: 60_000, random: () => 0 }, silent);
    schedule.next(0);
    schedule.next(2_000);
    schedule.observe({ elapsedMs: 6_000, jobsIfRead: undefined });
    expect(schedule.next(6_000)).toBe(15_000);
  });
});

describe('endIsNear', () => {
  it('says so for a failed job that may not fail, or when no job is left to run', () => {
    expect(endIsNear([job('failed'), job('running', { id: 2 })])).toBe("Job 'build' failed");
    expect(endIsNear([job('success'), job('skipped', { id: 2 })])).toBe('No job is left to run');
  });

  it('says nothing while jobs run, or when the failed job is allowed to fail', () => {
    expect(
      endIsNear([job('failed', { allow_failure: true }), job('pending', { id: 2 })]),
    ).toBeUndefined();
    expect(endIsNear([job('success'), job('created', { id: 2 })])).toBeUndefined();
  });
});
