import type { EntityManager } from '@mikro-orm/core';
import {
  ActivityParticipationSchema,
  AffiliationSchema,
  AuditEntrySchema,
  ConsentEventSchema,
  ConsentEvidenceSchema,
  ConsentReceiptSchema,
  ContactPointSchema,
  CrossBorderTransferSchema,
  CustomRequirementSchema,
  DataSubjectRequestSchema,
  DepartmentSchema,
  InstitutionSchema,
  InteractionParticipantSchema,
  InteractionProductSchema,
  InteractionSchema,
  LegalHoldSchema,
  LifecycleChangeSchema,
  MarketingActivitySchema,
  OrderLineSchema,
  OutboundMessageSchema,
  PersonSchema,
  ProcessingRestrictionSchema,
  ProductSchema,
  PurchaseOrderSchema,
  ServiceRequestSchema,
  TaskSchema,
  type CustomValues,
} from '@/server/db/entities';
import { listPlugins } from '@/server/plugins/host';
import { decryptField, isEncrypted } from '@/server/services/field-crypto';
import { subjectIdsFor } from './consent-ledger';
import { rawRows } from './shared';

/**
 * Everything core holds about one person, and erasing it: the two halves of PIPL art. 45 (access,
 * copy, portability) and art. 47 (deletion). Plugins answer the same questions through their
 * privacy hooks; `exportPersonEverywhere` / `erasePersonEverywhere` call core and every
 * registered plugin (enabled or not: a disabled module's data is still the person's data).
 */

type Rows = Record<string, unknown>[];
export type PersonalDataExport = Record<string, Rows>;

/** The marker an erased person's name becomes. */
export const ERASED_NAME = '已匿名';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function readableCustom(custom: CustomValues | null | undefined): CustomValues {
  const out: CustomValues = {};
  for (const [k, v] of Object.entries(custom ?? {})) {
    if (isEncrypted(v)) {
      try {
        out[k] = decryptField(v);
      } catch {
        out[k] = '[unreadable]';
      }
    } else out[k] = v;
  }
  return out;
}

async function idNumbers(em: EntityManager, tenantId: string, ids: string[]): Promise<Map<string, string | null>> {
  if (!ids.length) return new Map();
  // The ciphertext is a lazy, hidden column: read on purpose, here only (raw SQL, scoped by hand).
  const rows = await rawRows<{ id: string; id_number_enc: string | null }>(em, `select id, id_number_enc from person where tenant_id = ? and id in (${ids.map(() => '?').join(', ')})`, [tenantId, ...ids]);
  return new Map(rows.map((r) => [r.id, r.id_number_enc ? decryptField(r.id_number_enc) : null]));
}

