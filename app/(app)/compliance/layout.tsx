import { notFound } from 'next/navigation';
import { serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { tabsFor } from './_components/tab-list';
import { ComplianceTabs } from './_components/tabs';

/**
 * The compliance console. The layout only decides which tabs to show; every page and every
 * procedure it calls checks the permission itself.
 */
export default async function ComplianceLayout({ children }: { children: React.ReactNode }) {
  const ctx = await serverContext();
  const tabs = tabsFor(ctx.permissions);
  if (!tabs.length) notFound();
  const t = await getT('compliance');
  return (
    <div className="mx-auto max-w-6xl space-y-4" data-testid="compliance-console">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-500">{t('subtitle')}</p>
      </div>
      <ComplianceTabs tabs={tabs} />
      {children}
    </div>
  );
}
