import { InputError, quoted } from '../errors.js';
import type { GitLabInstance, ProjectRef } from '../settings.js';

/**
 * What to follow: a pipeline by id (a number, `#123`, or its link), or the newest pipeline of
 * a commit. A commit is its full sha — 40 hex digits (64 in a SHA-256 repository): GitLab's
 * `sha` filter on the pipelines list matches whole shas only, so a short one would find nothing
 * and wait the whole timeout for it.
 */
export type FollowTarget =
  | { readonly kind: 'id'; readonly id: number; readonly link?: string }
  | { readonly kind: 'sha'; readonly sha: string };

const FORMS = `give a pipeline id (12345), its link (${'{gitlab}'}/group/project/-/pipelines/12345), or a commit's full 40-character sha`;

/**
 * Reads the value; a link must be on the configured instance and, when the project is given
 * as a path, in that project: a pipeline elsewhere would be read with this instance's token.
 */
export function parseFollowTarget(
  value: string,
  input: string,
  instance: GitLabInstance,
  project: ProjectRef,
): FollowTarget {
  const text = value.trim();
  const forms = FORMS.replace('{gitlab}', instance.url);
  if (text === '') throw new InputError(input, 'is empty', forms);
  if (/^[0-9a-f]{40}$|^[0-9a-f]{64}$/i.test(text)) return { kind: 'sha', sha: text.toLowerCase() };
  const id = /^#?(\d+)$/.exec(text)?.[1];
  if (id !== undefined) return { kind: 'id', id: pipelineId(id, text, input, forms) };
  if (/^https?:\/\//i.test(text)) return fromLink(text, input, instance, project, forms);
  if (/^[0-9a-f]{7,39}$/i.test(text))
    throw new InputError(
      input,
      `is ${quoted(text)}, a short commit sha`,
      "give the commit's full 40-character sha (GitLab finds a commit's pipelines by the whole sha)",
    );
  throw new InputError(
    input,
    `is ${quoted(text)}, which is none of a pipeline id, link or commit sha`,
    forms,
  );
}

function pipelineId(digits: string, text: string, input: string, forms: string): number {
  const id = Number(digits);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new InputError(input, `is ${quoted(text)}, which is no pipeline id`, forms);
  return id;
}

function fromLink(
  text: string,
  input: string,
  instance: GitLabInstance,
  project: ProjectRef,
  forms: string,
): FollowTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(input, `is ${quoted(text)}, which is not a link`, forms);
  }
  const root = new URL(instance.url);
  if (url.username || url.password)
    throw new InputError(
      input,
      'is a link that carries a user name or password',
      'give the link without them',
    );
  if (
    url.origin !== root.origin ||
    !`${url.pathname}/`.startsWith(`${root.pathname.replace(/\/$/, '')}/`)
  )
    throw new InputError(
      input,
      `is a link to ${quoted(url.origin)}, not to the configured GitLab ${quoted(instance.url)}`,
      'follow pipelines of the instance the step talks to, or change gitlab_url',
    );
  const rest = url.pathname.slice(root.pathname.replace(/\/$/, '').length);
  const match = /^\/(?<path>.+?)\/-\/pipelines\/(?<id>\d+)\/?$/.exec(rest);
  if (!match?.groups)
    throw new InputError(input, `is ${quoted(text)}, which is not a pipeline's link`, forms);
  // Both groups take part in every match.
  const { path, id } = match.groups as { path: string; id: string };
  let linked = path;
  try {
    linked = decodeURIComponent(path);
  } catch {
    // Compared as written.
  }
  if (!/^\d+$/.test(project.display) && linked.toLowerCase() !== project.display.toLowerCase())
    throw new InputError(
      input,
      `is a link to a pipeline of ${quoted(linked)}, not of the project ${quoted(project.display)}`,
      'follow a pipeline of the configured project, or change the project',
    );
  return {
    kind: 'id',
    id: pipelineId(id, text, input, forms),
    link: `${url.origin}${url.pathname.replace(/\/$/, '')}`,
  };
}
