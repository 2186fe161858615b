import { forkEm } from '@/server/db/orm';
import { moduleSettings } from '@/server/services/plugins';
import { translatorFor } from '@/server/i18n/catalog';
import { formatters } from '@/server/i18n/translate';
import type { PluginUi, PluginViewProps } from '@/server/plugins/contract';
import { FIXTURE_ID } from './manifest';
import { NoteForm } from './note-form';
import { listNotes } from './service';

async function NotesList({ tenantId, locale, limit, subjectId }: PluginViewProps & { limit: number; subjectId?: string }) {
  const em = await forkEm(tenantId);
  const t = translatorFor(locale, `plugins.${FIXTURE_ID}`);
  const f = formatters(locale);
  const notes = (await listNotes(em, limit)).filter((n) => !subjectId || n.subjectId === subjectId);
  if (!notes.length) return <p className="text-sm text-slate-500">{t('empty')}</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="fixture-notes-list">
      {notes.map((n) => (
        <li key={n.id} className="py-2">
          <div className="text-sm font-medium">{n.title}</div>
          {n.body && <p className="text-sm whitespace-pre-wrap text-slate-700">{n.body}</p>}
          <div className="text-xs text-slate-400">{t('by', { author: n.author, time: f.dateTime(n.createdAt) })}</div>
        </li>
      ))}
    </ul>
  );
}

const ui: PluginUi = {
  nav: [{ path: '', labelKey: 'nav', permission: `${FIXTURE_ID}.read` }],
  pages: [
    {
      path: '',
      titleKey: 'title',
      permission: `${FIXTURE_ID}.read`,
      async render(props) {
        const t = translatorFor(props.locale, `plugins.${FIXTURE_ID}`);
        const settings = await moduleSettings({ em: await forkEm(props.tenantId) }, FIXTURE_ID);
        return (
          <div className="mx-auto max-w-3xl space-y-4" data-testid="fixture-notes-page">
            <h1 className="text-xl font-semibold">{t('title')}</h1>
            {typeof settings.banner === 'string' && settings.banner && <p className="rounded-md bg-brand-50 p-3 text-sm text-brand-700">{settings.banner}</p>}
            <div className="card p-4">
              <NoteForm />
            </div>
            <div className="card p-4">
              <NotesList {...props} limit={100} />
            </div>
          </div>
        );
      },
    },
  ],
  panels: [
    {
      slot: 'dashboard.widgets',
      id: 'latest',
      titleKey: 'widgetTitle',
      permission: `${FIXTURE_ID}.read`,
      async render(props) {
        const settings = await moduleSettings({ em: await forkEm(props.tenantId) }, FIXTURE_ID);
        return <NotesList {...props} limit={Number(settings.maxNotesOnDashboard) || 5} />;
      },
    },
    {
      slot: 'customer.tabs',
      id: 'notes',
      titleKey: 'tabTitle',
      permission: `${FIXTURE_ID}.read`,
      render: (props) => <NotesList {...props} limit={50} subjectId={String(props.params.subjectId ?? '')} />,
    },
  ],
};

export default ui;
