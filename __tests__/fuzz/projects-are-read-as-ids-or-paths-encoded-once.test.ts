import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseProject } from '../../src/core/parse/project.js';
import { anyText, expectNamesTheInput, inputErrorOf, outcome } from './generators.js';

// GitLab finds a project by its id or by its path sent as one URL segment, `/` encoded once:
// a raw `/` matches no route and a path encoded twice finds nothing.

const NAME = 'project';
const parse = (text: string) => parseProject(text, NAME, 'gitlab_url');
const space = fc.constantFrom('', ' ', '\t', '\n', ' \n ');

const numericId = fc.oneof(
  fc.integer({ min: 1, max: 2 ** 31 - 1 }).map(String),
  fc.bigInt({ min: 1n, max: 10n ** 30n }).map(String),
  fc.stringMatching(/^0{1,3}[1-9][0-9]{0,8}$/), // leading zeros, as pasted from a padded list
);

const segment = fc
  .oneof(
    { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,20}$/) },
    { weight: 1, arbitrary: fc.constantFrom('my.project', 'a-b', '_x', 'v1.2', 'é-ü', '日本') },
  )
  .filter((s) => s.length > 0);
const projectPath = fc.array(segment, { minLength: 2, maxLength: 5 }).map((s) => s.join('/'));

describe('parseProject', () => {
  it('keeps a numeric id as written, surrounding space aside', () => {
    fc.assert(
      fc.property(numericId, space, space, (id, before, after) => {
        expect(parse(`${before}${id}${after}`)).toEqual({ display: id, encoded: id });
      }),
      { numRuns: 300 },
    );
  });

  it('shows a path as written and encodes it exactly once', () => {
    fc.assert(
      fc.property(projectPath, space, fc.constantFrom('', '/'), (path, pad, slash) => {
        const project = parse(`${pad}${slash}${path}${slash}${pad}`);
        expect(project.display).toBe(path);
        expect(project.encoded).not.toContain('/');
        expect(decodeURIComponent(project.encoded)).toBe(path);
        expect(project.encoded).toBe(encodeURIComponent(path));
      }),
      { numRuns: 500 },
    );
  });

  it('reads a path already encoded once, in either case of %2F, as the path itself', () => {
    fc.assert(
      fc.property(projectPath, fc.boolean(), (path, lower) => {
        const encoded = encodeURIComponent(path);
        const written = lower ? encoded.replace(/%2F/g, '%2f') : encoded;
        expect(parse(written)).toEqual(parse(path));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a path encoded twice rather than sending a request that finds nothing', () => {
    fc.assert(
      fc.property(projectPath, (path) => {
        inputErrorOf(() => parse(encodeURIComponent(encodeURIComponent(path))), NAME);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a single name, naming the input', () => {
    fc.assert(
      fc.property(segment, (name) => {
        fc.pre(!/^\d+$/.test(name));
        inputErrorOf(() => parse(name), NAME);
      }),
      { numRuns: 200 },
    );
  });

  it('reads any text as an id or a path encoded once, or refuses it in one line', () => {
    const anyProject = fc.oneof(
      anyText,
      fc
        .array(fc.oneof(segment, anyText, fc.constantFrom('/', '%2F', '%', '%2', '0', '\n')), {
          maxLength: 8,
        })
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(anyProject, (text) => {
        const result = outcome(() => parse(text));
        if (!result.ok) return expectNamesTheInput(result.error, NAME);
        const { display, encoded } = result.value;
        expect(display).not.toBe('');
        expect(encoded).not.toContain('/');
        expect(decodeURIComponent(encoded)).toBe(display);
        if (/^\d+$/.test(display)) expect(encoded).toBe(display);
        else expect(display.split('/').length).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 1000, examples: [['group\nproject']] },
    );
  });
});
