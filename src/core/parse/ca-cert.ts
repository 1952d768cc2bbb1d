import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { InputError, quoted } from '../errors.js';
import { readTextFile, type FileReadError } from './text-file.js';

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
      pem = readTextFile(text);
    } catch (error) {
      // readTextFile throws only FileReadErrors: the system's code, or its own reason.
      const { code, reason } = error as FileReadError;
      const why = /^E[A-Z]+$/.test(code) ? code : reason;
      // Only a path that exists is quoted: anything else may be a secret pasted here by mistake.
      // A path that names no file is quoted too when it ends like a certificate's file name
      // (ca.pem, C:/certs/ca.crt): a secret pasted here by mistake does not.
      const looksLikePath = /^\S+\.(pem|crt|cer|cert)$/i.test(text);
      const what = existsSync(text)
        ? `is ${quoted(text)}, which is neither PEM text nor a readable file (${why})`
        : looksLikePath && (why === 'ENOENT' || why === 'ENOTDIR')
          ? `is the path ${quoted(text)}, where there is no file (${why})`
          : `is a text of ${text.length} characters, neither PEM text nor a readable file (${why})`;
      throw new InputError(
        input,
        what,
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
