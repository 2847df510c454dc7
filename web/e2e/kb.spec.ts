import type { Page } from '@playwright/test';
import { test, expect, DEMO, apiLogin, loginAs, screenshot, expectNoA11yViolations, unique, type ApiClient } from './fixtures';
import type { components } from '../src/api/schema';

type Article = components['schemas']['Article'];

/** The knowledge base: browse by tag, search, read, comment where open, refused where closed. */

const CLOSED_SLUG = 'welke-vragen-kan-je-stellen'; // "Which questions can you bring to us?": closed for comments
const OPEN_SLUG = 'kredietnota-opmaken'; // "Creating a credit note": open, for logged-in customers

async function newArticle(admin: ApiClient, body: Partial<components['schemas']['ArticleBody']> & { translations: components['schemas']['TextBody'][] }): Promise<Article> {
  const slug = unique('e2e').toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return admin.post<Article>('/api/v1/kb/articles', { slug, status: 'published', visibility: 'public', comments_open: true, tags: ['e2e'], ...body });
}

async function openArticle(page: Page, title: string) {
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

test('a closed article says "Closed for comments" and offers no form; the API refuses a comment with its reason', async ({ page, api }) => {
  await loginAs(page, DEMO.customer, { lang: 'en' });
  await page.goto(`/kb/${CLOSED_SLUG}`);
  await openArticle(page, 'Which questions can you bring to us?');
  const comments = page.getByRole('region', { name: /comments?$/i });
  await expect(comments.getByText('Closed for comments', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Your comment')).toHaveCount(0);

  // The API says the same, in the caller's language.
  const tom = await api('customer');
  const res = await tom.ctx.post(`/api/v1/kb/articles/${CLOSED_SLUG}/comments`, {
    headers: { Authorization: `Bearer ${tom.token}`, 'Accept-Language': 'en' },
    data: { body: 'May I still comment?' },
  });
  expect(res.status()).toBe(409);
  expect(((await res.json()) as { detail: string }).detail).toBe('this article is closed for comments');
});

test('the page shows the API\'s refusal when an article closes while the customer writes', async ({ page, api }) => {
  const admin = await api('admin');
  const a = await newArticle(admin, {
    translations: [
      { language: 'en', title: unique('Closing soon'), body: 'This article will close for comments.' },
      { language: 'nl', title: unique('Sluit straks'), body: 'Dit artikel sluit straks voor reacties.' },
    ],
  });
  const title = a.translations.find((t) => t.language === 'en')!.title;
  for (const lang of ['en', 'nl'] as const) {
    await admin.put(`/api/v1/kb/articles/${a.slug}`, { slug: a.slug, status: 'published', visibility: 'public', comments_open: true, tags: ['e2e'], translations: a.translations.map(({ language, title: t, body_markdown }) => ({ language, title: t, body: body_markdown })) });
    await loginAs(page, DEMO.customer, { lang });
    await page.goto(`/kb/${a.slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const field = page.getByLabel(lang === 'nl' ? 'Uw reactie' : 'Your comment');
    await field.fill('A comment written while the article closes.');
    // Staff close the article meanwhile.
    await admin.put(`/api/v1/kb/articles/${a.slug}`, { slug: a.slug, status: 'published', visibility: 'public', comments_open: false, tags: ['e2e'], translations: a.translations.map(({ language, title: t, body_markdown }) => ({ language, title: t, body: body_markdown })) });
    await page.getByRole('button', { name: lang === 'nl' ? 'Reactie plaatsen' : 'Post comment' }).click();
    // The API's own words, shown as a sentence.
    await expect(page.getByText(lang === 'nl' ? 'Dit artikel is gesloten voor reacties.' : 'This article is closed for comments.')).toBeVisible();
    await expect(page.getByText(lang === 'nl' ? 'Gesloten voor reacties' : 'Closed for comments', { exact: true })).toBeVisible();
    await expect(field).toHaveCount(0);
    if (lang === 'en') await screenshot(page, 'kb-comment-refused');
    await page.context().clearCookies();
  }
  expect(title).toBeTruthy();
  await admin.delete(`/api/v1/kb/articles/${a.slug}`);
});

test('a logged-in customer comments on an open article and sees the comment', async ({ page }) => {
  await loginAs(page, DEMO.customer, { lang: 'en' });
  await page.goto(`/kb/${OPEN_SLUG}`);
  await openArticle(page, 'Creating a credit note');
  await expect(page.getByRole('list').filter({ hasText: 'Go to' }).first()).toBeVisible();
  // Client check first: an empty comment is not sent.
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page.getByText('Write your comment first.')).toBeVisible();
  await expect(page.getByLabel('Your comment')).toHaveAttribute('aria-invalid', 'true');
  const text = unique('Step 2 also works from the customer card');
  await page.getByLabel('Your comment').fill(text);
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page.getByText('Your comment is posted.')).toBeVisible();
  const item = page.getByRole('listitem').filter({ hasText: text });
  await expect(item).toBeVisible();
  await expect(item.getByText('Tom Claes (you)', { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('listitem').filter({ hasText: text })).toBeVisible();
});

test('browse by tag and search find an article', async ({ page }) => {
  await loginAs(page, DEMO.customer, { lang: 'en' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Knowledge base' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Knowledge base' })).toBeVisible();
  const tags = page.getByRole('group', { name: 'Filter by tag' });
  await tags.getByRole('button', { name: 'facturatie', exact: true }).click();
  await expect(tags.getByRole('button', { name: 'facturatie', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('heading', { level: 2, name: 'Articles tagged #facturatie' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Creating a credit note' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Which questions can you bring to us?' })).toHaveCount(0);
  await expect(page).toHaveURL(/\?tag=facturatie/);
  await tags.getByRole('button', { name: 'All articles' }).click();
  await expect(page.getByRole('link', { name: 'Which questions can you bring to us?' })).toBeVisible();

  await page.getByRole('searchbox', { name: 'Search the knowledge base' }).fill('credit note');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Results for “credit note”' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Creating a credit note' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Which questions can you bring to us?' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Creating a credit note' }).click();
  await openArticle(page, 'Creating a credit note');

  await page.goto('/kb?q=zzzznothing');
  await expect(page.getByText('No article matches')).toBeVisible();
});

test('a long list pages by cursor: "Show more articles" loads the next page', async ({ page, api }) => {
  const admin = await api('admin');
  const tag = `paging${Date.now().toString(36)}`;
  const made: Article[] = [];
  for (let i = 0; i < 23; i++) {
    made.push(await newArticle(admin, { tags: [tag], translations: [{ language: 'en', title: `Paging article ${String(i).padStart(2, '0')} ${tag}`, body: 'Text.' }] }));
  }
  try {
    await loginAs(page, DEMO.customer, { lang: 'en' });
    await page.goto(`/kb?tag=${tag}`);
    const links = page.getByRole('link', { name: new RegExp(`^Paging article \\d+ ${tag}$`) });
    await expect(links).toHaveCount(20);
    await expect(page.getByText('The first 20 articles')).toBeVisible();
    await page.getByRole('button', { name: 'Show more articles' }).click();
    await expect(links).toHaveCount(23);
    await expect(page.getByText('23 articles')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Show more articles' })).toHaveCount(0);
  } finally {
    for (const a of made) await admin.delete(`/api/v1/kb/articles/${a.slug}`);
  }
});

test('an article without a text in the UI language is shown in the other one, with a note', async ({ page, api }) => {
  const admin = await api('admin');
  const a = await newArticle(admin, { translations: [{ language: 'nl', title: unique('Enkel Nederlands'), body: 'Alleen **Nederlandse** tekst.' }] });
  await loginAs(page, DEMO.customer, { lang: 'en' });
  await page.goto(`/kb/${a.slug}`);
  await expect(page.getByRole('heading', { level: 1, name: a.translations[0]!.title })).toBeVisible();
  await expect(page.getByText('This article is not available in English yet, so it is shown in Dutch.')).toBeVisible();
  await expect(page.locator('[lang="nl"]').getByText('Nederlandse')).toBeVisible();
  await admin.delete(`/api/v1/kb/articles/${a.slug}`);
});

test('a customer-only article is not found for a wrong slug, and the page says so', async ({ page }) => {
  await loginAs(page, DEMO.customer, { lang: 'en' });
  await page.goto('/kb/no-such-article');
  await expect(page.getByRole('heading', { level: 1, name: 'This article does not exist' })).toBeVisible();
});

test('logged out, the public articles can be read, with "Log in to comment"', async ({ page, api }) => {
  // The pages handle a visitor without a login; the router still sends every route through the login.
  await page.goto('/kb');
  await expect(page.getByRole('heading', { level: 1, name: 'Knowledge base' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Which questions can you bring to us?' })).toBeVisible();
  // Customer-only articles are not listed for visitors.
  await expect(page.getByRole('link', { name: 'Creating a credit note' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Which questions can you bring to us?' }).click();
  await expect(page.getByText('Closed for comments', { exact: true })).toBeVisible();
  await screenshot(page, 'kb-article-logged-out');
  // Other pages still ask for a login.
  await page.goto('/tickets');
  await expect(page).toHaveURL(/\/login\?next=%2Ftickets$/);

  const admin = await api('admin');
  const a = await newArticle(admin, { translations: [{ language: 'en', title: unique('Open to comments'), body: 'Comments welcome.' }] });
  await page.goto(`/kb/${a.slug}`);
  const login = page.getByRole('link', { name: 'Log in to comment' });
  await expect(login).toHaveAttribute('href', `/login?next=${encodeURIComponent(`/kb/${a.slug}`)}`);
  await expect(page.getByLabel('Your comment')).toHaveCount(0);
  await admin.delete(`/api/v1/kb/articles/${a.slug}`);
});

for (const lang of ['en', 'nl'] as const) {
  test(`knowledge base pages in ${lang}: screenshots at 1280 and 375 px, axe`, async ({ page }) => {
    const c = await apiLogin(DEMO.customer);
    await c.post(`/api/v1/kb/articles/${OPEN_SLUG}/comments`, { body: lang === 'nl' ? 'Handig, bedankt! Werkt ook voor een gedeeltelijke kredietnota.' : 'Useful, thanks! Works for a partial credit note too.' }).catch(() => undefined);
    await c.ctx.dispose();
    await loginAs(page, DEMO.customer, { lang });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: width === 375 ? 740 : 860 });
      await page.goto('/kb');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(lang === 'nl' ? 'Kennisbank' : 'Knowledge base');
      await expect(page.getByRole('link', { name: lang === 'nl' ? 'Een kredietnota opmaken' : 'Creating a credit note' })).toBeVisible();
      await screenshot(page, 'kb-list');
      if (width === 1280) await expectNoA11yViolations(page, `kb list (${lang})`);

      await page.goto(`/kb/${OPEN_SLUG}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(lang === 'nl' ? 'Een kredietnota opmaken' : 'Creating a credit note');
      await expect(page.getByLabel(lang === 'nl' ? 'Uw reactie' : 'Your comment')).toBeVisible();
      await screenshot(page, 'kb-article');
      if (width === 1280) await expectNoA11yViolations(page, `kb article (${lang})`);

      await page.goto(`/kb/${CLOSED_SLUG}`);
      await expect(page.getByText(lang === 'nl' ? 'Gesloten voor reacties' : 'Closed for comments', { exact: true })).toBeVisible();
      await screenshot(page, 'kb-article-closed');
      if (width === 1280) await expectNoA11yViolations(page, `kb closed article (${lang})`);
    }
  });
}
