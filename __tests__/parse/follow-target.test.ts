import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import { parseFollowTarget } from '../../src/core/parse/follow-target.js';

// What follow takes: a pipeline id, its link, or a commit's full sha. A link must lead to the
// configured instance and project: a pipeline elsewhere would be read with this one's token.

const instance = {
  url: 'https://gitlab.example.com/gl',
  apiUrl: 'https://gitlab.example.com/gl/api/v4',
};
const atRoot = { url: 'https://gitlab.example.com', apiUrl: 'https://gitlab.example.com/api/v4' };
const project = { display: 'acme/app', encoded: 'acme%2Fapp' };
const byId = { display: '42', encoded: '42' };
const sha = 'a'.repeat(40);
const FORMS =
  "give a pipeline id (12345), its link (https://gitlab.example.com/gl/group/project/-/pipelines/12345), or a commit's full 40-character sha";

const read = (text: string, on = instance, of = project) =>
  parseFollowTarget(text, 'follow', on, of);

function refusal(text: string, on = instance, of = project): string {
  try {
    read(text, on, of);
  } catch (error) {
    if (error instanceof InputError && error.input === 'follow') return error.message;
    throw error;
  }
  throw new Error(`no error for ${text}`);
}

describe('parseFollowTarget reads', () => {
  it.each([
    ['12345', { kind: 'id', id: 12345 }],
    ['#7', { kind: 'id', id: 7 }],
    ['  #7 \n', { kind: 'id', id: 7 }],
    [sha.toUpperCase(), { kind: 'sha', sha }],
    [` ${sha}\n`, { kind: 'sha', sha }],
    ['b'.repeat(64), { kind: 'sha', sha: 'b'.repeat(64) }],
    [
      'https://gitlab.example.com/gl/ACME/app/-/pipelines/99/',
      { kind: 'id', id: 99, link: 'https://gitlab.example.com/gl/ACME/app/-/pipelines/99' },
    ],
    [
      'HTTPS://gitlab.example.com/gl/acme/app/-/pipelines/99?tab=jobs',
      { kind: 'id', id: 99, link: 'https://gitlab.example.com/gl/acme/app/-/pipelines/99' },
    ],
    [
      'https://gitlab.example.com/gl/acme%2Fapp/-/pipelines/5',
      { kind: 'id', id: 5, link: 'https://gitlab.example.com/gl/acme%2Fapp/-/pipelines/5' },
    ],
  ])('%j', (text, target) => {
    expect(read(text)).toEqual(target);
  });

  it('a link on an instance served at its root', () => {
    expect(read('https://gitlab.example.com/acme/app/-/pipelines/3', atRoot)).toEqual({
      kind: 'id',
      id: 3,
      link: 'https://gitlab.example.com/acme/app/-/pipelines/3',
    });
  });

  it('a link to any project when the project is given by its id', () => {
    expect(read('https://gitlab.example.com/gl/other/thing/-/pipelines/8', instance, byId)).toEqual(
      { kind: 'id', id: 8, link: 'https://gitlab.example.com/gl/other/thing/-/pipelines/8' },
    );
  });
});

describe('parseFollowTarget refuses, in one line', () => {
  it.each([
    ['', `follow is empty: ${FORMS}.`],
    ['0', `follow is '0', which is no pipeline id: ${FORMS}.`],
    ['#0', `follow is '#0', which is no pipeline id: ${FORMS}.`],
    [
      '99999999999999999999',
      `follow is '99999999999999999999', which is no pipeline id: ${FORMS}.`,
    ],
    [
      'abc1234',
      "follow is 'abc1234', a short commit sha: give the commit's full 40-character sha (GitLab finds a commit's pipelines by the whole sha).",
    ],
    ['main', `follow is 'main', which is none of a pipeline id, link or commit sha: ${FORMS}.`],
    ['https://', `follow is 'https://', which is not a link: ${FORMS}.`],
    [
      'https://user@gitlab.example.com/gl/acme/app/-/pipelines/1',
      'follow is a link that carries a user name or password: give the link without them.',
    ],
    [
      'https://:pw@gitlab.example.com/gl/acme/app/-/pipelines/1',
      'follow is a link that carries a user name or password: give the link without them.',
    ],
    [
      'http://gitlab.example.com/gl/acme/app/-/pipelines/1',
      "follow is a link to 'http://gitlab.example.com', not to the configured GitLab 'https://gitlab.example.com/gl': follow pipelines of the instance the step talks to, or change gitlab_url.",
    ],
    [
      'https://gitlab.example.com/gl/acme/other/-/pipelines/1',
      "follow is a link to a pipeline of 'acme/other', not of the project 'acme/app': follow a pipeline of the configured project, or change the project.",
    ],
  ])('%j', (text, message) => {
    expect(refusal(text)).toBe(message);
  });

  it.each([
    // Not quite a sha: one character too many or too few, or a letter that is no hex digit.
    'a'.repeat(41),
    'a'.repeat(65),
    `g${sha}`,
    `${sha}g`,
    `x${'b'.repeat(64)}`,
    `${'b'.repeat(64)}x`,
    // Not quite an id, a short sha or a link.
    '7a',
    '#7#',
    'abc1234x',
    'xabc1234',
    'see https://gitlab.example.com/gl/acme/app/-/pipelines/1',
    'ftp://gitlab.example.com/gl/acme/app/-/pipelines/1',
  ])('%j as none of the forms', (text) => {
    expect(refusal(text)).toMatch(/which is none of a pipeline id, link or commit sha: /);
  });

  it.each([
    'https://gitlab.example.com/other/acme/app/-/pipelines/1',
    'https://gitlab.example.com/glx/acme/app/-/pipelines/1',
    'https://gitlab.example.com.evil/gl/acme/app/-/pipelines/1',
    'https://gitlab.example.com:8443/gl/acme/app/-/pipelines/1',
  ])('%j as a link elsewhere', (text) => {
    expect(refusal(text)).toMatch(/^follow is a link to '[^']+', not to the configured GitLab/);
  });

  it.each([
    'https://gitlab.example.com/gl/acme/app/-/jobs/1',
    'https://gitlab.example.com/gl/acme/app/-/pipelines/1/builds',
    'https://gitlab.example.com/gl/-/pipelines/1',
    'https://gitlab.example.com/gl/acme/app/-/pipelines/new',
  ])('%j as no pipeline link', (text) => {
    expect(refusal(text)).toBe(`follow is '${text}', which is not a pipeline's link: ${FORMS}.`);
  });

  it.each(['acme/app2', '2026/app'])(
    'a link to another project when the project %s holds digits but is no id',
    (display) => {
      const of = { display, encoded: encodeURIComponent(display) };
      expect(refusal('https://gitlab.example.com/gl/acme/other/-/pipelines/1', instance, of)).toBe(
        `follow is a link to a pipeline of 'acme/other', not of the project '${display}': follow a pipeline of the configured project, or change the project.`,
      );
    },
  );

  it('a link whose project path is not valid percent-encoding, compared as written', () => {
    expect(refusal('https://gitlab.example.com/gl/acme%E0%A4%A/-/pipelines/1')).toBe(
      "follow is a link to a pipeline of 'acme%E0%A4%A', not of the project 'acme/app': follow a pipeline of the configured project, or change the project.",
    );
  });
});
