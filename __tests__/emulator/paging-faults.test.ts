// Pagination headers that lie (fault rules `paging`), and GitLab's headers for lists too long
// to count.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Gitlab } from '@gitbeaker/rest';
import { startEmulator } from '../../emulator/index.js';
import { call, trigger, type Emu, type Json } from './helpers.js';

let emu: Emu;
let api: InstanceType<typeof Gitlab>;
let pipelineId: number;
beforeAll(async () => {
  emu = await startEmulator({ speed: 0 });
  api = new Gitlab({ host: emu.url, token: emu.seed.apiToken });
  emu.setScript(42, 'main', {
    generate: { count: 5, stages: 1 },
    bridges: [
      { name: 'b1', downstream: { projectPath: 'acme/platform/other' } },
      { name: 'b2', downstream: { projectPath: 'acme/platform/other' } },
      { name: 'b3', downstream: { projectPath: 'acme/platform/other' } },
    ],
  });
  const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' });
  pipelineId = (answer.json as Json).id as number;
  emu.setScript(42, 'main', null);
});
afterAll(async () => {
  await emu.close();
});

function get(path: string) {
  return call(emu, 'GET', path, { token: emu.seed.apiToken });
}

describe('paging faults', () => {
  it('endless: every page names a next one, past X-Total-Pages, with empty pages', async () => {
    const rule = emu.fail({ path: /\/jobs$/, paging: 'endless', times: Infinity });
    try {
      const first = await get(`/projects/42/pipelines/${pipelineId}/jobs?per_page=2`);
      expect(first.headers.get('x-total-pages')).toBe('3');
      expect(first.headers.get('x-next-page')).toBe('2');
      const beyond = await get(`/projects/42/pipelines/${pipelineId}/jobs?per_page=2&page=7`);
      expect(beyond.json).toEqual([]);
      expect(beyond.headers.get('x-next-page')).toBe('8');
      expect(beyond.headers.get('x-total-pages')).toBe('3');
      expect(beyond.headers.get('link')).toMatch(/[?&]page=8&[^>]*>; rel="next"/);
      expect(rule.hits).toBe(2);
    } finally {
      emu.clearFaults();
    }
  });

  it('endless-without-total: no X-Total, X-Total-Pages nor rel="last" to stop at', async () => {
    emu.fail({ path: /\/bridges$/, paging: 'endless-without-total', times: Infinity });
    try {
      const page = await get(`/projects/42/pipelines/${pipelineId}/bridges?per_page=1&page=3`);
      expect((page.json as Json[]).length).toBe(1);
      expect(page.headers.get('x-next-page')).toBe('4');
      expect(page.headers.get('x-total')).toBeNull();
      expect(page.headers.get('x-total-pages')).toBeNull();
      expect(page.headers.get('link')).not.toContain('rel="last"');
    } finally {
      emu.clearFaults();
    }
  });

  it('repeat: the next page points back, so a client that follows it sees the same items again', async () => {
    emu.fail({ path: /\/triggers$/, paging: 'repeat', times: Infinity });
    try {
      const page = await get('/projects/42/triggers?per_page=1');
      expect(page.headers.get('x-next-page')).toBe('1');
      // GitLab's own client follows rel="next": bounded only by its maxPages.
      const triggers = await api.PipelineTriggerTokens.all(42, { perPage: 1, maxPages: 4 });
      expect(triggers).toHaveLength(4);
      expect(new Set(triggers.map((t) => t.id)).size).toBe(1);
      const second = await get(`/projects/42/pipelines/${pipelineId}/jobs?per_page=2&page=2`);
      expect(second.headers.get('x-next-page')).toBe('3'); // only /triggers is faulted
    } finally {
      emu.clearFaults();
    }
  });

  it('a paging rule needs nothing else and is refused alongside another kind', () => {
    expect(() => emu.fail({ paging: 'repeat', status: 500 })).toThrow(/exactly one/);
  });
});
