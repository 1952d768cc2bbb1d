import pkg from '../../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
/** Sent with every request, so a GitLab admin can tell these calls apart in the logs. */
export const USER_AGENT = `${pkg.name}/${pkg.version} node/${process.versions.node}`;
