import Link from 'next/link';
import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { CustomerLink } from '../../_work/ui';
import { OrderForm } from '../order-form';

export async function generateMetadata() {
  const t = await getT('orders');
  return { title: t('detailTitle') };
}

/** One purchase; `?edit=1` turns it into the form (for those who record purchases). */
export default async function OrderPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ edit?: string; saved?: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('orders.read')) notFound();
  const { id } = await params;
  const { edit, saved } = await searchParams;
  const caller = await api();
  const order = await caller.orders.get({ id }).catch(() => null);
  if (!order) notFound();
  const canWrite = ctx.permissions.has('orders.write');
  const [t, tw, f] = await Promise.all([getT('orders'), getT('work'), getFormat()]);

  if (edit === '1' && canWrite) {
    const products = await caller.products.list({ includeInactive: false });
    return (
      <div className="mx-auto max-w-4xl space-y-4">
        <h1 className="text-xl font-semibold">{t('editTitle', { orderNo: order.orderNo })}</h1>
        <OrderForm subject={order.subject} products={products} timeZone={ctx.tenant?.settings.timezone ?? 'Asia/Shanghai'} initial={order} />
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-4xl space-y-4" data-testid="order-detail">
      {saved && (
        <p className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800" role="status">
          {t('saved')}
        </p>
      )}
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">{t('detailHeading', { orderNo: order.orderNo })}</h1>
          <p className="text-sm text-slate-500">
            <CustomerLink kind={order.subject.kind} id={order.subject.id} name={order.subject.name} /> · {f.date(order.orderedAt)}
          </p>
        </div>
        {canWrite && (
          <Link href={`/orders/${order.id}?edit=1`} className="btn-primary" data-testid="order-edit">
            {tw('edit')}
          </Link>
        )}
      </div>
      <section className="card overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="border-b border-slate-100 text-left text-xs text-slate-500">
            <tr>
              <th className="px-4 py-2 font-medium">{t('fields.product')}</th>
              <th className="px-4 py-2 font-medium">{t('fields.spec')}</th>
              <th className="px-4 py-2 text-right font-medium">{t('fields.quantity')}</th>
              <th className="px-4 py-2 text-right font-medium">{t('fields.unitPrice')}</th>
              <th className="px-4 py-2 text-right font-medium">{t('fields.lineTotal')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {order.lines.map((l) => (
              <tr key={l.id}>
                <td className="px-4 py-2">{l.productName}</td>
                <td className="px-4 py-2 text-slate-600">{l.spec ?? '—'}</td>
                <td className="px-4 py-2 text-right">{f.number(l.quantity)}</td>
                <td className="px-4 py-2 text-right">{f.money(Number(l.unitPrice))}</td>
                <td className="px-4 py-2 text-right">{f.money(Number(l.lineTotal))}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-slate-200">
              <td colSpan={4} className="px-4 py-2 text-right font-medium">
                {t('fields.total')}
              </td>
              <td className="px-4 py-2 text-right font-semibold" data-testid="order-total">
                {f.money(Number(order.totalAmount))}
              </td>
            </tr>
          </tfoot>
        </table>
      </section>
      <dl className="card grid gap-3 p-4 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-xs text-slate-500">{t('fields.paymentMethod')}</dt>
          <dd>{order.paymentMethod ? t(`paymentMethod.${order.paymentMethod}`) : '—'}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">{t('fields.invoiceNo')}</dt>
          <dd>{order.invoiceNo ?? '—'}</dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="text-xs text-slate-500">{t('fields.shippingAddress')}</dt>
          <dd>{order.shippingAddress ?? '—'}</dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="text-xs text-slate-500">{t('fields.remarks')}</dt>
          <dd className="whitespace-pre-wrap">{order.remarks ?? '—'}</dd>
        </div>
        <div className="sm:col-span-2 text-xs text-slate-400">{t('recorded', { name: order.createdBy?.name ?? '—', time: f.dateTime(order.createdAt) })}</div>
      </dl>
    </div>
  );
}
