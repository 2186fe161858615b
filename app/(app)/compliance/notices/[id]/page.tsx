import Link from 'next/link';
import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { NoticeDraftActions } from '../../_components/notice-forms';
import { Badge, Card, Fields } from '../../_components/ui';

export async function generateMetadata() {
  const t = await getT('compliance.tabs');
  return { title: t('notices') };
}

/** One notice version: its text, status and proof of what was shown; a draft can be edited and published. */
export default async function NoticePage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('compliance.read')) notFound();
  const { id } = await params;
  const n = await (await api()).compliance.notices.get({ id }).catch(() => null);
  if (!n) notFound();
  const t = await getT('consent');
  const tn = await getT('consent.notices');
  const f = await getFormat();
  const draft = n.status === 'draft';
  return (
    <div className="space-y-4" data-testid="notice-page">
      <Link href="/compliance/notices" className="text-sm text-brand-700 hover:underline">
        ← {tn('back')}
      </Link>
      <Card
        title={`${t(`purpose.${n.purpose}`)} · ${t(`locale.${n.locale}`)} · v${n.version}`}
        action={<Badge tone={n.status === 'active' ? 'green' : draft ? 'amber' : 'slate'}>{tn(`status.${n.status}`)}</Badge>}
      >
        <Fields
          rows={[
            [tn('createdBy'), [n.createdBy, f.dateTime(n.createdAt)].filter(Boolean).join(' · ')],
            [tn('activated'), n.activatedAt ? [n.activatedBy, f.dateTime(n.activatedAt)].filter(Boolean).join(' · ') : null],
            [tn('retired'), n.retiredAt ? f.dateTime(n.retiredAt) : null],
            [tn('reconsent'), n.activatedAt ? (n.reconsentRequired ? tn('reconsentYes') : tn('reconsentNo')) : null],
            [tn('hash'), n.contentHash ? <span className="font-mono text-xs break-all">{n.contentHash}</span> : null],
          ]}
        />
        {!draft && <p className="mt-3 text-xs text-slate-500">{tn('frozen')}</p>}
      </Card>
      {draft && ctx.permissions.has('compliance.manage') ? (
        <NoticeDraftActions notice={{ id: n.id, title: n.title, body: n.body, version: n.version, purpose: n.purpose, locale: n.locale }} />
      ) : (
        <Card title={n.title}>
          <div className="text-sm whitespace-pre-wrap text-slate-800" data-testid="notice-body">
            {n.body}
          </div>
        </Card>
      )}
    </div>
  );
}
