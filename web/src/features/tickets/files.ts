import type { TFunction } from 'i18next';
import { isApiProblem } from '../../api/problem';

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

/** The words for a failed upload: the API's 413/415 detail, else a general line. */
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
