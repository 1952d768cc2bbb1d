import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { ROOT, runAction, unfencedLines, type ActionRun } from '../../scripts/github-runner.js';

// Job logs followed live in the step's log, end to end: the built dist/index.js and dist/cli.js
// against the emulator, whose jobs write their logs piece by piece as they run.

let emu: Emulator;
let seed: Emulator['seed'];
beforeAll(async () => {
  emu = await startEmulator({ speed: 2 });
  seed = emu.seed;
});
afterAll(() => emu.close());

const ESC = '\u001b';
const section = (edge: 'start' | 'end', name: string): string =>
  `${ESC}[0Ksection_${edge}:1700000000:${name}\r${ESC}[0K`;

/** A job whose log comes in pieces over `seconds` emulated seconds, one piece every 2. */
function pieces(texts: readonly string[], every = 2): { at: number; text: string }[] {
  return texts.map((text, i) => ({ at: i * every, text }));
}

function step(extra: Record<string, string>): Record<string, string> {
  return {
    gitlab_url: emu.url,
    project: seed.projectPath,
    ref: 'main',
    token: seed.triggerToken,
    wait: 'true',
    api_token: seed.apiToken,
    test_report: 'false',
    ...extra,
  };
}

function expectNoSecret(run: ActionRun): void {
  const shown = run.everything.replace(/^::add-mask::.*$/gm, '');
  for (const secret of [seed.triggerToken, seed.apiToken]) expect(shown).not.toContain(secret);
}

const traceReads = (jobId?: number) =>
  emu.requests.filter(
    (r) =>
      r.method === 'GET' &&
      /\/jobs\/\d+\/trace$/.test(r.path) &&
      (!jobId || r.path.includes(`/jobs/${jobId}/`)),
  );

