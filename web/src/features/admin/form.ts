import type { TFunction } from 'i18next';
import { isApiProblem, mapFieldErrors, type FieldError } from '../../api/problem';

/**
 * The API's message for a field in the UI language: known codes have their own words in the
 * `admin` namespace (`fieldError.<code>`), anything else shows the API's own message.
 */
export function fieldMessage(t: TFunction, fe: { code: FieldError['code'] | ''; message: string }): string {
  return t(`admin:fieldError.${fe.code}`, { defaultValue: fe.message, message: fe.message });
}

export interface FormProblem {
  /** Message per form field (the form's dotted path). */
  byField: Record<string, string>;
  /** What no field took, or the error in words when it was not a 422 (shown above the form). */
  form: string | null;
}

/**
 * A failed save in words: a 422's field errors onto `fields` (see `mapFieldErrors`), the rest
 * and any other error as one sentence for the form.
 */
export function formProblem(
  t: TFunction,
  e: unknown,
  fields: readonly string[],
  rename: Readonly<Record<string, string>> = {},
  /** Words for a field whose value is taken (a 409 naming the field, code `taken`), by form field. */
  taken: Readonly<Record<string, string>> = {},
): FormProblem {
  if (!isApiProblem(e)) return { byField: {}, form: t('common:error.unexpected') };
  if (e.code === 'network') return { byField: {}, form: t('common:error.network') };
  // A 422, or a 409 about one field (a name, number or address already in use), names its fields.
  if ((e.status === 422 || e.status === 409) && e.fieldErrors.length) {
    const { byField, rest } = mapFieldErrors(e, fields, rename);
    const translated: Record<string, string> = {};
    for (const [field, message] of Object.entries(byField)) {
      const fe: Pick<FieldError, 'message'> & { code: FieldError['code'] | '' } = e.fieldErrors.find(
        (x) => x.message === message,
      ) ?? { code: '', message };
      translated[field] = (fe.code === 'taken' ? taken[field] : undefined) ?? fieldMessage(t, fe);
    }
    return { byField: translated, form: rest.length ? rest.map((r) => `${r.field}: ${fieldMessage(t, r)}`).join(' ') : null };
  }
  return { byField: {}, form: e.detail || e.title };
}
