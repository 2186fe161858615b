import { CustomFieldSchema, type CustomField, type CustomFieldEntity, type CustomFieldOption } from '@/server/db/entities';
import { DomainError, errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import { customerAuditMeta, type CustomerContext } from './context';
import { CUSTOM_FIELD_KEY, type CustomFieldCreateInput, type CustomFieldUpdateInput } from './custom-field-input';
import { nameKeys } from './pinyin';

/**
 * Administration of tenant-defined fields. Values live in each record's `custom` JSON under the
 * field's key, so nothing here ever touches them: renaming changes labels, archiving hides the
 * field from forms and lists, restoring brings it back with every value it had.
 */

const HAS_OPTIONS = new Set(['select', 'multiselect']);

/** The definition as clients see it. */
export function fieldView(f: CustomField) {
  return {
    id: f.id,
    entity: f.entity,
    key: f.key,
    type: f.type,
    labelZh: f.labelZh,
    labelEn: f.labelEn,
    required: f.required,
    sensitive: f.sensitive,
    options: f.options,
    position: f.position,
    archived: f.archivedAt !== null,
  };
}
export type CustomFieldView = ReturnType<typeof fieldView>;

/** `Blood pressure (mmHg)` → `blood_pressure_mmhg`; Chinese text goes through pinyin. */
function slug(text: string): string {
  const ascii = text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const base = ascii || nameKeys(text, 'organisation').full;
  const s = base.replace(/^[^a-z]+/, '').slice(0, 50);
  return s || 'field';
}

function unique(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

function invalid(field: string, key: string, values: Record<string, string | number> = {}): DomainError {
  return new DomainError('VALIDATION', key, values, 'BAD_REQUEST', { [field]: { key, values } });
}

/**
 * Merges submitted options into the stored ones: values never change (stored records refer to
 * them), new options get a value derived from their label, and an option left out is archived.
 */
function mergeOptions(stored: CustomFieldOption[], submitted: NonNullable<CustomFieldUpdateInput['options']>): CustomFieldOption[] {
  const taken = new Set(stored.map((o) => o.value));
  const seen = new Set<string>();
  const out: CustomFieldOption[] = [];
  for (const o of submitted) {
    let value = o.value;
    if (value && !taken.has(value)) value = undefined; // unknown value: treat as a new option
    if (!value) {
      value = unique(slug(o.label.en), taken);
      taken.add(value);
    }
    if (seen.has(value)) continue;
    seen.add(value);
    out.push({ value, label: { 'zh-CN': o.label['zh-CN'], en: o.label.en }, ...(o.archived ? { archived: true } : {}) });
  }
  for (const o of stored) if (!seen.has(o.value)) out.push({ ...o, archived: true });
  return out;
}

export async function listFieldsForAdmin(ctx: CustomerContext, entity: CustomFieldEntity) {
  const rows = await ctx.em.find(CustomFieldSchema, { entity }, { orderBy: { position: 'asc', createdAt: 'asc' } });
  return rows.map(fieldView);
}

export async function createCustomField(ctx: CustomerContext, input: CustomFieldCreateInput) {
  const existing = await ctx.em.find(CustomFieldSchema, { entity: input.entity }, { fields: ['key', 'position'] });
  const taken = new Set(existing.map((f) => f.key));
  if (input.key && taken.has(input.key)) throw invalid('key', 'customFields.errors.keyTaken', { key: input.key });
  const key = input.key ?? unique(slug(input.labelEn), taken);
  if (!CUSTOM_FIELD_KEY.test(key)) throw invalid('key', 'customFields.errors.key');
  const hasOptions = HAS_OPTIONS.has(input.type);
  if (hasOptions && !input.options.filter((o) => !o.archived).length) throw invalid('options', 'customFields.errors.optionsRequired');
  const field = ctx.em.create(CustomFieldSchema, {
    entity: input.entity,
    key,
    type: input.type,
    labelZh: input.labelZh,
    labelEn: input.labelEn,
    required: input.required,
    sensitive: input.sensitive,
    options: hasOptions ? mergeOptions([], input.options) : [],
    position: existing.reduce((max, f) => Math.max(max, f.position), -1) + 1,
    archivedAt: null,
  });
  await ctx.em.flush();
  await recordAudit(ctx.em, {
    ...customerAuditMeta(ctx),
    action: 'customfield.created',
    entity: 'CustomField',
    entityId: field.id,
    changes: { entity: field.entity, key, type: field.type, labelZh: field.labelZh, labelEn: field.labelEn, required: field.required, sensitive: field.sensitive, options: field.options.map((o) => o.value) },
  });
  return fieldView(field);
}

async function load(ctx: CustomerContext, id: string) {
  const field = await ctx.em.findOne(CustomFieldSchema, { id });
  if (!field) throw errors.notFound('custom_field');
  return field;
}

export async function updateCustomField(ctx: CustomerContext, input: CustomFieldUpdateInput) {
  const field = await load(ctx, input.id);
  const before = { labelZh: field.labelZh, labelEn: field.labelEn, required: field.required, options: field.options };
  if (input.labelZh !== undefined) field.labelZh = input.labelZh;
  if (input.labelEn !== undefined) field.labelEn = input.labelEn;
  if (input.required !== undefined) field.required = input.required;
  if (input.options !== undefined && HAS_OPTIONS.has(field.type)) {
    const merged = mergeOptions(field.options, input.options);
    if (!merged.some((o) => !o.archived)) throw invalid('options', 'customFields.errors.optionsRequired');
    field.options = merged;
  }
  await ctx.em.flush();
  const after = { labelZh: field.labelZh, labelEn: field.labelEn, required: field.required, options: field.options };
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'customfield.updated', entity: 'CustomField', entityId: field.id, changes: { key: field.key, before, after } });
  return fieldView(field);
}

/** Sets the display order of an entity's fields to the order of `ids` (others keep theirs, after). */
export async function reorderCustomFields(ctx: CustomerContext, entity: CustomFieldEntity, ids: string[]) {
  const fields = await ctx.em.find(CustomFieldSchema, { entity }, { orderBy: { position: 'asc', createdAt: 'asc' } });
  const known = new Set(fields.map((f) => f.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) throw errors.notFound('custom_field');
  const order = [...new Set(ids), ...fields.map((f) => f.id).filter((id) => !ids.includes(id))];
  for (const f of fields) f.position = order.indexOf(f.id);
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'customfield.reordered', entity: 'CustomField', entityId: null, changes: { entity, keys: order.map((id) => fields.find((f) => f.id === id)!.key) } });
}

/** Archives ("removes") or restores a field. Stored values are untouched either way. */
export async function setCustomFieldArchived(ctx: CustomerContext, id: string, archived: boolean) {
  const field = await load(ctx, id);
  if ((field.archivedAt !== null) === archived) return fieldView(field);
  field.archivedAt = archived ? new Date() : null;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: archived ? 'customfield.archived' : 'customfield.restored', entity: 'CustomField', entityId: field.id, changes: { entity: field.entity, key: field.key } });
  return fieldView(field);
}
