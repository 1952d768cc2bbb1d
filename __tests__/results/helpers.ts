// Shared by the result watchers' tests: runPipeline against the in-process emulator, with a
// real GitLabClient and a clock whose sleeps move the emulator's clock, so pipelines of
// minutes run in milliseconds and nothing depends on real time.
import type { Clock } from '../../src/core/clock.js';
import { connect } from '../../src/core/gitlab-connection.js';
import type { Finding, Watcher } from '../../src/core/follow/watcher.js';
import { standardWatchers } from '../../src/core/follow/watchers/standard.js';
import type { GitLabClient } from '../../src/core/gitlab-client.js';
import { triggerSource } from '../../src/core/pipeline-source.js';
import { PipelinesApi } from '../../src/core/pipelines-api.js';
import { Redactor } from '../../src/core/redact.js';
import { PipelineResultsApi } from '../../src/core/pipeline-results-api.js';
import { runPipeline, type RunResult } from '../../src/core/run-pipeline.js';
import type { TriggerSettings } from '../../src/core/settings.js';
import { WAIT_DEFAULTS, buildWaitSettings } from '../../src/core/wait-settings.js';
import type { Emulator, Script } from '../../emulator/index.js';
import { recordingLogger } from '../helpers/client.js';

export const names = {
  apiToken: 'api_token',
  timeout: 'timeout',
  cancelOnAbort: 'cancel_on_abort',
  passStatuses: 'pass_statuses',
  onManual: 'on_manual',
  maxPollInterval: 'max_poll_interval',
};

/** Emulated time: reading it reads the emulator's clock, sleeping moves it. */
export function emulatorClock(emu: Emulator): Clock {
  return {
    now: () => emu.now(),
    sleep: async (ms) => {
      emu.advance(ms / 1000);
    },
  };
}

export interface Harness {
  readonly client: GitLabClient;
  readonly results: PipelineResultsApi;
  readonly logger: ReturnType<typeof recordingLogger>;
  readonly redactor: Redactor;
}

export async function harness(emu: Emulator, apiToken = emu.seed.apiToken): Promise<Harness> {
  const logger = recordingLogger();
  const redactor = new Redactor();
  redactor.add(emu.seed.triggerToken);
  redactor.add(apiToken);
  const client = await connect(
    { url: emu.url, apiUrl: emu.apiUrl },
    { logger, redactor, clock: emulatorClock(emu), env: {} },
  );
  return { client, results: new PipelineResultsApi(client, apiToken, logger), logger, redactor };
}

/**
 * Triggers a pipeline that runs `script` and waits for it with the standard watchers and
 * `extra`; the script is reset afterwards.
 */
export async function runScript(
  emu: Emulator,
  h: Harness,
  script: Script,
  extra: readonly Watcher[],
  apiToken = emu.seed.apiToken,
): Promise<RunResult> {
  emu.setScript(emu.seed.projectId, 'main', script);
  const settings: TriggerSettings = {
    gitlab: { url: emu.url, apiUrl: emu.apiUrl },
    connection: { requestTimeoutMs: 30_000, caCerts: [] },
    project: { display: emu.seed.projectPath, encoded: encodeURIComponent(emu.seed.projectPath) },
    ref: 'main',
    token: emu.seed.triggerToken,
    variables: {},
    inputs: {},
  };
  const wait = buildWaitSettings({ ...WAIT_DEFAULTS, apiToken, timeout: '2h' }, names);
  try {
    return await runPipeline(triggerSource(h.client, settings), [...standardWatchers(), ...extra], {
      clock: emulatorClock(emu),
      logger: h.logger,
      redactor: h.redactor,
      wait: true,
      follow: {
        api: new PipelinesApi(h.client, settings.project, apiToken),
        settings: wait,
        names,
        random: () => 0.5,
        expectedMs: 60_000,
      },
    });
  } finally {
    emu.setScript(emu.seed.projectId, 'main', null);
  }
}

/** The findings of one kind, typed. */
export function findingsOf<K extends Finding['kind']>(
  result: RunResult,
  kind: K,
): Extract<Finding, { kind: K }>[] {
  return result.findings.filter((f): f is Extract<Finding, { kind: K }> => f.kind === kind);
}
