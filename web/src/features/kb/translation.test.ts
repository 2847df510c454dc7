import { describe, expect, it } from 'vitest';
import { checkComment, collectTags, COMMENT_MAX, excerpt, pickTranslation, type Article, type Translation } from './translation';

const nl: Translation = { language: 'nl', title: 'Welke vragen?', body_markdown: 'Alle vragen', body_html: '<p>Alle vragen</p>' };
const en: Translation = { language: 'en', title: 'Which questions?', body_markdown: 'Any question', body_html: '<p>Any question</p>' };

describe('pickTranslation', () => {
  it('takes the UI language when the article has it', () => {
    expect(pickTranslation([nl, en], 'en')).toEqual({ translation: en, fallback: false });
    expect(pickTranslation([nl, en], 'nl')).toEqual({ translation: nl, fallback: false });
  });
  it('falls back to the other language, and says so', () => {
    expect(pickTranslation([nl], 'en')).toEqual({ translation: nl, fallback: true });
    expect(pickTranslation([en], 'nl')).toEqual({ translation: en, fallback: true });
  });
  it('has nothing to show without texts', () => {
    expect(pickTranslation([], 'nl')).toBeNull();
  });
});

describe('list helpers', () => {
  it('makes a plain-text excerpt of the Markdown, cut at a word', () => {
    expect(excerpt('# Title\n\nSee **the** [manual](https://x.example) and `code`.')).toBe('Title See the manual and code.');
    const long = excerpt('word '.repeat(100), 50);
    expect(long.length).toBeLessThanOrEqual(51);
    expect(long.endsWith('…')).toBe(true);
    expect(excerpt('| a | b |\n|---|---|\n| c | d |')).toBe('a b c d');
  });
  it('collects each tag once, sorted', () => {
    const a = (tags: string[]) => ({ tags }) as unknown as Article;
    expect(collectTags([a(['vat', 'invoice']), a(['contract', 'vat'])])).toEqual(['contract', 'invoice', 'vat']);
  });
});

describe('checkComment (mirrors ArticleCommentBody: 1 to 5000 characters)', () => {
  it('needs text and at most 5000 characters (counted as characters, not UTF-16 units)', () => {
    expect(checkComment('')).toBe('required');
    expect(checkComment('   \n')).toBe('required');
    expect(checkComment('ok')).toBeNull();
    expect(checkComment('a'.repeat(COMMENT_MAX))).toBeNull();
    expect(checkComment('a'.repeat(COMMENT_MAX + 1))).toBe('tooLong');
    expect(checkComment('😀'.repeat(COMMENT_MAX))).toBeNull();
  });
});
