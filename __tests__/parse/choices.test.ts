import { describe, expect, it } from '@jest/globals';
import { parseBoolean, parseChoice, parseChoiceList } from '../../src/core/parse/choices.js';

// Yes/no and one-of-a-set settings, as a user types them.

describe('parseBoolean', () => {
  it('reads true and false in any case, around spaces', () => {
    expect(parseBoolean(' TRUE ', 'wait')).toBe(true);
    expect(parseBoolean('False\n', 'wait')).toBe(false);
  });

  it('refuses anything else, quoting it and naming both words', () => {
    expect(() => parseBoolean(' yes ', 'wait')).toThrow("wait is 'yes': give true or false.");
    expect(() => parseBoolean('', 'wait')).toThrow("wait is '': give true or false.");
  });
});

describe('parseChoice', () => {
  const kinds = ['artifacts', 'tests', 'downstream'] as const;

  it('reads one of the words in any case, around spaces', () => {
    expect(parseChoice(' Tests ', 'results', kinds)).toBe('tests');
  });

  it('refuses a word not in the set, listing the set', () => {
    expect(() => parseChoice(' logs ', 'results', kinds)).toThrow(
      "results is 'logs': give one of artifacts, tests, downstream.",
    );
  });
});

describe('parseChoiceList', () => {
  const kinds = ['artifacts', 'tests', 'downstream'] as const;

  it('reads words separated by commas, spaces or line breaks, each once, in the order given', () => {
    expect(parseChoiceList('tests, artifacts\ndownstream  tests,', 'results', kinds)).toEqual([
      'tests',
      'artifacts',
      'downstream',
    ]);
  });

  it('refuses an empty list, naming the words it may hold', () => {
    expect(() => parseChoiceList(' , \n', 'results', kinds)).toThrow(
      'results is empty: give one or more of artifacts, tests, downstream.',
    );
  });

  it('refuses the list at its first unknown word', () => {
    expect(() => parseChoiceList('tests,log', 'results', kinds)).toThrow("results is 'log'");
  });
});
