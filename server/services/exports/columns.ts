import type { CustomField, ListEntity } from '@/server/db/entities';
import { translatorFor } from '@/server/i18n/catalog';
import type { Locale } from '@/server/i18n/locales';
import { INSTITUTION_DEFAULT_COLUMNS, PERSON_DEFAULT_COLUMNS } from '@/server/services/customers/list-columns';

/**
 * The columns each export offers. People and institutions use the import's column names, so an
 * exported file can be edited and imported again (matched on the external id).
 */
export interface ExportColumn {
  key: string;
  labelKey?: string;
  label?: { 'zh-CN': string; en: string };
  /** Masked unless the requester may unmask and asked to. */
  sensitive?: boolean;
}

const importLabel = (entity: string) => (key: string) => ({ key, labelKey: `imports.fields.${entity}.${key}` });
const exportLabel = (key: string) => ({ key, labelKey: `exports.columns.${key}` });

const person = importLabel('person');
const institution = importLabel('institution');

const BUILT_IN: Record<ListEntity, ExportColumn[]> = {
  person: [
    person('externalId'),
    person('name'),
    person('kind'),
    person('gender'),
    person('title'),
    person('adminRole'),
    person('specialty'),
    person('institution'),
    person('department'),
    person('territory'),
    person('tier'),
    person('stage'),
    person('mobile'),
    person('email'),
    person('wechat'),
    person('birthday'),
    { ...person('idNumber'), sensitive: true },
    exportLabel('createdAt'),
    exportLabel('updatedAt'),
  ],
  institution: [
    institution('externalId'),
    institution('name'),
    institution('type'),
    institution('hospitalLevel'),
    institution('parent'),
    institution('territory'),
    institution('province'),
    institution('city'),
    institution('district'),
    institution('street'),
    institution('phone'),
    institution('website'),
    institution('legalRepresentative'),
    institution('registeredPlace'),
    institution('procurementScale'),
    institution('budgetRange'),
    institution('procurementCycle'),
    institution('tier'),
    institution('stage'),
    exportLabel('createdAt'),
    exportLabel('updatedAt'),
  ],
  interaction: ['externalId', 'occurredAt', 'channel', 'people', 'institution', 'department', 'products', 'keyMessages', 'notes', 'outcome', 'nextStep', 'nextStepDue', 'owner'].map(importLabel('interaction')),
  task: ['title', 'description', 'status', 'dueAt', 'subject', 'owner', 'completedAt'].map((k) => ({ key: k, labelKey: `exports.columns.task.${k}` })),
  order: [
    ...['externalId', 'orderNo', 'orderedAt', 'institution', 'person', 'product', 'spec', 'quantity', 'unitPrice', 'lineTotal'].map(importLabel('order')),
    exportLabel('totalAmount'),
    ...['paymentMethod', 'shippingAddress', 'invoiceNo', 'remarks'].map(importLabel('order')),
  ],
};

/** Shown by default: the lists' default columns, plus name and external id for a re-import. */
const DEFAULTS: Record<ListEntity, readonly string[]> = {
  person: ['externalId', 'name', ...PERSON_DEFAULT_COLUMNS],
  institution: ['externalId', 'name', ...INSTITUTION_DEFAULT_COLUMNS],
  interaction: ['occurredAt', 'channel', 'people', 'institution', 'department', 'products', 'keyMessages', 'outcome', 'nextStep', 'owner'],
  task: ['title', 'status', 'dueAt', 'subject', 'owner'],
  order: ['orderNo', 'orderedAt', 'institution', 'person', 'product', 'spec', 'quantity', 'unitPrice', 'lineTotal', 'totalAmount', 'paymentMethod'],
};

export function exportColumns(entity: ListEntity, customFields: CustomField[]): ExportColumn[] {
  return [
    ...BUILT_IN[entity],
    ...customFields.map((d) => ({ key: `custom.${d.key}`, label: { 'zh-CN': d.labelZh, en: d.labelEn }, sensitive: d.sensitive })),
  ];
}

export function defaultColumns(entity: ListEntity): readonly string[] {
  return DEFAULTS[entity];
}

export function columnLabel(c: ExportColumn, locale: Locale): string {
  return c.label ? c.label[locale] : translatorFor(locale)(c.labelKey!);
}

/** The asked-for columns that exist, in the order asked; name (and the external id) lead when asked for. */
export function chosenColumns(all: ExportColumn[], keys: string[]): ExportColumn[] {
  const byKey = new Map(all.map((c) => [c.key, c]));
  return [...new Set(keys)].flatMap((k) => (byKey.has(k) ? [byKey.get(k)!] : []));
}
