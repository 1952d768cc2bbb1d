import { waitWatchers } from '../wait-watchers.js';
import { followSource } from '../../core/follow-source.js';
import { PipelinesApi } from '../../core/pipelines-api.js';
import { runPipeline } from '../../core/run-pipeline.js';
import type { Command } from '../command.js';
import { connectTo } from '../connection-options.js';
import { ExitCode, INTERRUPTED_WORDS } from '../exit-codes.js';
import { RESULT_OPTIONS } from '../result-options.js';
import { FOLLOW_TARGET, readRunOptions } from '../run-options.js';
import { renderRun } from '../run-render.js';

/** `gitlab-trigger follow <id | link | sha>`: wait for a pipeline this tool did not start. */
export const followCommand: Command = {
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
    if (!run.waiting || !target) throw new Error('A followed run always waits for its pipeline.');
    const waiting = run.waiting;
    const client = await connectTo(settings.gitlab, settings.connection, ctx);
    const reader = waiting.reader;
    const api = new PipelinesApi(
      client,
      settings.project,
      reader?.token.value,
      reader?.token.header,
      reader?.advice,
    );
    const interrupted = new AbortController();
    const onSignal = (): void => {
      if (!interrupted.signal.aborted) return interrupted.abort();
      process.exit(ExitCode.Interrupted);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const logger = ctx.out.logger();
      const source = followSource(api, {
        ...{ target, project: settings.project, gitlabUrl: settings.gitlab.url, logger },
        ref: settings.ref || undefined,
        clock: ctx.clock,
        timeoutMs: waiting.settings.timeoutMs,
        input: FOLLOW_TARGET,
      });
      const watchers = await waitWatchers(client, reader, results, streamLogs, ctx);
      const result = await runPipeline(source, watchers, {
        clock: ctx.clock,
        logger,
        redactor: ctx.redactor,
        signal: interrupted.signal,
        interrupted: INTERRUPTED_WORDS,
        wait: true,
        follow: { api, settings: waiting.settings, names: waiting.names },
      });
      return renderRun(result, args.flag('json'), ctx);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
