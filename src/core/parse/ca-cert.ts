import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InputError, quoted } from '../errors.js';

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Reads CA certificates given as PEM text or as the path of a PEM file, for an instance
 * whose certificate a private CA signed. Each certificate is parsed here, so a pasted
 * fragment fails now, naming the input, rather than as a TLS error later.
 */
export function parseCaCert(value: string, input: string): string[] {
  const text = value.trim();
  if (text === '') return [];
  let pem = text;
  if (!text.includes('-----BEGIN')) {
    try {
      pem = readFileSync(text, 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unreadable';
      throw new InputError(
        input,
        `is ${quoted(text)}, which is neither PEM text nor a readable file (${code})`,
        `paste the CA certificate (-----BEGIN CERTIFICATE-----…) or give the path of its file`,
      );
    }
  }
  const certificates = pem.match(PEM) ?? [];
  if (certificates.length === 0) {
    throw new InputError(
      input,
      `holds no PEM certificate`,
      `give the CA certificate as text starting with -----BEGIN CERTIFICATE-----, or the path of its file`,
    );
  }
  certificates.forEach((certificate, index) => {
    try {
      new X509Certificate(certificate);
    } catch {
      throw new InputError(
        input,
        `holds certificate ${index + 1} of ${certificates.length}, which is not a valid PEM certificate`,
        `paste it whole, lines and all`,
      );
    }
  });
  return certificates;
}
