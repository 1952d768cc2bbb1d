// @ts-check
// `npm run bench`: how fast the action starts, how much it loads and holds, and how well it
// polls, measured side by side in one run so that machine noise cancels out. Prints a markdown
// table (figure | measured | reference | target | met?) that can be pasted into docs/performance.md.
// Always exits 0 once it has measured: a missed target is marked in the table, not fatal.
//
// - cold start: `node dist/index.js`, spawned as a GitHub runner spawns it, from the spawn to
//   the trigger request's arrival at the emulator (`emu.requests[i].at`), interleaved with a
//   bare `node` script that only sends the same POST with fetch (the floor).
// - bundle: the files of dist/ the action loads when it starts without a proxy, as observed
//   through a module load hook; lazy chunks are named and checked with a proxy set.
// - memory: peak RSS (/usr/bin/time -f %M) of a run that triggers, waits and reports: a 4-job
//   pipeline, one of 10,000 jobs, and one whose failed job has a 200 MB log.
// - polling: runPipeline's wait with a fake clock and a scripted pipeline (no sleeping), bundled
//   from src/core with ncc into a temporary directory through scripts/bench-core-entry.ts.
// - requests: the same wait with the real client against the emulator, its clock moved by the
//   wait's sleeps: the job-list requests a minute of a 2,000-job pipeline.
// - push: pushing one new commit onto a branch GitLab already has, with the core's push (the
//   checks, then git with the credential in its environment) against a bare `git push` of the
//   same commit to a twin project: bytes of the pack sent (the receive-pack request's
//   Content-Length at the emulator) and time, interleaved.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
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

/** @typedef {typeof import('./bench-core-entry.js')} PollingCore */
/** @typedef {import('../src/core/pipeline.js').Pipeline} Pipeline */
/** @typedef {import('../src/core/run-pipeline.js').RunApi} RunApi */
/** @typedef {{ figure: string, measured: string, reference: string, target: string, met: boolean | null }} Row */

const COLD_WARMUPS = 2;
const COLD_RUNS = 21;
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

