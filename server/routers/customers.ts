import { z } from 'zod';
import { CUSTOMER_KINDS, LIFECYCLE_STAGES, TIERS } from '@/server/db/entities';
import { customerTimeline } from '@/server/services/customers/timeline';
import {
  createCustomField,
  fieldView,
  listFieldsForAdmin,
  reorderCustomFields,
  setCustomFieldArchived,
  updateCustomField,
} from '@/server/services/customers/custom-field-admin';
import { customFieldCreateInput, customFieldEntityInput, customFieldReorderInput, customFieldUpdateInput } from '@/server/services/customers/custom-field-input';
import { activeFields } from '@/server/services/customers/custom-fields';
import { customersByTier } from '@/server/services/customers/dashboard';
import {
  archiveInstitution,
  createDepartment,
  createInstitution,
  deleteDepartment,
  getInstitution,
  listDepartments,
  restoreInstitution,
  updateDepartment,
  updateInstitution,
} from '@/server/services/customers/institutions';
import { departmentCreateInput, departmentUpdateInput, institutionCreateInput, institutionUpdateInput } from '@/server/services/customers/institution-input';
import { changeLifecycle, lifecycleHistory } from '@/server/services/customers/lifecycle';
import { institutionFiltersInput, institutionListInput, peopleFiltersInput, peopleListInput } from '@/server/services/customers/list-input';
import { countCustomers, listCustomers } from '@/server/services/customers/lists';
import { mergeCustomers, mergePreview } from '@/server/services/customers/merge';
import { archivePerson, createPerson, getPerson, restorePerson, updatePerson } from '@/server/services/customers/people';
import { personCreateInput, personUpdateInput } from '@/server/services/customers/person-input';
import { savedViewCreateInput, savedViewDefaultInput, savedViewEntityInput, savedViewUpdateInput } from '@/server/services/customers/saved-view-input';
import { createSavedView, deleteSavedView, listSavedViews, setDefaultSavedView, updateSavedView } from '@/server/services/customers/saved-views';
import { searchCustomers } from '@/server/services/customers/search';
import {
  assignableUsers,
  assignTerritoryMember,
  createTerritory,
  deleteTerritory,
  territoryOptions,
  territoryTree,
  unassignTerritoryMember,
  updateTerritory,
} from '@/server/services/customers/territories';
import { entityId, territoryAssignInput, territoryCreateInput, territoryUnassignInput, territoryUpdateInput } from '@/server/services/customers/territory-input';
import { unmaskField } from '@/server/services/customers/unmask';
import { requirePermission, router } from '@/server/trpc/init';

/**
 * The customer core: territories, custom fields, people, institutions and departments, tier and
 * stage, search, lists and saved views, merge, unmasking, the 360 timeline and the tier widget.
 * Thin: each procedure names its permission and hands over to a service, which applies
 * record-level access (server/services/customers/access.ts) and audits what it changes.
 */

const read = requirePermission('customers.read');
const write = requirePermission('customers.write');
const byId = z.object({ id: entityId });
const kindAndId = z.object({ kind: z.enum(CUSTOMER_KINDS), id: entityId });

const territories = router({
  tree: requirePermission('territories.manage').query(({ ctx }) => territoryTree(ctx)),
  /** Territories the user may pick or filter by. */
  options: read.query(({ ctx }) => territoryOptions(ctx)),
  assignableUsers: requirePermission('territories.manage').query(({ ctx }) => assignableUsers(ctx)),
  create: requirePermission('territories.manage').input(territoryCreateInput).mutation(({ ctx, input }) => createTerritory(ctx, input)),
  update: requirePermission('territories.manage').input(territoryUpdateInput).mutation(({ ctx, input }) => updateTerritory(ctx, input)),
  delete: requirePermission('territories.manage').input(byId).mutation(({ ctx, input }) => deleteTerritory(ctx, input.id)),
  assign: requirePermission('territories.manage').input(territoryAssignInput).mutation(({ ctx, input }) => assignTerritoryMember(ctx, input.territoryId, input.userId, input.role)),
  unassign: requirePermission('territories.manage').input(territoryUnassignInput).mutation(({ ctx, input }) => unassignTerritoryMember(ctx, input.territoryId, input.userId)),
});

const manageFields = requirePermission('customfields.manage');
const customFields = router({
  /** Active definitions, in order: what forms, profiles and lists show. */
  list: read.input(customFieldEntityInput).query(async ({ ctx, input }) => (await activeFields(ctx.em, input.entity)).map(fieldView)),
  /** Every definition, archived ones included (admin page). */
  adminList: manageFields.input(customFieldEntityInput).query(({ ctx, input }) => listFieldsForAdmin(ctx, input.entity)),
  create: manageFields.input(customFieldCreateInput).mutation(({ ctx, input }) => createCustomField(ctx, input)),
  update: manageFields.input(customFieldUpdateInput).mutation(({ ctx, input }) => updateCustomField(ctx, input)),
  reorder: manageFields.input(customFieldReorderInput).mutation(({ ctx, input }) => reorderCustomFields(ctx, input.entity, input.ids)),
  archive: manageFields.input(byId).mutation(({ ctx, input }) => setCustomFieldArchived(ctx, input.id, true)),
  restore: manageFields.input(byId).mutation(({ ctx, input }) => setCustomFieldArchived(ctx, input.id, false)),
});

