/**
 * The command line itself is wrong: an unknown command or option, an option given twice or
 * without its value, a required option or argument missing, an argument too many. Its message
 * is one whole sentence saying what to type instead. A setting whose value is unusable (an
 * option's, an environment variable's, a file's) is an InputError instead, in the core's
 * shape `<setting> <problem>: <fix>.`; both end the command with the usage exit code.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    /** What was mistyped: `--project`, `command`, `PIPELINE`. */
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
}