describe('stream_logs in the action', () => {
  it('shows a running job’s lines as they come, sections as groups, colours kept, commands inert, a split secret masked', async () => {
    const token = seed.apiToken;
    const half = Math.floor(token.length / 2);
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [
        {
          name: 'build',
          stage: 'build',
          duration: 16,
          traceChunks: pieces([
            `${section('start', 'prepare')}${ESC}[36;1mPreparing the environment${ESC}[0;m\n`,
            `prepare line 1\n${section('end', 'prepare')}\n`,
            `${ESC}[32mgreen line${ESC}[0m\n::error::not an annotation\n`,
            `::add-mask::ghost\n##[set-output name=stolen;]value\nusing ${token.slice(0, half)}`,
            `${token.slice(half)} to deploy\n`,
            'last line without end',
          ]),
        },
      ],
    });
    const seenAt = new Map<string, number>();
    const run = await runAction({
      with: step({ stream_logs: 'build' }),
      timeoutMs: 60_000,
      echo: (chunk) => {
        for (const marker of ['prepare line 1', 'green line', 'to deploy'])
          if (chunk.includes(marker) && !seenAt.has(marker)) seenAt.set(marker, Date.now());
      },
    });
    expect(run.exitCode).toBe(0);
    const out = run.stdout;
    expect(out).toContain("Following the log of job 'build'");
    expect(out).toContain('prepare line 1');
    expect(out).toContain(`${ESC}[32mgreen line${ESC}[0m`);
    expect(out).toContain('last line without end');
    expect(out).toMatch(/Job 'build' success: http/);
    // The section is a group, and the group commands stand outside every fence.
    const open = unfencedLines(out);
    expect(open).toContain('::group::Preparing the environment');
    expect(open).toContain('::endgroup::');
    // Nothing GitLab wrote acts: no annotation, no mask, no output.
    expect(open.some((l) => l.includes('not an annotation'))).toBe(false);
    expect(open.some((l) => l.includes('ghost') || l.includes('##['))).toBe(false);
    expect(out).toContain('::error::not an annotation');
    expect(run.outputs.stolen).toBeUndefined();
    // The token, cut in two by the reads, is masked whole.
    expect(out).toContain('using *** to deploy');
    expectNoSecret(run);
    // Read while it ran: the lines came before the job's end, over several reads.
    const build = emu.pipelines.at(-1)?.jobs.find((j) => j.name === 'build');
    expect(traceReads(build?.id).length).toBeGreaterThanOrEqual(3);
    const first = seenAt.get('prepare line 1') ?? Infinity;
    const last = seenAt.get('to deploy') ?? 0;
    expect(last - first).toBeGreaterThan(2_000);
  }, 90_000);

  it('prefixes each line with its job when several are followed, and says once what never ran', async () => {
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [
        {
          name: 'unit',
          stage: 'test',
          duration: 4,
          traceChunks: pieces([`${section('start', 's')}header\n`, 'unit ok\n']),
        },
        { name: 'lint', stage: 'test', duration: 4, traceChunks: pieces(['lint ok\n']) },
        { name: 'deploy', stage: 'deploy', when: 'manual' },
      ],
    });
    const run = await runAction({
      with: step({ stream_logs: 'unit, lint\ndeploy\nghost' }),
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('[unit] unit ok');
    expect(run.stdout).toContain('[lint] lint ok');
    expect(run.stdout).toContain('[unit] header');
    expect(run.stdout).not.toContain('::group::');
    const said = (text: string) => run.stdout.split(text).length - 1;
    expect(said("Job 'deploy' did not run (manual)")).toBe(1);
    expect(said("No job named 'ghost' was found")).toBe(1);
  }, 60_000);

  it('follows a downstream job named as the summary names it', async () => {
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [{ name: 'build', stage: 'build', duration: 2 }],
      bridges: [
        {
          name: 'deploy',
          stage: 'deploy',
          strategy: 'depend',
          downstream: {
            child: true,
            script: {
              createdSeconds: 1,
              queueSeconds: 1,
              jobs: [
                { name: 'smoke', duration: 4, traceChunks: pieces(['smoke 1\n', 'smoke 2\n']) },
              ],
            },
          },
        },
      ],
    });
    const run = await runAction({
      with: step({ stream_logs: 'deploy › smoke' }),
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Following the log of job 'deploy › smoke'");
    expect(run.stdout).toMatch(/^smoke 1\nsmoke 2$/m);
    expect(run.stdout).toContain("Job 'deploy › smoke' success");
  }, 60_000);

  it('follows the new run of a job that is retried', async () => {
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [
        {
          name: 'flaky',
          stage: 'test',
          duration: 6,
          result: 'failed',
          retry: 1,
          retryResult: 'success',
          traceChunks: pieces(['attempt output\n', 'more output\n']),
        },
      ],
    });
    const run = await runAction({ with: step({ stream_logs: 'flaky' }), timeoutMs: 60_000 });
    expect(run.exitCode).toBe(0);
    const jobs = emu.pipelines.at(-1)?.jobs.filter((j) => j.name === 'flaky') ?? [];
    expect(jobs).toHaveLength(2);
    expect(run.stdout).toMatch(/Job 'flaky' failed/);
    expect(run.stdout).toContain(
      `Job 'flaky' was retried: following its new run (#${jobs[1]?.id})`,
    );
    expect(run.stdout).toMatch(/Job 'flaky' success/);
    expect(traceReads(jobs[1]?.id).length).toBeGreaterThan(0);
  }, 60_000);

  it('reads nothing more once the run is cancelled in the middle of a log', async () => {
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [
        {
          name: 'soak',
          stage: 'test',
          duration: 3_600,
          traceChunks: Array.from({ length: 1_800 }, (_, i) => ({
            at: i * 2,
            text: `tick ${i}\n`,
          })),
        },
      ],
    });
    let killedAt = Infinity;
    const run = await runAction({
      with: step({ stream_logs: 'soak' }),
      timeoutMs: 60_000,
      onStart: (kill, stdout) => {
        const timer = setInterval(() => {
          if (!stdout().includes('tick 2')) return;
          clearInterval(timer);
          killedAt = Date.now();
          kill('SIGINT');
        }, 50);
      },
    });
    expect(run.stdout).toContain('tick 0');
    expect(Number.isFinite(killedAt)).toBe(true);
    // A request already on its way may land a few ms later; none is sent after the cancel.
    const after = traceReads().filter((r) => r.at > killedAt + 100);
    expect(after).toEqual([]);
    expect(emu.pipelines.at(-1)?.status).toMatch(/cancel/);
  }, 60_000);

  it('stops following a 50 MB log past its ceiling with one line that links the job', async () => {
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [
        {
          name: 'huge',
          stage: 'test',
          duration: 20,
          traceSize: 50_000_000,
          traceTail: 'the end\n',
        },
      ],
    });
    const run = await runAction({ with: step({ stream_logs: 'huge' }), timeoutMs: 90_000 });
    expect(run.exitCode).toBe(0);
    const job = emu.pipelines.at(-1)?.jobs.find((j) => j.name === 'huge');
    const stops =
      run.stdout.match(/Stopped following the log of job 'huge': it is past 16 MiB.*$/gm) ?? [];
    expect(stops).toHaveLength(1);
    expect(stops[0]).toContain(`/-/jobs/${job?.id}`);
    // The step log holds at most the ceiling of it.
    expect(run.stdout.length).toBeLessThan(17 * 1024 * 1024);
    expect(traceReads(job?.id).length).toBeLessThan(10);
  }, 120_000);

  it('refuses stream_logs without wait before any request', async () => {
    const before = emu.requests.length;
    const run = await runAction({ with: step({ wait: 'false', stream_logs: 'build' }) });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      "Input 'stream_logs' is set, but the run does not wait for the pipeline",
    );
    expect(emu.requests.length).toBe(before);
  });
});

