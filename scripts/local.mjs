// @ts-check
// `npm run local -- FILE`: runs the committed bundle (dist/index.js, then dist/post.js) on
// this machine exactly as a GitHub runner does — INPUT_* variables with action.yml's
// defaults, the GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_STATE files, the workspace as
// the working directory — with the inputs FILE gives, one NAME=value a line. Shows the log
// as the runner shows it (secrets as ***), the outputs and the summary, and exits with the
// step's exit code. Ctrl-C cancels the step as the runner's cancel does (SIGINT).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { actionYaml, inputVariable, runAction } from './github-runner.js';
import { bold, logPrinter, printOutputs, printSummary } from './show-run.js';

const USAGE = `usage: npm run local -- FILE [--workspace DIR]

FILE holds the step's inputs as INPUT_<NAME>=value lines (INPUT_PROJECT=acme/app), and any
other variable the step should see (RUNNER_DEBUG=1, HTTPS_PROXY=…). # starts a comment; a
value may be quoted, and in "double quotes" \\n is a new line. An input left empty means its
default, as on GitHub. The step runs in DIR (default: the current folder), where
download_artifacts writes. Keep FILE out of git: .env.local is ignored.`;

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`npm run local: ${message}`);
  process.exit(2);
}

/**
 * NAME=value lines, as local-action's and docker's env files hold them.
 * @param {string} text
 * @param {string} file
 */
function readEnvFile(text, file) {
  /** @type {Record<string, string>} */
  const env = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) fail(`${file}:${index + 1} is not NAME=value: ${JSON.stringify(line)}`);
    const [, name = '', value = ''] = match;
    if (/^"(.*)"$/.test(value)) {
      env[name] = value.slice(1, -1).replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else if (/^'(.*)'$/.test(value)) env[name] = value.slice(1, -1);
    else env[name] = value.replace(/\s+#.*$/, '');
  });
  return env;
}

// `npm run` starts scripts in the package's folder; INIT_CWD is where the user typed it.
const HERE = process.env.INIT_CWD ?? process.cwd();

function parseArgs(/** @type {string[]} */ argv) {
  /** @type {{ file?: string, workspace: string }} */
  const options = { workspace: HERE };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg === '--workspace')
      options.workspace = argv[++i] ?? fail('--workspace needs a folder');
    else if (arg.startsWith('-')) fail(`unknown option ${arg}\n${USAGE}`);
    else if (options.file === undefined) options.file = arg;
    else fail(`one FILE only, got ${options.file} and ${arg}`);
  }
  if (options.file === undefined) fail(`name the file of inputs\n${USAGE}`);
  return { file: resolve(HERE, options.file), workspace: resolve(HERE, options.workspace) };
}

const { file, workspace } = parseArgs(process.argv.slice(2));
let text;
try {
  text = readFileSync(file, 'utf8');
} catch (error) {
  fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
}
const env = readEnvFile(text, file);
// The runner hands its own proxy settings to the step; so does this, unless FILE sets them.
for (const name of [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
]) {
  const value = process.env[name];
  if (value !== undefined && !(name in env)) env[name] = value;
}

// An INPUT_ the action does not declare is a typo the runner would pass on silently.
const declared = new Map(Object.keys(actionYaml.inputs).map((name) => [inputVariable(name), name]));
for (const name of Object.keys(env).filter((n) => n.startsWith('INPUT_'))) {
  if (!declared.has(name)) {
    fail(
      `${name} in ${file} is not an input of action.yml; the inputs are ${[...declared.keys()].join(', ')}`,
    );
  }
}
// GitHub masks secrets in the log: the tokens given here count as secrets.
const masks = Object.entries(env)
  .filter(([name]) => /TOKEN|PASSWORD|SECRET/.test(name))
  .map(([, value]) => value);
const debug = env.RUNNER_DEBUG === '1' || env.ACTIONS_STEP_DEBUG === 'true';
const SIX_HOURS = 6 * 3600 * 1000; // a GitHub-hosted job's limit

/** @type {((signal: NodeJS.Signals) => void) | undefined} */
let cancel;
process.on('SIGINT', () => {
  console.log(bold('\nCancelling the step (SIGINT), as the runner does'));
  cancel?.('SIGINT');
});

console.log(bold(`Running dist/index.js as a GitHub runner does, in ${workspace}`));
const log = logPrinter({ debug, masks });
const main = await runAction({
  env,
  workspace,
  echo: log.echo,
  timeoutMs: SIX_HOURS,
  onStart: (kill) => (cancel = kill),
});
log.flush();
if (main.stderr.trim() !== '') console.log(log.mask(main.stderr.trimEnd()).replace(/^/gm, '  │ '));

let post = null;
if (actionYaml.runs.post) {
  // post-if: always() — the post step runs whatever became of the main one.
  console.log(bold('Post step (dist/post.js)'));
  const postLog = logPrinter({ debug, masks });
  post = await runAction({
    env,
    workspace,
    step: 'post',
    state: main.state,
    echo: postLog.echo,
    timeoutMs: SIX_HOURS,
  });
  postLog.flush();
}
console.log();
const code = main.exitCode ?? 1;
console.log(bold(`Exit status: ${code}${main.signal ? ` (${main.signal})` : ''}`));
if (post && post.exitCode !== 0) console.log(bold(`Post step exit status: ${post.exitCode}`));
console.log();
printOutputs(main.outputs, log.mask);
console.log();
printSummary(log.mask(main.summary + (post?.summary ?? '')));
process.exitCode = code !== 0 ? code : (post?.exitCode ?? 0);
