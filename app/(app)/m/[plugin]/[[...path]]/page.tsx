import { notFound } from 'next/navigation';
import { pageFor } from '@/server/plugins/views';
import { translatorFor } from '@/server/i18n/catalog';
import { serverContext } from '@/server/trpc/server-caller';

type Props = { params: Promise<{ plugin: string; path?: string[] }> };

export async function generateMetadata({ params }: Props) {
  const { plugin, path = [] } = await params;
  const ctx = await serverContext();
  const found = await pageFor(ctx, plugin, path);
  return { title: found ? translatorFor(ctx.locale)(`plugins.${plugin}.${found.page.titleKey}`) : undefined };
}

/** Every plugin page: 404 unless the plugin is enabled for the tenant and the user may see it. */
export default async function PluginPage({ params }: Props) {
  const { plugin, path = [] } = await params;
  const ctx = await serverContext();
  const found = await pageFor(ctx, plugin, path);
  if (!found || !ctx.session || !ctx.tenant) notFound();
  return <>{await found.page.render({ tenantId: ctx.tenant.id, userId: ctx.session.user.id, locale: ctx.locale, params: found.params })}</>;
}
