'use client';

import { ROLES, type Role } from '@/server/permissions';
import { useT } from '@/app/_lib/i18n';

/** The five roles as a checkbox group; callers require at least one. */
export function RoleCheckboxes({ value, onChange, disabled, testId }: { value: Role[]; onChange: (roles: Role[]) => void; disabled?: boolean; testId: string }) {
  const t = useT('roles');
  return (
    <div className="flex flex-wrap gap-x-4 gap-y-2" role="group" data-testid={testId}>
      {ROLES.map((role) => (
        <label key={role} className="inline-flex items-center gap-1.5 text-sm">
          <input
            type="checkbox"
            className="h-4 w-4 accent-brand-600"
            checked={value.includes(role)}
            disabled={disabled}
            data-testid={`${testId}-${role}`}
            onChange={(e) => onChange(e.target.checked ? ROLES.filter((r) => r === role || value.includes(r)) : value.filter((r) => r !== role))}
          />
          {t(role)}
        </label>
      ))}
    </div>
  );
}

export function RoleBadges({ roles }: { roles: readonly string[] }) {
  const t = useT('roles');
  return (
    <span className="inline-flex flex-wrap gap-1">
      {roles.map((r) => (
        <span key={r} className={`badge ${r === 'admin' ? 'bg-brand-100 text-brand-700' : 'bg-slate-100 text-slate-700'}`}>
          {t(r)}
        </span>
      ))}
    </span>
  );
}
