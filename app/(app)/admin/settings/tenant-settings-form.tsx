'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { Locale } from '@/server/i18n/locales';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';

const TIME_ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'America/New_York', 'UTC'] as const;
const LOCALE_LABELS: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

interface Settings {
  name: string;
  slug: string;
  defaultLocale: Locale;
  timezone: string;
}

/** Company name, default language and time zone. The header and date formatting follow on save. */
export function TenantSettingsForm({ initial }: { initial: Settings }) {
  const t = useT('admin.settings');
  const tc = useT('common');
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const [name, setName] = useState(initial.name);
  const [defaultLocale, setDefaultLocale] = useState<Locale>(initial.defaultLocale);
  const [timezone, setTimezone] = useState(initial.timezone);
  const [saved, setSaved] = useState(false);
  const update = trpc.admin.tenant.update.useMutation({
    onSuccess: () => {
      setSaved(true);
      startRefresh(() => router.refresh());
    },
  });
  const fieldErrors = fieldErrorsOf(update.error);
  const zones: string[] = (TIME_ZONES as readonly string[]).includes(initial.timezone) ? [...TIME_ZONES] : [initial.timezone, ...TIME_ZONES];
  const touched = () => setSaved(false);
  const zoneLabel = (zone: string) => {
    const key = `zones.${zone.replace(/\//g, '_')}`;
    const label = t(key);
    return label === `admin.settings.${key}` ? zone : label;
  };

  return (
    <form
      className="card space-y-4 p-4 md:p-6"
      data-testid="tenant-settings-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        update.mutate({ name, defaultLocale, timezone });
      }}
    >
      <label className="block text-sm">
        <span className="mb-1 block text-slate-700">{t('name')}</span>
        <input
          className="input"
          value={name}
          onChange={(e) => {
            touched();
            setName(e.target.value);
          }}
          maxLength={200}
          required
          aria-invalid={Boolean(fieldErrors.name)}
          data-testid="tenant-settings-name"
        />
        {fieldErrors.name && (
          <span className="mt-1 block text-xs text-red-700" data-testid="tenant-settings-name-error">
            {fieldErrors.name}
          </span>
        )}
      </label>
      <div className="text-sm">
        <span className="mb-1 block text-slate-700">{t('slug')}</span>
        <span className="font-mono text-slate-500">{initial.slug}</span>
      </div>
      <label className="block text-sm">
        <span className="mb-1 block text-slate-700">{t('defaultLocale')}</span>
        <select
          className="input"
          value={defaultLocale}
          onChange={(e) => {
            touched();
            setDefaultLocale(e.target.value as Locale);
          }}
          aria-invalid={Boolean(fieldErrors.defaultLocale)}
          data-testid="tenant-settings-locale"
        >
          {(Object.keys(LOCALE_LABELS) as Locale[]).map((l) => (
            <option key={l} value={l}>
              {LOCALE_LABELS[l]}
            </option>
          ))}
        </select>
        <span className="mt-1 block text-xs text-slate-500">{t('defaultLocaleHint')}</span>
        {fieldErrors.defaultLocale && <span className="mt-1 block text-xs text-red-700">{fieldErrors.defaultLocale}</span>}
      </label>
      <label className="block text-sm">
        <span className="mb-1 block text-slate-700">{t('timezone')}</span>
        <select
          className="input"
          value={timezone}
          onChange={(e) => {
            touched();
            setTimezone(e.target.value);
          }}
          aria-invalid={Boolean(fieldErrors.timezone)}
          data-testid="tenant-settings-timezone"
        >
          {zones.map((z) => (
            <option key={z} value={z}>
              {zoneLabel(z)}
            </option>
          ))}
        </select>
        <span className="mt-1 block text-xs text-slate-500">{t('timezoneHint')}</span>
        {fieldErrors.timezone && <span className="mt-1 block text-xs text-red-700">{fieldErrors.timezone}</span>}
      </label>
      {update.error && Object.keys(fieldErrors).length === 0 && (
        <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
          {update.error.message}
        </p>
      )}
      <div className="flex items-center gap-3">
        <button type="submit" className="btn-primary" disabled={update.isPending || refreshing} data-testid="tenant-settings-save">
          {update.isPending ? tc('saving') : tc('save')}
        </button>
        {saved && !update.isPending && (
          <span className="text-sm text-emerald-700" role="status" data-testid="tenant-settings-saved">
            {tc('saved')}
          </span>
        )}
      </div>
    </form>
  );
}
