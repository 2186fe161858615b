'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { httpBatchLink } from '@trpc/client';
import { useState } from 'react';
import superjson from 'superjson';
import type { Locale, Messages } from '@/server/i18n/locales';
import { I18nProvider } from './_lib/i18n';
import { trpc } from './_lib/trpc';

export function Providers({ children, locale, messages, timeZone }: { children: React.ReactNode; locale: Locale; messages: Messages; timeZone: string }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: false } } }));
  const [trpcClient] = useState(() =>
    trpc.createClient({
      links: [httpBatchLink({ url: '/api/trpc', transformer: superjson })],
    }),
  );
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <I18nProvider locale={locale} messages={messages} timeZone={timeZone}>
          {children}
        </I18nProvider>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