/** Core's rows about a person (and any duplicates merged into them), table by table. */
export async function exportCorePersonData(em: EntityManager, tenantId: string, personId: string): Promise<PersonalDataExport> {
  const { ids } = await subjectIdsFor(em, personId);
  const people = await em.find(PersonSchema, { id: { $in: ids } });
  const idNos = await idNumbers(em, tenantId, ids);
  const out: PersonalDataExport = {};
  out.person = people.map((p) => ({
    id: p.id,
    name: p.name,
    gender: p.gender,
    kind: p.kind,
    title: p.title,
    adminRole: p.adminRole,
    specialty: p.specialty,
    mobile: p.mobile,
    email: p.email,
    wechat: p.wechat,
    birthday: p.birthday,
    idNumber: idNos.get(p.id) ?? null,
    tier: p.tier,
    stage: p.stage,
    custom: readableCustom(p.custom),
    mergedIntoId: p.mergedIntoId,
    archivedAt: iso(p.deletedAt),
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  }));

  const affiliations = await em.find(AffiliationSchema, { personId: { $in: ids } });
  const instIds = [...new Set(affiliations.map((a) => a.institutionId))];
  const institutions = instIds.length ? await em.find(InstitutionSchema, { id: { $in: instIds } }, { fields: ['id', 'name'] }) : [];
  const instName = new Map(institutions.map((i) => [i.id, i.name]));
  const deptIds = [...new Set(affiliations.flatMap((a) => (a.departmentId ? [a.departmentId] : [])))];
  const departments = deptIds.length ? await em.find(DepartmentSchema, { id: { $in: deptIds } }, { fields: ['id', 'name'] }) : [];
  const deptName = new Map(departments.map((d) => [d.id, d.name]));
  out.affiliation = affiliations.map((a) => ({
    institution: instName.get(a.institutionId) ?? a.institutionId,
    department: a.departmentId ? (deptName.get(a.departmentId) ?? a.departmentId) : null,
    position: a.position,
    isPrimary: a.isPrimary,
    since: iso(a.createdAt),
  }));
  out.contact_point = (await em.find(ContactPointSchema, { ownerKind: 'person', ownerId: { $in: ids } })).map((c) => ({ kind: c.kind, value: c.value, label: c.label, isPrimary: c.isPrimary }));
  out.lifecycle_change = (await em.find(LifecycleChangeSchema, { subjectKind: 'person', subjectId: { $in: ids } }, { orderBy: { at: 'asc' } })).map((l) => ({
    field: l.field,
    from: l.fromValue,
    to: l.toValue,
    reason: l.reason,
    at: iso(l.at),
  }));

  const participations = await em.find(InteractionParticipantSchema, { personId: { $in: ids } });
  const interactionIds = [...new Set(participations.map((p) => p.interactionId))];
  const interactions = interactionIds.length ? await em.find(InteractionSchema, { id: { $in: interactionIds } }, { orderBy: { occurredAt: 'asc' } }) : [];
  const links = interactionIds.length ? await em.find(InteractionProductSchema, { interactionId: { $in: interactionIds } }) : [];
  const productIds = [...new Set(links.map((l) => l.productId))];
  const products = productIds.length ? await em.find(ProductSchema, { id: { $in: productIds } }, { fields: ['id', 'name'] }) : [];
  const productName = new Map(products.map((p) => [p.id, p.name]));
  const moreInst = [...new Set(interactions.flatMap((i) => (i.institutionId && !instName.has(i.institutionId) ? [i.institutionId] : [])))];
  for (const i of moreInst.length ? await em.find(InstitutionSchema, { id: { $in: moreInst } }, { fields: ['id', 'name'] }) : []) instName.set(i.id, i.name);
  out.interaction = interactions.map((i) => ({
    id: i.id,
    channel: i.channel,
    occurredAt: iso(i.occurredAt),
    institution: i.institutionId ? (instName.get(i.institutionId) ?? null) : null,
    products: links.filter((l) => l.interactionId === i.id).map((l) => productName.get(l.productId) ?? l.productId),
    keyMessages: i.keyMessages,
    notes: i.notes,
    outcome: i.outcome,
    nextStep: i.nextStep,
  }));

  out.task = (await em.find(TaskSchema, { subjectKind: 'person', subjectId: { $in: ids } })).map((t) => ({ title: t.title, description: t.description, status: t.status, dueAt: iso(t.dueAt), createdAt: iso(t.createdAt) }));
  const orders = await em.find(PurchaseOrderSchema, { subjectKind: 'person', subjectId: { $in: ids } }, { orderBy: { orderedAt: 'asc' } });
  out.purchase_order = orders.map((o) => ({ orderNo: o.orderNo, orderedAt: iso(o.orderedAt), paymentMethod: o.paymentMethod, shippingAddress: o.shippingAddress, invoiceNo: o.invoiceNo, remarks: o.remarks, totalAmount: o.totalAmount }));
  out.order_line = orders.length
    ? (await em.find(OrderLineSchema, { orderId: { $in: orders.map((o) => o.id) } })).map((l) => ({
        orderNo: orders.find((o) => o.id === l.orderId)?.orderNo ?? l.orderId,
        product: l.productName,
        spec: l.spec,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        lineTotal: l.lineTotal,
      }))
    : [];
  out.service_request = (await em.find(ServiceRequestSchema, { subjectKind: 'person', subjectId: { $in: ids } })).map((s) => ({
    type: s.type,
    title: s.title,
    description: s.description,
    status: s.status,
    resolution: s.resolution,
    openedAt: iso(s.openedAt),
    closedAt: iso(s.closedAt),
  }));
  const activities = await em.find(ActivityParticipationSchema, { subjectKind: 'person', subjectId: { $in: ids } });
  const activityRows = activities.length ? await em.find(MarketingActivitySchema, { id: { $in: activities.map((a) => a.activityId) } }, { fields: ['id', 'name', 'type', 'startsAt'] }) : [];
  const activityById = new Map(activityRows.map((a) => [a.id, a]));
  out.activity_participation = activities.map((a) => ({
    activity: activityById.get(a.activityId)?.name ?? a.activityId,
    type: activityById.get(a.activityId)?.type ?? null,
    date: iso(activityById.get(a.activityId)?.startsAt),
    effectRating: a.effectRating,
    notes: a.notes,
  }));
  out.custom_requirement = (await em.find(CustomRequirementSchema, { subjectKind: 'person', subjectId: { $in: ids } })).map((r) => ({ kind: r.kind, description: r.description, status: r.status, createdAt: iso(r.createdAt) }));

  out.consent_event = (await em.find(ConsentEventSchema, { personId: { $in: ids } }, { orderBy: { occurredAt: 'asc' } })).map((e) => ({
    purpose: e.purpose,
    channel: e.channel,
    product: e.productId ? (productName.get(e.productId) ?? e.productId) : null,
    contentType: e.contentType,
    action: e.action,
    legalBasis: e.legalBasis,
    noticeVersion: e.noticeVersion,
    noticeLanguage: e.noticeLocale,
    captureMethod: e.captureMethod,
    captureReference: e.captureReference,
    occurredAt: iso(e.occurredAt),
    recordedAt: iso(e.recordedAt),
    expiresAt: iso(e.expiresAt),
    recipient: e.recipient,
    recipientCountry: e.recipientCountry,
  }));
  out.consent_receipt = (await em.find(ConsentReceiptSchema, { personId: { $in: ids } }, { orderBy: { createdAt: 'asc' } })).map((r) => ({ number: r.number, action: r.action, via: r.via, items: r.items, createdAt: iso(r.createdAt) }));
  out.consent_evidence = (await em.find(ConsentEvidenceSchema, { personId: { $in: ids } })).map((e) => ({ fileName: e.fileName, mimeType: e.mimeType, sizeBytes: e.sizeBytes, sha256: e.sha256, uploadedAt: iso(e.uploadedAt) }));
  out.outbound_message = (await em.find(OutboundMessageSchema, { personId: { $in: ids } }, { orderBy: { queuedAt: 'asc' } })).map((m) => ({
    channel: m.channel,
    purpose: m.purpose,
    subject: m.subject,
    body: m.body,
    status: m.status,
    reason: m.reason,
    queuedAt: iso(m.queuedAt),
    sentAt: iso(m.sentAt),
  }));
  const requests = await em.find(DataSubjectRequestSchema, { personId: { $in: ids } }, { orderBy: { receivedAt: 'asc' } });
  out.dsr_request = requests.map((d) => ({
    number: d.number,
    type: d.type,
    status: d.status,
    receivedAt: iso(d.receivedAt),
    dueAt: iso(d.dueAt),
    completedAt: iso(d.completedAt),
    outcome: d.outcome,
    refusalReason: d.refusalReason,
  }));
  out.cross_border_transfer = (await em.find(CrossBorderTransferSchema, { personId: { $in: ids } })).map((c) => ({
    recipient: c.recipient,
    recipientCountry: c.recipientCountry,
    transferredAt: iso(c.transferredAt),
    dataCategories: c.dataCategories,
    sensitive: c.sensitive,
  }));
  // Entries about them: on their record, and on their rights requests.
  const about = [{ entity: 'Person', entityId: { $in: ids } }, ...(requests.length ? [{ entity: 'DataSubjectRequest', entityId: { $in: requests.map((r) => r.id) } }] : [])];
  out.audit_entry = (await em.find(AuditEntrySchema, { tenantId, $or: about }, { orderBy: { seq: 'asc' }, filters: false })).map((a) => ({
    at: iso(a.at),
    action: a.action,
    entity: a.entity,
    changes: a.changes,
  }));
  return out;
}

