import { notFound } from 'next/navigation';
import { getT } from '@/app/_lib/server-i18n';
import { LanguageSwitch } from '@/app/_components/language-switch';
import { translatorFor } from '@/server/i18n/catalog';
import { findPlugin } from '@/server/plugins/host';
import { checkPluginLink } from '@/server/plugins/public-links';
import { serverContext } from '@/server/trpc/server-caller';

type Props = { params: Promise<{ plugin: string; purpose: string; token: string }> };

async function publicPageOf(pluginId: string, purpose: string) {
  const plugin = findPlugin(pluginId);
  if (!plugin) return null;
  const ui = (await plugin.ui()).default;
  return ui.publicPages?.find((p) => p.purpose === purpose) ?? null;
}

export async function generateMetadata({ params }: Props) {
  const { plugin, purpose } = await params;
  const page = await publicPageOf(plugin, purpose);
  const ctx = await serverContext();
  return { title: page ? translatorFor(ctx.locale)(`plugins.${plugin}.${page.titleKey}`) : undefined, robots: { index: false, follow: false }, referrer: 'no-referrer' };
}

/**
 * Every plugin's public page (no login): core checks the signed link and that the module is on for
 * the link's company, then hands the page its tenant and subject. Anything else gets one clear message.
 */
export default async function PluginPublicPage({ params }: Props) {
  const { plugin, purpose, token } = await params;
  const page = await publicPageOf(plugin, purpose);
  if (!page) notFound();
  const ctx = await serverContext();
  const checked = await checkPluginLink(plugin, purpose, token);
  const t = await getT('publicLink');
  return (
    <main className="mx-auto min-h-dvh w-full max-w-xl px-4 py-6" data-testid={`public-${plugin}-${purpose}`}>
      <div className="mb-4 flex items-start justify-between gap-3">
        <p className="text-sm text-slate-500">{checked.ok ? checked.link.tenantName : t('brand')}</p>
        <LanguageSwitch signedIn={Boolean(ctx.session)} />
      </div>
      {checked.ok ? (
        await page.render({ tenantId: checked.link.tenantId, subject: checked.link.subject, token, locale: ctx.locale, params: { plugin, purpose } })
      ) : (
        <div className="card p-5" data-testid={`public-link-${checked.problem}`}>
          <h1 className="mb-2 text-base font-medium">{t(`${checked.problem}Title`)}</h1>
          <p className="text-sm text-slate-600">{t(`${checked.problem}Body`)}</p>
        </div>
      )}
    </main>
  );
}
