import { notFound } from 'next/navigation';
import type { ImportEntity } from '@/server/db/entities';
import { serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { StepBar } from '../step-bar';
import { UploadForm } from './upload-form';

export async function generateMetadata() {
  const t = await getT('imports.ui');
  return { title: t('newTitle') };
}

const WRITE: Record<ImportEntity, string> = { institution: 'customers.write', person: 'customers.write', interaction: 'interactions.write', order: 'orders.write' };

/** Step 1 of an import: what to import, and the file. */
export default async function NewImportPage({ searchParams }: { searchParams: Promise<{ entity?: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('customers.import')) notFound();
  const t = await getT('imports.ui');
  const allowed = (Object.keys(WRITE) as ImportEntity[]).filter((e) => ctx.permissions.has(WRITE[e]));
  const wanted = (await searchParams).entity;
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('newTitle')}</h1>
        <p className="text-sm text-slate-500">{t('newSubtitle')}</p>
      </div>
      <StepBar current="upload" />
      <UploadForm entities={allowed} initialEntity={allowed.includes(wanted as ImportEntity) ? (wanted as ImportEntity) : (allowed[0] ?? null)} />
    </div>
  );
}