/** Core's and every registered plugin's rows about the person: `{ core: {...}, plugins: { id: {...} } }`. */
export async function exportPersonEverywhere(em: EntityManager, tenantId: string, personId: string, userId: string | null) {
  const core = await exportCorePersonData(em, tenantId, personId);
  const { ids } = await subjectIdsFor(em, personId);
  const plugins: Record<string, PersonalDataExport> = {};
  for (const p of listPlugins()) {
    if (!p.server.privacy) continue;
    const merged: PersonalDataExport = {};
    for (const id of ids) {
      const part = await p.server.privacy.exportPersonalData(id, { tenantId, em, userId });
      for (const [table, rows] of Object.entries(part)) merged[table] = [...(merged[table] ?? []), ...rows];
    }
    plugins[p.manifest.id] = merged;
  }
  return { core, plugins };
}

export interface ErasureReport {
  /** Rows changed or removed per table (`<table>` for core, `<pluginId>:<table>` for plugins). */
  touched: Record<string, number>;
  /** What was kept on purpose, and why (message keys of the `dsr.kept.*` catalogue). */
  kept: string[];
}

/**
 * Anonymises what core holds about a person (and duplicates merged into them). Kept, because the
 * law requires it: the consent ledger and its evidence (proof of consent), rights requests,
 * cross-border records and the audit log (whose entries never held sensitive values). Orders keep
 * their amounts (accounting) but lose address and remarks. Runs in the caller's transaction.
 */
