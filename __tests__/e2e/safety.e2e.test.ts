import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { MainEnded, Output, State } from '../../src/action/names.js';
import { startEmulator, type Emulator, type Script } from '../../emulator/index.js';
import {
  annotations,
  runAction,
  unfencedLines,
  type ActionRun,
} from '../../scripts/github-runner.js';

// Never do what the user did not ask, never say what did not happen: the committed dist/
// run as a GitHub runner runs it, against emulated GitLabs that answer as each release does.

let emu: Emulator;
let seed: Emulator['seed'];
beforeAll(async () => {
  emu = await startEmulator({ speed: 20 });
  seed = emu.seed;
});
afterAll(() => emu.close());
afterEach(() => emu.clearFaults());

function step(on: Emulator = emu, extra: Record<string, string> = {}): Record<string, string> {
  return {
    gitlab_url: on.url,
    project: on.seed.projectPath,
    ref: 'main',
    token: on.seed.triggerToken,
    wait: 'true',
    api_token: on.seed.apiToken,
    ...extra,
  };
}

const long: Script = {
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [{ name: 'soak', stage: 'test', duration: 36_000 }],
};
const blocked: Script = {
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [
    { name: 'build', stage: 'build', duration: 2 },
    { name: 'approve', stage: 'deploy', when: 'manual', allowFailure: false },
    { name: 'rollback-production', stage: 'deploy', when: 'manual' },
    { name: 'announce', stage: 'after', duration: 2 },
  ],
};

const requestsTo = (on: Emulator, pattern: RegExp) =>
  on.requests.filter((r) => pattern.test(`${r.method} ${r.path}`));
const lastPipeline = (on: Emulator = emu) => on.pipelines.at(-1);
const playedJobs = (on: Emulator = emu) =>
  requestsTo(on, /^POST .*\/jobs\/\d+\/play$/).map((r) => r.path);
const jobId = (on: Emulator, name: string) =>
  (lastPipeline(on)?.jobs as Array<{ id: number; name: string }> | undefined)?.find(
    (j) => j.name === name,
  )?.id;

function failure(run: ActionRun): string {
  return annotations(run.stdout, 'error')[0] ?? '';
}

/** Runs the main step and sends it a signal once its log shows `when`. */
function signalled(with_: Record<string, string>, signal: NodeJS.Signals, when: string) {
  return runAction({
    with: with_,
    onStart: (kill, stdout) => {
      const timer = setInterval(() => {
        if (stdout().includes(when)) {
          clearInterval(timer);
          kill(signal);
        }
      }, 20);
    },
  });
}

