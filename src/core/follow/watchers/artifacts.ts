import { randomUUID } from 'node:crypto';
import { mkdir, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { NetworkError, StoppedError } from '../../errors.js';
import { formatSize, matchesAny } from '../../parse/artifact-globs.js';
import type { PipelineResultsApi } from '../../pipeline-results-api.js';
import type { Finding, WatchContext, Watcher } from '../watcher.js';
import { downloadsSection } from './artifacts-render.js';
import type { TreeApi } from './downstream-tree.js';
import { pipelineJobs, type FoundJob } from './job-finder.js';
import type { JobDownload } from './result-findings.js';
import {
  OutsideRoot,
  gitSegment,
  isInside,
  makeFolderInside,
  refuseLink,
} from '../../confined-paths.js';
import { MAX_ENTRIES, unzipSafely, type UnzipOutcome } from './safe-unzip.js';

export interface ArtifactsOptions {
  readonly api: TreeApi & Pick<PipelineResultsApi, 'saveArchive' | 'saveLog'>;
  /** `download_artifacts`: job names or globs; the matching jobs' archives are unpacked. */
  readonly globs: readonly string[];
  /** `download_logs`: save the full log of each job matched (of every job when no globs). */
  readonly logs: boolean;
  /** `artifacts_path`, resolved: one folder per job below it. */
  readonly artifactsPath: string;
  /** `artifacts_max_size`: the most bytes an archive may take, downloaded and unpacked; a log too. */
  readonly maxBytes: number;
  /** The host's names of the settings, for messages. */
  readonly names: { readonly artifacts: string; readonly maxBytes: string; readonly path: string };
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
      const problems: Finding[] = [];
      const jobs = await pipelineJobs(options.api, end.pipeline, {
        stops: ctx.stops,
        downstream: options.downstream,
      }).catch((error: unknown) => {
        // Nothing asked for can be fetched without the jobs: the step must not pass.
        if (error instanceof StoppedError && error.reason === 'aborted') throw error;
        const text = `The jobs of pipeline #${end.pipeline.id} could not be listed, so no artifacts or logs were downloaded: ${(error as Error).message}`;
        problems.push({ kind: 'problem', level: 'error', title: 'Artifacts not downloaded', text });
        problems.push({ kind: 'failure', message: text });
        return [];
      });
      const chosen = choose(jobs, options, problems);
      const real = await makeRoot(root).catch((error: unknown) => {
        if (!(error instanceof OutsideRoot)) throw error;
        const text = `${options.names.path} was not written to: ${error.message}. Remove the link, or choose another ${options.names.path}.`;
        problems.push({ kind: 'problem', level: 'error', title: 'Artifacts not downloaded', text });
        problems.push({ kind: 'failure', message: text });
        return undefined;
      });
      if (real === undefined) {
        for (const problem of problems) ctx.report(problem);
        return;
      }
      const folders = new Set<string>();
      const downloads: JobDownload[] = [];
      for (const found of chosen) {
        const folder = folderOf(root, found, folders);
        downloads.push(await download(found, { root, real, folder }, options, ctx, problems));
      }
      const complete = !problems.some((p) => p.kind === 'failure');
      ctx.report({ kind: 'downloads', downloads: { root, jobs: downloads, complete } });
      ctx.report(downloadsSection({ root, jobs: downloads, complete }));
      for (const problem of problems) ctx.report(problem);
    },
  };
}

/**
 * `artifacts_path`, made; its real path. Inside the working directory (the checkout, which a
 * pull request fills) every folder on the way is checked as those below it are: a
 * `gitlab-artifacts` committed as a link to elsewhere is not written through. A folder outside
 * it was chosen as such by the user, and is made as given.
 */
