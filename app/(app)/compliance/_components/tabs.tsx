'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useT } from '@/app/_lib/i18n';

export interface Tab {
  href: string;
  key: string;
}

/** The console's tabs (each shown only to who may open it); scrolls sideways on a phone. */
export function ComplianceTabs({ tabs }: { tabs: Tab[] }) {
  const t = useT('compliance.tabs');
  const pathname = usePathname();
  const active = (href: string) => (href === '/compliance' ? pathname === href : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <nav className="-mx-3 overflow-x-auto px-3 md:mx-0 md:px-0" aria-label={t('label')}>
      <ul className="flex min-w-max gap-1 border-b border-slate-200">
        {tabs.map((tab) => (
          <li key={tab.href}>
            <Link
              href={tab.href}
              data-testid={`compliance-tab-${tab.key}`}
              aria-current={active(tab.href) ? 'page' : undefined}
              className={`block border-b-2 px-3 py-2 text-sm whitespace-nowrap ${active(tab.href) ? 'border-brand-600 font-medium text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
            >
              {t(tab.key)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