describe('the post step only ever cancels, and only what the main step left running', () => {
  it('does nothing, with one debug line, when the runner passes no state', async () => {
    const before = emu.requests.length;
    const post = await runAction({ with: step(), step: 'post', state: {} });
    expect(post.exitCode).toBe(0);
    expect(emu.requests.length).toBe(before);
    expect(post.stdout.split('\n').filter((l) => l.startsWith('::debug::'))).toHaveLength(1);
    expect(post.stdout).not.toMatch(/Triggering|Pipeline #/);
  });

  it('does nothing when the state is garbled', async () => {
    const before = emu.requests.length;
    const post = await runAction({
      with: step(),
      step: 'post',
      state: { [State.PipelineId]: '12; rm -rf', [State.WebUrl]: 'javascript:alert(1)' },
    });
    expect(post.exitCode).toBe(0);
    expect(emu.requests.length).toBe(before);
    expect(post.stdout).toMatch(/^::debug::The main step's state is unreadable/m);
  });

  it('starts no pipeline when the run is cancelled as the main step starts, nor in the post step', async () => {
    const before = emu.pipelines.length;
    const main = await runAction({ with: step(), onStart: (kill) => kill('SIGINT') });
    const post = await runAction({ with: step(), step: 'post', state: main.state });
    expect(post.exitCode).toBe(0);
    expect(emu.pipelines.length).toBe(before);
  });

  it('leaves the pipeline alone when the main step merely could not read it', async () => {
    emu.setScript(seed.projectId, 'main', long);
    emu.fail({ method: 'GET', path: /\/pipelines\/\d+$/, status: 404, times: 1_000 });
    const main = await runAction({ with: step() });
    emu.clearFaults();
    expect(main.exitCode).toBe(1);
    expect(failure(main)).toMatch(/but cannot be read to follow it/);
    expect(main.state[State.Ended]).toBe(MainEnded.Failed);
    const post = await runAction({ with: step(), step: 'post', state: main.state });
    expect(post.exitCode).toBe(0);
    expect(requestsTo(emu, /\/cancel$/)).toHaveLength(0);
    expect(lastPipeline()?.status).not.toMatch(/cancel/);
  });
});

describe('on_manual: play runs only what blocks the pipeline', () => {
  it('plays the blocking job, leaves the optional one, and says which', async () => {
    emu.setScript(seed.projectId, 'main', blocked);
    const before = playedJobs().length;
    const run = await runAction({ with: step(emu, { on_manual: 'play' }) });
    expect(run.exitCode).toBe(0);
    expect(run.outputs[Output.Status]).toBe('success');
    expect(playedJobs().slice(before)).toEqual([
      expect.stringMatching(`/jobs/${jobId(emu, 'approve')}/play$`),
    ]);
    expect(run.stdout).toContain("Running manual job 'approve' (stage deploy).");
    expect(run.stdout).toContain(
      "Left the optional manual job 'rollback-production' alone: it blocks nothing (allow_failure).",
    );
  });

  it('names only the blocking job when on_manual is fail', async () => {
    emu.setScript(seed.projectId, 'main', blocked);
    const run = await runAction({ with: step() });
    expect(run.exitCode).toBe(1);
    expect(failure(run)).toMatch(/is blocked on 'approve' \(stage deploy\) at http/);
    expect(failure(run)).not.toContain('rollback-production');
  });

  it('plays a manual trigger job that blocks the pipeline', async () => {
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [{ name: 'build', stage: 'build', duration: 2 }],
      bridges: [
        {
          name: 'deploy-downstream',
          stage: 'deploy',
          when: 'manual',
          allowFailure: false,
          strategy: 'depend',
          downstream: { projectPath: 'acme/platform/other', status: 'success', duration: 2 },
        },
      ],
    });
    const before = playedJobs().length;
    const run = await runAction({ with: step(emu, { on_manual: 'play' }) });
    expect(run.stdout).toContain("Running manual job 'deploy-downstream' (stage deploy).");
    expect(playedJobs().length - before).toBe(1);
    expect(run.exitCode).toBe(0);
  });

  it('refuses on_manual: play without wait, before anything is sent', async () => {
    const before = emu.requests.length;
    const run = await runAction({ with: step(emu, { wait: 'false', on_manual: 'play' }) });
    expect(run.exitCode).toBe(1);
    expect(failure(run)).toBe(
      "Input 'on_manual' is play, which runs manual jobs only while the step waits for the pipeline: set wait to true, or leave on_manual out.",
    );
    expect(emu.requests.length).toBe(before);
  });
});

