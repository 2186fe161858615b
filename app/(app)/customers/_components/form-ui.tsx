'use client';

/** Small building blocks shared by the customer forms. */

export function FormField({ label, htmlFor, required, error, hint, children, className }: { label: string; htmlFor?: string; required?: boolean; error?: string; hint?: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={className}>
      <label htmlFor={htmlFor} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
        {required && <span className="ml-0.5 text-red-600">*</span>}
      </label>
      {children}
      {hint && !error && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      {error && (
        <p className="mt-1 text-xs text-red-700" data-testid={htmlFor ? `error-${htmlFor}` : undefined}>
          {error}
        </p>
      )}
    </div>
  );
}

export function FormSection({ title, children, testId, aside }: { title: string; children: React.ReactNode; testId?: string; aside?: React.ReactNode }) {
  return (
    <section className="card p-4" data-testid={testId}>
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-700">{title}</h2>
        {aside}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">{children}</div>
    </section>
  );
}

/** Options of a code list, labelled. */
export function CodeOptions({ codes, label, empty }: { codes: readonly string[]; label: (c: string) => string; empty?: string }) {
  return (
    <>
      {empty !== undefined && <option value="">{empty}</option>}
      {codes.map((c) => (
        <option key={c} value={c}>
          {label(c)}
        </option>
      ))}
    </>
  );
}
