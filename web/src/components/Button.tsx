import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { Link, type LinkProps } from 'react-router';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger';

function classes(variant: Variant, size?: 'sm', block?: boolean, extra?: string) {
  return ['btn', `btn-${variant}`, size === 'sm' && 'btn-sm', block && 'btn-block', extra].filter(Boolean).join(' ');
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  size?: 'sm';
  block?: boolean;
  busy?: boolean;
  children: ReactNode;
}

export function Button({ variant = 'primary', size, block, busy, className, disabled, children, type = 'button', ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      className={classes(variant, size, block, className)}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {children}
    </button>
  );
}

export function ButtonLink({ variant = 'primary', size, className, ...rest }: LinkProps & { variant?: Variant; size?: 'sm' }) {
  return <Link className={classes(variant, size, false, className)} {...rest} />;
}
