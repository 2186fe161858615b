'use client';

import type { inferRouterOutputs } from '@trpc/server';
import { useRouter } from 'next/navigation';
import { Fragment, useState } from 'react';
import type { Role } from '@/server/permissions';
import type { AppRouter } from '@/server/trpc/root';
import { useLocale, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';

type Matrix = inferRouterOutputs<AppRouter>['admin']['roles']['matrix'];
type Permission = Matrix['permissions'][number];

/**
 * Permissions (rows, grouped by owner: core first, then each plugin) × roles (columns). A cell is
 * a checkbox; a dot marks a grant that differs from the default; locked cells cannot change.
 */
export function RoleMatrix({ initialMatrix, pluginNames, canEdit }: { initialMatrix: Matrix; pluginNames: Record<string, string>; canEdit: boolean }) {
  const t = useT('admin.roles');
  const tr = useT('roles');
  const tAll = useT();
  const locale = useLocale();
  const router = useRouter();
  const utils = trpc.useUtils();
  const matrix = trpc.admin.roles.matrix.useQuery(undefined, { initialData: initialMatrix });
  const [busyCell, setBusyCell] = useState<string | null>(null);
  const setGrant = trpc.admin.roles.setGrant.useMutation({
    onMutate: async ({ role, permission, granted }) => {
      setBusyCell(`${role}:${permission}`);
      await utils.admin.roles.matrix.cancel();
      const previous = utils.admin.roles.matrix.getData();
      utils.admin.roles.matrix.setData(undefined, (m) =>
        m && {
          ...m,
          permissions: m.permissions.map((p) => (p.id === permission ? { ...p, grants: { ...p.grants, [role]: { ...p.grants[role]!, granted } } } : p)),
        },
      );
      return { previous };
    },
    onError: (_e, _v, context) => {
      if (context?.previous) utils.admin.roles.matrix.setData(undefined, context.previous);
    },
    onSettled: async () => {
      setBusyCell(null);
      await utils.admin.roles.matrix.invalidate();
      // Grants of the viewer's own roles may change what the sidebar shows.
      router.refresh();
    },
  });

  const data = matrix.data ?? initialMatrix;
  const roles = data.roles as Role[];
  const groups = groupByOwner(data.permissions);
  const describe = (p: Permission) => (p.descriptionKey ? tAll(p.descriptionKey) : (p.description?.[locale] ?? p.id));

  return (
    <div className="space-y-3">
      {!canEdit && (
        <p className="rounded-md bg-slate-100 p-3 text-sm text-slate-600" role="status" data-testid="roles-readonly">
          {t('readOnly')}
        </p>
      )}
      {setGrant.error && (
        <p className="rounded-md bg-red-50 p-3 text-sm text-red-700" role="alert" data-testid="roles-error">
          {setGrant.error.message}
        </p>
      )}
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500">
        <span className="inline-flex items-center gap-1">
          <ChangedDot /> {t('legendChanged')}
        </span>
        <span className="inline-flex items-center gap-1"><LockIcon /> {t('legendLocked')}</span>
      </div>
      <div className="card overflow-x-auto" data-testid="role-matrix">
        <table className="w-full min-w-[40rem] border-collapse text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-xs text-slate-500">
              <th scope="col" className="sticky left-0 z-10 bg-white px-3 py-2 text-left font-medium">
                {t('permission')}
              </th>
              {roles.map((r) => (
                <th key={r} scope="col" className="px-2 py-2 text-center font-medium whitespace-nowrap">
                  {tr(r)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {groups.map(({ owner, permissions }) => {
              const enabled = permissions.every((p) => p.enabled);
              return (
                <Fragment key={owner}>
                  <tr className="border-b border-slate-100 bg-slate-50" data-testid={`role-group-${owner}`}>
                    <th colSpan={roles.length + 1} scope="colgroup" className="sticky left-0 px-3 py-2 text-left text-xs font-semibold text-slate-600">
                      {owner === 'core' ? (
                        t('coreGroup')
                      ) : (
                        <span className="inline-flex flex-wrap items-center gap-2">
                          <span className="badge bg-brand-100 text-brand-700">{t('moduleBadge')}</span>
                          {pluginNames[owner] && <span>{pluginNames[owner]}</span>}
                          <span className="font-mono font-normal text-slate-400">{owner}</span>
                          {!enabled && <span className="font-normal text-amber-700">{t('moduleDisabledNote')}</span>}
                        </span>
                      )}
                    </th>
                  </tr>
                  {permissions.map((p) => (
                    <tr key={p.id} className={`border-b border-slate-100 ${p.enabled ? '' : 'text-slate-400'}`} data-testid={`role-row-${p.id}`}>
                      <th scope="row" className="sticky left-0 z-10 bg-white px-3 py-2 text-left font-normal">
                        <div className={p.enabled ? 'text-slate-800' : 'text-slate-400'}>{describe(p)}</div>
                        <div className="font-mono text-xs text-slate-400">{p.id}</div>
                      </th>
                      {roles.map((r) => {
                        const g = p.grants[r];
                        if (!g) return <td key={r} />;
                        const changed = g.granted !== g.byDefault;
                        const cell = `${r}:${p.id}`;
                        const title = [
                          g.locked ? t('lockedTitle') : null,
                          changed ? t('changedTitle', { byDefault: g.byDefault ? 'yes' : 'no' }) : null,
                        ]
                          .filter(Boolean)
                          .join(' ');
                        return (
                          <td key={r} className={`px-2 py-2 text-center ${p.enabled ? '' : 'opacity-50'}`}>
                            <label className="relative inline-flex items-center justify-center gap-1" title={title || undefined}>
                              <input
                                type="checkbox"
                                className="h-4 w-4 accent-brand-600"
                                checked={g.granted}
                                disabled={!canEdit || g.locked || busyCell === cell}
                                aria-label={t('cellLabel', { role: tr(r), permission: p.id })}
                                data-testid={`grant-${r}-${p.id}`}
                                data-changed={changed ? 'true' : undefined}
                                onChange={(e) => setGrant.mutate({ role: r, permission: p.id, granted: e.target.checked })}
                              />
                              {g.locked && <LockIcon />}
                              {changed && <ChangedDot />}
                              {changed && <span className="sr-only">{t('changedShort')}</span>}
                            </label>
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ChangedDot() {
  return <span className="inline-block h-2 w-2 rounded-full bg-amber-500" aria-hidden />;
}

/** Core first, then plugins in the order the registry lists their permissions. */
function groupByOwner(permissions: Permission[]): { owner: string; permissions: Permission[] }[] {
  const groups = new Map<string, Permission[]>([['core', []]]);
  for (const p of permissions) {
    const list = groups.get(p.owner) ?? [];
    list.push(p);
    groups.set(p.owner, list);
  }
  return [...groups].filter(([, list]) => list.length > 0).map(([owner, list]) => ({ owner, permissions: list }));
}

function LockIcon() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="inline h-3 w-3 fill-slate-400">
      <path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z" />
    </svg>
  );
}
