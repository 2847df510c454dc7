import type { components } from './schema';

/** Shorthand for the spec's schemas: `Schema<'Ticket'>`. */
export type Schema<K extends keyof components['schemas']> = components['schemas'][K];
