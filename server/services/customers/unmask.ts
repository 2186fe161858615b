import type { CustomerKind } from '@/server/db/entities';
import { DomainError, errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import { decryptField } from '@/server/services/field-crypto';
import { visibleCustomer } from './access';
import { customerAuditMeta, type CustomerContext } from './context';
import { activeFields, readableCustomValues } from './custom-fields';

/**
 * Reveals one sensitive value of a customer the user may see: the ID number (people) or a
 * sensitive custom field (`custom.<key>`). Needs customers.unmask (checked by the procedure);
 * every reveal is an audit entry naming the field, so compliance can see who looked at what.
 */
export async function unmaskField(ctx: CustomerContext, kind: CustomerKind, id: string, field: string) {
  const row = await visibleCustomer(ctx, kind, id);
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
    const def = (await activeFields(ctx.em, kind)).find((d) => d.key === key && d.sensitive);
    if (!def) throw new DomainError('NOT_SENSITIVE', 'customers.errors.notSensitive', {}, 'BAD_REQUEST', { field: { key: 'customers.errors.notSensitive' } });
    value = readableCustomValues([def], row.custom, true)[key] ?? null;
  } else {
    throw new DomainError('NOT_SENSITIVE', 'customers.errors.notSensitive', {}, 'BAD_REQUEST', { field: { key: 'customers.errors.notSensitive' } });
  }
  if (value === null) throw errors.notFound('value');
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'customer.unmasked', entity: kind === 'person' ? 'Person' : 'Institution', entityId: id, changes: { field } });
  return { field, value };
}
