import Link from 'next/link';
import { UnmaskButton } from './record-actions';

/** Server-rendered building blocks of the 360 pages. */

export function Card({ title, children, testId, action }: { title: string; children: React.ReactNode; testId?: string; action?: React.ReactNode }) {
  return (
    <section className="card p-4" data-testid={testId}>
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-700">{title}</h2>
        {action}
      </div>
      {children}
    </section>
  );
}

export function Details({ children }: { children: React.ReactNode }) {
  return <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm sm:grid-cols-[8rem_minmax(0,1fr)]">{children}</dl>;
}

export function Detail({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  const empty = children === null || children === undefined || children === '' || children === false;
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-800" data-testid={testId}>
        {empty ? <span className="text-slate-300">—</span> : children}
      </dd>
    </>
  );
}

export function ActionLink({ href, children, primary, testId }: { href: string; children: React.ReactNode; primary?: boolean; testId?: string }) {
  return (
    <Link href={href} className={primary ? 'btn-primary' : 'btn-secondary'} data-testid={testId}>
      {children}
    </Link>
  );
}

/** Contact points as tappable links: call, mail, open the website. */
/**
 * A customer's contact points. Values compliance marked sensitive arrive masked (`masked`): shown as
 * text, never as a tel:/mailto: link, with "unmask" when `unmask` is given (the viewer may unmask).
 */
export function ContactList({
  contacts,
  label,
  unmask,
}: {
  contacts: { id: string; kind: string; value: string; label: string | null; isPrimary: boolean; masked?: boolean }[];
  label: (kind: string) => string;
  unmask?: { kind: 'person' | 'institution'; id: string };
}) {
  const href = (kind: string, value: string) =>
    kind === 'mobile' || kind === 'phone' ? `tel:${value.replace(/[\s()-]/g, '')}` : kind === 'email' ? `mailto:${value}` : kind === 'website' ? (/^https?:\/\//.test(value) ? value : `https://${value}`) : null;
  return (
    <ul className="space-y-1.5 text-sm" data-testid="contact-list">
      {contacts.map((c) => {
        const h = c.masked ? null : href(c.kind, c.value);
        return (
          <li key={c.id} className="flex flex-wrap items-baseline gap-x-2">
            <span className="w-14 shrink-0 text-slate-500">{label(c.kind)}</span>
            {c.masked && unmask ? (
              <UnmaskButton kind={unmask.kind} id={unmask.id} field={`contact.${c.id}`} masked={c.value} />
            ) : h ? (
              <a href={h} className="break-all text-brand-700" target={c.kind === 'website' ? '_blank' : undefined} rel="noreferrer noopener">
                {c.value}
              </a>
            ) : (
              <span className={c.masked ? 'font-mono' : 'break-all'}>{c.value}</span>
            )}
            {c.label && <span className="text-xs text-slate-400">{c.label}</span>}
          </li>
        );
      })}
    </ul>
  );
}
