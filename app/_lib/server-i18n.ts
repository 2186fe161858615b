import 'server-only';
import { translatorFor } from '@/server/i18n/catalog';
import { formatters } from '@/server/i18n/translate';
import { serverContext } from '@/server/trpc/server-caller';

/** Translator for server components, in the request's locale. */
export async function getT(namespace?: string) {
  const ctx = await serverContext();
  return translatorFor(ctx.locale, namespace);
}

export async function getFormat() {
  const ctx = await serverContext();
  return formatters(ctx.locale, ctx.tenant?.settings.timezone ?? 'Asia/Shanghai');
}
