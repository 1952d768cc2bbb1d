// @ts-check
// Named pipelines to try a feature without writing JavaScript: `node emulator/serve.js
// --scenario NAME` makes every pipeline of the seeded project (acme/platform/deploy, on any of
// its refs) run one of them, and `npm run demo -- NAME` runs the action against it.

import { DEFAULT_SCRIPT } from './scripts.js';

/** @typedef {import('./types.js').Script} Script */

/**
 * @typedef {object} Scenario
 * @property {string} title what the pipeline does, in one line (listed by --help)
 * @property {Script} script
 * @property {Record<string, string>} step the action's inputs that show the feature
 * @property {string} shows what a user sees, said after the demo's run
 * @property {number} [speed] emulated seconds per real second for the demo (default 4)
 */

/** @type {Record<string, Scenario>} */
export const SCENARIOS = {
  tour: {
    title: 'a test report, a dotenv output and a failed child pipeline, in a pipeline that passes',
    script: {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [
        {
          name: 'build',
          stage: 'build',
          duration: 16,
          // Written piece by piece: the step's log follows it live (stream_logs).
          traceChunks: [
            {
              at: 0,
              text: '\u001b[0Ksection_start:1700000000:deps\r\u001b[0KInstalling dependencies\n',
            },
            {
              at: 4,
              text: 'fetched 42 packages\n\u001b[0Ksection_end:1700000000:deps\r\u001b[0K\n',
            },
            { at: 8, text: '\u001b[32mcompiling\u001b[0m\n' },
            { at: 12, text: 'build ok\n' },
          ],
        },
        {
          name: 'unit',
          stage: 'test',
          duration: 4,
          result: 'failed',
          allowFailure: true,
          trace: 'running specs\n1 failure\n',
          tests: [
            { name: 'adds two numbers', classname: 'MathTest', file: './spec/math_spec.rb' },
            { name: 'parses 1.10', classname: 'VersionTest', file: './spec/version_spec.rb' },
            {
              name: 'divides by zero',
              classname: 'MathTest',
              status: 'failed',
              file: './spec/math_spec.rb',
              systemOutput: 'expected ZeroDivisionError, got Infinity',
            },
          ],
        },
        {
          name: 'deploy',
          stage: 'deploy',
          duration: 3,
          artifacts: { 'deploy.env': 'ENVIRONMENT_URL=https://staging.example.com\n' },
        },
      ],
      bridges: [
        {
          name: 'integration-tests',
          stage: 'test',
          downstream: {
            child: true,
            script: {
              jobs: [
                {
                  name: 'integration',
                  stage: 'test',
                  duration: 3,
                  result: 'failed',
                  trace: 'GET /health\nExpected 200, got 503\n',
                },
              ],
            },
          },
        },
      ],
    },
    step: {
      variables: 'VERSION: 1.10\nENVIRONMENT: staging',
      inputs: 'replicas: 3\ndry_run: false',
      outputs_from: 'deploy:deploy.env',
      stream_logs: 'build',
    },
    shows: [
      'The pipeline passed, so the step passes: its failed test job may fail, and the child',
      "pipeline's failure does not fail its trigger job (no strategy: depend). Both are still",
      'named, with the end of their logs.',
    ].join('\n'),
  },
  passing: {
    title: 'four jobs in three stages that pass (what the emulator runs by default)',
    script: DEFAULT_SCRIPT,
    step: {},
    shows: 'The step passes and its outputs describe the finished pipeline.',
  },
  'failing-job': {
    title: 'a test job fails: the pipeline fails',
    script: {
      createdSeconds: 1,
      jobs: [
        { name: 'build', stage: 'build', duration: 2 },
        {
          name: 'api-tests',
          stage: 'test',
          duration: 3,
          result: 'failed',
          trace: 'GET /orders\nexpected status 200, got 500\nERROR: Job failed: exit code 1\n',
        },
        { name: 'deploy', stage: 'deploy', duration: 2 },
      ],
    },
    step: {},
    shows: 'The step fails (exit 1), names the failed job and shows the end of its log.',
  },
  'manual-gate': {
    title: 'a manual approval job blocks the deployment until someone runs it',
    script: {
      createdSeconds: 1,
      jobs: [
        { name: 'build', stage: 'build', duration: 2 },
        { name: 'approve-production', stage: 'approve', when: 'manual', allowFailure: false },
        { name: 'deploy-production', stage: 'deploy', duration: 2 },
      ],
    },
    step: { on_manual: 'play' },
    shows: [
      'With on_manual: play the action runs the manual job itself and waits on. The default,',
      'on_manual: fail, fails the step naming the job; pass passes it; wait waits for a person.',
    ].join('\n'),
  },
  'failed-downstream': {
    title: 'a trigger job (strategy: depend) whose child pipeline fails',
    script: {
      createdSeconds: 1,
      jobs: [{ name: 'build', stage: 'build', duration: 2 }],
      bridges: [
        {
          name: 'deploy-staging',
          stage: 'deploy',
          strategy: 'depend',
          downstream: {
            child: true,
            script: {
              jobs: [
                { name: 'migrate', stage: 'deploy', duration: 2 },
                {
                  name: 'smoke-test',
                  stage: 'verify',
                  duration: 2,
                  result: 'failed',
                  trace: 'curl https://staging.example.com/health\nHTTP 503\n',
                },
              ],
            },
          },
        },
      ],
    },
    step: {},
    shows: 'The step fails and names the downstream job that failed, with the end of its log.',
  },
  'test-report': {
    title: 'a JUnit report with passed, skipped and failed tests',
    script: {
      createdSeconds: 1,
      jobs: [
        {
          name: 'rspec',
          stage: 'test',
          duration: 3,
          result: 'failed',
          tests: [
            { name: 'creates an order', classname: 'OrderSpec', file: './spec/order_spec.rb' },
            { name: 'refunds', classname: 'OrderSpec', status: 'skipped' },
            {
              name: 'rounds the total',
              classname: 'InvoiceSpec',
              status: 'failed',
              file: './spec/invoice_spec.rb',
              systemOutput: 'expected 10.10, got 10.1',
            },
          ],
        },
      ],
    },
    step: { test_report: 'true' },
    shows: 'The summary holds a table per suite and the failed tests; the step fails.',
  },
  'dotenv-outputs': {
    title: "a deploy job whose dotenv artifact becomes the step's outputs",
    script: {
      createdSeconds: 1,
      jobs: [
        {
          name: 'deploy',
          stage: 'deploy',
          duration: 2,
          artifacts: {
            'deploy.env': 'ENVIRONMENT_URL=https://review-42.example.com\nIMAGE_TAG=1.10.0\n',
          },
        },
      ],
    },
    step: { outputs_from: 'deploy:deploy.env' },
    shows: 'ENVIRONMENT_URL and IMAGE_TAG are step outputs, and gitlab_outputs holds both as JSON.',
  },
  artifacts: {
    title: "a build job's artifacts, unpacked into the workspace",
    script: {
      createdSeconds: 1,
      jobs: [
        {
          name: 'build',
          stage: 'build',
          duration: 2,
          artifacts: {
            'dist/app.js': 'console.log("built by GitLab");\n',
            'dist/checksums.txt': 'sha256  app.js\n',
          },
        },
      ],
    },
    step: { download_artifacts: 'build', download_logs: 'true' },
    shows:
      'The files land in gitlab-artifacts/build/, and the job log in gitlab-artifacts/build.log.',
  },
  slow: {
    title: 'a pipeline that takes about four minutes',
    script: {
      createdSeconds: 5,
      queueSeconds: 10,
      jobs: [
        { name: 'build', stage: 'build', duration: 60 },
        { name: 'integration', stage: 'test', duration: 120 },
        { name: 'deploy', stage: 'deploy', duration: 45 },
      ],
    },
    step: { max_poll_interval: '30s' },
    speed: 20,
    shows: 'The action asks less often as the pipeline ages, up to max_poll_interval.',
  },
  'growing-log': {
    title: 'a job whose log grows line by line while it runs (about 40 s)',
    script: {
      createdSeconds: 1,
      jobs: [
        {
          name: 'long-test',
          stage: 'test',
          duration: 40,
          // The job log (GET …/jobs/:id/trace) holds the share of these lines that the job's
          // elapsed time is of its duration, as GitLab's grows while a runner sends it.
          trace: Array.from(
            { length: 40 },
            (_, i) => `[${String(i + 1).padStart(2, '0')}/40] running suite ${i + 1}`,
          ).join('\n'),
        },
      ],
    },
    step: { stream_logs: 'long-test' },
    shows: "The job's log follows in the step's log while it runs (stream_logs).",
  },
};

/** The scenarios' names and titles, one a line, as --help lists them. */
export function scenarioList() {
  const width = Math.max(...Object.keys(SCENARIOS).map((name) => name.length));
  return Object.entries(SCENARIOS)
    .map(([name, { title }]) => `  ${name.padEnd(width)}  ${title}`)
    .join('\n');
}

/**
 * The scenario called `name`, or an error that lists the names there are.
 * @param {string} name
 * @returns {Scenario}
 */
export function scenario(name) {
  const found = Object.hasOwn(SCENARIOS, name) ? SCENARIOS[name] : undefined;
  if (!found) {
    throw new Error(`no scenario '${name}'; the scenarios are:\n${scenarioList()}`);
  }
  return found;
}

/**
 * Makes every pipeline of the seeded project run the scenario, on any ref.
 * @param {import('./index.js').Emulator} emu
 * @param {string} name
 */
export function applyScenario(emu, name) {
  const { script } = scenario(name);
  const seed = emu.seed;
  if (!seed) throw new Error('scenarios run on the seeded project: start the emulator with seed');
  emu.setDefaultScript(seed.projectId, script);
}
