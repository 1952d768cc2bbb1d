/**
 * The command's exit statuses, distinct so that a script can tell what went wrong without
 * reading the message. The README lists them; keep the two in step.
 */
export const ExitCode = {
  /** Done: the pipeline was triggered (and, when waited for, passed), or the token call succeeded. */
  Success: 0,
  /**
   * The pipeline did not pass: it finished in a status not in --pass-statuses, waits on a
   * manual job (--on-manual fail), or --timeout ran out. Used when waiting.
   */
  PipelineDidNotPass: 1,
  /** The command line or a setting is unusable; nothing was sent to GitLab. */
  Usage: 2,
  /** GitLab refused the request, or the network did not carry it. */
  Refused: 3,
  /** Something failed inside the tool that it did not expect: a bug. */
  Internal: 4,
  /** Interrupted (Ctrl-C, SIGTERM) while waiting; 128 + SIGINT, as shells report it. */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** How a stop by Ctrl-C or SIGTERM begins its message here (the action says a run was cancelled). */
export const INTERRUPTED_WORDS = 'Interrupted (Ctrl-C or SIGTERM)';
