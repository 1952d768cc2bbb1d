// @ts-check
/**
 * Runs the built action the way a GitHub runner does ("Metadata syntax for GitHub Actions",
 * "Workflow commands"): `node <runs.main>` from the workspace, an `INPUT_*` variable for
 * every input that has a default in action.yml and for those the step sets, and the
 * GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_STATE files. Used by the end-to-end tests
 * and by `npm run demo`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @typedef {{ default?: string, required?: boolean, description?: string }} ActionInput
 * @typedef {{
 *   inputs: Record<string, ActionInput>,
 *   outputs: Record<string, { description?: string }>,
 *   runs: { using: string, main: string, post?: string, 'post-if'?: string },
 * }} ActionYaml
 */

/** @type {ActionYaml} */
export const actionYaml = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));

/**
 * @typedef {object} ActionRun
 * @property {number | null} exitCode
 * @property {NodeJS.Signals | null} signal
 * @property {string} stdout
 * @property {string} stderr
 * @property {Record<string, string>} outputs
 * @property {string} summary
 * @property {Record<string, string>} state
 * @property {string} everything Everything the run left where a user or a later step can read it.
 * @property {number} ms How long the process ran.
 */

/**
 * @typedef {object} RunOptions
 * @property {Record<string, string>} [with] The step's `with:`; names as in action.yml.
 * @property {Record<string, string>} [env] Extra environment (proxies, RUNNER_DEBUG…).
 * @property {'main' | 'post'} [step] Which script of `runs` to run.
 * @property {string} [workspace] The working directory (GITHUB_WORKSPACE), left in place after
 *   the run so that a test can look at what the step wrote there; by default a temporary one,
 *   removed with the runner's files.
 * @property {Record<string, string>} [state] State saved by the main step, given to the post step as STATE_*.
 * @property {(kill: (signal: NodeJS.Signals) => void, stdout: () => string) => void} [onStart]
 *   Called once the process runs, with a way to signal it (the runner's cancel).
 * @property {number} [timeoutMs] Kill the process after this long.
 * @property {(chunk: string) => void} [echo] Receives stdout as it comes (the demo prints it).
 */

/**
 * @param {RunOptions} [options]
 * @returns {Promise<ActionRun>}
 */
export async function runAction(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'action-run-'));
  const { env, files } = runnerEnvironment(dir, options);
  const script = options.step === 'post' ? actionYaml.runs.post : actionYaml.runs.main;
  if (!script) throw new Error(`action.yml has no runs.${options.step ?? 'main'}`);
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, script)], {
    cwd: options.workspace ?? dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (/** @type {Buffer} */ d) => {
    stdout += d.toString();
    options.echo?.(d.toString());
  });
  child.stderr.on('data', (/** @type {Buffer} */ d) => (stderr += d.toString()));
  options.onStart?.(
    (signal) => child.kill(signal),
    () => stdout,
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  /** @type {[number | null, NodeJS.Signals | null]} */
  const [exitCode, signal] = await new Promise((done) =>
    child.on('close', (code, sig) => done([code, sig])),
  );
  clearTimeout(timer);
  const ms = performance.now() - started;

  const outputText = readFileSync(files.GITHUB_OUTPUT, 'utf8');
  const stateText = readFileSync(files.GITHUB_STATE, 'utf8');
  const summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return {
    exitCode,
    signal,
    stdout,
    stderr,
    outputs: parseKeyValueFile(outputText),
    summary,
    state: parseKeyValueFile(stateText),
    everything: [stdout, stderr, outputText, stateText, summary].join('\n'),
    ms,
  };
}

/**
 * The environment a runner gives a JavaScript action's process, in the workspace `dir`: the
 * GITHUB_* context, an `INPUT_*` variable for every input with a default in action.yml and for
 * those the step sets, STATE_* for a post step, and the empty GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY and GITHUB_STATE files it appends to.
 * @param {string} dir
 * @param {Pick<RunOptions, 'with' | 'env' | 'state' | 'workspace'>} options
 */
export function runnerEnvironment(dir, options) {
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_STATE: join(dir, 'state'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');

  /** @type {Record<string, string>} */
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace ?? dir,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    RUNNER_TEMP: dir,
    RUNNER_OS: 'Linux',
    ...files,
  };
  for (const [name, input] of Object.entries(actionYaml.inputs)) {
    if (input.default !== undefined) env[inputVariable(name)] = String(input.default);
  }
  for (const [name, value] of Object.entries(options.with ?? {})) env[inputVariable(name)] = value;
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;
  Object.assign(env, options.env);
  return { env, files };
}

/** @param {string} name */
export function inputVariable(name) {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Reads the `name<<DELIMITER\nvalue\nDELIMITER` blocks the runner reads; a later value wins.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseKeyValueFile(text) {
  /** @type {Record<string, string>} */
  const result = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const [, name = '', delimiter] = match;
    /** @type {string[]} */
    const value = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
    result[name] = value.join('\n');
  }
  return result;
}

/**
 * The annotations of one kind in a run's log, decoded.
 * @param {string} stdout
 * @param {'error' | 'warning' | 'notice'} kind
 */
export function annotations(stdout, kind) {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(`::${kind}`))
    .map((line) =>
      line
        .slice(line.indexOf('::', 2) + 2)
        .replace(/%0A/g, '\n')
        .replace(/%0D/g, '\r')
        .replace(/%25/g, '%'),
    );
}

/**
 * The lines of a log outside every `::stop-commands::` fence: the only ones the runner reads
 * workflow commands from.
 * @param {string} log
 * @returns {string[]}
 */
export function unfencedLines(log) {
  /** @type {string[]} */
  const lines = [];
  /** @type {string | undefined} */
  let fence;
  for (const line of log.split('\n')) {
    if (fence) {
      if (line === `::${fence}::`) fence = undefined;
      continue;
    }
    const opened = /^::stop-commands::(\S+)$/.exec(line)?.[1];
    if (opened) fence = opened;
    else lines.push(line);
  }
  return lines;
}
