import type { TRPCDefaultErrorShape as DefaultErrorShape, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { DomainError } from '@/server/errors';
import { translatorFor } from '@/server/i18n/catalog';
import { DEFAULT_LOCALE } from '@/server/i18n/locales';
import type { Translate } from '@/server/i18n/translate';
import type { Context } from './context';

type Issue = ZodError['issues'][number];

function issueMessage(t: Translate, issue: Issue): string {
  const i = issue as Issue & { expected?: string; minimum?: number | bigint; maximum?: number | bigint; origin?: string; format?: string; values?: unknown[] };
  switch (issue.code) {
    case 'invalid_type':
      return i.expected === 'undefined' || i.expected === 'never' ? t('validation.unexpected') : t('validation.invalidType');
    case 'too_small':
      return i.origin === 'string' ? t('validation.tooShort', { min: Number(i.minimum) }) : t('validation.tooSmall', { min: Number(i.minimum) });
    case 'too_big':
      return i.origin === 'string' ? t('validation.tooLong', { max: Number(i.maximum) }) : t('validation.tooBig', { max: Number(i.maximum) });
    case 'invalid_format':
      return i.format === 'email' ? t('validation.email') : t('validation.format');
    case 'invalid_value':
      return t('validation.oneOf', { values: (i.values ?? []).map(String).join(' / ') });
    case 'unrecognized_keys':
      return t('validation.unknownKeys');
    default:
      return t('validation.invalid');
  }
}

/**
 * Every error leaves with a stable `appCode` and a message in the user's language. Validation
 * errors also carry `fieldErrors` (path → message) for forms. Internal details never leave.
 */
export function formatError(shape: DefaultErrorShape, error: TRPCError, ctx: Context | undefined) {
  const t = translatorFor(ctx?.locale ?? DEFAULT_LOCALE);
  const { stack: _stack, ...data } = shape.data as DefaultErrorShape['data'] & { stack?: string };
  const cause = error.cause;
  if (cause instanceof DomainError) {
    const fieldErrors = Object.fromEntries(Object.entries(cause.fieldErrors).map(([field, e]) => [field, t(e.key, e.values)]));
    return { ...shape, message: t(cause.messageKey, cause.values), data: { ...data, appCode: cause.code, ...(Object.keys(fieldErrors).length ? { fieldErrors } : {}) } };
  }
  if (cause instanceof ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of cause.issues) {
      const key = issue.path.join('.') || '_';
      fieldErrors[key] ??= issueMessage(t, issue);
    }
    const first = Object.entries(fieldErrors)[0];
    const message = first ? t('errors.validation', { field: first[0], message: first[1] }) : t('validation.invalid');
    return { ...shape, message, data: { ...data, appCode: 'VALIDATION', fieldErrors } };
  }
  const byCode: Record<string, string> = {
    PARSE_ERROR: 'errors.malformed',
    BAD_REQUEST: 'errors.malformed',
    NOT_FOUND: 'errors.noSuchProcedure',
    METHOD_NOT_SUPPORTED: 'errors.method',
    UNSUPPORTED_MEDIA_TYPE: 'errors.malformed',
    PAYLOAD_TOO_LARGE: 'errors.tooLarge',
    TOO_MANY_REQUESTS: 'errors.rateLimited',
    UNAUTHORIZED: 'errors.unauthenticated',
    FORBIDDEN: 'errors.forbiddenGeneric',
  };
  const key = byCode[shape.data.code] ?? 'errors.internal';
  return { ...shape, message: t(key), data: { ...data, appCode: shape.data.code } };
}
