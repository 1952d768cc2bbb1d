// Job artifacts: the archive (built with yazl, streamed), one file from it, the job entity's
// artifact fields, and an archive built to hurt its reader.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Gitlab } from '@gitbeaker/rest';
import yauzl from 'yauzl';
import { startEmulator } from '../../emulator/index.js';
import { call, trigger, type Emu, type Json } from './helpers.js';

const BIG = 20 * 1024 * 1024;
const DOTENV = 'ENVIRONMENT_URL=https://review-42.example.com\nDEPLOY_ID=7\n';

let emu: Emu;
let api: InstanceType<typeof Gitlab>;
let jobs: Record<string, Json>;

interface Entry {
  name: string;
  size: number;
  compressed: number;
  mode: number;
}

/** The entries of a zip held in memory; `decodeStrings: false` keeps hostile names as they are. */
function entriesOf(zip: Buffer, strict = false): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true, decodeStrings: strict }, (error, file) => {
      if (error || !file) return reject(error);
      const found: Entry[] = [];
      file.on('entry', (entry: yauzl.Entry) => {
        const name = Buffer.isBuffer(entry.fileName)
          ? entry.fileName.toString('utf8')
          : entry.fileName;
        found.push({
          name,
          size: entry.uncompressedSize,
          compressed: entry.compressedSize,
          mode: (entry.externalFileAttributes >>> 16) & 0o170000,
        });
        file.readEntry();
      });
      file.on('error', reject);
      file.on('end', () => resolve(found));
      file.readEntry();
    });
  });
}

/** Reads one entry whole (small ones only). */
function readEntry(zip: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return reject(error);
      file.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return file.readEntry();
        file.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        });
      });
      file.on('end', () => reject(new Error(`no ${name}`)));
      file.readEntry();
    });
  });
}

beforeAll(async () => {
  emu = await startEmulator({ speed: 0 });
  api = new Gitlab({ host: emu.url, token: emu.seed.apiToken });
  emu.setScript(42, 'main', {
    jobs: [
      {
        name: 'deploy',
        stage: 'deploy',
        duration: 2,
        artifacts: {
          'deploy.env': DOTENV,
          'reports/summary.json': '{"ok":true}\n',
          'logs/full.log': { size: BIG, tail: 'THE END\n' },
        },
      },
      {
        name: 'evil',
        stage: 'deploy',
        duration: 2,
        hostileArtifacts: { bombSize: 8 * 1024 * 1024, declaredSize: 1000 },
      },
      { name: 'plain', stage: 'deploy', duration: 2 },
      {
        name: 'broken',
        stage: 'deploy',
        duration: 2,
        result: 'failed',
        artifacts: { 'a.txt': 'a' },
      },
    ],
  });
  const answer = await trigger(emu, { token: emu.seed.triggerToken, ref: 'main' });
  const id = (answer.json as Json).id as number;
  emu.setScript(42, 'main', null);
  emu.advance(10);
  const list = await api.Jobs.all(42, { pipelineId: id });
  jobs = Object.fromEntries(list.map((j) => [j.name, j as unknown as Json]));
});
afterAll(async () => {
  await emu.close();
});

describe('the job entity', () => {
  it('lists the archive, its metadata and the dotenv report; artifacts_file names the archive', () => {
    const deploy = jobs.deploy!;
    const archive = deploy.artifacts_file as Json;
    expect(archive.filename).toBe('artifacts.zip');
    expect(archive.size as number).toBeGreaterThan(BIG);
    const types = (deploy.artifacts as Json[]).map((a) => [a.file_type, a.filename, a.file_format]);
    expect(types).toEqual([
      ['archive', 'artifacts.zip', 'zip'],
      ['metadata', 'metadata.gz', 'gzip'],
      ['dotenv', '.env.gz', 'gzip'],
    ]);
  });

  it('a job without artifacts, or one that failed (artifacts:when on_success): none', () => {
    expect(jobs.plain).not.toHaveProperty('artifacts_file');
    expect(jobs.plain!.artifacts).toEqual([]);
    expect(jobs.broken!.artifacts).toEqual([]);
  });
});

