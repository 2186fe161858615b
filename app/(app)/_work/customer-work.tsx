import Link from 'next/link';
import type { CustomerKind } from '@/server/db/entities/customer-enums';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';

/**
 * Work sections for a customer's 360 page (server components): the actions to start work for the
 * customer, the purchase history and the marketing activities they took part in. Each renders
 * nothing the user has no permission for.
 */

/** Buttons: log a visit, record a purchase, open a service request, add a task — for this customer. */
export async function CustomerWorkActions({ kind, id }: { kind: CustomerKind; id: string }) {
  const ctx = await serverContext();
  const t = await getT('work.actions');
  const q = `subjectKind=${kind}&subjectId=${encodeURIComponent(id)}`;
  const actions = [
    { permission: 'interactions.write', href: `/interactions/new?${kind === 'person' ? 'personId' : 'institutionId'}=${encodeURIComponent(id)}`, label: t('logVisit'), testId: 'action-log-visit' },
    { permission: 'orders.write', href: `/orders/new?${q}`, label: t('newOrder'), testId: 'action-new-order' },
    { permission: 'service.write', href: `/service?new=1&${q}`, label: t('newService'), testId: 'action-new-service' },
    { permission: 'tasks.write', href: `/tasks?new=1&${q}`, label: t('newTask'), testId: 'action-new-task' },
  ].filter((a) => ctx.permissions.has(a.permission));
  if (!actions.length) return null;
  return (
    <div className="flex flex-wrap gap-2" data-testid="customer-work-actions">
      {actions.map((a, i) => (
        <Link key={a.href} href={a.href} className={i === 0 ? 'btn-primary' : 'btn-secondary'} data-testid={a.testId}>
          {a.label}
        </Link>
      ))}
    </div>
  );
}

/** Purchase history (seed module 4): orders with their lines and totals, newest first. */
export async function CustomerOrders({ kind, id, limit = 20 }: { kind: CustomerKind; id: string; limit?: number }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('orders.read')) return null;
  const orders = await (await api()).orders.forCustomer({ kind, id, limit });
  const [t, f] = await Promise.all([getT('orders'), getFormat()]);
  if (!orders.length) return <p className="text-sm text-slate-500">{t('noneForCustomer')}</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="customer-orders">
      {orders.map((o) => (
        <li key={o.id} className="py-2">
          <Link href={`/orders/${o.id}`} className="flex flex-wrap items-baseline justify-between gap-2 hover:underline">
            <span className="font-medium">{o.orderNo}</span>
            <span className="text-sm">{f.money(Number(o.totalAmount))}</span>
          </Link>
          <div className="text-xs text-slate-500">
            {[f.date(o.orderedAt), o.paymentMethod ? t(`paymentMethod.${o.paymentMethod}`) : null, o.invoiceNo].filter(Boolean).join(' · ')}
          </div>
          <div className="truncate text-xs text-slate-600">{o.lines.map((l) => `${l.productName}${l.spec ? `（${l.spec}）` : ''} × ${l.quantity}`).join('；')}</div>
        </li>
      ))}
    </ul>
  );
}

/** Marketing activities the customer took part in (seed module 8), with the rated effect. */
export async function CustomerActivities({ kind, id }: { kind: CustomerKind; id: string }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('customers.read')) return null;
  const rows = await (await api()).activities.forCustomer({ kind, id });
  const [t, f] = await Promise.all([getT('activities'), getFormat()]);
  if (!rows.length) return <p className="text-sm text-slate-500">{t('noneForCustomer')}</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="customer-activities">
      {rows.map((p) => (
        <li key={p.id} className="py-2 text-sm">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <span className="font-medium">{p.activity.name}</span>
            <span className="text-amber-500" aria-label={p.effectRating ? t('stars', { count: p.effectRating }) : t('notRated')}>
              {p.effectRating ? '★'.repeat(p.effectRating) : ''}
            </span>
          </div>
          <div className="text-xs text-slate-500">{[t(`type.${p.activity.type}`), f.date(p.activity.startsAt), p.activity.location].filter(Boolean).join(' · ')}</div>
          {p.notes && <div className="text-xs text-slate-600">{p.notes}</div>}
        </li>
      ))}
    </ul>
  );
}
