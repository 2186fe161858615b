'use client';

import { useState } from 'react';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useLocale, useT } from '@/app/_lib/i18n';
import { usePluginMutation } from '@/app/_lib/plugin-client';

interface Localized {
  'zh-CN': string;
  en: string;
}
interface Question {
  id: string;
  type: 'nps' | 'csat' | 'single' | 'multiple' | 'rating' | 'text';
  text: Localized;
  required: boolean;
  options?: { id: string; text: Localized }[];
  scale?: number;
}

type Answer = number | string | string[] | null;

/** The phone-first answer form of the public survey page. */
export function SurveyAnswerForm({ token, title, intro, questions }: { token: string; title: Localized; intro: Localized; questions: Question[] }) {
  const t = useT('plugins.feedback');
  const locale = useLocale();
  const tx = (l: Localized) => l[locale] || l['zh-CN'];
  const submit = usePluginMutation<{ token: string; answers: Record<string, Answer> }, { duplicate: boolean }>('feedback', 'public.submit');
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [done, setDone] = useState<null | { duplicate: boolean }>(null);
  const errors = fieldErrorsOf(submit.error);
  if (done) {
    return (
      <div className="card p-5 text-center" data-testid="feedback-survey-thanks">
        <h1 className="mb-2 text-lg font-semibold">{done.duplicate ? t('public.already') : t('public.thanks')}</h1>
        {!done.duplicate && <p className="text-sm text-slate-600">{t('public.thanksBody')}</p>}
      </div>
    );
  }
  const scale = (q: Question, from: number, to: number) => (
    <div className={`grid gap-1.5 ${to - from + 1 > 6 ? 'grid-cols-6 sm:grid-cols-11' : 'grid-cols-5'}`}>
      {Array.from({ length: to - from + 1 }, (_, i) => from + i).map((n) => (
        <button
          key={n}
          type="button"
          aria-pressed={answers[q.id] === n}
          className={`h-11 rounded-md border text-base font-medium ${answers[q.id] === n ? 'border-brand-600 bg-brand-600 text-white' : 'border-slate-300 bg-white text-slate-800'}`}
          onClick={() => setAnswers({ ...answers, [q.id]: n })}
          data-testid={`survey-${q.id}-${n}`}
        >
          {n}
        </button>
      ))}
    </div>
  );
  return (
    <form
      className="space-y-5"
      data-testid="feedback-survey-answer"
      onSubmit={async (e) => {
        e.preventDefault();
        const result = await submit.mutateAsync({ token, answers }).catch(() => null);
        if (result) setDone(result);
      }}
    >
      <header>
        <h1 className="text-xl font-semibold">{tx(title)}</h1>
        {tx(intro) && <p className="mt-1 text-sm text-slate-600">{tx(intro)}</p>}
      </header>
      {questions.map((q, i) => (
        <fieldset key={q.id} className={`card space-y-3 p-4 ${errors[`answers.${q.id}`] ? 'ring-2 ring-red-300' : ''}`}>
          <legend className="sr-only">{tx(q.text)}</legend>
          <p className="text-base font-medium">
            {i + 1}. {tx(q.text)} {q.required && <span className="text-xs text-red-600">*{t('public.required')}</span>}
          </p>
          {q.type === 'nps' && (
            <>
              {scale(q, 0, 10)}
              <div className="flex justify-between text-xs text-slate-500">
                <span>{t('public.npsLow')}</span>
                <span>{t('public.npsHigh')}</span>
              </div>
            </>
          )}
          {q.type === 'csat' && (
            <>
              {scale(q, 1, 5)}
              <div className="flex justify-between text-xs text-slate-500">
                <span>{t('public.csatLow')}</span>
                <span>{t('public.csatHigh')}</span>
              </div>
            </>
          )}
          {q.type === 'rating' && scale(q, 1, q.scale ?? 5)}
          {(q.type === 'single' || q.type === 'multiple') && (
            <div className="space-y-2">
              {(q.options ?? []).map((o) => {
                const current = answers[q.id];
                const checked = q.type === 'single' ? current === o.id : Array.isArray(current) && current.includes(o.id);
                return (
                  <label key={o.id} className="flex min-h-11 items-center gap-3 rounded-md border border-slate-200 px-3 text-base">
                    <input
                      type={q.type === 'single' ? 'radio' : 'checkbox'}
                      name={q.id}
                      checked={checked}
                      onChange={() => {
                        if (q.type === 'single') setAnswers({ ...answers, [q.id]: o.id });
                        else {
                          const list = Array.isArray(current) ? current : [];
                          setAnswers({ ...answers, [q.id]: checked ? list.filter((x) => x !== o.id) : [...list, o.id] });
                        }
                      }}
                    />
                    {tx(o.text)}
                  </label>
                );
              })}
            </div>
          )}
          {q.type === 'text' && (
            <textarea className="input text-base" rows={3} maxLength={2000} placeholder={t('public.textPlaceholder')} value={typeof answers[q.id] === 'string' ? (answers[q.id] as string) : ''} onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })} data-testid={`survey-${q.id}-text`} />
          )}
          {errors[`answers.${q.id}`] && <p className="text-sm text-red-700">{errors[`answers.${q.id}`]}</p>}
        </fieldset>
      ))}
      {submit.error && !Object.keys(errors).length && (
        <p className="text-sm text-red-700" role="alert">
          {submit.error.message}
        </p>
      )}
      <button className="btn-primary h-12 w-full text-base" disabled={submit.isPending} data-testid="feedback-survey-submit">
        {t('public.submit')}
      </button>
    </form>
  );
}
