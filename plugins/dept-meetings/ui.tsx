import Link from 'next/link';
import { formatters } from '@/server/i18n/translate';
import { translatorFor } from '@/server/i18n/catalog';
import type { PluginUi, PluginViewProps } from '@/server/plugins/contract';
import { actorForView, type Actor } from './actor';
import { ActionBar, CloseOutForm, CsvExport, EvaluateRow, EvidenceUpload, InviteButton, NoteForm, OutcomeForm, PlanForm, ResolveFlag, RsvpSelect, SettingsForm, SigninQr } from './client';
import type { MeetingState } from './entities';
import { PLUGIN_ID } from './manifest';
import { ACTIONS, approvalInbox, getMeeting, listFlags, listMeetings, transferTotals, type MeetingAction } from './service';
import { meetingSettings, yuan } from './settings';
import { SigninPhonePage } from './signin-page';

const base = `/m/${PLUGIN_ID}`;
const tr = (locale: PluginViewProps['locale']) => translatorFor(locale, `plugins.${PLUGIN_ID}`);
const FLOW: MeetingState[] = ['draft', 'pending_manager', 'pending_compliance', 'pending_hospital', 'inviting', 'in_progress', 'close_out', 'audit', 'follow_up', 'evaluated'];
const STATE_TONE: Record<string, string> = { cancelled: 'bg-slate-100 text-slate-500', evaluated: 'bg-green-50 text-green-700', draft: 'bg-slate-100 text-slate-700' };

function StateBadge({ state, locale }: { state: string; locale: PluginViewProps['locale'] }) {
  return <span className={`badge ${STATE_TONE[state] ?? 'bg-brand-50 text-brand-700'}`} data-testid="dm-state">{tr(locale)(`states.${state}`)}</span>;
}

function Tabs({ locale, actor }: { locale: PluginViewProps['locale']; actor: Actor }) {
  const t = tr(locale);
  const links: [string, string, string | null][] = [
    ['', 'tabs.list', null],
    ['/calendar', 'tabs.calendar', null],
    ['/new', 'tabs.new', `${PLUGIN_ID}.plan`],
    ['/inbox', 'tabs.inbox', null],
    ['/flags', 'tabs.flags', `${PLUGIN_ID}.audit`],
    ['/transfers', 'tabs.transfers', null],
    ['/settings', 'tabs.settings', `${PLUGIN_ID}.settings`],
  ];
  return (
    <nav className="flex flex-wrap gap-2 text-sm">
      {links
        .filter(([, , perm]) => !perm || actor.permissions.has(perm))
        .map(([path, key]) => (
          <Link key={path} href={`${base}${path}`} className="rounded-md border border-slate-200 px-3 py-1 hover:bg-slate-50">
            {t(key)}
          </Link>
        ))}
    </nav>
  );
}

async function Shell({ props, title, children }: { props: PluginViewProps; title: string; children: React.ReactNode }) {
  const actor = await actorForView(props);
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <h1 className="text-xl font-semibold">{title}</h1>
      <Tabs locale={props.locale} actor={actor} />
      {children}
    </div>
  );
}

type Row = Awaited<ReturnType<typeof listMeetings>>[number];

function MeetingTable({ rows, locale, testId = 'dm-list' }: { rows: Row[]; locale: PluginViewProps['locale']; testId?: string }) {
  const t = tr(locale);
  const f = formatters(locale, 'Asia/Shanghai');
  if (!rows.length) return <p className="text-sm text-slate-500">{t('empty')}</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid={testId}>
      {rows.map((r) => (
        <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
          <div>
            <Link href={`${base}/meetings/${r.id}`} className="text-sm font-medium text-brand-700 hover:underline">
              {r.title}
            </Link>
            <div className="text-xs text-slate-500">
              {f.dateTime(r.startsAt)} · {r.institutionName} {r.departmentName} · {r.venue} · {r.ownerName}
            </div>
          </div>
          <div className="flex items-center gap-2">
            {r.rescheduled && <span className="badge bg-amber-50 text-amber-700">{t('rescheduled')}</span>}
            {r.openFlags > 0 && <span className="badge bg-red-50 text-red-700">{t('flagCount', { n: r.openFlags })}</span>}
            <StateBadge state={r.status} locale={locale} />
          </div>
        </li>
      ))}
    </ul>
  );
}

