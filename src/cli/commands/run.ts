import type { Command } from '../command.js';
import { connectTo } from '../connect.js';
import { ExitCode } from '../exit-codes.js';
import { readRunSettings } from '../run-settings.js';

/** `gitlab-trigger run`: trigger one pipeline, the way the action does. */
export const runCommand: Command = {
  name: 'run',
  summary: 'Trigger a pipeline and print its link.',
  usage: 'run --project P --ref R [options]',
  details: [
    'Triggers a pipeline through the pipeline trigger tokens API (POST /projects/:id/trigger/pipeline)',
    'with the token from GITLAB_TRIGGER_TOKEN or --token-file; inside a GitLab CI job CI_JOB_TOKEN',
    "is used for the job's own instance. The pipeline's link is printed on stderr as soon as it exists.",
  ].join('\n'),
  sections: [
    {
      title: 'What to run',
      options: ['project', 'ref', 'var', 'variables-file', 'input', 'inputs-file'],
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
  ],

  async execute(args, ctx) {
    const settings = readRunSettings(args, ctx);
    const client = await connectTo(settings.gitlab, settings.connection, ctx);
    const variables = Object.keys(settings.variables);
    const inputs = Object.keys(settings.inputs);
    ctx.out.status(
      `Triggering a pipeline for project '${settings.project.display}' at ref '${settings.ref}' on ${settings.gitlab.url}` +
        (variables.length ? `, variables: ${variables.join(', ')}` : '') +
        (inputs.length ? `, inputs: ${inputs.join(', ')}` : ''),
    );
    const pipeline = await client.triggerPipeline(settings);
    ctx.out.success(`Pipeline #${pipeline.id} created (${pipeline.status}): ${pipeline.web_url}`);
    if (args.flag('json')) ctx.out.json(pipeline);
    return ExitCode.Success;
  },
};
