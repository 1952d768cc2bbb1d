import { InputError, quoted } from '../errors.js';

/**
 * Reads the branch or tag. Git's own rules are enforced by GitLab ("Reference not found");
 * here only what cannot be a ref at all is refused, so the message comes before a request.
 */
export function parseRef(value: string, input: string): string {
  const text = value.trim();
  if (text === '') {
    throw new InputError(
      input,
      `is empty`,
      `give the branch or tag to run the pipeline on, such as main`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\s\x00-\x1f\x7f~^:?*[\\]/.test(text) || text.includes('..')) {
    throw new InputError(
      input,
      `is ${quoted(text)}, which is not a valid branch or tag name (no spaces, '..', or any of ~^:?*[\\)`,
    );
  }
  return text;
}

/** Reads a token. The value is never quoted back: it is a secret. */
export function parseToken(value: string, input: string, what: string): string {
  const text = value.trim();
  if (text === '') {
    throw new InputError(input, `is empty`, `give ${what}, stored as a secret`);
  }
  if (/[^\x21-\x7e]/.test(text.replace(/\s/g, ''))) {
    throw new InputError(
      input,
      `holds a character no token has (an invisible or non-ASCII one, pasted with it?)`,
      `store the token alone in the secret`,
    );
  }
  if (/\s/.test(text)) {
    throw new InputError(
      input,
      `contains a space or line break`,
      `a token has none. Store the token alone in the secret`,
    );
  }
  return text;
}
