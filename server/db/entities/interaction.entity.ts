import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { InteractionChannel, InteractionOutcome } from './work-enums';
import { idProperty, tenantFilter, tenantOwnedProperties, timestampProperties } from '../tenant-scope';
import type { CustomValues } from './institution.entity';

/** The code lists live in work-enums.ts (free of ORM imports, for client components). */
export { INTERACTION_CHANNELS, INTERACTION_OUTCOMES, type InteractionChannel, type InteractionOutcome } from './work-enums';

/**
 * One contact with customers: who was met (participants), where (institution, department), about
 * what (products, key messages), how it went and what happens next (a next step becomes a task).
 */
export interface Interaction {
  id: Opt<string>;
  tenantId: Opt<string>;
  externalId: string | null;
  channel: InteractionChannel;
  occurredAt: Date;
  institutionId: string | null;
  departmentId: string | null;
  /** Territory of the institution when logged: record-level access for interactions. */
  territoryId: string | null;
  ownerId: string;
  keyMessages: string[];
  notes: string | null;
  outcome: InteractionOutcome | null;
  nextStep: string | null;
  nextStepDue: Date | null;
  custom: CustomValues;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const InteractionSchema = new EntitySchema<Interaction>({
  name: 'Interaction',
  tableName: 'interaction',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'externalId'] }],
  indexes: [
    { properties: ['tenantId', 'territoryId', 'occurredAt'] },
    { properties: ['tenantId', 'ownerId', 'occurredAt'] },
    { properties: ['tenantId', 'institutionId', 'occurredAt'] },
    { properties: ['tenantId', 'occurredAt'] },
  ],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    externalId: { type: 'string', length: 100, nullable: true },
    channel: { type: 'string', length: 16 },
    occurredAt: { type: 'Date' },
    institutionId: { type: 'string', length: 36, nullable: true },
    departmentId: { type: 'string', length: 36, nullable: true },
    territoryId: { type: 'string', length: 36, nullable: true },
    ownerId: { type: 'string', length: 36 },
    keyMessages: { type: 'json' },
    notes: { type: 'text', nullable: true },
    outcome: { type: 'string', length: 16, nullable: true },
    nextStep: { type: 'string', length: 500, nullable: true },
    nextStepDue: { type: 'Date', nullable: true },
    custom: { type: 'json' },
    ...timestampProperties,
  },
});

export interface InteractionParticipant {
  id: Opt<string>;
  tenantId: Opt<string>;
  interactionId: string;
  personId: string;
  occurredAt: Date;
}

/** Who took part; `occurredAt` is copied so a person's timeline pages by time without a join. */
export const InteractionParticipantSchema = new EntitySchema<InteractionParticipant>({
  name: 'InteractionParticipant',
  tableName: 'interaction_participant',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'interactionId', 'personId'] }],
  indexes: [{ properties: ['tenantId', 'personId', 'occurredAt'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    interactionId: { type: 'string', length: 36 },
    personId: { type: 'string', length: 36 },
    occurredAt: { type: 'Date' },
  },
});

export interface InteractionProduct {
  id: Opt<string>;
  tenantId: Opt<string>;
  interactionId: string;
  productId: string;
}

export const InteractionProductSchema = new EntitySchema<InteractionProduct>({
  name: 'InteractionProduct',
  tableName: 'interaction_product',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'interactionId', 'productId'] }],
  indexes: [{ properties: ['tenantId', 'productId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    interactionId: { type: 'string', length: 36 },
    productId: { type: 'string', length: 36 },
  },
});
