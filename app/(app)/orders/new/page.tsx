import { notFound } from 'next/navigation';
import { CUSTOMER_KINDS, type CustomerKind } from '@/server/db/entities/customer-enums';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { CustomerLink } from '../../_work/ui';
import { OrderForm } from '../order-form';

export async function generateMetadata() {
  const t = await getT('orders');
  return { title: t('newTitle') };
}

/** A new purchase for a customer: `/orders/new?subjectKind=institution&subjectId=…` (linked from the 360 page). */
export default async function NewOrderPage({ searchParams }: { searchParams: Promise<{ subjectKind?: string; subjectId?: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('orders.write')) notFound();
  const { subjectKind, subjectId } = await searchParams;
  if (!subjectKind || !(CUSTOMER_KINDS as readonly string[]).includes(subjectKind) || !subjectId || subjectId.length > 64) notFound();
  const form = await (await api()).orders.formContext({ subjectKind: subjectKind as CustomerKind, subjectId }).catch(() => null);
  if (!form) notFound();
  const t = await getT('orders');
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('newTitle')}</h1>
        <p className="text-sm text-slate-500">
          {t('forCustomer')} <CustomerLink kind={form.subject.kind} id={form.subject.id} name={form.subject.name} />
        </p>
      </div>
      <OrderForm subject={form.subject} products={form.products} defaultAddress={form.address} timeZone={ctx.tenant?.settings.timezone ?? 'Asia/Shanghai'} />
    </div>
  );
}
