import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { TranslateValues } from './i18n/translate';

/**
 * A business-rule failure with a stable code, a translated message and a tRPC status.
 * The message key lives in the errors.* namespace of a catalogue (core or `plugins.<id>.errors.*`).
 */
export class DomainError extends Error {
  constructor(
    /** Stable, documented code clients can switch on, e.g. PLUGIN_NOT_ENABLED. */
    readonly code: string,
    readonly messageKey: string,
    readonly values: TranslateValues = {},
    readonly status: TRPC_ERROR_CODE_KEY = 'BAD_REQUEST',
    /** Per-field problems (field path → message key + values), shown next to form fields. */
    readonly fieldErrors: Record<string, { key: string; values?: TranslateValues }> = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export const errors = {
  unauthenticated: () => new DomainError('UNAUTHENTICATED', 'errors.unauthenticated', {}, 'UNAUTHORIZED'),
  sessionEnded: (reason: string) => new DomainError('SESSION_ENDED', 'errors.sessionEnded', { reason }, 'UNAUTHORIZED'),
  noTenant: () => new DomainError('NO_ACTIVE_TENANT', 'errors.noTenant', {}, 'FORBIDDEN'),
  forbidden: (permission: string) => new DomainError('FORBIDDEN', 'errors.forbidden', { permission }, 'FORBIDDEN'),
  pluginNotEnabled: (plugin: string) => new DomainError('PLUGIN_NOT_ENABLED', 'errors.pluginNotEnabled', { plugin }, 'FORBIDDEN'),
  notFound: (entity: string) => new DomainError('NOT_FOUND', 'errors.notFound', { entity }, 'NOT_FOUND'),
  conflict: (key: string, values: TranslateValues = {}) => new DomainError('CONFLICT', key, values, 'CONFLICT'),
  csrf: () => new DomainError('CSRF_REJECTED', 'errors.csrf', {}, 'FORBIDDEN'),
};