async function listPage(props: PluginViewProps) {
  const actor = await actorForView(props);
  const rows = await listMeetings(actor, { limit: 200 });
  return (
    <Shell props={props} title={tr(props.locale)('title')}>
      <div className="card p-4">
        <MeetingTable rows={rows} locale={props.locale} />
      </div>
    </Shell>
  );
}

async function calendarPage(props: PluginViewProps) {
  const t = tr(props.locale);
  const actor = await actorForView(props);
  const view = props.params.view === 'week' ? 'week' : 'month';
  const offset = Number(props.params.offset ?? 0) || 0;
  const now = new Date();
  let start: Date;
  let days: number;
  if (view === 'week') {
    start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - ((now.getDay() + 6) % 7) + offset * 7);
    days = 7;
  } else {
    const first = new Date(now.getFullYear(), now.getMonth() + offset, 1);
    start = new Date(first.getFullYear(), first.getMonth(), 1 - ((first.getDay() + 6) % 7));
    days = 42;
  }
  const end = new Date(start.getTime() + days * 86_400_000);
  const rows = await listMeetings(actor, { from: start, to: end, limit: 500 });
  const f = formatters(props.locale, actor.timezone);
  const dayKey = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: actor.timezone }).format(d);
  const cells = Array.from({ length: days }, (_, i) => new Date(start.getTime() + i * 86_400_000));
  const link = (v: string, o: number) => `${base}/calendar/${v}/${o}`;
  return (
    <Shell props={props} title={t('tabs.calendar')}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Link className="btn-secondary" href={link(view, offset - 1)}>
          ‹
        </Link>
        <Link className="btn-secondary" href={link(view, 0)}>
          {t('calendar.today')}
        </Link>
        <Link className="btn-secondary" href={link(view, offset + 1)}>
          ›
        </Link>
        <Link className={view === 'week' ? 'btn-primary' : 'btn-secondary'} href={link('week', 0)}>
          {t('calendar.week')}
        </Link>
        <Link className={view === 'month' ? 'btn-primary' : 'btn-secondary'} href={link('month', 0)}>
          {t('calendar.month')}
        </Link>
        <span className="text-slate-500">
          {f.date(start)} – {f.date(new Date(end.getTime() - 1))}
        </span>
      </div>
      <div className="grid grid-cols-7 gap-px overflow-hidden rounded-md border border-slate-200 bg-slate-200" data-testid="dm-calendar">
        {cells.map((d) => {
          const items = rows.filter((r) => dayKey(r.startsAt) === dayKey(d));
          return (
            <div key={d.toISOString()} className={`bg-white p-1 ${view === 'week' ? 'min-h-48' : 'min-h-24'}`}>
              <div className="text-xs text-slate-400">{d.getDate()}</div>
              {items.map((r) => (
                <Link key={r.id} href={`${base}/meetings/${r.id}`} className="mt-1 block truncate rounded bg-brand-50 px-1 text-xs text-brand-700" title={r.title}>
                  {new Intl.DateTimeFormat(props.locale, { timeZone: actor.timezone, hour: '2-digit', minute: '2-digit' }).format(r.startsAt)} {r.title}
                </Link>
              ))}
            </div>
          );
        })}
      </div>
    </Shell>
  );
}

async function newPage(props: PluginViewProps) {
  return (
    <Shell props={props} title={tr(props.locale)('tabs.new')}>
      <div className="card p-4">
        <PlanForm />
      </div>
    </Shell>
  );
}

async function inboxPage(props: PluginViewProps) {
  const actor = await actorForView(props);
  const rows = await approvalInbox(actor);
  return (
    <Shell props={props} title={tr(props.locale)('tabs.inbox')}>
      <div className="card p-4">
        <MeetingTable rows={rows} locale={props.locale} testId="dm-inbox" />
      </div>
    </Shell>
  );
}