describe('--stream-logs in the command line', () => {
  it('prints the log on stderr without colours or control sequences off a terminal, the secret masked', async () => {
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [
        {
          name: 'build',
          stage: 'build',
          duration: 4,
          traceChunks: pieces([
            `${ESC}[31mred${ESC}[0m ${ESC}]0;title${ESC}\\ line\n`,
            `${ESC}]8;;http://evil${ESC}\\link${ESC}]8;;${ESC}\\ using ${seed.apiToken}\n`,
          ]),
        },
      ],
    });
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'dist/cli.js'),
        'run',
        '--gitlab-url',
        emu.url,
        '--project',
        seed.projectPath,
        '--ref',
        'main',
        '--wait',
        '--test-report',
        'false',
        '--stream-logs',
        'build',
      ],
      {
        env: {
          PATH: process.env.PATH ?? '',
          GITLAB_TRIGGER_TOKEN: seed.triggerToken,
          GITLAB_API_TOKEN: seed.apiToken,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((done) => child.on('close', done));
    expect(code).toBe(0);
    expect(stderr).toContain('red  line');
    expect(stderr).toContain('link using ***');
    expect(stderr).not.toContain(ESC);
    expect(stderr).not.toContain(seed.apiToken);
    expect(stderr).toMatch(/Job 'build' success/);
  }, 60_000);
});

