import * as core from './runner.js';
import type { Pipeline } from '../core/pipeline.js';
import type { TriggerSettings } from '../core/settings.js';

/** A short job summary: the pipeline as a link, so it is one click from the run page. */
export function writeTriggerSummary(settings: TriggerSettings, pipeline: Pipeline): void {
  core.appendSummary(
    [
      `### GitLab pipeline [#${pipeline.id}](${pipeline.web_url})`,
      '',
      '| Project | Ref | Pipeline | Status |',
      '| --- | --- | --- | --- |',
      `| ${cell(settings.project.display)} | ${cell(settings.ref)} | [#${pipeline.id}](${pipeline.web_url}) | ${cell(pipeline.status)} |`,
      '',
    ].join('\n'),
  );
}

/** Text safe inside a markdown table cell. */
export function cell(text: string): string {
  return text.replace(/[|\\<>]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\r?\n/g, ' ');
}
