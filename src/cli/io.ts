/** What a command reads from and writes to: the process in real use, a stand-in in tests. */
export interface Io {
  readonly env: NodeJS.ProcessEnv;
  /** True when stderr is a terminal: only then are lines coloured. */
  readonly stderrIsTTY: boolean;
  writeOut(text: string): void;
  writeErr(text: string): void;
  /**
   * A file's text; `-` reads stdin. `option` names who reads it, for the message when stdin
   * was read already. Throws the file system's error, or a FileReadError.
   */
  readFile(path: string, option?: string): string;
}
