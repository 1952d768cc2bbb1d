/**
 * How the token reaches git: through the environment, as configuration git reads after its
 * files (GIT_CONFIG_COUNT, GIT_CONFIG_KEY_n, GIT_CONFIG_VALUE_n, git 2.31+), never on its
 * command line (every user of the machine can read a process's arguments) nor in a file.
 */

/** `oauth2:<token>` in base64, as GitLab takes a token over HTTP basic auth. */
export function basicCredential(token: string): string {
  return Buffer.from(`oauth2:${token}`, 'utf8').toString('base64');
}

/**
 * The configuration every git command of a push runs with:
 * - no hooks: the checkout's `.git/hooks` are whatever a step before left there, and would run
 *   with the credential in their environment;
 * - no credential helper: the credential is a header, and no helper may store or offer one;
 * - no earlier extra header (an empty value resets the list), then the token as a header for
 *   the GitLab repository's address only: a `url.*.insteadOf` in the checkout's configuration
 *   that sent the push elsewhere would not carry it;
 * - no redirects: the header would follow one to another host.
 */
export function pushConfig(
  remoteUrl: string,
  token?: string,
  /** A file of the CA certificates to trust for the repository's address (ca_cert). */
  caFile?: string,
): Record<string, string> {
  const entries: Array<[string, string]> = [
    ['core.hooksPath', '/dev/null'],
    ['credential.helper', ''],
    ['http.extraHeader', ''],
    ['http.followRedirects', 'false'],
    ['core.fsmonitor', 'false'],
  ];
  if (caFile) entries.push([`http.${remoteUrl}.sslCAInfo`, caFile]);
  if (token)
    entries.push([
      `http.${remoteUrl}.extraHeader`,
      `Authorization: Basic ${basicCredential(token)}`,
    ]);
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(entries.length) };
  entries.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}