/** A real forward proxy on loopback (the `proxy` package the proxy tests use). */
async function startProxy() {
  const { createProxy } = await import('proxy');
  const server = createProxy(createServer());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

/** Writes the fetch floor: a bare node process that only sends the trigger request. */
function fetchFloorScript() {
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
  return floorScript;
}

/**
 * @param {import('../emulator/index.js').Emulator} emu
 * @param {Record<string, string>} step
 * @returns {Promise<{ rows: Row[], note: string }>}
 */
async function coldStart(emu, step) {
  const floorScript = fetchFloorScript();
  const floorHttpScript = join(work, 'floor-http.mjs');
  writeFileSync(
    floorHttpScript,
    [
      '// The true floor for what the action does: a bare node process that sends the trigger with node:http.',
      "import { request } from 'node:http';",
      'const body = process.env.BENCH_BODY;',
      'const req = request(process.env.BENCH_URL, {',
      "  method: 'POST',",
      "  headers: { accept: 'application/json', 'user-agent': 'bench-floor', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },",
      '}, (res) => {',
      '  res.resume();',
      "  res.on('end', () => { if (res.statusCode !== 201) process.exitCode = 1; });",
      '});',
      'req.end(body);',
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
  /** @param {Record<string, string>} [env] */
  const action = (env) => timeToTrigger(() => runActionProcess({ with: step, env }), 'the action');
  /** @param {string} script */
  const floor = (script) =>
    timeToTrigger(
      () => spawnTimed(process.execPath, [script], { cwd: work, env: floorEnv }),
      'the floor script',
    );
  const proxy = await startProxy();
  // A proxy that does not apply to GitLab (it is in NO_PROXY), and one that carries every request.
  const bypassed = {
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
  };
  const proxied = { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url };
  /** @type {Record<string, () => Promise<number>>} */
  const kinds = {
    action: () => action(),
    bypassed: () => action(bypassed),
    proxied: () => action(proxied),
    fetch: () => floor(floorScript),
    http: () => floor(floorHttpScript),
  };
  /** @type {Record<string, number[]>} */
  const ms = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
  try {
    for (let i = 0; i < COLD_WARMUPS; i++) for (const run of Object.values(kinds)) await run();
    for (let i = 0; i < COLD_RUNS; i++) {
      for (const [kind, run] of Object.entries(kinds)) ms[kind]?.push(await run());
    }
  } finally {
    await proxy.close();
  }
  const m = (/** @type {string} */ kind) => median(ms[kind] ?? []);
  const [a, by, px, f, h] = [m('action'), m('bypassed'), m('proxied'), m('fetch'), m('http')];
  // Run i of each kind ran back to back: their ratio cancels the load of the moment.
  const paired = median((ms.bypassed ?? []).map((x, i) => x / (ms.action?.[i] ?? NaN)));
  const ratios = (/** @type {number} */ x) =>
    `${x.toFixed(0)} ms (${(x / f).toFixed(2)}× fetch floor, ${(x / h).toFixed(2)}× http floor)`;
  const note = `cold start: ${Object.entries(ms)
    .map(([kind, values]) => `${kind} ${quartiles(values)}`)
    .join(', ')} (quartiles, ms).`;
  return {
    note,
    rows: [
      {
        figure: 'cold start: spawn → trigger request at GitLab',
        measured: ratios(a),
        reference: `${f.toFixed(0)} ms (bare node + fetch)`,
        target: `≤ 1.2× floor (${(f * 1.2).toFixed(0)} ms)`,
        met: a / f <= 1.2,
      },
      {
        figure: 'cold start: the floor without fetch',
        measured: `${h.toFixed(0)} ms (bare node + node:http)`,
        reference: `${f.toFixed(0)} ms (bare node + fetch)`,
        target: '—',
        met: null,
      },
      {
        figure: 'cold start, proxy variables set, GitLab in NO_PROXY',
        measured: `${by.toFixed(0)} ms (${paired.toFixed(2)}× without them, median of paired runs)`,
        reference: `${a.toFixed(0)} ms (the action without proxy variables)`,
        target: '≤ 1.05×',
        met: paired <= 1.05,
      },
      {
        figure: 'cold start through a real proxy (HTTP_PROXY)',
        measured: ratios(px),
        reference: `${f.toFixed(0)} ms (bare node + fetch, direct)`,
        target: `≤ 1.3× floor (${(f * 1.3).toFixed(0)} ms)`,
        met: px / f <= 1.3,
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
  const proxy = await startProxy();
  /** @type {string[]} */
  let proxied;
  try {
    proxied = await loadedFiles({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url });
  } finally {
    await proxy.close();
  }

  // The action's files: dist/index.js and ncc's chunks beside it (one is the command line).
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
    notes.push(
      `bundle: not counted: dist/${f} (${kib(size(f))}), a chunk ncc splits off for a dynamic import()${owner ? ` in ${owner}` : ''}; not loaded without a proxy, ${proxied.includes(f) ? 'loaded' : 'not loaded'} through a real proxy (observed).`,
    );
  }
  // Every module mark in dist/: ncc writes `/***/ <id>:` before a module it keeps apart and
  // `// CONCATENATED MODULE: <path>` before one it inlines; a module in two files is held twice.
  /** @type {Map<string, string[]>} */
  const where = new Map();
  for (const file of readdirSync(DIST).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(join(DIST, file), 'utf8');
    const marks = new Set([
      ...[...text.matchAll(/^\/\*\*\*\/ (\d+):/gm)].map((m) => `module ${m[1]}`),
      ...[...text.matchAll(/CONCATENATED MODULE: (\S+)/g)].map((m) => m[1] ?? ''),
    ]);
    for (const mark of marks) where.set(mark, [...(where.get(mark) ?? []), file]);
  }
  const twice = [...where].filter(([, files]) => files.length > 1);
  return {
    rows: [
      {
        figure: 'bundle: bytes loaded at start-up',
        measured: kib(loadedBytes),
        reference: `${kib(allBytes)} (all of the action's dist/*.js)`,
        target: '—',
        met: null,
      },
      {
        figure: 'bundle: modules held in more than one file of dist/',
        measured: twice.length
          ? twice.map(([mark, files]) => `${mark} (${files.join(', ')})`).join('; ')
          : '0',
        reference: `${where.size} modules`,
        target: '0',
        met: twice.length === 0,
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
  const peakKb = peakOf(out);
  const wrap = [TIME, '-f', '%M', '-o', out];
  const waitStep = { ...step, ref, wait: 'true', api_token: emu.seed.apiToken };
  const action = () =>
    peakKb(['the waiting action'], () =>
      runActionProcess({ with: waitStep, wrap, timeoutMs: 60_000 }),
    );
  const floorScript = fetchFloorScript();
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
  const heavy = await heavyMemory(emu, peakKb, wrap, a);
  return {
    rows: [
      {
        figure: 'memory: peak RSS, trigger + wait',
        measured: mibFromKb(a),
        reference: `${mibFromKb(median(floorKb))} (bare node + fetch)`,
        target: '< 64 MiB',
        met: a < 64 * 1024,
      },
      ...heavy.rows,
    ],
    notes: [
      `memory: ${TIME} -f %M around node; wait: true with api_token, a 4-job pipeline of 16 emulated seconds on '${ref}' at emulator speed ${EMULATOR_SPEED} (${(runMs / 1000).toFixed(1)} s a run including the floor); median of ${MEMORY_RUNS} after a warm-up.`,
      ...heavy.notes,
    ],
  };
}

/**
 * Peak RSS in KiB of a process run under `${TIME} -f %M -o out`.
 * @param {string} out
 */
function peakOf(out) {
  /**
   * @param {string[]} command
   * @param {() => Promise<Spawned>} run
   * @param {number[]} [codes] the exit codes that mean the run went as meant
   */
  return async (command, run, codes = [0]) => {
    writeFileSync(out, '');
    const result = await run();
    if (!codes.includes(result.code ?? -1)) check(command.join(' '), result);
    // time writes "Command exited with non-zero status 1" before the figure on a failure.
    const kb = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
    if (!Number.isFinite(kb) || kb <= 0) throw new Error(`${TIME} gave no peak RSS`);
    return kb;
  };
}

const HEAVY_RUNS = 3;
const HEAVY_TARGET_KB = 80 * 1024;
const LOG_BYTES = 200_000_000;

/**
 * Peak RSS of a wait on 10,000 jobs, and on a pipeline whose failed job has a 200 MB log, in a
 * project of their own so that their history stays apart from the other runs'. Both pipelines
 * take under 20 emulated seconds, so that the wait polls as it does for the 4-job one.
 * @param {import('../emulator/index.js').Emulator} emu
 * @param {ReturnType<typeof peakOf>} peakKb
 * @param {string[]} wrap
 * @param {number} fourJobsKb
 * @returns {Promise<{ rows: Row[], notes: string[] }>}
 */
async function heavyMemory(emu, peakKb, wrap, fourJobsKb) {
  const project = emu.addProject({
    id: 60,
    path: 'acme/bench/heavy',
    visibility: 'private',
    refs: ['jobs', 'log'],
  });
  const trigger = emu.addTriggerToken({ projectId: project.id, ownerId: 10 });
  emu.setScript(project.id, 'jobs', {
    jobs: [],
    generate: { count: 10_000, stages: 5, duration: 2, failEvery: 100 },
  });
  emu.setScript(project.id, 'log', {
    jobs: [
      { name: 'build', stage: 'build', duration: 2 },
      {
        name: 'huge-log',
        stage: 'test',
        duration: 2,
        result: 'failed',
        traceSize: LOG_BYTES,
        traceTail: 'AssertionError: expected 2 to be 3\nERROR: Job failed: exit code 1\n',
      },
    ],
  });
  /** @param {string} ref @param {number[]} codes */
  const action = (ref, codes) =>
    peakKb(
      [`the waiting action on '${ref}'`],
      () =>
        runActionProcess({
          with: {
            gitlab_url: emu.url,
            project: project.path,
            ref,
            token: trigger.token,
            wait: 'true',
            api_token: emu.seed.apiToken,
          },
          wrap,
          timeoutMs: 120_000,
        }),
      codes,
    );
  /** @type {Record<string, number[]>} */
  const kb = { jobs: [], log: [], floor: [] };
  for (let i = 0; i < HEAVY_RUNS; i++) {
    kb.jobs?.push(await action('jobs', [0]));
    kb.log?.push(await action('log', [1]));
    kb.floor?.push(await logFloor(emu, project.id, peakKb, wrap));
  }
  const [jobs, log, floor] = [median(kb.jobs ?? []), median(kb.log ?? []), median(kb.floor ?? [])];
  const reference = `${mibFromKb(fourJobsKb)} (the 4-job wait)`;
  return {
    rows: [
      {
        figure: 'memory: peak RSS, trigger + wait + report, 10,000 jobs',
        measured: mibFromKb(jobs),
        reference,
        target: '≤ 80 MiB',
        met: jobs <= HEAVY_TARGET_KB,
      },
      {
        figure: "memory: peak RSS, trigger + wait + report, a failed job's 200 MB log",
        measured: mibFromKb(log),
        reference,
        target: '≤ 80 MiB',
        met: log <= HEAVY_TARGET_KB,
      },
      {
        figure: 'memory: bare node:http reading that 200 MB log, keeping nothing',
        measured: mibFromKb(floor),
        reference: '—',
        target: '—',
        met: null,
      },
    ],
    notes: [
      `memory, heavy: 10,000 generated jobs in 5 stages (every 100th failing, allowed to), and a pipeline whose failed job has a generated ${LOG_BYTES / 1e6} MB log; median of ${HEAVY_RUNS} each. The floor is a bare node script that GETs the same log with node:http and drops each chunk.`,
    ],
  };
}

/**
 * Peak RSS of a bare node process that reads the last pipeline's failed log and keeps nothing:
 * what streaming the log costs before anything is done with it.
 * @param {import('../emulator/index.js').Emulator} emu
 * @param {number} projectId
 * @param {ReturnType<typeof peakOf>} peakKb
 * @param {string[]} wrap
 */
async function logFloor(emu, projectId, peakKb, wrap) {
  const pipeline = emu.pipelines.filter((p) => p.projectId === projectId).at(-1);
  const job = pipeline?.jobs.find((j) => j.name === 'huge-log');
  if (!job) throw new Error('no huge-log job in the last pipeline');
  const script = join(work, 'floor-log.mjs');
  writeFileSync(
    script,
    [
      "import { request } from 'node:http';",
      "request(process.env.BENCH_URL, { headers: { 'PRIVATE-TOKEN': process.env.BENCH_TOKEN } }, (res) => {",
      "  res.on('data', () => {});",
      '}).end();',
      '',
    ].join('\n'),
  );
  return peakKb(['the log floor script'], () =>
    spawnTimed(TIME, [...wrap.slice(1), process.execPath, script], {
      cwd: work,
      env: {
        PATH: process.env.PATH ?? '',
        BENCH_URL: `${emu.apiUrl}/projects/${projectId}/jobs/${job.id}/trace`,
        BENCH_TOKEN: emu.seed.apiToken,
      },
      timeoutMs: 120_000,
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// push

const PUSH_ROUNDS = 15;
const PUSH_HISTORY = 200;

/**
 * @param {string} cwd
 * @param {string[]} args
 */
async function git(cwd, args) {
  const result = await spawnTimed('git', args, {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 'Bench',
      GIT_AUTHOR_EMAIL: 'bench@example.invalid',
      GIT_COMMITTER_NAME: 'Bench',
      GIT_COMMITTER_EMAIL: 'bench@example.invalid',
    },
  });
  check(`git ${args[0]}`, result);
  return result.stdout.trim();
}

/** @param {PollingCore} core @returns {Promise<Row[]>} */
async function pushRows(core) {
  const emu = await startEmulator({ speed: 0 });
  const ws = mkdtempSync(join(work, 'push-'));
  try {
    const ours = emu.addProject({ path: 'bench/ours' });
    const bare = emu.addProject({ path: 'bench/bare' });
    const header = `http.extraHeader=Authorization: Basic ${Buffer.from(`oauth2:${emu.seed.apiToken}`).toString('base64')}`;
    await git(ws, ['init', '-q', '--initial-branch=main']);
    // A history worth negotiating over: files that change a little in every commit.
    for (let i = 0; i < PUSH_HISTORY; i++) {
      writeFileSync(join(ws, `file-${i % 20}.txt`), `${'line\n'.repeat(200)}${i}\n`);
      await git(ws, ['add', '-A']);
      await git(ws, ['commit', '-q', '-m', `commit ${i}`]);
    }
    for (const project of [ours, bare])
      await git(ws, [
        '-c',
        header,
        'push',
        '-q',
        '-o',
        'ci.skip',
        emu.git.remoteUrl(project.id),
        'HEAD:refs/heads/github/bench',
      ]);
    const settings = {
      workspace: ws,
      branch: 'github/bench',
      remoteUrl: emu.git.remoteUrl(ours.id),
      token: emu.seed.apiToken,
      force: true,
    };
    const quiet = { info() {}, warning() {}, debug() {} };
    const names = {
      push: 'push',
      token: 'push_token',
      ref: 'ref',
      project: 'project',
      caCert: 'ca_cert',
    };
    /** @type {{ ours: number[], bare: number[], oursBytes: number[], bareBytes: number[] }} */
    const m = { ours: [], bare: [], oursBytes: [], bareBytes: [] };
    const packBytes = (/** @type {string} */ path, /** @type {number} */ from) =>
      emu.requests
        .slice(from)
        .filter((r) => r.method === 'POST' && r.path === `/${path}.git/git-receive-pack`)
        .reduce((sum, r) => sum + Number(r.headers['content-length'] ?? NaN), 0);
    for (let round = 0; round < PUSH_ROUNDS; round++) {
      writeFileSync(join(ws, `file-${round % 20}.txt`), `changed in round ${round}\n`);
      await git(ws, ['commit', '-q', '-am', `round ${round}`]);
      const sha = await git(ws, ['rev-parse', 'HEAD']);
      const runOurs = async () => {
        const from = emu.requests.length;
        const t = performance.now();
        await core.pushCommit(settings, { git: core.systemGit(), logger: quiet, names });
        m.ours.push(performance.now() - t);
        m.oursBytes.push(packBytes('bench/ours', from));
      };
      const runBare = async () => {
        const from = emu.requests.length;
        const t = performance.now();
        await git(ws, [
          '-c',
          header,
          'push',
          '-q',
          '-o',
          'ci.skip',
          emu.git.remoteUrl(bare.id),
          `+${sha}:refs/heads/github/bench`,
        ]);
        m.bare.push(performance.now() - t);
        m.bareBytes.push(packBytes('bench/bare', from));
      };
      // Alternate which goes first, so that a warm cache favours neither.
      if (round % 2) await runOurs().then(runBare);
      else await runBare().then(runOurs);
    }
    const bytesRatio = median(m.oursBytes) / median(m.bareBytes);
    const timeRatio = median(m.ours) / median(m.bare);
    return [
      {
        figure: `push of one new commit onto a branch GitLab has (${PUSH_HISTORY}-commit history): bytes sent`,
        measured: `${median(m.oursBytes).toFixed(0)} B`,
        reference: `${median(m.bareBytes).toFixed(0)} B (bare git push)`,
        target: '≤ 1.1×',
        met: bytesRatio <= 1.1,
      },
      {
        figure: 'push of one new commit: time (median of ' + PUSH_ROUNDS + ')',
        measured: `${median(m.ours).toFixed(0)} ms (${timeRatio.toFixed(2)}×)`,
        reference: `${median(m.bare).toFixed(0)} ms (bare git push)`,
        target: '≤ 1.1×',
        met: timeRatio <= 1.1,
      },
    ];
  } finally {
    await emu.close();
    rmSync(ws, { recursive: true, force: true });
  }
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
      join(ROOT, 'scripts/bench-core-entry.ts'),
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
  check('ncc (bundling scripts/bench-core-entry.ts)', result);
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
   * One wait on a pipeline that ends (`final`) after `durationMs` on a fake clock; the history
   * calls answer with `own` (the ref's recent durations) and `project` (any ref's).
   * @param {number} durationMs
   * @param {{ own: number[], project: number[], final?: string }} history
   */
  const simulate = async (durationMs, history) => {
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
    const final = history.final ?? 'success';
    /** @type {RunApi} */
    const api = {
      pipeline: async () => {
        requests++;
        const age = now - start;
        const status = age >= durationMs ? final : age >= runningAt ? 'running' : 'created';
        return { ...created, status };
      },
      recentDurations: async () => history.own,
      recentProjectDurations: async () => history.project,
      hasToken: true,
      // A pipeline without jobs: every list is empty.
      jobsPage: async () => ({ jobs: [], total: 0 }),
      countJobs: async () => ({ count: 0 }),
      forEachJobsPage: async (_id, onPage) => void onPage([]),
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
      follow: { api, settings, names, random },
    });
    if (result.pipeline.status !== final) throw new Error(`simulated wait ended ${result.outcome}`);
    return { requests, delayMs: now - start - durationMs };
  };
  const REF = core.REFERENCE_POLL_MS;
  /** The fixed poll's reads for a pipeline of `ms`: one every 15 s from the start. */
  const fixedReads = (/** @type {number} */ ms) => Math.ceil(ms / REF);

  /** @type {Array<[string, number]>} */
  const durations = [
    ['2 s', 2_000],
    ['60 s', 60_000],
    ['67 s', 67_000],
    ['3 min', 180_000],
    ['10 min', 600_000],
  ];
  /**
   * The histories the wait finds: the ref's own last five (close to this run), only the
   * project's on other refs (wider: other refs run other jobs), or none at all.
   * @type {Array<{ name: string, history: (ms: number) => { own: number[], project: number[] } }>}
   */
  const variants = [
    {
      name: "ref's own history",
      history: (ms) => ({ own: [0.98, 1, 1, 1.01, 1.02].map((f) => f * ms), project: [] }),
    },
    {
      name: "project's history only",
      history: (ms) => ({ own: [], project: [0.8, 0.95, 1, 1.1, 1.5].map((f) => f * ms) }),
    },
    { name: 'no history', history: () => ({ own: [], project: [] }) },
  ];
  /** @type {Row[]} */
  const rows = [];
  for (const [label, nominal] of durations) {
    for (const variant of variants) {
      /** @type {number[]} */
      const requests = [];
      /** @type {number[]} */
      const excess = [];
      /** @type {number[]} */
      const delays = [];
      for (let i = 0; i < POLL_RUNS; i++) {
        const real = nominal + (random() * 2 - 1) * Math.min(1_000, nominal / 2);
        const run = await simulate(real, variant.history(nominal));
        requests.push(run.requests);
        excess.push(run.requests - fixedReads(real));
        delays.push(run.delayMs);
      }
      const r = median(requests);
      const worst = Math.max(...excess);
      const d = median(delays);
      const known = variant.name !== 'no history';
      const delayTarget = known ? 3_000 : REF / 2;
      const name = `polling ${label}, ${variant.name}`;
      rows.push(
        {
          figure: `${name}: status reads (median; most over the fixed poll)`,
          measured: `${r} (${worst >= 0 ? '+' : ''}${worst})`,
          reference: `${fixedReads(nominal)} (fixed 15 s poll)`,
          target: 'fixed + 2 at most, every run',
          met: worst <= 2,
        },
        {
          figure: `${name}: noticing delay (median)`,
          measured: seconds(d),
          reference: `${seconds(REF / 2)} (fixed 15 s poll)`,
          target: known ? '< 3 s' : '≤ 7.5 s',
          met: known ? d < delayTarget : d <= delayTarget,
        },
      );
    }
  }

  // Ends before the expected one: a failure at 5 s of a usual minute, and ends spread evenly
  // over a usual ten minutes, against a fixed poll from the start (it reads at 15 s, 30 s, …).
  const fixedDelay = (/** @type {number} */ end) => fixedReads(end) * REF - end;
  const own = variants[0]?.history ?? (() => ({ own: [], project: [] }));
  const early = [];
  for (let i = 0; i < POLL_RUNS; i++) {
    const end = 5_000 + (random() * 2 - 1) * 500;
    early.push((await simulate(end, { ...own(60_000), final: 'failed' })).delayMs);
  }
  rows.push({
    figure: "failure at 5 s of a usual minute (ref's own history): noticing delay (median)",
    measured: seconds(median(early)),
    reference: `${seconds(fixedDelay(5_000))} (fixed 15 s poll)`,
    target: '≤ 5 s',
    met: median(early) <= 5_000,
  });
  const spreadOurs = [];
  const spreadFixed = [];
  for (let i = 0; i < POLL_RUNS * 2; i++) {
    const end = 2_000 + random() * 590_000;
    const history = { ...own(600_000), final: 'failed' };
    spreadOurs.push((await simulate(end, history)).delayMs);
    spreadFixed.push(fixedDelay(end));
  }
  const [ours, fixedMedian] = [median(spreadOurs), median(spreadFixed)];
  rows.push({
    figure: 'ends anywhere before a usual 10 min (own history): noticing delay (median)',
    measured: seconds(ours),
    reference: `${seconds(fixedMedian)} (fixed 15 s poll, same ends)`,
    target: 'below the fixed poll',
    met: ours < fixedMedian,
  });
  return {
    rows,
    notes: [
      `polling: runPipeline's wait from src/core (bundled with ncc) on a fake clock against a scripted pipeline, default settings (max_poll_interval 60s), jitter on, lengths spread ±1 s; median of ${POLL_RUNS} runs a row. The history calls answer as GitLab would: the ref's own last five runs (0.98–1.02 × the length), or only other refs' (0.8–1.5 ×), or nothing. "Most over the fixed poll" is the largest excess of any run over ceil(its length / 15 s). The fixed poll's delay is 7.5 s, the median over a random phase; for the early ends it reads at 15 s, 30 s, … from the start.`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// requests

const LONG_JOBS = 2_000;
const LONG_MS = 181_000;

/**
 * The job-list requests a minute of a wait on a 2,000-job pipeline of about 3 minutes: the core's
 * runPipeline with the real client over node:http against an emulator whose clock stands still
 * but for the wait's sleeps, so that three emulated minutes take a few real seconds. The
 * reference is the same wait with an API that can only read the whole list, as every read did
 * before counts and `scope[]`.
 * @param {PollingCore} core
 * @returns {Promise<{ rows: Row[], notes: string[] }>}
 */
async function requestRows(core) {
  const emu = await startEmulator({ speed: 0 });
  try {
    const counted = [];
    for (const [id, whole] of /** @type {const} */ ([
      [61, false],
      [62, true],
    ])) {
      const project = emu.addProject({ id, path: `acme/bench/long-${id}`, refs: ['main'] });
      const trigger = emu.addTriggerToken({ projectId: id, ownerId: 10 });
      // 10 stages of 200 jobs, 17 s each after 1 s pending: 181 s with the 1 s in created.
      emu.setScript(id, 'main', {
        jobs: [],
        generate: { count: LONG_JOBS, stages: 10, duration: 17, failEvery: 100 },
      });
      counted.push(await countedWait(core, emu, project.path, trigger.token, whole));
    }
    const [scoped, whole] = /** @type {[Counted, Counted]} */ (counted);
    return {
      rows: [
        {
          figure: `requests: job-list requests a minute, ${LONG_JOBS.toLocaleString('en')} jobs, ${scoped.minutes.toFixed(1)} min`,
          measured: `${scoped.perMinute.toFixed(1)} (${scoped.jobLists} in all)`,
          reference: `${whole.perMinute.toFixed(1)} (${whole.jobLists}: the whole list at each read)`,
          target: '≤ ¼ of the whole list’s',
          met: scoped.perMinute <= whole.perMinute / 4,
        },
      ],
      notes: [
        `requests: ${LONG_JOBS} generated jobs in 10 stages of 17 s (every 100th failing, allowed to), default settings, the expected length given (${LONG_MS / 1000} s, as the ref's history would); runPipeline with the standard watchers and the real GitLabClient over node:http against the emulator at speed 0, its clock advanced by each sleep of the wait. Counted: GET …/pipelines/:id/jobs requests, the final report's included; ${scoped.statusReads} status reads and ${scoped.traces} log reads besides. The reference answers the same wait's job reads (jobsPage, countJobs, forEachJobsPage) from the whole list, read once for each read of the jobs.`,
      ],
    };
  } finally {
    await emu.close();
  }
}

/**
 * @typedef {object} Counted
 * @property {number} jobLists job-list requests
 * @property {number} statusReads pipeline reads
 * @property {number} traces log reads
 * @property {number} minutes emulated minutes from the trigger to the end of the wait
 * @property {number} perMinute
 */

/**
 * The reference: the real API, but every read of the jobs takes the whole list, as the tool did
 * before counts and `scope[]`. The list is read once a snapshot (the first job read after a
 * status read; the calls of one tally share it) and once for the final report's listing (its
 * reads of pages by number share it); counts, scopes and pages are then cut from it in memory.
 * @param {import('../src/core/pipelines-api.js').PipelinesApi} api
 * @returns {RunApi}
 */
function wholeListApi(api) {
  /** @typedef {import('../src/core/pipelines-api.js').Job} Job */
  /** @typedef {import('../src/core/pipelines-api.js').JobsReadOptions} JobsReadOptions */
  /** @type {Promise<Job[]> | undefined} */
  let snapshotList;
  /** @type {Promise<Job[]> | undefined} */
  let listingList;
  /** @param {number} id @param {JobsReadOptions} o */
  const readWhole = async (id, o) => {
    /** @type {Job[]} */
    const all = [];
    await api.forEachJobsPage(id, (page) => void all.push(...page), {
      stops: o.stops,
      once: o.once,
    });
    return all;
  };
  /** @param {number} id @param {JobsReadOptions & { page?: number }} o */
  const scoped = async (id, o) => {
    const all = await (o.page === undefined
      ? (snapshotList ??= readWhole(id, o))
      : (listingList ??= readWhole(id, o)));
    const scope = o.scope ?? [];
    return scope.length ? all.filter((job) => scope.includes(job.status)) : all;
  };
  return {
    hasToken: api.hasToken,
    pipeline: (id, o) => {
      snapshotList = undefined;
      return api.pipeline(id, o);
    },
    recentDurations: (ref, n, o) => api.recentDurations(ref, n, o),
    recentProjectDurations: (n, o) => api.recentProjectDurations(n, o),
    jobsPage: async (id, o = {}) => {
      const jobs = await scoped(id, o);
      const perPage = o.perPage ?? 100;
      const from = ((o.page ?? 1) - 1) * perPage;
      return { jobs: jobs.slice(from, from + perPage), total: jobs.length };
    },
    countJobs: async (id, o = {}) => {
      const jobs = await scoped(id, o);
      return { count: jobs.length, newest: jobs[0] };
    },
    forEachJobsPage: async (id, onPage, o = {}) => void onPage(await scoped(id, o)),
    bridges: (id, o) => api.bridges(id, o),
    traceTail: (id, n, o) => api.traceTail(id, n, o),
    play: (id, o) => api.play(id, o),
    cancel: (id, o) => api.cancel(id, o),
  };
}

/**
 * One wait on the emulator's clock, counting what it asked for.
 * @param {PollingCore} core
 * @param {import('../emulator/index.js').Emulator} emu
 * @param {string} path
 * @param {string} token
 * @param {boolean} whole answer the job reads from the whole list (wholeListApi)
 * @returns {Promise<Counted>}
 */
async function countedWait(core, emu, path, token, whole) {
  const silent = { info() {}, warning() {}, debug() {} };
  const clock = {
    now: () => emu.now(),
    sleep: async (/** @type {number} */ ms) => emu.advance(ms / 1000),
  };
  const redactor = new core.Redactor();
  const client = new core.GitLabClient({
    instance: { url: emu.url, apiUrl: emu.apiUrl },
    send: core.createHttpSend({ responseTimeoutMs: 30_000 }),
    userAgent: 'bench',
    logger: silent,
    redactor,
    clock,
  });
  const project = { display: path, encoded: encodeURIComponent(path) };
  const api = new core.PipelinesApi(client, project, emu.seed.apiToken);
  const followed = whole ? wholeListApi(api) : api;
  const names = {
    apiToken: 'api_token',
    timeout: 'timeout',
    cancelOnAbort: 'cancel_on_abort',
    passStatuses: 'pass_statuses',
    onManual: 'on_manual',
    maxPollInterval: 'max_poll_interval',
  };
  const settings = core.buildWaitSettings(core.WAIT_DEFAULTS, names);
  const request = { project, ref: 'main', token, variables: {}, inputs: {} };
  const source = { describe: () => 'bench', start: () => client.triggerPipeline(request) };
  const before = emu.requests.length;
  const start = emu.now();
  const result = await core.runPipeline(source, core.standardWatchers(), {
    clock,
    logger: silent,
    redactor,
    wait: true,
    follow: { api: followed, settings, names, random: mulberry32(), expectedMs: LONG_MS },
  });
  if (result.outcome !== 'passed') throw new Error(`the long wait ended ${result.outcome}`);
  const asked = emu.requests.slice(before);
  const count = (/** @type {RegExp} */ re) => asked.filter((r) => re.test(r.path)).length;
  const jobLists = count(/\/pipelines\/\d+\/jobs$/);
  const statusReads = count(/\/pipelines\/\d+$/);
  const minutes = (emu.now() - start) / 60_000;
  return {
    jobLists,
    statusReads,
    traces: count(/\/trace$/),
    minutes,
    perMinute: jobLists / minutes,
  };
}

// ---------------------------------------------------------------------------------------------
// live logs

const LIVE_LOG_BYTES = 10_000_000;
const LIVE_LOG_SECONDS = 600;
const LIVE_LINE = 100;

/**
 * A job's 10 MB log written evenly over 10 minutes, followed live (`stream_logs`) by the core's
 * wait with the real client against the emulator at speed 0, its clock moved by the wait's
 * sleeps: the delay from each line's writing (emulated time) to its arrival at the sink, and
 * the bytes the log reads took. The reference reads the whole log every 2 s.
 * @param {PollingCore} core
 * @returns {Promise<{ rows: Row[], notes: string[] }>}
 */
async function liveLogRows(core) {
  const emu = await startEmulator({ speed: 0 });
  try {
    const project = emu.addProject({ id: 63, path: 'acme/bench/live-log', refs: ['main'] });
    const trigger = emu.addTriggerToken({ projectId: project.id, ownerId: 10 });
    emu.setScript(project.id, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [{ name: 'long-log', duration: LIVE_LOG_SECONDS, traceSize: LIVE_LOG_BYTES }],
    });
    const silent = { info() {}, warning() {}, debug() {} };
    const clock = {
      now: () => emu.now(),
      sleep: async (/** @type {number} */ ms) => emu.advance(ms / 1000),
    };
    const redactor = new core.Redactor();
    redactor.add(emu.seed.apiToken);
    const client = new core.GitLabClient({
      instance: { url: emu.url, apiUrl: emu.apiUrl },
      send: core.createHttpSend({ responseTimeoutMs: 30_000 }),
      userAgent: 'bench',
      logger: silent,
      redactor,
      clock,
    });
    const live = new core.GitLabLiveLogApi(client, emu.seed.apiToken);
    let bytes = 0;
    let reads = 0;
    /** @type {import('../src/core/live-log-api.js').LiveLogApi} */
    const counted = {
      job: (...args) => live.job(...args),
      logFrom: async (...args) => {
        const part = await live.logFrom(...args);
        bytes += part.size;
        reads++;
        return part;
      },
    };
    /** @type {number[]} */
    const early = [];
    /** @type {number[]} */
    const all = [];
    let startedAt = 0;
    const filler = LIVE_LOG_BYTES;
    const sink = {
      write: (/** @type {readonly { kind: string, text?: string }[]} */ pieces) => {
        const now = emu.now();
        for (const piece of pieces) {
          for (const line of (piece.text ?? '').split('\n')) {
            const n = Number(line.slice(0, 10));
            if (!/^\d{10} /.test(line)) continue;
            // Line n (from 1) is whole once the log holds n × 100 bytes.
            const writtenAt = startedAt + ((n * LIVE_LINE) / filler) * LIVE_LOG_SECONDS * 1000;
            const delay = now - writtenAt;
            all.push(delay);
            if (n * LIVE_LINE <= 1024 * 1024) early.push(delay);
          }
        }
      },
    };
    const project42 = { display: project.path, encoded: encodeURIComponent(project.path) };
    const api = new core.PipelinesApi(client, project42, emu.seed.apiToken);
    const names = {
      apiToken: 'api_token',
      timeout: 'timeout',
      cancelOnAbort: 'cancel_on_abort',
      passStatuses: 'pass_statuses',
      onManual: 'on_manual',
      maxPollInterval: 'max_poll_interval',
    };
    const settings = core.buildWaitSettings(core.WAIT_DEFAULTS, names);
    const request = {
      project: project42,
      ref: 'main',
      token: trigger.token,
      variables: {},
      inputs: {},
    };
    const source = { describe: () => 'bench', start: () => client.triggerPipeline(request) };
    const watchers = [
      ...core.standardWatchers(),
      core.liveLogs({ patterns: [['long-log']], api: counted, sink }),
    ];
    const result = await core.runPipeline(source, watchers, {
      clock,
      logger: silent,
      redactor,
      wait: true,
      follow: {
        api,
        settings,
        names,
        random: mulberry32(),
        expectedMs: (LIVE_LOG_SECONDS + 3) * 1000,
      },
      onStarted: () => {
        // The job starts 2 emulated seconds after the pipeline is created (created 1 s, pending 1 s).
        startedAt = emu.now() + 2_000;
      },
    });
    if (result.outcome !== 'passed') throw new Error(`the live-log wait ended ${result.outcome}`);
    const job = emu.pipelines.at(-1)?.jobs.find((j) => j.name === 'long-log');
    if (job?.startedAt) startedAt = job.startedAt;
    // Recomputed with the job's real start (the first estimate only seeded the sink).
    const naive = Array.from({ length: LIVE_LOG_SECONDS / 2 }, (_, k) =>
      Math.min(LIVE_LOG_BYTES, ((k + 1) * 2 * LIVE_LOG_BYTES) / LIVE_LOG_SECONDS),
    ).reduce((a, b) => a + b, 0);
    const budget = (core.LOG_BUDGET_BYTES_PER_MINUTE * LIVE_LOG_SECONDS) / 60;
    const mb = (/** @type {number} */ n) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    const lines = LIVE_LOG_BYTES / LIVE_LINE;
    return {
      rows: [
        {
          figure:
            'live log: delay from a line written in GitLab to the step log, log under 1 MiB (median)',
          measured: seconds(median(early)),
          reference: `${seconds(median(all))} over the whole 10 MB log`,
          target: '≤ 3 s',
          met: median(early) <= 3_000,
        },
        {
          figure: `live log: bytes read following a ${LIVE_LOG_BYTES / 1e6} MB log written over ${LIVE_LOG_SECONDS / 60} min`,
          measured: `${mb(bytes)} (${reads} reads)`,
          reference: `${mb(naive)} (the whole log every 2 s)`,
          target: `≤ ${mb(budget)} (10 MiB a minute)`,
          met: bytes <= budget,
        },
        {
          figure: 'live log: lines shown of that log',
          measured: `${all.length.toLocaleString('en')}`,
          reference: `${lines.toLocaleString('en')} written`,
          target: 'all',
          met: all.length === lines,
        },
      ],
      notes: [
        `live log: a job whose generated log grows evenly to ${LIVE_LOG_BYTES / 1e6} MB over ${LIVE_LOG_SECONDS / 60} emulated minutes, followed by the live-log watcher (src/core, bundled with ncc) in runPipeline's wait with the real GitLabClient against the emulator at speed 0, its clock advanced by each sleep of the wait; delays are emulated time from the moment a line is whole in the log to its arrival at the sink; bytes are the sizes GitLab answered for every log read. Peak RSS of the action following a log is in the memory rows.`,
      ],
    };
  } finally {
    await emu.close();
  }
}

/**
 * Peak RSS of the action (dist/index.js) following a log that grows to 15 MB, near the ceiling
 * where it is followed no more, at emulator speed 20.
 * @returns {Promise<{ rows: Row[], notes: string[] }>}
 */
async function liveLogMemory() {
  if (!existsSync(TIME)) return { rows: [], notes: [] };
  const emu = await startEmulator({ speed: EMULATOR_SPEED });
  try {
    const project = emu.addProject({ id: 64, path: 'acme/bench/live-memory', refs: ['main'] });
    const trigger = emu.addTriggerToken({ projectId: project.id, ownerId: 10 });
    emu.setScript(project.id, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [{ name: 'streamed', duration: 300, traceSize: 15_000_000, traceTail: 'done\n' }],
    });
    const out = join(work, 'time-live.out');
    const peakKb = peakOf(out);
    const wrap = [TIME, '-f', '%M', '-o', out];
    const step = {
      gitlab_url: emu.url,
      project: project.path,
      ref: 'main',
      token: trigger.token,
      wait: 'true',
      api_token: emu.seed.apiToken,
      stream_logs: 'streamed',
    };
    const kb = await peakKb(['the action following a live log'], () =>
      runActionProcess({ with: step, wrap, timeoutMs: 120_000 }),
    );
    const without = await peakKb(['the action waiting on the same pipeline'], () =>
      runActionProcess({ with: { ...step, stream_logs: '' }, wrap, timeoutMs: 120_000 }),
    );
    return {
      rows: [
        {
          figure: 'memory: peak RSS, trigger + wait + a 15 MB log followed live',
          measured: mibFromKb(kb),
          reference: `${mibFromKb(without)} (the same wait, nothing followed)`,
          target: '≤ reference + 40 MiB',
          met: kb <= without + 40 * 1024,
        },
      ],
      notes: [
        `memory, live log: ${TIME} -f %M around the action with stream_logs on a job whose generated log grows to 15 MB over 300 emulated seconds (15 s at speed ${EMULATOR_SPEED}), near the 16 MiB past which a log is no longer followed: the largest log it reads; one run each. What it holds of a log is the offset, a partial line and the chunk in hand; the rest over the reference is what reading ~60 MB of answers in 15 s leaves to the collector.`,
      ],
    };
  } finally {
    await emu.close();
  }
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

/**
 * Cold start, bundle and memory: the measurements of real processes.
 * @param {import('../emulator/index.js').Emulator} emu
 * @param {Record<string, string>} step
 * @param {Row[]} rows
 * @param {string[]} notes
 * @param {(what: string) => void} progress
 * @param {string | undefined} only
 */
async function processRows(emu, step, rows, notes, progress, only) {
  if (only !== 'memory') await startRows(emu, step, rows, notes, progress);
  progress('memory');
  const m = await memory(emu, step);
  rows.push(...m.rows);
  notes.push(...m.notes);
}

/**
 * Cold start and bundle.
 * @param {import('../emulator/index.js').Emulator} emu
 * @param {Record<string, string>} step
 * @param {Row[]} rows
 * @param {string[]} notes
 * @param {(what: string) => void} progress
 */
async function startRows(emu, step, rows, notes, progress) {
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

  // BENCH_ONLY=polling or requests skips the process measurements (for work on the schedule or
  // the reads), and requests the polling simulation too; BENCH_ONLY=memory measures only the
  // processes' memory; BENCH_ONLY=live-logs measures only the live logs (and their memory).
  const only = process.env.BENCH_ONLY;
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
    if (!only || only === 'memory') await processRows(emu, step, rows, notes, progress, only);
  } finally {
    await emu.close();
  }
  if (only !== 'requests' && only !== 'memory' && only !== 'live-logs' && only !== 'push') {
    progress('polling simulation');
    const p = await pollingRows(core);
    rows.push(...p.rows);
    notes.push(...p.notes);
  }
  if (!only || only === 'memory' || only === 'live-logs') {
    progress('memory of the action following a live log');
    const m = await liveLogMemory();
    rows.push(...m.rows);
    notes.push(...m.notes);
  }
  if (!only || only === 'live-logs') {
    progress("a 10 MB log followed live, on the emulator's clock");
    const l = await liveLogRows(core);
    rows.push(...l.rows);
    notes.push(...l.notes);
  }
  if (!only || only === 'push') {
    progress('pushing one commit: the core against a bare git push');
    rows.push(...(await pushRows(core)));
  }
  if (only !== 'memory' && only !== 'live-logs' && only !== 'push') {
    progress(`requests of a ${LONG_JOBS}-job pipeline on the emulator's clock`);
    const r = await requestRows(core);
    rows.push(...r.rows);
    notes.push(...r.notes);
  }
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
