import Link from 'next/link';
import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { Slot } from '@/app/_components/slot';
import { CustomFieldValue } from '../../_components/custom-fields';
import { DepartmentsPanel } from '../../_components/departments-panel';
import { HistoryList } from '../../_components/history-list';
import { labelsFor, stageClass, tierClass } from '../../_components/label-fns';
import { orNotFound } from '../../_components/load';
import { MergeButton } from '../../_components/merge-dialog';
import { ActionLink, Card, ContactList, Detail, Details } from '../../_components/profile-ui';
import { ArchiveButton, LifecycleButton, UnmaskButton } from '../../_components/record-actions';
import { Timeline } from '../../_components/timeline';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const inst = await (await api()).customers.institutions.get({ id }).catch(() => null);
  const t = await getT('institutions');
  return { title: inst?.name ?? t('listTitle') };
}

/** An institution's 360: profile, departments, people, branches, history, the unified timeline and plugin tabs. */
export default async function InstitutionPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('customers.read')) notFound();
  const { id } = await params;
  const caller = await api();
  const i = await orNotFound(caller.customers.institutions.get({ id }));
  const [timeline, history] = i.archived
    ? [null, []]
    : await Promise.all([caller.customers.timeline({ kind: 'institution', id, before: null, limit: 25 }), caller.customers.lifecycle.history({ kind: 'institution', id })]);
  const t = await getT('institutions');
  const tc = await getT('customers');
  const l = labelsFor(await getT('enums'), ctx.locale);
  const f = await getFormat();
  const can = (perm: string) => ctx.permissions.has(perm);
  const subject = `subjectKind=institution&subjectId=${i.id}`;
  // 北京市 is both province and city: say it once.
  const address = [i.province, i.city, i.district, i.street].filter((part, n, all) => part && part !== all[n - 1]).join(' ');

  return (
    <div className="mx-auto max-w-6xl space-y-4" data-testid="institution-360">
      {i.mergedIntoId ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="merged-banner">
          {tc('mergedInto')}{' '}
          <Link className="font-medium underline" href={`/customers/institutions/${i.mergedIntoId}`}>
            {tc('openSurvivor')}
          </Link>
        </p>
      ) : (
        i.archived && (
          <div className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-slate-100 p-3 text-sm text-slate-700" data-testid="archived-banner">
            <span>{tc('archivedBanner')}</span>
            {can('customers.write') && <ArchiveButton kind="institution" id={i.id} name={i.name} archived />}
          </div>
        )
      )}

      <header className="card space-y-3 p-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-xl font-semibold" data-testid="institution-name">
              {i.name}
            </h1>
            <span className={`badge ${tierClass(i.tier)}`}>{l.tier(i.tier)}</span>
            <span className={`badge ${stageClass(i.stage)}`}>{l.stage(i.stage)}</span>
          </div>
          <p className="mt-1 text-sm text-slate-600">{[l.institutionType(i.type), i.hospitalLevel && l.hospitalLevel(i.hospitalLevel), address].filter(Boolean).join(' · ')}</p>
          <p className="text-xs text-slate-500">
            {[i.territory && tc('territoryLine', { name: i.territory.name })].filter(Boolean).join(' · ')}
            {i.parent && (
              <>
                {i.territory && ' · '}
                {t('branchOf')}{' '}
                <Link className="text-brand-700 hover:underline" href={`/customers/institutions/${i.parent.id}`}>
                  {i.parent.name}
                </Link>
              </>
            )}
          </p>
        </div>
        {i.contacts.length > 0 && <ContactList contacts={i.contacts} label={l.contactKind} />}
        {!i.archived && (
          <div className="flex flex-wrap gap-2" data-testid="institution-actions">
            {can('interactions.write') && (
              <ActionLink href={`/interactions/new?institutionId=${i.id}`} primary testId="log-visit">
                {tc('actions.logVisit')}
              </ActionLink>
            )}
            {can('customers.write') && <ActionLink href={`/customers/people/new?institutionId=${i.id}`}>{t('addPerson')}</ActionLink>}
            {can('tasks.write') && <ActionLink href={`/tasks?new=1&${subject}`}>{tc('actions.newTask')}</ActionLink>}
            {can('service.write') && <ActionLink href={`/service?new=1&${subject}`}>{tc('actions.newService')}</ActionLink>}
            {can('customers.write') && (
              <>
                <ActionLink href={`/customers/institutions/${i.id}/edit`} testId="edit-institution">
                  {tc('actions.edit')}
                </ActionLink>
                <LifecycleButton kind="institution" id={i.id} tier={i.tier} stage={i.stage} />
              </>
            )}
            {can('customers.merge') && <MergeButton kind="institution" id={i.id} name={i.name} />}
            {can('customers.write') && <ArchiveButton kind="institution" id={i.id} name={i.name} archived={false} />}
          </div>
        )}
      </header>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.3fr)]">
        <div className="space-y-4 lg:col-start-2 lg:row-start-1">
          {timeline && (
            <Card title={tc('sections.timeline')} testId="timeline-card">
              <Timeline kind="institution" id={i.id} initial={timeline} />
            </Card>
          )}
          <Slot name="customer.tabs" params={{ subjectKind: 'institution', subjectId: i.id }} className="space-y-4" />
        </div>
        <div className="space-y-4 lg:col-start-1 lg:row-start-1">
          <Card title={t('sections.departments')} testId="departments-card">
            <DepartmentsPanel institutionId={i.id} departments={i.departments} canWrite={can('customers.write') && !i.archived} />
          </Card>

          <Card
            title={t('sections.people', { count: i.morePeople ? `${i.people.length}+` : String(i.people.length) })}
            testId="people-card"
            action={
              <Link className="text-xs text-brand-700 hover:underline" href={`/customers/people?institutionId=${i.id}`}>
                {t('allPeople')}
              </Link>
            }
          >
            {i.people.length ? (
              <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto text-sm">
                {i.people.map((p) => (
                  <li key={p.id} className="flex items-center justify-between gap-2 py-1.5">
                    <Link className="min-w-0 truncate font-medium text-brand-700 hover:underline" href={`/customers/people/${p.id}`}>
                      {p.name}
                      <span className="ml-2 text-xs font-normal text-slate-500">{[p.title && l.title(p.title), p.departmentName, p.position].filter(Boolean).join(' · ')}</span>
                    </Link>
                    <span className={`badge shrink-0 whitespace-nowrap ${tierClass(p.tier)}`}>{l.tier(p.tier)}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-500">{t('noPeople')}</p>
            )}
          </Card>

          <Card title={tc('sections.profile')} testId="profile-card">
            <Details>
              <Detail label={t('fields.mainContact')}>
                {i.mainContact && (
                  <Link className="text-brand-700 hover:underline" href={`/customers/people/${i.mainContact.id}`}>
                    {i.mainContact.name}
                  </Link>
                )}
              </Detail>
              <Detail label={t('fields.legalRepresentative')}>{i.legalRepresentative}</Detail>
              <Detail label={t('fields.registeredPlace')}>{i.registeredPlace}</Detail>
              <Detail label={t('fields.procurementScale')}>{i.procurementScale}</Detail>
              <Detail label={t('fields.budgetRange')}>{i.budgetRange}</Detail>
              <Detail label={t('fields.procurementCycle')}>{i.procurementCycle}</Detail>
              <Detail label={tc('form.externalId')}>{i.externalId}</Detail>
              <Detail label={tc('createdBy')}>{[i.createdBy, f.dateTime(i.createdAt)].filter(Boolean).join(' · ')}</Detail>
            </Details>
          </Card>

          {i.branches.length > 0 && (
            <Card title={t('sections.branches')}>
              <ul className="space-y-1 text-sm">
                {i.branches.map((b) => (
                  <li key={b.id}>
                    <Link className="text-brand-700 hover:underline" href={`/customers/institutions/${b.id}`}>
                      {b.name}
                    </Link>
                    {b.city && <span className="ml-2 text-xs text-slate-500">{b.city}</span>}
                  </li>
                ))}
              </ul>
            </Card>
          )}

          {i.customFields.length > 0 && (
            <Card title={tc('form.customSection')} testId="custom-card">
              <Details>
                {i.customFields.map((d) => (
                  <Detail key={d.key} label={l.field(d)} testId={`custom-${d.key}`}>
                    {d.sensitive && i.custom[d.key] === '******' && can('customers.unmask') && !i.archived ? (
                      <UnmaskButton kind="institution" id={i.id} field={`custom.${d.key}`} masked="******" />
                    ) : (
                      <CustomFieldValue def={d} value={i.custom[d.key] ?? null} />
                    )}
                  </Detail>
                ))}
              </Details>
            </Card>
          )}

          {!i.archived && (
            <Card title={tc('sections.history')}>
              <HistoryList rows={history} l={l} t={tc} dateTime={f.dateTime} />
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
