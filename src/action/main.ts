import * as core from './runner.js';
import { systemClock, type Logger } from '../core/clock.js';
import { connect } from '../core/connect.js';
import { Redactor } from '../core/redact.js';
import { maskSecrets, readSettings } from './inputs.js';
import { setPipelineOutputs } from './outputs.js';
import { writeTriggerSummary } from './summary.js';

/** The runner's log as the core's logger; every line passes the redactor first. */
function actionLogger(redactor: Redactor): Logger {
  return {
    info: (m) => core.info(redactor.redact(m)),
    warning: (m) => core.warning(redactor.redact(m)),
    debug: (m) => core.debug(redactor.redact(m)),
  };
}

/** The action: read the inputs, trigger the pipeline, hand it back as outputs. */
export async function run(): Promise<void> {
  const redactor = new Redactor();
  try {
    for (const secret of maskSecrets()) redactor.add(secret);
    const settings = readSettings();
    const logger = actionLogger(redactor);
    const client = await connect(settings.gitlab, { logger, redactor, clock: systemClock });

    const names = Object.keys(settings.variables);
    const inputs = Object.keys(settings.inputs);
    logger.info(
      `Triggering a pipeline for project '${settings.project.display}' at ref '${settings.ref}' on ${settings.gitlab.url}` +
        (names.length ? `, variables: ${names.join(', ')}` : '') +
        (inputs.length ? `, inputs: ${inputs.join(', ')}` : ''),
    );
    const pipeline = await client.triggerPipeline(settings);
    logger.info(`Pipeline #${pipeline.id} created (${pipeline.status}): ${pipeline.web_url}`);
    setPipelineOutputs(pipeline);
    writeTriggerSummary(settings, pipeline);
  } catch (error) {
    core.setFailed(redactor.redact(error instanceof Error ? error.message : String(error)));
  }
}