export async function eraseCorePersonData(em: EntityManager, personId: string): Promise<ErasureReport> {
  const { ids } = await subjectIdsFor(em, personId);
  const touched: Record<string, number> = {};
  const now = new Date();
  touched.person = await em.nativeUpdate(
    PersonSchema,
    { id: { $in: ids } },
    {
      name: ERASED_NAME,
      namePinyin: '',
      nameInitials: '',
      externalId: null,
      gender: 'unknown',
      title: null,
      adminRole: null,
      specialty: null,
      mobile: null,
      email: null,
      wechat: null,
      birthday: null,
      idNumberEnc: null,
      idNumberLast4: null,
      custom: {},
      updatedAt: now,
    },
  );
  await em.nativeUpdate(PersonSchema, { id: { $in: ids }, deletedAt: null }, { deletedAt: now });
  touched.affiliation = await em.nativeDelete(AffiliationSchema, { personId: { $in: ids } });
  touched.contact_point = await em.nativeDelete(ContactPointSchema, { ownerKind: 'person', ownerId: { $in: ids } });
  touched.lifecycle_change = await em.nativeDelete(LifecycleChangeSchema, { subjectKind: 'person', subjectId: { $in: ids } });
  touched.activity_participation = await em.nativeDelete(ActivityParticipationSchema, { subjectKind: 'person', subjectId: { $in: ids } });
  touched.custom_requirement = await em.nativeDelete(CustomRequirementSchema, { subjectKind: 'person', subjectId: { $in: ids } });

  // Interactions stay (the rep's activity record); the person leaves them. Free text of an
  // interaction that was only with this person is about them, so it goes too.
  const participations = await em.find(InteractionParticipantSchema, { personId: { $in: ids } }, { fields: ['interactionId'] });
  const interactionIds = [...new Set(participations.map((p) => p.interactionId))];
  if (interactionIds.length) {
    const others = await em.find(InteractionParticipantSchema, { interactionId: { $in: interactionIds }, personId: { $nin: ids } }, { fields: ['interactionId'] });
    const shared = new Set(others.map((o) => o.interactionId));
    const solo = interactionIds.filter((i) => !shared.has(i));
    touched.interaction = solo.length ? await em.nativeUpdate(InteractionSchema, { id: { $in: solo } }, { notes: null, keyMessages: [], nextStep: null, custom: {}, updatedAt: now }) : 0;
  }
  touched.interaction_participant = await em.nativeDelete(InteractionParticipantSchema, { personId: { $in: ids } });
  touched.task = await em.nativeDelete(TaskSchema, { subjectKind: 'person', subjectId: { $in: ids } });
  touched.purchase_order = await em.nativeUpdate(PurchaseOrderSchema, { subjectKind: 'person', subjectId: { $in: ids } }, { shippingAddress: null, remarks: null, updatedAt: now });
  touched.service_request = await em.nativeUpdate(ServiceRequestSchema, { subjectKind: 'person', subjectId: { $in: ids } }, { title: ERASED_NAME, description: null, resolution: null, updatedAt: now });
  touched.outbound_message = await em.nativeUpdate(OutboundMessageSchema, { personId: { $in: ids } }, { subject: ERASED_NAME, body: '', updatedAt: now });
  // The pending-hold restriction (if any) is done; the person is marked erased once.
  await em.nativeUpdate(ProcessingRestrictionSchema, { personId: { $in: ids }, reason: 'erasure_pending_hold', liftedAt: null }, { liftedAt: now, liftedReason: 'erased' });
  const alreadyErased = new Set((await em.find(ProcessingRestrictionSchema, { personId: { $in: ids }, reason: 'erased' }, { fields: ['personId'] })).map((r) => r.personId));
  for (const id of ids.filter((i) => !alreadyErased.has(i))) {
    em.create(ProcessingRestrictionSchema, { personId: id, reason: 'erased', dsrId: null, createdBy: null, createdAt: now, liftedAt: null, liftedReason: null });
  }
  await em.flush();
  return { touched, kept: ['consentLedger', 'dsrRecords', 'crossBorderRecords', 'auditLog', 'orderAmounts'] };
}