describe('GET /projects/:id/jobs/:job_id/artifacts', () => {
  it('streams the zip with the size the entity announced (GitLab client: downloadArchive)', async () => {
    const response = await fetch(`${emu.apiUrl}/projects/42/jobs/${jobs.deploy!.id}/artifacts`, {
      headers: { 'PRIVATE-TOKEN': emu.seed.apiToken },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toContain('filename="artifacts.zip"');
    expect(response.headers.get('content-length')).toBe(
      String((jobs.deploy!.artifacts_file as Json).size),
    );
    await response.body?.cancel();

    const blob = await api.JobArtifacts.downloadArchive(42, { jobId: jobs.deploy!.id as number });
    const zip = Buffer.from(await blob.arrayBuffer());
    expect(zip.length).toBe((jobs.deploy!.artifacts_file as Json).size);
    const entries = await entriesOf(zip, true);
    expect(entries.map((e) => [e.name, e.size])).toEqual([
      ['deploy.env', DOTENV.length],
      ['reports/summary.json', 12],
      ['logs/full.log', BIG],
    ]);
    expect(await readEntry(zip, 'deploy.env')).toBe(DOTENV);
  });

  it('accepts a CI job token of an allowlisted project', async () => {
    const response = await fetch(`${emu.apiUrl}/projects/42/jobs/${jobs.deploy!.id}/artifacts`, {
      method: 'HEAD',
      headers: { 'JOB-TOKEN': emu.seed.jobToken },
    });
    expect(response.status).toBe(200);
  });

  it('a job without an archive: 404 Not Found', async () => {
    const answer = await call(emu, 'GET', `/projects/42/jobs/${jobs.plain!.id}/artifacts`, {
      token: emu.seed.apiToken,
    });
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ message: '404 Not Found' });
  });
});

describe('GET /projects/:id/jobs/:job_id/artifacts/*artifact_path', () => {
  it('answers one file, typed by its extension (GitLab client: downloadArchive with artifactPath)', async () => {
    const blob = await api.JobArtifacts.downloadArchive(42, {
      jobId: jobs.deploy!.id as number,
      artifactPath: 'deploy.env',
    });
    expect(await blob.text()).toBe(DOTENV);
    const json = await call(
      emu,
      'GET',
      `/projects/42/jobs/${jobs.deploy!.id}/artifacts/reports/summary.json`,
      {
        token: emu.seed.apiToken,
      },
    );
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(json.headers.get('content-disposition')).toBe('attachment; filename="summary.json"');
    expect(json.json).toEqual({ ok: true });
  });

  it('streams a large generated file with its length; its last bytes are the tail', async () => {
    const response = await fetch(
      `${emu.apiUrl}/projects/42/jobs/${jobs.deploy!.id}/artifacts/logs/full.log`,
      { headers: { 'PRIVATE-TOKEN': emu.seed.apiToken } },
    );
    expect(response.headers.get('content-length')).toBe(String(BIG));
    const text = await response.text();
    expect(text.endsWith('THE END\n')).toBe(true);
  });

  it('a path not in the archive: Workhorse’s plain 404', async () => {
    const answer = await call(
      emu,
      'GET',
      `/projects/42/jobs/${jobs.deploy!.id}/artifacts/nope.txt`,
      {
        token: emu.seed.apiToken,
      },
    );
    expect(answer.status).toBe(404);
    expect(answer.text).toBe('404 page not found\n');
  });
});

describe('a hostile archive (hostileArtifacts)', () => {
  let zip: Buffer;
  beforeAll(async () => {
    const response = await fetch(`${emu.apiUrl}/projects/42/jobs/${jobs.evil!.id}/artifacts`, {
      headers: { 'PRIVATE-TOKEN': emu.seed.apiToken },
    });
    expect(response.headers.get('content-length')).toBeNull();
    zip = Buffer.from(await response.arrayBuffer());
  });

  it('holds names that climb out, absolute paths, a drive letter and a link outside', async () => {
    const entries = await entriesOf(zip);
    expect(entries.map((e) => e.name)).toEqual([
      'ok.txt',
      '../escape.txt',
      '/abs/path.txt',
      'C:\\drive.txt',
      'link-outside',
      'bomb.bin',
    ]);
    expect(entries.find((e) => e.name === 'link-outside')!.mode).toBe(0o120000);
  });

  it('a careful reader refuses it (yauzl validates names)', async () => {
    await expect(entriesOf(zip, true)).rejects.toThrow(/invalid relative path|absolute path/);
  });

  it('its large entry is a deflated run of zeros whose declared size is a lie', async () => {
    const bomb = (await entriesOf(zip)).find((e) => e.name === 'bomb.bin')!;
    expect(bomb.size).toBe(1000);
    expect(bomb.compressed).toBeLessThan(64 * 1024);
    expect(zip.length).toBeLessThan(100 * 1024);
  });
});
