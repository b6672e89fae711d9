import { randomUUID } from 'node:crypto';

/** An opaque id with a readable prefix (`r_…` ride, `o_…` offer). */
export const newId = (prefix: string): string => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
