import type { Schema } from '../api/types';

export type Role = Schema<'Role'>;
