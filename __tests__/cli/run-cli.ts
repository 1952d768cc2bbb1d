import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileReader } from '../../src/cli/files.js';
import { main } from '../../src/cli/main.js';

/**
 * Runs the command line as a user does: `cli` calls `main` of src/ in this process, with an
 * environment of only what is given (plus PATH and HOME), so the tester's own GITLAB_*
 * variables never leak in; `bundledCli` runs `node dist/cli.js …` itself, for the few tests
 * that hold the shipped bundle (and what only a process has: signals, exit codes) to it.
 */

const ROOT = resolve(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly env?: Record<string, string>;
  readonly stdin?: string;
  /** How long the bundle's process may run before it is killed (in process, jest's timeout). */
  readonly timeoutMs?: number;
}

/** The command line of src/, in process: what `node dist/cli.js` would print and exit with. */
export async function cli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    env: environment(options),
    stderrIsTTY: false,
    writeOut: (text) => void (stdout += text),
    writeErr: (text) => void (stderr += text),
    readFile: fileReader(() => options.stdin ?? ''),
  });
  return { code, stdout, stderr };
}

function environment(options: CliOptions): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...options.env };
}

/** The bundled command line, `node dist/cli.js …`, in a process of its own. */
export async function bundledCli(
  args: readonly string[],
  options: CliOptions = {},
): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first`);
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: environment(options),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(options.stdin ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** A temporary directory for token, variables and inputs files; removed by `cleanup`. */
export function tempFiles(): { file(name: string, text: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'gitlab-trigger-cli-'));
  return {
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Every secret of the emulator's demo data, to check that none reaches the output. */
export function secretsOf(seed: Record<string, unknown>): string[] {
  return Object.entries(seed)
    .filter(([key, value]) => /Token$/.test(key) && typeof value === 'string')
    .map(([, value]) => value as string);
}

/** A loopback port nothing listens on (fetch refuses the "bad ports" such as 9 by itself). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}
