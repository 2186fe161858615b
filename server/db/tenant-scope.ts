import { randomUUID } from 'node:crypto';
import { ChangeSetType, type EntityManager, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';

/**
 * Tenant scoping for every tenant-owned entity.
 *
 * - Reads: the default `tenant` filter adds `tenantId = :active` to find/count/nativeUpdate/nativeDelete.
 *   A forked EntityManager without tenant params throws instead of reading everything (fail closed).
 * - Inserts: `tenantId` is filled from the same filter params; writing a row for another tenant, or
 *   moving a row to another tenant, throws at flush (TenantGuard).
 * - QueryBuilder, raw SQL and auto-joined relations bypass filters: such code scopes by tenant itself.
 */
export const TENANT_FILTER = 'tenant';

export interface TenantFilterParams {
  tenantId: string;
}

export function tenantFilter() {
  return {
    [TENANT_FILTER]: {
      name: TENANT_FILTER,
      cond: (args: TenantFilterParams) => {
        if (!args?.tenantId) throw new Error('tenant filter used without an active tenant');
        return { tenantId: args.tenantId };
      },
      default: true,
    },
  };
}

export function activeTenantOf(em: EntityManager): string {
  const params = em.getFilterParams<TenantFilterParams>(TENANT_FILTER);
  if (!params?.tenantId) throw new Error('no active tenant on this EntityManager');
  return params.tenantId;
}

/** Property definitions shared by every tenant-owned entity. */
export const tenantOwnedProperties = {
  tenantId: {
    type: 'string',
    length: 36,
    index: true,
    // MikroORM calls onCreate only when tenantId is unset; TenantGuard checks explicit values.
    onCreate: (_entity: { tenantId?: string }, em: EntityManager) => activeTenantOf(em),
  },
} as const;

/**
 * Checks every flush (registered in the ORM config): a new tenant-owned row must belong to the
 * EntityManager's active tenant, and no change may move a row to another tenant.
 */
export class TenantGuard implements EventSubscriber {
  onFlush({ em, uow }: FlushEventArgs): void {
    for (const cs of uow.getChangeSets()) {
      if (!cs.meta.filters?.[TENANT_FILTER]) continue;
      if (cs.type === ChangeSetType.CREATE && (cs.entity as { tenantId?: string }).tenantId !== activeTenantOf(em)) {
        throw new Error('refusing to write a row for another tenant');
      }
      if (cs.type === ChangeSetType.UPDATE && 'tenantId' in cs.payload) {
        throw new Error('refusing to move a row to another tenant');
      }
    }
  }
}

export const idProperty = {
  id: { type: 'string', length: 36, primary: true, onCreate: (e: { id?: string }) => e.id ?? randomUUID() },
} as const;

export const timestampProperties = {
  createdAt: { type: 'Date', onCreate: () => new Date() },
  updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() },
} as const;

export function newId(): string {
  return randomUUID();
}
