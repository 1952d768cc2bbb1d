import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { NetworkError, StoppedError } from '../../errors.js';
import { formatSize, matchesAny } from '../../parse/artifact-globs.js';
import type { ResultsApi } from '../../results-api.js';
import type { Finding, WatchContext, Watcher } from '../watcher.js';
import { downloadsSection } from './artifacts-render.js';
import type { TreeApi } from './downstream-tree.js';
import { pipelineJobs, type FoundJob } from './job-finder.js';
import type { JobDownload } from './results.js';
import { MAX_ENTRIES, unzipSafely } from './safe-unzip.js';

export interface ArtifactsOptions {
  readonly api: TreeApi & Pick<ResultsApi, 'saveArchive' | 'saveLog'>;
  /** `download_artifacts`: job names or globs; the matching jobs' archives are unpacked. */
  readonly globs: readonly string[];
  /** `download_logs`: save the full log of each job matched (of every job when no globs). */
  readonly logs: boolean;
  /** `artifacts_path`, resolved: one folder per job below it. */
  readonly artifactsPath: string;
  /** `artifacts_max_size`: the most bytes an archive may take, downloaded and unpacked; a log too. */
  readonly maxBytes: number;
  /** The host's names of the settings, for messages. */
  readonly names: { readonly artifacts: string; readonly maxBytes: string };
  /** Look in the downstream pipelines too (default). */
  readonly downstream?: boolean;
  /** Where archives wait while they are unpacked; the system's temporary folder by default. */
  readonly tempDir?: string;
}

/** Statuses of jobs that never ran, so have neither log nor archive. */
const NEVER_RAN = new Set(['created', 'pending', 'manual', 'skipped', 'scheduled']);

/**
 * Artifacts and logs: once the pipeline has finished, streams each matching job's archive
 * to disk and unpacks it into a folder of its own (entries that would land outside it
 * refused and named), and streams each job's whole log beside it. Reports a `downloads`
 * finding, a `section` for the summary, and `problem`s for what was refused or stopped.
 */
export function downloadArtifacts(options: ArtifactsOptions): Watcher {
  return {
    name: 'artifacts download',
    async end(end, ctx) {
      if (options.globs.length === 0 && !options.logs) return;
      if (ctx.stops.signal?.aborted || (end.outcome !== 'passed' && end.outcome !== 'failed'))
        return;
      const root = resolve(options.artifactsPath);
      const jobs = await pipelineJobs(options.api, end.pipeline, {
        stops: ctx.stops,
        downstream: options.downstream,
      });
      const problems: Finding[] = [];
      const chosen = choose(jobs, options, problems);
      const folders = new Set<string>();
      const downloads: JobDownload[] = [];
      for (const found of chosen) {
        const folder = folderOf(root, found, folders);
        downloads.push(await download(found, folder, options, ctx, problems));
      }
      ctx.report({ kind: 'downloads', downloads: { root, jobs: downloads } });
      ctx.report(downloadsSection({ root, jobs: downloads }));
      for (const problem of problems) ctx.report(problem);
    },
  };
}

/** The jobs to take, and a warning for each glob that matched none. */
function choose(jobs: readonly FoundJob[], options: ArtifactsOptions, problems: Finding[]) {
  const ran = jobs.filter((j) => !NEVER_RAN.has(j.job.status));
  if (options.globs.length === 0) return ran;
  const matches = (glob: string, j: FoundJob): boolean =>
    matchesAny([glob], j.job.name) || matchesAny([glob], [...j.path, j.job.name].join('/'));
  for (const glob of options.globs.filter((g) => !jobs.some((j) => matches(g, j)))) {
    problems.push({
      kind: 'problem',
      level: 'warning',
      title: 'No job to download artifacts from',
      text: `${options.names.artifacts}: '${glob}' matches no job of the pipeline or its downstream pipelines.`,
    });
  }
  return ran.filter((j) => options.globs.some((g) => matches(g, j)));
}

/** A folder per job, named after it (its downstream path as parent folders), never shared. */
function folderOf(root: string, found: FoundJob, taken: Set<string>): string {
  const segments = [...found.path, found.job.name].map(safeSegment);
  let folder = join(root, ...segments);
  if (taken.has(folder)) folder = `${folder}-${found.job.id}`;
  taken.add(folder);
  return folder;
}