describe('after a cancel, the step says what GitLab did', () => {
  it('says a pipeline blocked on a manual job could not be cancelled (older GitLab answers 200)', async () => {
    emu.setScript(seed.projectId, 'main', blocked);
    const run = await runAction({ with: step(emu, { on_manual: 'wait', timeout: '3s' }) });
    expect(run.exitCode).toBe(1);
    expect(failure(run)).toMatch(
      /^The wait reached its timeout of 3s; pipeline #\d+ could not be cancelled: it waits on a manual job, which GitLab does not cancel, and stays blocked: http/,
    );
    expect(lastPipeline()?.status).toBe('manual');
    // Nothing is left for the post step to try.
    expect(run.state[State.Done]).toBe('true');
  });

  it('reads the pipeline again when the answer to the cancel still says running', async () => {
    const recomputing = await startEmulator({ speed: 20, cancelBehaviour: 'recompute' });
    try {
      recomputing.setScript(recomputing.seed.projectId, 'main', long);
      const run = await runAction({ with: step(recomputing, { timeout: '3s' }) });
      expect(failure(run)).toMatch(/pipeline #\d+ (was|is being) cancelled: http/);
      expect(run.stdout).toMatch(/Asked GitLab to cancel; pipeline #\d+ is now cancel(ing|ed)\./);
      expect(run.state[State.Done]).toBe('true');
    } finally {
      await recomputing.close();
    }
  });
});

describe('a cancel or a timeout stops everything at once', () => {
  it('ends a 5 s wait on time while GitLab asks to retry after 55 s', async () => {
    emu.setScript(seed.projectId, 'main', long);
    emu.fail({
      method: 'GET',
      path: /\/pipelines\/\d+$/,
      status: 503,
      body: 'Retry later',
      contentType: 'text/plain',
      headers: { 'Retry-After': '55' },
      times: 1_000,
    });
    const started = performance.now();
    const run = await runAction({ with: step(emu, { timeout: '5s' }) });
    // The 55 s pause would pass the deadline, so it is cut at the deadline (not 221 s later).
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(failure(run)).toMatch(/^The wait reached its timeout of 5s; pipeline #\d+ /);
  });

  it('sends the cancel at the timeout even while GitLab holds reads back for 55 s', async () => {
    emu.setScript(seed.projectId, 'main', long);
    emu.fail({
      method: 'GET',
      path: /\/(jobs|bridges|trigger_jobs)$/,
      throttle: { retryAfter: 55 },
      times: Infinity,
    });
    const from = emu.requests.length;
    const started = performance.now();
    const run = await runAction({ with: step(emu, { timeout: '5s' }) });
    const id = run.outputs[Output.PipelineId];
    const cancels = emu.requests
      .slice(from)
      .filter((r) => r.method === 'POST' && r.path.endsWith('/cancel'));
    expect(cancels.map((r) => r.path)).toEqual([
      `/api/v4/projects/${seed.projectPath}/pipelines/${id}/cancel`,
    ]);
    expect(failure(run)).toMatch(
      new RegExp(`^The wait reached its timeout of 5s; pipeline #${id} `),
    );
    expect(failure(run)).not.toMatch(/could not be cancelled|did not answer/i);
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('gives an unanswered trigger a few seconds after SIGINT, then exits saying a pipeline may exist', async () => {
    emu.setScript(seed.projectId, 'main', long);
    emu.fail({ method: 'POST', path: /\/trigger\/pipeline$/, hang: 'after' });
    const started = performance.now();
    const run = await signalled(step(emu, { request_timeout: '60s' }), 'SIGINT', 'Triggering');
    // The runner kills a cancelled step within about 10 s: the step must have spoken by then.
    expect(performance.now() - started).toBeLessThan(9_000);
    expect(run.exitCode).toBe(1);
    expect(failure(run)).toMatch(
      /^The run was cancelled while the trigger was on its way, and GitLab did not answer within 3s of it\. A pipeline may have been created .* check http:\/\/127\.0\.0\.1:\d+\/acme\/platform\/deploy\/-\/pipelines before running again\.$/,
    );
  });

  it("stops the trigger's Retry-After pause on SIGINT, creating nothing", async () => {
    const before = emu.pipelines.length;
    emu.fail({
      method: 'POST',
      path: /\/trigger\/pipeline$/,
      status: 429,
      body: 'Retry later',
      contentType: 'text/plain',
      headers: { 'Retry-After': '50' },
    });
    const started = performance.now();
    const run = await signalled(step(), 'SIGINT', 'trying again in 50s');
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(run.exitCode).toBe(1);
    expect(failure(run)).toMatch(/^The run was cancelled before GitLab created a pipeline/);
    expect(emu.pipelines.length).toBe(before);
  });
});

describe('JSON nested thousands deep', () => {
  // Written as text: the emulator could not serialise such a value either.
  const deep = `${'['.repeat(5000)}"bottom"${']'.repeat(5000)}`;

  // Straight down, and closing an empty list at each level, which no bracket count of the text
  // sees as deep.
  it.each([
    ['straight down', deep],
    ['with a closed list at each level', `${'[[],'.repeat(5000)}"bottom"${']'.repeat(5000)}`],
  ])(
    'in the answer that created the pipeline (%s): the pipeline is still linked, its outputs set',
    async (_shape, nested) => {
      const webUrl = `${emu.url}/${seed.projectPath}/-/pipelines/4242`;
      emu.fail({
        method: 'POST',
        path: /\/trigger\/pipeline$/,
        status: 201,
        contentType: 'application/json',
        body: `{"id":4242,"iid":42,"project_id":${seed.projectId},"sha":"abc","ref":"main","status":"created","created_at":"2026-11-25T12:00:00Z","web_url":${JSON.stringify(webUrl)},"detailed_status":{"details":${nested}}}`,
      });
      const run = await runAction({ with: step(emu, { wait: 'false' }) });
      expect(run.stderr).not.toMatch(/call stack/);
      expect(run.exitCode).toBe(0);
      expect(run.outputs[Output.PipelineId]).toBe('4242');
      expect(run.outputs[Output.WebUrl]).toBe(webUrl);
      expect(JSON.parse(run.outputs[Output.Pipeline] ?? '')).toMatchObject({ id: 4242 });
    },
  );

  it("in GitLab's refusal: the refusal is reported, not a stack overflow", async () => {
    emu.fail({
      method: 'POST',
      path: /\/trigger\/pipeline$/,
      status: 400,
      contentType: 'application/json',
      body: `{"message":{"base":${deep}}}`,
    });
    const run = await runAction({ with: step(emu, { wait: 'false' }) });
    expect(run.exitCode).toBe(1);
    expect(failure(run)).toMatch(
      /^GitLab refused the trigger for project '.+' at ref 'main': 400 Bad Request\. No pipeline was created\.$/,
    );
    expect(failure(run)).not.toMatch(/call stack/);
  });
});

describe('an answer for another pipeline is never taken for this one', () => {
  it("rides out a read answered with another pipeline's JSON, and cancels only its own at the timeout", async () => {
    emu.setScript(seed.projectId, 'main', long);
    emu.fail({
      method: 'GET',
      path: /\/pipelines\/\d+$/,
      status: 200,
      body: { id: 1, iid: 1, project_id: seed.projectId, web_url: 'http://x/1', status: 'created' },
      times: Infinity,
    });
    const from = emu.requests.length;
    const run = await runAction({ with: step(emu, { timeout: '6s' }) });
    emu.clearFaults();
    const id = run.outputs[Output.PipelineId];
    expect(run.stdout).toContain(
      `GitLab answered the request to read pipeline #${id} of project '${seed.projectPath}' with pipeline #1; the answer was not used.`,
    );
    const cancels = emu.requests
      .slice(from)
      .filter((r) => r.method === 'POST' && r.path.endsWith('/cancel'));
    expect(cancels.map((r) => r.path)).toEqual([
      `/api/v4/projects/${seed.projectPath}/pipelines/${id}/cancel`,
    ]);
    expect(failure(run)).toMatch(
      new RegExp(`^The wait reached its timeout of 6s; pipeline #${id} `),
    );
  });
});

describe('text from GitLab never acts as a workflow command', () => {
  it('fences a status that carries a command line', async () => {
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [{ name: 'build', stage: 'build', duration: 2 }],
    });
    const hostile = 'running\n::add-mask::success\n::error::forged';
    // The answer is the next pipeline's own (an answer for another is refused, tested below).
    const next =
      Math.max(999, ...[...emu.pipelines, ...emu.downstreamPipelines].map((p) => p.id)) + 1;
    emu.fail({
      method: 'GET',
      path: /\/pipelines\/\d+$/,
      status: 200,
      body: JSON.stringify({ id: next, web_url: 'http://x', status: hostile }),
      contentType: 'application/json',
    });
    const run = await runAction({ with: step() });
    const fence = /^::stop-commands::(\S+)$/m.exec(run.stdout)?.[1];
    expect(fence).toBeDefined();
    const fenced = run.stdout.slice(
      run.stdout.indexOf(`::stop-commands::${fence}`),
      run.stdout.indexOf(`::${fence}::`),
    );
    expect(fenced).toContain('::add-mask::success');
    expect(annotations(run.stdout, 'error')).not.toContain('forged');
    expect(run.stdout.split(`::${fence}::`)[1]).not.toMatch(/^::add-mask::success$/m);
  });
});

describe('text from GitLab never acts as a workflow command, in the older ##[ form either', () => {
  it("fences a job name holding '##[set-output' or '##[add-mask]' anywhere in a line", async () => {
    const name =
      'approve ##[set-output name=ENVIRONMENT_URL;]https://evil.example ##[add-mask]main';
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [
        { name: 'build', stage: 'build', duration: 1 },
        { name, stage: 'deploy', when: 'manual', allowFailure: false },
      ],
    });
    const run = await runAction({ with: { ...step(), on_manual: 'pass' } });
    expect(run.exitCode).toBe(0);
    // The runner reads the older form anywhere in a line (ActionCommand.TryParse's IndexOf).
    expect(run.stdout).toContain(name);
    expect(unfencedLines(run.stdout).filter((l) => l.includes('##['))).toEqual([]);
    expect(run.outputs.ENVIRONMENT_URL).toBeUndefined();
  });

  it('fences a line that starts with a command after a next-line character (U+0085)', async () => {
    const name = 'approve\n\u0085::add-mask::Pipeline';
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [
        { name: 'build', stage: 'build', duration: 1 },
        { name, stage: 'deploy', when: 'manual', allowFailure: false },
      ],
    });
    const run = await runAction({ with: { ...step(), on_manual: 'pass' } });
    expect(run.exitCode).toBe(0);
    // .NET's TrimStart() removes U+0085, so the runner would read the rest as a command.
    expect(unfencedLines(run.stdout).filter((l) => l.includes('::add-mask::Pipeline'))).toEqual([]);
  });
});

describe('pipeline inputs on an instance that ignores them', () => {
  it('warns that GitLab older than 17.11 runs the pipeline with its defaults', async () => {
    const old = await startEmulator({ speed: 20, version: '17.10.2-ee' });
    try {
      old.setScript(old.seed.projectId, 'main', {
        createdSeconds: 1,
        queueSeconds: 1,
        jobs: [{ name: 'build', stage: 'build', duration: 1 }],
      });
      const run = await runAction({ with: step(old, { inputs: 'replicas: 3' }) });
      expect(annotations(run.stdout, 'warning')).toContainEqual(
        expect.stringMatching(
          /^GitLab 17\.10\.2-ee ignores pipeline inputs \(they need GitLab 17\.11 or later\)/,
        ),
      );
    } finally {
      await old.close();
    }
  });
});