async function flagsPage(props: PluginViewProps) {
  const t = tr(props.locale);
  const actor = await actorForView(props);
  const flags = await listFlags(actor, { status: 'open', limit: 200 });
  const f = formatters(props.locale, actor.timezone);
  return (
    <Shell props={props} title={t('tabs.flags')}>
      <div className="card p-4">
        {!flags.length && <p className="text-sm text-slate-500">{t('flagsPage.empty')}</p>}
        <ul className="divide-y divide-slate-100" data-testid="dm-flags">
          {flags.map((fl) => (
            <li key={fl.id} className="space-y-1 py-2">
              <div className="text-sm">
                <span className="badge bg-red-50 text-red-700">{t(`flags.${fl.kind}`)}</span>{' '}
                <Link className="text-brand-700 hover:underline" href={`${base}/meetings/${fl.meetingId}`}>
                  {fl.meetingTitle}
                </Link>{' '}
                <span className="text-xs text-slate-500">{f.dateTime(fl.meetingStartsAt)}</span>
              </div>
              <ResolveFlag flagId={fl.id} />
            </li>
          ))}
        </ul>
      </div>
    </Shell>
  );
}

async function transfersPage(props: PluginViewProps) {
  const t = tr(props.locale);
  const actor = await actorForView(props);
  const year = Number(props.params.year ?? new Date().getFullYear()) || new Date().getFullYear();
  const data = await transferTotals(actor, { year });
  const f = formatters(props.locale, actor.timezone);
  return (
    <Shell props={props} title={t('transfersPage.title', { year })}>
      <div className="card space-y-3 p-4">
        <div className="flex items-center gap-2 text-sm">
          <Link className="btn-secondary" href={`${base}/transfers/${year - 1}`}>
            {year - 1}
          </Link>
          <Link className="btn-secondary" href={`${base}/transfers/${year + 1}`}>
            {year + 1}
          </Link>
          {actor.permissions.has(`${PLUGIN_ID}.audit`) && <CsvExport year={year} />}
        </div>
        <table className="w-full text-sm" data-testid="dm-transfers">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th>{t('transfersPage.hcp')}</th>
              <th>{t('transfersPage.meals')}</th>
              <th>{t('transfersPage.fees')}</th>
              <th>{t('transfersPage.total')}</th>
              <th>{t('transfersPage.items')}</th>
            </tr>
          </thead>
          <tbody>
            {data.totals.map((r) => (
              <tr key={r.personId} className="border-t border-slate-100">
                <td>
                  <Link className="text-brand-700 hover:underline" href={`/customers/people/${r.personId}`}>
                    {r.name}
                  </Link>
                </td>
                <td>{f.money(yuan(r.meals))}</td>
                <td>{f.money(yuan(r.fees))}</td>
                <td className="font-medium">{f.money(yuan(r.total))}</td>
                <td>{r.items}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {!data.totals.length && <p className="text-sm text-slate-500">{t('empty')}</p>}
      </div>
    </Shell>
  );
}

async function settingsPage(props: PluginViewProps) {
  const actor = await actorForView(props);
  const settings = await meetingSettings(actor.em);
  const t = tr(props.locale);
  return (
    <Shell props={props} title={t('tabs.settings')}>
      <div className="card space-y-3 p-4">
        <ul className="grid gap-1 text-sm sm:grid-cols-2">
          {Object.entries(settings.rules).map(([k, r]) => (
            <li key={k} className="flex items-center gap-2">
              <span className={`badge ${r.enabled ? (r.severity === 'hard' ? 'bg-red-50 text-red-700' : 'bg-amber-50 text-amber-700') : 'bg-slate-100 text-slate-500'}`}>
                {r.enabled ? t(`severity.${r.severity}`) : t('severity.off')}
              </span>
              {t(`rules.names.${k}`)}
            </li>
          ))}
        </ul>
        <SettingsForm initial={settings as unknown as Record<string, unknown>} />
      </div>
    </Shell>
  );
}

/* ───────── the meeting page ───────── */

function actionsFor(actor: Actor, m: { status: MeetingState; ownerId: string }): { action: MeetingAction; danger?: boolean; needsNumber?: boolean }[] {
  const own = m.ownerId === actor.userId || actor.roles.includes('admin');
  return (Object.entries(ACTIONS) as [MeetingAction, (typeof ACTIONS)[MeetingAction]][])
    .filter(([, d]) => (d.from as readonly string[]).includes(m.status) && actor.permissions.has(`${PLUGIN_ID}.${d.permission}`))
    .filter(([a]) => (['approveManager', 'rejectManager', 'approveCompliance', 'rejectCompliance'].includes(a) ? m.ownerId !== actor.userId : a === 'completeAudit' ? true : own))
    .map(([action]) => ({ action, danger: action === 'cancel' || action.startsWith('reject'), needsNumber: action === 'hospitalApproved' }));
}

async function meetingPage(props: PluginViewProps) {
  const t = tr(props.locale);
  const actor = await actorForView(props);
  const d = await getMeeting(actor, String(props.params.id ?? ''));
  const m = d.meeting;
  const f = formatters(props.locale, actor.timezone);
  const idx = FLOW.indexOf(m.status);
  const canPlan = actor.permissions.has(`${PLUGIN_ID}.plan`) && (m.ownerId === actor.userId || actor.roles.includes('admin'));
  const missing = d.pending.filter((p) => !p.passed);
  const people = d.invitees.map((i) => ({ id: i.personId, name: i.name }));
  const section = (title: string, children: React.ReactNode, testId?: string) => (
    <section className="card space-y-2 p-4" data-testid={testId}>
      <h2 className="text-sm font-semibold">{title}</h2>
      {children}
    </section>
  );
  return (
    <Shell props={props} title={m.title}>
      <ol className="flex flex-wrap gap-1 text-xs" data-testid="dm-stepper">
        {FLOW.map((s, i) => (
          <li key={s} className={`rounded px-2 py-1 ${s === m.status ? 'bg-brand-600 text-white' : i < idx ? 'bg-brand-50 text-brand-700' : 'bg-slate-100 text-slate-500'}`}>
            {t(`states.${s}`)}
          </li>
        ))}
        {m.status === 'cancelled' && <li className="rounded bg-slate-700 px-2 py-1 text-white">{t('states.cancelled')}</li>}
      </ol>
      <div className="grid gap-4 md:grid-cols-3">
        <div className="space-y-4 md:col-span-2">
          {section(
            t('sections.plan'),
            <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-slate-500">{t('form.status')}</dt>
              <dd>
                <StateBadge state={m.status} locale={props.locale} /> {m.rescheduled && <span className="badge bg-amber-50 text-amber-700">{t('rescheduled')}</span>}
              </dd>
              <dt className="text-slate-500">{t('form.objective')}</dt>
              <dd>{m.objective}</dd>
              <dt className="text-slate-500">{t('form.product')}</dt>
              <dd>
                {d.productName} · {m.indication}
              </dd>
              <dt className="text-slate-500">{t('form.hospital')}</dt>
              <dd>
                {d.institutionName} {d.departmentName}
              </dd>
              <dt className="text-slate-500">{t('form.startsAt')}</dt>
              <dd>
                {f.dateTime(m.startsAt)} – {f.dateTime(m.endsAt)}
              </dd>
              <dt className="text-slate-500">{t('form.venue')}</dt>
              <dd>{m.venue}</dd>
              <dt className="text-slate-500">{t('form.speakerWho')}</dt>
              <dd>
                {m.speakerName ?? t('form.speaker.none')} {m.speakerFee > 0 && `· ${f.money(yuan(m.speakerFee))}`}
              </dd>
              <dt className="text-slate-500">{t('form.estimateLabel')}</dt>
              <dd>
                {f.money(yuan(m.estimatedBudget))} ({m.headcount} × {f.money(yuan(m.mealPerHead))})
              </dd>
              <dt className="text-slate-500">{t('form.deckId')}</dt>
              <dd>{m.deckId ? `${m.deckId} ${m.deckVersion ?? ''}` : '—'}</dd>
              <dt className="text-slate-500">{t('hospitalApprovalNo')}</dt>
              <dd>{m.hospitalApprovalNo ?? '—'}</dd>
              <dt className="text-slate-500">{t('form.agenda')}</dt>
              <dd className="whitespace-pre-wrap">{m.agenda || '—'}</dd>
              {m.cancelReason && (
                <>
                  <dt className="text-slate-500">{t('cancelReason')}</dt>
                  <dd>{m.cancelReason}</dd>
                </>
              )}
            </dl>,
          )}
          {canPlan && ['draft', 'pending_manager', 'pending_compliance', 'pending_hospital', 'inviting'].includes(m.status) && (
            <details className="card p-4" open={m.status === 'draft'}>
              <summary className="cursor-pointer text-sm font-semibold">{t('sections.edit')}</summary>
              <div className="mt-3">
                <PlanForm
                  initial={{
                    id: m.id,
                    title: m.title,
                    objective: m.objective,
                    productId: m.productId,
                    indication: m.indication,
                    institutionId: m.institutionId,
                    departmentId: m.departmentId,
                    startsAt: '',
                    startsAtIso: m.startsAt.toISOString(),
                    durationMinutes: Math.round((m.endsAt.getTime() - m.startsAt.getTime()) / 60_000),
                    venue: m.venue,
                    speakerKind: m.speakerKind,
                    speakerPersonId: m.speakerPersonId,
                    speakerName: m.speakerKind === 'internal' ? m.speakerName : null,
                    speakerFee: yuan(m.speakerFee),
                    mealPerHead: yuan(m.mealPerHead),
                    headcount: m.headcount,
                    agenda: m.agenda,
                    deckId: m.deckId,
                    deckVersion: m.deckVersion,
                    invitees: d.invitees.map((i) => ({ personId: i.personId, attitude: i.attitude })),
                  }}
                />
              </div>
            </details>
          )}
          {section(
            t('sections.invitees'),
            <>
              {canPlan && m.status === 'inviting' && <InviteButton id={m.id} />}
              <table className="w-full text-sm" data-testid="dm-invitees">
                <thead className="text-left text-xs text-slate-500">
                  <tr>
                    <th>{t('form.invitees')}</th>
                    <th>{t('form.attitude')}</th>
                    <th>{t('mobileLast4')}</th>
                    <th>RSVP</th>
                    <th>{t('signedIn')}</th>
                    {['audit', 'follow_up', 'evaluated'].includes(m.status) && <th>{t('evaluate.title')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {d.invitees.map((i) => (
                    <tr key={i.id} className="border-t border-slate-100" data-testid="dm-invitee-row" data-last4={i.mobileLast4 ?? ''} data-name={i.name}>
                      <td>
                        <Link className="text-brand-700 hover:underline" href={`/customers/people/${i.personId}`}>
                          {i.name}
                        </Link>
                      </td>
                      <td>{t(`attitude.${i.attitude}`)}</td>
                      <td>{i.mobileLast4 ?? '—'}</td>
                      <td>{canPlan && ['inviting', 'in_progress'].includes(m.status) ? <RsvpSelect id={m.id} personId={i.personId} value={i.rsvp} /> : t(`rsvp.${i.rsvp}`)}</td>
                      <td>{i.signedIn ? '✓' : ''}</td>
                      {['audit', 'follow_up', 'evaluated'].includes(m.status) && <td>{canPlan ? <EvaluateRow id={m.id} personId={i.personId} attitudeAfter={i.attitudeAfter} questionsAnswered={i.questionsAnswered} /> : i.attitudeAfter ?? ''}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            </>,
          )}
          {['pending_hospital', 'inviting', 'in_progress', 'close_out', 'audit', 'follow_up', 'evaluated'].includes(m.status) &&
            section(
              t('sections.signins', { n: d.signins.length }),
              <>
                {canPlan && ['inviting', 'in_progress'].includes(m.status) && <SigninQr id={m.id} />}
                <ul className="divide-y divide-slate-100 text-sm" data-testid="dm-signins">
                  {d.signins.map((s) => (
                    <li key={s.id} className="flex flex-wrap justify-between gap-2 py-1">
                      <span>
                        {s.name} {s.walkIn && <span className="badge bg-amber-50 text-amber-700">{t('walkIn')}</span>} {s.meal && <span className="badge bg-slate-100 text-slate-600">{t('meal')}</span>}
                      </span>
                      <span className="text-xs text-slate-500">
                        {f.dateTime(s.signedAt)} {s.latitude !== null && '📍'} {s.followUpTaskId && <span data-testid="dm-followup-task">{t('followUpTask')}</span>}
                      </span>
                    </li>
                  ))}
                </ul>
              </>,
              'dm-signin-section',
            )}
          {['in_progress', 'close_out', 'audit', 'follow_up', 'evaluated'].includes(m.status) &&
            section(
              t('sections.evidence'),
              <>
                <p className="text-sm text-slate-600" data-testid="dm-figures">
                  {t('figures', { photos: d.figures.photos, invoices: d.figures.invoices, attendees: d.figures.attendees, perHead: yuan(d.figures.perHead), total: yuan(d.figures.actualTotal) })}
                </p>
                <ul className="text-xs text-slate-600" data-testid="dm-evidence">
                  {d.evidence.map((e) => (
                    <li key={e.id}>
                      {t(`evidence.${e.kind}`)} · {e.fileName} · {e.contentHash.slice(0, 12)}
                      {e.kind === 'invoice' && ` · ${e.invoiceNo} · ${f.money(yuan(e.amount ?? 0))} · ${e.invoiceDate}`}
                    </li>
                  ))}
                </ul>
                {canPlan && ['in_progress', 'close_out'].includes(m.status) && <EvidenceUpload id={m.id} />}
                {canPlan && m.status === 'close_out' && m.speakerKind !== 'none' && <CloseOutForm id={m.id} speakerPaid={m.speakerPaid === null ? null : yuan(m.speakerPaid)} speakerPaymentRef={m.speakerPaymentRef} />}
              </>,
              'dm-evidence-section',
            )}
          {['in_progress', 'close_out', 'audit', 'follow_up', 'evaluated'].includes(m.status) &&
            section(
              t('sections.notes'),
              <>
                <ul className="space-y-1 text-sm">
                  {d.notes.map((n) => (
                    <li key={n.id}>
                      <span className="badge bg-slate-100 text-slate-600">{t(`notes.${n.kind}`)}</span> {n.text}
                      {n.response && <span className="text-slate-500"> — {n.response}</span>}
                      {n.kind === 'adverse_event' && <span className="text-xs text-slate-500"> {n.caseId ? t('notes.forwarded') : t('notes.manual')}</span>}
                    </li>
                  ))}
                </ul>
                {canPlan && <NoteForm id={m.id} people={people} />}
              </>,
            )}
          {['audit', 'follow_up', 'evaluated'].includes(m.status) &&
            canPlan &&
            section(
              t('sections.outcome'),
              <div className="grid gap-2 sm:grid-cols-2">
                <OutcomeForm id={m.id} day={30} value={m.outcome30} />
                <OutcomeForm id={m.id} day={90} value={m.outcome90} />
              </div>,
            )}
        </div>
        <div className="space-y-4">
          {section(
            t('sections.next'),
            <>
              {missing.length > 0 && (
                <ul className="space-y-1 text-sm" data-testid="dm-missing">
                  {missing.map((p) => (
                    <li key={p.rule} className={p.severity === 'hard' ? 'text-red-700' : 'text-amber-700'}>
                      {p.severity === 'hard' ? '⛔' : '⚠️'} {translatorFor(props.locale)(p.messageKey!, p.values)}
                    </li>
                  ))}
                </ul>
              )}
              <ActionBar id={m.id} actions={actionsFor(actor, m)} />
            </>,
          )}
          {d.flags.length > 0 &&
            section(
              t('tabs.flags'),
              <ul className="space-y-1 text-sm" data-testid="dm-meeting-flags">
                {d.flags.map((fl) => (
                  <li key={fl.id}>
                    <span className={`badge ${fl.status === 'open' ? 'bg-red-50 text-red-700' : 'bg-slate-100 text-slate-500'}`}>{t(`flags.${fl.kind}`)}</span>
                    {fl.findings && <span className="text-xs text-slate-500"> {fl.findings}</span>}
                  </li>
                ))}
              </ul>,
            )}
          {section(
            t('sections.history'),
            <ol className="space-y-1 text-xs text-slate-600" data-testid="dm-history">
              {d.steps.map((s) => (
                <li key={s.id}>
                  {f.dateTime(s.at)} · {s.actorName || t('system')} · {t(`actions.${s.action}`)} → {t(`states.${s.toState}`)}
                  {s.comment && <div className="text-slate-500">“{s.comment}”</div>}
                </li>
              ))}
            </ol>,
          )}
          {d.results.length > 0 &&
            section(
              t('sections.rules'),
              <ul className="space-y-1 text-xs">
                {d.results.slice(0, 30).map((r) => (
                  <li key={r.id} className={r.passed ? 'text-slate-500' : r.severity === 'hard' ? 'text-red-700' : 'text-amber-700'}>
                    {r.passed ? '✓' : '!'} {t(`rules.names.${r.rule}`)}
                    {r.comment && ` — ${r.comment}`}
                  </li>
                ))}
              </ul>,
            )}
        </div>
      </div>
    </Shell>
  );
}

/* ───────── panels ───────── */

async function customerTab(props: PluginViewProps) {
  const t = tr(props.locale);
  const actor = await actorForView(props);
  const kind = props.params.subjectKind === 'institution' ? 'institution' : 'person';
  const id = String(props.params.subjectId ?? '');
  const rows = await listMeetings(actor, kind === 'person' ? { personId: id, limit: 50 } : { institutionId: id, limit: 50 });
  const year = new Date().getFullYear();
  const tov = await transferTotals(actor, kind === 'person' ? { personId: id, year } : { institutionId: id, year }).catch(() => null);
  const f = formatters(props.locale, actor.timezone);
  const total = tov?.totals.reduce((s, r) => s + r.total, 0) ?? 0;
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600" data-testid="dm-tov-total">
        {t('tovTotal', { year, amount: f.money(yuan(total)) })}
      </p>
      <MeetingTable rows={rows} locale={props.locale} testId="dm-customer-meetings" />
    </div>
  );
}

async function dashboardWidget(props: PluginViewProps) {
  const t = tr(props.locale);
  const actor = await actorForView(props);
  const upcoming = await listMeetings(actor, { from: new Date(), limit: 5, status: ['pending_hospital', 'inviting', 'in_progress', 'pending_manager', 'pending_compliance'] });
  const inbox = await approvalInbox(actor);
  return (
    <div className="space-y-2 text-sm">
      {inbox.length > 0 && (
        <Link className="block font-medium text-brand-700" href={`${base}/inbox`}>
          {t('pendingApprovals', { n: inbox.length })}
        </Link>
      )}
      <MeetingTable rows={upcoming} locale={props.locale} testId="dm-widget" />
    </div>
  );
}

const ui: PluginUi = {
  nav: [{ path: '', labelKey: 'nav', permission: `${PLUGIN_ID}.read` }],
  pages: [
    { path: '', titleKey: 'title', permission: `${PLUGIN_ID}.read`, render: listPage },
    { path: 'calendar', titleKey: 'tabs.calendar', permission: `${PLUGIN_ID}.read`, render: calendarPage },
    { path: 'calendar/:view/:offset', titleKey: 'tabs.calendar', permission: `${PLUGIN_ID}.read`, render: calendarPage },
    { path: 'new', titleKey: 'tabs.new', permission: `${PLUGIN_ID}.plan`, render: newPage },
    { path: 'inbox', titleKey: 'tabs.inbox', permission: `${PLUGIN_ID}.read`, render: inboxPage },
    { path: 'flags', titleKey: 'tabs.flags', permission: `${PLUGIN_ID}.audit`, render: flagsPage },
    { path: 'transfers', titleKey: 'tabs.transfers', permission: `${PLUGIN_ID}.read`, render: transfersPage },
    { path: 'transfers/:year', titleKey: 'tabs.transfers', permission: `${PLUGIN_ID}.read`, render: transfersPage },
    { path: 'settings', titleKey: 'tabs.settings', permission: `${PLUGIN_ID}.settings`, render: settingsPage },
    { path: 'meetings/:id', titleKey: 'title', permission: `${PLUGIN_ID}.read`, render: meetingPage },
  ],
  panels: [
    { slot: 'dashboard.widgets', id: 'upcoming', titleKey: 'widgetTitle', permission: `${PLUGIN_ID}.read`, render: dashboardWidget },
    { slot: 'customer.tabs', id: 'meetings', titleKey: 'tabTitle', permission: `${PLUGIN_ID}.read`, render: customerTab },
  ],
  publicPages: [{ purpose: 'signin', titleKey: 'signin.title', render: (props) => <SigninPhonePage token={props.token} /> }],
};

export default ui;
