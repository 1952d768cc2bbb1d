import { relative } from 'node:path';
import { formatSize } from '../../parse/artifact-globs.js';
import type { Finding } from '../watcher.js';
import { cell, link } from './markdown.js';
import type { Downloads } from './result-findings.js';

/** What was written where, as a summary section; `text` has a line per job for a terminal. */
export function downloadsSection(downloads: Downloads): Finding {
  const shown = (path: string): string => relative(process.cwd(), path) || '.';
  const lines = [
    `#### Artifacts and logs in ${cell(shown(downloads.root))}`,
    '',
    '| Job | Folder | Files | Size | Log | Refused |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const text: string[] = [];
  for (const d of downloads.jobs) {
    const log = d.log ? `${cell(shown(d.log.path))} (${formatSize(d.log.bytes)})` : '';
    const files = d.files ? `${d.files}` : 'none';
    lines.push(
      `| ${link(d.name, d.job.web_url)} | ${cell(shown(d.folder))} | ${files} | ${d.files ? formatSize(d.bytes) : ''} | ${log} | ${d.refusedCount || ''} |`,
    );
    text.push(
      `Job '${d.name}': ${d.files ? `${d.files} files (${formatSize(d.bytes)}) in ${shown(d.folder)}` : 'no artifacts'}${d.log ? `, log in ${shown(d.log.path)}` : ''}${d.refusedCount ? `, ${d.refusedCount} entries refused` : ''}`,
    );
  }
  if (downloads.jobs.length === 0) lines.push('| _no job matched_ | | | | | |');
  return {
    kind: 'section',
    title: 'Artifacts and logs',
    markdown: `${lines.join('\n')}\n`,
    text: text.join('\n'),
  };
}
