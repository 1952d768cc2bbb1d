/** Where the core writes what a user should see. The action maps it to the runner's log. */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}
