'use client';

import Link from 'next/link';
import type { CustomerKind } from '@/server/db/entities/customer-enums';

/** Small building blocks shared by the work pages (visits, tasks, orders, service, activities). */

/** A toggle chip: big enough to hit with a thumb, state shown by colour and aria-pressed. */
export function Chip({ on, onClick, children, testId, disabled }: { on: boolean; onClick: () => void; children: React.ReactNode; testId?: string; disabled?: boolean }) {
  return (
    <button
      type="button"
      aria-pressed={on}
      disabled={disabled}
      onClick={onClick}
      data-testid={testId}
      className={`min-h-10 rounded-full border px-3.5 py-1.5 text-sm transition-colors disabled:opacity-50 ${
        on ? 'border-brand-600 bg-brand-600 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'
      }`}
    >
      {children}
    </button>
  );
}

/** A labelled form row with the server's message for the field under it. */
export function Field({ label, error, hint, children, className = '' }: { label: string; error?: string; hint?: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={`block text-sm ${className}`}>
      <span className="mb-1 block font-medium text-slate-700">{label}</span>
      {children}
      {hint && !error && <span className="mt-1 block text-xs text-slate-500">{hint}</span>}
      {error && (
        <span className="mt-1 block text-xs text-red-700" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

export function ErrorNote({ message, testId }: { message: string | null | undefined; testId?: string }) {
  if (!message) return null;
  return (
    <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert" data-testid={testId}>
      {message}
    </p>
  );
}

/** Where a customer's 360 page lives. */
export function customerHref(kind: CustomerKind, id: string): string {
  return kind === 'person' ? `/customers/people/${id}` : `/customers/institutions/${id}`;
}

export function CustomerLink({ kind, id, name }: { kind: CustomerKind; id: string; name: string }) {
  return (
    <Link href={customerHref(kind, id)} className="text-brand-700 hover:underline">
      {name}
    </Link>
  );
}
