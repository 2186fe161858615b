import Link from 'next/link';
import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { ImportHistory } from './import-history';

export async function generateMetadata() {
  const t = await getT('imports.ui');
  return { title: t('title') };
}

/** The company's imports: what was imported, by whom, with what result; a new import starts here. */
export default async function ImportsPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('customers.import')) notFound();
  const first = await (await api()).imports.list({ cursor: null, limit: 20 });
  const t = await getT('imports.ui');
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{t('title')}</h1>
          <p className="text-sm text-slate-500">{t('subtitle')}</p>
        </div>
        <Link href="/imports/new" className="btn-primary" data-testid="import-new">
          {t('newImport')}
        </Link>
      </div>
      <ImportHistory initial={first} />
    </div>
  );
}
