import { EntitySchema, type Opt } from '@mikro-orm/core';
import { idProperty, tenantFilter, tenantOwnedProperties, timestampProperties } from '../tenant-scope';

/** An invitation to join a tenant. Only the SHA-256 of the token is stored. */
export interface Invitation {
  id: Opt<string>;
  tenantId: Opt<string>;
  email: string;
  roles: string[];
  tokenHash: string;
  invitedBy: string;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const InvitationSchema = new EntitySchema<Invitation>({
  name: 'Invitation',
  tableName: 'invitation',
  filters: tenantFilter(),
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    email: { type: 'string', length: 254 },
    roles: { type: 'json' },
    tokenHash: { type: 'string', length: 64, unique: true, hidden: true },
    invitedBy: { type: 'string', length: 36 },
    expiresAt: { type: 'Date' },
    acceptedAt: { type: 'Date', nullable: true },
    revokedAt: { type: 'Date', nullable: true },
    ...timestampProperties,
  },
});
