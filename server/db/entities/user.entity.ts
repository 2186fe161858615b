import { EntitySchema, type Opt } from '@mikro-orm/core';
import { idProperty, timestampProperties } from '../tenant-scope';

/** A person who signs in. Global (one account across tenants); access comes from memberships. */
export interface User {
  id: Opt<string>;
  email: string;
  name: string;
  passwordHash: string;
  locale: 'zh-CN' | 'en' | null;
  disabledAt: Date | null;
  lastSignInAt: Date | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const UserSchema = new EntitySchema<User>({
  name: 'User',
  tableName: 'app_user',
  properties: {
    ...idProperty,
    email: { type: 'string', length: 254, unique: true },
    name: { type: 'string', length: 200 },
    passwordHash: { type: 'string', length: 255, hidden: true, lazy: true },
    locale: { type: 'string', length: 8, nullable: true },
    disabledAt: { type: 'Date', nullable: true },
    lastSignInAt: { type: 'Date', nullable: true },
    ...timestampProperties,
  },
});
