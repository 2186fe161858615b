import Link from 'next/link';
import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { PrivacySettingsForm } from '../_components/privacy-form';
import { Card, Notice } from '../_components/ui';

export async function generateMetadata() {
  const t = await getT('compliance.tabs');
  return { title: t('privacy') };
}

/** Sensitive fields and who may unmask them, retention per data category, request and consent periods. */
export default async function PrivacyPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('compliance.read')) notFound();
  const view = await (await api()).compliance.privacy.get();
  const tp = await getT('privacy');
  const f = await getFormat();
  const cb = view.settings.crossBorder;
  return (
    <div className="space-y-4" data-testid="privacy-page">
      <Card title={tp('crossBorder.title')}>
        {cb.enabled && view.crossBorderAssessment ? (
          <Notice tone="info" testId="privacy-crossborder-on">
            {tp('crossBorder.onLine', { title: view.crossBorderAssessment.title, recipient: view.crossBorderAssessment.recipient ?? '—', country: view.crossBorderAssessment.recipientCountry ?? '—', at: cb.changedAt ? f.date(cb.changedAt) : '—' })}
          </Notice>
        ) : (
          <p className="text-sm text-slate-600" data-testid="privacy-crossborder-off">
            {tp('crossBorder.offLine')}
          </p>
        )}
        <Link href="/compliance/assessments" className="mt-2 inline-block text-sm text-brand-700 hover:underline">
          {tp('crossBorder.manage')}
        </Link>
      </Card>
      <PrivacySettingsForm view={view} canManage={ctx.permissions.has('compliance.manage')} />
    </div>
  );
}
