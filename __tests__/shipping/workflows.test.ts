import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { actionYaml } from '../../scripts/github-runner.js';
import { parseVariables } from '../../src/core/parse/variables.js';
import { ROOT } from './processes.js';
import {
  actionlint,
  allUses,
  markdownWorkflowSnippets,
  OWNER,
  readmeWorkflowSnippets,
  REPOSITORY,
  REUSABLE,
  shippedWorkflows,
  usesOfThisProject,
  type WorkflowText,
} from './workflows.js';

// The GitHub workflows that ship with the project and the README's workflow snippets: valid
// for actionlint, and using this action and its reusable workflow only as they are declared.

const workflows = shippedWorkflows();
const snippets = [
  ...readmeWorkflowSnippets(),
  ...markdownWorkflowSnippets('docs/reusable-workflow.md'),
];
const everything: WorkflowText[] = [...workflows, ...snippets];

interface Declared {
  inputs: Record<string, { required?: boolean; default?: unknown }>;
  secrets: Record<string, { required?: boolean }>;
  outputs: Record<string, unknown>;
}
const reusable = (
  parse(readFileSync(join(ROOT, REUSABLE), 'utf8')) as { on: { workflow_call: Declared } }
).on.workflow_call;

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

describe('the workflows and the README snippets', () => {
  it('include the reusable workflow, the dispatch example, CI, and the README examples', () => {
    expect(workflows.map((w) => w.path)).toEqual(
      expect.arrayContaining([
        REUSABLE,
        '.github/workflows/dispatch-example.yml',
        '.github/workflows/ci.yml',
      ]),
    );
    expect(snippets.length).toBeGreaterThanOrEqual(5);
  });

  it('pass actionlint', () => {
    expect(actionlint(everything)).toEqual([]);
  }, 60_000);

  it('give this action only the inputs action.yml declares, and every required one', () => {
    const declared = Object.keys(actionYaml.inputs);
    const required = declared.filter((name) => actionYaml.inputs[name]?.required);
    const steps = everything.flatMap(usesOfThisProject).filter((u) => u.what === 'action');
    expect(steps.length).toBeGreaterThanOrEqual(6);
    for (const step of steps) {
      expect({
        where: step.where,
        unknown: step.withKeys.filter((k) => !declared.includes(k)),
      }).toEqual({ where: step.where, unknown: [] });
      expect({
        where: step.where,
        missing: required.filter((k) => !step.withKeys.includes(k)),
      }).toEqual({ where: step.where, missing: [] });
    }
  });

  it('read only the outputs action.yml declares from its steps', () => {
    const declared = Object.keys(actionYaml.outputs);
    const steps = everything.flatMap(usesOfThisProject).filter((u) => u.what === 'action');
    expect(steps.flatMap((s) => s.outputsRead).length).toBeGreaterThan(0);
    for (const step of steps) {
      // A step with outputs_from also sets an output per key of GitLab's dotenv files.
      const fromGitLab = (o: string) =>
        step.withKeys.includes('outputs_from') && /^[A-Za-z_][A-Za-z0-9_]*$/.test(o);
      expect({
        where: step.where,
        unknown: step.outputsRead.filter((o) => !declared.includes(o) && !fromGitLab(o)),
      }).toEqual({ where: step.where, unknown: [] });
    }
  });

  it('call the reusable workflow with its declared inputs, secrets and outputs only', () => {
    const calls = everything
      .flatMap(usesOfThisProject)
      .filter((u) => u.what === 'reusable workflow');
    expect(calls.length).toBeGreaterThanOrEqual(2);
    const inputs = Object.keys(reusable.inputs);
    const secrets = Object.keys(reusable.secrets);
    const requiredInputs = inputs.filter((k) => reusable.inputs[k]?.required);
    const requiredSecrets = secrets.filter((k) => reusable.secrets[k]?.required);
    for (const call of calls) {
      expect({
        where: call.where,
        unknownInputs: call.withKeys.filter((k) => !inputs.includes(k)),
        missingInputs: requiredInputs.filter((k) => !call.withKeys.includes(k)),
        unknownSecrets: call.secretKeys.filter((k) => !secrets.includes(k)),
        missingSecrets: requiredSecrets.filter((k) => !call.secretKeys.includes(k)),
        unknownOutputs: call.outputsRead.filter((o) => !(o in reusable.outputs)),
      }).toEqual({
        where: call.where,
        unknownInputs: [],
        missingInputs: [],
        unknownSecrets: [],
        missingSecrets: [],
        unknownOutputs: [],
      });
    }
  });

  it("hand the reusable workflow's callers pipeline_id, web_url and status", () => {
    expect(Object.keys(reusable.outputs)).toEqual(
      expect.arrayContaining(['pipeline_id', 'status', 'web_url']),
    );
  });

  it(`name this repository by one owner, ${OWNER}, and say so in the README`, () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.match(/<owner>/g) ?? []).toEqual([]);
    expect(readme).toContain(`The examples name the GitHub repository \`${REPOSITORY}\``);
    const hosted = [
      ...readme.matchAll(/(?:github|gitlab)\.com\/([\w.-]+)\/gitlab-pipeline-trigger/g),
    ];
    expect(hosted.length).toBeGreaterThan(0);
    expect(sorted(hosted.map((m) => m[1] ?? ''))).toEqual([OWNER]);
    for (const file of everything) {
      for (const uses of allUses(file).filter((u) => u.includes('gitlab-pipeline-trigger'))) {
        expect(uses.startsWith(`${REPOSITORY}@`) || uses.startsWith(`${REPOSITORY}/`)).toBe(true);
      }
    }
  });
});

