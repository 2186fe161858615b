import { ConsentEvidenceSchema } from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
import { DomainError, errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';
import { visibleCustomer } from '@/server/services/customers/access';
import { subjectIdsFor } from './consent-ledger';
import { readEncrypted, sha256, storageKey, writeEncrypted } from './files';
import { complianceAuditMeta } from './shared';

/** Consent evidence: signed forms, scans, recordings of a witnessed verbal consent. */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/wav': 'wav',
};

/** Stores an evidence file for a person the member may see (encrypted at rest), audited. */
export async function storeConsentEvidence(ctx: TenantContext, input: { personId: string; fileName: string; mimeType: string; data: Buffer }) {
  const person = await visibleCustomer(ctx, 'person', input.personId);
  if (input.data.length === 0) throw new DomainError('EVIDENCE_EMPTY', 'consent.errors.evidenceEmpty');
  if (input.data.length > EVIDENCE_MAX_BYTES) throw new DomainError('EVIDENCE_TOO_LARGE', 'consent.errors.evidenceTooLarge', { max: EVIDENCE_MAX_BYTES / 1024 / 1024 }, 'PAYLOAD_TOO_LARGE');
  const mimeType = input.mimeType.split(';')[0]!.trim().toLowerCase();
  if (!EVIDENCE_TYPES[mimeType]) throw new DomainError('EVIDENCE_TYPE', 'consent.errors.evidenceType');
  const id = newId();
  const key = storageKey(ctx.tenant.id, 'consent', id);
  const digest = sha256(input.data);
  writeEncrypted(key, input.data);
  const fileName = input.fileName.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || `evidence.${EVIDENCE_TYPES[mimeType]}`;
  const row = ctx.em.create(ConsentEvidenceSchema, { id, personId: person.id, fileName, mimeType, sizeBytes: input.data.length, sha256: digest, storageKey: key, uploadedBy: ctx.session.user.id, uploadedAt: new Date() });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'consent.evidence.uploaded', entity: 'Person', entityId: person.id, changes: { evidenceId: id, fileName, sha256: digest, sizeBytes: input.data.length } });
  return { id: row.id, fileName: row.fileName, sha256: digest, sizeBytes: row.sizeBytes };
}

/** Reads an evidence file back (the person must be visible to the member); every read is audited. */
export async function readConsentEvidence(ctx: TenantContext, evidenceId: string) {
  const row = await ctx.em.findOne(ConsentEvidenceSchema, { id: evidenceId });
  if (!row) throw errors.notFound('evidence');
  const survivor = (await subjectIdsFor(ctx.em, row.personId)).survivor;
  await visibleCustomer(ctx, 'person', survivor?.id ?? row.personId);
  const data = readEncrypted(row.storageKey);
  if (!data) throw errors.notFound('evidence');
  if (sha256(data) !== row.sha256) throw new DomainError('EVIDENCE_CORRUPT', 'consent.errors.evidenceCorrupt', {}, 'CONFLICT');
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'consent.evidence.viewed', entity: 'Person', entityId: row.personId, changes: { evidenceId } });
  return { data, fileName: row.fileName, mimeType: row.mimeType };
}

/** Evidence files of a person, for the grant form's picker. */
export async function listConsentEvidence(ctx: TenantContext, personId: string) {
  const person = await visibleCustomer(ctx, 'person', personId);
  const { ids } = await subjectIdsFor(ctx.em, person.id);
  const rows = await ctx.em.find(ConsentEvidenceSchema, { personId: { $in: ids } }, { orderBy: { uploadedAt: 'desc' } });
  return rows.map((r) => ({ id: r.id, fileName: r.fileName, mimeType: r.mimeType, sizeBytes: r.sizeBytes, uploadedAt: r.uploadedAt }));
}