async function makeRoot(root: string): Promise<string> {
  const cwd = process.cwd();
  if (!isInside(cwd, root)) {
    await mkdir(root, { recursive: true });
    return realpath(root);
  }
  const real = await realpath(cwd);
  // A link to the checkout's own .git (also inside it) would let archives rewrite its refs.
  return makeFolderInside(real, join(real, relative(cwd, root)), { noGit: true });
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

/**
 * A folder per job, named after it (its downstream path as parent folders), never shared: not
 * with another job's folder nor with its log beside it (a job named `build.log`), also where
 * names differ only in case or Unicode form, which macOS and Windows take as one name.
 */
function folderOf(root: string, found: FoundJob, taken: Set<string>): string {
  const segments = [...found.path, found.job.name].map(safeSegment);
  const named = join(root, ...segments);
  const key = (path: string): string => path.normalize('NFC').toLowerCase();
  const free = (path: string): boolean => !taken.has(key(path)) && !taken.has(key(`${path}.log`));
  let folder = named;
  for (let n = 1; !free(folder); n++) folder = `${named}-${found.job.id}${n > 1 ? `-${n}` : ''}`;
  taken.add(key(folder));
  taken.add(key(`${folder}.log`));
  return folder;
}

/**
 * The bytes a folder name keeps of a job's name: a file name holds 255 bytes on the usual
 * systems, and GitLab's 255 characters may take four times that; `-<id>.log` is added to it.
 */
const MAX_SEGMENT_BYTES = 200;

/** A job's name as one folder name on any system. */
export function safeSegment(name: string): string {
  // eslint-disable-next-line no-control-regex
  const replaced = name.replace(/[\\/:*?"<>|\x00-\x1f]/g, '_');
  let kept = '';
  for (const char of replaced) {
    if (Buffer.byteLength(kept + char) > MAX_SEGMENT_BYTES) break;
    kept += char;
  }
  const safe = kept.replace(/[. ]+$/, '');
  return safe === '' || safe === '.' || safe === '..' ? '_' : safe;
}

/** Where one job's files go: below `root` (whose real path is `real`), in `folder`. */
interface Place {
  readonly root: string;
  readonly real: string;
  readonly folder: string;
}

/** The statuses a problem's level is reported at; an `error` fails the step too. */
type Problem = (level: 'error' | 'warning', title: string, text: string) => void;

async function download(
  found: FoundJob,
  place: Place,
  options: ArtifactsOptions,
  ctx: WatchContext,
  problems: Finding[],
): Promise<JobDownload> {
  const { job } = found;
  const { folder } = place;
  const result = {
    job: { id: job.id, name: job.name, web_url: job.web_url },
    name: found.name,
    folder,
    files: 0,
    bytes: 0,
    refused: [] as string[],
    refusedCount: 0,
    problems: [] as string[],
  };
  // What was asked for and could not be fetched fails the step, as a missing output does:
  // a later step would otherwise upload or deploy an incomplete folder.
  const problem: Problem = (level, title, text) => {
    result.problems.push(text);
    problems.push({ kind: 'problem', level, title: `${title}: ${found.name}`, text });
    if (level === 'error') problems.push({ kind: 'failure', message: text });
  };
  const gitFolder = gitSegment(relative(place.root, folder));
  if (gitFolder !== undefined) {
    problem(
      'error',
      'Artifacts not downloaded',
      `Job '${found.name}' would be written to ${folder}, a folder named ${gitFolder}, which git reads as a repository's own: nothing of it was written. Rename the job, or leave it out of ${options.names.artifacts}.`,
    );
    return result;
  }
  if (options.globs.length > 0) await unpack(found, place, options, ctx, result, problem);
  if (!options.logs) return result;
  const log = await saveLog(found, place, options, ctx, problem);
  return log ? { ...result, log } : result;
}

async function unpack(
  found: FoundJob,
  place: Place,
  options: ArtifactsOptions,
  ctx: WatchContext,
  result: { files: number; bytes: number; refused: string[]; refusedCount: number },
  problem: Problem,
): Promise<void> {
  const { job } = found;
  const { folder } = place;
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
    const inside = await makeFolderInside(
      place.real,
      join(place.real, relative(place.root, folder)),
    );
    const outcome = await unzipSafely(archive, inside, options.maxBytes);
    result.files = outcome.files;
    result.bytes = outcome.bytes;
    result.refused = outcome.refused.map((r) => r.name);
    result.refusedCount = outcome.refusedCount;
    reportOutcome(found, folder, outcome, options, problem);
  } catch (error) {
    if (error instanceof StoppedError) throw error;
    if (error instanceof NetworkError && error.code === 'TOO_LARGE') {
      problem(
        'error',
        'Artifacts too large',
        `The artifacts archive of job '${found.name}' is larger than ${max}; it was not unpacked. Raise ${options.names.maxBytes} to take it.`,
      );
    } else if (error instanceof OutsideRoot) {
      problem(
        'error',
        'Artifacts not unpacked',
        `The artifacts of job '${found.name}' were not unpacked: ${error.message}. Remove what is in the way, or choose another ${options.names.path}.`,
      );
    } else {
      problem(
        'error',
        'Artifacts not downloaded',
        `The artifacts of job '${found.name}' could not be downloaded: ${(error as Error).message}`,
      );
    }
  } finally {
    await rm(archive, { force: true });
  }
}

/** What an unpacking left undone, as problems: refused entries warn; a stop fails the step. */
function reportOutcome(
  found: FoundJob,
  folder: string,
  outcome: UnzipOutcome,
  options: ArtifactsOptions,
  problem: Problem,
): void {
  const max = `${formatSize(options.maxBytes)} (${options.names.maxBytes})`;
  const onDisk = `${outcome.files} file${outcome.files === 1 ? '' : 's'} before it ${outcome.files === 1 ? 'is' : 'are'} in ${folder}`;
  if (outcome.refusedCount > 0) {
    const more = outcome.refusedCount - outcome.refused.length;
    const named = `${outcome.refused.map((r) => `'${r.name}' (${r.why})`).join(', ')}${more > 0 ? `, and ${more} more` : ''}`;
    problem(
      'warning',
      'Artifact entries refused',
      `The artifacts of job '${found.name}' held ${outcome.refusedCount} ${outcome.refusedCount === 1 ? 'entry' : 'entries'} not unpacked into ${folder}: ${named}.`,
    );
  }
  if (outcome.damaged !== undefined) {
    problem(
      'error',
      'Artifacts damaged',
      `The artifacts archive of job '${found.name}' is damaged (${outcome.damaged}): unpacking stopped at '${outcome.stoppedAt}', and ${onDisk}. Run the job again, or leave it out of ${options.names.artifacts}.`,
    );
  } else if (outcome.stoppedBy === 'entries') {
    problem(
      'error',
      'Artifacts too many',
      `The artifacts of job '${found.name}' hold more than ${MAX_ENTRIES.toLocaleString('en')} entries and folders: unpacking stopped at '${outcome.stoppedAt}', and ${onDisk}. Keep fewer files in the job's artifacts:paths.`,
    );
  } else if (outcome.stoppedBy === 'bytes') {
    problem(
      'error',
      'Artifacts too large',
      `The artifacts of job '${found.name}' unpack to more than ${max}: unpacking stopped at '${outcome.stoppedAt}', and ${onDisk}. Raise ${options.names.maxBytes} to take them whole.`,
    );
  }
}

async function saveLog(
  found: FoundJob,
  place: Place,
  options: ArtifactsOptions,
  ctx: WatchContext,
  problem: Problem,
): Promise<{ path: string; bytes: number } | undefined> {
  const path = `${place.folder}.log`;
  try {
    // The log's folder is made inside the root, and a link planted where the log goes is
    // refused here and never followed when the file is opened (O_NOFOLLOW in the transport).
    await makeFolderInside(place.real, join(place.real, relative(place.root, dirname(path))));
    await refuseLink(path);
    const bytes = await options.api.saveLog(found.projectId, found.job.id, path, {
      maxBytes: options.maxBytes,
      stops: ctx.stops,
      redactor: ctx.redactor,
    });
    return { path, bytes };
  } catch (error) {
    if (error instanceof StoppedError) throw error;
    if (error instanceof NetworkError && error.code === 'TOO_LARGE') {
      problem(
        'error',
        'Log cut',
        `The log of job '${found.name}' is longer than ${formatSize(options.maxBytes)} (${options.names.maxBytes}): ${path} holds its beginning only. Raise ${options.names.maxBytes} to take it whole.`,
      );
      return { path, bytes: options.maxBytes };
    }
    problem(
      'error',
      'Log not saved',
      `The log of job '${found.name}' could not be saved: ${(error as Error).message}`,
    );
    return undefined;
  }
}
