import { spawn } from 'node:child_process';

/** What one git command did. */
export interface GitResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One git command: its arguments, where it runs, and the variables added to its environment. */
export interface GitCall {
  readonly args: readonly string[];
  readonly cwd: string;
  /** Added to the environment; a credential travels here, never in `args`. */
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/** Runs git; a test hands in a stand-in that records what it was asked. */
export interface Git {
  run(call: GitCall): Promise<GitResult>;
}

/** Variables of the step's environment that would make git print requests or prompt. */
const DROPPED =
  /^(GIT_TRACE\w*|GIT_CURL_VERBOSE|GIT_SSL_KEYLOG|GIT_ASKPASS|SSH_ASKPASS|GIT_DIR|GIT_WORK_TREE|GIT_INDEX_FILE|GIT_OBJECT_DIRECTORY|GIT_ALTERNATE_OBJECT_DIRECTORIES|GIT_CONFIG_(COUNT|KEY_\d+|VALUE_\d+|PARAMETERS))$/;

/**
 * The runner's own git, as actions/checkout uses it. The environment is the step's, less
 * what would print a request (GIT_TRACE_CURL, GIT_CURL_VERBOSE), ask for a password, or point
 * git at another repository or configuration than the checkout's own.
 */
export function systemGit(base: NodeJS.ProcessEnv = process.env): Git {
  return {
    run: (call) =>
      new Promise((resolve) => {
        const env: Record<string, string> = {};
        for (const [name, value] of Object.entries(base))
          if (value !== undefined && !DROPPED.test(name)) env[name] = value;
        Object.assign(env, { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '' }, call.env);
        const child = spawn('git', [...call.args], {
          cwd: call.cwd,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
          signal: call.signal,
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
        child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
        const done = (code: number, extra = ''): void =>
          resolve({
            code,
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(err).toString('utf8') + extra,
          });
        child.on('error', (error: NodeJS.ErrnoException) =>
          done(127, error.code === 'ENOENT' ? 'git: command not found' : error.message),
        );
        child.on('close', (code) => done(code ?? 1));
      }),
  };
}
