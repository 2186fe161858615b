import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { ConsentPanel } from '@/app/(app)/compliance/_components/consent-panel';
import { Slot } from '@/app/_components/slot';
import { CustomFieldValue } from '../../_components/custom-fields';
import { HistoryList } from '../../_components/history-list';
import { labelsFor, stageClass, tierClass } from '../../_components/label-fns';
import { orNotFound } from '../../_components/load';
import { MergeButton } from '../../_components/merge-dialog';
import { ActionLink, Card, ContactList, Detail, Details } from '../../_components/profile-ui';
import { ArchiveButton, LifecycleButton, UnmaskButton } from '../../_components/record-actions';
import { Timeline } from '../../_components/timeline';

/** One load per render: the title and the page share it (React cache is per request). */
const loadPerson = cache(async (id: string) => (await api()).customers.people.get({ id }));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const person = await loadPerson(id).catch(() => null);
  const t = await getT('people');
  return { title: person?.name ?? t('listTitle') };
}

/** A person's 360: profile (sensitive fields masked), workplaces, contacts, history, the unified timeline and plugin tabs. */
export default async function PersonPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('customers.read')) notFound();
  const { id } = await params;
  const caller = await api();
  const p = await orNotFound(loadPerson(id));
  const [timeline, history] = p.archived ? [null, []] : await Promise.all([caller.customers.timeline({ kind: 'person', id, before: null, limit: 25 }), caller.customers.lifecycle.history({ kind: 'person', id })]);
  const t = await getT('people');
  const tc = await getT('customers');
  const l = labelsFor(await getT('enums'), ctx.locale);
  const f = await getFormat();
  const can = (perm: string) => ctx.permissions.has(perm);
  const primary = p.affiliations.find((a) => a.isPrimary);
  const subject = `subjectKind=person&subjectId=${p.id}`;

  return (
    <div className="mx-auto max-w-6xl space-y-4" data-testid="person-360">
      {p.mergedIntoId ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="merged-banner">
          {tc('mergedInto')}{' '}
          <Link className="font-medium underline" href={`/customers/people/${p.mergedIntoId}`}>
            {tc('openSurvivor')}
          </Link>
        </p>
      ) : (
        p.archived && (
          <div className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-slate-100 p-3 text-sm text-slate-700" data-testid="archived-banner">
            <span>{tc('archivedBanner')}</span>
            {can('customers.write') && <ArchiveButton kind="person" id={p.id} name={p.name} archived />}
          </div>
        )
      )}

      <header className="card space-y-3 p-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <h1 className="text-xl font-semibold" data-testid="person-name">
                {p.name}
              </h1>
              <span className={`badge ${tierClass(p.tier)}`} data-testid="person-tier">
                {l.tier(p.tier)}
              </span>
              <span className={`badge ${stageClass(p.stage)}`}>{l.stage(p.stage)}</span>
            </div>
            <p className="mt-1 text-sm text-slate-600">
              {[p.title && l.title(p.title), p.adminRole, primary?.departmentName].filter(Boolean).join(' · ')}
              {primary && (
                <>
                  {' @ '}
                  {primary.institutionVisible ? (
                    <Link className="text-brand-700 hover:underline" href={`/customers/institutions/${primary.institutionId}`}>
                      {primary.institutionName}
                    </Link>
                  ) : (
                    primary.institutionName
                  )}
                </>
              )}
            </p>
            {p.territory && <p className="text-xs text-slate-500">{tc('territoryLine', { name: p.territory.name })}</p>}
          </div>
        </div>
        {p.contacts.length > 0 && <ContactList contacts={p.contacts} label={l.contactKind} unmask={can('customers.unmask') && !p.archived ? { kind: 'person', id: p.id } : undefined} />}
        {!p.archived && (
          <div className="flex flex-wrap gap-2" data-testid="person-actions">
            {can('interactions.write') && (
              <ActionLink href={`/interactions/new?personId=${p.id}${primary?.institutionVisible ? `&institutionId=${primary.institutionId}` : ''}`} primary testId="log-visit">
                {tc('actions.logVisit')}
              </ActionLink>
            )}
            {can('tasks.write') && <ActionLink href={`/tasks?new=1&${subject}`}>{tc('actions.newTask')}</ActionLink>}
            {can('service.write') && <ActionLink href={`/service?new=1&${subject}`}>{tc('actions.newService')}</ActionLink>}
            {can('customers.write') && (
              <>
                <ActionLink href={`/customers/people/${p.id}/edit`} testId="edit-person">
                  {tc('actions.edit')}
                </ActionLink>
                <LifecycleButton kind="person" id={p.id} tier={p.tier} stage={p.stage} />
              </>
            )}
            {can('customers.merge') && <MergeButton kind="person" id={p.id} name={p.name} />}
            {can('customers.write') && <ArchiveButton kind="person" id={p.id} name={p.name} archived={false} />}
          </div>
        )}
      </header>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.3fr)]">
        <div className="space-y-4 lg:col-start-2 lg:row-start-1">
          {timeline && (
            <Card title={tc('sections.timeline')} testId="timeline-card">
              <Timeline kind="person" id={p.id} initial={timeline} />
            </Card>
          )}
          <ConsentPanel personId={p.id} />
          <Slot name="customer.tabs" params={{ subjectKind: 'person', subjectId: p.id }} className="space-y-4" />
        </div>
        <div className="space-y-4 lg:col-start-1 lg:row-start-1">
          <Card title={tc('sections.profile')} testId="profile-card">
            <Details>
              <Detail label={t('fields.kind')}>{l.personKind(p.kind)}</Detail>
              <Detail label={t('fields.gender')}>{l.gender(p.gender)}</Detail>
              <Detail label={t('fields.specialty')}>{p.specialty}</Detail>
              <Detail label={t('fields.birthday')} testId="birthday">
                {p.birthday &&
                  (p.maskedFields.includes('birthday') ? (
                    can('customers.unmask') && !p.archived ? (
                      <UnmaskButton kind="person" id={p.id} field="birthday" masked={p.birthday} />
                    ) : (
                      <span className="font-mono">{p.birthday}</span>
                    )
                  ) : (
                    f.date(`${p.birthday}T00:00:00`)
                  ))}
              </Detail>
              <Detail label={t('fields.idNumber')} testId="id-number">
                {p.idNumberMasked && (can('customers.unmask') && !p.archived ? <UnmaskButton kind="person" id={p.id} field="idNumber" masked={p.idNumberMasked} /> : <span className="font-mono">{p.idNumberMasked}</span>)}
              </Detail>
              <Detail label={tc('form.externalId')}>{p.externalId}</Detail>
              <Detail label={tc('createdBy')}>{[p.createdBy, f.dateTime(p.createdAt)].filter(Boolean).join(' · ')}</Detail>
            </Details>
          </Card>

          <Card title={t('sections.affiliations')} testId="affiliations-card">
            {p.affiliations.length ? (
              <ul className="space-y-2 text-sm">
                {p.affiliations.map((a) => (
                  <li key={a.id}>
                    {a.institutionVisible ? (
                      <Link className="font-medium text-brand-700 hover:underline" href={`/customers/institutions/${a.institutionId}`}>
                        {a.institutionName}
                      </Link>
                    ) : (
                      <span className="font-medium">{a.institutionName}</span>
                    )}
                    {a.isPrimary && <span className="ml-2 badge bg-brand-50 text-brand-700">{t('primary')}</span>}
                    <div className="text-xs text-slate-500">{[a.departmentName, a.position].filter(Boolean).join(' · ')}</div>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-500">{t('noAffiliations')}</p>
            )}
          </Card>

          {p.customFields.length > 0 && (
            <Card title={tc('form.customSection')} testId="custom-card">
              <Details>
                {p.customFields.map((d) => (
                  <Detail key={d.key} label={l.field(d)} testId={`custom-${d.key}`}>
                    {d.sensitive && p.custom[d.key] === '******' && can('customers.unmask') && !p.archived ? (
                      <UnmaskButton kind="person" id={p.id} field={`custom.${d.key}`} masked="******" />
                    ) : (
                      <CustomFieldValue def={d} value={p.custom[d.key] ?? null} />
                    )}
                  </Detail>
                ))}
              </Details>
            </Card>
          )}

          {!p.archived && (
            <Card title={tc('sections.history')}>
              <HistoryList rows={history} l={l} t={tc} dateTime={f.dateTime} />
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
