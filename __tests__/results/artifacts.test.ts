import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startEmulator, type Emulator, type Script } from '../../emulator/index.js';
import { downloadArtifacts, safeSegment } from '../../src/core/follow/watchers/artifacts.js';
import { unzipSafely } from '../../src/core/follow/watchers/safe-unzip.js';
import {
  formatSize,
  matchesAny,
  parseArtifactGlobs,
  parseSize,
} from '../../src/core/parse/artifact-globs.js';
import { InputError } from '../../src/core/errors.js';
import { harness, findingsOf, runScript, type Harness } from './helpers.js';

// Artifacts and logs: archives streamed to disk and unpacked one folder per job, never
// outside it, under a ceiling; whole logs streamed beside them.

const MiB = 1024 * 1024;
const DOTENV = 'ENVIRONMENT_URL=https://review.example.com\n';
const names = {
  artifacts: 'download_artifacts',
  maxBytes: 'artifacts_max_size',
  path: 'artifacts_path',
};

let emu: Emulator;
let h: Harness;
let work: string;
beforeAll(async () => {
  emu = await startEmulator({ speed: 0 });
  h = await harness(emu);
  work = await mkdtemp(join(tmpdir(), 'artifacts-test-'));
});
afterAll(async () => {
  await emu.close();
  await rm(work, { recursive: true, force: true });
});

