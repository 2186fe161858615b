import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { VisitForm } from '../../visit-form';

export async function generateMetadata() {
  const t = await getT('interactions');
  return { title: t('editTitle') };
}

export default async function EditInteractionPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('interactions.write')) notFound();
  const { id } = await params;
  const caller = await api();
  const detail = await caller.interactions.get({ id }).catch(() => null);
  if (!detail || !detail.canEdit) notFound();
  const context = await caller.interactions.formContext({ personIds: detail.people.map((p) => p.id), institutionId: null });
  const t = await getT('interactions');
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="text-xl font-semibold">{t('editTitle')}</h1>
      <VisitForm
        context={context}
        timeZone={ctx.tenant?.settings.timezone ?? 'Asia/Shanghai'}
        initial={{
          id: detail.id,
          channel: detail.channel,
          occurredAt: detail.occurredAt,
          institutionId: detail.institution?.id ?? null,
          departmentId: detail.department?.id ?? null,
          productIds: detail.products.map((p) => p.id),
          keyMessages: detail.keyMessages,
          notes: detail.notes,
          outcome: detail.outcome,
          nextStep: detail.nextStep,
          nextStepDue: detail.nextStepDue,
          custom: detail.custom,
        }}
      />
    </div>
  );
}
