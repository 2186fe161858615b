import { EntitySchema, type Opt } from '@mikro-orm/core';
import { idProperty, tenantFilter, tenantOwnedProperties, timestampProperties } from '@/server/db/tenant-scope';
import type { RunState, ScoreOverride } from './engine/engine';
import type { Localized, ScenarioContent } from './engine/schema';

export type ScenarioOrigin = 'library' | 'custom' | 'meeting';

/** A scenario; its content lives in numbered versions. Runs point at the version they played. */
export interface SimScenario {
  id: Opt<string>;
  tenantId: Opt<string>;
  /** Stable key of a built-in scenario (library seeding is idempotent by it); null for trainers' own. */
  libraryKey: string | null;
  origin: ScenarioOrigin;
  /** The planned meeting a "build from a real meeting" draft came from. */
  sourceMeetingId: string | null;
  title: Localized;
  /** Highest version number (draft or published). */
  latestVersion: number;
  /** The version trainees play and trainers assign; null until the first publish. */
  publishedVersion: number | null;
  archivedAt: Date | null;
  createdBy: string | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const SimScenarioSchema = new EntitySchema<SimScenario>({
  name: 'MeetingSimScenario',
  tableName: 'meeting_sim_scenario',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'libraryKey'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    libraryKey: { type: 'string', length: 60, nullable: true },
    origin: { type: 'string', length: 20 },
    sourceMeetingId: { type: 'string', length: 36, nullable: true },
    title: { type: 'json' },
    latestVersion: { type: 'integer' },
    publishedVersion: { type: 'integer', nullable: true },
    archivedAt: { type: 'Date', nullable: true },
    createdBy: { type: 'string', length: 36, nullable: true },
    ...timestampProperties,
  },
});

/** One version of a scenario. A published version is frozen: editing makes a new draft. */
export interface SimScenarioVersion {
  id: Opt<string>;
  tenantId: Opt<string>;
  scenarioId: string;
  version: number;
  status: 'draft' | 'published';
  content: ScenarioContent;
  createdBy: string | null;
  createdAt: Opt<Date>;
  publishedAt: Date | null;
  publishedBy: string | null;
}

export const SimScenarioVersionSchema = new EntitySchema<SimScenarioVersion>({
  name: 'MeetingSimScenarioVersion',
  tableName: 'meeting_sim_scenario_version',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'scenarioId', 'version'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    scenarioId: { type: 'string', length: 36 },
    version: { type: 'integer' },
    status: { type: 'string', length: 20 },
    content: { type: 'json' },
    createdBy: { type: 'string', length: 36, nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
    publishedAt: { type: 'Date', nullable: true },
    publishedBy: { type: 'string', length: 36, nullable: true },
  },
});

/** A trainee's play-through of one scenario version (personal data of the trainee). */
export interface SimRun {
  id: Opt<string>;
  tenantId: Opt<string>;
  userId: string;
  scenarioId: string;
  versionId: string;
  assignmentId: string | null;
  status: 'in_progress' | 'finished';
  state: RunState;
  /** Set when finished (and after an override): the compliance gate, total and per-criterion scores. */
  gatePassed: boolean | null;
  total: number | null;
  passed: boolean | null;
  scores: Record<string, number> | null;
  overrides: ScoreOverride[];
  traineeComment: string | null;
  acknowledgedAt: Date | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export const SimRunSchema = new EntitySchema<SimRun>({
  name: 'MeetingSimRun',
  tableName: 'meeting_sim_run',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'userId'] }, { properties: ['tenantId', 'scenarioId'] }, { properties: ['tenantId', 'finishedAt'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    userId: { type: 'string', length: 36 },
    scenarioId: { type: 'string', length: 36 },
    versionId: { type: 'string', length: 36 },
    assignmentId: { type: 'string', length: 36, nullable: true },
    status: { type: 'string', length: 20 },
    state: { type: 'json' },
    gatePassed: { type: 'boolean', nullable: true },
    total: { type: 'integer', nullable: true },
    passed: { type: 'boolean', nullable: true },
    scores: { type: 'json', nullable: true },
    overrides: { type: 'json' },
    traineeComment: { type: 'text', nullable: true },
    acknowledgedAt: { type: 'Date', nullable: true },
    startedAt: { type: 'Date' },
    finishedAt: { type: 'Date', nullable: true },
  },
});

