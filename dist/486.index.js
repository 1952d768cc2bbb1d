export const id = 486;
export const ids = [486];
export const modules = {

/***/ 9141:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ fileReader)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_parse_text_file_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3803);


/**
 * How the command line reads the files its options name: a regular file of at most 1 MiB
 * (a device or FIFO given by mistake is refused, never read without end), or `-` for stdin,
 * which can be read once: a second option naming it would read nothing.
 */
function fileReader(readStdin = readStdinOnce) {
    let stdinReadFor;
    return (path, option = 'another option') => {
        if (path !== '-')
            return (0,_core_parse_text_file_js__WEBPACK_IMPORTED_MODULE_1__/* .readTextFile */ .Gu)(path);
        if (stdinReadFor !== undefined) {
            throw new _core_parse_text_file_js__WEBPACK_IMPORTED_MODULE_1__/* .FileReadError */ .tJ('STDINREAD', `stdin was already read for ${stdinReadFor}`);
        }
        stdinReadFor = option;
        return readStdin();
    };
}
/** All of stdin, to at most MAX_FILE_BYTES. */
function readStdinOnce() {
    const chunks = [];
    let total = 0;
    for (;;) {
        const chunk = Buffer.alloc(64 * 1024);
        let read;
        try {
            read = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(0, chunk, 0, chunk.length, null);
        }
        catch (error) {
            const code = error.code;
            if (code === 'EAGAIN') {
                // A non-blocking stdin with nothing yet: wait a moment rather than spin.
                Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
                continue;
            }
            if (code === 'EOF')
                break;
            throw error;
        }
        if (read === 0)
            break;
        chunks.push(chunk.subarray(0, read));
        total += read;
        if (total > _core_parse_text_file_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_FILE_BYTES */ .gZ) {
            throw new _core_parse_text_file_js__WEBPACK_IMPORTED_MODULE_1__/* .FileReadError */ .tJ('TOOBIG', `it is larger than ${_core_parse_text_file_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_FILE_BYTES */ .gZ / 1024 / 1024} MiB`);
        }
    }
    return Buffer.concat(chunks).toString('utf8');
}


/***/ }),

/***/ 486:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _core_node_version_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5598);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9141);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6984);



const tooOld = (0,_core_node_version_js__WEBPACK_IMPORTED_MODULE_2__/* .nodeVersionProblem */ .e9)('gitlab-trigger');
if (tooOld) {
    process.stderr.write(`error: ${tooOld}\n`);
    process.exit(2);
}
// A closed pipe on stdout (`gitlab-trigger tokens list | head -1`) is not a failure.
process.stdout.on('error', (error) => {
    if (error.code !== 'EPIPE')
        throw error;
});
process.exitCode = await (0,_main_js__WEBPACK_IMPORTED_MODULE_1__/* .main */ .i)(process.argv.slice(2), {
    env: process.env,
    stderrIsTTY: process.stderr.isTTY === true,
    writeOut: (text) => void process.stdout.write(text),
    writeErr: (text) => void process.stderr.write(text),
    readFile: (0,_files_js__WEBPACK_IMPORTED_MODULE_0__/* .fileReader */ .q)(),
});

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 6984:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  i: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./src/core/clock.ts
var core_clock = __webpack_require__(2257);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/redact.ts
var redact = __webpack_require__(2258);
// EXTERNAL MODULE: ./src/core/parse/gitlab-url.ts
var gitlab_url = __webpack_require__(4388);
// EXTERNAL MODULE: ./src/core/setting-defaults.ts
var setting_defaults = __webpack_require__(5646);
;// CONCATENATED MODULE: ./src/cli/env-config.ts



/**
 * Where the instance and the tokens come from. Tokens are read from the environment or a
 * file, never from an option's value: a command line ends up in shell history and in every
 * process list. An option given explicitly wins over the environment; inside a GitLab CI job
 * (GITLAB_CI=true) the job's own variables fill in what is left unset.
 */
const Env = {
    GitLabUrl: 'GITLAB_URL',
    TriggerToken: 'GITLAB_TRIGGER_TOKEN',
    ApiToken: 'GITLAB_API_TOKEN',
    PushToken: 'GITLAB_PUSH_TOKEN',
    CiApiUrl: 'CI_API_V4_URL',
    CiServerUrl: 'CI_SERVER_URL',
    CiJobToken: 'CI_JOB_TOKEN',
    CiProjectPath: 'CI_PROJECT_PATH',
    GitLabCi: 'GITLAB_CI',
};
const DEFAULT_GITLAB_URL = setting_defaults/* SETTING_DEFAULTS */.E.gitlabUrl;
/** How messages point at the instance and the trigger token, wherever they came from. */
const GITLAB_URL_SETTING = `--gitlab-url or ${Env.GitLabUrl}`;
const TRIGGER_TOKEN_SETTING = `${Env.TriggerToken} or --token-file`;
/** Every token the environment holds, to be registered with the redactor before anything runs. */
function environmentSecrets(env) {
    return [Env.TriggerToken, Env.ApiToken, Env.CiJobToken, Env.PushToken]
        .map((name) => env[name]?.trim())
        .filter((value) => Boolean(value));
}
function inGitLabCi(env) {
    return env[Env.GitLabCi] === 'true';
}
/** `--gitlab-url`, else GITLAB_URL, else in GitLab CI the job's instance, else gitlab.com. */
function resolveGitLabUrl(flag, env) {
    if (flag !== undefined)
        return { value: flag, source: '--gitlab-url' };
    const candidates = [Env.GitLabUrl, ...(inGitLabCi(env) ? [Env.CiApiUrl, Env.CiServerUrl] : [])];
    for (const name of candidates) {
        const value = env[name];
        if (value?.trim())
            return { value, source: name };
    }
    return { value: DEFAULT_GITLAB_URL, source: 'the default GitLab URL' };
}
/**
 * `--token-file`, else GITLAB_TRIGGER_TOKEN, else in GitLab CI the job token. The job token
 * is only ever sent to the job's own instance: elsewhere it would hand a stranger a
 * credential of this job.
 */
function resolveTriggerToken(file, env, instance, readFile) {
    if (file !== undefined)
        return { value: readOptionFile(file, '--token-file', readFile), source: '--token-file' };
    if (env[Env.TriggerToken]?.trim()) {
        return { value: env[Env.TriggerToken] ?? '', source: Env.TriggerToken };
    }
    const ask = `set ${Env.TriggerToken} to a pipeline trigger token (glptt-…), or give --token-file FILE`;
    if (inGitLabCi(env) && env[Env.CiJobToken]?.trim()) {
        const own = ciInstance(env);
        const job = ownJobToken(env, instance);
        if (job)
            return job;
        throw new errors/* InputError */.dz(Env.TriggerToken, `is not set, and ${Env.CiJobToken} is only sent to this job's own instance${own ? `, ${own.url}` : ''}, not to ${instance.url}`, ask);
    }
    throw new errors/* InputError */.dz(Env.TriggerToken, 'is not set', `${ask}; inside a GitLab CI job, ${Env.CiJobToken} is used for the job's own instance`);
}
/**
 * CI_JOB_TOKEN, inside a GitLab CI job whose instance is `instance`; undefined anywhere else,
 * where it would hand a stranger a credential of this job.
 */
