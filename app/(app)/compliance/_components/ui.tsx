import Link from 'next/link';

/** Small building blocks shared by the console's pages (server- and client-safe: no hooks). */

export function Card({ title, children, testId, action, subtitle }: { title: string; children: React.ReactNode; testId?: string; action?: React.ReactNode; subtitle?: string }) {
  return (
    <section className="card p-4" data-testid={testId}>
      <div className="mb-3 flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="text-sm font-semibold text-slate-700">{title}</h2>
          {subtitle && <p className="text-xs text-slate-500">{subtitle}</p>}
        </div>
        {action}
      </div>
      {children}
    </section>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="py-4 text-center text-sm text-slate-500">{children}</p>;
}

const TONES = {
  green: 'bg-emerald-50 text-emerald-700',
  red: 'bg-red-50 text-red-700',
  amber: 'bg-amber-50 text-amber-800',
  slate: 'bg-slate-100 text-slate-600',
  brand: 'bg-brand-50 text-brand-700',
  blue: 'bg-sky-50 text-sky-700',
} as const;
export type Tone = keyof typeof TONES;

export function Badge({ tone, children, testId }: { tone: Tone; children: React.ReactNode; testId?: string }) {
  return (
    <span className={`badge ${TONES[tone]}`} data-testid={testId}>
      {children}
    </span>
  );
}

/** A number with a label, linking to where to act on it. */
export function Stat({ label, value, tone = 'slate', href, hint, testId, compact }: { label: string; value: string | number; tone?: Tone; href?: string; hint?: string; testId?: string; compact?: boolean }) {
  const body = (
    <>
      <div className="text-xs text-slate-500">{label}</div>
      <div className={`mt-1 ${compact ? 'text-base' : 'text-2xl'} font-semibold ${tone === 'red' ? 'text-red-700' : tone === 'amber' ? 'text-amber-700' : tone === 'green' ? 'text-emerald-700' : 'text-slate-800'}`} data-testid={testId}>
        {value}
      </div>
      {hint && <div className="mt-1 text-xs text-slate-500">{hint}</div>}
    </>
  );
  return href ? (
    <Link href={href} className="card block p-4 hover:border-brand-500">
      {body}
    </Link>
  ) : (
    <div className="card p-4">{body}</div>
  );
}

export function Notice({ tone, children, testId }: { tone: 'info' | 'warn' | 'error' | 'ok'; children: React.ReactNode; testId?: string }) {
  const cls = tone === 'warn' ? 'bg-amber-50 text-amber-900' : tone === 'error' ? 'bg-red-50 text-red-800' : tone === 'ok' ? 'bg-emerald-50 text-emerald-800' : 'bg-brand-50 text-brand-700';
  return (
    <p className={`rounded-md p-3 text-sm ${cls}`} role={tone === 'error' || tone === 'warn' ? 'alert' : 'status'} data-testid={testId}>
      {children}
    </p>
  );
}

/** A label/value grid. */
export function Fields({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm sm:grid-cols-[9rem_minmax(0,1fr)]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-500">{label}</dt>
          <dd className="min-w-0 break-words text-slate-800">{value === null || value === undefined || value === '' ? <span className="text-slate-300">—</span> : value}</dd>
        </div>
      ))}
    </dl>
  );
}
