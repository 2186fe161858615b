import Link from 'next/link';
import { notFound as pageNotFound } from 'next/navigation';
import { InstitutionSchema, InteractionSchema, MembershipSchema, PersonSchema, ProductSchema, SavedViewSchema, UserSchema } from '@/server/db/entities';
import { forkEm } from '@/server/db/orm';
import { translatorFor } from '@/server/i18n/catalog';
import { formatters } from '@/server/i18n/translate';
import type { PluginUi, PluginViewProps } from '@/server/plugins/contract';
import { serverContext } from '@/server/trpc/server-caller';
import { listCases, getCase, type CaseView } from './cases';
import { getAdverseEvent, listAdverseEvents } from './ae';
import { npsTrend, satisfactionReport } from './analysis';
import { Bars, LineChart } from './charts';
import { canHandleAe, canManage, settingsOf, type FeedbackContext } from './common';
import { AeClock, AeHandling } from './components/ae-panel';
import { Attachments, CaseActions } from './components/case-actions';
import { CaseForm } from './components/case-form';
import { SettingsForm } from './components/settings-form';
import { SurveyAnswerForm } from './components/survey-answer';
import { ReportTools, SurveyBuilder, SurveyLifecycle, SurveySend } from './components/survey-builder';
import { FeedbackResponseSchema, FeedbackSurveySchema } from './entities';
import { FEEDBACK_ID, PERM } from './manifest';
import { distributionStatus, getSurvey, listSurveys, surveyForDelivery } from './surveys';

const NS = `plugins.${FEEDBACK_ID}`;

async function fbContext(): Promise<FeedbackContext> {
  const ctx = await serverContext();
  if (!ctx.session || !ctx.tenant || !ctx.membership) pageNotFound();
  return ctx as unknown as FeedbackContext;
}

async function activeProducts(tenantId: string) {
  const em = await forkEm(tenantId);
  const rows = await em.find(ProductSchema, { status: 'active' }, { fields: ['id', 'name'], orderBy: { name: 'asc' } });
  return rows.map((p) => ({ id: p.id, name: p.name }));
}

const badge = (tone: string) => `inline-flex rounded px-1.5 py-0.5 text-xs font-medium ${tone}`;
const SLA_TONE = { ok: 'bg-emerald-50 text-emerald-700', at_risk: 'bg-amber-100 text-amber-800', breached: 'bg-red-100 text-red-800' } as const;

async function Nav({ locale, current }: { locale: PluginViewProps['locale']; current: string }) {
  const t = translatorFor(locale, NS);
  const ctx = await fbContext();
  const items = [
    ['', t('nav')],
    ['ae', t('navAe')],
    ['surveys', t('navSurveys')],
    ['report', t('navReport')],
    ...(canManage(ctx) ? ([['settings', t('navSettings')]] as const) : []),
  ] as const;
  return (
    <nav className="flex flex-wrap gap-2 text-sm print:hidden">
      {items.map(([path, label]) => (
        <Link key={path} href={`/m/${FEEDBACK_ID}${path ? `/${path}` : ''}`} className={`rounded-md px-3 py-1 ${current === path ? 'bg-brand-600 text-white' : 'bg-slate-100 text-slate-700 hover:bg-slate-200'}`}>
          {label}
        </Link>
      ))}
    </nav>
  );
}

function CaseRows({ cases, locale }: { cases: CaseView[]; locale: PluginViewProps['locale'] }) {
  const t = translatorFor(locale, NS);
  const f = formatters(locale);
  if (!cases.length) return <p className="text-sm text-slate-500">{t('empty')}</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="feedback-cases">
      {cases.map((c) => (
        <li key={c.id} className="py-2 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            <Link href={`/m/${FEEDBACK_ID}/cases/${c.id}`} className="font-medium text-brand-700 hover:underline">
              {c.number}
            </Link>
            <span className={badge('bg-slate-100 text-slate-700')}>{t(`kind.${c.kind}`)}</span>
            <span className={badge('bg-slate-100 text-slate-700')}>{t(`status.${c.status}`)}</span>
            {['new', 'assigned', 'in_progress'].includes(c.status) && <span className={badge(SLA_TONE[c.slaState])}>{t(`sla.${c.slaState}`)}</span>}
            <span className="text-slate-500">{c.person?.name ?? c.institution?.name ?? ''}</span>
            <span className="ml-auto text-xs text-slate-400">{f.dateTime(c.receivedAt)}</span>
          </div>
          <p className="mt-1 line-clamp-2 text-slate-700">{c.text}</p>
        </li>
      ))}
    </ul>
  );
}