const people = router({
  list: read.input(peopleListInput).query(({ ctx, input }) => listCustomers(ctx, 'person', input)),
  count: read.input(z.object({ filters: peopleFiltersInput })).query(({ ctx, input }) => countCustomers(ctx, 'person', input.filters)),
  /** `forEdit`: the edit form — sensitive fields in clear for members who may unmask (audited), masked and read-only otherwise. */
  get: read.input(byId.extend({ forEdit: z.boolean().optional() })).query(({ ctx, input }) => getPerson(ctx, input.id, { reveal: input.forEdit === true })),
  /** Returns `{ status: 'duplicates' }` with the candidates instead of creating, unless `allowDuplicate`. */
  create: write.input(personCreateInput).mutation(({ ctx, input }) => createPerson(ctx, input)),
  update: write.input(personUpdateInput).mutation(({ ctx, input }) => updatePerson(ctx, input)),
  archive: write.input(byId).mutation(({ ctx, input }) => archivePerson(ctx, input.id)),
  restore: write.input(byId).mutation(({ ctx, input }) => restorePerson(ctx, input.id)),
});

const institutions = router({
  list: read.input(institutionListInput).query(({ ctx, input }) => listCustomers(ctx, 'institution', input)),
  count: read.input(z.object({ filters: institutionFiltersInput })).query(({ ctx, input }) => countCustomers(ctx, 'institution', input.filters)),
  get: read.input(byId).query(({ ctx, input }) => getInstitution(ctx, input.id)),
  departments: read.input(z.object({ institutionId: entityId })).query(({ ctx, input }) => listDepartments(ctx, input.institutionId)),
  create: write.input(institutionCreateInput).mutation(({ ctx, input }) => createInstitution(ctx, input)),
  update: write.input(institutionUpdateInput).mutation(({ ctx, input }) => updateInstitution(ctx, input)),
  archive: write.input(byId).mutation(({ ctx, input }) => archiveInstitution(ctx, input.id)),
  restore: write.input(byId).mutation(({ ctx, input }) => restoreInstitution(ctx, input.id)),
});

const departments = router({
  create: write.input(departmentCreateInput).mutation(({ ctx, input }) => createDepartment(ctx, input)),
  update: write.input(departmentUpdateInput).mutation(({ ctx, input }) => updateDepartment(ctx, input)),
  delete: write.input(byId).mutation(({ ctx, input }) => deleteDepartment(ctx, input.id)),
});

const lifecycle = router({
  change: write
    .input(
      z.discriminatedUnion('field', [
        z.object({ kind: z.enum(CUSTOMER_KINDS), id: entityId, field: z.literal('tier'), value: z.enum(TIERS).nullable(), reason: z.string().trim().min(1).max(500) }),
        z.object({ kind: z.enum(CUSTOMER_KINDS), id: entityId, field: z.literal('stage'), value: z.enum(LIFECYCLE_STAGES), reason: z.string().trim().min(1).max(500) }),
      ]),
    )
    .mutation(({ ctx, input }) => changeLifecycle(ctx, input.kind, input.id, input.field, input.value, input.reason)),
  history: read.input(kindAndId).query(({ ctx, input }) => lifecycleHistory(ctx, input.kind, input.id)),
});

const merge = router({
  preview: requirePermission('customers.merge')
    .input(z.object({ kind: z.enum(CUSTOMER_KINDS), keepId: entityId, mergeId: entityId }))
    .query(({ ctx, input }) => mergePreview(ctx, input.kind, input.keepId, input.mergeId)),
  run: requirePermission('customers.merge')
    .input(z.object({ kind: z.enum(CUSTOMER_KINDS), keepId: entityId, mergeId: entityId }))
    .mutation(({ ctx, input }) => mergeCustomers(ctx, input.kind, input.keepId, input.mergeId)),
});

const views = router({
  list: read.input(savedViewEntityInput).query(({ ctx, input }) => listSavedViews(ctx, input.entity)),
  create: read.input(savedViewCreateInput).mutation(({ ctx, input }) => createSavedView(ctx, input)),
  update: read.input(savedViewUpdateInput).mutation(({ ctx, input }) => updateSavedView(ctx, input)),
  delete: read.input(byId).mutation(({ ctx, input }) => deleteSavedView(ctx, input.id)),
  setDefault: read.input(savedViewDefaultInput).mutation(({ ctx, input }) => setDefaultSavedView(ctx, input.id, input.isDefault)),
});

export const customersRouter = router({
  territories,
  customFields,
  people,
  institutions,
  departments,
  lifecycle,
  merge,
  views,
  search: read
    .input(z.object({ q: z.string().trim().min(1).max(100), kind: z.enum([...CUSTOMER_KINDS, 'all']).default('all'), limit: z.number().int().min(1).max(50).default(10) }))
    .query(({ ctx, input }) => searchCustomers(ctx, input.q, input.kind, input.limit)),
  /** Reveals one masked value (`idNumber` or `custom.<key>`); every reveal is audited. */
  unmask: requirePermission('customers.unmask')
    .input(z.object({ kind: z.enum(CUSTOMER_KINDS), id: entityId, field: z.string().min(1).max(80) }))
    .mutation(({ ctx, input }) => unmaskField(ctx, input.kind, input.id, input.field)),
  timeline: read
    .input(z.object({ kind: z.enum(CUSTOMER_KINDS), id: entityId, before: z.date().nullable().default(null), limit: z.number().int().min(1).max(100).default(25) }))
    .query(({ ctx, input }) => customerTimeline(ctx, input.kind, input.id, input.before, input.limit)),
  dashboard: router({
    byTier: read.query(({ ctx }) => customersByTier(ctx)),
  }),
});
