'use client';

import { useState } from 'react';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';

type Value = string | boolean;

/**
 * A plugin's stored settings as a plain key/value form: strings → text, numbers → number,
 * booleans → checkbox. Other value types (objects, lists) are shown read-only and sent back as is.
 * Labels come from the plugin catalogue (`plugins.<id>.settings.<key>`) when it has them.
 */
export function ModuleSettings({ pluginId }: { pluginId: string }) {
  const t = useT('admin.modules');
  const settings = trpc.admin.modules.settings.useQuery({ pluginId });
  if (settings.isPending) return <p className="mt-3 text-sm text-slate-500">{t('settingsLoading')}</p>;
  if (settings.error) {
    return (
      <p className="mt-3 rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
        {settings.error.message}
      </p>
    );
  }
  return <SettingsForm pluginId={pluginId} initial={settings.data} />;
}

function numbersAsText(settings: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).flatMap(([k, v]) => (typeof v === 'number' ? [[k, String(v)]] : [])));
}

function SettingsForm({ pluginId, initial }: { pluginId: string; initial: Record<string, unknown> }) {
  const t = useT('admin.modules');
  const tc = useT('common');
  const tPlugin = useT(`plugins.${pluginId}.settings`);
  const utils = trpc.useUtils();
  const [values, setValues] = useState<Record<string, unknown>>(() => ({ ...initial }));
  // Number fields are edited as text (so "-" or "" can be typed) and converted on save.
  const [numberText, setNumberText] = useState<Record<string, string>>(() => numbersAsText(initial));
  const [saved, setSaved] = useState(false);
  const update = trpc.admin.modules.updateSettings.useMutation({
    onSuccess: async (stored) => {
      setValues({ ...stored });
      setNumberText(numbersAsText(stored));
      setSaved(true);
      await utils.admin.modules.settings.invalidate({ pluginId });
    },
  });
  const fieldErrors = fieldErrorsOf(update.error);
  const keys = Object.keys(values);
  const label = (key: string) => {
    const translated = tPlugin(key);
    return translated === `plugins.${pluginId}.settings.${key}` ? key : translated;
  };
  const set = (key: string, v: Value) => {
    setSaved(false);
    setValues((prev) => ({ ...prev, [key]: v }));
  };

  if (keys.length === 0) return <p className="mt-3 text-sm text-slate-500">{t('noSettings')}</p>;
  return (
    <form
      className="mt-3 space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3"
      data-testid={`module-settings-${pluginId}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        const numbers = Object.fromEntries(Object.entries(numberText).map(([k, text]) => [k, text.trim() === '' ? Number.NaN : Number(text)]));
        update.mutate({ pluginId, settings: { ...values, ...numbers } });
      }}
    >
      <h3 className="text-sm font-semibold">{t('settingsTitle')}</h3>
      {keys.map((key) => {
        const v = values[key];
        const testId = `module-setting-${pluginId}-${key}`;
        const error = fieldErrors[key];
        let control: React.ReactNode;
        if (typeof v === 'boolean') {
          return (
            <div key={key}>
              <label className="inline-flex items-center gap-2 text-sm">
                <input type="checkbox" className="h-4 w-4 accent-brand-600" checked={v} onChange={(e) => set(key, e.target.checked)} data-testid={testId} />
                {label(key)}
              </label>
              {error && <span className="mt-1 block text-xs text-red-700">{error}</span>}
            </div>
          );
        } else if (key in numberText) {
          control = (
            <input
              type="number"
              inputMode="decimal"
              className="input md:max-w-xs"
              value={numberText[key]}
              onChange={(e) => {
                setSaved(false);
                setNumberText((prev) => ({ ...prev, [key]: e.target.value }));
              }}
              aria-invalid={Boolean(error)}
              data-testid={testId}
            />
          );
        } else if (typeof v === 'string') {
          control = <input type="text" className="input" value={v} onChange={(e) => set(key, e.target.value)} aria-invalid={Boolean(error)} data-testid={testId} />;
        } else {
          control = <pre className="overflow-x-auto rounded bg-white p-2 text-xs text-slate-600">{JSON.stringify(v, null, 2)}</pre>;
        }
        return (
          <label key={key} className="block text-sm">
            <span className="mb-1 block text-slate-700">{label(key)}</span>
            {control}
            {error && <span className="mt-1 block text-xs text-red-700">{error}</span>}
          </label>
        );
      })}
      {update.error && Object.keys(fieldErrors).length === 0 && (
        <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
          {update.error.message}
        </p>
      )}
      <div className="flex items-center gap-3">
        <button type="submit" className="btn-primary" disabled={update.isPending} data-testid={`module-settings-save-${pluginId}`}>
          {update.isPending ? tc('saving') : tc('save')}
        </button>
        {saved && (
          <span className="text-sm text-emerald-700" role="status">
            {tc('saved')}
          </span>
        )}
      </div>
    </form>
  );
}
