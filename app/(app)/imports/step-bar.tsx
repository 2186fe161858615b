'use client';

import { useT } from '@/app/_lib/i18n';

export const STEPS = ['upload', 'mapping', 'preview', 'run', 'result'] as const;
export type Step = (typeof STEPS)[number];

/** Where the wizard is: upload → columns → preview → import → result. */
export function StepBar({ current }: { current: Step }) {
  const t = useT('imports.ui.steps');
  const at = STEPS.indexOf(current);
  return (
    <ol className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm" data-testid="import-steps" data-step={current}>
      {STEPS.map((s, i) => (
        <li key={s} className="flex items-center gap-2">
          <span
            className={`flex size-6 items-center justify-center rounded-full text-xs font-semibold ${i < at ? 'bg-brand-600 text-white' : i === at ? 'border-2 border-brand-600 text-brand-700' : 'border border-slate-300 text-slate-400'}`}
            aria-current={i === at ? 'step' : undefined}
          >
            {i + 1}
          </span>
          <span className={i === at ? 'font-medium text-slate-900' : 'text-slate-500'}>{t(s)}</span>
          {i < STEPS.length - 1 && <span className="mx-1 h-px w-6 bg-slate-300" aria-hidden />}
        </li>
      ))}
    </ol>
  );
}
