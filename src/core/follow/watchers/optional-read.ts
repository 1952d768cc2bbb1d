import { GitLabError, NetworkError } from '../../errors.js';

/**
 * A read that may fail without harm (a log tail, the bridges of a report): what GitLab or the
 * network refused is left out as undefined, and so is a read cut by a stop (a StoppedError is
 * a NetworkError), so a report is still written from what was read; anything else (a bug)
 * still throws.
 */
export async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof GitLabError || error instanceof NetworkError) return undefined;
    throw error;
  }
}
