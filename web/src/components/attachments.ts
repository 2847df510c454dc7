/**
 * A ticket's files, shared by the customer's ticket page and the staff desk: uploads on the
 * question or on a comment, downloads (they need the Bearer header, so fetch → Blob), and
 * the size check and error words around them.
 */
import type { TFunction } from 'i18next';
import { api, filenameFrom, saveBlob, unwrap } from '../api/client';
import { isApiProblem } from '../api/problem';
import type { Schema } from '../api/types';

export type Attachment = Schema<'Attachment'>;

/** The API's default limit per upload (10 MiB); checked here first so nothing is sent in vain. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export function totalSize(files: File[]): number {
  return files.reduce((n, f) => n + f.size, 0);
}

/** A client-side check mirroring the API's size limit. */
export function checkFiles(files: File[], t: TFunction): string | undefined {
  if (totalSize(files) > MAX_UPLOAD_BYTES) return t('common:files.tooLarge', { limit: '10 MB' });
  return undefined;
}

/** The words for a failed upload or download: the API's 413/415 detail, else a general line. */
export function uploadErrorText(e: unknown, t: TFunction): string {
  if (isApiProblem(e)) {
    if (e.status === 413) return e.detail || t('common:files.tooLarge', { limit: '10 MB' });
    if (e.status === 415) return e.detail || t('common:files.badType');
    if (e.fieldErrors.length) return e.fieldErrors.map((f) => f.message).join(' ');
    if (e.code === 'network') return t('common:error.network');
    return e.detail || e.title;
  }
  return t('common:error.unexpected');
}

function formOf(files: File[]): FormData {
  const fd = new FormData();
  for (const f of files) fd.append('file', f, f.name);
  return fd;
}

/** Files on the question itself. */
export function uploadTicketFiles(reference: string, files: File[]) {
  return unwrap(
    // The multipart body is built by the browser; openapi-fetch passes FormData through.
    api.POST('/api/v1/tickets/{reference}/attachments', {
      params: { path: { reference } },
      body: formOf(files) as unknown as Schema<'AttachmentUpload'>,
      bodySerializer: (b: unknown) => b as FormData,
    }),
  );
}

/** Files on a comment (a reply or an internal note), once the comment exists. */
export function uploadCommentFiles(reference: string, commentId: string, files: File[]) {
  return unwrap(
    api.POST('/api/v1/tickets/{reference}/comments/{comment_id}/attachments', {
      params: { path: { reference, comment_id: commentId } },
      body: formOf(files) as unknown as Schema<'AttachmentUpload'>,
      bodySerializer: (b: unknown) => b as FormData,
    }),
  );
}

export async function downloadAttachment(reference: string, a: Attachment) {
  const { data, error, response } = await api.GET('/api/v1/tickets/{reference}/attachments/{id}', {
    params: { path: { reference, id: a.id } },
    parseAs: 'blob',
  });
  if (!response.ok || !data) throw await unwrap(Promise.resolve({ data, error, response })).catch((e: unknown) => e);
  saveBlob(data as Blob, filenameFrom(response, a.filename));
}
