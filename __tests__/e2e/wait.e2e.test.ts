import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Output, State } from '../../src/action/names.js';
import { startEmulator, type Emulator, type Script } from '../../emulator/index.js';
import {
  annotations,
  runAction,
  type ActionRun,
  type RunOptions,
} from '../../scripts/github-runner.js';

// Waiting for the pipeline, end to end: the committed dist/index.js against the emulator,
// whose pipelines run 20 times faster than real time.

let emu: Emulator;
let seed: Emulator['seed'];
beforeAll(async () => {
  emu = await startEmulator({ speed: 20 });
  seed = emu.seed;
});
afterAll(() => emu.close());
afterEach(() => emu.clearFaults());

const quick = (
  result: 'success' | 'failed' | 'canceled' | 'skipped',
  extra: Partial<Script> = {},
): Script => ({
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [
    { name: 'build', stage: 'build', duration: 4, result: 'success' },
    {
      name: 'test',
      stage: 'test',
      duration: 4,
      result,
      trace: `\u001b[32mRunning tests\u001b[0m\nstep 1 ok\nusing ${seed.apiToken}\nAssertionError: expected 2 to be 3\nERROR: Job failed: exit code 1\n`,
    },
  ],
  ...extra,
});
const long: Script = {
  createdSeconds: 1,
  queueSeconds: 1,
  jobs: [{ name: 'soak', stage: 'test', duration: 36_000 }],
};

function waiting(
  extra: Record<string, string> = {},
  project = seed.projectPath,
): Record<string, string> {
  return {
    gitlab_url: emu.url,
    project,
    ref: 'main',
    token: project === seed.projectPath ? seed.triggerToken : seed.publicTriggerToken,
    wait: 'true',
    api_token: seed.apiToken,
    ...extra,
  };
}

function expectNoSecret(run: ActionRun): void {
  const shown = run.everything.replace(/^::add-mask::.*$/gm, '');
  for (const secret of [seed.triggerToken, seed.apiToken, seed.publicTriggerToken]) {
    expect(shown).not.toContain(secret);
  }
}

const lastPipeline = () => emu.pipelines.at(-1);

