// Artifacts archives served from object storage with direct download: GitLab answers 302 to a
// signed URL on another origin, which is good without GitLab's token.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Gitlab } from '@gitbeaker/rest';
import { startEmulator } from '../../emulator/index.js';
import { call, trigger, type Emu, type Json } from './helpers.js';

let emu: Emu;
let jobId: number;
beforeAll(async () => {
  emu = await startEmulator({ speed: 0, objectStorage: true });
  emu.setScript(42, 'main', {
    jobs: [{ name: 'package', stage: 'build', duration: 1, artifacts: { 'a.txt': 'hello\n' } }],
  });
  const created = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' });
  const pipelineId = (created.json as Json).id as number;
  emu.advance(20);
  const api = new Gitlab({ host: emu.url, token: emu.seed.apiToken });
  const [job] = await api.Jobs.all(42, { pipelineId });
  jobId = job!.id;
});
afterAll(() => emu.close());

describe('objectStorage: true', () => {
  it('answers the archive with 302 to a signed URL on another origin', async () => {
    const answer = await call(emu, 'GET', `/projects/42/jobs/${jobId}/artifacts`, {
      token: emu.seed.apiToken,
    });
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location') ?? '');
    expect(location.origin).not.toBe(new URL(emu.url).origin);
    expect(location.pathname).toBe(`/gitlab-artifacts/${jobId}/artifacts.zip`);
    expect(location.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('serves the zip at the signed URL without any token, and records what reached it', async () => {
    const answer = await call(emu, 'GET', `/projects/42/jobs/${jobId}/artifacts`, {
      token: emu.seed.apiToken,
    });
    const location = answer.headers.get('location') ?? '';
    const zip = await fetch(location);
    expect(zip.status).toBe(200);
    const bytes = Buffer.from(await zip.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const reached = emu.objectStorageRequests.at(-1);
    expect(reached?.path).toBe(`/gitlab-artifacts/${jobId}/artifacts.zip`);
    expect(reached?.headers['private-token']).toBeUndefined();
  });

  it('refuses a URL whose signature it did not give', async () => {
    const answer = await call(emu, 'GET', `/projects/42/jobs/${jobId}/artifacts`, {
      token: emu.seed.apiToken,
    });
    const forged = new URL(answer.headers.get('location') ?? '');
    forged.searchParams.set('X-Amz-Signature', '0'.repeat(32));
    const refused = await fetch(forged);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('still serves one file of the archive itself (Workhorse reads it from storage)', async () => {
    const answer = await call(emu, 'GET', `/projects/42/jobs/${jobId}/artifacts/a.txt`, {
      token: emu.seed.apiToken,
    });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('hello\n');
  });
});
