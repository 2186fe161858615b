import { notFound } from 'next/navigation';
import { DomainError } from '@/server/errors';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { ImportWizard } from './import-wizard';

export async function generateMetadata() {
  const t = await getT('imports.ui');
  return { title: t('title') };
}

/** One import, at whatever step it is: mapping and preview, progress, or the result. */
export default async function ImportPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('customers.import')) notFound();
  const { id } = await params;
  let job;
  try {
    job = await (await api()).imports.get({ id: id.slice(0, 64) });
  } catch (err) {
    if ((err as { cause?: unknown }).cause instanceof DomainError) notFound();
    throw err;
  }
  const t = await getT('imports.ui');
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('importOf', { entity: t(`entity.${job.entity}`) })}</h1>
        <p className="truncate text-sm text-slate-500" data-testid="import-file-name">
          {job.fileName}
        </p>
      </div>
      <ImportWizard initial={job} />
    </div>
  );
}
