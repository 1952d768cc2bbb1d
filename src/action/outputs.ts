import type { Runner } from './runner.js';
import type { Pipeline } from '../core/pipeline.js';
import { jsonText } from '../core/gitlab-answer.js';
import { Output, type OutputName } from './names.js';

/** Every output is set through here, so that only declared names can be set. */
function set(runner: Runner, name: OutputName, value: unknown): void {
  runner.setOutput(name, value == null ? '' : String(value));
}

/** Sets the pipeline's outputs, the whole entity as JSON included. */
export function setPipelineOutputs(runner: Runner, pipeline: Pipeline): void {
  set(runner, Output.PipelineId, pipeline.id);
  set(runner, Output.PipelineIid, pipeline.iid);
  set(runner, Output.WebUrl, pipeline.web_url);
  set(runner, Output.Status, pipeline.status);
  set(runner, Output.Sha, pipeline.sha);
  set(runner, Output.Ref, pipeline.ref);
  set(runner, Output.CreatedAt, pipeline.created_at);
  set(runner, Output.Pipeline, jsonText(pipeline));
  set(runner, Output.FinishedAt, pipeline.finished_at);
  set(runner, Output.Duration, pipeline.duration);
}
