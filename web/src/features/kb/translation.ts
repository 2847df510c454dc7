import type { Schema } from '../../api/types';
import type { Lang } from '../../i18n';

export type Article = Schema<'Article'>;
export type Translation = Schema<'Translation'>;

export interface Picked {
  translation: Translation;
  /** True when the article has no text in the UI language and another one is shown. */
  fallback: boolean;
}

/** The article's text in the UI language, else in the other language (Dutch first), else none. */
export function pickTranslation(translations: readonly Translation[], lang: Lang): Picked | null {
  const own = translations.find((t) => t.language === lang);
  if (own) return { translation: own, fallback: false };
  const other = translations.find((t) => t.language === (lang === 'nl' ? 'en' : 'nl')) ?? translations[0];
  return other ? { translation: other, fallback: true } : null;
}

/** A plain-text teaser from the Markdown (a list shows text only, never HTML). */
export function excerpt(markdown: string, max = 180): string {
  const text = markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^\s*[-*+]\s+/gm, '')
    .replace(/^\s*\d+\.\s+/gm, '')
    .replace(/^\s*>\s?/gm, '')
    .replace(/^\s*\|?\s*:?-{3,}.*$/gm, ' ')
    .replace(/\|/g, ' ')
    .replace(/[*_`~]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The tags of the given articles, each once, alphabetically. */
export function collectTags(articles: readonly Article[]): string[] {
  return [...new Set(articles.flatMap((a) => a.tags))].sort((a, b) => a.localeCompare(b));
}

/** The comment body's client checks, mirroring ArticleCommentBody (1 to 5000 characters). */
export const COMMENT_MAX = 5000;
export function checkComment(body: string): 'required' | 'tooLong' | null {
  if (body.trim().length === 0) return 'required';
  if ([...body].length > COMMENT_MAX) return 'tooLong';
  return null;
}

/** A sentence from the API ("this article is closed for comments") as shown: capital, full stop. */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const first = t.charAt(0).toLocaleUpperCase();
  return /[.!?]$/.test(t) ? first + t.slice(1) : `${first}${t.slice(1)}.`;
}
