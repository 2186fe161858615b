'use client';

import { useEffect, useId, useRef } from 'react';
import { useT } from '../_lib/i18n';

interface Props {
  open: boolean;
  title: string;
  children?: React.ReactNode;
  confirmLabel?: string;
  /** Red confirm button for destructive actions. */
  danger?: boolean;
  pending?: boolean;
  /** A failed attempt's message (already translated by the server). */
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}

/** A small modal confirmation. Escape or the backdrop cancels; focus starts on Cancel. */
export function ConfirmDialog({ open, title, children, confirmLabel, danger, pending, error, onConfirm, onCancel, testId = 'confirm-dialog' }: Props) {
  const t = useT('common');
  const titleId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  // Latest handlers for the key listener, so it is attached once per opening (focus moves once).
  const latest = useRef({ pending, onCancel });
  useEffect(() => {
    latest.current = { pending, onCancel };
  });

  useEffect(() => {
    if (!open) return;
    const previouslyFocused = document.activeElement as HTMLElement | null;
    cancelRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !latest.current.pending) latest.current.onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      previouslyFocused?.focus?.();
    };
  }, [open]);

  if (!open) return null;
  return (
    <div className="fixed inset-0 z-50 flex items-end justify-center bg-slate-900/40 p-3 sm:items-center" onClick={() => !pending && onCancel()}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className="card w-full max-w-md p-5"
        data-testid={testId}
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id={titleId} className="mb-2 text-base font-semibold">
          {title}
        </h2>
        {children && <div className="space-y-2 text-sm text-slate-600">{children}</div>}
        {error && (
          <p className="mt-3 rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
            {error}
          </p>
        )}
        <div className="mt-5 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <button ref={cancelRef} type="button" className="btn-secondary" onClick={onCancel} disabled={pending} data-testid={`${testId}-cancel`}>
            {t('cancel')}
          </button>
          <button type="button" className={danger ? 'btn-danger' : 'btn-primary'} onClick={onConfirm} disabled={pending} data-testid={`${testId}-confirm`}>
            {pending ? t('working') : (confirmLabel ?? t('confirm'))}
          </button>
        </div>
      </div>
    </div>
  );
}
