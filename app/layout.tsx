import type { Metadata, Viewport } from 'next';
import { serverContext } from '@/server/trpc/server-caller';
import { messagesFor } from '@/server/i18n/catalog';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Rapport', template: '%s · Rapport' },
  description: 'Rapport — 医药客户互动管理 / pharma customer interaction management',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const ctx = await serverContext();
  return (
    <html lang={ctx.locale}>
      <body>
        <Providers locale={ctx.locale} messages={messagesFor(ctx.locale)} timeZone={ctx.tenant?.settings.timezone ?? 'Asia/Shanghai'}>
          {children}
        </Providers>
      </body>
    </html>
  );
}
