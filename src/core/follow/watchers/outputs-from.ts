import { GitLabError, NetworkError, StoppedError } from '../../errors.js';
import type { OutputSource } from '../../parse/outputs-from.js';
import type { PipelineResultsApi } from '../../pipeline-results-api.js';
import type { Finding, WatchContext, Watcher } from '../watcher.js';
import { formatSize } from '../../parse/artifact-globs.js';
import { MAX_DOTENV_BYTES, parseDotenv } from './dotenv.js';
import type { TreeApi } from './downstream-tree.js';
import { pipelineJobs, type FoundJob } from './job-finder.js';

/** The output that holds every output read from GitLab, as one JSON object. */
export const GITLAB_OUTPUTS = 'gitlab_outputs';

export interface OutputsFromOptions {
  readonly api: TreeApi & Pick<PipelineResultsApi, 'artifactFile'>;
  /** The parsed `outputs_from` lines; none, and the watcher does nothing. */
  readonly sources: readonly OutputSource[];
  /** The host's own output names, which no key may take (`gitlab_outputs` is added). */
  readonly reserved: readonly string[];
  /** The setting's name as the host calls it, for messages: `outputs_from`, `--outputs-from`. */
  readonly input: string;
}

/**
 * Outputs back from GitLab: once the pipeline has finished, reads each `JOB:PATH` dotenv
 * file from the artifacts of the job (the last run, looked for in the pipeline, then in its
 * downstream pipelines) and reports an `output` per key and one `gitlab_outputs` with them
 * all as JSON. A missing job or file, a malformed line or a key that clashes with the host's
 * own outputs is an error `problem` naming the job, file and line, and a `failure`: the step
 * must fail. What could be read is still reported.
 */
export function outputsFrom(options: OutputsFromOptions): Watcher {
  return {
    name: 'outputs from GitLab',
    async end(end, ctx) {
      if (options.sources.length === 0 || ctx.stops.signal?.aborted) return;
      if (end.outcome !== 'passed' && end.outcome !== 'failed') return;
      const values = new Map<string, string>();
      // Where each key was read, for the warning about names that differ only in case.
      const origins = new Map<string, string>();
      const errors: string[] = [];
      const jobs = await findJobs(options, end.pipeline, ctx).catch((error: unknown) => {
        // The step must not pass without the outputs it was asked for: a failure, not a warning.
        if (error instanceof StoppedError && error.reason === 'aborted') throw error;
        const why = error instanceof Error ? error.message : String(error);
        errors.push(
          `${options.input}: the jobs of pipeline #${end.pipeline.id} could not be listed, so no output was read: ${why}`,
        );
        return undefined;
      });
      for (const source of jobs ? options.sources : []) {
        const found = pick(jobs ?? [], source.job);
        const error = found
          ? await readSource(options, source, found, { values, origins }, ctx)
          : `${options.input} line ${source.line}: no job '${source.job}' in pipeline #${end.pipeline.id} or its downstream pipelines`;
        if (error) errors.push(error);
      }
      for (const [name, value] of values) ctx.report({ kind: 'output', name, value });
      ctx.report({
        kind: 'output',
        name: GITLAB_OUTPUTS,
        aggregate: true,
        value: JSON.stringify(Object.fromEntries(values)),
      });
      for (const text of errors)
        ctx.report({ kind: 'problem', level: 'error', title: 'Output from GitLab not read', text });
      if (errors.length > 0) ctx.report(failure(errors));
    },
  };
}

/** The jobs the sources name: the pipeline's own, and its downstream pipelines' only when needed. */
async function findJobs(
  options: OutputsFromOptions,
  pipeline: { project_id: number; id: number },
  ctx: WatchContext,
): Promise<FoundJob[]> {
  const own = await pipelineJobs(options.api, pipeline, { stops: ctx.stops, downstream: false });
  if (options.sources.every((s) => pick(own, s.job))) return own;
  return pipelineJobs(options.api, pipeline, { stops: ctx.stops });
}

/** The job of that name, or of that path (`child › job`); the pipeline's own first. */
function pick(jobs: readonly FoundJob[], name: string): FoundJob | undefined {
  return (
    jobs.find((j) => j.job.name === name && j.path.length === 0) ??
    jobs.find((j) => j.name === name) ??
    jobs.find((j) => j.job.name === name)
  );
}

/** Reads one dotenv file into `values`; what went wrong, if anything. */
async function readSource(
  options: OutputsFromOptions,
  source: OutputSource,
  found: FoundJob,
  { values, origins }: { values: Map<string, string>; origins: Map<string, string> },
  ctx: WatchContext,
): Promise<string | undefined> {
  const { job } = found;
  const where = `${options.input} line ${source.line}: job '${found.name}'`;
  let text: string | undefined;
  try {
    text = await options.api.artifactFile(found.projectId, job.id, source.path, {
      stops: ctx.stops,
      maxBytes: MAX_DOTENV_BYTES,
    });
  } catch (error) {
    if (error instanceof StoppedError) throw error;
    if (error instanceof NetworkError && error.code === 'TOO_LARGE')
      return `${where}, file '${source.path}' is larger than ${formatSize(MAX_DOTENV_BYTES)}, more than a dotenv file of outputs may be (GitLab's own dotenv report takes 5 KB by default): not read. Keep only the outputs in it`;
    if (!(error instanceof GitLabError || error instanceof NetworkError)) throw error;
    return `${where}, file '${source.path}' could not be read: ${error.message}`;
  }
  if (text === undefined)
    return `${where} (${job.status}) has no file '${source.path}' in its artifacts archive (a dotenv report is kept apart from it: list the file under artifacts:paths too): ${job.web_url}`;
  const parsed = parseDotenv(text);
  if (!parsed.ok)
    return `${where}, file '${source.path}', line ${parsed.line} ${parsed.problem}: ${JSON.stringify(ctx.redactor.redact(parsed.text.slice(0, 200)))}`;
  // GitHub reads step outputs without regard to case: STATUS would shadow status.
  const reserved = new Set([...options.reserved, GITLAB_OUTPUTS].map((n) => n.toLowerCase()));
  const clash = [...parsed.values.keys()].find((key) => reserved.has(key.toLowerCase()));
  if (clash)
    return `${where}, file '${source.path}': the key ${clash} ${clash.toLowerCase() === GITLAB_OUTPUTS ? 'is kept for every output as JSON' : "is the name of one of the action's own outputs"}; rename it in the file`;
  for (const [key, value] of parsed.values) {
    // GitHub reads outputs without regard to case: URL and url are one output, and the later
    // would silently replace the earlier. The first is kept, and both are named.
    const same = [...values.keys()].find((k) => k !== key && k.toLowerCase() === key.toLowerCase());
    if (same !== undefined) {
      ctx.report({
        kind: 'problem',
        level: 'warning',
        title: 'Output names differ only in case',
        text: `${where}, file '${source.path}': ${key} and ${same} (from ${origins.get(same)}) differ only in case, which GitHub's outputs do not tell apart; ${same} is kept and ${key} is left out. Rename one of them.`,
      });
      continue;
    }
    if (values.has(key) && values.get(key) !== value)
      ctx.logger.warning(
        `${where}, file '${source.path}': ${key} was already read from an earlier file; this value replaces it.`,
      );
    values.set(key, value);
    origins.set(key, `job '${found.name}', file '${source.path}'`);
  }
  return undefined;
}

function failure(errors: readonly string[]): Finding {
  return {
    kind: 'failure',
    message:
      errors.length === 1
        ? (errors[0] ?? '')
        : `${errors.length} outputs from GitLab could not be read: ${errors.join('; ')}`,
  };
}