/** A job's name as one folder name on any system. */
export function safeSegment(name: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = name.replace(/[\\/:*?"<>|\x00-\x1f]/g, '_').replace(/[. ]+$/, '');
  return safe === '' || safe === '.' || safe === '..' ? '_' : safe;
}

async function download(
  found: FoundJob,
  folder: string,
  options: ArtifactsOptions,
  ctx: WatchContext,
  problems: Finding[],
): Promise<JobDownload> {
  const { job } = found;
  const result = {
    job: { id: job.id, name: job.name, web_url: job.web_url },
    name: found.name,
    folder,
    files: 0,
    bytes: 0,
    refused: [] as string[],
    problems: [] as string[],
  };
  const problem = (level: 'error' | 'warning', title: string, text: string): void => {
    result.problems.push(text);
    problems.push({ kind: 'problem', level, title: `${title}: ${found.name}`, text });
  };
  if (options.globs.length > 0) await unpack(found, folder, options, ctx, result, problem);
  if (!options.logs) return result;
  const log = await saveLog(found, `${folder}.log`, options, ctx, problem);
  return log ? { ...result, log } : result;
}

type Problem = (level: 'error' | 'warning', title: string, text: string) => void;

async function unpack(
  found: FoundJob,
  folder: string,
  options: ArtifactsOptions,
  ctx: WatchContext,
  result: { files: number; bytes: number; refused: string[] },
  problem: Problem,
): Promise<void> {
  const { job } = found;
  const max = `${formatSize(options.maxBytes)} (${options.names.maxBytes})`;
  const archive = join(
    options.tempDir ?? tmpdir(),
    `gitlab-artifacts-${job.id}-${randomUUID()}.zip`,
  );
  try {
    const saved = await options.api.saveArchive(found.projectId, job.id, archive, {
      maxBytes: options.maxBytes,
      stops: ctx.stops,
    });
    if (saved === undefined) return;
    const outcome = await unzipSafely(archive, folder, options.maxBytes);
    result.files = outcome.files;
    result.bytes = outcome.bytes;
    result.refused = outcome.refused.map((r) => r.name);
    if (outcome.refusedCount > 0) {
      const more = outcome.refusedCount - outcome.refused.length;
      const named = `${outcome.refused.map((r) => `'${r.name}' (${r.why})`).join(', ')}${more > 0 ? `, and ${more} more` : ''}`;
      problem(
        'warning',
        'Artifact entries refused',
        `The artifacts of job '${found.name}' held entries that would land outside ${folder}, not unpacked: ${named}.`,
      );
    }
    if (outcome.stoppedBy === 'entries') {
      problem(
        'error',
        'Artifacts too many',
        `The artifacts of job '${found.name}' hold more than ${MAX_ENTRIES.toLocaleString('en')} entries: unpacking stopped at '${outcome.stoppedAt}', and what came before it is in ${folder}.`,
      );
    } else if (outcome.stoppedAt !== undefined) {
      problem(
        'error',
        'Artifacts too large',
        `The artifacts of job '${found.name}' unpack to more than ${max}: unpacking stopped at '${outcome.stoppedAt}', and what came before it is in ${folder}. Raise ${options.names.maxBytes} to take them whole.`,
      );
    }
  } catch (error) {
    if (error instanceof StoppedError) throw error;
    if (error instanceof NetworkError && error.code === 'TOO_LARGE') {
      problem(
        'error',
        'Artifacts too large',
        `The artifacts archive of job '${found.name}' is larger than ${max}; it was not unpacked. Raise ${options.names.maxBytes} to take it.`,
      );
    } else {
      problem(
        'warning',
        'Artifacts not downloaded',
        `The artifacts of job '${found.name}' could not be downloaded: ${(error as Error).message}`,
      );
    }
  } finally {
    await rm(archive, { force: true });
  }
}

async function saveLog(
  found: FoundJob,
  path: string,
  options: ArtifactsOptions,
  ctx: WatchContext,
  problem: Problem,
): Promise<{ path: string; bytes: number } | undefined> {
  try {
    await mkdir(dirname(path), { recursive: true });
    const bytes = await options.api.saveLog(found.projectId, found.job.id, path, {
      maxBytes: options.maxBytes,
      stops: ctx.stops,
    });
    return { path, bytes };
  } catch (error) {
    if (error instanceof StoppedError) throw error;
    if (error instanceof NetworkError && error.code === 'TOO_LARGE') {
      problem(
        'warning',
        'Log cut',
        `The log of job '${found.name}' is longer than ${formatSize(options.maxBytes)} (${options.names.maxBytes}): ${path} holds its beginning only.`,
      );
      return { path, bytes: options.maxBytes };
    }
    problem(
      'warning',
      'Log not saved',
      `The log of job '${found.name}' could not be saved: ${(error as Error).message}`,
    );
    return undefined;
  }
}
