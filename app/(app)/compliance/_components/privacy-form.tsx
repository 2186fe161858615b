'use client';

import type { inferRouterOutputs } from '@trpc/server';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ROLES, type Role } from '@/server/permissions';
import type { AppRouter } from '@/server/trpc/root';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useLocale, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { Card } from './ui';

type View = inferRouterOutputs<AppRouter>['compliance']['privacy']['get'];
type Settings = View['settings'];

/** The tenant's privacy settings. Read-only for whoever lacks compliance.manage. */
export function PrivacySettingsForm({ view, canManage }: { view: View; canManage: boolean }) {
  const tp = useT('privacy.settings');
  const tr = useT('roles');
  const tc = useT('common');
  const t = useT('privacy');
  const locale = useLocale();
  const router = useRouter();
  const { crossBorder: _cb, ...initial } = view.settings;
  const [s, setS] = useState<Omit<Settings, 'crossBorder'>>(initial);
  const [saved, setSaved] = useState(false);
  const save = trpc.compliance.privacy.update.useMutation({
    onSuccess: () => {
      setSaved(true);
      router.refresh();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const set = <K extends keyof typeof s>(k: K, v: (typeof s)[K]) => {
    setSaved(false);
    setS((prev) => ({ ...prev, [k]: v }));
  };
  const toggle = <T extends string>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const label = (l: Record<string, string>) => l[locale] ?? l['zh-CN'] ?? '';

  return (
    <form
      className="space-y-4"
      data-testid="privacy-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(s);
      }}
    >
      <fieldset disabled={!canManage || save.isPending} className="space-y-4">
        <Card title={tp('sensitiveTitle')} subtitle={tp('sensitiveSubtitle')}>
          <div className="grid gap-4 md:grid-cols-2">
            <div>
              <h3 className="mb-1 text-xs font-semibold text-slate-500">{tp('coreFields')}</h3>
              {view.coreFields.map((f) => (
                <label key={f.field} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={f.locked || s.sensitiveCoreFields.includes(f.field)} disabled={f.locked} onChange={() => set('sensitiveCoreFields', toggle(s.sensitiveCoreFields, f.field))} data-testid={`sensitive-${f.field}`} />
                  {t(`coreField.${f.field}`)}
                  {f.locked && <span className="text-xs text-slate-400">{tp('alwaysSensitive')}</span>}
                </label>
              ))}
            </div>
            <div>
              <h3 className="mb-1 text-xs font-semibold text-slate-500">{tp('customFields')}</h3>
              {view.customFields.length === 0 && <p className="text-sm text-slate-500">{tp('noCustomFields')}</p>}
              {view.customFields.map((f) => {
                const key = `${f.entity}.${f.key}`;
                return (
                  <label key={key} className="flex items-center gap-2 text-sm">
                    <input type="checkbox" checked={f.flaggedByAdmin || s.sensitiveCustomFields.includes(key)} disabled={f.flaggedByAdmin} onChange={() => set('sensitiveCustomFields', toggle(s.sensitiveCustomFields, key))} />
                    <span className="text-xs text-slate-400">{t(`entity.${f.entity}`)}</span>
                    {locale === 'en' ? f.labelEn : f.labelZh}
                    {f.flaggedByAdmin && <span className="text-xs text-slate-400">{tp('flaggedByAdmin')}</span>}
                  </label>
                );
              })}
            </div>
          </div>
          <div className="mt-4">
            <h3 className="mb-1 text-xs font-semibold text-slate-500">{tp('unmaskRoles')}</h3>
            <div className="flex flex-wrap gap-3">
              {ROLES.map((r) => (
                <label key={r} className="inline-flex items-center gap-1.5 text-sm">
                  <input type="checkbox" checked={s.unmaskRoles.includes(r)} onChange={() => set('unmaskRoles', toggle<Role>(s.unmaskRoles, r))} data-testid={`unmask-role-${r}`} />
                  {tr(r)}
                </label>
              ))}
            </div>
            <p className="mt-1 text-xs text-slate-500">{tp('unmaskHelp')}</p>
          </div>
        </Card>

        <Card title={tp('retentionTitle')} subtitle={tp('retentionSubtitle')} testId="privacy-retention">
          <div className="overflow-x-auto">
            <table className="w-full min-w-[40rem] text-sm">
              <thead>
                <tr className="border-b border-slate-100 text-left text-xs text-slate-500">
                  <th className="py-2 pr-2 font-medium">{tp('category')}</th>
                  <th className="px-2 font-medium">{tp('countsFrom')}</th>
                  <th className="px-2 font-medium">{tp('action')}</th>
                  <th className="px-2 text-right font-medium">{tp('days')}</th>
                </tr>
              </thead>
              <tbody>
                {view.retention.map((r) => (
                  <tr key={r.key} className="border-b border-slate-50 align-top">
                    <td className="py-2 pr-2">
                      <div className="font-medium text-slate-700">
                        {label(r.label)}
                        {r.table && <span className="ml-1 font-mono text-xs text-slate-400">{r.table}</span>}
                      </div>
                      <div className="text-xs text-slate-500">{label(r.basis)}</div>
                    </td>
                    <td className="px-2 text-xs text-slate-600">{label(r.counts)}</td>
                    <td className="px-2 text-xs">{t(`retentionAction.${r.action}`)}</td>
                    <td className="px-2 text-right">
                      {r.configurable ? (
                        <>
                          <input
                            type="number"
                            className="input w-24 text-right"
                            min={r.minDays}
                            max={r.owner === 'core' ? 36500 : r.defaultDays}
                            value={s.retentionDays[r.key] ?? r.days}
                            onChange={(e) => set('retentionDays', { ...s.retentionDays, [r.key]: Number(e.target.value) })}
                            aria-label={label(r.label)}
                            data-testid={`retention-${r.key}`}
                          />
                          <div className="text-[10px] text-slate-400">{tp('minDefault', { min: r.minDays, def: r.defaultDays })}</div>
                          {errors[`retentionDays.${r.key}`] && <div className="text-xs text-red-700">{errors[`retentionDays.${r.key}`]}</div>}
                        </>
                      ) : (
                        <span className="text-xs text-slate-500">{r.action === 'keep' ? tp('kept') : tp('fixedDays', { days: r.defaultDays })}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>

        <Card title={tp('periodsTitle')}>
          <div className="grid gap-3 sm:grid-cols-3">
            <label className="block text-sm">
              <span className="mb-1 block font-medium">{tp('dsrDueDays')}</span>
              <input type="number" className="input" min={1} max={90} value={s.dsrDueDays} onChange={(e) => set('dsrDueDays', Number(e.target.value))} data-testid="dsr-due-days" />
              <span className="mt-1 block text-xs text-slate-500">{tp('dsrDueHelp')}</span>
              {errors.dsrDueDays && <span className="text-xs text-red-700">{errors.dsrDueDays}</span>}
            </label>
            <label className="block text-sm">
              <span className="mb-1 block font-medium">{tp('consentValidityDays')}</span>
              <input type="number" className="input" min={0} max={3650} value={s.consentValidityDays} onChange={(e) => set('consentValidityDays', Number(e.target.value))} />
              <span className="mt-1 block text-xs text-slate-500">{tp('consentValidityHelp')}</span>
              {errors.consentValidityDays && <span className="text-xs text-red-700">{errors.consentValidityDays}</span>}
            </label>
            <label className="block text-sm">
              <span className="mb-1 block font-medium">{tp('linkDays')}</span>
              <input type="number" className="input" min={1} max={90} value={s.selfServiceLinkDays} onChange={(e) => set('selfServiceLinkDays', Number(e.target.value))} />
              <span className="mt-1 block text-xs text-slate-500">{tp('linkHelp')}</span>
              {errors.selfServiceLinkDays && <span className="text-xs text-red-700">{errors.selfServiceLinkDays}</span>}
            </label>
          </div>
        </Card>
      </fieldset>
      {save.error && (
        <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
          {save.error.message}
        </p>
      )}
      {canManage ? (
        <div className="flex items-center gap-3">
          <button type="submit" className="btn-primary" disabled={save.isPending} data-testid="privacy-save">
            {save.isPending ? tc('saving') : tc('save')}
          </button>
          {saved && (
            <span className="text-sm text-emerald-700" role="status">
              {tc('saved')}
            </span>
          )}
        </div>
      ) : (
        <p className="text-sm text-slate-500">{tp('readOnly')}</p>
      )}
    </form>
  );
}