/** Core and every registered plugin's privacy hook, in the caller's transaction. */
export async function erasePersonEverywhere(em: EntityManager, tenantId: string, personId: string, userId: string | null): Promise<ErasureReport> {
  const { ids } = await subjectIdsFor(em, personId);
  const report = await eraseCorePersonData(em, personId);
  for (const p of listPlugins()) {
    if (!p.server.privacy) continue;
    for (const id of ids) {
      const part = await p.server.privacy.erasePersonalData(id, { tenantId, em, userId });
      for (const [table, n] of Object.entries(part)) report.touched[`${p.manifest.id}:${table}`] = (report.touched[`${p.manifest.id}:${table}`] ?? 0) + n;
    }
  }
  return report;
}

/**
 * Two duplicate people were merged (`fromId` into `intoId`): compliance records that point at a
 * person follow the survivor. The consent ledger, receipts and evidence are append-only and stay
 * where they are — they count for the survivor through `mergedIntoId` (see subjectIdsFor).
 * Call inside the merge's transaction; returns rows moved per table.
 */
export async function moveComplianceRecordsOnMerge(em: EntityManager, fromId: string, intoId: string): Promise<Record<string, number>> {
  return {
    legal_hold: await em.nativeUpdate(LegalHoldSchema, { subjectKind: 'person', subjectId: fromId }, { subjectId: intoId }),
    dsr_request: await em.nativeUpdate(DataSubjectRequestSchema, { personId: fromId }, { personId: intoId }),
    outbound_message: await em.nativeUpdate(OutboundMessageSchema, { personId: fromId, status: 'queued' }, { personId: intoId }),
    processing_restriction: await em.nativeUpdate(ProcessingRestrictionSchema, { personId: fromId, liftedAt: null, reason: 'erasure_pending_hold' }, { personId: intoId }),
  };
}
