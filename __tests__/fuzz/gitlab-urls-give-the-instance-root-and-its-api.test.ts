import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseGitLabUrl } from '../../src/core/parse/gitlab-url.js';
import { anyText, expectNamesTheInput, inputErrorOf, outcome } from './generators.js';

// Whether a user gives the instance root, a root under a sub-path, or CI_API_V4_URL, with or
// without a trailing slash, the tool must land on the same root and the same API base.

const NAME = 'gitlab_url';
const parse = (text: string) => parseGitLabUrl(text, NAME, 'token');

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const host = fc.oneof(
  fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => [...labels, 'com'].join('.')),
  fc.constantFrom('localhost', 'gitlab', 'gitlab.example.com'),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((octets) => octets.join('.')),
  fc.constantFrom('[::1]', '[2001:db8::1]'),
);
const scheme = fc.constantFrom('http', 'https');
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
/** Sub-path segments the URL parser keeps as they are (no `.`/`..`, nothing to escape). */
const subPathSegment = fc
  .stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9_.~-]{0,12}$/)
  .filter((s) => s !== 'api');
const subPath = fc
  .array(subPathSegment, { maxLength: 3 })
  .map((segments) => segments.map((s) => `/${s}`).join(''));

/** The root the user meant: URL leaves out a scheme's default port. */
function root(s: string, h: string, p: number | undefined, path: string): string {
  const defaultPort = s === 'https' ? 443 : 80;
  return `${s}://${h}${p === undefined || p === defaultPort ? '' : `:${p}`}${path}`;
}

describe('parseGitLabUrl', () => {
  it('gives the root without a trailing slash and the API under it, from any of the forms', () => {
    fc.assert(
      fc.property(
        scheme,
        host,
        port,
        subPath,
        // CI_API_V4_URL, or a root ending in `/` with `/api/v4` appended in the workflow
        fc.constantFrom('', '/api/v4', '//api/v4'),
        fc.constantFrom('', '/', '//'),
        fc.constantFrom('', ' ', '\n'),
        (s, h, p, path, api, slash, pad) => {
          const written = `${s}://${h}${p === undefined ? '' : `:${p}`}${path}${api}${slash}`;
          const instance = parse(`${pad}${written}${pad}`);
          const expected = root(s, h, p, path);
          expect(instance).toEqual({ url: expected, apiUrl: `${expected}/api/v4` });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never quotes the password of a URL with credentials, whatever else is wrong with it', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9]{12,20}$/).map((s) => `pw${s}`);
    fc.assert(
      fc.property(
        fc.constantFrom('https://', 'http://', 'ftp://', 'HTTPS://', 'git+ssh://', ''),
        secret,
        fc.constantFrom(
          'gitlab.com',
          'gitlab com',
          'gitlab.com/api/v4/projects/1',
          'gitlab.com/?a=1',
          '[x',
        ),
        (prefix, password, rest) => {
          const error = inputErrorOf(() => parse(`${prefix}oauth2:${password}@${rest}`), NAME);
          expect(error.message).not.toContain(password);
        },
      ),
      {
        numRuns: 200,
        examples: [
          ['ftp://', 'pwhunter2hunter2', 'gitlab.com'],
          ['https://', 'pwhunter2hunter2', 'gitlab com'],
        ],
      },
    );
  });

  it('reads any text as an http(s) instance or refuses it in one line', () => {
    const anyUrl = fc.oneof(
      anyText,
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc
        .array(
          fc.oneof(
            anyText,
            fc.constantFrom('https://', 'http://', 'h.com', '/api/v4', '/api/v3/', '/', '?', '#'),
            fc.constantFrom('@', ':', '[::1]', ':8080', '%2F', '\n', '\t'),
          ),
          { maxLength: 8 },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(anyUrl, (text) => {
        const result = outcome(() => parse(text));
        if (!result.ok) return expectNamesTheInput(result.error, NAME);
        const { url, apiUrl } = result.value;
        expect(url).toMatch(/^https?:\/\/[^/?#@\s]+(\/[^?#\s]*)?$/);
        expect(url.endsWith('/')).toBe(false);
        expect(apiUrl).toBe(`${url}/api/v4`);
      }),
      {
        numRuns: 1000,
        examples: [['https://gitlab.com/?q=a\nb'], ['https://gitlab.example.com//api/v4']],
      },
    );
  });
});
