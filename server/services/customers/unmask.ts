import { ContactPointSchema, type CustomerKind, type Person } from '@/server/db/entities';
import { DomainError, errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import { decryptField } from '@/server/services/field-crypto';
import { visibleCustomer } from './access';
import { customerAuditMeta, type CustomerContext } from './context';
import { activeFields, readableCustomValues } from './custom-fields';
import { customerMasking, isMaskable } from './masking';

/**
 * Reveals one sensitive value of a customer the user may see: the ID number (people), a sensitive
 * custom field (`custom.<key>`), or a person field / contact point compliance marked sensitive
 * (`birthday`, `mobile`, `email`, `wechat`, `contact.<id>`). Needs customers.unmask (checked by the procedure);
 * every reveal is an audit entry naming the field, so compliance can see who looked at what.
 */
const notSensitive = () => new DomainError('NOT_SENSITIVE', 'customers.errors.notSensitive', {}, 'BAD_REQUEST', { field: { key: 'customers.errors.notSensitive' } });

export async function unmaskField(ctx: CustomerContext, kind: CustomerKind, id: string, field: string) {
  const row = await visibleCustomer(ctx, kind, id);
  const masking = await customerMasking(ctx.em);
  let value: string | number | boolean | string[] | null;
  if (field === 'idNumber' && kind === 'person') {
    // The ciphertext is a lazy, hidden property: read it on purpose, here only (raw SQL, so scoped by hand).
    const rows = await ctx.em
      .getConnection()
      .execute<{ id_number_enc: string | null }[]>('select id_number_enc from person where id = ? and tenant_id = ?', [id, ctx.tenant.id], 'all', ctx.em.getTransactionContext());
    const enc = rows[0]?.id_number_enc ?? null;
    value = enc ? decryptField(enc) : null;
  } else if (field.startsWith('custom.')) {
    const key = field.slice('custom.'.length);
    // Sensitive by the administrator's flag (stored encrypted) or by compliance's mark (masked on the way out).
    const def = masking.defs(kind, await activeFields(ctx.em, kind)).find((d) => d.key === key && d.sensitive);
    if (!def) throw notSensitive();
    value = readableCustomValues([def], row.custom, true)[key] ?? null;
  } else if (kind === 'person' && isMaskable(field) && masking.personField(field)) {
    value = (row as Person)[field] ?? null;
  } else if (kind === 'person' && field.startsWith('contact.')) {
    const contact = await ctx.em.findOne(ContactPointSchema, { id: field.slice('contact.'.length), ownerKind: 'person', ownerId: id });
    if (!contact || !masking.contactField(contact.kind)) throw notSensitive();
    value = contact.value;
  } else {
    throw notSensitive();
  }
  if (value === null) throw errors.notFound('value');
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'customer.unmasked', entity: kind === 'person' ? 'Person' : 'Institution', entityId: id, changes: { field } });
  return { field, value };
}
