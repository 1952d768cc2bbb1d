/**
 * Keeps secrets out of every text the tool prints. The token is masked by the runner too
 * (`::add-mask::`), but the command line has no runner, and an error thrown deep in the
 * HTTP stack may quote a URL or body in a form the runner's mask does not match (URL- or
 * JSON-encoded), so every message leaving the core passes through here.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret and the encoded forms it may take inside URLs and JSON. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4) return;
    this.secrets.add(secret);
    this.secrets.add(encodeURIComponent(secret));
    this.secrets.add(JSON.stringify(secret).slice(1, -1));
  }

  /**
   * The text with every registered secret replaced by `***`, and any word that starts with
   * 16 of a secret's first characters too: a message that cut a token short must not show it.
   */
  redact(text: string): string {
    let out = text;
    // Longest first, so that a secret that contains another is replaced whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join('***');
    }
    for (const secret of this.secrets) {
      if (secret.length < 20) continue;
      const start = secret.slice(0, 16).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      out = out.replace(new RegExp(`${start}[\\w-]*`, 'g'), '***');
    }
    return out;
  }
}
