/**
 * Keeps secrets out of every text the tool prints. The token is masked by the runner too
 * (`::add-mask::`), but the command line has no runner, and an error thrown deep in the
 * HTTP stack may quote a URL or body in a form the runner's mask does not match (URL- or
 * JSON-encoded, base64 in a Basic authorization header), so every message leaving the core
 * passes through here.
 */

/** The fewest characters of a secret that are hidden when a message cut it short. */
export const MIN_FRAGMENT = 8;
/**
 * What GitLab itself shows of others' tokens, and so may be shown here too: the type prefix
 * (`glptt-`, `glpat-`) and four characters after it.
 */
const SHOWN_AFTER_PREFIX = 4;
const TOKEN_PREFIX = /^gl[a-z]{2,5}-/;

interface Form {
  readonly text: string;
  /** Characters a fragment of this form may show at its start (a token's type and four more). */
  readonly safe: number;
  /** A word starting with sixteen of the form's characters, when the form is that long. */
  readonly word?: RegExp;
}

export class Redactor {
  private readonly forms = new Map<string, Form>();
  private sorted: Form[] = [];

  /** The length of the longest form of any secret: what a text cut in two must keep back. */
  get longest(): number {
    return this.sorted[0]?.text.length ?? 0;
  }

  /** Registers a secret and the encoded forms it may take inside URLs, JSON and base64. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4) return;
    const prefix = TOKEN_PREFIX.exec(secret)?.[0].length;
    const safe = prefix === undefined ? MIN_FRAGMENT - 1 : prefix + SHOWN_AFTER_PREFIX;
    for (const text of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])
      this.put(text, Math.max(safe, MIN_FRAGMENT - 1), '[\\w-]');
    for (const text of base64Forms(secret)) this.put(text, MIN_FRAGMENT - 1, '[\\w+/=-]');
    // Its UTF-8 bytes read one character a byte, as a saved log is read (redact-stream.ts).
    const latin1 = Buffer.from(secret, 'utf8').toString('latin1');
    if (latin1 !== secret) this.put(latin1, Math.max(safe, MIN_FRAGMENT - 1), '[\\w-]');
    // Longest first, so that a secret that contains another is replaced whole.
    this.sorted = [...this.forms.values()].sort((a, b) => b.text.length - a.text.length);
  }

  /** `alphabet`: what may follow a cut form in the same word, the rest of the secret. */
  private put(text: string, safe: number, alphabet: string): void {
    if (text.length < 4) return;
    const known = this.forms.get(text);
    if (known && known.safe <= safe) return;
    const word =
      text.length >= 20 ? new RegExp(`${escape(text.slice(0, 16))}${alphabet}*`, 'g') : undefined;
    this.forms.set(text, { text, safe, word });
  }

  /**
   * The text with every registered secret replaced by `***`; and a secret cut short (by a
   * message that shortens long values, or a log's tail) hidden too: any run of at least
   * eight of its first or last characters, and any word that starts with sixteen of them.
   * Only a token's type and four characters after it, as GitLab shows them, stay visible.
   */
  redact(text: string): string {
    let out = text;
    for (const { text: secret } of this.sorted) out = out.split(secret).join('***');
    for (const form of this.sorted) {
      if (form.word) out = out.replace(form.word, '***');
      out = hideCutStart(out, form);
      out = hideCutEnd(out, form);
    }
    return out;
  }
}

/** Hides every run of the secret's first characters longer than is safe to show. */
function hideCutStart(text: string, form: Form): string {
  const secret = form.text;
  const head = secret.slice(0, MIN_FRAGMENT);
  if (head.length < MIN_FRAGMENT) return text;
  let out = '';
  let from = 0;
  for (let at = text.indexOf(head); at >= 0; at = text.indexOf(head, at + 1)) {
    if (at < from) continue;
    let length = MIN_FRAGMENT;
    while (length < secret.length && text[at + length] === secret[length]) length++;
    if (length <= form.safe) continue;
    out += `${text.slice(from, at)}***`;
    from = at + length;
  }
  return out + text.slice(from);
}

/** Hides every run of the secret's last characters at least MIN_FRAGMENT long (a cut start). */
function hideCutEnd(text: string, form: Form): string {
  const secret = form.text;
  const tail = secret.slice(-MIN_FRAGMENT);
  if (tail.length < MIN_FRAGMENT || secret.length <= MIN_FRAGMENT) return text;
  let out = '';
  let to = text.length;
  for (
    let at = text.lastIndexOf(tail);
    at >= 0;
    at = at === 0 ? -1 : text.lastIndexOf(tail, at - 1)
  ) {
    const end = at + MIN_FRAGMENT;
    if (end > to) continue;
    let start = at;
    let index = secret.length - MIN_FRAGMENT;
    while (index > 0 && start > 0 && text[start - 1] === secret[index - 1]) {
      start--;
      index--;
    }
    out = `***${text.slice(end, to)}${out}`;
    to = start;
  }
  return text.slice(0, to) + out;
}

/**
 * The secret in base64, standard and URL-safe: whole, and as it appears inside a longer
 * encoded text (`user:token` in a Basic authorization header) at each of the three byte
 * alignments, without the characters its neighbours share.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [bytes.toString('base64'), bytes.toString('base64').replace(/=+$/, '')];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Characters holding only the secret's bits: skip those shared with the bytes before it,
    // stop before those shared with the bytes after it.
    const first = Math.ceil((offset * 8) / 6);
    const last = Math.floor(((offset + bytes.length) * 8) / 6);
    forms.push(encoded.slice(first, last));
  }
  return [...new Set(forms.flatMap((f) => [f, f.replace(/\+/g, '-').replace(/\//g, '_')]))].filter(
    (f) => f.length >= MIN_FRAGMENT,
  );
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
