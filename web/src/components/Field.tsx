import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldShellProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: string | undefined;
  children: ReactNode;
}

/** Label, hint and error around one control, tied together with aria-describedby. */
export function FieldShell({ id, label, hint, error, optional, children }: FieldShellProps) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
        {optional && <span className="field-optional"> ({optional})</span>}
      </label>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

interface Common {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  /** Text shown after the label, e.g. "optional". */
  optional?: string | undefined;
}

/** The id and ARIA attributes a control inside a FieldShell needs (one place for all three controls). */
function useControlProps(id: string | undefined, hint: unknown, error: unknown, className: string | undefined) {
  const auto = useId();
  const fid = id ?? auto;
  return {
    id: fid,
    className: ['input', className].filter(Boolean).join(' '),
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(fid, hint, error),
  } as const;
}

export const TextField = forwardRef<HTMLInputElement, Common & InputHTMLAttributes<HTMLInputElement>>(
  function TextField({ label, hint, error, optional, id, className, ...rest }, ref) {
    const control = useControlProps(id, hint, error, className);
    return (
      <FieldShell id={control.id} label={label} hint={hint} error={error} optional={optional}>
        <input ref={ref} {...control} {...rest} />
      </FieldShell>
    );
  },
);

export const TextArea = forwardRef<HTMLTextAreaElement, Common & TextareaHTMLAttributes<HTMLTextAreaElement>>(
  function TextArea({ label, hint, error, optional, id, className, ...rest }, ref) {
    const control = useControlProps(id, hint, error, className);
    return (
      <FieldShell id={control.id} label={label} hint={hint} error={error} optional={optional}>
        <textarea ref={ref} {...control} {...rest} />
      </FieldShell>
    );
  },
);

export const Select = forwardRef<HTMLSelectElement, Common & SelectHTMLAttributes<HTMLSelectElement>>(
  function Select({ label, hint, error, optional, id, className, children, ...rest }, ref) {
    const control = useControlProps(id, hint, error, className);
    return (
      <FieldShell id={control.id} label={label} hint={hint} error={error} optional={optional}>
        <select ref={ref} {...control} {...rest}>
          {children}
        </select>
      </FieldShell>
    );
  },
);
