import type { Migration } from '@/prisma-free-db/migrations/types';

/** The fixture plugin's own tables, prefixed with its id. */
export const migrations: Migration[] = [
  {
    name: '0001_notes',
    up: {
      sqlite: [
        `create table "fixture_notes_job_run" ("id" text not null, "tenant_id" text not null, "job_id" text not null, "label" text not null, "at" datetime not null, primary key ("id"));`,
        `create index "fixture_notes_job_run_tenant_id_index" on "fixture_notes_job_run" ("tenant_id");`,
        `create unique index "fixture_notes_job_run_job_id_unique" on "fixture_notes_job_run" ("job_id");`,
        `create table "fixture_notes_note" ("id" text not null, "tenant_id" text not null, "subject_id" text null, "title" text not null, "body" text not null, "author_id" text not null, "created_at" datetime not null, primary key ("id"));`,
        `create index "fixture_notes_note_tenant_id_index" on "fixture_notes_note" ("tenant_id");`,
        `create index "fixture_notes_note_tenant_id_subject_id_index" on "fixture_notes_note" ("tenant_id", "subject_id");`,
      ],
      postgresql: [
        `create table "fixture_notes_job_run" ("id" varchar(36) not null, "tenant_id" varchar(36) not null, "job_id" varchar(200) not null, "label" varchar(100) not null, "at" timestamptz not null, constraint "fixture_notes_job_run_pkey" primary key ("id"));`,
        `create index "fixture_notes_job_run_tenant_id_index" on "fixture_notes_job_run" ("tenant_id");`,
        `alter table "fixture_notes_job_run" add constraint "fixture_notes_job_run_job_id_unique" unique ("job_id");`,
        `create table "fixture_notes_note" ("id" varchar(36) not null, "tenant_id" varchar(36) not null, "subject_id" varchar(36) null, "title" varchar(200) not null, "body" text not null, "author_id" varchar(36) not null, "created_at" timestamptz not null, constraint "fixture_notes_note_pkey" primary key ("id"));`,
        `create index "fixture_notes_note_tenant_id_index" on "fixture_notes_note" ("tenant_id");`,
        `create index "fixture_notes_note_tenant_id_subject_id_index" on "fixture_notes_note" ("tenant_id", "subject_id");`,
      ],
    },
    down: {
      sqlite: ['drop table if exists "fixture_notes_job_run";', 'drop table if exists "fixture_notes_note";'],
      postgresql: ['drop table if exists "fixture_notes_job_run";', 'drop table if exists "fixture_notes_note";'],
    },
  },
];
