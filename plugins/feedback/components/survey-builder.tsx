'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Field } from '@/app/(app)/_work/ui';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { usePluginMutation } from '@/app/_lib/plugin-client';
import { QUESTION_TYPES, type QuestionType } from '../settings';

interface Localized {
  'zh-CN': string;
  en: string;
}
interface Question {
  id: string;
  type: QuestionType;
  text: Localized;
  required: boolean;
  options?: { id: string; text: Localized }[];
  scale?: number;
}
interface Draft {
  id?: string;
  title: Localized;
  intro: Localized;
  questions: Question[];
}

const EMPTY: Draft = { title: { 'zh-CN': '', en: '' }, intro: { 'zh-CN': '', en: '' }, questions: [] };

function linesToOptions(zh: string, en: string): { id: string; text: Localized }[] {
  const a = zh.split('\n').map((s) => s.trim()).filter(Boolean);
  const b = en.split('\n').map((s) => s.trim());
  return a.map((text, i) => ({ id: `o${i + 1}`, text: { 'zh-CN': text, en: b[i] ?? '' } }));
}

/** The survey builder: texts in zh-CN and en, questions of six types; saves drafts only (published = frozen). */
export function SurveyBuilder({ initial }: { initial?: Draft }) {
  const t = useT('plugins.feedback');
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(initial ?? EMPTY);
  const [optionText, setOptionText] = useState<Record<string, { zh: string; en: string }>>(() =>
    Object.fromEntries((initial?.questions ?? []).map((q) => [q.id, { zh: (q.options ?? []).map((o) => o.text['zh-CN']).join('\n'), en: (q.options ?? []).map((o) => o.text.en).join('\n') }])),
  );
  const save = usePluginMutation<Record<string, unknown>, { id: string }>('feedback', draft.id ? 'surveys.update' : 'surveys.create');
  const errors = fieldErrorsOf(save.error);
  const setQ = (i: number, q: Partial<Question>) => setDraft({ ...draft, questions: draft.questions.map((x, j) => (j === i ? { ...x, ...q } : x)) });
  const addQ = (type: QuestionType) => {
    // A short id unique within this survey: q1, q2 … (skipping ids still in use).
    let k = draft.questions.length + 1;
    while (draft.questions.some((q) => q.id === `q${k}`)) k += 1;
    const id = type === 'nps' && !draft.questions.some((q) => q.id === 'nps') ? 'nps' : `q${k}`;
    setDraft({ ...draft, questions: [...draft.questions, { id, type, text: { 'zh-CN': '', en: '' }, required: type === 'nps' || type === 'csat', ...(type === 'rating' ? { scale: 5 } : {}) }] });
  };
  return (
    <form
      className="space-y-4"
      data-testid="feedback-survey-builder"
      onSubmit={async (e) => {
        e.preventDefault();
        const questions = draft.questions.map((q) => (q.type === 'single' || q.type === 'multiple' ? { ...q, options: linesToOptions(optionText[q.id]?.zh ?? '', optionText[q.id]?.en ?? '') } : { ...q, options: undefined }));
        const result = await save.mutateAsync({ ...draft, questions }).catch(() => null);
        if (!result) return;
        if (!draft.id) router.push(`/m/feedback/surveys/${result.id}`);
        else router.refresh();
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t('surveys.titleZh')} error={errors['title.zh-CN']}>
          <input className="input" value={draft.title['zh-CN']} onChange={(e) => setDraft({ ...draft, title: { ...draft.title, 'zh-CN': e.target.value } })} data-testid="feedback-survey-title-zh" />
        </Field>
        <Field label={t('surveys.titleEn')}>
          <input className="input" value={draft.title.en} onChange={(e) => setDraft({ ...draft, title: { ...draft.title, en: e.target.value } })} data-testid="feedback-survey-title-en" />
        </Field>
        <Field label={t('surveys.introZh')}>
          <textarea className="input" rows={2} value={draft.intro['zh-CN']} onChange={(e) => setDraft({ ...draft, intro: { ...draft.intro, 'zh-CN': e.target.value } })} />
        </Field>
        <Field label={t('surveys.introEn')}>
          <textarea className="input" rows={2} value={draft.intro.en} onChange={(e) => setDraft({ ...draft, intro: { ...draft.intro, en: e.target.value } })} />
        </Field>
      </div>
      <h3 className="text-sm font-semibold">{t('surveys.questions')}</h3>
      <ol className="space-y-3">
        {draft.questions.map((q, i) => (
          <li key={q.id} className="rounded-md border border-slate-200 p-3" data-testid="feedback-survey-question">
            <div className="mb-2 flex items-center justify-between text-sm">
              <span className="font-medium">
                {i + 1}. {t(`surveys.questionType.${q.type}`)}
              </span>
              <span className="flex items-center gap-3">
                <label className="flex items-center gap-1">
                  <input type="checkbox" checked={q.required} onChange={(e) => setQ(i, { required: e.target.checked })} /> {t('surveys.required')}
                </label>
                <button type="button" className="text-xs text-red-700 hover:underline" onClick={() => setDraft({ ...draft, questions: draft.questions.filter((_, j) => j !== i) })}>
                  {t('surveys.remove')}
                </button>
              </span>
            </div>
            <div className="grid gap-2 sm:grid-cols-2">
              <Field label={t('surveys.questionZh')} error={errors[`questions.${i}.text.zh-CN`]}>
                <input className="input" value={q.text['zh-CN']} onChange={(e) => setQ(i, { text: { ...q.text, 'zh-CN': e.target.value } })} data-testid="feedback-question-zh" />
              </Field>
              <Field label={t('surveys.questionEn')}>
                <input className="input" value={q.text.en} onChange={(e) => setQ(i, { text: { ...q.text, en: e.target.value } })} data-testid="feedback-question-en" />
              </Field>
              {(q.type === 'single' || q.type === 'multiple') && (
                <>
                  <Field label={t('surveys.optionsZh')} error={errors[`questions.${i}.options`]}>
                    <textarea className="input" rows={3} value={optionText[q.id]?.zh ?? ''} onChange={(e) => setOptionText({ ...optionText, [q.id]: { zh: e.target.value, en: optionText[q.id]?.en ?? '' } })} />
                  </Field>
                  <Field label={t('surveys.optionsEn')}>
                    <textarea className="input" rows={3} value={optionText[q.id]?.en ?? ''} onChange={(e) => setOptionText({ ...optionText, [q.id]: { en: e.target.value, zh: optionText[q.id]?.zh ?? '' } })} />
                  </Field>
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        {QUESTION_TYPES.map((type) => (
          <button key={type} type="button" className="btn-secondary text-xs" onClick={() => addQ(type)} data-testid={`feedback-add-${type}`}>
            + {t(`surveys.questionType.${type}`)}
          </button>
        ))}
      </div>
      {save.error && (
        <p className="text-sm text-red-700" role="alert">
          {save.error.message}
        </p>
      )}
      <button className="btn-primary" disabled={save.isPending || !draft.title['zh-CN'].trim() || !draft.questions.length} data-testid="feedback-survey-save">
        {t('surveys.saveDraft')}
      </button>
    </form>
  );
}

/** Publish (freezes) or make a new version. */
export function SurveyLifecycle({ id, status }: { id: string; status: string }) {
  const t = useT('plugins.feedback');
  const router = useRouter();
  const publish = usePluginMutation<{ id: string }, { id: string }>('feedback', 'surveys.publish');
  const version = usePluginMutation<{ id: string }, { id: string }>('feedback', 'surveys.newVersion');
  const error = publish.error ?? version.error;
  return (
    <div className="space-y-2">
      {status === 'draft' ? (
        <>
          <p className="text-xs text-slate-500">{t('surveys.publishHint')}</p>
          <button type="button" className="btn-primary" disabled={publish.isPending} data-testid="feedback-survey-publish" onClick={() => publish.mutateAsync({ id }).then(() => router.refresh(), () => null)}>
            {t('surveys.publish')}
          </button>
        </>
      ) : (
        <button type="button" className="btn-secondary" disabled={version.isPending} data-testid="feedback-survey-new-version" onClick={() => version.mutateAsync({ id }).then((v) => router.push(`/m/feedback/surveys/${v.id}`), () => null)}>
          {t('surveys.newVersion')}
        </button>
      )}
      {error && <p className="text-sm text-red-700">{error.message}</p>}
    </div>
  );
}

const SEND_CHANNELS = ['sms', 'email', 'wechat'] as const;

/** Sends a published survey to one of the sender's saved views. */
export function SurveySend({ surveyId, segments }: { surveyId: string; segments: { id: string; name: string }[] }) {
  const t = useT('plugins.feedback');
  const router = useRouter();
  const send = usePluginMutation<Record<string, unknown>, { distributionId: string; queued: number }>('feedback', 'surveys.distribute');
  const [viewId, setViewId] = useState(segments[0]?.id ?? '');
  const [channel, setChannel] = useState<(typeof SEND_CHANNELS)[number]>('sms');
  if (!segments.length) return <p className="text-sm text-slate-500">{t('surveys.noSegments')}</p>;
  return (
    <form
      className="space-y-3"
      data-testid="feedback-survey-send"
      onSubmit={async (e) => {
        e.preventDefault();
        const result = await send.mutateAsync({ surveyId, viewId, channel }).catch(() => null);
        if (result) router.push(`/m/feedback/surveys/${surveyId}/sends/${result.distributionId}`);
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t('surveys.segment')}>
          <select className="input" value={viewId} onChange={(e) => setViewId(e.target.value)} data-testid="feedback-send-segment">
            {segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('surveys.channel')}>
          <select className="input" value={channel} onChange={(e) => setChannel(e.target.value as (typeof SEND_CHANNELS)[number])} data-testid="feedback-send-channel">
            {SEND_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <p className="text-xs text-slate-500">{t('surveys.sendHint')}</p>
      {send.error && (
        <p className="text-sm text-red-700" role="alert">
          {send.error.message}
        </p>
      )}
      <button className="btn-primary" disabled={send.isPending || !viewId} data-testid="feedback-send-submit">
        {t('surveys.send')}
      </button>
    </form>
  );
}

/** CSV export and print for the satisfaction report. */
export function ReportTools({ filter }: { filter: { familyId?: string | null } }) {
  const t = useT('plugins.feedback');
  return (
    <div className="flex gap-2 print:hidden">
      <button
        type="button"
        className="btn-secondary"
        data-testid="feedback-report-csv"
        onClick={async () => {
          const { callPluginQuery } = await import('@/app/_lib/plugin-client');
          const file = await callPluginQuery<typeof filter, { fileName: string; content: string }>('feedback', 'analysis.csv', filter);
          const url = URL.createObjectURL(new Blob([file.content], { type: 'text/csv;charset=utf-8' }));
          const a = document.createElement('a');
          a.href = url;
          a.download = file.fileName;
          a.click();
          URL.revokeObjectURL(url);
        }}
      >
        {t('report.export')}
      </button>
      <button type="button" className="btn-secondary" onClick={() => window.print()} data-testid="feedback-report-print">
        {t('report.print')}
      </button>
    </div>
  );
}
