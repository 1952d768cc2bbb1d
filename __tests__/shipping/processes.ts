import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';

/** Helpers for the shipping tests: run a program to its end, pack the package as npm does. */

export const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * A PATH whose first `node` is the one running the tests (Node 24 under `npm test`), so
 * `npm`, `npx` and a `#!/usr/bin/env node` bin all run on it.
 */
export const PATH_WITH_THIS_NODE = [dirname(process.execPath), process.env.PATH ?? ''].join(
  delimiter,
);

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runToEnd(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<Finished> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const code = await new Promise<number | null>((done) => {
    child.on('error', (error) => {
      stderr += String(error);
      done(null);
    });
    child.on('close', (c) => done(c));
  });
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/**
 * An environment with nothing of the tester's but PATH, and npm pointed at a fresh, empty
 * cache and told to stay offline: whatever npm needs it must find in the tarball.
 */
export function offlineNpmEnv(cache: string, home: string): Record<string, string> {
  return {
    PATH: PATH_WITH_THIS_NODE,
    HOME: home,
    npm_config_cache: cache,
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    // Any attempt to reach a registry fails at once instead of waiting for a network.
    npm_config_registry: 'http://127.0.0.1:9/',
  };
}

export interface Packed {
  /** The tarball's absolute path. */
  readonly tarball: string;
  /** The paths npm put in it, relative to the package root. */
  readonly files: string[];
  /** A scratch directory holding the tarball; removed by `cleanup`. */
  readonly dir: string;
  cleanup(): void;
}

/** `npm pack` of the working tree as it stands (whatever dist/ holds), into a temp folder. */
export async function packPackage(): Promise<Packed> {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) {
    throw new Error(`${join(ROOT, 'dist', 'cli.js')} is missing: run 'npm run build' first`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'gitlab-trigger-pack-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const packed = await runToEnd(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', dir],
    { cwd: ROOT, env: offlineNpmEnv(join(dir, 'npm-cache'), dir), timeoutMs: 30_000 },
  );
  if (packed.code !== 0) {
    cleanup();
    throw new Error(`npm pack failed (${packed.code}): ${packed.stderr}`);
  }
  const [report] = JSON.parse(packed.stdout) as {
    filename: string;
    files: { path: string }[];
  }[];
  if (!report) throw new Error(`npm pack printed no report: ${packed.stdout}`);
  const tarball = join(dir, report.filename);
  return { tarball, files: report.files.map((f) => f.path), dir, cleanup };
}

export function packageJson(): {
  name: string;
  version: string;
  bin: Record<string, string>;
  engines: { node: string };
  files: string[];
  private?: boolean;
  dependencies?: Record<string, string>;
} {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
}
