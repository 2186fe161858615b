import { PersonSchema } from '@/server/db/entities';
import type { TenantContext } from '@/server/services/context-types';
import { accessScope, scopeWhere } from '@/server/services/customers/access';
import { isPostgres } from './shared';

/**
 * Finding a person in the compliance console (consent history, DSRs, legal holds): by name,
 * pinyin or initials, or the last digits of the mobile number. Respects record-level access.
 */
export async function findPeople(ctx: TenantContext, q: string, limit = 20) {
  const scope = await accessScope(ctx);
  const term = q.trim();
  if (!term) return [];
  const like = isPostgres(ctx.em) ? '$ilike' : '$like';
  const pattern = `%${term.replace(/[%_\\]/g, '')}%`;
  const digits = term.replace(/\D/g, '');
  const rows = await ctx.em.find(
    PersonSchema,
    {
      mergedIntoId: null,
      ...scopeWhere(scope),
      $or: [
        { name: { [like]: pattern } },
        { namePinyin: { [like]: `${term.toLowerCase().replace(/[%_\\\s]/g, '')}%` } },
        { nameInitials: { [like]: `${term.toLowerCase().replace(/[%_\\\s]/g, '')}%` } },
        ...(digits.length >= 4 ? [{ mobile: { [like]: `%${digits}` } }] : []),
        { id: term },
      ],
    } as never,
    { fields: ['id', 'name', 'mobile', 'deletedAt', 'primaryInstitutionId'], orderBy: { name: 'asc' }, limit },
  );
  return rows.map((p) => ({ id: p.id, name: p.name, mobileLast4: p.mobile ? p.mobile.slice(-4) : null, archived: p.deletedAt !== null }));
}

/** A person's display name for console headings (any person of the tenant; compliance sees all). */
export async function personHeader(ctx: TenantContext, personId: string) {
  const scope = await accessScope(ctx);
  const p = await ctx.em.findOne(PersonSchema, { id: personId, ...scopeWhere(scope) }, { fields: ['id', 'name', 'deletedAt', 'mergedIntoId'] });
  return p ? { id: p.id, name: p.name, archived: p.deletedAt !== null, mergedIntoId: p.mergedIntoId } : null;
}
