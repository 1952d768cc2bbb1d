// @ts-check
// `npm run bench`: how fast the action starts, how much it loads and holds, and how well it
// polls, measured side by side in one run so that machine noise cancels out. Prints a markdown
// table (figure | measured | reference | target | met?) that can be pasted into the README.
// Always exits 0 once it has measured: a missed target is marked in the table, not fatal.
//
// - cold start: `node dist/index.js`, spawned as a GitHub runner spawns it, from the spawn to
//   the trigger request's arrival at the emulator (`emu.requests[i].at`), interleaved with a
//   bare `node` script that only sends the same POST with fetch (the floor).
// - bundle: the files of dist/ the action loads when it starts without a proxy, as observed
//   through a module load hook; lazy chunks are named and checked with a proxy set.
// - memory: peak RSS (/usr/bin/time -f %M) of a run that triggers and waits.
// - polling: runPipeline's wait with a fake clock and a scripted pipeline (no sleeping), bundled
//   from src/core with ncc into a temporary directory through scripts/bench-polling-entry.ts.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEmulator } from '../emulator/index.js';
import { ROOT, actionYaml, runnerEnvironment } from './github-runner.js';

/** @typedef {typeof import('./bench-polling-entry.js')} PollingCore */
/** @typedef {import('../src/core/pipeline.js').Pipeline} Pipeline */
/** @typedef {import('../src/core/run-pipeline.js').RunApi} RunApi */
/** @typedef {{ figure: string, measured: string, reference: string, target: string, met: boolean | null }} Row */

const COLD_WARMUPS = 2;
const COLD_RUNS = 15;
const MEMORY_RUNS = 5;
const POLL_RUNS = 51;
const EMULATOR_SPEED = 20;
const TIME = '/usr/bin/time';
const ACTION = join(ROOT, actionYaml.runs.main);
const DIST = join(ROOT, 'dist');

const work = mkdtempSync(join(tmpdir(), 'bench-'));

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** @param {number[]} values */
function quartiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (/** @type {number} */ q) => sorted[Math.round(q * (sorted.length - 1))] ?? NaN;
  return `${at(0.25).toFixed(0)} / ${at(0.5).toFixed(0)} / ${at(0.75).toFixed(0)}`;
}

/** @param {number} bytes */
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
/** @param {number} kb */
const mibFromKb = (kb) => `${(kb / 1024).toFixed(1)} MiB`;
/** @param {number} ms */
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * @typedef {object} Spawned
 * @property {number | null} code
 * @property {string} stdout
 * @property {string} stderr
 * @property {number} t0 Epoch ms just before the spawn.
 */

/**
 * Spawns a process and collects its output; `t0` is taken immediately before the spawn.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: Record<string, string>, timeoutMs?: number }} options
 * @returns {Promise<Spawned>}
 */
function spawnTimed(command, args, options) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (/** @type {Buffer} */ d) => (stdout += d.toString()));
    child.stderr.on('data', (/** @type {Buffer} */ d) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, t0 });
    });
  });
}

/**
 * Runs dist/index.js with the environment scripts/github-runner.js gives it (the runner's):
 * every input's action.yml default and the step's `with:` as INPUT_*, the GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY and GITHUB_STATE files, the workspace as the working directory.
 * @param {{ with: Record<string, string>, env?: Record<string, string>, nodeArgs?: string[], wrap?: string[], timeoutMs?: number }} options
 */
async function runActionProcess(options) {
  const dir = mkdtempSync(join(work, 'run-'));
  const { env } = runnerEnvironment(dir, options);
  const nodeArgs = [...(options.nodeArgs ?? []), ACTION];
  const [command = process.execPath, ...args] = options.wrap
    ? [...options.wrap, process.execPath, ...nodeArgs]
    : [process.execPath, ...nodeArgs];
  const result = await spawnTimed(command, args, { cwd: dir, env, timeoutMs: options.timeoutMs });
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/**
 * @param {string} what
 * @param {Spawned} result
 */
function check(what, result) {
  if (result.code === 0) return;
  const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-14).join('\n');
  throw new Error(`${what} exited with ${result.code}:\n${tail}`);
}

/** @returns {string} */
function machine() {
  let model = cpus()[0]?.model ?? 'unknown CPU';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) model = line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // not Linux: os.cpus() has it
  }
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  return `${model}, ${cpus().length} cores, Node ${process.version} (${process.platform} ${process.arch}), load average ${load} at the end`;
}

// ---------------------------------------------------------------------------------------------
// cold start

