import { TerritorySchema, type CustomField, type CustomValues } from '@/server/db/entities';
import { DomainError } from '@/server/errors';
import type { TranslateValues } from '@/server/i18n/translate';
import { inScope, type AccessScope } from './access';
import type { CustomerContext } from './context';
import { applyCustomValues } from './custom-fields';
import type { DuplicateResult } from './duplicates';

/** Shared by the person and institution services. */

export interface WriteOptions {
  /** Active custom-field definitions when the caller already holds them (imports load them once per batch). */
  customFields?: CustomField[];
  /** false when the caller records one audit entry for a whole batch itself (imports). */
  audit?: boolean;
}

export type CreateResult = { status: 'created'; id: string } | { status: 'duplicates'; duplicates: DuplicateResult };

export type Problems = Record<string, { key: string; values?: TranslateValues }>;

export function validationError(problems: Problems): DomainError {
  return new DomainError('VALIDATION', 'customers.errors.invalid', {}, 'BAD_REQUEST', problems);
}

/** Custom values merged and checked; their problems join the form's other problems instead of throwing alone. */
export function customOrProblems(defs: CustomField[], stored: CustomValues, submitted: Record<string, unknown> | undefined, partial: boolean, problems: Problems): CustomValues {
  try {
    return applyCustomValues(defs, stored, submitted, { partial });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    Object.assign(problems, err.fieldErrors);
    return stored;
  }
}

/**
 * A territory chosen directly (institutions, people without affiliations): it must exist and, for
 * users who do not see everything, be one of theirs — and they must choose one, or the record
 * they create would vanish from their own lists.
 */
export async function checkTerritory(ctx: CustomerContext, scope: AccessScope, territoryId: string | null, problems: Problems, field = 'territoryId'): Promise<void> {
  if (territoryId === null) {
    if (!scope.all) problems[field] = { key: 'customers.errors.territoryRequired' };
    return;
  }
  if (!(await ctx.em.findOne(TerritorySchema, { id: territoryId }, { fields: ['id'] }))) problems[field] = { key: 'customers.errors.territoryNotFound' };
  else if (!inScope(scope, territoryId)) problems[field] = { key: 'customers.errors.territoryOutOfScope' };
}

export function sensitiveKeys(defs: CustomField[]): string[] {
  return defs.filter((d) => d.sensitive).map((d) => d.key);
}
