import { systemClock } from '../core/clock.js';
import { connect } from '../core/gitlab-connection.js';
import type { GitLabClient } from '../core/gitlab-client.js';
import type { TriggerSettings } from '../core/settings.js';
import { Input } from './names.js';
import type { Runner } from './runner.js';

/** The core's client for the instance, logging to the runner through its redactor. */
export function connectAction(runner: Runner, settings: TriggerSettings): Promise<GitLabClient> {
  return connect(settings.gitlab, {
    logger: runner.logger(),
    redactor: runner.redactor,
    clock: systemClock,
    connection: settings.connection,
    caCertSetting: Input.CaCert,
  });
}
