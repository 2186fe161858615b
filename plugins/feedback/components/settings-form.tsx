'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Field } from '@/app/(app)/_work/ui';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { usePluginMutation } from '@/app/_lib/plugin-client';
import { CASE_KINDS, SEVERITIES, type FeedbackSettings } from '../settings';

const lines = (s: string) => s.split('\n').map((x) => x.trim()).filter(Boolean);

/** The lexicons and deadlines a company tunes: AE terms, topics, sentiment words, SLA hours. */
export function SettingsForm({ initial, canEditAe }: { initial: FeedbackSettings; canEditAe: boolean }) {
  const t = useT('plugins.feedback');
  const router = useRouter();
  const save = usePluginMutation<FeedbackSettings, FeedbackSettings>('feedback', 'settings.update');
  const [sla, setSla] = useState(initial.slaHours);
  const [num, setNum] = useState({ slaWarnHours: initial.slaWarnHours, aeEscalateHours: initial.aeEscalateHours, surveyLinkDays: initial.surveyLinkDays, surveyReminderDays: initial.surveyReminderDays, surveyMaxReminders: initial.surveyMaxReminders });
  const [text, setText] = useState({
    aeZh: initial.aeKeywords['zh-CN'].join('\n'),
    aeEn: initial.aeKeywords.en.join('\n'),
    positive: initial.sentiment.positive.join('\n'),
    negative: initial.sentiment.negative.join('\n'),
    topics: initial.topics.map((x) => `${x.key} | ${x.label['zh-CN']} | ${x.label.en} | ${x.keywords.join(', ')}`).join('\n'),
  });
  const [saved, setSaved] = useState(false);
  const errors = fieldErrorsOf(save.error);
  const area = (key: keyof typeof text, label: string, disabled = false) => (
    <Field label={label} error={Object.entries(errors).find(([k]) => k.startsWith(key === 'aeZh' || key === 'aeEn' ? 'aeKeywords' : key === 'positive' || key === 'negative' ? 'sentiment' : key))?.[1]}>
      <textarea className="input font-mono text-xs" rows={6} disabled={disabled} value={text[key]} onChange={(e) => setText({ ...text, [key]: e.target.value })} data-testid={`feedback-settings-${key}`} />
    </Field>
  );
  return (
    <form
      className="space-y-4"
      onSubmit={async (e) => {
        e.preventDefault();
        setSaved(false);
        const topics = lines(text.topics).map((l) => {
          const [key = '', zh = '', en = '', kw = ''] = l.split('|').map((x) => x.trim());
          return { key, label: { 'zh-CN': zh, en: en || zh }, keywords: kw.split(/[,，、]/).map((x) => x.trim()).filter(Boolean) };
        });
        const next: FeedbackSettings = {
          ...num,
          slaHours: sla,
          aeKeywords: { 'zh-CN': lines(text.aeZh), en: lines(text.aeEn) },
          topics,
          sentiment: { positive: lines(text.positive), negative: lines(text.negative) },
        };
        const ok = await save.mutateAsync(next).then(
          () => true,
          () => false,
        );
        if (ok) {
          setSaved(true);
          router.refresh();
        }
      }}
    >
      <section className="card overflow-x-auto p-4">
        <h2 className="mb-2 text-sm font-semibold">{t('settings.sla')}</h2>
        <table className="text-sm">
          <thead>
            <tr>
              <th />
              {SEVERITIES.map((s) => (
                <th key={s} className="px-2 text-left font-normal text-slate-500">
                  {t(`severity.${s}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {CASE_KINDS.map((k) => (
              <tr key={k}>
                <td className="pr-3 text-slate-600">{t(`kind.${k}`)}</td>
                {SEVERITIES.map((s) => (
                  <td key={s} className="px-1 py-1">
                    <input className="input w-20" type="number" min={1} max={2160} value={sla[k][s]} onChange={(e) => setSla({ ...sla, [k]: { ...sla[k], [s]: Number(e.target.value) } })} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <div className="mt-3 grid gap-3 sm:grid-cols-5">
          {(['slaWarnHours', 'aeEscalateHours', 'surveyLinkDays', 'surveyReminderDays', 'surveyMaxReminders'] as const).map((k) => (
            <Field key={k} label={t(`settings.${{ slaWarnHours: 'slaWarn', aeEscalateHours: 'aeEscalate', surveyLinkDays: 'linkDays', surveyReminderDays: 'reminderDays', surveyMaxReminders: 'maxReminders' }[k]}`)} error={errors[k]}>
              <input className="input" type="number" value={num[k]} disabled={k === 'aeEscalateHours' && !canEditAe} onChange={(e) => setNum({ ...num, [k]: Number(e.target.value) })} />
            </Field>
          ))}
        </div>
      </section>
      <section className="card grid gap-3 p-4 md:grid-cols-2">
        {area('aeZh', t('settings.aeZh'), !canEditAe)}
        {area('aeEn', t('settings.aeEn'), !canEditAe)}
        {area('positive', t('settings.positive'))}
        {area('negative', t('settings.negative'))}
        <div className="md:col-span-2">{area('topics', t('settings.topics'))}</div>
      </section>
      {save.error && (
        <p className="text-sm text-red-700" role="alert">
          {save.error.message}
        </p>
      )}
      {saved && <p className="text-sm text-emerald-700">{t('settings.saved')}</p>}
      <button className="btn-primary" disabled={save.isPending} data-testid="feedback-settings-save">
        {t('settings.save')}
      </button>
    </form>
  );
}
