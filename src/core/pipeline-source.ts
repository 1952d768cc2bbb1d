import type { GitLabClient } from './gitlab-client.js';
import type { Pipeline } from './pipeline.js';
import type { Stops } from './retry.js';
import type { TriggerSettings } from './settings.js';

/** Where a run's pipeline comes from: the trigger today; retrying an earlier one later. */
export interface PipelineSource {
  /** The line logged before it starts: `Triggering a pipeline for project …`. */
  describe(): string;
  /** Starts the pipeline; a cancelled run starts none. */
  start(stops: Stops): Promise<Pipeline>;
}

/** A new pipeline through the pipeline trigger tokens API. */
export function triggerSource(client: GitLabClient, settings: TriggerSettings): PipelineSource {
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
    start: (stops) => client.triggerPipeline(settings, stops),
  };
}