/** Every file and link under a folder, relative to it. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

const SCRIPT: Script = {
  jobs: [
    {
      name: 'deploy',
      stage: 'deploy',
      duration: 2,
      trace: 'deploying\ndone\n',
      artifacts: {
        'deploy.env': DOTENV,
        'reports/summary.json': '{"ok":true}\n',
        'logs/full.log': { size: 3 * MiB, tail: 'THE END\n' },
      },
    },
    { name: 'lint', stage: 'deploy', duration: 1 },
  ],
  bridges: [
    {
      name: 'child',
      stage: 'deploy',
      downstream: {
        child: true,
        script: {
          jobs: [
            { name: 'build:arm', stage: 'build', duration: 1, artifacts: { 'bin/app': 'ELF' } },
          ],
        },
      },
    },
  ],
};

async function run(script: Script, options: Partial<Parameters<typeof downloadArtifacts>[0]>) {
  const artifactsPath = await mkdtemp(join(work, 'run-'));
  const watcher = downloadArtifacts({
    api: h.results,
    globs: [],
    logs: false,
    artifactsPath: join(artifactsPath, 'gitlab-artifacts'),
    maxBytes: 1024 * MiB,
    names,
    tempDir: work,
    ...options,
  });
  const result = await runScript(emu, h, script, [watcher]);
  return { result, base: artifactsPath, root: join(artifactsPath, 'gitlab-artifacts') };
}

describe('downloading artifacts', () => {
  it('unpacks each matching job into its own folder, downstream jobs below their trigger job', async () => {
    const { result, root } = await run(SCRIPT, { globs: ['deploy', 'build:*', 'nothing-*'] });
    expect(tree(root)).toEqual([
      'child/build_arm/bin/app',
      'deploy/deploy.env',
      'deploy/logs/full.log',
      'deploy/reports/summary.json',
    ]);
    expect(readFileSync(join(root, 'deploy/deploy.env'), 'utf8')).toBe(DOTENV);
    expect(statSync(join(root, 'deploy/logs/full.log')).size).toBe(3 * MiB);
    const [downloads] = findingsOf(result, 'downloads');
    expect(downloads?.downloads.jobs.map((j) => [j.name, j.files, j.refused])).toEqual([
      ['deploy', 3, []],
      ['child › build:arm', 1, []],
    ]);
    expect(findingsOf(result, 'problem')).toEqual([
      expect.objectContaining({
        level: 'warning',
        text: "download_artifacts: 'nothing-*' matches no job of the pipeline or its downstream pipelines.",
      }),
    ]);
    const section = findingsOf(result, 'section').find((s) => s.title === 'Artifacts and logs');
    expect(section?.text).toMatch(
      /^Job 'deploy': 3 files \(3 MiB\) in .*gitlab-artifacts\/deploy$/m,
    );
    // Nothing is left in the temporary folder.
    expect(readdirSync(work).filter((f) => f.endsWith('.zip'))).toEqual([]);
  });

  it('refuses entries that would land outside the folder, naming them, and stops a bomb at the ceiling', async () => {
    const hostile: Script = {
      jobs: [{ name: 'evil', stage: 'build', duration: 1, hostileArtifacts: true }],
    };
    const { result, base, root } = await run(hostile, { globs: ['evil'], maxBytes: 16 * MiB });
    // Only the ordinary file was written, and nothing at all outside the job's folder.
    expect(tree(base)).toEqual(['gitlab-artifacts/evil/ok.txt']);
    expect(existsSync('/abs/path.txt')).toBe(false);
    expect(await readFile(join(root, 'evil/ok.txt'), 'utf8')).toBe('an ordinary file\n');
    const problems = findingsOf(result, 'problem');
    const refused = problems.find((p) => p.title === 'Artifact entries refused: evil');
    expect(refused?.level).toBe('warning');
    expect(refused?.text).toContain("'../escape.txt' (climbs out of its folder with ..)");
    expect(refused?.text).toContain("'/abs/path.txt' (is an absolute path)");
    // Shown as the check read it: the archive's backslash is a folder separator.
    expect(refused?.text).toContain("'C:/drive.txt' (names a drive)");
    expect(refused?.text).toContain("'link-outside' (is a symbolic link)");
    const ceiling = problems.find((p) => p.title === 'Artifacts too large: evil');
    expect(ceiling).toMatchObject({ level: 'error' });
    expect(ceiling?.text).toMatch(
      /^The artifacts of job 'evil' unpack to more than 16 MiB \(artifacts_max_size\): unpacking stopped at 'bomb.bin', and 1 file before it is in .*evil\. Raise artifacts_max_size to take them whole\.$/,
    );
    expect(findingsOf(result, 'downloads')[0]?.downloads.jobs[0]?.refused).toEqual([
      '../escape.txt',
      '/abs/path.txt',
      'C:/drive.txt',
      'link-outside',
    ]);
  });

  it('stops an entry that lies about its size where it passes what it declared', async () => {
    const lying: Script = {
      jobs: [
        {
          name: 'liar',
          stage: 'build',
          duration: 1,
          hostileArtifacts: { bombSize: 8 * MiB, declaredSize: 1000 },
        },
      ],
    };
    const { result, root } = await run(lying, { globs: ['liar'], maxBytes: 4 * MiB });
    expect(tree(root)).toEqual(['liar/ok.txt']);
    // An entry whose data breaks its own record is the archive's damage: said, and the step fails.
    const damaged = findingsOf(result, 'problem').find(
      (p) => p.title === 'Artifacts damaged: liar',
    );
    expect(damaged).toMatchObject({ level: 'error' });
    expect(damaged?.text).toMatch(
      /^The artifacts archive of job 'liar' is damaged \(too many bytes .*\): unpacking stopped at 'bomb.bin', and 1 file before it is in /,
    );
    expect(findingsOf(result, 'failure')).toHaveLength(1);
  });

  it('stops a download larger than the ceiling before unpacking it', async () => {
    const { result, root } = await run(SCRIPT, { globs: ['deploy'], maxBytes: 1 * MiB });
    expect(existsSync(join(root, 'deploy'))).toBe(false);
    expect(findingsOf(result, 'problem')).toEqual([
      expect.objectContaining({
        level: 'error',
        title: 'Artifacts too large: deploy',
        text: "The artifacts archive of job 'deploy' is larger than 1 MiB (artifacts_max_size); it was not unpacked. Raise artifacts_max_size to take it.",
      }),
    ]);
  });
});

describe('downloading logs', () => {
  it('streams a huge log to disk beside the artifacts, whole', async () => {
    const size = 200 * MiB;
    const huge: Script = {
      jobs: [
        {
          name: 'soak',
          stage: 'test',
          duration: 1,
          traceSize: size,
          traceTail: 'LAST LINE\n',
          artifacts: { 'a.txt': 'a' },
        },
      ],
    };
    const { result, root } = await run(huge, { globs: ['soak'], logs: true });
    const log = join(root, 'soak.log');
    expect(statSync(log).size).toBe(size);
    expect(tree(root)).toEqual(['soak.log', 'soak/a.txt']);
    const [downloads] = findingsOf(result, 'downloads');
    expect(downloads?.downloads.jobs[0]?.log).toEqual({ path: log, bytes: size });
    const tail = readFileSync(log).subarray(-10).toString();
    expect(tail).toBe('LAST LINE\n');
  });

  it('saves every job log when no artifacts are asked for, cutting one past the ceiling', async () => {
    const script: Script = {
      jobs: [
        { name: 'build', stage: 'build', duration: 1, trace: 'built\n' },
        { name: 'noisy', stage: 'test', duration: 1, traceSize: 2 * MiB },
      ],
    };
    const { result, root } = await run(script, { logs: true, maxBytes: 1 * MiB });
    expect(readFileSync(join(root, 'build.log'), 'utf8')).toBe('built\n');
    expect(statSync(join(root, 'noisy.log')).size).toBeLessThanOrEqual(1 * MiB);
    // A log asked for and not brought home whole fails the step, naming the ceiling.
    expect(findingsOf(result, 'problem')).toEqual([
      expect.objectContaining({ level: 'error', title: 'Log cut: noisy' }),
    ]);
    expect(findingsOf(result, 'failure')).toEqual([
      { kind: 'failure', message: expect.stringContaining('Raise artifacts_max_size') },
    ]);
  });
});

describe('the artifact settings', () => {
  it('reads globs one a line and matches names whole', () => {
    expect(
      parseArtifactGlobs('build-*\n\n# docs\n test?  \nbuild-*', 'download_artifacts'),
    ).toEqual(['build-*', 'test?']);
    expect(matchesAny(['build-*'], 'build-linux')).toBe(true);
    expect(matchesAny(['build-*'], 'prebuild-linux')).toBe(false);
    expect(matchesAny(['test?'], 'test1')).toBe(true);
    expect(matchesAny(['a.b'], 'axb')).toBe(false);
  });

  it('reads sizes in powers of 1024 and refuses what is not one', () => {
    expect(parseSize('512MiB', 'artifacts_max_size')).toBe(512 * MiB);
    expect(parseSize('2G', 'artifacts_max_size')).toBe(2 * 1024 * MiB);
    expect(parseSize('1000', 'artifacts_max_size')).toBe(1000);
    expect(() => parseSize('lots', 'artifacts_max_size')).toThrow(InputError);
    expect(() => parseSize('0', 'artifacts_max_size')).toThrow(
      "artifacts_max_size is '0', which is not a size: give a size such as 500MiB or 2GiB (K, M and G count in 1024s), or plain bytes.",
    );
    expect(formatSize(1024 * MiB)).toBe('1 GiB');
    expect(formatSize(1536)).toBe('1.5 KiB');
  });

  it('names folders safely on any system', () => {
    expect(safeSegment('build:arm/64')).toBe('build_arm_64');
    expect(safeSegment('..')).toBe('_');
    expect(safeSegment('trailing. ')).toBe('trailing');
  });
});

describe('unpacking an archive of very many entries', () => {
  it('stops at the ceiling on entries, and names only the first refused ones', async () => {
    const yazl = (await import('yazl')).default;
    const zip = new yazl.ZipFile();
    for (let i = 0; i < 30; i++) zip.addBuffer(Buffer.alloc(0), `empty-${i}.txt`);
    zip.end();
    const archive = join(work, 'many.zip');
    await new Promise<void>((resolve, reject) => {
      const chunks: Buffer[] = [];
      zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
      zip.outputStream.on('end', () =>
        writeFile(archive, Buffer.concat(chunks)).then(resolve, reject),
      );
    });
    const folder = await mkdtemp(join(work, 'many-'));
    const outcome = await unzipSafely(archive, folder, 1024 * MiB, 10);
    expect(outcome).toMatchObject({ files: 10, stoppedBy: 'entries', stoppedAt: 'empty-10.txt' });
    expect(readdirSync(folder)).toHaveLength(10);
  });
});
