import { describe, expect, it } from '@jest/globals';
import { parseProject } from '../../src/core/parse/project.js';

// The project, as an id or a path, encoded once for GitLab's routes.

const read = (value: string) => parseProject(value, 'project', 'gitlab_url');

describe('parseProject', () => {
  it('reads a numeric id as it is', () => {
    expect(read(' 12345 ')).toEqual({ display: '12345', encoded: '12345' });
    expect(read('007')).toEqual({ display: '007', encoded: '007' });
  });

  it('refuses an id of zeros', () => {
    expect(() => read('000')).toThrow("project is '000', which is no project id: give the numeric");
  });

  it('reads a path, encoding each slash once, without slashes around it', () => {
    expect(read('/acme/platform/deploy/')).toEqual({
      display: 'acme/platform/deploy',
      encoded: 'acme%2Fplatform%2Fdeploy',
    });
    expect(read('my.group/a+b_c-d')).toEqual({
      display: 'my.group/a+b_c-d',
      encoded: 'my.group%2Fa%2Bb_c-d',
    });
  });

  it('reads a path that arrives encoded without encoding it twice', () => {
    expect(read('acme%2Fdeploy')).toEqual({ display: 'acme/deploy', encoded: 'acme%2Fdeploy' });
    expect(read('acme%2fdeploy').display).toBe('acme/deploy');
  });

  it('refuses a badly encoded path', () => {
    expect(() => read('acme%2F%E0%A4%A')).toThrow('which is badly URL-encoded');
  });

  it('refuses an empty value, a URL, a single name and names GitLab does not allow', () => {
    expect(() => read(' ')).toThrow(
      'project is empty: give the numeric project id (such as 12345) or its full path (such as group/subgroup/project).',
    );
    expect(() => read('https://gitlab.com/acme/deploy')).toThrow(
      "project is the URL 'https://gitlab.com/acme/deploy': give the numeric project id (such as 12345) or its full path (such as group/subgroup/project), and put the instance in gitlab_url.",
    );
    expect(() => read('HTTP://gitlab.com/acme/deploy')).toThrow('is the URL');
    for (const bad of ['deploy', 'acme//deploy', 'acme/-deploy', 'acme/de ploy', 'acme/de@ploy']) {
      expect(() => read(bad)).toThrow(`project is '${bad}', which is not a project path`);
    }
  });

  it('reads names in any script, and takes a path holding both / and %2F as written (and refused)', () => {
    expect(read('grüppe/プロジェクト2').display).toBe('grüppe/プロジェクト2');
    expect(() => read('a%2Fb/c')).toThrow("project is 'a%2Fb/c', which is not a project path");
  });
});
