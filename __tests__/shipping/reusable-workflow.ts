import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { runAction, type ActionRun } from '../../scripts/github-runner.js';
import { ROOT } from './processes.js';
import { REUSABLE } from './workflows.js';
import {
  condition,
  render,
  type Contexts,
  type JobState,
  type Value,
} from './workflow-expressions.js';

/**
 * The reusable workflow run as GitHub runs a call to it ("Reusing workflows"): the caller's
 * `with:` checked against the declared inputs and typed, defaults filled in, unset secrets
 * empty; then its one job, step by step, each `if:` and `with:` evaluated, the action's step
 * being the built dist/ run as a runner runs it. actions/upload-artifact needs the Actions
 * service, so its step is stood in for: it reports the files it would upload (hidden ones
 * too when include-hidden-files is true) and an artifact id when there are any.
 */

export interface WorkflowCallInput {
  description?: string;
  type: 'boolean' | 'number' | 'string';
  required?: boolean;
  default?: string | boolean | number;
}
export interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
export interface ReusableWorkflow {
  on: {
    workflow_call: {
      inputs: Record<string, WorkflowCallInput>;
      secrets: Record<string, { description?: string; required?: boolean }>;
      outputs: Record<string, { description?: string; value: string }>;
    };
  };
  permissions?: unknown;
  jobs: Record<
    string,
    { permissions?: unknown; outputs: Record<string, string>; steps: Step[]; 'runs-on': string }
  >;
}

export const REUSABLE_TEXT = readFileSync(join(ROOT, REUSABLE), 'utf8');
export const reusableWorkflow = parse(REUSABLE_TEXT) as ReusableWorkflow;
export const declared = reusableWorkflow.on.workflow_call;

export interface Call {
  /** The calling job's `with:`, as its YAML gives it (true is a boolean, 'true' a string). */
  readonly with: Record<string, string | boolean | number>;
  readonly secrets: Record<string, string>;
  /** The GITHUB_TOKEN of the call (`github.token`). */
  readonly githubToken: string;
  /** The runner's environment beyond the defaults of scripts/github-runner.js. */
  readonly env?: Record<string, string>;
  readonly workspace: string;
}

export interface Upload {
  readonly with: Record<string, string>;
  /** Paths relative to `path`, sorted. */
  readonly files: string[];
}

export interface CalledRun {
  /** What the action's step was given, as the runner hands it over. */
  readonly stepWith: Record<string, string>;
  readonly step: ActionRun;
  /** The upload step, when its `if:` let it run. */
  readonly upload?: Upload;
  /** The workflow's outputs, as `needs.<job>.outputs` shows them to the caller. */
  readonly outputs: Record<string, string>;
}

/** The `inputs` context of the call: given values type-checked, defaults filled in. */
function inputsOf(given: Call['with']): Record<string, Value> {
  const inputs: Record<string, Value> = {};
  for (const name of Object.keys(given)) {
    if (!(name in declared.inputs)) throw new Error(`Invalid input, ${name} is not defined`);
  }
  for (const [name, spec] of Object.entries(declared.inputs)) {
    const value = given[name] ?? spec.default;
    if (value === undefined) {
      if (spec.required) throw new Error(`Input required and not supplied: ${name}`);
      inputs[name] = spec.type === 'boolean' ? false : spec.type === 'number' ? 0 : '';
      continue;
    }
    if (typeof value !== spec.type) {
      throw new Error(`Input ${name} is typed ${spec.type}, given ${typeof value} ${value}`);
    }
    inputs[name] = value;
  }
  return inputs;
}

function secretsOf(given: Call['secrets']): Record<string, Value> {
  const secrets: Record<string, Value> = {};
  for (const name of Object.keys(given)) {
    if (!(name in declared.secrets)) throw new Error(`Invalid secret, ${name} is not defined`);
  }
  for (const [name, spec] of Object.entries(declared.secrets)) {
    if (spec.required && !given[name]) throw new Error(`Secret ${name} is required`);
    secrets[name] = given[name] ?? '';
  }
  return secrets;
}

function filesBelow(dir: string, hidden: boolean): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((path) => hidden || !path.split('/').some((part) => part.startsWith('.')))
    .sort();
}

const renderAll = (values: Record<string, unknown>, contexts: Contexts, job: JobState) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, render(v, contexts, job)]));

export async function callReusableWorkflow(call: Call): Promise<CalledRun> {
  const [jobName, job] = Object.entries(reusableWorkflow.jobs)[0] ?? [];
  if (!jobName || !job) throw new Error(`${REUSABLE} has no job`);
  const steps: Record<string, Value> = {};
  const contexts: Contexts = {
    inputs: inputsOf(call.with),
    secrets: secretsOf(call.secrets),
    github: { token: call.githubToken },
    steps,
  };
  const state = { failed: false, cancelled: false };
  let step: ActionRun | undefined;
  let stepWith: Record<string, string> = {};
  let upload: Upload | undefined;

  for (const s of job.steps) {
    if (!condition(s.if, contexts, state)) continue;
    const given = renderAll(s.with ?? {}, contexts, state);
    let outputs: Record<string, string>;
    if (s.uses === 'gitlab-pipeline-trigger/gitlab-pipeline-trigger@v1') {
      stepWith = given;
      step = await runAction({ with: given, env: call.env, workspace: call.workspace });
      outputs = step.outputs;
      if (step.exitCode !== 0) state.failed = true;
    } else if (s.uses?.startsWith('actions/upload-artifact@')) {
      const files = filesBelow(given.path ?? '', given['include-hidden-files'] === 'true');
      upload = { with: given, files };
      outputs = files.length ? { 'artifact-id': '4242' } : {};
    } else {
      throw new Error(`The stand-in does not know the step ${s.name ?? s.uses}`);
    }
    if (s.id) steps[s.id] = { outputs };
  }
  if (!step) throw new Error(`${REUSABLE} did not run the action`);

  const jobOutputs = renderAll(job.outputs, contexts, state);
  const outputs = renderAll(
    Object.fromEntries(Object.entries(declared.outputs).map(([k, o]) => [k, o.value])),
    { jobs: { [jobName]: { outputs: jobOutputs } } },
    state,
  );
  return { stepWith, step, upload, outputs };
}