async function CasesPage(props: PluginViewProps) {
  const ctx = await fbContext();
  const t = translatorFor(props.locale, NS);
  const [open, done, products] = await Promise.all([listCases(ctx, { status: 'open', limit: 200 }), listCases(ctx, { status: 'resolved', limit: 50 }), activeProducts(props.tenantId)]);
  const closed = await listCases(ctx, { status: 'closed', limit: 50 });
  return (
    <div className="mx-auto max-w-5xl space-y-4" data-testid="feedback-page">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <Nav locale={props.locale} current="" />
      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <div className="space-y-4">
          <section className="card p-4">
            <h2 className="mb-2 text-sm font-semibold">{t('filterOpen')}</h2>
            <CaseRows cases={open} locale={props.locale} />
          </section>
          <section className="card p-4">
            <h2 className="mb-2 text-sm font-semibold">
              {t('status.resolved')} / {t('status.closed')}
            </h2>
            <CaseRows cases={[...done, ...closed]} locale={props.locale} />
          </section>
        </div>
        <section className="card h-fit p-4">
          <h2 className="mb-2 text-sm font-semibold">{t('newCase')}</h2>
          <CaseForm products={products} />
        </section>
      </div>
    </div>
  );
}

async function CasePage(props: PluginViewProps) {
  const ctx = await fbContext();
  const t = translatorFor(props.locale, NS);
  const f = formatters(props.locale);
  const c = await getCase(ctx, String(props.params.id)).catch(() => null);
  if (!c) pageNotFound();
  let assignees: { id: string; name: string }[] = [];
  if (canManage(ctx)) {
    const members = await ctx.em.find(MembershipSchema, { disabledAt: null }, { fields: ['userId'] });
    assignees = (await ctx.em.find(UserSchema, { id: { $in: members.map((m) => m.userId) } }, { fields: ['id', 'name'] })).map((u) => ({ id: u.id, name: u.name }));
  }
  const row = (label: string, value: React.ReactNode) => (
    <div className="grid grid-cols-[7rem_1fr] gap-2 py-1 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  const open = ['new', 'assigned', 'in_progress'].includes(c.status);
  return (
    <div className="mx-auto max-w-4xl space-y-4" data-testid="feedback-case-page">
      <Nav locale={props.locale} current="" />
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-semibold">{c.number}</h1>
        <span className={badge('bg-slate-100 text-slate-700')}>{t(`kind.${c.kind}`)}</span>
        <span className={badge('bg-slate-100 text-slate-700')} data-testid="feedback-case-status">
          {t(`status.${c.status}`)}
        </span>
        {open && <span className={badge(SLA_TONE[c.slaState])}>{t(`sla.${c.slaState}`)}</span>}
      </div>
      {c.adverseEvent && (
        <p className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {t('linkedAe')}:{' '}
          <Link className="font-medium underline" href={`/m/${FEEDBACK_ID}/ae/${c.adverseEvent.id}`} data-testid="feedback-case-ae">
            {c.adverseEvent.number}
          </Link>{' '}
          · {t(`ae.status.${c.adverseEvent.status}`)}
        </p>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <section className="card p-4">
          <dl>
            {row(t('fields.customer'), c.person ? <Link className="text-brand-700 hover:underline" href={`/customers/people/${c.person.id}`}>{c.person.name}</Link> : c.institution ? <Link className="text-brand-700 hover:underline" href={`/customers/institutions/${c.institution.id}`}>{c.institution.name}</Link> : '—')}
            {row(t('fields.product'), c.product?.name ?? '—')}
            {row(t('fields.severity'), t(`severity.${c.severity}`))}
            {row(t('fields.channel'), t(`channel.${c.channel}`))}
            {row(t('fields.receivedAt'), f.dateTime(c.receivedAt))}
            {row(t('fields.dueAt'), f.dateTime(c.dueAt))}
            {row(t('fields.owner'), c.owner?.name ?? '—')}
            {row(t('fields.createdBy'), c.createdBy.name)}
            {c.interactionId && row(t('fromInteraction'), <Link className="text-brand-700 hover:underline" href={`/interactions/${c.interactionId}`}>↗</Link>)}
          </dl>
          <p className="mt-3 whitespace-pre-wrap rounded bg-slate-50 p-3 text-sm">{c.text}</p>
          {c.resolution && (
            <p className="mt-2 text-sm">
              <span className="text-slate-500">{t('fields.resolution')}：</span>
              {c.resolution}
            </p>
          )}
        </section>
        <div className="space-y-4">
          <section className="card p-4">
            <CaseActions id={c.id} status={c.status} canManage={canManage(ctx)} isOwner={c.owner?.id === ctx.session.user.id} assignees={assignees} />
          </section>
          <section className="card p-4">
            <h2 className="mb-2 text-sm font-semibold">{t('fields.attachments')}</h2>
            <Attachments caseId={c.id} files={c.attachments} />
          </section>
        </div>
      </div>
      <section className="card p-4">
        <h2 className="mb-2 text-sm font-semibold">{t('history')}</h2>
        <ol className="space-y-1 text-sm" data-testid="feedback-case-history">
          {c.history.map((h) => (
            <li key={h.id} className="flex gap-3">
              <span className="text-slate-400">{f.dateTime(h.at)}</span>
              <span>{t(`historyAction.${h.action}`)}</span>
              <span className="text-slate-500">{h.actor ?? ''}</span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

async function AeListPage(props: PluginViewProps) {
  const ctx = await fbContext();
  const t = translatorFor(props.locale, NS);
  const f = formatters(props.locale);
  const rows = await listAdverseEvents(ctx, { limit: 200 });
  return (
    <div className="mx-auto max-w-5xl space-y-4" data-testid="feedback-ae-list-page">
      <h1 className="text-xl font-semibold">{t('ae.listTitle')}</h1>
      <Nav locale={props.locale} current="ae" />
      <section className="card p-4">
        {!rows.length ? (
          <p className="text-sm text-slate-500">{t('ae.empty')}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="feedback-ae-list">
            {rows.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-2 py-2 text-sm">
                <Link href={`/m/${FEEDBACK_ID}/ae/${a.id}`} className="font-medium text-brand-700 hover:underline">
                  {a.number}
                </Link>
                <span className={badge(a.status === 'open' ? 'bg-red-100 text-red-800' : 'bg-slate-100 text-slate-700')}>{t(`ae.status.${a.status}`)}</span>
                {a.status === 'open' && <AeClock dueAt={a.dueAt.toISOString()} stopped={false} />}
                <span className="text-slate-600">{a.source.label}</span>
                <span className="ml-auto text-xs text-slate-400">{f.dateTime(a.awareAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

async function AePage(props: PluginViewProps) {
  const ctx = await fbContext();
  const t = translatorFor(props.locale, NS);
  const f = formatters(props.locale);
  const ae = await getAdverseEvent(ctx, String(props.params.id)).catch(() => null);
  if (!ae) pageNotFound();
  const products = await activeProducts(props.tenantId);
  const handler = canHandleAe(ctx);
  const row = (label: string, value: React.ReactNode) => (
    <div className="grid grid-cols-[8rem_1fr] gap-2 py-1 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd>{value ?? '—'}</dd>
    </div>
  );
  const sourceKind = ['case', 'interaction', 'meeting'].includes(ae.source.kind) ? t(`ae.sourceKind.${ae.source.kind}`) : ae.source.kind;
  return (
    <div className="mx-auto max-w-4xl space-y-4" data-testid="feedback-ae-page">
      <Nav locale={props.locale} current="ae" />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">
          {t('ae.title')} {ae.number}
        </h1>
        <span className={badge(ae.status === 'open' ? 'bg-red-100 text-red-800' : 'bg-slate-100 text-slate-700')} data-testid="feedback-ae-status">
          {t(`ae.status.${ae.status}`)}
        </span>
      </div>
      <section className="card space-y-2 p-4">
        <div className="flex flex-wrap items-center gap-3">
          <span className="text-sm text-slate-500">{t('ae.clock')}</span>
          {ae.status === 'open' ? <AeClock dueAt={ae.dueAt.toISOString()} stopped={false} /> : <span className="text-sm">{f.dateTime(ae.dueAt)}</span>}
          <span className="text-xs text-slate-500">{t('ae.clockHint')}</span>
        </div>
        <dl>
          {row(t('ae.source'), ae.source.href ? <Link className="text-brand-700 hover:underline" href={ae.source.href}>{`${sourceKind} · ${ae.source.label}`}</Link> : `${sourceKind} · ${ae.source.label}`)}
          {row(t('ae.awareAt'), f.dateTime(ae.awareAt))}
          {row(t('ae.matched'), ae.matchedTerms.join('、') || '—')}
          {row(t('ae.reporter'), ae.reporterName)}
          {row(t('ae.product'), ae.productName)}
          {row(t('ae.patientInitials'), ae.patientInitials)}
          {row(t('ae.patientAge'), ae.patientAge)}
          {row(t('ae.patientSex'), ae.patientSex ? t(`ae.sex.${ae.patientSex}`) : null)}
        </dl>
        <p className="whitespace-pre-wrap rounded bg-slate-50 p-3 text-sm">{ae.description}</p>
        {ae.status === 'open' && (
          <p className={`text-sm ${ae.missing.length ? 'text-amber-800' : 'text-emerald-700'}`} data-testid="feedback-ae-missing">
            {ae.missing.length ? t('ae.missing', { fields: ae.missing.map((m) => t(m === 'productId' ? 'ae.product' : m === 'reporterName' ? 'ae.reporter' : m === 'description' ? 'ae.description' : m === 'awareAt' ? 'ae.awareAt' : `ae.${m}`)).join('、') }) : t('ae.complete')}
          </p>
        )}
        {ae.status === 'closed' && <p className="text-sm text-emerald-700">{t('ae.closedInfo', { by: ae.closedBy ?? '—', at: ae.closedAt ? f.dateTime(ae.closedAt) : '—', ref: ae.safetyRef ?? '' })}</p>}
        {ae.status === 'dismissed' && <p className="text-sm text-slate-600">{t('ae.dismissedInfo', { reason: ae.dismissReason ?? '' })}</p>}
      </section>
      {ae.status === 'open' && (handler ? <AeHandling ae={ae} products={products} /> : <p className="text-sm text-slate-500">{t('ae.readOnly')}</p>)}
    </div>
  );
}

async function SurveysPage(props: PluginViewProps) {
  const ctx = await fbContext();
  const t = translatorFor(props.locale, NS);
  const rows = await listSurveys(ctx);
  return (
    <div className="mx-auto max-w-5xl space-y-4" data-testid="feedback-surveys-page">
      <h1 className="text-xl font-semibold">{t('surveys.title')}</h1>
      <Nav locale={props.locale} current="surveys" />
      <section className="card p-4">
        {!rows.length ? (
          <p className="text-sm text-slate-500">{t('surveys.empty')}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="feedback-surveys">
            {rows.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center gap-2 py-2 text-sm">
                <Link href={`/m/${FEEDBACK_ID}/surveys/${s.id}`} className="font-medium text-brand-700 hover:underline">
                  {s.title[props.locale] || s.title['zh-CN']}
                </Link>
                <span className={badge('bg-slate-100 text-slate-700')}>{t('surveys.version', { version: s.version })}</span>
                <span className={badge(s.status === 'published' ? 'bg-emerald-50 text-emerald-700' : 'bg-slate-100 text-slate-600')}>{t(`surveys.status.${s.status}`)}</span>
                <span className="ml-auto text-slate-500">{t('surveys.responses', { count: s.responses })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card p-4">
        <h2 className="mb-2 text-sm font-semibold">{t('surveys.new')}</h2>
        <SurveyBuilder />
      </section>
    </div>
  );
}

async function SurveyPage(props: PluginViewProps) {
  const ctx = await fbContext();
  const t = translatorFor(props.locale, NS);
  const f = formatters(props.locale);
  const s = await getSurvey(ctx, String(props.params.id)).catch(() => null);
  if (!s) pageNotFound();
  const segments = (await ctx.em.find(SavedViewSchema, { userId: ctx.session.user.id, entity: 'person' }, { orderBy: { name: 'asc' } })).map((v) => ({ id: v.id, name: v.name }));
  return (
    <div className="mx-auto max-w-4xl space-y-4" data-testid="feedback-survey-page">
      <Nav locale={props.locale} current="surveys" />
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-semibold">{s.title[props.locale] || s.title['zh-CN']}</h1>
        <span className={badge('bg-slate-100 text-slate-700')}>{t('surveys.version', { version: s.version })}</span>
        <span className={badge(s.status === 'published' ? 'bg-emerald-50 text-emerald-700' : 'bg-slate-100 text-slate-600')} data-testid="feedback-survey-status">
          {t(`surveys.status.${s.status}`)}
        </span>
      </div>
      <section className="card p-4">
        <SurveyLifecycle id={s.id} status={s.status} />
      </section>
      {s.status === 'draft' ? (
        <section className="card p-4">
          <SurveyBuilder initial={{ id: s.id, title: s.title, intro: s.intro, questions: s.questions }} />
        </section>
      ) : (
        <section className="card p-4">
          <p className="mb-2 text-xs text-slate-500">{t('surveys.frozen')}</p>
          <ol className="list-decimal space-y-1 pl-5 text-sm">
            {s.questions.map((q) => (
              <li key={q.id}>
                {q.text[props.locale] || q.text['zh-CN']} <span className="text-xs text-slate-400">({t(`surveys.questionType.${q.type}`)})</span>
              </li>
            ))}
          </ol>
        </section>
      )}
      {s.status === 'published' && (
        <section className="card p-4">
          <h2 className="mb-2 text-sm font-semibold">{t('surveys.sendTitle')}</h2>
          <SurveySend surveyId={s.id} segments={segments} />
        </section>
      )}
      {s.distributions.length > 0 && (
        <section className="card p-4">
          <h2 className="mb-2 text-sm font-semibold">{t('surveys.distributions')}</h2>
          <ul className="divide-y divide-slate-100 text-sm">
            {s.distributions.map((d) => (
              <li key={d.id} className="flex gap-3 py-1.5">
                <Link className="text-brand-700 hover:underline" href={`/m/${FEEDBACK_ID}/surveys/${s.id}/sends/${d.id}`}>
                  {d.segmentLabel}
                </Link>
                <span className="text-slate-500">{t(`channel.${d.channel}`)}</span>
                <span className="ml-auto text-xs text-slate-400">{f.dateTime(d.createdAt)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

async function SendPage(props: PluginViewProps) {
  const ctx = await fbContext();
  const t = translatorFor(props.locale, NS);
  const d = await distributionStatus(ctx, String(props.params.sendId)).catch(() => null);
  if (!d || d.surveyId !== props.params.id) pageNotFound();
  const reason = (r: string | null) => (r ? (['withdrawn', 'no_consent', 'expired', 'restricted', 'subject_erased', 'not_a_contact_purpose'].includes(r) ? t(`reasons.${r}`) : r) : '');
  return (
    <div className="mx-auto max-w-4xl space-y-4" data-testid="feedback-send-page">
      <Nav locale={props.locale} current="surveys" />
      <h1 className="text-xl font-semibold">
        {t('surveys.distribution')} · {d.segmentLabel}
      </h1>
      <p className="text-sm text-slate-600" data-testid="feedback-send-totals">
        {t('surveys.totals', d.totals)}
      </p>
      <Link href={`/m/${FEEDBACK_ID}/surveys/${d.surveyId}/sends/${d.id}`} className="btn-secondary inline-block text-sm" data-testid="feedback-send-refresh">
        {t('surveys.refresh')}
      </Link>
      <section className="card overflow-x-auto p-4">
        <table className="w-full text-sm" data-testid="feedback-send-rows">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="py-1">{t('fields.customer')}</th>
              <th>{t('surveys.channel')}</th>
              <th>{t('surveys.reason')}</th>
              <th>{t('surveys.link')}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.id} className="border-t border-slate-100" data-testid="feedback-send-row" data-person={r.personName} data-status={r.status}>
                <td className="py-1.5">{r.personName}</td>
                <td>
                  <span className={badge(r.status === 'skipped' ? 'bg-amber-100 text-amber-800' : r.status === 'responded' ? 'bg-emerald-50 text-emerald-700' : 'bg-slate-100 text-slate-700')}>{t(`surveys.deliveryStatus.${r.status}`)}</span>
                </td>
                <td className="text-slate-600">{reason(r.reason)}</td>
                <td>
                  {r.link && (
                    <a className="text-brand-700 hover:underline" href={r.link} target="_blank" rel="noreferrer" data-testid="feedback-send-link">
                      {t('surveys.openLink')}
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

async function ReportPage(props: PluginViewProps) {
  const ctx = await fbContext();
  const t = translatorFor(props.locale, NS);
  const report = await satisfactionReport(ctx.em, {}, props.locale);
  const trend = await npsTrend(ctx.em, 12);
  const section = (title: string, rows: typeof report.byProduct, testId: string) => (
    <section className="card break-inside-avoid p-4">
      <h2 className="mb-2 text-sm font-semibold">{title}</h2>
      <Bars testId={testId} max={100} rows={rows.map((r) => ({ label: r.label === '—' ? '—' : r.label, value: r.nps ?? r.csat, note: `n=${r.responses}` }))} />
    </section>
  );
  const channel = (k: string) => (['visit', 'phone', 'email', 'wechat', 'sms', 'mail'].includes(k) ? t(`channel.${k}`) : k);
  return (
    <div className="mx-auto max-w-5xl space-y-4 print:max-w-none" data-testid="feedback-report-page">
      <style>{'@media print { header, aside, nav { display: none !important; } .card { box-shadow: none !important; border: 1px solid #e2e8f0; } body { background: white; } }'}</style>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">{t('report.title')}</h1>
        <ReportTools filter={{}} />
      </div>
      <Nav locale={props.locale} current="report" />
      <div className="grid gap-4 sm:grid-cols-4">
        {[
          [t('report.nps'), report.overall.nps ?? '—', 'feedback-report-nps'],
          [t('report.csat'), report.overall.csat === null ? '—' : `${report.overall.csat}%`, 'feedback-report-csat'],
          [t('report.responseRate'), report.responseRate.rate === null ? '—' : `${report.responseRate.rate}%`, 'feedback-report-rate'],
          [t('report.sentiment'), report.sentiment ?? '—', 'feedback-report-sentiment'],
        ].map(([label, value, id]) => (
          <div key={String(id)} className="card p-4">
            <div className="text-xs text-slate-500">{label}</div>
            <div className="text-2xl font-semibold tabular-nums" data-testid={String(id)}>
              {value}
            </div>
          </div>
        ))}
      </div>
      {!report.responses && <p className="text-sm text-slate-500">{t('report.noData')}</p>}
      <section className="card break-inside-avoid p-4">
        <h2 className="mb-2 text-sm font-semibold">
          {t('report.byMonth')} · {t('report.nps')}
        </h2>
        <LineChart label={t('report.byMonth')} points={trend.months.map((m) => ({ x: m.month, y: m.nps }))} min={-100} max={100} testId="feedback-report-trend" />
      </section>
      <div className="grid gap-4 md:grid-cols-2">
        {section(t('report.byProduct'), report.byProduct, 'feedback-report-product')}
        {section(t('report.byTerritory'), report.byTerritory, 'feedback-report-territory')}
        {section(t('report.byTier'), report.byTier, 'feedback-report-tier')}
        {section(t('report.byChannel'), report.byChannel.map((r) => ({ ...r, label: channel(r.label) })), 'feedback-report-channel')}
        <section className="card break-inside-avoid p-4">
          <h2 className="mb-2 text-sm font-semibold">{t('report.topics')}</h2>
          <Bars testId="feedback-report-topics" max={Math.max(1, ...report.topics.map((x) => x.count))} rows={report.topics.map((x) => ({ label: x.label, value: x.count }))} />
        </section>
        <section className="card break-inside-avoid p-4 text-sm">
          <h2 className="mb-2 font-semibold">{t('report.sentiment')}</h2>
          <p className="text-slate-600">{t('report.sentimentHint')}</p>
          <p className="mt-2">
            {t('report.responseRate')}: {t('report.responseRateValue', report.responseRate)}
          </p>
        </section>
      </div>
    </div>
  );
}

async function SettingsPage(props: PluginViewProps) {
  const ctx = await fbContext();
  const t = translatorFor(props.locale, NS);
  return (
    <div className="mx-auto max-w-5xl space-y-4" data-testid="feedback-settings-page">
      <h1 className="text-xl font-semibold">{t('settings.title')}</h1>
      <Nav locale={props.locale} current="settings" />
      <SettingsForm initial={await settingsOf(ctx.em)} canEditAe={canHandleAe(ctx)} />
    </div>
  );
}

async function NpsWidget(props: PluginViewProps) {
  const em = await forkEm(props.tenantId);
  const t = translatorFor(props.locale, NS);
  const trend = await npsTrend(em, 6);
  return (
    <div data-testid="feedback-nps-widget" data-nps={trend.overall ?? ''} data-responses={trend.responses}>
      <p className="mb-1 text-sm text-slate-600" data-testid="feedback-nps-summary">
        {trend.overall === null ? t('widget.none') : t('widget.overall', { nps: trend.overall, count: trend.responses })}
      </p>
      <LineChart label={t('widget.title')} points={trend.months.map((m) => ({ x: m.month, y: m.nps }))} min={-100} max={100} />
      <Link href={`/m/${FEEDBACK_ID}/report`} className="text-xs text-brand-700 hover:underline">
        {t('navReport')} →
      </Link>
    </div>
  );
}

async function InteractionPanel(props: PluginViewProps) {
  const t = translatorFor(props.locale, NS);
  const em = await forkEm(props.tenantId);
  const interactionId = String(props.params.interactionId ?? '');
  const kind = props.params.subjectKind === 'institution' ? 'institution' : 'person';
  const subjectId = String(props.params.subjectId ?? '');
  const interaction = interactionId ? await em.findOne(InteractionSchema, { id: interactionId }, { fields: ['id', 'channel'] }) : null;
  if (!interaction || !subjectId) return null;
  const subject = kind === 'person' ? await em.findOne(PersonSchema, { id: subjectId }, { fields: ['id', 'name'] }) : await em.findOne(InstitutionSchema, { id: subjectId }, { fields: ['id', 'name'] });
  if (!subject) return null;
  const products = await activeProducts(props.tenantId);
  const channel = (['visit', 'phone', 'email', 'wechat', 'meeting'] as const).find((c) => c === interaction.channel) ?? 'visit';
  return (
    <div className="space-y-2" data-testid="feedback-interaction-panel">
      <p className="text-xs text-slate-500">
        {t('fields.customer')}: <span className="font-medium text-slate-700">{subject.name}</span> · {t('recordFeedbackHint')}
      </p>
      <CaseForm products={products} preset={{ customer: { kind, id: subject.id, name: subject.name }, interactionId, channel }} testId="feedback-interaction-form" />
    </div>
  );
}

async function CustomerTab(props: PluginViewProps) {
  const ctx = await fbContext();
  const t = translatorFor(props.locale, NS);
  const f = formatters(props.locale);
  const subjectId = String(props.params.subjectId ?? '');
  const isPerson = props.params.subjectKind !== 'institution';
  const cases = await listCases(ctx, { ...(isPerson ? { personId: subjectId } : { institutionId: subjectId }), limit: 50 });
  const responses = isPerson ? await ctx.em.find(FeedbackResponseSchema, { personId: subjectId }, { orderBy: { submittedAt: 'desc' }, limit: 20 }) : [];
  const surveys = responses.length ? await ctx.em.find(FeedbackSurveySchema, { id: { $in: responses.map((r) => r.surveyId) } }, { fields: ['id', 'title'] }) : [];
  const title = new Map(surveys.map((s) => [s.id, s.title[props.locale] || s.title['zh-CN']]));
  return (
    <div className="space-y-3" data-testid="feedback-customer-tab">
      <div>
        <h3 className="mb-1 text-sm font-semibold">{t('tab.cases')}</h3>
        <CaseRows cases={cases} locale={props.locale} />
      </div>
      {isPerson && (
        <div>
          <h3 className="mb-1 text-sm font-semibold">{t('tab.surveys')}</h3>
          {!responses.length ? (
            <p className="text-sm text-slate-500">{t('tab.none')}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {responses.map((r) => (
                <li key={r.id} className="flex gap-3">
                  <span>{title.get(r.surveyId) ?? '—'}</span>
                  {r.score !== null && <span className={badge('bg-brand-50 text-brand-700')}>{`${r.scoreKind?.toUpperCase()} ${r.score}`}</span>}
                  <span className="ml-auto text-xs text-slate-400">{f.date(r.submittedAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

const ui: PluginUi = {
  nav: [{ path: '', labelKey: 'nav', permission: PERM.read }],
  pages: [
    { path: '', titleKey: 'title', permission: PERM.read, render: (p) => <CasesPage {...p} /> },
    { path: 'cases/:id', titleKey: 'title', permission: PERM.read, render: (p) => <CasePage {...p} /> },
    { path: 'ae', titleKey: 'ae.listTitle', permission: PERM.read, render: (p) => <AeListPage {...p} /> },
    { path: 'ae/:id', titleKey: 'ae.title', permission: PERM.read, render: (p) => <AePage {...p} /> },
    { path: 'surveys', titleKey: 'surveys.title', permission: PERM.surveys, render: (p) => <SurveysPage {...p} /> },
    { path: 'surveys/:id', titleKey: 'surveys.title', permission: PERM.surveys, render: (p) => <SurveyPage {...p} /> },
    { path: 'surveys/:id/sends/:sendId', titleKey: 'surveys.distribution', permission: PERM.surveys, render: (p) => <SendPage {...p} /> },
    { path: 'report', titleKey: 'report.title', permission: PERM.read, render: (p) => <ReportPage {...p} /> },
    { path: 'settings', titleKey: 'settings.title', permission: PERM.manage, render: (p) => <SettingsPage {...p} /> },
  ],
  panels: [
    { slot: 'dashboard.widgets', id: 'nps-trend', titleKey: 'widget.title', permission: PERM.read, render: (p) => <NpsWidget {...p} /> },
    { slot: 'customer.tabs', id: 'feedback', titleKey: 'tab.title', permission: PERM.read, render: (p) => <CustomerTab {...p} /> },
    { slot: 'interaction.panels', id: 'record-feedback', titleKey: 'recordFeedback', permission: PERM.read, render: (p) => <InteractionPanel {...p} /> },
  ],
  publicPages: [
    {
      purpose: 'survey',
      titleKey: 'public.title',
      async render(props) {
        const t = translatorFor(props.locale, NS);
        const found = await surveyForDelivery(await forkEm(props.tenantId), props.subject);
        if (!found || found.answered) {
          return (
            <div className="card p-5 text-center" data-testid="feedback-survey-already">
              <p className="text-base">{t('public.already')}</p>
            </div>
          );
        }
        return <SurveyAnswerForm token={props.token} title={found.survey.title} intro={found.survey.intro} questions={found.survey.questions} />;
      },
    },
  ],
};

export default ui;