/** GitHub's toJSON of a string: a JSON string literal (Json.NET escapes what JSON must). */
const toJSON = (value: string) => JSON.stringify(value);

/**
 * The `variables` text GitHub hands the action when the dispatch example runs: its expressions
 * `${{ toJSON(inputs.x) }}` evaluated with the form's values, then passed through the reusable
 * workflow's `variables: ${{ inputs.variables }}` unchanged.
 */
function variablesSent(form: Record<string, string>): string {
  const example = parse(
    readFileSync(join(ROOT, '.github/workflows/dispatch-example.yml'), 'utf8'),
  ) as { jobs: Record<string, { with?: { variables?: string } }> };
  const template = example.jobs.deploy?.with?.variables ?? '';
  const reusableJob = parse(readFileSync(join(ROOT, REUSABLE), 'utf8')) as {
    jobs: Record<string, { steps: { with?: Record<string, string> }[] }>;
  };
  const passed = reusableJob.jobs.trigger?.steps.find((s) => s.with?.variables)?.with?.variables;
  expect(passed).toBe('${{ inputs.variables }}');
  return template.replace(/\$\{\{\s*toJSON\(inputs\.(\w+)\)\s*\}\}/g, (_, name: string) =>
    toJSON(form[name] ?? ''),
  );
}

describe('the dispatch example', () => {
  it('sends form values exactly as typed: backslashes, quotes, colons, newlines', () => {
    const form = {
      environment: 'production',
      version: '1.10',
      notes: `C:\\new\\tpath has "double" and 'single' quotes: # not a comment\nsecond line`,
    };
    expect(parseVariables(variablesSent(form), 'variables')).toEqual({
      ENVIRONMENT: 'production',
      VERSION: '1.10',
      NOTES: form.notes,
    });
  });

  it('sends any text typed in a field unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.string({ maxLength: 30 }),
        (notes, version) => {
          const sent = parseVariables(
            variablesSent({ environment: 'staging', version, notes }),
            'variables',
          );
          expect(sent).toEqual({ ENVIRONMENT: 'staging', VERSION: version, NOTES: notes });
        },
      ),
      { numRuns: 300 },
    );
  });
});
