'use client';

import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import { TERRITORY_LEVELS, TERRITORY_ROLES, type TerritoryLevel, type TerritoryRole } from '@/server/db/entities/customer-enums';
import type { AppRouter } from '@/server/trpc/root';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { useLabels } from '../../customers/_components/labels';

type Node = inferRouterOutputs<AppRouter>['customers']['territories']['tree'][number];
type User = inferRouterOutputs<AppRouter>['customers']['territories']['assignableUsers'][number];
type Editing = { kind: 'child'; parent: Node | null } | { kind: 'edit'; node: Node } | { kind: 'assign'; node: Node } | null;

const nextLevel = (level: TerritoryLevel | null): TerritoryLevel => (level ? (TERRITORY_LEVELS[Math.min(TERRITORY_LEVELS.indexOf(level) + 1, TERRITORY_LEVELS.length - 1)] ?? 'territory') : 'region');

/** The sales territory tree: add, rename, move and delete nodes; assign reps and managers. */
export function TerritoriesAdmin({ initialTree, users }: { initialTree: Node[]; users: User[] }) {
  const t = useT('territories');
  const l = useLabels();
  const utils = trpc.useUtils();
  const tree = trpc.customers.territories.tree.useQuery(undefined, { initialData: initialTree });
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Node | null>(null);
  const refresh = () => utils.customers.territories.tree.invalidate();
  const remove = trpc.customers.territories.delete.useMutation({
    onSuccess: async () => {
      setDeleting(null);
      await refresh();
    },
  });
  const unassign = trpc.customers.territories.unassign.useMutation({ onSuccess: refresh });
  const nodes = tree.data ?? [];

  return (
    <section className="card" data-testid="territories-admin">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <h2 className="text-base font-semibold">{t('treeTitle')}</h2>
        <button type="button" className="btn-primary" onClick={() => setEditing({ kind: 'child', parent: null })} data-testid="territory-add-root">
          {t('addRoot')}
        </button>
      </div>
      {editing?.kind === 'child' && editing.parent === null && (
        <div className="border-b border-slate-100 p-4">
          <NodeForm parent={null} onDone={() => setEditing(null)} />
        </div>
      )}
      {nodes.length === 0 && <p className="p-6 text-center text-sm text-slate-500">{t('empty')}</p>}
      <ul className="divide-y divide-slate-100" data-testid="territory-tree">
        {nodes.map((n) => (
          <li key={n.id} className="px-4 py-3" data-testid={`territory-${n.name}`}>
            <div className="flex flex-wrap items-start justify-between gap-2" style={{ paddingLeft: `${n.depth * 1.25}rem` }}>
              <div className="min-w-0">
                <div className="flex flex-wrap items-center gap-2">
                  {n.depth > 0 && <span className="text-slate-300" aria-hidden>└</span>}
                  <span className="font-medium">{n.name}</span>
                  <span className="badge bg-slate-100 text-slate-600">{l.territoryLevel(n.level)}</span>
                  {n.code && <span className="font-mono text-xs text-slate-400">{n.code}</span>}
                </div>
                <div className="mt-1 flex flex-wrap gap-1.5">
                  {n.members.map((m) => (
                    <span key={m.userId} className={`badge ${m.role === 'manager' ? 'bg-violet-50 text-violet-700' : 'bg-brand-50 text-brand-700'}`} data-testid={`member-${n.name}-${m.email}`}>
                      {m.name} · {l.territoryRole(m.role)}
                      <button type="button" className="ml-1 text-current/60 hover:text-red-700" onClick={() => unassign.mutate({ territoryId: n.id, userId: m.userId })} aria-label={t('unassign', { name: m.name })}>
                        ×
                      </button>
                    </span>
                  ))}
                </div>
              </div>
              <div className="flex flex-wrap gap-3 text-sm">
                {n.level !== 'territory' && (
                  <button type="button" className="text-brand-700 hover:underline" onClick={() => setEditing({ kind: 'child', parent: n })} data-testid={`territory-add-child-${n.name}`}>
                    {t('addChild')}
                  </button>
                )}
                <button type="button" className="text-brand-700 hover:underline" onClick={() => setEditing({ kind: 'assign', node: n })} data-testid={`territory-assign-${n.name}`}>
                  {t('assign')}
                </button>
                <button type="button" className="text-brand-700 hover:underline" onClick={() => setEditing({ kind: 'edit', node: n })}>
                  {t('edit')}
                </button>
                <button
                  type="button"
                  className="text-red-700 hover:underline"
                  onClick={() => {
                    remove.reset();
                    setDeleting(n);
                  }}
                >
                  {t('delete')}
                </button>
              </div>
            </div>
            {editing && editing.kind !== 'child' && editing.node.id === n.id && (
              <div className="mt-3" style={{ paddingLeft: `${n.depth * 1.25}rem` }}>
                {editing.kind === 'edit' ? <NodeForm parent={null} node={n} nodes={nodes} onDone={() => setEditing(null)} /> : <AssignForm node={n} users={users} onDone={() => setEditing(null)} />}
              </div>
            )}
            {editing?.kind === 'child' && editing.parent?.id === n.id && (
              <div className="mt-3" style={{ paddingLeft: `${(n.depth + 1) * 1.25}rem` }}>
                <NodeForm parent={n} onDone={() => setEditing(null)} />
              </div>
            )}
          </li>
        ))}
      </ul>
      {unassign.error && <p className="px-4 pb-3 text-sm text-red-700">{unassign.error.message}</p>}
      <ConfirmDialog
        open={deleting !== null}
        title={t('deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('delete')}
        danger
        pending={remove.isPending}
        error={remove.error?.message}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        testId="territory-delete"
      >
        <p>{t('deleteBody')}</p>
      </ConfirmDialog>
    </section>
  );
}

/** Adds a node under `parent`, or (with `node`) renames, re-codes or moves one. */
function NodeForm({ parent, node, nodes, onDone }: { parent: Node | null; node?: Node; nodes?: Node[]; onDone: () => void }) {
  const t = useT('territories');
  const l = useLabels();
  const utils = trpc.useUtils();
  const [name, setName] = useState(node?.name ?? '');
  const [code, setCode] = useState(node?.code ?? '');
  const [level, setLevel] = useState<TerritoryLevel>(node?.level ?? nextLevel(parent?.level ?? null));
  const [parentId, setParentId] = useState(node?.parentId ?? '');
  const done = async () => {
    onDone();
    await utils.customers.territories.tree.invalidate();
  };
  const create = trpc.customers.territories.create.useMutation({ onSuccess: done });
  const update = trpc.customers.territories.update.useMutation({ onSuccess: done });
  const m = node ? update : create;
  const errors = fieldErrorsOf(m.error);
  // A node can move under any node of a higher level that is not inside its own subtree.
  const parents = node && nodes ? nodes.filter((x) => TERRITORY_LEVELS.indexOf(x.level) < TERRITORY_LEVELS.indexOf(node.level) && x.id !== node.id) : [];
  return (
    <form
      className="grid gap-2 rounded-md bg-slate-50 p-3 sm:grid-cols-[8rem_minmax(0,1fr)_8rem_auto]"
      onSubmit={(e) => {
        e.preventDefault();
        if (!name.trim()) return;
        if (node) update.mutate({ id: node.id, name: name.trim(), code: code.trim() || null, parentId: parentId || null });
        else create.mutate({ parentId: parent?.id ?? null, level, name: name.trim(), code: code.trim() || null });
      }}
      data-testid="territory-form"
    >
      {node ? (
        <select className="input" value={parentId} onChange={(e) => setParentId(e.target.value)} aria-label={t('parent')}>
          <option value="">{t('noParent')}</option>
          {parents.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      ) : (
        <select className="input" value={level} onChange={(e) => setLevel(e.target.value as TerritoryLevel)} aria-label={t('level')} data-testid="territory-level">
          {TERRITORY_LEVELS.filter((x) => !parent || TERRITORY_LEVELS.indexOf(x) > TERRITORY_LEVELS.indexOf(parent.level)).map((x) => (
            <option key={x} value={x}>
              {l.territoryLevel(x)}
            </option>
          ))}
        </select>
      )}
      <input className="input" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder={parent ? t('childNamePlaceholder', { parent: parent.name }) : t('namePlaceholder')} aria-label={t('name')} autoFocus data-testid="territory-name" />
      <input className="input" value={code} maxLength={50} onChange={(e) => setCode(e.target.value)} placeholder={t('code')} aria-label={t('code')} />
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={m.isPending || !name.trim()} data-testid="territory-save">
          {t('save')}
        </button>
        <button type="button" className="btn-secondary" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
      {m.error && <p className="text-xs text-red-700 sm:col-span-4">{Object.values(errors)[0] ?? m.error.message}</p>}
    </form>
  );
}

function AssignForm({ node, users, onDone }: { node: Node; users: User[]; onDone: () => void }) {
  const t = useT('territories');
  const l = useLabels();
  const utils = trpc.useUtils();
  const assigned = new Set(node.members.map((m) => m.userId));
  const candidates = users.filter((u) => !assigned.has(u.id));
  const [userId, setUserId] = useState(candidates[0]?.id ?? '');
  const [role, setRole] = useState<TerritoryRole>(node.level === 'territory' ? 'rep' : 'manager');
  const assign = trpc.customers.territories.assign.useMutation({
    onSuccess: async () => {
      onDone();
      await utils.customers.territories.tree.invalidate();
    },
  });
  if (!candidates.length) {
    return (
      <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-500">
        {t('noCandidates')}{' '}
        <button type="button" className="text-brand-700 hover:underline" onClick={onDone}>
          {t('cancel')}
        </button>
      </p>
    );
  }
  return (
    <form
      className="grid gap-2 rounded-md bg-slate-50 p-3 sm:grid-cols-[minmax(0,1fr)_8rem_auto]"
      onSubmit={(e) => {
        e.preventDefault();
        if (userId) assign.mutate({ territoryId: node.id, userId, role });
      }}
      data-testid="territory-assign-form"
    >
      <select className="input" value={userId} onChange={(e) => setUserId(e.target.value)} aria-label={t('user')} data-testid="territory-assign-user">
        {candidates.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}（{u.email}）
          </option>
        ))}
      </select>
      <select className="input" value={role} onChange={(e) => setRole(e.target.value as TerritoryRole)} aria-label={t('role')} data-testid="territory-assign-role">
        {TERRITORY_ROLES.map((r) => (
          <option key={r} value={r}>
            {l.territoryRole(r)}
          </option>
        ))}
      </select>
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={assign.isPending || !userId} data-testid="territory-assign-save">
          {t('assignSave')}
        </button>
        <button type="button" className="btn-secondary" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
      <p className="text-xs text-slate-500 sm:col-span-3">{t('roleHint')}</p>
      {assign.error && <p className="text-xs text-red-700 sm:col-span-3">{assign.error.message}</p>}
    </form>
  );
}
