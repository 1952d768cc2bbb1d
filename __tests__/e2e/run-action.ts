import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * Runs the built action the way a GitHub runner does: `node dist/index.js` from the
 * workspace, an `INPUT_*` variable for every input that has a default in action.yml (and for
 * those the step sets), and the GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_STATE files.
 */

const ROOT = resolve(import.meta.dirname, '..', '..');

interface ActionYaml {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string; post?: string };
}

export const actionYaml = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYaml;

export interface ActionRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
  readonly state: Record<string, string>;
  /** Everything the run left anywhere a user or a later step can read it. */
  readonly everything: string;
}

export interface RunOptions {
  /** The step's `with:`; names as in action.yml. */
  readonly with?: Record<string, string>;
  /** Extra environment (proxies, RUNNER_DEBUG…). */
  readonly env?: Record<string, string>;
  /** Which script of `runs` to run. */
  readonly step?: 'main' | 'post';
  /** State saved by the main step, handed to the post step as STATE_* variables. */
  readonly state?: Record<string, string>;
  /** Called once the process has started, with a way to signal it (the runner's cancel). */
  readonly onStart?: (kill: (signal: NodeJS.Signals) => void, stdout: () => string) => void;
  readonly timeoutMs?: number;
}

export async function runAction(options: RunOptions = {}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'action-run-'));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_STATE: join(dir, 'state'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dir,
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

  const script = options.step === 'post' ? actionYaml.runs.post : actionYaml.runs.main;
  if (!script) throw new Error(`action.yml has no runs.${options.step ?? 'main'}`);
  const child = spawn(process.execPath, [join(ROOT, script)], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  options.onStart?.(
    (signal) => child.kill(signal),
    () => stdout,
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.on('close', (code, sig) => done([code, sig])),
  );
  clearTimeout(timer);

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
  };
}

export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Reads the `name<<DELIMITER\nvalue\nDELIMITER` blocks that the runner reads. */
export function parseKeyValueFile(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const [, name = '', delimiter] = match;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
    result[name] = value.join('\n');
  }
  return result;
}

/** The `::error::` lines of a run, decoded. */
export function annotations(stdout: string, kind: 'error' | 'warning' | 'notice'): string[] {
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
