import { GitLabError, NetworkError } from '../../errors.js';

/**
 * A read that may fail without harm (a log tail, the bridges of a report): what GitLab or the
 * network refused is left out as undefined; anything else (a bug, a stop) still throws.
 */
export async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof GitLabError || error instanceof NetworkError) return undefined;
    throw error;
  }
}
