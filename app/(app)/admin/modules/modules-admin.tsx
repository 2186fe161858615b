'use client';

import type { inferRouterOutputs } from '@trpc/server';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { useFormat, useLocale, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { ModuleSettings } from './module-settings';

type Module = inferRouterOutputs<AppRouter>['admin']['modules']['list'][number];

/** Every registered plugin with its status, what it needs and adds, and an enable/disable switch. */
export function ModulesAdmin({ initialModules }: { initialModules: Module[] }) {
  const t = useT('admin.modules');
  const locale = useLocale();
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const utils = trpc.useUtils();
  const modules = trpc.admin.modules.list.useQuery(undefined, { initialData: initialModules });
  const [errorFor, setErrorFor] = useState<{ id: string; message: string } | null>(null);
  const [cascadeFor, setCascadeFor] = useState<{ module: Module; dependants: Module[] } | null>(null);
  const setEnabled = trpc.admin.modules.setEnabled.useMutation({
    onSuccess: async () => {
      setCascadeFor(null);
      await utils.admin.modules.list.invalidate();
      // The sidebar (server-rendered) shows only enabled modules' entries.
      startRefresh(() => router.refresh());
    },
    onError: (err, vars) => {
      if (!vars.cascade) setErrorFor({ id: vars.pluginId, message: err.message });
    },
  });

  const list = modules.data ?? [];
  const byId = new Map(list.map((m) => [m.id, m]));
  const nameOf = (id: string) => byId.get(id)?.name[locale] ?? id;

  /** Enabled plugins that need `id`, directly or through others (the server disables them all). */
  const enabledDependants = (id: string, seen = new Set<string>()): Module[] => {
    const out: Module[] = [];
    for (const depId of byId.get(id)?.dependants ?? []) {
      if (seen.has(depId)) continue;
      seen.add(depId);
      const dep = byId.get(depId);
      out.push(...enabledDependants(depId, seen));
      if (dep?.enabled) out.push(dep);
    }
    return out;
  };

  function toggle(m: Module) {
    setErrorFor(null);
    setEnabled.reset();
    if (m.enabled) {
      const dependants = enabledDependants(m.id);
      if (dependants.length) {
        setCascadeFor({ module: m, dependants });
        return;
      }
    }
    setEnabled.mutate({ pluginId: m.id, enabled: !m.enabled });
  }

  if (list.length === 0) {
    return (
      <div className="card p-8 text-center" data-testid="modules-empty">
        <p className="font-medium">{t('emptyTitle')}</p>
        <p className="mt-1 text-sm text-slate-500">{t('emptyBody')}</p>
      </div>
    );
  }

  const busyId = setEnabled.isPending || refreshing ? (setEnabled.variables?.pluginId ?? null) : null;
  return (
    <>
      <ul className="space-y-4" data-testid="modules-list">
        {list.map((m) => (
          <ModuleCard key={m.id} module={m} nameOf={nameOf} busy={busyId === m.id} anyBusy={busyId !== null} error={errorFor?.id === m.id ? errorFor.message : null} onToggle={() => toggle(m)} />
        ))}
      </ul>
      <ConfirmDialog
        open={cascadeFor !== null}
        title={t('cascadeTitle', { name: cascadeFor ? cascadeFor.module.name[locale] : '' })}
        confirmLabel={t('cascadeAction', { count: (cascadeFor?.dependants.length ?? 0) + 1 })}
        danger
        pending={setEnabled.isPending}
        error={setEnabled.variables?.cascade ? setEnabled.error?.message : null}
        onConfirm={() => cascadeFor && setEnabled.mutate({ pluginId: cascadeFor.module.id, enabled: false, cascade: true })}
        onCancel={() => setCascadeFor(null)}
        testId="module-cascade-confirm"
      >
        <p>{t('cascadeBody', { name: cascadeFor ? cascadeFor.module.name[locale] : '' })}</p>
        <ul className="list-disc pl-5" data-testid="module-cascade-list">
          {cascadeFor?.dependants.map((d) => (
            <li key={d.id}>
              {d.name[locale]} <span className="font-mono text-xs text-slate-400">{d.id}</span>
            </li>
          ))}
        </ul>
        <p className="text-xs text-slate-500">{t('dataKept')}</p>
      </ConfirmDialog>
    </>
  );
}

function ModuleCard({
  module: m,
  nameOf,
  busy,
  anyBusy,
  error,
  onToggle,
}: {
  module: Module;
  nameOf: (id: string) => string;
  busy: boolean;
  anyBusy: boolean;
  error: string | null;
  onToggle: () => void;
}) {
  const t = useT('admin.modules');
  const tr = useT('roles');
  const tc = useT('common');
  const locale = useLocale();
  const f = useFormat();
  const [showSettings, setShowSettings] = useState(false);
  return (
    <li className="card p-4" data-testid={`module-${m.id}`} data-enabled={m.enabled ? 'true' : 'false'}>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="text-base font-semibold">{m.name[locale]}</h2>
            <span
              className={`badge ${m.enabled ? 'bg-emerald-50 text-emerald-700' : 'bg-slate-100 text-slate-600'}`}
              data-testid={`module-status-${m.id}`}
              data-enabled={m.enabled ? 'true' : 'false'}
            >
              {m.enabled ? t('statusEnabled') : t('statusDisabled')}
            </span>
          </div>
          <div className="mt-0.5 text-xs text-slate-400">
            <span className="font-mono">{m.id}</span> · {t('version', { version: m.version })}
          </div>
          <p className="mt-2 text-sm text-slate-600">{m.description[locale]}</p>
        </div>
        <button
          type="button"
          className={`${m.enabled ? 'btn-danger' : 'btn-primary'} shrink-0`}
          onClick={onToggle}
          disabled={anyBusy}
          data-testid={`module-toggle-${m.id}`}
        >
          {busy ? t('working') : m.enabled ? t('disable') : t('enable')}
        </button>
      </div>

      {error && (
        <p className="mt-3 rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert" data-testid={`module-error-${m.id}`}>
          {error}
        </p>
      )}

      <dl className="mt-4 grid gap-4 text-sm md:grid-cols-2">
        <div>
          <dt className="mb-1 text-xs font-medium text-slate-500">{t('dependencies')}</dt>
          <dd>
            {m.dependencies.length === 0 ? (
              <span className="text-slate-400">{t('none')}</span>
            ) : (
              <ul className="space-y-1">
                {m.dependencies.map((d) => (
                  <li key={d.id} className="flex flex-wrap items-center gap-2" data-testid={`module-dependency-${m.id}-${d.id}`}>
                    <span>{nameOf(d.id)}</span>
                    <span className="font-mono text-xs text-slate-400">{d.range}</span>
                    {!d.registered ? (
                      <span className="badge bg-red-50 text-red-700">{t('depMissing')}</span>
                    ) : d.enabled ? (
                      <span className="badge bg-emerald-50 text-emerald-700">{t('statusEnabled')}</span>
                    ) : (
                      <span className="badge bg-amber-50 text-amber-800">{t('statusDisabled')}</span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt className="mb-1 text-xs font-medium text-slate-500">{t('dependants')}</dt>
          <dd>
            {m.dependants.length === 0 ? (
              <span className="text-slate-400">{t('none')}</span>
            ) : (
              <span className="flex flex-wrap gap-1">
                {m.dependants.map((id) => (
                  <span key={id} className="badge bg-slate-100 text-slate-700">
                    {nameOf(id)}
                  </span>
                ))}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt className="mb-1 text-xs font-medium text-slate-500">{t('permissions')}</dt>
          <dd>
            {m.permissions.length === 0 ? (
              <span className="text-slate-400">{t('none')}</span>
            ) : (
              <ul className="space-y-1">
                {m.permissions.map((p) => (
                  <li key={p.id}>
                    <span>{p.description[locale]}</span> <span className="font-mono text-xs text-slate-400">{p.id}</span>
                    <div className="text-xs text-slate-500">{t('defaultRoles', { roles: p.defaultRoles.map((r) => tr(r)).join(tc('listSeparator')) || t('none') })}</div>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt className="mb-1 text-xs font-medium text-slate-500">{t('dataCategories')}</dt>
          <dd>
            {m.dataCategories.length === 0 ? (
              <span className="text-slate-400">{t('noData')}</span>
            ) : (
              <ul className="space-y-1">
                {m.dataCategories.map((c) => (
                  <li key={c.table} className="flex flex-wrap items-center gap-2">
                    <span className="font-mono text-xs">{c.table}</span>
                    <span className="text-xs text-slate-500">{t('subject', { subject: c.subject })}</span>
                    {c.sensitive && <span className="badge bg-red-50 text-red-700">{t('sensitive')}</span>}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>

      <div className="mt-4 flex flex-wrap items-center justify-between gap-2 border-t border-slate-100 pt-3 text-xs text-slate-500">
        <span data-testid={`module-changed-${m.id}`}>{m.changedAt ? (m.changedBy ? t('changedAtBy', { time: f.dateTime(m.changedAt), name: m.changedBy }) : t('changedAt', { time: f.dateTime(m.changedAt) })) : t('neverChanged')}</span>
        <button type="button" className="text-brand-700 underline" onClick={() => setShowSettings((s) => !s)} aria-expanded={showSettings} data-testid={`module-settings-toggle-${m.id}`}>
          {showSettings ? t('hideSettings') : t('showSettings')}
        </button>
      </div>
      {showSettings && <ModuleSettings pluginId={m.id} />}
    </li>
  );
}
