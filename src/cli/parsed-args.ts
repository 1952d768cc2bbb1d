import type { OptionName } from './options.js';

export type Values = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** A command line read against one command's options. */
export class ParsedArgs {
  constructor(
    private readonly values: Values,
    readonly positionals: readonly string[],
  ) {}

  string(name: OptionName): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  strings(name: OptionName): string[] {
    const value = this.values[name];
    return Array.isArray(value) ? value : [];
  }

  flag(name: OptionName): boolean {
    return this.values[name] === true;
  }
}
