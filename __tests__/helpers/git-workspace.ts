import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway git checkout driven with the real `git`, asynchronously: the emulator answers
 * in the same process, so a blocking call would wait for itself.
 */
export interface Workspace {
  readonly dir: string;
  /** Runs git in the checkout; rejects with git's stderr when it fails. */
  git(...args: string[]): Promise<string>;
  /** Runs git and hands back its exit code and output, failing or not. */
  tryGit(...args: string[]): Promise<{ code: number; out: string }>;
  /** A new commit (empty unless a file is named), its sha. */
  commit(message: string): Promise<string>;
  remove(): void;
}

/** Git's environment for the tests: no prompts, no user or system configuration. */
export const GIT_ENV = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
};

export function runGit(
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; stdout: string }> {
  return new Promise((done) => {
    execFile(
      'git',
      args,
      { cwd, env: { ...process.env, ...GIT_ENV, HOME: cwd, ...env }, encoding: 'utf8' },
      (error, stdout, stderr) =>
        done({
          code: error ? Number((error as { code?: number }).code ?? 1) || 1 : 0,
          out: `${stdout}${stderr}`,
          stdout,
        }),
    );
  });
}

export async function newWorkspace(options: { initialBranch?: string } = {}): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), 'workspace-'));
  const ws: Workspace = {
    dir,
    async git(...args) {
      const { code, out, stdout } = await runGit(dir, args);
      if (code !== 0) throw new Error(`git ${args.join(' ')}: ${out}`);
      return stdout.trim();
    },
    tryGit: (...args) => runGit(dir, args),
    async commit(message) {
      await ws.git('commit', '-q', '--allow-empty', '-m', message);
      return ws.git('rev-parse', 'HEAD');
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  await ws.git('init', '-q', `--initial-branch=${options.initialBranch ?? 'main'}`);
  return ws;
}

/** The header git sends when told `http.extraHeader`: basic auth as GitLab takes a token. */
export function basicAuth(token: string): string {
  return `Authorization: Basic ${Buffer.from(`oauth2:${token}`).toString('base64')}`;
}