/** A named group of trainees (a new-hire class, a region). */
export interface SimCohort {
  id: Opt<string>;
  tenantId: Opt<string>;
  name: string;
  memberIds: string[];
  createdBy: string;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const SimCohortSchema = new EntitySchema<SimCohort>({
  name: 'MeetingSimCohort',
  tableName: 'meeting_sim_cohort',
  filters: tenantFilter(),
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    name: { type: 'string', length: 120 },
    memberIds: { type: 'json' },
    createdBy: { type: 'string', length: 36 },
    ...timestampProperties,
  },
});

/** A scenario assigned to one trainee (a cohort assignment makes one row per member). */
export interface SimAssignment {
  id: Opt<string>;
  tenantId: Opt<string>;
  scenarioId: string;
  userId: string;
  cohortId: string | null;
  dueAt: Date | null;
  note: string | null;
  assignedBy: string;
  /** The first finished run for it. */
  completedRunId: string | null;
  completedAt: Date | null;
  createdAt: Opt<Date>;
}

export const SimAssignmentSchema = new EntitySchema<SimAssignment>({
  name: 'MeetingSimAssignment',
  tableName: 'meeting_sim_assignment',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'userId'] }, { properties: ['tenantId', 'cohortId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    scenarioId: { type: 'string', length: 36 },
    userId: { type: 'string', length: 36 },
    cohortId: { type: 'string', length: 36, nullable: true },
    dueAt: { type: 'Date', nullable: true },
    note: { type: 'string', length: 500, nullable: true },
    assignedBy: { type: 'string', length: 36 },
    completedRunId: { type: 'string', length: 36, nullable: true },
    completedAt: { type: 'Date', nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

/** A coaching note about a trainee, visible to the trainee, trainers and the trainee's managers. */
export interface SimCoachingNote {
  id: Opt<string>;
  tenantId: Opt<string>;
  userId: string;
  authorId: string;
  runId: string | null;
  body: string;
  createdAt: Opt<Date>;
}

export const SimCoachingNoteSchema = new EntitySchema<SimCoachingNote>({
  name: 'MeetingSimCoachingNote',
  tableName: 'meeting_sim_coaching_note',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'userId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    userId: { type: 'string', length: 36 },
    authorId: { type: 'string', length: 36 },
    runId: { type: 'string', length: 36, nullable: true },
    body: { type: 'text' },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

/** A trainer-led live session: the trainer advances one shared run; trainees answer on their phones. */
export interface SimSession {
  id: Opt<string>;
  tenantId: Opt<string>;
  code: string;
  scenarioId: string;
  versionId: string;
  trainerId: string;
  status: 'open' | 'closed';
  state: RunState;
  createdAt: Opt<Date>;
  closedAt: Date | null;
}

export const SimSessionSchema = new EntitySchema<SimSession>({
  name: 'MeetingSimSession',
  tableName: 'meeting_sim_session',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'code'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    code: { type: 'string', length: 12 },
    scenarioId: { type: 'string', length: 36 },
    versionId: { type: 'string', length: 36 },
    trainerId: { type: 'string', length: 36 },
    status: { type: 'string', length: 20 },
    state: { type: 'json' },
    createdAt: { type: 'Date', onCreate: () => new Date() },
    closedAt: { type: 'Date', nullable: true },
  },
});

/** One trainee's answer to one step of a live session; the trainer may score it by hand (0–4). */
export interface SimSessionAnswer {
  id: Opt<string>;
  tenantId: Opt<string>;
  sessionId: string;
  stepIndex: number;
  turnId: string;
  userId: string;
  optionId: string | null;
  freeText: string | null;
  tags: string[];
  trainerScore: number | null;
  createdAt: Opt<Date>;
}

export const SimSessionAnswerSchema = new EntitySchema<SimSessionAnswer>({
  name: 'MeetingSimSessionAnswer',
  tableName: 'meeting_sim_session_answer',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'sessionId', 'stepIndex', 'userId'] }],
  indexes: [{ properties: ['tenantId', 'userId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    sessionId: { type: 'string', length: 36 },
    stepIndex: { type: 'integer' },
    turnId: { type: 'string', length: 40 },
    userId: { type: 'string', length: 36 },
    optionId: { type: 'string', length: 40, nullable: true },
    freeText: { type: 'text', nullable: true },
    tags: { type: 'json' },
    trainerScore: { type: 'integer', nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

export const entities = [
  SimScenarioSchema,
  SimScenarioVersionSchema,
  SimRunSchema,
  SimCohortSchema,
  SimAssignmentSchema,
  SimCoachingNoteSchema,
  SimSessionSchema,
  SimSessionAnswerSchema,
];