function ownJobToken(env, instance) {
    const value = env[Env.CiJobToken]?.trim();
    if (!inGitLabCi(env) || !value || ciInstance(env)?.url !== instance.url)
        return undefined;
    return { value, source: Env.CiJobToken };
}
/** `--api-token-file`, else GITLAB_API_TOKEN. A job token cannot manage trigger tokens. */
function resolveApiToken(file, env, readFile) {
    if (file !== undefined) {
        return {
            value: readOptionFile(file, '--api-token-file', readFile),
            source: '--api-token-file',
        };
    }
    if (env[Env.ApiToken]?.trim())
        return { value: env[Env.ApiToken] ?? '', source: Env.ApiToken };
    throw new errors/* InputError */.dz(Env.ApiToken, 'is not set', `set it to a personal, group or project access token with the api scope whose user is a Maintainer of the project, or give --api-token-file FILE`);
}
/** Registers a token with the redactor and hands it back, so no path can skip the first step. */
function secret(token, redactor) {
    redactor.add(token.value.trim());
    return token;
}
/** A file's text for an option, or an InputError naming the option and the file. */
function readOptionFile(path, option, readFile) {
    try {
        return readFile(path, option);
    }
    catch (error) {
        const { code, reason } = error;
        const why = {
            ENOENT: 'no such file',
            EACCES: 'permission denied',
            EISDIR: 'it is a directory',
        };
        const cause = reason ?? why[code ?? ''] ?? code ?? error.message;
        const fix = code === 'STDINREAD' ? 'give one of them a file instead of -' : undefined;
        throw new errors/* InputError */.dz(option, `is ${(0,errors/* quoted */.TL)(path)}, which cannot be read (${cause})`, fix);
    }
}
function ciInstance(env) {
    const value = env[Env.CiApiUrl]?.trim() || env[Env.CiServerUrl]?.trim();
    if (!value)
        return undefined;
    try {
        return (0,gitlab_url/* parseGitLabUrl */.m)(value, Env.CiApiUrl, Env.CiJobToken);
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/cli/exit-codes.ts
/**
 * The command's exit statuses, distinct so that a script can tell what went wrong without
 * reading the message. The README lists them; keep the two in step.
 */
const ExitCode = {
    /** Done: the pipeline was triggered (and, when waited for, passed), or the token call succeeded. */
    Success: 0,
    /**
     * The pipeline did not pass: it finished in a status not in --pass-statuses, waits on a
     * manual job (--on-manual fail), or --timeout ran out. Used when waiting.
     */
    PipelineDidNotPass: 1,
    /** The command line or a setting is unusable; nothing was sent to GitLab. */
    Usage: 2,
    /** GitLab refused the request, or the network did not carry it. */
    Refused: 3,
    /** Something failed inside the tool that it did not expect: a bug. */
    Internal: 4,
    /** Interrupted (Ctrl-C, SIGTERM) while waiting; 128 + SIGINT, as shells report it. */
    Interrupted: 130,
};
/** How a stop by Ctrl-C or SIGTERM begins its message here (the action says a run was cancelled). */
const INTERRUPTED_WORDS = 'Interrupted (Ctrl-C or SIGTERM)';

// EXTERNAL MODULE: ./src/core/version.ts + 1 modules
var version = __webpack_require__(4910);
;// CONCATENATED MODULE: ./src/cli/options.ts

const OPTIONS = {
    project: {
        type: 'string',
        short: 'p',
        value: 'P',
        help: 'The project: its numeric id or full path (group/subgroup/project).',
    },
    ref: {
        type: 'string',
        short: 'r',
        value: 'R',
        help: 'The branch or tag to run the pipeline on.',
    },
    var: {
        type: 'string',
        short: 'e',
        multiple: true,
        value: 'KEY=VALUE',
        help: 'A pipeline variable, sent exactly as written (everything after the first =). Repeatable.',
    },
    'variables-file': {
        type: 'string',
        value: 'FILE',
        help: 'Pipeline variables from a file: a YAML mapping, a JSON object or KEY=value lines. --var wins over it.',
    },
    input: {
        type: 'string',
        short: 'i',
        multiple: true,
        value: 'NAME[:TYPE]=VALUE',
        help: 'A pipeline input (spec:inputs), sent as text exactly as written (version=1.10 sends 1.10) unless typed: replicas:number=3, dry_run:boolean=false, targets:array=[a, b]. Repeatable.',
    },
    'inputs-file': {
        type: 'string',
        value: 'FILE',
        help: 'Pipeline inputs from a file: a YAML mapping or JSON object. --input wins over it.',
    },
    'gitlab-url': {
        type: 'string',
        value: 'URL',
        help: `The GitLab instance (its root, or its API URL ending in /api/v4). Default: GITLAB_URL, then ${setting_defaults/* SETTING_DEFAULTS */.E.gitlabUrl}.`,
    },
    'token-file': {
        type: 'string',
        value: 'FILE',
        help: 'Read the trigger token from FILE (- for stdin). Default: GITLAB_TRIGGER_TOKEN.',
    },
    'api-token-file': {
        type: 'string',
        value: 'FILE',
        help: 'Read the API token from FILE (- for stdin). Default: GITLAB_API_TOKEN. read_api is enough to wait; api to cancel, play manual jobs or manage trigger tokens.',
    },
    'ca-cert': {
        type: 'string',
        value: 'FILE',
        help: 'Trust the CA certificates in this PEM file too, for an instance whose certificate a private CA signed.',
    },
    'request-timeout': {
        type: 'string',
        value: 'DURATION',
        help: `How long to wait for GitLab's answer to one request: 30s, 2m. Default: ${setting_defaults/* SETTING_DEFAULTS */.E.requestTimeout}.`,
    },
    wait: {
        type: 'boolean',
        short: 'w',
        help: 'Wait for the pipeline to finish; exit 0 when it passes, 1 when it does not.',
    },
    timeout: {
        type: 'string',
        short: 't',
        value: 'DURATION',
        help: `How long to wait at most: 90s, 30m, 2h, 1h30m or plain seconds. Default: ${setting_defaults/* SETTING_DEFAULTS */.E.timeout}.`,
    },
    'cancel-on-abort': {
        type: 'string',
        value: 'BOOL',
        help: `Cancel the pipeline when the wait times out or is interrupted (Ctrl-C, SIGTERM). Default: ${setting_defaults/* SETTING_DEFAULTS */.E.cancelOnAbort}.`,
    },
    'pass-statuses': {
        type: 'string',
        value: 'LIST',
        help: `Final statuses that pass, comma-separated: success, failed, canceled, skipped. Default: ${setting_defaults/* SETTING_DEFAULTS */.E.passStatuses}.`,
    },
    'on-manual': {
        type: 'string',
        value: 'MODE',
        help: `A pipeline blocked on a manual job: fail (naming the job), pass, wait, or play it. Default: ${setting_defaults/* SETTING_DEFAULTS */.E.onManual}.`,
    },
    'max-poll-interval': {
        type: 'string',
        value: 'DURATION',
        help: `The longest pause between two status requests. Default: ${setting_defaults/* SETTING_DEFAULTS */.E.maxPollInterval}.`,
    },
    'test-report': {
        type: 'string',
        value: 'BOOL',
        help: `Read the pipeline's test report when it finishes and print one line of totals. Default: ${setting_defaults/* SETTING_DEFAULTS */.E.testReport}.`,
    },
    'outputs-from': {
        type: 'string',
        multiple: true,
        value: 'JOB:PATH',
        help: 'A dotenv file (KEY=value lines) in the artifacts of JOB (or of a downstream job); its keys are printed, and shown under outputs with --json. Repeatable.',
    },
    'download-artifacts': {
        type: 'string',
        multiple: true,
        value: 'GLOB',
        help: 'Unpack the artifacts of the jobs whose names match (* and ?) into --artifacts-path, one folder per job. Repeatable.',
    },
    'artifacts-path': {
        type: 'string',
        value: 'DIR',
        help: `Where artifacts and logs are written. Default: ${setting_defaults/* SETTING_DEFAULTS */.E.artifactsPath}.`,
    },
    'artifacts-max-size': {
        type: 'string',
        value: 'SIZE',
        help: `The most an artifacts archive (downloaded and unpacked) or a log may take: 500MiB, 2GiB. Default: ${setting_defaults/* SETTING_DEFAULTS */.E.artifactsMaxSize}.`,
    },
    'download-logs': {
        type: 'boolean',
        help: "Write each job's full log beside its artifacts (of every job without --download-artifacts).",
    },
    'stream-logs': {
        type: 'string',
        multiple: true,
        value: 'NAME',
        help: "Follow this job's log live on stderr while it runs: * for every job, 'trigger › job' for a downstream one. Repeatable.",
    },
    push: {
        type: 'boolean',
        help: "Push the current directory's HEAD to --ref's branch first (token in GITLAB_PUSH_TOKEN), then trigger on it.",
    },
    'delete-pushed-ref': {
        type: 'boolean',
        help: 'With --push and --wait: delete the pushed branch once the pipeline has finished.',
    },
    description: { type: 'string', value: 'TEXT', help: "The token's description." },
    'expires-at': {
        type: 'string',
        value: 'DATE',
        help: 'When the token stops working: a date (2027-01-31) or an ISO 8601 time. GitLab before 17.0 keeps no expiry: a warning then says the token never expires.',
    },
    'show-tokens': {
        type: 'boolean',
        help: 'Print whole the tokens you own (hidden by default, as logs are read by many).',
    },
    json: { type: 'boolean', help: 'Print the result as JSON on stdout, and nothing else there.' },
    verbose: { type: 'boolean', help: 'Print each request to stderr (tokens never appear).' },
    help: { type: 'boolean', short: 'h', help: 'Show this help.' },
};
/** `--project P`, `--json`: how an option is written in usage lines and messages. */
function optionUsage(name) {
    const spec = OPTIONS[name];
    return spec.value ? `--${name} ${spec.value}` : `--${name}`;
}

;// CONCATENATED MODULE: ./src/cli/help.ts




/** The help texts, built from the commands and the options table so they cannot drift. */
const PROGRAM = 'gitlab-trigger';
const ENVIRONMENT = [
    [Env.GitLabUrl, 'The GitLab instance. Default: https://gitlab.com.'],
    [Env.TriggerToken, 'The pipeline trigger token (glptt-…) for run.'],
    [
        Env.ApiToken,
        'An access token: read by run --wait to follow the pipeline (read_api is enough; api to cancel it or play manual jobs), and by tokens (api scope, Maintainer of the project).',
    ],
    [
        `${Env.CiApiUrl}, ${Env.CiJobToken}`,
        `Inside a GitLab CI job (${Env.GitLabCi}=true): the instance, and for that instance the trigger token and, with run --wait, the token that reads the pipeline, when the ones above are unset.`,
    ],
    [
        'HTTPS_PROXY, HTTP_PROXY',
        'The proxy for the requests (HTTPS_PROXY first, as curl reads them; lower case too).',
    ],
    ['NO_PROXY', 'Hosts reached without the proxy, separated by commas.'],
    [
        'NODE_EXTRA_CA_CERTS',
        'A PEM file with the CA of an instance whose certificate Node does not trust.',
    ],
    ['NO_COLOR', 'Set to anything to print no colour.'],
];
const EXIT_CODES = [
    [ExitCode.Success, 'Done.'],
    [
        ExitCode.PipelineDidNotPass,
        'Waiting: the pipeline did not pass, waits on a manual job, or --timeout ran out.',
    ],
    [ExitCode.Usage, 'The command line or a setting is unusable; nothing was sent.'],
    [ExitCode.Refused, 'GitLab refused the request, or the network did not carry it.'],
    [ExitCode.Internal, 'An unexpected error inside the tool (a bug: please report it).'],
    [ExitCode.Interrupted, 'Interrupted (Ctrl-C, SIGTERM) while waiting.'],
];
function versionText() {
    return `${PROGRAM} ${version/* VERSION */.x}`;
}
/** `gitlab-trigger --help`. */
function programHelp(commands) {
    return [
        `${PROGRAM} ${version/* VERSION */.x}: trigger GitLab pipelines and manage pipeline trigger tokens.`,
        '',
        'Usage:',
        ...commands.map((c) => `  ${PROGRAM} ${c.usage}`),
        `  ${PROGRAM} help [COMMAND]`,
        `  ${PROGRAM} --version`,
        '',
        'Commands:',
        ...table(commands.map((c) => [c.name, c.summary])),
        '',
        'Tokens are read from the environment or a file, never from an option: a command line',
        'ends up in shell history.',
        '',
        'Short options:',
        ...table([[shortOptions(), '']]),
        '',
        'Environment:',
        ...table(ENVIRONMENT),
        '',
        'Exit codes:',
        ...table(EXIT_CODES.map(([code, text]) => [String(code), text])),
        '',
        'Examples:',
        ...examples(commands.flatMap((c) => c.examples.slice(0, 2))),
        '',
        `Run '${PROGRAM} COMMAND --help' for a command's options.`,
    ].join('\n');
}
/**
 * `-p --project, -r --ref, …`: the one-letter forms, read from the options table. They are
 * for what a run needs most (what to run, waiting); the rest are spelt out, as in glab.
 */
function shortOptions() {
    return Object.entries(OPTIONS)
        .filter(([, spec]) => spec.short)
        .map(([name, spec]) => `-${spec.short} --${name}`)
        .join(', ');
}
/** `gitlab-trigger tokens --help`: the group's commands. */
function groupHelp(group, commands) {
    return [
        'Usage:',
        ...commands.map((c) => `  ${PROGRAM} ${c.usage}`),
        '',
        'Commands:',
        ...table(commands.map((c) => [c.name, c.summary])),
        '',
        `Run '${PROGRAM} ${group} COMMAND --help' for a command's options.`,
    ].join('\n');
}
/** `gitlab-trigger run --help`. */
function commandHelp(command) {
    const lines = [`Usage: ${PROGRAM} ${command.usage}`, '', command.summary];
    if (command.details)
        lines.push('', command.details);
    for (const p of command.positionals ?? []) {
        lines.push('', 'Arguments:', ...table([[p.name, p.help]]));
    }
    for (const section of command.sections) {
        lines.push('', `${section.title}:`, ...table(section.options.map((name) => {
            const spec = OPTIONS[name];
            const flag = spec.short ? `-${spec.short}, ${optionUsage(name)}` : optionUsage(name);
            const required = command.required?.includes(name) ? ' Required.' : '';
            return [flag, `${spec.help}${required}`];
        })));
    }
    lines.push('', 'Examples:', ...examples(command.examples));
    return lines.join('\n');
}
const WIDTH = 100;
const MAX_LEFT = 24;
/** Two columns; the right one wrapped at word boundaries, under a left one too long to share its line. */
function table(rows) {
    const width = Math.min(MAX_LEFT, Math.max(...rows.map(([left]) => left.length)));
    const indent = ' '.repeat(width + 4);
    return rows.flatMap(([left, right]) => {
        const lines = wrap(right, WIDTH - indent.length);
        const first = left.length <= width ? `  ${left.padEnd(width)}  ${lines.shift() ?? ''}` : `  ${left}`;
        return [first.trimEnd(), ...lines.map((line) => indent + line)];
    });
}
function wrap(text, width) {
    const lines = [];
    let line = '';
    for (const word of text.split(' ')) {
        if (line && line.length + 1 + word.length > width) {
            lines.push(line);
            line = word;
        }
        else
            line = line ? `${line} ${word}` : word;
    }
    if (line)
        lines.push(line);
    return lines;
}
function examples(lines) {
    return lines.map((line) => `  ${line}`);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/core/gitlab-answer.ts
var gitlab_answer = __webpack_require__(4675);
;// CONCATENATED MODULE: ./src/cli/terminal-text.ts
/**
 * Text that may come from GitLab (its messages, job names, a job's log) made harmless for a
 * terminal: a control sequence could retitle the window, hide or rewrite earlier lines, or
 * write a link; a bare line break could print a line that looks like the tool's own.
 */
/* eslint-disable no-control-regex */
const SEQUENCES = new RegExp([
    // CSI: ESC [ (or the 8-bit CSI), parameters, intermediates, a final byte.
    '(?:\\u001b\\[|\\u009b)[\\u0030-\\u003f]*[\\u0020-\\u002f]*[\\u0040-\\u007e]?',
    // OSC, DCS, SOS, PM, APC: up to BEL or ST (ESC \\ or the 8-bit ST), or the end of the text.
    '(?:\\u001b[\\]PX^_]|[\\u0090\\u0098\\u009d\\u009e\\u009f])[^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u001b\\\\|\\u009c)?',
    // Any other escape: ESC, intermediates, a final byte.
    '\\u001b[\\u0020-\\u002f]*[\\u0030-\\u007e]?',
].join('|'), 'g');
/**
 * C0 and C1 controls but tab and line feed, and DEL; and Unicode's bidirectional controls,
 * which could show a job named `build\u202eliaf` as `buildfail` read backwards.
 */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */
/**
 * The text without control sequences or control characters; tabs and line breaks kept
 * (a carriage return or a Unicode line separator read as a line break).
 */
function plainText(text) {
    return text
        .replace(SEQUENCES, '')
        .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
        .replace(CONTROLS, '');
}
/**
 * One message, however many lines it has: every line after the first starts with white
 * space, so no line inside it can pass for one the tool printed (`error: …`, `Pipeline #5 …`).
 */
function oneMessage(text) {
    return plainText(text).replace(/\n(?=[^\s])/g, '\n  ');
}

;// CONCATENATED MODULE: ./src/cli/output.ts



const STYLES = {
    red: ['\u001b[31m', '\u001b[39m'],
    yellow: ['\u001b[33m', '\u001b[39m'],
    green: ['\u001b[32m', '\u001b[39m'],
    dim: ['\u001b[2m', '\u001b[22m'],
    bold: ['\u001b[1m', '\u001b[22m'],
};
/** Colour only for a person at a terminal who has not asked for none (https://no-color.org). */
function wantsColor(io) {
    return io.stderrIsTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
}
/**
 * Where the command writes. Results go to stdout, everything a person reads while it runs
 * (progress, warnings, errors) to stderr, so `--json` output can be piped. Every line is
 * cleaned of terminal control sequences (GitLab's words and job logs may carry them) and
 * passes the redactor on its way out, whatever produced it; the tool's own colours are
 * added after that.
 */
class Output {
    io;
    redactor;
    /** Print the core's debug lines (each request) to stderr. */
    verbose = false;
    color;
    /**
     * In a GitHub Actions `run:` step the runner reads workflow commands from both streams: a
     * `::` line or the older `##[…]` form anywhere in GitLab's text would act.
     */
    underGitHubRunner;
    constructor(io, redactor) {
        this.io = io;
        this.redactor = redactor;
        this.color = wantsColor(io);
        this.underGitHubRunner = io.env.GITHUB_ACTIONS === 'true';
    }
    /** A result line on stdout (a table of tokens may hold GitLab's text: fenced as on stderr). */
    result(text) {
        this.io.writeOut(this.fenced(this.redactor.redact(plainText(text))));
    }
    /**
     * A value as JSON on stdout. JSON escapes C0 controls itself; DEL, the C1 controls and the
     * bidirectional controls are escaped too, so the value reaches `jq` whole and the terminal
     * harmless.
     */
    json(value) {
        const text = (0,gitlab_answer/* jsonText */.s$)(value, 2)
            .replace(/[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
            // `##[` only occurs inside strings; escaped, it is the same JSON and no runner command.
            .replace(/##\[/g, '##\\u005b');
        // Never fenced: the JSON goes to files and jq, and holds no command once escaped.
        this.io.writeOut(`${this.redactor.redact(plainText(text))}\n`);
    }
    status(text) {
        this.err(text);
    }
    success(text) {
        this.err(text, 'green');
    }
    warning(text) {
        this.err(`warning: ${text}`, 'yellow');
    }
    error(text) {
        this.err(`error: ${text}`, 'red');
    }
    /** A line after an error that says where to read more. */
    hint(text) {
        this.err(text, 'dim');
    }
    debug(text) {
        if (this.verbose)
            this.err(text, 'dim');
    }
    /** The core's logger, writing here. */
    logger() {
        return {
            info: (m) => this.status(m),
            warning: (m) => this.warning(m),
            debug: (m) => this.debug(m),
        };
    }
    err(text, style) {
        const clean = this.redactor.redact(oneMessage(text));
        const [on, off] = style && this.color ? STYLES[style] : ['', ''];
        this.io.writeErr(this.fenced(`${on}${clean}${off}`));
    }
    /**
     * The line, fenced with the runner's stop-commands (which hold for both forms of command)
     * when it runs in a GitHub Actions step and holds one.
     */
    fenced(line) {
        if (!this.underGitHubRunner || !/::|##\[/.test(line))
            return `${line}\n`;
        const fence = `gitlab-text-${(0,external_node_crypto_.randomUUID)()}`;
        return `::stop-commands::${fence}\n${line}\n::${fence}::\n`;
    }
}

;// CONCATENATED MODULE: ./src/cli/usage-error.ts
/**
 * The command line itself is wrong: an unknown command or option, an option given twice or
 * without its value, a required option or argument missing, an argument too many. Its message
 * is one whole sentence saying what to type instead. A setting whose value is unusable (an
 * option's, an environment variable's, a file's) is an InputError instead, in the core's
 * shape `<setting> <problem>: <fix>.`; both end the command with the usage exit code.
 */
class UsageError extends Error {
    input;
    name = 'UsageError';
    constructor(
    /** What was mistyped: `--project`, `command`, `PIPELINE`. */
    input, message) {
        super(message);
        this.input = input;
    }
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/cli/did-you-mean.ts
/**
 * "Did you mean": the known word nearest a mistyped one, as git, glab and npm suggest it.
 * Near means at most a third of the word's letters differ (two at least, so `--prject`
 * finds `--project`), counting a swap of two letters as one difference.
 */
function nearest(word, known) {
    const most = Math.max(2, Math.floor(word.length / 3));
    let best;
    let bestDistance = most + 1;
    for (const candidate of known) {
        const d = distance(word.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance)
            [best, bestDistance] = [candidate, d];
    }
    return best;
}
/** ` Did you mean --project?`, or nothing when no known word is near. */
function didYouMean(word, known, prefix = '') {
    const match = nearest(word, known);
    return match === undefined ? '' : ` Did you mean ${prefix}${match}?`;
}
/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function distance(a, b) {
    if (Math.abs(a.length - b.length) > 3)
        return Infinity;
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            const row = d[i];
            row[j] = Math.min(d[i - 1][j] + 1, row[j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                row[j] = Math.min(row[j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}

;// CONCATENATED MODULE: ./src/cli/parsed-args.ts
/** A command line read against one command's options. */
class ParsedArgs {
    values;
    positionals;
    constructor(values, positionals) {
        this.values = values;
        this.positionals = positionals;
    }
    string(name) {
        const value = this.values[name];
        return typeof value === 'string' ? value : undefined;
    }
    strings(name) {
        const value = this.values[name];
        return Array.isArray(value) ? value : [];
    }
    flag(name) {
        return this.values[name] === true;
    }
}

;// CONCATENATED MODULE: ./src/cli/parse-args.ts





/** Options that people try because other tools have them; a token there lands in shell history. */
const TOKEN_FLAGS = /^--?(token|trigger-token|api-token|private-token|job-token)$/;
/** Every option a command takes, from its sections. */
function optionsOf(command) {
    return [...new Set(command.sections.flatMap((s) => s.options))];
}
/**
 * Reads `args` (what follows the command's name) against the command's options. Throws an
 * UsageError naming the option for anything mistyped; `--help` skips the other checks.
 */
function parseCommandLine(command, args) {
    const names = optionsOf(command);
    const config = {};
    for (const name of names) {
        const spec = OPTIONS[name];
        config[name] = { type: spec.type, multiple: spec.multiple ?? false };
        if (spec.short)
            config[name].short = spec.short;
    }
    const see = `See 'gitlab-trigger ${command.name} --help'.`;
    let parsed;
    try {
        parsed = (0,external_node_util_.parseArgs)({
            args: [...args],
            options: config,
            strict: true,
            allowPositionals: true,
            tokens: true,
        });
    }
    catch (error) {
        throw explain(error, command, see);
    }
    const result = new ParsedArgs(parsed.values, parsed.positionals);
    if (result.flag('help'))
        return result;
    for (const name of names) {
        const given = parsed.tokens.filter((t) => t.kind === 'option' && t.name === name).length;
        const spec = OPTIONS[name];
        if (given > 1 && !spec.multiple) {
            throw new UsageError(`--${name}`, `--${name} is given ${given} times; give it once.`);
        }
    }
    for (const name of command.required ?? []) {
        if (result.string(name) === undefined) {
            throw new UsageError(`--${name}`, `${optionUsage(name)} is missing. ${OPTIONS[name].help} ${see}`);
        }
    }
    const expected = command.positionals ?? [];
    const [missing] = expected.slice(parsed.positionals.length);
    if (missing) {
        throw new UsageError(missing.name, `${missing.name} is missing: ${missing.help} ${see}`);
    }
    const extra = parsed.positionals[expected.length];
    if (extra !== undefined) {
        throw new UsageError(command.name, `Unexpected argument '${shorten(extra)}': 'gitlab-trigger ${command.name}' takes ${expected.length ? expected.map((p) => p.name).join(' ') : 'no arguments besides options'}. ${see}`);
    }
    return result;
}
/** Rewrites parseArgs' errors, which suggest `--`, into what to do here. */
function explain(error, command, see) {
    const code = error.code;
    // Not `instanceof Error`: Node's own errors come from another realm under a test runner's VM.
    const message = String(error?.message ?? '');
    // Node names an option with a short form `'-r, --ref <value>'`: the long one is kept.
    const option = /'(?:-[^-' ], )?(-[^' ]+)/.exec(message)?.[1] ?? '';
    switch (code) {
        case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
            if (TOKEN_FLAGS.test(option)) {
                return new UsageError(option, `There is no ${option} option: a token on the command line ends up in shell history. Set ${/api|private/.test(option) ? 'GITLAB_API_TOKEN, or give --api-token-file FILE' : 'GITLAB_TRIGGER_TOKEN, or give --token-file FILE'}.`);
            }
            return new UsageError(option, `Unknown option ${option} for 'gitlab-trigger ${command.name}'.${suggestion(option, command)} ${see}`);
        case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
            const name = option.replace(/^--/, '');
            const usage = name in OPTIONS ? optionUsage(name) : option;
            if (/does not take an argument/.test(message)) {
                return new UsageError(option, `${option} takes no value. ${see}`);
            }
            if (/ambiguous/.test(message)) {
                return new UsageError(option, `${option} is followed by an option instead of its value: write ${usage}, or ${option}=VALUE for a value that starts with '-'.`);
            }
            return new UsageError(option, `${option} needs a value: write ${usage}. ${see}`);
        }
        default:
            return error;
    }
}
/** ` Did you mean --project?` for `--prject`, or `-p` for `-P`; nothing when none is near. */
function suggestion(option, command) {
    const names = optionsOf(command);
    if (/^-[^-]$/.test(option)) {
        const shorts = names.flatMap((name) => {
            const short = OPTIONS[name].short;
            return short && short.toLowerCase() === option[1]?.toLowerCase() ? [`-${short}`] : [];
        });
        return shorts.length ? ` Did you mean ${shorts[0]}?` : '';
    }
    return didYouMean(option.replace(/^--?/, ''), names, '--');
}
/** An argument quoted back without giving away much of it, in case it is a misplaced token. */
function shorten(text) {
    return text.length > 24 ? `${text.slice(0, 10)}…` : text;
}

// EXTERNAL MODULE: ./src/core/follow/watchers/result-watchers.ts
var result_watchers = __webpack_require__(7470);
// EXTERNAL MODULE: ./src/core/follow/watchers/live-log-watchers.ts
var live_log_watchers = __webpack_require__(3266);
// EXTERNAL MODULE: ./src/core/follow/watchers/standard.ts + 1 modules
var standard = __webpack_require__(842);
;// CONCATENATED MODULE: ./src/cli/live-log-sink.ts



/**
 * Followed job logs on stderr, with the progress lines: GitLab's colours kept for a person at
 * a colour terminal, stripped elsewhere, and every other control sequence stripped as from all
 * of GitLab's text; a section's title as a line of its own. Inside a GitHub Actions `run:`
 * step a block that holds a workflow command's marks is fenced with stop-commands.
 */
function terminalLogSink(io, redactor) {
    const colour = wantsColor(io);
    const underGitHubRunner = io.env.GITHUB_ACTIONS === 'true';
    return {
        write(pieces) {
            let text = '';
            for (const piece of pieces) {
                if (piece.kind === 'lines')
                    text += piece.text;
                else if (piece.kind === 'group')
                    text += `── ${piece.title}\n`;
            }
            if (!text)
                return;
            // The core kept colours only; what is not a colour goes, and so do colours without a terminal.
            const shown = redactor.redact(colour ? text : plainText(text));
            if (!underGitHubRunner || !/::|##\[/.test(shown))
                return io.writeErr(shown);
            const fence = `gitlab-log-${(0,external_node_crypto_.randomUUID)()}`;
            io.writeErr(`::stop-commands::${fence}\n${shown}::${fence}::\n`);
        },
    };
}

;// CONCATENATED MODULE: ./src/cli/result-options.ts

/** The options that fetch results, read as the action reads its inputs. */
const RESULT_OPTIONS = [
    'test-report',
    'outputs-from',
    'download-artifacts',
    'artifacts-path',
    'artifacts-max-size',
    'download-logs',
];
/**
 * How the command line fetches results: its names, and no reserved output (the keys read
 * from GitLab sit in the JSON under `outputs`, where no name of its own can clash with them).
 */
const CLI_RESULT_HOST = {
    reservedOutputs: [],
    names: {
        outputsFrom: '--outputs-from',
        downloadArtifacts: '--download-artifacts',
        artifactsMaxSize: '--artifacts-max-size',
        artifactsPath: '--artifacts-path',
    },
};
/**
 * The results read with CI_JOB_TOKEN: no GitLab release lets a job token read test reports or
 * job logs (neither route is job_token_allowed; see emulator/releases.js), so they are left
 * out before any refused request, saying why and what to give instead: a line when the test
 * report was only on by default, a warning when it or the logs were asked for.
 */
function withinJobToken(results, args, ctx) {
    const instead = `give ${Env.ApiToken} a token with read_api to get`;
    let kept = results;
    if (results.testReport) {
        const line = `The test report is not read: GitLab lets no ${Env.CiJobToken} read test reports; ${instead} it.`;
        if (args.string('test-report') === undefined)
            ctx.out.status(line);
        else
            ctx.out.warning(line);
        kept = { ...kept, testReport: false };
    }
    if (results.downloadLogs) {
        ctx.out.warning(`--download-logs is left out: GitLab lets no ${Env.CiJobToken} read job logs; ${instead} them.`);
        kept = { ...kept, downloadLogs: false };
    }
    return kept;
}

// EXTERNAL MODULE: ./src/core/follow/watchers/downstream-render.ts
var downstream_render = __webpack_require__(4848);
;// CONCATENATED MODULE: ./src/cli/run-render.ts


/** Problems (failed downstream jobs, outputs) told one by one; GitHub's limit does not apply. */
const MAX_PROBLEM_LINES = 20;
/** Failed tests listed one line each; the rest are counted, with the test report's link. */
const MAX_TEST_LINES = 20;
/**
 * What `run` prints once the pipeline has finished: each failed job (the top pipeline's and,
 * as problems, the downstream ones') on one line with the end of its log under it in one
 * format, the watchers' other findings, the failed tests one line each, the outputs, the
 * JSON when asked; then the verdict. Returns the exit code.
 */
function renderRun(result, json, ctx) {
    const { out } = ctx;
    const outputs = {};
    const data = {};
    let tests;
    for (const finding of result.findings) {
        if (finding.kind === 'report') {
            for (const { job, trace } of finding.report.failed)
                logged(ctx, 'warning', (0,downstream_render/* failedJobText */._Y)(job.name, job, trace));
        }
        else if (finding.kind === 'problem') {
            if (!finding.test)
                problem(ctx, finding);
        }
        else if (finding.kind === 'section') {
            out.status(finding.text);
            if (finding.title === 'Tests' && tests)
                testLines(ctx, tests, result.pipeline.web_url);
        }
        else if (finding.kind === 'output') {
            // The JSON holds the outputs under `outputs` already: the aggregate would repeat them.
            if (!finding.aggregate)
                outputs[finding.name] = finding.value;
        }
        else if (finding.kind === 'downstream')
            data.downstream = finding.pipelines;
        else if (finding.kind === 'tests') {
            tests = finding.tests;
            data.tests = testsJson(finding.tests);
        }
        else if (finding.kind === 'downloads')
            data.downloads = finding.downloads;
    }
    if (Object.keys(outputs).length) {
        data.outputs = outputs;
        for (const [name, value] of Object.entries(outputs))
            out.status(`output ${name}=${value}`);
    }
    if (json)
        out.json({ ...result.pipeline, ...data });
    const failures = result.findings.filter((f) => f.kind === 'failure');
    for (const failure of failures)
        out.error(failure.message);
    if (result.outcome === 'started')
        return ExitCode.Success;
    if (result.outcome === 'passed' && failures.length === 0) {
        out.success(result.message);
        return ExitCode.Success;
    }
    if (result.outcome !== 'passed')
        out.error(result.message);
    return result.outcome === 'aborted' ? ExitCode.Interrupted : ExitCode.PipelineDidNotPass;
}
/** A problem as its text alone (its title only repeats it), its log tail as a job's is. */
function problem(ctx, finding) {
    logged(ctx, finding.level, finding.text);
}
/**
 * The first line of a text as a warning or an error, and the lines after it (the end of a
 * job's log) each marked `  | `, so a log's line never passes for one of the tool's.
 */
function logged(ctx, level, text) {
    const [head = '', ...tail] = text.split('\n');
    if (level === 'error')
        ctx.out.error(head);
    else
        ctx.out.warning(head);
    if (tail.length)
        ctx.out.hint(tail.map((line) => `  | ${line}`).join('\n'));
}
/** `  ✗ suite: Class › name`, one line each, the first MAX_TEST_LINES, then a count. */
function testLines(ctx, tests, pipelineUrl) {
    for (const f of tests.failed.slice(0, MAX_TEST_LINES))
        ctx.out.status(`  ✗ ${testLine(f)}`);
    const left = tests.failedCount - Math.min(tests.failed.length, MAX_TEST_LINES);
    if (left > 0)
        ctx.out.status(`  …and ${left} more failed test${left > 1 ? 's' : ''}: ${pipelineUrl}/test_report`);
}
function testLine(f) {
    const what = f.classname && f.classname !== f.name ? `${f.classname} › ${f.name}` : f.name;
    const where = f.file ? ` (${f.file})` : '';
    const allowed = f.allowedToFail ? ', allowed to fail' : '';
    return `${f.suite}: ${what}${where} ${f.status}${allowed}`;
}
/** The test results as --json gives them: without what only the action reports (annotations). */
function testsJson(tests) {
    const drop = (value) => Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'annotated'));
    return { ...drop(tests), failed: tests.failed.map(drop) };
}

;// CONCATENATED MODULE: ./src/cli/wait-watchers.ts






/**
 * The watchers of a wait on the command line, for `run --wait` and `follow` alike: the
 * standard ones, the live logs asked for, then the result watchers.
 */
async function waitWatchers(client, reader, results, streamLogs, ctx) {
    const token = reader?.token;
    const logger = ctx.out.logger();
    const resultReaders = results
        ? await (0,result_watchers/* resultWatchers */.Z)(client, token?.value, results, { ...CLI_RESULT_HOST, maxAnnotations: MAX_PROBLEM_LINES }, logger, token?.header)
        : [];
    const sink = terminalLogSink(ctx.io, ctx.redactor);
    const streamed = await (0,live_log_watchers/* liveLogWatchers */.c)(client, token?.value, streamLogs, sink, token?.header);
    return [...(0,standard/* standardWatchers */.r)(), ...streamed, ...resultReaders];
}

// EXTERNAL MODULE: ./src/core/follow-source.ts
var follow_source = __webpack_require__(1862);
// EXTERNAL MODULE: ./src/core/pipelines-api.ts
var pipelines_api = __webpack_require__(9341);
// EXTERNAL MODULE: ./src/core/run-pipeline.ts + 5 modules
var run_pipeline = __webpack_require__(1855);
// EXTERNAL MODULE: ./src/core/gitlab-connection.ts + 5 modules
var gitlab_connection = __webpack_require__(6620);
// EXTERNAL MODULE: ./src/core/trigger-settings.ts + 1 modules
var trigger_settings = __webpack_require__(7065);
;// CONCATENATED MODULE: ./src/cli/connection-options.ts



/** `--request-timeout` and `--ca-cert`, read as the trigger's settings read them. */
function readConnection(args) {
    return (0,trigger_settings/* buildConnection */.B)({ requestTimeout: args.string('request-timeout'), caCert: args.string('ca-cert') }, { requestTimeout: '--request-timeout', caCert: '--ca-cert' });
}
/** The core's client for the instance, logging to stderr through the redactor. */
function connectTo(instance, connection, ctx) {
    return (0,gitlab_connection/* connect */.Ng)(instance, {
        logger: ctx.out.logger(),
        redactor: ctx.redactor,
        clock: ctx.clock,
        env: ctx.io.env,
        connection,
        caCertSetting: '--ca-cert',
        interrupted: INTERRUPTED_WORDS,
    });
}

// EXTERNAL MODULE: ./src/core/parse/pipeline-inputs.ts
var pipeline_inputs = __webpack_require__(3047);
// EXTERNAL MODULE: ./src/core/parse/variables.ts
var variables = __webpack_require__(5742);
// EXTERNAL MODULE: ./src/core/push/git-auth.ts
var git_auth = __webpack_require__(8803);
// EXTERNAL MODULE: ./src/core/run-settings.ts + 4 modules
var run_settings = __webpack_require__(1956);
// EXTERNAL MODULE: ./src/core/setting-rules.ts
var setting_rules = __webpack_require__(1345);
// EXTERNAL MODULE: ./src/core/gitlab-release.ts
var gitlab_release = __webpack_require__(5892);
// EXTERNAL MODULE: ./src/core/parse/project.ts
var parse_project = __webpack_require__(8978);
// EXTERNAL MODULE: ./src/core/parse/ref.ts
var ref = __webpack_require__(6634);
;// CONCATENATED MODULE: ./src/cli/pipeline-reader.ts





/**
 * The access token given for the wait, from --api-token-file or GITLAB_API_TOKEN; undefined
 * when neither is: reading a pipeline needs no token on a public project.
 */
function readApiToken(args, ctx) {
    const { env, readFile } = ctx.io;
    const given = args.string('api-token-file') !== undefined || Boolean(env[Env.ApiToken]?.trim());
    if (!given)
        return undefined;
    const api = secret(resolveApiToken(args.string('api-token-file'), env, readFile), ctx.redactor);
    (0,ref/* parseToken */.p)(api.value, api.source, 'an access token with read_api (api to cancel or play)');
    return api;
}
/**
 * Inside a GitLab CI job on the instance of the run, with no access token given: the job's
 * own token, which newer GitLab lets read the pipelines and jobs of a project whose job token
 * allowlist admits the job's project.
 */
function jobTokenReader(args, ctx) {
    const { env } = ctx.io;
    const url = resolveGitLabUrl(args.string('gitlab-url'), env);
    const instance = (0,gitlab_url/* parseGitLabUrl */.m)(url.value, url.source, TRIGGER_TOKEN_SETTING);
    const job = ownJobToken(env, instance);
    if (!job)
        return undefined;
    secret(job, ctx.redactor);
    const project = (0,parse_project/* parseProject */.X)(args.string('project') ?? '', '--project', GITLAB_URL_SETTING);
    ctx.out.debug(`No ${Env.ApiToken}: reading the pipeline with ${Env.CiJobToken}, this job's own token.`);
    return {
        token: { header: 'JOB-TOKEN', value: job.value },
        source: job.source,
        advice: jobTokenAdvice(project.display, env[Env.CiProjectPath]?.trim() || undefined),
        canWrite: false,
    };
}
/**
 * What a refusal of CI_JOB_TOKEN means. The wait's own message goes on to ask for
 * GITLAB_API_TOKEN, so this says only what the job token lacks, and the allowlist to change.
 */
function jobTokenAdvice(target, own) {
    const ownProject = own ? `'${own}'` : "this job's project";
    const allowlist = `the CI/CD job token allowlist of '${target}'`;
    const change = `add ${ownProject} to it under Settings > CI/CD > Job token permissions of '${target}'`;
    return ({ status, gitlabMessage }) => {
        if (status === 404) {
            return `${Env.CiJobToken} may not see it: GitLab before ${gitlab_release/* JOB_TOKEN_PIPELINE_READS_SINCE */.US} does not let job tokens read pipelines, or ${allowlist} does not admit ${ownProject} (${change})`;
        }
        if (status === 403 && /job token/i.test(gitlabMessage ?? '')) {
            return `${allowlist} does not admit ${ownProject}: ${change}`;
        }
        if (status === 401 || status === 403) {
            return `this GitLab does not let ${Env.CiJobToken} read pipelines (GitLab before ${gitlab_release/* JOB_TOKEN_PIPELINE_READS_SINCE */.US} does not, and a finished job's token no longer works)`;
        }
        return undefined;
    };
}

;// CONCATENATED MODULE: ./src/cli/run-options.ts










/** How `follow` and its messages name the pipeline to follow. */
const FOLLOW_TARGET = 'PIPELINE';
/** The core's settings as the command line names them, for the core's messages. */
const FLAG_NAMES = {
    gitlabUrl: GITLAB_URL_SETTING,
    project: '--project',
    ref: '--ref',
    variables: '--variables-file',
    inputs: '--inputs-file',
    requestTimeout: '--request-timeout',
    caCert: '--ca-cert',
    wait: '--wait',
    timeout: '--timeout',
    cancelOnAbort: '--cancel-on-abort',
    passStatuses: '--pass-statuses',
    onManual: '--on-manual',
    maxPollInterval: '--max-poll-interval',
    testReport: '--test-report',
    outputsFrom: '--outputs-from',
    downloadArtifacts: '--download-artifacts',
    artifactsPath: '--artifacts-path',
    artifactsMaxSize: '--artifacts-max-size',
    downloadLogs: '--download-logs',
    streamLogs: '--stream-logs',
    push: '--push',
    pushToken: Env.PushToken,
    deletePushedRef: '--delete-pushed-ref',
    follow: FOLLOW_TARGET,
    // `follow` cancels someone else's pipeline only when --cancel-on-abort says so.
    cancelFollowed: '--cancel-on-abort',
};
/** The options that matter only while waiting: `run` refuses them without --wait. */
const WAIT_OPTIONS = [
    'timeout',
    'cancel-on-abort',
    'pass-statuses',
    'on-manual',
    'max-poll-interval',
    'stream-logs',
    ...RESULT_OPTIONS,
];
/**
 * The options of `run` (or of `follow`, whose PIPELINE is given) as the core's run settings,
 * built by the same function the action uses, which owns every default and every rule joining
 * settings. The command line only maps its names and finds the tokens (the environment, files,
 * CI_JOB_TOKEN). `--var` and `--input` pairs are added afterwards, one by one, so that a value
 * keeps every character (a newline, a second `=`) that joining them into lines would lose.
 */
function readRunOptions(args, ctx, follow) {
    const { env, readFile } = ctx.io;
    const url = resolveGitLabUrl(args.string('gitlab-url'), env);
    const instance = (0,gitlab_url/* parseGitLabUrl */.m)(url.value, url.source, TRIGGER_TOKEN_SETTING);
    const token = follow === undefined
        ? secret(resolveTriggerToken(args.string('token-file'), env, instance, readFile), ctx.redactor)
        : undefined;
    const file = (option) => {
        const path = args.string(option);
        return path === undefined ? undefined : readOptionFile(path, `--${option}`, readFile);
    };
    const [variables, inputs] = [file('variables-file'), file('inputs-file')];
    const pairs = {
        variables: variablePairs(args.strings('var')),
        inputs: inputPairs(args.strings('input')),
    };
    const wait = follow !== undefined || args.flag('wait');
    if (follow === undefined)
        refuseStrayWaitOptions(args, wait);
    const api = wait ? readApiToken(args, ctx) : undefined;
    const job = wait && !api ? jobTokenReader(args, ctx) : undefined;
    const run = (0,run_settings/* buildRunSettings */.b)({
        ...optionValues(args, follow),
        gitlabUrl: url.value,
        token: token?.value,
        variables,
        inputs,
        apiToken: api?.value,
        pushToken: env[Env.PushToken],
    }, {
        ...FLAG_NAMES,
        token: token?.source ?? TRIGGER_TOKEN_SETTING,
        apiToken: api?.source ?? `${Env.ApiToken} (or --api-token-file)`,
    }, { readOnlyToken: job?.source });
    for (const rewritten of (0,pipeline_inputs/* rewrittenNumbers */.D0)(inputs ?? '', '--inputs-file'))
        ctx.out.warning((0,pipeline_inputs/* rewrittenNumberWarning */._d)('--inputs-file', rewritten));
    if (run.push) {
        ctx.redactor.add(run.push.token);
        ctx.redactor.add((0,git_auth/* basicCredential */.g)(run.push.token));
    }
    return {
        settings: {
            ...run.trigger,
            variables: merge(run.trigger.variables, pairs.variables),
            inputs: merge(run.trigger.inputs, pairs.inputs),
        },
        follow: run.follow,
        waiting: run.wait ? waitingOf(run, api, job) : undefined,
        results: run.wait ? run.results : undefined,
        streamLogs: run.streamLogs,
        push: run.push,
    };
}
/** The options given, as text by the core's keys; one not given is left to the core's default. */
function optionValues(args, follow) {
    const lines = (name) => args.strings(name).join('\n') || undefined;
    const flag = (name) => (args.flag(name) ? 'true' : undefined);
    return {
        project: args.string('project'),
        ref: args.string('ref'),
        requestTimeout: args.string('request-timeout'),
        caCert: args.string('ca-cert'),
        wait: flag('wait'),
        timeout: args.string('timeout'),
        [follow === undefined ? 'cancelOnAbort' : 'cancelFollowed']: args.string('cancel-on-abort'),
        passStatuses: args.string('pass-statuses'),
        onManual: args.string('on-manual'),
        maxPollInterval: args.string('max-poll-interval'),
        testReport: args.string('test-report'),
        outputsFrom: lines('outputs-from'),
        downloadArtifacts: lines('download-artifacts'),
        artifactsPath: args.string('artifacts-path'),
        artifactsMaxSize: args.string('artifacts-max-size'),
        downloadLogs: flag('download-logs'),
        streamLogs: lines('stream-logs'),
        push: flag('push'),
        deletePushedRef: flag('delete-pushed-ref'),
        follow,
    };
}
/**
 * A waiting option given without --wait is a mistake the command line can see (the action
 * cannot: GitHub fills in every default), refused before anything is sent.
 */
function refuseStrayWaitOptions(args, wait) {
    const stray = WAIT_OPTIONS.find((name) => args.string(name) !== undefined || args.strings(name).length > 0 || args.flag(name));
    (0,setting_rules/* rule */.H)(!wait && stray !== undefined, `--${stray}`, 'applies only with --wait', `add --wait, or leave --${stray} out`);
}
function waitingOf(run, api, job) {
    const names = { ...run.waitNames, apiToken: `${Env.ApiToken} (or --api-token-file)` };
    const settings = run.waitSettings;
    if (api && settings.apiToken) {
        const token = { header: 'PRIVATE-TOKEN', value: settings.apiToken };
        return { settings, names, reader: { token, source: api.source, canWrite: true } };
    }
    return { settings, names, ...(job && { reader: job }) };
}
/** `--var KEY=VALUE` pairs: the key checked by the core's rules, the value kept exactly. */
function variablePairs(pairs) {
    const result = (0,variables/* newRecord */.M)();
    for (const [key, value] of split(pairs, '--var', 'KEY=VALUE')) {
        // The core's parser checks the key (GitLab's rule, TRIGGER_PAYLOAD); JSON keeps it whole.
        (0,variables/* parseVariables */.r)(JSON.stringify({ [key]: '' }), '--var');
        once(result, key, '--var', 'variable');
        result[key] = value;
    }
    return result;
}
/**
 * `--input NAME=VALUE` pairs: the value is text as written (`version=1.10` sends 1.10), unless
 * `NAME:TYPE=VALUE` names one of GitLab's input types (number, boolean, array, string), as
 * glab's `key:int(42)` does.
 */
function inputPairs(pairs) {
    const result = (0,variables/* newRecord */.M)();
    for (const [key, text] of split(pairs, '--input', 'NAME=VALUE')) {
        const colon = key.lastIndexOf(':');
        const name = colon > 0 ? key.slice(0, colon) : key;
        const type = colon > 0 ? key.slice(colon + 1) : 'string';
        (0,pipeline_inputs/* parseInputs */.TL)(JSON.stringify({ [name]: '' }), '--input');
        if (!pipeline_inputs/* INPUT_TYPES */.nl.includes(type)) {
            throw new errors/* InputError */.dz('--input', `gives ${name} the type ${(0,errors/* quoted */.TL)(type)}, which is not an input type`, `write ${name}:number=42, ${name}:boolean=true, ${name}:array=[a, b], or ${name}=VALUE for text`);
        }
        once(result, name, '--input', 'input');
        result[name] = (0,pipeline_inputs/* parseTypedInputValue */.ls)(text, type, '--input', name);
    }
    return result;
}
function split(pairs, option, form) {
    return pairs.map((pair) => {
        const eq = pair.indexOf('=');
        if (eq <= 0) {
            throw new errors/* InputError */.dz(option, `is ${(0,errors/* quoted */.TL)(pair)}, which is not ${form}`, `write ${option} ${form}, with the name before the first '='`);
        }
        return [pair.slice(0, eq), pair.slice(eq + 1)];
    });
}
function once(record, key, option, what) {
    if (Object.prototype.hasOwnProperty.call(record, key)) {
        throw new errors/* InputError */.dz(option, `gives ${what} '${key}' twice`, `give each ${what} once`);
    }
}
/** The file's entries, overridden by the ones given on the command line. */
function merge(fromFile, given) {
    return Object.assign((0,variables/* newRecord */.M)(), fromFile, given);
}

;// CONCATENATED MODULE: ./src/cli/commands/follow.ts









/** `gitlab-trigger follow <id | link | sha>`: wait for a pipeline this tool did not start. */
const followCommand = {
    name: 'follow',
    summary: 'Follow a pipeline it did not start: by id, link, or commit sha.',
    usage: 'follow PIPELINE --project P [options]',
    details: [
        'Follows a pipeline to its end as run --wait does, without triggering one: PIPELINE is its id,',
        "its link, or a commit's full sha, for the newest pipeline of that commit (on --ref when given),",
        'waiting within --timeout for GitLab to create it, as a pull mirror does once it has pulled the',
        'commit. Needs no trigger token; GITLAB_API_TOKEN (read_api) unless the project is public.',
        'The pipeline is not cancelled when the wait ends early, unless --cancel-on-abort true.',
    ].join('\n'),
    positionals: [
        {
            name: FOLLOW_TARGET,
            help: "A pipeline id (12345), its link, or a commit's full 40-character sha.",
        },
    ],
    sections: [
        { title: 'What to follow', options: ['project', 'ref'] },
        {
            title: 'Waiting',
            options: [
                'api-token-file',
                'timeout',
                'cancel-on-abort',
                'pass-statuses',
                'on-manual',
                'max-poll-interval',
                'stream-logs',
            ],
        },
        { title: 'Results', options: [...RESULT_OPTIONS] },
        { title: 'Where', options: ['gitlab-url', 'ca-cert', 'request-timeout'] },
        { title: 'Output', options: ['json', 'verbose', 'help'] },
    ],
    required: ['project'],
    examples: [
        '# The pipeline GitLab makes for this commit once its mirror has pulled it',
        'gitlab-trigger follow "$(git rev-parse HEAD)" --project acme/platform/deploy --timeout 45m',
        '# A pipeline by its link',
        'gitlab-trigger follow https://gitlab.com/acme/platform/deploy/-/pipelines/12345 --project acme/platform/deploy',
    ],
    async execute(args, ctx) {
        // Every option is read, and refused if unusable, before anything is sent.
        const run = readRunOptions(args, ctx, args.positionals[0] ?? '');
        const { settings, follow: target, results, streamLogs } = run;
        if (!run.waiting || !target)
            throw new Error('A followed run always waits for its pipeline.');
        const waiting = run.waiting;
        const client = await connectTo(settings.gitlab, settings.connection, ctx);
        const reader = waiting.reader;
        const api = new pipelines_api/* PipelinesApi */.q(client, settings.project, reader?.token.value, reader?.token.header, reader?.advice);
        const interrupted = new AbortController();
        const onSignal = () => {
            if (!interrupted.signal.aborted)
                return interrupted.abort();
            process.exit(ExitCode.Interrupted);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        try {
            const logger = ctx.out.logger();
            const source = (0,follow_source/* followSource */.d)(api, {
                ...{ target, project: settings.project, gitlabUrl: settings.gitlab.url, logger },
                ref: settings.ref || undefined,
                clock: ctx.clock,
                timeoutMs: waiting.settings.timeoutMs,
                input: FOLLOW_TARGET,
            });
            const watchers = await waitWatchers(client, reader, results, streamLogs, ctx);
            const result = await (0,run_pipeline/* runPipeline */.a)(source, watchers, {
                clock: ctx.clock,
                logger,
                redactor: ctx.redactor,
                signal: interrupted.signal,
                interrupted: INTERRUPTED_WORDS,
                wait: true,
                follow: { api, settings: waiting.settings, names: waiting.names },
            });
            return renderRun(result, args.flag('json'), ctx);
        }
        finally {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
        }
    },
};

// EXTERNAL MODULE: ./src/core/pipeline-source.ts
var pipeline_source = __webpack_require__(8355);
// EXTERNAL MODULE: ./src/core/push/git.ts + 1 modules
var push_git = __webpack_require__(9422);
// EXTERNAL MODULE: ./src/core/push/push-source.ts + 1 modules
var push_source = __webpack_require__(1958);
;// CONCATENATED MODULE: ./src/cli/push-options.ts



const CLI_PUSH_NAMES = {
    push: '--push',
    token: Env.PushToken,
    ref: '--ref',
    project: '--project',
    caCert: '--ca-cert',
};
/**
 * The trigger, after a push when --push is given; `afterRun` deletes the pushed branch when
 * --delete-pushed-ref asks, once the run is over.
 */
function withPush(plan, trigger, ctx) {
    if (!plan)
        return { source: trigger, afterRun: async () => undefined };
    // The current directory's HEAD, to --ref's branch, with the token from GITLAB_PUSH_TOKEN
    // (never an option's value: it would be in every process list).
    const push = { ...plan, workspace: process.cwd() };
    const logger = ctx.out.logger();
    const git = { git: (0,push_git/* systemGit */.O)(ctx.io.env), logger, names: CLI_PUSH_NAMES };
    const source = (0,push_source/* pushThenTrigger */.U)(trigger, push, git);
    return { source, afterRun: async () => (push.deleteAfter ? source.deletePushed() : undefined) };
}

;// CONCATENATED MODULE: ./src/cli/commands/run.ts










/** `gitlab-trigger run`: trigger one pipeline, the way the action does. */
const runCommand = {
    name: 'run',
    summary: 'Trigger a pipeline and print its link.',
    usage: 'run --project P --ref R [options]',
    details: [
        'Triggers a pipeline through the pipeline trigger tokens API (POST /projects/:id/trigger/pipeline)',
        'with the token from GITLAB_TRIGGER_TOKEN or --token-file; inside a GitLab CI job CI_JOB_TOKEN',
        "is used for the job's own instance. The pipeline's link is printed on stdout as soon as it exists",
        '(url=$(gitlab-trigger run …) keeps it); with --json the pipeline as JSON is, instead. Everything',
        'else goes to stderr.',
        '',
        'With --wait it follows the pipeline to the end, one line per change of status, as the action',
        'does, and exits 0 when it passes and 1 when it does not. Reading the pipeline needs',
        'GITLAB_API_TOKEN (read_api; api to cancel or play jobs) unless the project is public.',
        '',
        "With --push it first pushes the current directory's HEAD to --ref's branch over HTTPS with",
        'GITLAB_PUSH_TOKEN (write_repository) and the push option ci.skip, then triggers on it and checks',
        'the pipeline runs that commit. Branches are only fast-forwarded, except under github/.',
    ].join('\n'),
    sections: [
        {
            title: 'What to run',
            options: ['project', 'ref', 'var', 'variables-file', 'input', 'inputs-file'],
        },
        {
            title: 'Waiting',
            options: [
                'wait',
                'api-token-file',
                'timeout',
                'cancel-on-abort',
                'pass-statuses',
                'on-manual',
                'max-poll-interval',
                'stream-logs',
            ],
        },
        { title: 'Results (with --wait)', options: [...RESULT_OPTIONS] },
        { title: 'The commit under test', options: ['push', 'delete-pushed-ref'] },
        { title: 'Where', options: ['gitlab-url', 'token-file', 'ca-cert', 'request-timeout'] },
        { title: 'Output', options: ['json', 'verbose', 'help'] },
    ],
    required: ['project', 'ref'],
    examples: [
        '# Run the pipeline of main with two variables (the token from GITLAB_TRIGGER_TOKEN)',
        'gitlab-trigger run --project acme/platform/deploy --ref main --var VERSION=1.10 --var ENVIRONMENT=staging',
        '# On your own instance, typed inputs, the pipeline as JSON for jq',
        'gitlab-trigger run --gitlab-url https://gitlab.example.com --project 42 --ref v1.2.0 \\\n    --input replicas:number=3 --input dry_run:boolean=false --json | jq .web_url',
        '# The token from a file instead of the environment',
        'gitlab-trigger run --project acme/deploy --ref main --token-file ~/.config/gitlab/trigger-token',
        '# Wait for it (GITLAB_API_TOKEN with read_api reads it), at most 30 minutes, cancelling it on Ctrl-C',
        'gitlab-trigger run --project acme/platform/deploy --ref main --wait --timeout 30m',
        '# Wait, and follow the logs of the build and deploy jobs live while they run',
        'gitlab-trigger run --project acme/platform/deploy --ref main --wait --stream-logs build --stream-logs deploy',
        '# Wait, then read what the deploy job wrote to deploy.env and unpack the build artifacts',
        'gitlab-trigger run --project acme/platform/deploy --ref main --wait --json \\\n    --outputs-from deploy:deploy.env --download-artifacts "build*" | jq .outputs',
        "# Run this checkout's commit: push it to github/my-change (GITLAB_PUSH_TOKEN), trigger, wait",
        'gitlab-trigger run --project acme/platform/deploy --ref github/my-change --push --wait',
    ],
    async execute(args, ctx) {
        // Every option is read, and refused if unusable, before anything is sent.
        const { settings, waiting, results: read, streamLogs, push } = readRunOptions(args, ctx);
        const results = read && waiting?.reader?.token.header === 'JOB-TOKEN'
            ? withinJobToken(read, args, ctx)
            : read;
        const client = await connectTo(settings.gitlab, settings.connection, ctx);
        // Ctrl-C or SIGTERM while waiting ends the wait (and cancels the pipeline, unless told
        // not to); a second one exits at once, saying what may be left running.
        const interrupted = new AbortController();
        let link = '';
        const onSignal = () => {
            if (!interrupted.signal.aborted)
                return interrupted.abort();
            ctx.out.error(`Interrupted again: exiting now${link ? `; pipeline ${link} may still run` : ''}.`);
            process.exit(ExitCode.Interrupted);
        };
        if (waiting) {
            process.on('SIGINT', onSignal);
            process.on('SIGTERM', onSignal);
        }
        try {
            const reader = waiting?.reader;
            const api = new pipelines_api/* PipelinesApi */.q(client, settings.project, reader?.token.value, reader?.token.header, reader?.advice);
            const trigger = (0,pipeline_source/* triggerSource */.K)(client, settings, {
                apiToken: waiting?.settings.apiToken,
                logger: ctx.out.logger(),
            });
            const { source, afterRun } = withPush(push, trigger, ctx);
            const watchers = await waitWatchers(client, reader, results, streamLogs, ctx);
            const result = await (0,run_pipeline/* runPipeline */.a)(source, watchers, {
                clock: ctx.clock,
                logger: ctx.out.logger(),
                redactor: ctx.redactor,
                signal: waiting ? interrupted.signal : undefined,
                interrupted: INTERRUPTED_WORDS,
                wait: waiting !== undefined,
                follow: waiting && { api, settings: waiting.settings, names: waiting.names },
                onStarted: (created) => {
                    link = created.web_url;
                    // The one result of a plain run, on stdout at once: `url=$(gitlab-trigger run …)`
                    // and a pipe get it even while --wait follows the pipeline. --json prints it instead.
                    if (!args.flag('json'))
                        ctx.out.result(created.web_url);
                },
            });
            await afterRun();
            return renderRun(result, args.flag('json'), ctx);
        }
        finally {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
        }
    },
};

;// CONCATENATED MODULE: ./src/core/trigger-tokens.ts


const PREFIX = 'glptt-';
/**
 * True when GitLab shortened the token because the caller does not own it
 * (Ci::Trigger#short_token: four characters, with or without the `glptt-` prefix).
 */
function isShortened(token) {
    return token.replace(PREFIX, '').length <= 4;
}
/** True when the value has what every trigger entity has; guards against a proxy's page. */
function isTriggerToken(value) {
    const t = value;
    return (typeof t === 'object' && t !== null && typeof t.id === 'number' && typeof t.token === 'string');
}
/**
 * The trigger-token endpoints of a project (`/projects/:id/triggers`): list, read, create,
 * update and delete. Every refusal becomes one line that says what to do about it.
 */
class TriggerTokens {
    options;
    token;
    constructor(options) {
        this.options = options;
        this.token = { header: 'PRIVATE-TOKEN', value: options.apiToken };
    }
    /** Every trigger token of the project, all pages. */
    async list() {
        const call = this.call('GET', '', `list the trigger tokens of ${this.where()}`);
        const tokens = await this.options.client.apiAll(call);
        return tokens.map((t) => this.checked(t, call));
    }
    async get(id) {
        const call = this.call('GET', `/${id}`, `read trigger token #${id} of ${this.where()}`);
        return this.checked(await this.options.client.apiJson(call), call);
    }
    /** `expiresAt` as GitLab takes it: a date (`2027-01-31`) or an ISO 8601 time. */
    async create(description, expiresAt) {
        const json = { description };
        if (expiresAt !== undefined)
            json.expires_at = expiresAt;
        const call = { ...this.call('POST', '', `create a trigger token in ${this.where()}`), json };
        return this.checked(await this.options.client.apiJson(call), call);
    }
    /** The instance's version, read once with the same token; undefined when unreadable. */
    async gitlabVersion() {
        return (0,gitlab_release/* readGitLabVersion */.km)(this.options.client, this.token, { once: true });
    }
    async update(id, description) {
        const call = {
            ...this.call('PUT', `/${id}`, `update trigger token #${id} of ${this.where()}`),
            json: { description },
            idempotent: true,
        };
        return this.checked(await this.options.client.apiJson(call), call);
    }
    async delete(id) {
        const call = this.call('DELETE', `/${id}`, `delete trigger token #${id} of ${this.where()}`);
        await this.options.client.api(call);
    }
    where() {
        return `project '${this.options.project.display}'`;
    }
    call(method, path, what) {
        return {
            method,
            path: `/projects/${this.options.project.encoded}/triggers${path}`,
            token: this.token,
            what,
            idempotent: method === 'GET',
            advice: ({ status, gitlabMessage }) => this.advice({ method, path }, status, gitlabMessage),
        };
    }
    checked(value, call) {
        if (isTriggerToken(value))
            return value;
        throw new errors/* GitLabError */.YZ(`GitLab answered the request to ${call.what}, but not with a trigger token: is the GitLab URL that of GitLab?`, 200);
    }
    /** What a refusal of this call means, in place of the client's generic advice. */
    advice(call, status, gitlabMessage = '') {
        const project = this.where();
        const token = this.options.apiTokenName;
        switch (status) {
            case 401:
                return `the token in ${token} was not accepted; check that it is a personal, group or project access token with the api scope that has not expired or been revoked`;
            case 403:
                if (call.method === 'PUT' && /not authorized to update/i.test(gitlabMessage)) {
                    return `only the trigger token's owner may change it; ask its owner, or create a token of your own`;
                }
                return `the user of the token in ${token} needs the Maintainer role on ${project}, and the token the api scope`;
            case 404:
                if (call.path === '' || /project/i.test(gitlabMessage)) {
                    return `no ${project} is visible to the token in ${token}; check the project's id or path, and that the token's user is a member`;
                }
                return `${project} has no trigger token with that id (it may have been deleted)`;
            default:
                return undefined;
        }
    }
}

;// CONCATENATED MODULE: ./src/cli/tokens-view.ts

/** Shown under a table or record holding a token GitLab shortened. */
const SHORTENED_NOTE = '(shortened): GitLab shows a trigger token whole only to the user who owns it, and this tool shows even those shortened unless given --show-tokens.';
/** The trigger tokens as a table a person reads; the note explains any shortened token. */
function tokensTable(tokens, now) {
    const header = ['ID', 'DESCRIPTION', 'OWNER', 'LAST USED', 'EXPIRES', 'TOKEN'];
    const rows = tokens.map((t) => [
        String(t.id),
        tokens_view_text(t.description ?? ''),
        owner(t),
        when(t.last_used, 'never'),
        expiry(t, now),
        token(t),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells) => cells
        .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd();
    const lines = [line(header), ...rows.map(line)];
    if (tokens.some((t) => isShortened(t.token)))
        lines.push('', SHORTENED_NOTE);
    return lines.join('\n');
}
/** One trigger token as `Field  value` lines. */
function tokenRecord(t, now) {
    const fields = [
        ['ID', String(t.id)],
        ['Description', tokens_view_text(t.description ?? '')],
        ['Owner', owner(t)],
        ['Created', when(t.created_at, '-')],
        ['Last used', when(t.last_used, 'never')],
        ['Expires', expiry(t, now)],
        ['Token', token(t)],
    ];
    const width = Math.max(...fields.map(([name]) => name.length));
    const lines = fields.map(([name, value]) => `${name.padEnd(width)}  ${value}`.trimEnd());
    if (isShortened(t.token))
        lines.push('', SHORTENED_NOTE);
    return lines.join('\n');
}
function token(t) {
    return isShortened(t.token) ? `${tokens_view_text(t.token)}… (shortened)` : tokens_view_text(t.token);
}
/** When the token expires, marked when it already has: GitLab lists expired tokens too. */
function expiry(t, now) {
    const shown = when(t.expires_at, 'never');
    const ms = t.expires_at ? Date.parse(t.expires_at) : NaN;
    return ms <= now ? `${shown} (expired)` : shown;
}
function owner(t) {
    return t.owner ? tokens_view_text(t.owner.username) : '-';
}
/** A time as `2026-11-25 12:00Z`; GitLab's own text when it is not a time. */
function when(value, none) {
    if (!value)
        return none;
    const ms = Date.parse(value);
    if (Number.isNaN(ms))
        return tokens_view_text(value);
    const iso = new Date(ms).toISOString();
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}
/** Text from GitLab made safe for a terminal: no control characters (escape sequences, newlines). */
function tokens_view_text(value) {
    // eslint-disable-next-line no-control-regex
    return value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}

;// CONCATENATED MODULE: ./src/cli/commands/tokens.ts










/**
 * `gitlab-trigger tokens list|get|create|update|delete`: the project's pipeline trigger
 * tokens, through the API with an access token (GITLAB_API_TOKEN), not a trigger token.
 */
const WHERE = {
    title: 'Where',
    options: ['project', 'gitlab-url', 'api-token-file', 'ca-cert', 'request-timeout'],
};
const OUTPUT = { title: 'Output', options: ['json', 'verbose', 'help'] };
const SHOWING = {
    title: 'Output',
    options: ['show-tokens', 'json', 'verbose', 'help'],
};
/**
 * A listed token as GitLab shortens other owners' tokens, unless --show-tokens: a table in a
 * CI log or a terminal recording should not carry working credentials by default.
 */
function shown(token, args) {
    return args.flag('show-tokens') || isShortened(token.token)
        ? token
        : { ...token, token: tokens_shorten(token.token) };
}
const TRIGGER_ID = {
    name: 'TRIGGER_ID',
    help: "the trigger token's id, as 'gitlab-trigger tokens list' shows it.",
};
const DETAILS = [
    'Needs an access token with the api scope whose user is a Maintainer of the project, from',
    'GITLAB_API_TOKEN or --api-token-file. GitLab shows a trigger token whole only to its owner;',
    'others see its first four characters, marked (shortened).',
].join('\n');
/** The project's trigger tokens, through a client for its instance. */
async function tokensOf(args, ctx) {
    const { env, readFile } = ctx.io;
    const url = resolveGitLabUrl(args.string('gitlab-url'), env);
    const instance = (0,gitlab_url/* parseGitLabUrl */.m)(url.value, url.source, `${Env.ApiToken} or --api-token-file`);
    const project = (0,parse_project/* parseProject */.X)(args.string('project') ?? '', '--project', GITLAB_URL_SETTING);
    const api = secret(resolveApiToken(args.string('api-token-file'), env, readFile), ctx.redactor);
    const apiToken = (0,ref/* parseToken */.p)(api.value, api.source, 'a personal, group or project access token with the api scope');
    const client = await connectTo(instance, readConnection(args), ctx);
    return new TriggerTokens({ client, project, apiToken, apiTokenName: api.source });
}
function triggerId(args) {
    const text = args.positionals[0] ?? '';
    // An id past 2^53 would be sent as another number: JavaScript's numbers stop being exact there.
    if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(Number(text))) {
        throw new errors/* InputError */.dz(TRIGGER_ID.name, `is ${(0,errors/* quoted */.TL)(text)}, which is not a trigger token id`, "give the number 'gitlab-trigger tokens list' shows");
    }
    return Number(text);
}
function tokens_text(args, option) {
    const value = args.string(option);
    if (value !== undefined && value.trim() === '') {
        const what = option === 'description'
            ? "give the token a description, such as 'GitHub: acme/app'"
            : 'give a date, or leave the option out for a token that does not expire';
        throw new errors/* InputError */.dz(`--${option}`, 'is empty', what);
    }
    return value;
}
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** `--expires-at`, a day that exists; a warning when it has passed already. */
function expiresAt(args, ctx) {
    const value = tokens_text(args, 'expires-at');
    if (value === undefined)
        return undefined;
    const trimmed = value.trim();
    const [, year, month, day, hour, minute, second] = DATE.exec(trimmed) ?? [];
    const [y = NaN, mo = NaN, d = NaN, h = 0, mi = 0, s = 0] = [
        year,
        month,
        day,
        hour,
        minute,
        second,
    ]
        .map(Number)
        .map((n, i) => (i > 2 && Number.isNaN(n) ? 0 : n));
    const calendar = new Date(Date.UTC(y, mo - 1, d));
    const exists = calendar.getUTCFullYear() === y &&
        calendar.getUTCMonth() === mo - 1 &&
        calendar.getUTCDate() === d &&
        h <= 23 &&
        mi <= 59 &&
        s <= 59;
    const ms = Date.parse(trimmed);
    if (!exists || Number.isNaN(ms)) {
        throw new errors/* InputError */.dz('--expires-at', `is ${(0,errors/* quoted */.TL)(value)}, which is not ${year === undefined ? 'a date' : 'a date or time that exists'}`, 'give one such as 2027-01-31, or an ISO 8601 time such as 2027-01-31T12:00:00Z');
    }
    // A day alone lasts until its end; a time, until that instant.
    const until = hour === undefined ? Date.UTC(y, mo - 1, d + 1) : ms;
    if (until <= ctx.clock.now()) {
        ctx.out.warning(`--expires-at is ${trimmed}, which has passed: the token may not work at all. Give a later date, or leave --expires-at out for a token that does not expire.`);
    }
    return trimmed;
}
const tokensList = {
    name: 'tokens list',
    summary: "List the project's pipeline trigger tokens.",
    usage: 'tokens list --project P [options]',
    details: DETAILS,
    sections: [WHERE, SHOWING],
    required: ['project'],
    examples: [
        '# A table of every trigger token of the project (all pages)',
        'gitlab-trigger tokens list --project acme/platform/deploy',
        '# The ids and descriptions, with jq',
        'gitlab-trigger tokens list --project 42 --json | jq -r \'.[] | "\\(.id) \\(.description)"\'',
    ],
    async execute(args, ctx) {
        const tokens = (await (await tokensOf(args, ctx)).list()).map((t) => shown(t, args));
        if (args.flag('json'))
            ctx.out.json(tokens);
        else if (tokens.length === 0)
            ctx.out.status('The project has no pipeline trigger tokens.');
        else
            ctx.out.result(tokensTable(tokens, ctx.clock.now()));
        return ExitCode.Success;
    },
};
const tokensGet = {
    name: 'tokens get',
    summary: 'Show one pipeline trigger token.',
    usage: 'tokens get TRIGGER_ID --project P [options]',
    details: DETAILS,
    sections: [WHERE, SHOWING],
    required: ['project'],
    positionals: [TRIGGER_ID],
    examples: [
        '# Trigger token #7 of the project',
        'gitlab-trigger tokens get 7 --project acme/deploy',
    ],
    async execute(args, ctx) {
        const id = triggerId(args);
        const token = shown(await (await tokensOf(args, ctx)).get(id), args);
        if (args.flag('json'))
            ctx.out.json(token);
        else
            ctx.out.result(tokenRecord(token, ctx.clock.now()));
        return ExitCode.Success;
    },
};
const tokensCreate = {
    name: 'tokens create',
    summary: "Create a pipeline trigger token, owned by the API token's user.",
    usage: 'tokens create --project P --description TEXT [--expires-at DATE] [options]',
    details: `${DETAILS}\nThe new token is printed whole on stdout: store it as a secret straight away.`,
    sections: [{ title: 'The token', options: ['description', 'expires-at'] }, WHERE, OUTPUT],
    required: ['project', 'description'],
    examples: [
        '# A token for a GitHub workflow, stored straight into a GitHub secret',
        "gitlab-trigger tokens create --project acme/deploy --description 'GitHub: acme/app' --json \\\n    | jq -r .token | gh secret set GITLAB_TRIGGER_TOKEN",
        '# One that stops working at the end of January',
        "gitlab-trigger tokens create --project 42 --description 'release 1.2' --expires-at 2027-01-31",
    ],
    async execute(args, ctx) {
        const description = tokens_text(args, 'description') ?? '';
        const expires = expiresAt(args, ctx);
        const tokens = await tokensOf(args, ctx);
        const version = expires === undefined ? undefined : await tokens.gitlabVersion();
        const token = await tokens.create(description, expires);
        ctx.out.success(`Created trigger token #${token.id}. Store it as a secret now (e.g. GITLAB_TRIGGER_TOKEN).`);
        if (expires !== undefined)
            warnIfExpiryDropped(args, ctx, { expires, version, token });
        if (args.flag('json'))
            ctx.out.json(token);
        else
            ctx.out.result(tokenRecord(token, ctx.clock.now()));
        return ExitCode.Success;
    },
};
/**
 * GitLab before 17.0 has no trigger token expiry: it drops `expires_at` unread and the token
 * never expires. Said when the instance's version is older, or when the answer shows no
 * expiry although one was asked for (the version could not be read).
 */
function warnIfExpiryDropped(args, ctx, asked) {
    const { expires, version, token } = asked;
    const older = (0,gitlab_release/* releaseBefore */.PZ)(version, gitlab_release/* TRIGGER_TOKEN_EXPIRY_SINCE */.aA);
    if (!older && typeof token.expires_at === 'string')
        return;
    const who = older ? `GitLab ${version}` : 'This GitLab';
    const project = args.string('project') ?? '';
    ctx.out.warning(`${who} keeps no expiry for trigger tokens (GitLab ${gitlab_release/* TRIGGER_TOKEN_EXPIRY_SINCE */.aA} added it): --expires-at ${expires} was dropped and trigger token #${token.id} never expires. Delete it when it is no longer needed ('gitlab-trigger tokens delete ${token.id} --project ${project}'), or upgrade GitLab.`);
}
const tokensUpdate = {
    name: 'tokens update',
    summary: "Change a pipeline trigger token's description.",
    usage: 'tokens update TRIGGER_ID --project P --description TEXT [options]',
    details: `${DETAILS}\nOnly the token's owner may change it.`,
    sections: [{ title: 'The token', options: ['description'] }, WHERE, SHOWING],
    required: ['project', 'description'],
    positionals: [TRIGGER_ID],
    examples: [
        '# Rename trigger token #7',
        "gitlab-trigger tokens update 7 --project acme/deploy --description 'GitHub: acme/app (prod)'",
    ],
    async execute(args, ctx) {
        const id = triggerId(args);
        const description = tokens_text(args, 'description') ?? '';
        const token = shown(await (await tokensOf(args, ctx)).update(id, description), args);
        ctx.out.success(`Updated trigger token #${token.id}.`);
        if (args.flag('json'))
            ctx.out.json(token);
        else
            ctx.out.result(tokenRecord(token, ctx.clock.now()));
        return ExitCode.Success;
    },
};
const tokensDelete = {
    name: 'tokens delete',
    summary: 'Delete a pipeline trigger token: pipelines can no longer be triggered with it.',
    usage: 'tokens delete TRIGGER_ID --project P [options]',
    details: DETAILS,
    sections: [WHERE, OUTPUT],
    required: ['project'],
    positionals: [TRIGGER_ID],
    examples: ['# Delete trigger token #7', 'gitlab-trigger tokens delete 7 --project acme/deploy'],
    async execute(args, ctx) {
        const id = triggerId(args);
        await (await tokensOf(args, ctx)).delete(id);
        ctx.out.success(`Deleted trigger token #${id}.`);
        if (args.flag('json'))
            ctx.out.json({ deleted: id });
        return ExitCode.Success;
    },
};
const tokensCommands = [
    tokensList,
    tokensGet,
    tokensCreate,
    tokensUpdate,
    tokensDelete,
];
/** GitLab's own shortened form: the prefix and the first four characters after it. */
function tokens_shorten(token) {
    const prefix = /^glptt-/.exec(token)?.[0] ?? '';
    return `${prefix}${token.slice(prefix.length, prefix.length + 4)}`;
}

;// CONCATENATED MODULE: ./src/cli/registry.ts







/** Every subcommand. A new one is a module in commands/ and a line here. */
const COMMANDS = [runCommand, followCommand, ...tokensCommands];
/** Command names that only group others: `tokens`. */
const GROUPS = new Set(COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]));
/** The command the first words name; undefined when they name none. */
function findCommand(first, second) {
    const single = COMMANDS.find((c) => c.name === first);
    if (single)
        return { command: single, words: 1 };
    if (!GROUPS.has(first))
        return undefined;
    const sub = COMMANDS.find((c) => c.name === `${first} ${second}`);
    if (sub)
        return { command: sub, words: 2 };
    if (second === undefined || second.startsWith('-'))
        return { words: 1 };
    return undefined;
}
function inGroup(group) {
    return COMMANDS.filter((c) => c.name.startsWith(`${group} `));
}
/** `list, get, create, …`: what follows the group's name. */
function subcommandNames(group) {
    return inGroup(group)
        .map((c) => c.name.slice(group.length + 1))
        .join(', ');
}
function unknownCommand(first, second) {
    if (GROUPS.has(first)) {
        return new UsageError('command', `Unknown command ${(0,errors/* quoted */.TL)(`${first} ${second ?? ''}`)}: '${first}' takes ${subcommandNames(first)}.${didYouMean(second ?? '', subcommandNames(first).split(', '), `${first} `)} Run '${PROGRAM} ${first} --help'.`);
    }
    const known = [...new Set(COMMANDS.map((c) => c.name.split(' ')[0] ?? c.name))];
    return new UsageError('command', `Unknown command ${(0,errors/* quoted */.TL)(first)}: the commands are ${known.join(', ')}.${didYouMean(first, known)} Run '${PROGRAM} --help'.`);
}

;// CONCATENATED MODULE: ./src/cli/main.ts










/**
 * The command line: finds the command, reads its options, runs it, and turns whatever it
 * throws into one line on stderr and an exit code. Nothing below decides how the process ends.
 */
async function main(argv, io, clock = core_clock/* systemClock */.m) {
    const redactor = new redact/* Redactor */.p();
    for (const token of environmentSecrets(io.env))
        redactor.add(token);
    const out = new Output(io, redactor);
    let command;
    try {
        const [first, second] = argv;
        if (first === undefined) {
            out.error('No command given.');
            out.hint(`Run '${PROGRAM} --help' for the commands.`);
            return ExitCode.Usage;
        }
        if (first === '--version' || first === '-V') {
            out.result(versionText());
            return ExitCode.Success;
        }
        if (first === '--help' || first === '-h') {
            out.result(programHelp(COMMANDS));
            return ExitCode.Success;
        }
        if (first === 'help')
            return help(argv.slice(1), out);
        const found = findCommand(first, second);
        if (!found)
            throw unknownCommand(first, second);
        command = found.command;
        if (!command)
            return group(first, second, out);
        const args = parseCommandLine(command, argv.slice(found.words));
        if (args.flag('help')) {
            out.result(commandHelp(command));
            return ExitCode.Success;
        }
        out.verbose = args.flag('verbose');
        const ctx = { io, out, redactor, clock };
        return await command.execute(args, ctx);
    }
    catch (error) {
        return report(error, out, command);
    }
}
/** `gitlab-trigger tokens` alone asks for a subcommand; with --help it lists them. */
function group(name, next, out) {
    if (next === '--help' || next === '-h') {
        out.result(groupHelp(name, inGroup(name)));
        return ExitCode.Success;
    }
    out.error(`'${PROGRAM} ${name}' needs a command: ${subcommandNames(name)}.`);
    out.hint(`Run '${PROGRAM} ${name} --help' for them.`);
    return ExitCode.Usage;
}
/** `gitlab-trigger help [COMMAND…]`. */
function help(words, out) {
    const [first, second] = words;
    if (first === undefined) {
        out.result(programHelp(COMMANDS));
        return ExitCode.Success;
    }
    const found = findCommand(first, second);
    if (!found)
        throw unknownCommand(first, second);
    out.result(found.command ? commandHelp(found.command) : groupHelp(first, inGroup(first)));
    return ExitCode.Success;
}
/** One line on stderr for what went wrong, and the exit code that says which kind it was. */
function report(error, out, command) {
    if (error instanceof errors/* InputError */.dz || error instanceof UsageError) {
        out.error(error.message);
        if (command && !/--help'/.test(error.message)) {
            out.hint(`Run '${PROGRAM} ${command.name} --help' for the options.`);
        }
        return ExitCode.Usage;
    }
    if (error instanceof errors/* GitLabError */.YZ || error instanceof errors/* NetworkError */.Dr) {
        out.error(error.message);
        return ExitCode.Refused;
    }
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    out.error(`Unexpected failure, please report it: ${text}`);
    return ExitCode.Internal;
}


/***/ })

};