describe('stream_logs against hostile logs', () => {
  it('keeps every workflow command of a hostile log inert, and its group titles escaped', async () => {
    const hostile = [
      `${section('start', 'x')}::error::title%0A::add-mask::hidden\n`,
      '\r::error::after a carriage return\n',
      '\u0085::warning::after a next-line\n',
      `${ESC}[2J${ESC}[1Acleared ${ESC}]8;;https://evil.example${ESC}\\link${ESC}]8;;${ESC}\\\n`,
      '::stop-commands::guess\n::guess::\n::error::after a fence of its own\n',
      '##[error]old form\n::set-env name=X::1\n',
      `${section('end', 'x')}\n`,
      'bidi \u202eevil\u202c text\n',
    ].join('');
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [
        {
          name: 'evil',
          stage: 'test',
          duration: 4,
          traceChunks: [
            { at: 0, text: hostile },
            // Invalid UTF-8, and a character cut between two pieces of the log.
            {
              at: 2,
              base64: Buffer.concat([
                Buffer.from('bad '),
                Buffer.from([0xff, 0xfe]),
                Buffer.from(' bytes '),
                Buffer.from('é').subarray(0, 1),
              ]).toString('base64'),
            },
            {
              at: 3,
              base64: Buffer.concat([
                Buffer.from('é').subarray(1),
                Buffer.from(' whole\n'),
              ]).toString('base64'),
            },
          ],
        },
      ],
    });
    const run = await runAction({ with: step({ stream_logs: 'evil' }), timeoutMs: 60_000 });
    expect(run.exitCode).toBe(0);
    const open = unfencedLines(run.stdout);
    // What stands outside the fences is the tool's own: no line of the log.
    const commands = open.filter((l) => /^::|##\[/.test(l));
    expect(commands.every((l) => /^::(add-mask|debug|group|endgroup|notice)::/.test(l))).toBe(true);
    expect(open).toContain('::group::::error::title%250A::add-mask::hidden');
    expect(open.filter((l) => l.startsWith('::add-mask::'))).toHaveLength(3);
    for (const gone of [`${ESC}[2J`, `${ESC}]8`, '\u0085', '\u202e'])
      expect(run.stdout).not.toContain(gone);
    expect(run.stdout).toContain('cleared link');
    expect(run.stdout).toContain('bad \ufffd\ufffd bytes é whole');
    expect(run.stdout).toContain('after a fence of its own');
  }, 60_000);

  it('shows a log without line feeds in bounded lines, all of it', async () => {
    const long = 'x'.repeat(1_000_000);
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [
        {
          name: 'flat',
          stage: 'test',
          duration: 6,
          traceChunks: [
            { at: 0, text: long.slice(0, 400_000) },
            { at: 3, text: long.slice(400_000) },
          ],
        },
      ],
    });
    const run = await runAction({ with: step({ stream_logs: 'flat' }), timeoutMs: 60_000 });
    expect(run.exitCode).toBe(0);
    const xs = run.stdout.split('\n').filter((l) => /^x+$/.test(l));
    expect(xs.reduce((n, l) => n + l.length, 0)).toBe(1_000_000);
    expect(Math.max(...xs.map((l) => l.length))).toBeLessThanOrEqual(16 * 1024);
  }, 60_000);

  it('stops an endless log at its ceiling and reads it no more while the job runs on', async () => {
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [{ name: 'endless', stage: 'test', duration: 36_000, traceSize: 2_000_000_000_000 }],
    });
    const run = await runAction({
      with: step({ stream_logs: 'endless', timeout: '25s', cancel_on_abort: 'false' }),
      timeoutMs: 90_000,
    });
    expect(run.exitCode).toBe(1);
    const job = emu.pipelines.at(-1)?.jobs.find((j) => j.name === 'endless');
    const reads = traceReads(job?.id);
    expect(run.stdout).toMatch(/Stopped following the log of job 'endless': it is past 16 MiB/);
    const stoppedAt = reads.at(-1)?.at ?? 0;
    expect(reads.length).toBeLessThanOrEqual(3);
    expect(run.stdout.length).toBeLessThan(20 * 1024 * 1024);
    expect(stoppedAt).toBeGreaterThan(0);
  }, 120_000);

  it('follows at most five of the many jobs a name matches, and says so in a bounded number of lines', async () => {
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [],
      generate: { count: 40, stages: 1, duration: 8, manualEvery: 3 },
    });
    const before = emu.requests.length;
    const run = await runAction({ with: step({ stream_logs: '*' }), timeoutMs: 60_000 });
    expect(run.exitCode).toBe(0);
    const following = run.stdout.match(/^Following the log of job/gm) ?? [];
    const leftOut = run.stdout.match(/^Not following the log of job/gm) ?? [];
    expect(following).toHaveLength(5);
    expect(leftOut).toHaveLength(10);
    expect(run.stdout.match(/^More jobs are left out likewise\.$/gm)).toHaveLength(1);
    // Every third is a manual job left alone: ten said by name, the other three in one line.
    expect(run.stdout.match(/^Job '.*' did not run \(manual\)/gm)).toHaveLength(10);
    expect(run.stdout).toContain('\n3 more jobs named did not run.\n');
    const read = emu.requests.slice(before).filter((r) => /\/jobs\/\d+\/trace$/.test(r.path));
    expect(new Set(read.map((r) => r.path)).size).toBe(5);
  }, 60_000);
});
