import { waitWatchers } from '../wait-watchers.js';
import type { Command } from '../command.js';
import { connectTo } from '../connection-options.js';
import { ExitCode, INTERRUPTED_WORDS } from '../exit-codes.js';
import { triggerSource } from '../../core/pipeline-source.js';
import { runPipeline } from '../../core/run-pipeline.js';
import { renderRun } from '../run-render.js';
import { PipelinesApi } from '../../core/pipelines-api.js';
import { readRunOptions } from '../run-options.js';
import { RESULT_OPTIONS, withinJobToken } from '../result-options.js';
import { withPush } from '../push-options.js';

/** `gitlab-trigger run`: trigger one pipeline, the way the action does. */
export const runCommand: Command = {
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
    const results =
      read && waiting?.reader?.token.header === 'JOB-TOKEN'
        ? withinJobToken(read, args, ctx)
        : read;
    const client = await connectTo(settings.gitlab, settings.connection, ctx);
    // Ctrl-C or SIGTERM while waiting ends the wait (and cancels the pipeline, unless told
    // not to); a second one exits at once, saying what may be left running.
    const interrupted = new AbortController();
    let link = '';
    const onSignal = (): void => {
      if (!interrupted.signal.aborted) return interrupted.abort();
      ctx.out.error(
        `Interrupted again: exiting now${link ? `; pipeline ${link} may still run` : ''}.`,
      );
      process.exit(ExitCode.Interrupted);
    };
    if (waiting) {
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    }
    try {
      const reader = waiting?.reader;
      const api = new PipelinesApi(
        client,
        settings.project,
        reader?.token.value,
        reader?.token.header,
        reader?.advice,
      );
      const trigger = triggerSource(client, settings, {
        apiToken: waiting?.settings.apiToken,
        logger: ctx.out.logger(),
      });
      const { source, afterRun } = withPush(push, trigger, ctx);
      const watchers = await waitWatchers(client, reader, results, streamLogs, ctx);
      const result = await runPipeline(source, watchers, {
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
          if (!args.flag('json')) ctx.out.result(created.web_url);
        },
      });
      await afterRun();
      return renderRun(result, args.flag('json'), ctx);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
