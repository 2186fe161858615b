import type { Tab } from './tabs';

/** Each console page and the permission it needs. The layout shows the ones the member may open. */
export const COMPLIANCE_TABS: (Tab & { permission: string })[] = [
  { href: '/compliance', key: 'overview', permission: 'compliance.read' },
  { href: '/compliance/consent', key: 'consent', permission: 'consent.read' },
  { href: '/compliance/notices', key: 'notices', permission: 'compliance.read' },
  { href: '/compliance/privacy', key: 'privacy', permission: 'compliance.read' },
  { href: '/compliance/assessments', key: 'assessments', permission: 'compliance.read' },
  { href: '/compliance/retention', key: 'retention', permission: 'compliance.read' },
  { href: '/compliance/dsr', key: 'dsr', permission: 'dsr.manage' },
  { href: '/compliance/audit', key: 'audit', permission: 'audit.read' },
  { href: '/compliance/register', key: 'register', permission: 'compliance.read' },
  { href: '/compliance/filing', key: 'filing', permission: 'compliance.read' },
  { href: '/compliance/outbox', key: 'outbox', permission: 'compliance.read' },
];

export function tabsFor(permissions: ReadonlySet<string>) {
  return COMPLIANCE_TABS.filter((t) => permissions.has(t.permission)).map(({ href, key }) => ({ href, key }));
}
