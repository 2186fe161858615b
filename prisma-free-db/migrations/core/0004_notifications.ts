import type { Migration } from '../types';

/** In-app notifications per member (core service used by every plugin). */
export const m0004Notifications: Migration = {
  name: '0004_notifications',
  up: {
    sqlite: [
      `create table "notification" ("id" text not null, "tenant_id" text not null, "user_id" text not null, "source" text not null, "message_key" text not null, "values" json not null, "href" text null, "dedupe_key" text null, "created_at" datetime not null, "read_at" datetime null, primary key ("id"));`,
      `create index "notification_tenant_id_index" on "notification" ("tenant_id");`,
      `create index "notification_tenant_id_user_id_created_at_index" on "notification" ("tenant_id", "user_id", "created_at");`,
      `create index "notification_tenant_id_user_id_read_at_index" on "notification" ("tenant_id", "user_id", "read_at");`,
      `create unique index "notification_tenant_id_user_id_dedupe_key_unique" on "notification" ("tenant_id", "user_id", "dedupe_key");`,
    ],
    postgresql: [
      `create table "notification" ("id" varchar(36) not null, "tenant_id" varchar(36) not null, "user_id" varchar(36) not null, "source" varchar(64) not null, "message_key" varchar(200) not null, "values" jsonb not null, "href" varchar(500) null, "dedupe_key" varchar(200) null, "created_at" timestamptz not null, "read_at" timestamptz null, constraint "notification_pkey" primary key ("id"));`,
      `create index "notification_tenant_id_index" on "notification" ("tenant_id");`,
      `create index "notification_tenant_id_user_id_created_at_index" on "notification" ("tenant_id", "user_id", "created_at");`,
      `create index "notification_tenant_id_user_id_read_at_index" on "notification" ("tenant_id", "user_id", "read_at");`,
      `alter table "notification" add constraint "notification_tenant_id_user_id_dedupe_key_unique" unique ("tenant_id", "user_id", "dedupe_key");`,
    ],
  },
  down: {
    sqlite: [`drop table if exists "notification";`],
    postgresql: [`drop table if exists "notification";`],
  },
};
