import { EntitySchema, type Opt } from '@mikro-orm/core';
import { idProperty } from '../tenant-scope';

/** One sign-in try, kept for rate limiting (per account and per IP) and the security log. */
export interface SignInAttempt {
  id: Opt<string>;
  email: string;
  ip: string;
  success: boolean;
  at: Date;
}

export const SignInAttemptSchema = new EntitySchema<SignInAttempt>({
  name: 'SignInAttempt',
  tableName: 'sign_in_attempt',
  indexes: [{ properties: ['email', 'at'] }, { properties: ['ip', 'at'] }],
  properties: {
    ...idProperty,
    email: { type: 'string', length: 254 },
    ip: { type: 'string', length: 64 },
    success: { type: 'boolean' },
    at: { type: 'Date' },
  },
});