/**
 * @param {import('../emulator/index.js').Emulator} emu
 * @param {Record<string, string>} step
 * @returns {Promise<{ rows: Row[], note: string }>}
 */
async function coldStart(emu, step) {
  const floorScript = join(work, 'floor.mjs');
  writeFileSync(
    floorScript,
    [
      '// The floor: a bare node process that only sends the trigger request.',
      'const response = await fetch(process.env.BENCH_URL, {',
      "  method: 'POST',",
      "  headers: { accept: 'application/json', 'user-agent': 'bench-floor', 'content-type': 'application/json' },",
      '  body: process.env.BENCH_BODY,',
      '});',
      'await response.text();',
      'if (response.status !== 201) process.exitCode = 1;',
      '',
    ].join('\n'),
  );
  const floorEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? work,
    BENCH_URL: `${emu.apiUrl}/projects/${encodeURIComponent(step.project ?? '')}/trigger/pipeline`,
    BENCH_BODY: JSON.stringify({ ref: step.ref, token: step.token }),
  };

  /**
   * Milliseconds from the spawn to the trigger request's arrival.
   * @param {() => Promise<Spawned>} start
   * @param {string} what
   */
  const timeToTrigger = async (start, what) => {
    const before = emu.requests.length;
    const result = await start();
    check(what, result);
    const trigger = emu.requests
      .slice(before)
      .find((r) => r.method === 'POST' && r.path.endsWith('/trigger/pipeline'));
    if (!trigger) throw new Error(`${what}: no trigger request reached the emulator`);
    return trigger.at - result.t0;
  };
  const action = () => timeToTrigger(() => runActionProcess({ with: step }), 'the action');
  const floor = () =>
    timeToTrigger(
      () => spawnTimed(process.execPath, [floorScript], { cwd: work, env: floorEnv }),
      'the floor script',
    );

  for (let i = 0; i < COLD_WARMUPS; i++) {
    await action();
    await floor();
  }
  /** @type {number[]} */
  const actionMs = [];
  /** @type {number[]} */
  const floorMs = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    actionMs.push(await action());
    floorMs.push(await floor());
  }
  const a = median(actionMs);
  const f = median(floorMs);
  const ratio = a / f;
  const pairs = median(actionMs.map((ms, i) => ms / (floorMs[i] ?? NaN)));
  const note = `cold start: action ${quartiles(actionMs)}, floor ${quartiles(floorMs)} (quartiles, ms); median of the ${COLD_RUNS} paired ratios ${pairs.toFixed(2)}×.`;
  return {
    note,
    rows: [
      {
        figure: 'cold start: spawn → trigger request at GitLab',
        measured: `${a.toFixed(0)} ms (${ratio.toFixed(2)}× floor)`,
        reference: `${f.toFixed(0)} ms (bare node + fetch)`,
        target: `≤ 1.2× floor (${(f * 1.2).toFixed(0)} ms)`,
        met: ratio <= 1.2,
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// bundle

/**
 * @param {import('../emulator/index.js').Emulator} emu
 * @param {Record<string, string>} step
 * @returns {Promise<{ rows: Row[], notes: string[] }>}
 */
async function bundle(emu, step) {
  const log = join(work, 'loaded.log');
  const hook = join(work, 'load-hook.mjs');
  writeFileSync(
    hook,
    [
      "import { registerHooks } from 'node:module';",
      "import { appendFileSync } from 'node:fs';",
      'registerHooks({',
      '  load(url, context, nextLoad) {',
      "    if (url.startsWith('file:')) appendFileSync(process.env.BENCH_LOADED_LOG, url + '\\n');",
      '    return nextLoad(url, context);',
      '  },',
      '});',
      '',
    ].join('\n'),
  );
  /** @param {Record<string, string>} env */
  const loadedFiles = async (env) => {
    writeFileSync(log, '');
    const result = await runActionProcess({
      with: step,
      env: { BENCH_LOADED_LOG: log, ...env },
      nodeArgs: ['--import', pathToFileURL(hook).href],
    });
    check('the action (module load hook)', result);
    const distUrl = pathToFileURL(DIST).href + '/';
    return [...new Set(readFileSync(log, 'utf8').split('\n'))]
      .filter((url) => url.startsWith(distUrl))
      .map((url) => decodeURIComponent(url.slice(distUrl.length)));
  };
  const plain = await loadedFiles({});
  const proxied = await loadedFiles({
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
  });

  // The action's files: dist/index.js and ncc's chunks beside it (dist/cli/ is the command line).
  const actionFiles = readdirSync(DIST).filter(
    (f) => f === 'index.js' || /^\d+\.index\.js$/.test(f),
  );
  const size = (/** @type {string} */ f) => statSync(join(DIST, f)).size;
  const loadedBytes = plain.filter((f) => actionFiles.includes(f)).reduce((n, f) => n + size(f), 0);
  const allBytes = actionFiles.reduce((n, f) => n + size(f), 0);
  const indexText = readFileSync(join(DIST, 'index.js'), 'utf8');
  const notes = [
    `bundle: counted = the files of dist/ that a run without a proxy loads, observed with a module load hook: ${plain.map((f) => `dist/${f} (${kib(size(f))})`).join(', ') || 'none'}.`,
  ];
  for (const f of actionFiles.filter((file) => !plain.includes(file))) {
    const id = /^(\d+)\./.exec(f)?.[1] ?? '';
    const at = indexText.indexOf(`__nccwpck_require__.e(/* import() */ ${id})`);
    const owner =
      at < 0
        ? undefined
        : /CONCATENATED MODULE: (\S+)/g.exec(
            indexText
              .slice(0, at)
              .split('\n')
              .reverse()
              .find((l) => l.includes('CONCATENATED MODULE:')) ?? '',
          )?.[1];
    const withProxy = proxied.includes(f) ? 'loaded' : 'not loaded';
    notes.push(
      `bundle: not counted: dist/${f} (${kib(size(f))}), a chunk ncc splits off for a dynamic import()${owner ? ` in ${owner}` : ''}; not loaded without a proxy, ${withProxy} with HTTPS_PROXY/HTTP_PROXY set (observed).`,
    );
  }
  return {
    rows: [
      {
        figure: 'bundle: bytes loaded at start-up',
        measured: kib(loadedBytes),
        reference: `${kib(allBytes)} (all of the action's dist/*.js)`,
        target: '—',
        met: null,
      },
    ],
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// memory

/**
 * @param {import('../emulator/index.js').Emulator} emu
 * @param {Record<string, string>} step
 * @returns {Promise<{ rows: Row[], notes: string[] }>}
 */
async function memory(emu, step) {
  if (!existsSync(TIME)) {
    return {
      rows: [
        {
          figure: 'memory: peak RSS, trigger + wait',
          measured: `not measured: ${TIME} is absent (apt-get install time)`,
          reference: '—',
          target: '< 64 MiB',
          met: false,
        },
      ],
      notes: [],
    };
  }
  const ref = 'release/v1.2';
  emu.setScript(emu.seed.projectId, ref, {
    stages: ['build', 'test', 'deploy'],
    // 1 s created, then 1 s pending and the job per stage: success after 16 emulated seconds.
    // Kept under 20 s on purpose: the action reads how long recent pipelines took (emulated
    // time) and, from 20 s up, would schedule its polls around that many real seconds.
    jobs: [
      { name: 'build', stage: 'build', duration: 4 },
      { name: 'unit-tests', stage: 'test', duration: 5 },
      { name: 'lint', stage: 'test', duration: 3 },
      { name: 'deploy', stage: 'deploy', duration: 3 },
    ],
  });
  const out = join(work, 'time.out');
  /** @param {string[]} command @param {() => Promise<Spawned>} run */
  const peakKb = async (command, run) => {
    writeFileSync(out, '');
    const result = await run();
    check(command.join(' '), result);
    const kb = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
    if (!Number.isFinite(kb) || kb <= 0) throw new Error(`${TIME} gave no peak RSS`);
    return kb;
  };
  const wrap = [TIME, '-f', '%M', '-o', out];
  const waitStep = { ...step, ref, wait: 'true', api_token: emu.seed.apiToken };
  const action = () =>
    peakKb(['the waiting action'], () =>
      runActionProcess({ with: waitStep, wrap, timeoutMs: 60_000 }),
    );
  const floorScript = join(work, 'floor.mjs');
  const floor = () =>
    peakKb(['the floor script'], () =>
      spawnTimed(TIME, [...wrap.slice(1), process.execPath, floorScript], {
        cwd: work,
        env: {
          PATH: process.env.PATH ?? '',
          BENCH_URL: `${emu.apiUrl}/projects/${encodeURIComponent(step.project ?? '')}/trigger/pipeline`,
          BENCH_BODY: JSON.stringify({ ref: step.ref, token: step.token }),
        },
      }),
    );
  await action();
  /** @type {number[]} */
  const actionKb = [];
  /** @type {number[]} */
  const floorKb = [];
  const started = Date.now();
  for (let i = 0; i < MEMORY_RUNS; i++) {
    actionKb.push(await action());
    floorKb.push(await floor());
  }
  const runMs = (Date.now() - started) / MEMORY_RUNS;
  const a = median(actionKb);
  return {
    rows: [
      {
        figure: 'memory: peak RSS, trigger + wait',
        measured: mibFromKb(a),
        reference: `${mibFromKb(median(floorKb))} (bare node + fetch)`,
        target: '< 64 MiB',
        met: a < 64 * 1024,
      },
    ],
    notes: [
      `memory: ${TIME} -f %M around node; wait: true with api_token, a 4-job pipeline of 16 emulated seconds on '${ref}' at emulator speed ${EMULATOR_SPEED} (${(runMs / 1000).toFixed(1)} s a run including the floor); median of ${MEMORY_RUNS} after a warm-up.`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// polling

/** Bundles the core's wait and poll schedule with ncc (src/ does not run under plain node). */
async function loadPollingCore() {
  const out = join(work, 'polling-core');
  const result = await spawnTimed(
    process.execPath,
    [
      join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
      'build',
      join(ROOT, 'scripts/bench-polling-entry.ts'),
      '-o',
      out,
      '--quiet',
      '--no-cache',
      '--transpile-only',
    ],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? work },
      timeoutMs: 120_000,
    },
  );
  check('ncc (bundling scripts/bench-polling-entry.ts)', result);
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
  /** @type {PollingCore} */
  const core = await import(pathToFileURL(join(out, 'index.js')).href);
  return core;
}

/** A small seeded generator, so that every bench run draws the same jitter and spread. */
function mulberry32(seed = 0x6b1a5eed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @param {PollingCore} core
 * @returns {Promise<{ rows: Row[], notes: string[] }>}
 */
async function pollingRows(core) {
  const random = mulberry32();
  const names = {
    apiToken: 'api_token',
    timeout: 'timeout',
    cancelOnAbort: 'cancel_on_abort',
    passStatuses: 'pass_statuses',
    onManual: 'on_manual',
    maxPollInterval: 'max_poll_interval',
  };
  const settings = core.buildWaitSettings(core.WAIT_DEFAULTS, names);
  const silent = { info() {}, warning() {}, debug() {} };
  /** @type {Pipeline} */
  const created = {
    id: 7,
    iid: 1,
    project_id: 42,
    sha: 'abc',
    ref: 'main',
    status: 'created',
    created_at: '2026-11-25T12:00:00Z',
    web_url: 'https://gitlab.example.com/acme/deploy/-/pipelines/7',
  };

  /**
   * One wait on a pipeline that finishes after `durationMs` on a fake clock.
   * @param {number} durationMs
   * @param {number | undefined} expectedMs
   */
  const simulate = async (durationMs, expectedMs) => {
    let now = Date.parse('2026-11-25T12:00:00Z');
    const start = now;
    const clock = {
      now: () => now,
      sleep: async (/** @type {number} */ ms) => {
        now += ms;
      },
    };
    let requests = 0;
    const runningAt = Math.min(1_000, durationMs / 2);
    /** @type {RunApi} */
    const api = {
      pipeline: async () => {
        requests++;
        const age = now - start;
        const status = age >= durationMs ? 'success' : age >= runningAt ? 'running' : 'created';
        return { ...created, status };
      },
      jobs: async () => [],
      cancel: async () => ({ ...created, status: 'canceling' }),
      play: async () => {
        throw new Error('no manual jobs here');
      },
      bridges: async () => [],
      traceTail: async () => '',
    };
    const source = { describe: () => 'simulated', start: async () => created };
    const result = await core.runPipeline(source, core.standardWatchers(), {
      clock,
      logger: silent,
      redactor: new core.Redactor(),
      wait: true,
      follow: { api, settings, names, random, expectedMs },
    });
    if (result.outcome !== 'passed') throw new Error(`simulated wait ended ${result.outcome}`);
    return { requests, delayMs: now - start - durationMs };
  };

  /** @type {Array<[string, number]>} */
  const durations = [
    ['2 s', 2_000],
    ['60 s', 60_000],
    ['10 min', 600_000],
  ];
  /** @type {Array<{ name: string, history: boolean, overrun: number }>} */
  const variants = [
    { name: 'no history', history: false, overrun: 1 },
    { name: 'history = real duration', history: true, overrun: 1 },
    { name: 'real 20 % over history', history: true, overrun: 1.2 },
  ];
  /** @type {Row[]} */
  const rows = [];
  for (const [label, nominal] of durations) {
    for (const variant of variants) {
      const real = nominal * variant.overrun;
      /** @type {number[]} */
      const requests = [];
      /** @type {number[]} */
      const delays = [];
      for (let i = 0; i < POLL_RUNS; i++) {
        const spread = (random() * 2 - 1) * 1_000;
        const run = await simulate(real + spread, variant.history ? nominal : undefined);
        requests.push(run.requests);
        delays.push(run.delayMs);
      }
      const fixedRequests = Math.ceil(real / core.REFERENCE_POLL_MS);
      const fixedDelay = core.REFERENCE_POLL_MS / 2;
      const targeted = nominal >= 60_000;
      const r = median(requests);
      const d = median(delays);
      const name = `polling ${label}, ${variant.name}`;
      rows.push(
        {
          figure: `${name}: status requests`,
          measured: String(r),
          reference: `${fixedRequests} (fixed 15 s poll)`,
          target: targeted ? `≤ ${fixedRequests}` : '—',
          met: targeted ? r <= fixedRequests : null,
        },
        {
          figure: `${name}: noticing delay`,
          measured: seconds(d),
          reference: `${seconds(fixedDelay)} (fixed 15 s poll)`,
          target: targeted ? '< 3 s' : '—',
          met: targeted ? d < 3_000 : null,
        },
      );
    }
  }
  return {
    rows,
    notes: [
      `polling: runPipeline's wait from src/core (bundled with ncc) on a fake clock against a scripted pipeline, default settings (max_poll_interval 60s), jitter on, durations spread ±1 s; median of ${POLL_RUNS} runs a row. "History" passes the expected duration (the nominal one) as the recent pipelines would; the fixed poll's figures are computed: ceil(duration / 15 s) requests and 7.5 s, the median delay over a random phase.`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------

/** @param {Row[]} rows */
function table(rows) {
  const cells = rows.map((r) => [
    r.figure,
    r.measured,
    r.reference,
    r.target,
    r.met === null ? '—' : r.met ? 'yes' : '**no**',
  ]);
  const header = ['figure', 'measured', 'reference', 'target', 'met?'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  /** @param {string[]} row */
  const line = (row) => `| ${row.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

async function main() {
  if (!existsSync(ACTION)) {
    console.error(`${ACTION} is missing: run npm run build first.`);
    process.exitCode = 1;
    return;
  }
  const began = Date.now();
  const progress = (/** @type {string} */ what) => process.stderr.write(`bench: ${what}…\n`);
  // The polling core is bundled first: ncc is the heaviest thing here and must not overlap the timings.
  progress('bundling the polling core with ncc');
  const core = await loadPollingCore();

  const emu = await startEmulator({ speed: EMULATOR_SPEED });
  /** @type {Row[]} */
  const rows = [];
  /** @type {string[]} */
  const notes = [];
  try {
    const step = {
      gitlab_url: emu.url,
      project: emu.seed.projectPath,
      ref: 'main',
      token: emu.seed.triggerToken,
    };
    progress(
      `cold start (${COLD_WARMUPS} warm-ups, then ${COLD_RUNS} action and ${COLD_RUNS} floor runs, interleaved)`,
    );
    const c = await coldStart(emu, step);
    rows.push(...c.rows);
    notes.push(
      `cold start: from just before spawn() to the trigger request's arrival at the emulator on 127.0.0.1 (its requests[i].at); the action as scripts/github-runner.js runs it (INPUT_* from action.yml defaults plus project, ref, token, gitlab_url; GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_STATE files), the floor a bare node script that sends the same POST with fetch; runs interleaved, median of ${COLD_RUNS} each after ${COLD_WARMUPS} warm-ups.`,
      c.note,
    );
    progress('bundle');
    const b = await bundle(emu, step);
    rows.push(...b.rows);
    notes.push(...b.notes);
    progress('memory');
    const m = await memory(emu, step);
    rows.push(...m.rows);
    notes.push(...m.notes);
  } finally {
    await emu.close();
  }
  progress('polling simulation');
  const p = await pollingRows(core);
  rows.push(...p.rows);
  notes.push(...p.notes);
  rmSync(work, { recursive: true, force: true });

  const missed = rows.filter((r) => r.met === false).length;
  console.log('## Benchmark');
  console.log();
  console.log(
    `Machine: ${machine()}. Command: \`npm run bench\` (${((Date.now() - began) / 1000).toFixed(0)} s).`,
  );
  console.log();
  console.log(table(rows));
  console.log();
  for (const note of notes) console.log(`- ${note}`);
  console.log();
  console.log(missed ? `${missed} target(s) missed (marked **no**).` : 'Every target met.');
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
