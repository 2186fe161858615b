import { EntitySchema, type Opt } from '@mikro-orm/core';
import { idProperty } from '../tenant-scope';

/**
 * The server-side half of a sign-in. The next-auth JWT carries only this row's id, so revoking
 * the row (sign out everywhere, user disabled, membership removed, time-outs) ends the session
 * at the next request whatever the cookie says.
 */
export interface UserSession {
  id: Opt<string>;
  userId: string;
  activeTenantId: string | null;
  createdAt: Opt<Date>;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokeReason: string | null;
  ip: string | null;
  userAgent: string | null;
}

export const UserSessionSchema = new EntitySchema<UserSession>({
  name: 'UserSession',
  tableName: 'user_session',
  properties: {
    ...idProperty,
    userId: { type: 'string', length: 36, index: true },
    activeTenantId: { type: 'string', length: 36, nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
    lastSeenAt: { type: 'Date' },
    expiresAt: { type: 'Date' },
    revokedAt: { type: 'Date', nullable: true },
    revokeReason: { type: 'string', length: 64, nullable: true },
    ip: { type: 'string', length: 64, nullable: true },
    userAgent: { type: 'string', length: 400, nullable: true },
  },
});
