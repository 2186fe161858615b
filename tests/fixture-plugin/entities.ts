import { EntitySchema, type Opt } from '@mikro-orm/core';
import { idProperty, tenantFilter, tenantOwnedProperties } from '@/server/db/tenant-scope';

export interface FixtureNote {
  id: Opt<string>;
  tenantId: Opt<string>;
  /** The person (customer) the note is about, if any: personal data for the privacy hooks. */
  subjectId: string | null;
  title: string;
  body: string;
  authorId: string;
  createdAt: Opt<Date>;
}

export const FixtureNoteSchema = new EntitySchema<FixtureNote>({
  name: 'FixtureNote',
  tableName: 'fixture_notes_note',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'subjectId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    subjectId: { type: 'string', length: 36, nullable: true },
    title: { type: 'string', length: 200 },
    body: { type: 'text' },
    authorId: { type: 'string', length: 36 },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

/** One row per executed job (unique job id: at-least-once delivery stays idempotent). */
export interface FixtureJobRun {
  id: Opt<string>;
  tenantId: Opt<string>;
  jobId: string;
  label: string;
  at: Date;
}

export const FixtureJobRunSchema = new EntitySchema<FixtureJobRun>({
  name: 'FixtureJobRun',
  tableName: 'fixture_notes_job_run',
  filters: tenantFilter(),
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    jobId: { type: 'string', length: 200, unique: true },
    label: { type: 'string', length: 100 },
    at: { type: 'Date' },
  },
});
