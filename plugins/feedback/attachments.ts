import path from 'node:path';
import { recordAudit } from '@/server/services/audit';
import { readEncrypted, sha256, writeEncrypted } from '@/server/services/compliance/files';
import { auditMeta, canManage, fbError, notFound, type FeedbackContext } from './common';
import { FeedbackAttachmentSchema, FeedbackCaseSchema } from './entities';

/** Attachments are stored like core's compliance files: encrypted at rest under the data directory. */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf', 'text/plain'];

const SAFE = /^[A-Za-z0-9-]{1,64}$/;

function keyFor(tenantId: string, id: string): string {
  if (!SAFE.test(tenantId) || !SAFE.test(id)) throw new Error('unsafe storage key');
  return path.join('uploads', tenantId, 'feedback', `${id}.enc`);
}

async function caseFor(ctx: FeedbackContext, caseId: string) {
  const me = ctx.session.user.id;
  const c = await ctx.em.findOne(FeedbackCaseSchema, { id: caseId, ...(canManage(ctx) ? {} : { $or: [{ createdBy: me }, { ownerId: me }] }) });
  if (!c) throw notFound();
  return c;
}

export async function addAttachment(ctx: FeedbackContext, input: { caseId: string; fileName: string; mimeType: string; dataBase64: string }) {
  const c = await caseFor(ctx, input.caseId);
  if (!ATTACHMENT_TYPES.includes(input.mimeType)) throw fbError('VALIDATION', 'attachmentType', 'BAD_REQUEST', {}, ['mimeType']);
  const data = Buffer.from(input.dataBase64, 'base64');
  if (!data.length) throw fbError('VALIDATION', 'attachmentEmpty', 'BAD_REQUEST', {}, ['dataBase64']);
  if (data.length > ATTACHMENT_MAX_BYTES) throw fbError('VALIDATION', 'attachmentTooLarge', 'BAD_REQUEST', { max: '5 MB' }, ['dataBase64']);
  const a = ctx.em.create(FeedbackAttachmentSchema, { caseId: c.id, fileName: input.fileName, mimeType: input.mimeType, size: data.length, sha256: sha256(data), storageKey: null, uploadedBy: ctx.session.user.id });
  a.storageKey = keyFor(ctx.tenant.id, a.id);
  writeEncrypted(a.storageKey, data);
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'feedback.case.attachment.added', entity: 'FeedbackCase', entityId: c.id, changes: { attachmentId: a.id, fileName: a.fileName, size: a.size } });
  return { id: a.id, fileName: a.fileName, size: a.size };
}

export async function readAttachment(ctx: FeedbackContext, id: string) {
  const a = await ctx.em.findOne(FeedbackAttachmentSchema, { id });
  if (!a) throw notFound();
  await caseFor(ctx, a.caseId);
  const data = a.storageKey ? readEncrypted(a.storageKey) : null;
  if (!data) throw notFound();
  return { fileName: a.fileName, mimeType: a.mimeType, dataBase64: data.toString('base64') };
}
