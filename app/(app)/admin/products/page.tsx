import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { ProductsAdmin } from './products-admin';

export async function generateMetadata() {
  const t = await getT('products');
  return { title: t('title') };
}

export default async function ProductsPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('products.manage')) notFound();
  const products = await (await api()).products.list({ includeInactive: true });
  const t = await getT('products');
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-500">{t('subtitle')}</p>
      </div>
      <ProductsAdmin initial={products} />
    </div>
  );
}
