import { InputError, quoted } from '../errors.js';
import type { GitLabInstance } from '../settings.js';

const API_SUFFIX = '/api/v4';

/**
 * Reads the instance address. Accepts an instance root, a root under a sub-path, or an
 * API URL ending in `/api/v4` (GitLab CI's `CI_API_V4_URL`), with or without a trailing slash.
 */
export function parseGitLabUrl(
  value: string,
  input: string,
  /** Where the token is given instead, for the message about credentials in the URL. */
  tokenSetting: string,
): GitLabInstance {
  const text = value.trim();
  const shown = quoted(withoutCredentials(text));
  const expected = `give the address of the GitLab instance, such as https://gitlab.com or https://gitlab.example.com/api/v4`;
  if (text === '') throw new InputError(input, `is empty`, `${expected}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(input, `is ${shown}, which is not a URL`, `${expected}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(input, `is ${shown}, which is not an http(s) address`, `${expected}`);
  }
  if (url.username || url.password) {
    // A credential in the URL would be sent to every proxy and printed in every message.
    throw new InputError(
      input,
      `carries a user name or password`,
      `remove it and pass the token through ${tokenSetting} instead`,
    );
  }
  if (url.search || url.hash) {
    throw new InputError(input, `is ${shown}, which has a query or fragment`, `${expected}`);
  }
  // `${{ vars.GITLAB_URL }}/api/v4` with a variable ending in '/' gives '//api/v4'.
  const path = url.pathname.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  if (/\/api\/v\d+\/./.test(`${path}/`) && !path.endsWith(API_SUFFIX)) {
    throw new InputError(
      input,
      `is ${shown}, which points inside the API`,
      `give the instance root or a URL ending in ${API_SUFFIX}`,
    );
  }
  const root = `${url.origin}${path.endsWith(API_SUFFIX) ? path.slice(0, -API_SUFFIX.length) : path}`;
  return { url: root, apiUrl: `${root}${API_SUFFIX}` };
}

/**
 * What the user wrote, safe to quote: everything before the last `@` (a user name and
 * password, even one holding `/`, `@` or a space, in a URL or not) and any query or
 * fragment (`?private_token=…`) hidden.
 */
function withoutCredentials(text: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? '';
  const at = text.lastIndexOf('@');
  const rest = at >= 0 ? `***@${text.slice(at + 1)}` : text.slice(scheme.length);
  const query = rest.search(/[?#]/);
  return `${scheme}${query >= 0 ? `${rest.slice(0, query + 1)}…` : rest}`;
}
