import { updateModuleSettings } from '@/server/services/plugins';
import type { TenantContext } from '@/server/services/context-types';
import { canHandleAe, fbError, settingsOf } from './common';
import { FEEDBACK_ID } from './manifest';
import type { FeedbackSettings } from './settings';

/**
 * Tenant-editable lexicons and SLAs (core's generic module form shows only plain values). Saved
 * through core's module settings (validated by the manifest's schema, audited). The adverse-event
 * lexicon is a pharmacovigilance control: only safety handlers may change it.
 */
export async function saveSettings(ctx: TenantContext, next: FeedbackSettings): Promise<FeedbackSettings> {
  const current = await settingsOf(ctx.em);
  if (JSON.stringify(current.aeKeywords) !== JSON.stringify(next.aeKeywords) && !canHandleAe(ctx)) {
    throw fbError('FORBIDDEN', 'aeLexiconForbidden', 'FORBIDDEN');
  }
  if (!next.aeKeywords['zh-CN'].length && !next.aeKeywords.en.length) throw fbError('VALIDATION', 'aeLexiconEmpty', 'BAD_REQUEST', {}, ['aeKeywords']);
  return (await updateModuleSettings(ctx, FEEDBACK_ID, next)) as FeedbackSettings;
}