describe('waiting for the pipeline', () => {
  it('passes when the pipeline succeeds, with the final status, duration and a summary of its jobs', async () => {
    emu.setScript(seed.projectId, 'main', quick('success'));
    const run = await runAction({ with: waiting() });
    expect(run.exitCode).toBe(0);
    expect(run.outputs[Output.Status]).toBe('success');
    expect(run.outputs[Output.FinishedAt]).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(Number(run.outputs[Output.Duration])).toBeGreaterThan(0);
    expect(JSON.parse(run.outputs[Output.Pipeline] ?? '{}')).toMatchObject({ status: 'success' });
    expect(run.stdout).toMatch(/Pipeline #\d+: success, 2\/2 jobs done \([\d.]+s\)/);
    expect(run.summary).toContain('| build | [build](');
    expect(run.summary).toContain('| test | [test](');
    expect(run.state[State.Done]).toBe('true');
    expectNoSecret(run);
  });

  it('fails when the pipeline fails, naming the failed job with the end of its log, masked', async () => {
    emu.setScript(seed.projectId, 'main', quick('failed'));
    const run = await runAction({ with: waiting() });
    expect(run.exitCode).toBe(1);
    const errors = annotations(run.stdout, 'error');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(
      /^Job 'test' \(stage test\) failed \(script failure\): http:\/\/127\.0\.0\.1:\d+\/acme\/platform\/deploy\/-\/jobs\/\d+\n/,
    );
    expect(errors[0]).toContain('AssertionError: expected 2 to be 3');
    expect(errors[0]).toContain('using ***');
    expect(errors[0]).not.toContain('\u001b[');
    expect(errors[1]).toMatch(/^Pipeline #\d+ failed after [\d.]+s: http/);
    expect(run.stdout).toContain('::error title=GitLab job failed%3A test::');
    expect(run.summary).toContain('❌ failed');
    // The summary opens with the verdict and names the failed job, before any table, with
    // the one duration its table shows.
    const [heading, blank, jobsLine, after] = run.summary.split('\n');
    const took = /^### ❌ GitLab pipeline \[#\d+\]\(http\S+\) failed after (\d+s)$/.exec(
      heading ?? '',
    );
    expect(took).not.toBeNull();
    expect([blank, after]).toEqual(['', '']);
    expect(jobsLine).toMatch(
      /^- \*\*Jobs:\*\* 1 of 2 failed: \[test\]\(http\S+\/-\/jobs\/\d+\)\.$/,
    );
    expect(run.summary).toContain(`| ❌ failed | ${took?.[1]} |`);
    expect(run.summary).not.toMatch(/finished:|passing:/);
    // The failed job's log's end, collapsed, masked, without colour codes.
    expect(run.summary).toMatch(
      /<details><summary>❌ test: end of the log<\/summary>\n\n```text\nRunning tests\nstep 1 ok\nusing \*\*\*\nAssertionError: expected 2 to be 3\n/,
    );
    expect(run.outputs[Output.Status]).toBe('failed');
    expectNoSecret(run);
  });

  it('fails on a pipeline that ends canceled by default', async () => {
    emu.setScript(seed.projectId, 'main', quick('canceled'));
    const run = await runAction({ with: waiting() });
    expect(run.exitCode).toBe(1);
    expect(run.outputs[Output.Status]).toBe('canceled');
  });

  const allSkipped: Script = {
    createdSeconds: 1,
    jobs: [{ name: 'noop', stage: 'test', result: 'skipped' }],
  };

  it('fails on a pipeline that ends skipped by default, and passes it when pass_statuses lists skipped', async () => {
    emu.setScript(seed.projectId, 'main', allSkipped);
    const strict = await runAction({ with: waiting() });
    expect(strict.exitCode).toBe(1);
    expect(strict.outputs[Output.Status]).toBe('skipped');
    const lenient = await runAction({ with: waiting({ pass_statuses: 'success,skipped' }) });
    expect(lenient.exitCode).toBe(0);
  });

  it('passes a failed pipeline when pass_statuses lists failed', async () => {
    emu.setScript(seed.projectId, 'main', quick('failed'));
    const run = await runAction({ with: waiting({ pass_statuses: 'success, failed' }) });
    expect(run.exitCode).toBe(0);
    expect(run.outputs[Output.Status]).toBe('failed');
  });

  it('lists every job of a pipeline with more than one page of them', async () => {
    const jobs = Array.from({ length: 45 }, (_, i) => ({
      name: `shard-${i + 1}`,
      stage: 'test',
      duration: 2,
    }));
    emu.setScript(seed.projectId, 'main', { createdSeconds: 1, queueSeconds: 1, jobs });
    const run = await runAction({ with: waiting() });
    expect(run.exitCode).toBe(0);
    for (let i = 1; i <= 45; i++) expect(run.summary).toContain(`[shard-${i}](`);
    expect(run.stdout).toContain('45/45 jobs done');
  });

  it('links the downstream pipelines of trigger jobs in the summary', async () => {
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [{ name: 'build', stage: 'build', duration: 2 }],
      bridges: [
        {
          name: 'deploy-eu',
          stage: 'deploy',
          downstream: { projectPath: 'acme/platform/eu', status: 'success', duration: 2 },
          strategy: 'depend',
        },
      ],
    });
    const run = await runAction({ with: waiting() });
    expect(run.exitCode).toBe(0);
    expect(run.summary).toContain('#### Downstream pipelines');
    expect(run.summary).toMatch(
      /\| deploy-eu \| \[#\d+\]\(http:\/\/127\.0\.0\.1:\d+\/acme\/platform\/eu\/-\/pipelines\/\d+\) \| ✅ success \|/,
    );
  });

  it('follows a public project without an api_token', async () => {
    emu.setScript(seed.publicProjectId, 'main', quick('success'));
    const run = await runAction({ with: waiting({ api_token: '' }, seed.publicProjectPath) });
    expect(run.exitCode).toBe(0);
    expect(run.outputs[Output.Status]).toBe('success');
  });

  it('says a private pipeline cannot be read without api_token, keeping its link', async () => {
    emu.setScript(seed.projectId, 'main', quick('success'));
    const run = await runAction({ with: waiting({ api_token: '' }) });
    expect(run.exitCode).toBe(1);
    const [error] = annotations(run.stdout, 'error');
    expect(error).toMatch(
      /^Pipeline #\d+ was created \(http:\/\/127\.0\.0\.1:\d+\/acme\/platform\/deploy\/-\/pipelines\/\d+\) but cannot be read to follow it: GitLab answered 404 Not Found/,
    );
    expect(error).toContain(
      "Give 'api_token' a token with read_api on the project, or do not wait.",
    );
    expect(run.outputs[Output.WebUrl]).toMatch(/\/-\/pipelines\/\d+$/);
    expect(run.outputs[Output.PipelineId]).toMatch(/^\d+$/);
  });
});

describe('a pipeline blocked on a manual job', () => {
  const manual: Script = {
    createdSeconds: 1,
    queueSeconds: 1,
    jobs: [
      { name: 'build', stage: 'build', duration: 2 },
      { name: 'approve-prod', stage: 'deploy', when: 'manual', allowFailure: false, duration: 2 },
    ],
  };

  it('fails by default, naming the job that waits and how to change this', async () => {
    emu.setScript(seed.projectId, 'main', manual);
    const run = await runAction({ with: waiting() });
    expect(run.exitCode).toBe(1);
    const [error] = annotations(run.stdout, 'error');
    expect(error).toMatch(
      /^Pipeline #\d+ is blocked on 'approve-prod' \(stage deploy\) at http.*\/-\/jobs\/\d+, which waits for someone to run it\. Run it there, or set on_manual to pass, wait or play\.$/,
    );
    expect(run.outputs[Output.Status]).toBe('manual');
  });

  it('passes when on_manual is pass', async () => {
    emu.setScript(seed.projectId, 'main', manual);
    const run = await runAction({ with: waiting({ on_manual: 'pass' }) });
    expect(run.exitCode).toBe(0);
  });

  it('runs the manual job and waits for the end when on_manual is play', async () => {
    emu.setScript(seed.projectId, 'main', manual);
    const run = await runAction({ with: waiting({ on_manual: 'play' }) });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Running manual job 'approve-prod' (stage deploy).");
    expect(run.outputs[Output.Status]).toBe('success');
  });

  it('keeps waiting when on_manual is wait, and says at the timeout that a pipeline blocked on it cannot be cancelled', async () => {
    emu.setScript(seed.projectId, 'main', manual);
    const run = await runAction({ with: waiting({ on_manual: 'wait', timeout: '4s' }) });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('waiting for it as on_manual is wait');
    expect(annotations(run.stdout, 'error')[0]).toMatch(
      /^The wait reached its timeout of 4s; pipeline #\d+ could not be cancelled: it waits on a manual job, which GitLab does not cancel/,
    );
  });
});

describe('GitLab in trouble while waiting', () => {
  it('rides out a 502 page, a reset, a 429 with Retry-After and a 500', async () => {
    emu.setScript(seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [{ name: 'build', stage: 'build', duration: 10 }],
    });
    const poll = /\/pipelines\/\d+$/;
    emu.fail({ method: 'GET', path: poll, html: 502 });
    emu.fail({ method: 'GET', path: poll, reset: 'before' });
    emu.fail({
      method: 'GET',
      path: poll,
      status: 429,
      body: 'Retry later',
      contentType: 'text/plain',
      headers: { 'Retry-After': '1' },
    });
    emu.fail({
      method: 'GET',
      path: poll,
      status: 500,
      body: '{"message":"500 Internal Server Error"}',
      contentType: 'application/json',
    });
    const run = await runAction({ with: waiting() });
    expect(run.exitCode).toBe(0);
    expect(run.outputs[Output.Status]).toBe('success');
    expect(run.stdout).not.toMatch(/<html/i);
    expectNoSecret(run);
  });
});

describe('stopping the wait', () => {
  it('cancels the pipeline when the timeout is reached', async () => {
    emu.setScript(seed.projectId, 'main', long);
    const run = await runAction({ with: waiting({ timeout: '3s' }) });
    expect(run.exitCode).toBe(1);
    expect(annotations(run.stdout, 'error')[0]).toMatch(
      /^The wait reached its timeout of 3s; pipeline #\d+ (was|is being) cancelled: http/,
    );
    expect(['canceling', 'canceled']).toContain(lastPipeline()?.status);
  });

  async function cancelledRun(
    extra: Record<string, string>,
    signal: NodeJS.Signals,
    options: Partial<RunOptions> = {},
    project = seed.projectPath,
  ) {
    emu.setScript(
      project === seed.projectPath ? seed.projectId : seed.publicProjectId,
      'main',
      long,
    );
    let signalledAt = 0;
    const run = await runAction({
      with: waiting(extra, project),
      ...options,
      onStart: (kill, stdout) => {
        const timer = setInterval(() => {
          if (stdout().includes('Waiting for pipeline')) {
            clearInterval(timer);
            signalledAt = performance.now();
            kill(signal);
          }
        }, 50);
      },
    });
    return { run, exitAfterMs: performance.now() - signalledAt };
  }

  it('cancels the pipeline and exits promptly on SIGINT, as when the run is cancelled', async () => {
    const { run, exitAfterMs } = await cancelledRun({}, 'SIGINT');
    expect(run.exitCode).toBe(1);
    expect(exitAfterMs).toBeLessThan(5_000);
    expect(run.stdout).toMatch(/Asked GitLab to cancel; pipeline #\d+ is now cancel(ing|ed)\./);
    expect(annotations(run.stdout, 'error')[0]).toMatch(
      /^The run was cancelled; pipeline #\d+ was cancelled: http/,
    );
    expect(['canceling', 'canceled']).toContain(lastPipeline()?.status);
    expect(run.state[State.Done]).toBe('true');
  });

  it('leaves the pipeline running on SIGINT when cancel_on_abort is false', async () => {
    const { run } = await cancelledRun({ cancel_on_abort: 'false' }, 'SIGINT');
    expect(run.exitCode).toBe(1);
    expect(annotations(run.stdout, 'error')[0]).toContain(
      'was left running (cancel_on_abort is false)',
    );
    expect(lastPipeline()?.status).not.toMatch(/cancel/);
  });

  it('leaves the cancel to the post step when the one on SIGINT was refused', async () => {
    const { run } = await cancelledRun({ api_token: seed.readApiToken }, 'SIGINT');
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('::warning::Could not cancel pipeline');
    expect(run.state[State.Done]).toBeUndefined();
    expect(run.state[State.PipelineId]).toMatch(/^\d+$/);
  });

  it('says a cancel needs api_token instead of trying one anonymously', async () => {
    const { run } = await cancelledRun({ api_token: '' }, 'SIGINT', {}, seed.publicProjectPath);
    expect(run.exitCode).toBe(1);
    expect(annotations(run.stdout, 'warning')[0]).toMatch(
      /^Pipeline #\d+ may still run and was not cancelled: cancelling needs 'api_token' with the api scope\./,
    );
  });

  it('cancels from the post step a pipeline whose main step was killed', async () => {
    const { run } = await cancelledRun({}, 'SIGKILL');
    expect(run.signal).toBe('SIGKILL');
    expect(lastPipeline()?.status).not.toMatch(/cancel/);
    const post = await runAction({ with: waiting(), step: 'post', state: run.state });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain('The main step ended before pipeline');
    expect(['canceling', 'canceled']).toContain(lastPipeline()?.status);
    expectNoSecret(post);
  });

  it('does nothing in the post step when the main step saw the pipeline finish', async () => {
    emu.setScript(seed.projectId, 'main', quick('success'));
    const main = await runAction({ with: waiting() });
    const before = emu.requests.length;
    const post = await runAction({ with: waiting(), step: 'post', state: main.state });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toBe(
      post.stdout
        .split('\n')
        .filter((l) => /^::(add-mask|debug)::/.test(l) || l === '')
        .join('\n'),
    );
    expect(emu.requests.length).toBe(before);
  });

  it('does nothing in the post step when not waiting', async () => {
    const main = await runAction({ with: waiting({ wait: 'false' }) });
    const before = emu.requests.length;
    await runAction({ with: waiting({ wait: 'false' }), step: 'post', state: main.state });
    expect(emu.requests.length).toBe(before);
    expect(lastPipeline()?.status).not.toMatch(/cancel/);
  });
});
