import { InputError } from './errors.js';

/**
 * A rule that joins two or more settings: when it is broken, the setting named is refused
 * before any request, in the one shape every input error has (`<setting> <problem>: <fix>.`).
 * Every joint rule is written through here, the core's and a host's own alike.
 */
export function rule(broken: boolean, setting: string, problem: string, fix: string): void {
  if (broken) throw new InputError(setting, problem, fix);
}
