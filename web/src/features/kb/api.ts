import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Schema } from '../../api/types';

export type Article = Schema<'Article'>;
export type ArticleComment = Schema<'ArticleComment'>;

export interface ArticleListParams {
  q: string;
  tag: string;
}

export const PAGE_SIZE = 20;

/** Query keys of the knowledge base, in one place. */
export const kbKeys = {
  all: ['kb'] as const,
  lists: () => [...kbKeys.all, 'list'] as const,
  list: (p: ArticleListParams) => [...kbKeys.lists(), p] as const,
  tags: () => [...kbKeys.all, 'tags'] as const,
  article: (slug: string) => [...kbKeys.all, 'article', slug] as const,
  detail: (slug: string) => [...kbKeys.article(slug), 'detail'] as const,
  comments: (slug: string) => [...kbKeys.article(slug), 'comments'] as const,
};

export function useArticleList(p: ArticleListParams) {
  return useInfiniteQuery({
    queryKey: kbKeys.list(p),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/kb/articles', {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(p.q.trim() ? { q: p.q.trim() } : {}),
              ...(p.tag ? { tag: p.tag } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/**
 * The articles the tag filter is built from. The API has no list of tags (see
 * /tmp/loket-api-needs.md); until it has, the tags are those of the first 200 articles.
 */
export function useTagSource() {
  return useQuery({
    queryKey: kbKeys.tags(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/kb/articles', { params: { query: { limit: 200 } }, signal })),
    staleTime: 5 * 60_000,
  });
}

export function useArticle(slug: string) {
  return useQuery({
    queryKey: kbKeys.detail(slug),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/kb/articles/{slug}', { params: { path: { slug } }, signal })),
  });
}

export function useArticleComments(slug: string, enabled = true) {
  return useQuery({
    queryKey: kbKeys.comments(slug),
    enabled,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/kb/articles/{slug}/comments', { params: { path: { slug } }, signal })),
  });
}

/** Posts a comment; afterwards the comments and the article (it may have closed) are read again. */
export function useAddComment(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      unwrap(api.POST('/api/v1/kb/articles/{slug}/comments', { params: { path: { slug } }, body: { body } })),
    onSuccess: (comment) => {
      qc.setQueryData<ArticleComment[]>(kbKeys.comments(slug), (old) => (old ? [...old, comment] : [comment]));
      void qc.invalidateQueries({ queryKey: kbKeys.comments(slug) });
    },
    onError: () => {
      void qc.invalidateQueries({ queryKey: kbKeys.article(slug) });
    },
  });
}
