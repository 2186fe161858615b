import type { Migration } from '../types';

/** Issued self-service consent links, so one can be revoked before it expires. */
export const m0006ConsentLinks: Migration = {
  name: '0006_consent_links',
  up: {
    sqlite: [
      `create table "consent_link" ("id" text not null, "tenant_id" text not null, "person_id" text not null, "issued_by" text not null, "issued_at" datetime not null, "expires_at" datetime not null, "revoked_at" datetime null, "revoked_by" text null, primary key ("id"));`,
      `create index "consent_link_tenant_id_index" on "consent_link" ("tenant_id");`,
      `create index "consent_link_tenant_id_person_id_expires_at_index" on "consent_link" ("tenant_id", "person_id", "expires_at");`,
    ],
    postgresql: [
      `create table "consent_link" ("id" varchar(36) not null, "tenant_id" varchar(36) not null, "person_id" varchar(36) not null, "issued_by" varchar(36) not null, "issued_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_by" varchar(36) null, constraint "consent_link_pkey" primary key ("id"));`,
      `create index "consent_link_tenant_id_index" on "consent_link" ("tenant_id");`,
      `create index "consent_link_tenant_id_person_id_expires_at_index" on "consent_link" ("tenant_id", "person_id", "expires_at");`,
    ],
  },
  down: {
    sqlite: [`drop table if exists "consent_link";`],
    postgresql: [`drop table if exists "consent_link";`],
  },
};
