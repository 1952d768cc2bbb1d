import { InputError } from '../core/errors.js';

/**
 * A command-line mistake whose message is written whole (an unknown command, a missing
 * option), rather than as "<setting> <problem>: <fix>.".
 */
export class UsageError extends InputError {
  constructor(input: string, message: string) {
    super(input, message);
    this.message = message;
  }
}
