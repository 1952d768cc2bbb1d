import { describe, expect, it } from '@jest/globals';
import { releaseBefore, releaseOf } from '../src/core/gitlab-release.js';

describe('releaseOf', () => {
  it('reads the major and minor of what GET /version answers', () => {
    expect(releaseOf('16.11.10-ee')).toEqual([16, 11]);
    expect(releaseOf('17.0.0')).toEqual([17, 0]);
    expect(releaseOf('19.2')).toEqual([19, 2]);
  });

  it('is undefined for text that is no release', () => {
    expect(releaseOf('latest')).toBeUndefined();
    expect(releaseOf('18')).toBeUndefined();
  });
});

describe('releaseBefore', () => {
  it('compares minors as numbers: 16.11 is before 17.0, 17.10 is not before 17.9', () => {
    expect(releaseBefore('16.11.10-ee', '17.0')).toBe(true);
    expect(releaseBefore('17.0.0', '17.0')).toBe(false);
    expect(releaseBefore('17.10.1', '17.9')).toBe(false);
    expect(releaseBefore('17.9.1', '17.10')).toBe(true);
  });

  it('says false when the version is unknown, so no advice rests on a guess', () => {
    expect(releaseBefore(undefined, '17.0')).toBe(false);
    expect(releaseBefore('nightly', '17.0')).toBe(false);
  });
});
