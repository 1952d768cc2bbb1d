import type { Command } from '../command.js';
import { connectTo } from '../connect.js';
import { InputError } from '../../core/errors.js';
import { ExitCode } from '../exit-codes.js';
import { collectFinalReport } from '../../core/final-report.js';
import { PipelinesApi } from '../../core/pipelines-api.js';
import { waitForPipeline } from '../../core/wait.js';
import { readRunSettings } from '../run-settings.js';
import { readWaitSettings } from '../wait-settings.js';

const WAIT_OPTIONS = [
  'timeout',
  'cancel-on-abort',
  'pass-statuses',
  'on-manual',
  'max-poll-interval',
] as const;

/** `gitlab-trigger run`: trigger one pipeline, the way the action does. */
export const runCommand: Command = {
  name: 'run',
  summary: 'Trigger a pipeline and print its link.',
  usage: 'run --project P --ref R [options]',
  details: [
    'Triggers a pipeline through the pipeline trigger tokens API (POST /projects/:id/trigger/pipeline)',
    'with the token from GITLAB_TRIGGER_TOKEN or --token-file; inside a GitLab CI job CI_JOB_TOKEN',
    "is used for the job's own instance. The pipeline's link is printed on stderr as soon as it exists.",
    '',
    'With --wait it follows the pipeline to the end, one line per change of status, as the action',
    'does, and exits 0 when it passes and 1 when it does not. Reading the pipeline needs',
    'GITLAB_API_TOKEN (read_api; api to cancel or play jobs) unless the project is public.',
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
      ],
    },
    { title: 'Where', options: ['gitlab-url', 'token-file', 'ca-cert', 'request-timeout'] },
    { title: 'Output', options: ['json', 'verbose', 'help'] },
  ],
  required: ['project', 'ref'],
  examples: [
    '# Run the pipeline of main with two variables (the token from GITLAB_TRIGGER_TOKEN)',
    'gitlab-trigger run --project acme/platform/deploy --ref main --var VERSION=1.10 --var ENVIRONMENT=staging',
    '# On your own instance, typed inputs, the pipeline as JSON for jq',
    'gitlab-trigger run --gitlab-url https://gitlab.example.com --project 42 --ref v1.2.0 \\\n    --input replicas=3 --input dry_run=false --json | jq .web_url',
    '# The token from a file instead of the environment',
    'gitlab-trigger run --project acme/deploy --ref main --token-file ~/.config/gitlab/trigger-token',
    '# Wait for it (GITLAB_API_TOKEN with read_api reads it), at most 30 minutes, cancelling it on Ctrl-C',
    'gitlab-trigger run --project acme/platform/deploy --ref main --wait --timeout 30m',
  ],

  async execute(args, ctx) {
    const settings = readRunSettings(args, ctx);
    // Read before the trigger, so a bad waiting option fails before anything is sent.
    const waiting = args.flag('wait') ? readWaitSettings(args, ctx) : undefined;
    const stray = WAIT_OPTIONS.find((name) => args.string(name) !== undefined);
    if (!waiting && stray) {
      throw new InputError(
        `--${stray}`,
        `--${stray} applies only with --wait: add --wait, or leave --${stray} out.`,
      );
    }
    const client = await connectTo(settings.gitlab, settings.connection, ctx);
    const variables = Object.keys(settings.variables);
    const inputs = Object.keys(settings.inputs);
    ctx.out.status(
      `Triggering a pipeline for project '${settings.project.display}' at ref '${settings.ref}' on ${settings.gitlab.url}` +
        (variables.length ? `, variables: ${variables.join(', ')}` : '') +
        (inputs.length ? `, inputs: ${inputs.join(', ')}` : ''),
    );
    // Ctrl-C or SIGTERM while waiting ends the wait (and cancels the pipeline, unless told
    // not to); a second Ctrl-C falls through to Node's default and ends the process at once.
    const interrupted = new AbortController();
    const onSignal = (): void => interrupted.abort();
    if (waiting) {
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    }
    const pipeline = await client.triggerPipeline(settings, interrupted.signal);
    ctx.out.success(`Pipeline #${pipeline.id} created (${pipeline.status}): ${pipeline.web_url}`);
    if (!waiting) {
      if (args.flag('json')) ctx.out.json(pipeline);
      return ExitCode.Success;
    }

    const api = new PipelinesApi(client, settings.project, waiting.settings.apiToken);
    try {
      const result = await waitForPipeline({
        api,
        pipeline,
        settings: waiting.settings,
        clock: ctx.clock,
        logger: ctx.out.logger(),
        signal: interrupted.signal,
        apiTokenName: waiting.apiTokenName,
        onManualName: '--on-manual',
        cancelOnAbortName: '--cancel-on-abort',
      });
      const finished = result.outcome === 'passed' || result.outcome === 'failed';
      if (finished && !interrupted.signal.aborted) {
        const report = await collectFinalReport(api, result.pipeline, ctx.redactor, result.jobs);
        for (const { job, trace } of report.failed) {
          ctx.out.warning(`job '${job.name}' (stage ${job.stage}) failed: ${job.web_url}`);
          if (trace) ctx.out.hint(trace.replace(/^/gm, '  | '));
        }
      }
      if (args.flag('json')) ctx.out.json(result.pipeline);
      if (result.outcome === 'passed') {
        ctx.out.success(result.message);
        return ExitCode.Success;
      }
      ctx.out.error(result.message);
      return result.outcome === 'aborted' ? ExitCode.Interrupted : ExitCode.PipelineDidNotPass;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
