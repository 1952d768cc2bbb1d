import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_ARTIFACTS_MAX_BYTES,
  formatSize,
  matchesAny,
  parseArtifactGlobs,
  parseSize,
} from '../../src/core/parse/artifact-globs.js';

// Which jobs' artifacts to bring home, and how large they may be.

describe('parseArtifactGlobs', () => {
  it('reads one name or glob a line, each once, skipping blank lines and comments', () => {
    expect(
      parseArtifactGlobs(' build-*\r\n\n# not this\ntest: unit\nbuild-*\n', 'download'),
    ).toEqual(['build-*', 'test: unit']);
    expect(parseArtifactGlobs('', 'download')).toEqual([]);
  });

  it('refuses a line with a control character, naming its line', () => {
    expect(() => parseArtifactGlobs('build\n\ntest\u0007', 'download_artifacts')).toThrow(
      "download_artifacts has 'test\\u0007' on line 3, with a control character: write one job name or glob (such as build-*) a line.",
    );
  });
});

describe('matchesAny', () => {
  it('matches a whole job name, * for any run of characters and ? for one', () => {
    expect(matchesAny(['build-*'], 'build-linux')).toBe(true);
    expect(matchesAny(['build-*'], 'build-')).toBe(true);
    expect(matchesAny(['build-*'], 'prebuild-linux')).toBe(false);
    expect(matchesAny(['build-?'], 'build-a')).toBe(true);
    expect(matchesAny(['build-?'], 'build-ab')).toBe(false);
    expect(matchesAny(['build-?'], 'build-')).toBe(false);
    expect(matchesAny(['*'], 'test: unit\n2')).toBe(true);
  });

  it('matches case-sensitively, the rest of the glob as plain text', () => {
    expect(matchesAny(['Build'], 'build')).toBe(false);
    expect(matchesAny(['a.b'], 'axb')).toBe(false);
    expect(matchesAny(['test (1+2) [x] $y ^z|w\\'], 'test (1+2) [x] $y ^z|w\\')).toBe(true);
    expect(matchesAny(['build', 'test'], 'test')).toBe(true);
    expect(matchesAny([], 'test')).toBe(false);
  });
});

describe('parseSize', () => {
  it('reads plain bytes and K, M, G in 1024s, in any spelling and case', () => {
    expect(parseSize('12', 'max')).toBe(12);
    expect(parseSize(' 900 k ', 'max')).toBe(900 * 1024);
    expect(parseSize('2KB', 'max')).toBe(2048);
    expect(parseSize('2kib', 'max')).toBe(2048);
    expect(parseSize('512MiB', 'max')).toBe(512 * 1024 ** 2);
    expect(parseSize('1m', 'max')).toBe(1024 ** 2);
    expect(parseSize('1mb', 'max')).toBe(1024 ** 2);
    expect(parseSize('1.5GB', 'max')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('2g', 'max')).toBe(2 * 1024 ** 3);
    expect(parseSize('1GiB', 'max')).toBe(DEFAULT_ARTIFACTS_MAX_BYTES);
    expect(parseSize('10b', 'max')).toBe(10);
    expect(parseSize('1.9', 'max')).toBe(1);
  });

  it('refuses what is not a size, and a size under one byte', () => {
    for (const bad of ['', 'big', '5 TB', '-1', '0', '0.5', '1e3', '1.5.5M']) {
      expect(() => parseSize(bad, 'artifacts_max_size')).toThrow(
        `artifacts_max_size is '${bad}', which is not a size: give a size such as 500MiB or 2GiB (K, M and G count in 1024s), or plain bytes.`,
      );
    }
  });
});

describe('formatSize', () => {
  it('prints a size in the largest unit it fills, to a tenth', () => {
    expect(formatSize(12)).toBe('12 B');
    expect(formatSize(1023)).toBe('1023 B');
    expect(formatSize(1024)).toBe('1 KiB');
    expect(formatSize(1536)).toBe('1.5 KiB');
    expect(formatSize(900 * 1024)).toBe('900 KiB');
    expect(formatSize(512 * 1024 ** 2)).toBe('512 MiB');
    expect(formatSize(1024 ** 3)).toBe('1 GiB');
    expect(formatSize(3 * 1024 ** 4)).toBe('3 TiB');
    expect(formatSize(2048 * 1024 ** 4)).toBe('2048 TiB');
  });
});
