/**
 * The oldest Node.js the action and the command line run on, stated once: package.json's
 * `engines.node` says the same, and a test holds the two together.
 * tls.setDefaultCACertificates (a private CA) needs 22.19.
 */
export const MIN_NODE_VERSION = '22.19.0';

/** The `engines.node` range package.json must declare. */
export const NODE_ENGINES_RANGE = `>=${MIN_NODE_VERSION}`;

function parts(version: string): number[] {
  return version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
}

/**
 * Why this Node.js cannot run the tool, or undefined when it can. Said plainly up front rather
 * than left to a library's TypeError later.
 */
export function nodeVersionProblem(
  program: string,
  version: string = process.versions.node,
): string | undefined {
  const have = parts(version);
  const need = parts(MIN_NODE_VERSION);
  for (let i = 0; i < need.length; i += 1) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (a > b) return undefined;
    if (a < b) {
      return `${program} needs Node.js ${MIN_NODE_VERSION} or later (24 recommended); this is v${version.replace(/^v/, '')}.`;
    }
  }
  return undefined;
}
