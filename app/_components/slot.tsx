import type { SlotId } from '@/server/plugins/contract';
import { panelsFor } from '@/server/plugins/views';
import { translatorFor } from '@/server/i18n/catalog';
import { serverContext } from '@/server/trpc/server-caller';

/**
 * Renders the panels plugins contribute to a named slot. Each panel is isolated: one failing panel
 * shows a small notice instead of breaking the page.
 */
export async function Slot({ name, params = {}, className }: { name: Exclude<SlotId, 'nav'>; params?: Record<string, string>; className?: string }) {
  const ctx = await serverContext();
  const panels = await panelsFor(ctx, name);
  if (!panels.length || !ctx.session || !ctx.tenant) return null;
  const t = translatorFor(ctx.locale);
  const rendered = await Promise.all(
    panels.map(async (panel) => {
      let body: React.ReactNode;
      try {
        body = await panel.render({ tenantId: ctx.tenant!.id, userId: ctx.session!.user.id, locale: ctx.locale, params });
      } catch {
        body = <p className="text-sm text-red-700">{t('shell.panelFailed')}</p>;
      }
      return (
        <section key={`${panel.pluginId}:${panel.id}`} className="card p-4" data-testid={`panel-${panel.pluginId}-${panel.id}`} data-slot={name}>
          <h2 className="mb-3 text-sm font-semibold text-slate-700">{t(`plugins.${panel.pluginId}.${panel.titleKey}`)}</h2>
          {body}
        </section>
      );
    }),
  );
  return <div className={className}>{rendered}</div>;
}
