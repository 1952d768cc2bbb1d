import type { Logger } from '../core/clock.js';
import type { Redactor } from '../core/redact.js';
import * as core from './runner.js';

/** The runner's log as the core's logger; every line passes the redactor first. */
export function actionLogger(redactor: Redactor): Logger {
  return {
    info: (m) => core.info(redactor.redact(m)),
    warning: (m) => core.warning(redactor.redact(m)),
    debug: (m) => core.debug(redactor.redact(m)),
  };
}
