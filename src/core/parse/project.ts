import { InputError, quoted } from '../errors.js';
import type { ProjectRef } from '../settings.js';

// GitLab's namespace and project paths: letters, digits, '_', '-', '.', '+' (no leading '-').
const SEGMENT = /^[\p{L}\p{N}_.+][\p{L}\p{N}_.+-]*$/u;

/**
 * Reads a project given as a numeric id or a full path. GitLab wants the path as one URL
 * segment with each `/` encoded (`group%2Fproject`); a raw `/` matches no route and a
 * twice-encoded path finds nothing, so the value is decoded first when it arrives encoded
 * and encoded exactly once here.
 */
export function parseProject(
  value: string,
  input: string,
  /** Where the instance is given, for the message about a project given as a URL. */
  gitlabUrlSetting: string,
): ProjectRef {
  const text = value.trim();
  const expected = `give the numeric project id (such as 12345) or its full path (such as group/subgroup/project)`;
  if (text === '') throw new InputError(input, `is empty`, `${expected}`);
  if (/^\d+$/.test(text)) {
    if (/^0+$/.test(text)) {
      throw new InputError(input, `is ${quoted(text)}, which is no project id`, `${expected}`);
    }
    return { display: text, encoded: text };
  }
  if (/^https?:\/\//i.test(text)) {
    throw new InputError(
      input,
      `is the URL ${quoted(text)}`,
      `${expected}, and put the instance in ${gitlabUrlSetting}`,
    );
  }
  let path = text;
  if (/%2f/i.test(path) && !path.includes('/')) {
    try {
      path = decodeURIComponent(path);
    } catch {
      throw new InputError(input, `is ${quoted(text)}, which is badly URL-encoded`, `${expected}`);
    }
  }
  path = path.replace(/^\/+|\/+$/g, '');
  const segments = path.split('/');
  if (segments.length < 2 || !segments.every((s) => SEGMENT.test(s))) {
    throw new InputError(input, `is ${quoted(text)}, which is not a project path`, `${expected}`);
  }
  return { display: path, encoded: encodeURIComponent(path) };
}
