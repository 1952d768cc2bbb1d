import * as core from './runner.js';
import type { Pipeline } from '../core/pipeline.js';
import { Output, type OutputName } from './names.js';

/** Every output is set through here, so that only declared names can be set. */
function set(name: OutputName, value: unknown): void {
  core.setOutput(name, value == null ? '' : String(value));
}

/** Sets the pipeline's outputs, the whole entity as JSON included. */
export function setPipelineOutputs(pipeline: Pipeline): void {
  set(Output.PipelineId, pipeline.id);
  set(Output.PipelineIid, pipeline.iid);
  set(Output.WebUrl, pipeline.web_url);
  set(Output.Status, pipeline.status);
  set(Output.Sha, pipeline.sha);
  set(Output.Ref, pipeline.ref);
  set(Output.CreatedAt, pipeline.created_at);
  set(Output.Pipeline, JSON.stringify(pipeline));
  set(Output.FinishedAt, pipeline.finished_at);
  set(Output.Duration, pipeline.duration);
}
