import type { GitLabClient } from './gitlab-client.js';
import { PIPELINE_INPUTS_SINCE, readGitLabVersion, releaseBefore } from './gitlab-release.js';
import type { Logger } from './logger.js';
import type { Pipeline } from './pipeline.js';
import type { StopConditions } from './retry.js';
import type { TriggerSettings } from './settings.js';

/** Where a run's pipeline comes from: the trigger today; retrying an earlier one later. */
export interface PipelineSource {
  /** The line logged before it starts: `Triggering a pipeline for project …`. */
  describe(): string;
  /** Starts the pipeline; a cancelled run starts none. */
  start(stops: StopConditions): Promise<Pipeline>;
}

export interface TriggerSourceOptions {
  /** An access token, to read GitLab's version when inputs are sent (GET /version needs one). */
  readonly apiToken?: string;
  readonly logger?: Logger;
}

/**
 * A new pipeline through the pipeline trigger tokens API. When inputs are sent and a token
 * can read GitLab's version, the version is read alongside the trigger: an instance older
 * than 17.11 drops inputs without a word, and the pipeline runs with its defaults.
 */
export function triggerSource(
  client: GitLabClient,
  settings: TriggerSettings,
  options: TriggerSourceOptions = {},
): PipelineSource {
  return {
    describe() {
      const variables = Object.keys(settings.variables);
      const inputs = Object.keys(settings.inputs);
      return (
        `Triggering a pipeline for project '${settings.project.display}' at ref '${settings.ref}' on ${settings.gitlab.url}` +
        (variables.length ? `, variables: ${variables.join(', ')}` : '') +
        (inputs.length ? `, inputs: ${inputs.join(', ')}` : '')
      );
    },
    async start(stops) {
      const inputs = Object.keys(settings.inputs).length > 0;
      const check =
        inputs && options.apiToken && options.logger
          ? checkInputsSupported(client, options.apiToken, options.logger, stops)
          : undefined;
      const pipeline = await client.triggerPipeline(settings, stops);
      await check;
      return pipeline;
    },
  };
}

async function checkInputsSupported(
  client: GitLabClient,
  apiToken: string,
  logger: Logger,
  stops: StopConditions,
): Promise<void> {
  const token = { header: 'PRIVATE-TOKEN', value: apiToken } as const;
  const version = await readGitLabVersion(client, token, { once: true, stops });
  if (version === undefined) logger.debug("GitLab's version not read: inputs not checked.");
  else if (releaseBefore(version, PIPELINE_INPUTS_SINCE))
    logger.warning(
      `GitLab ${version} ignores pipeline inputs (they need GitLab ${PIPELINE_INPUTS_SINCE} or later): the pipeline runs with its inputs' defaults. Send them as variables instead, or upgrade GitLab.`,
    );
}
