import type { Translate } from '@/server/i18n/translate';
import type { Tone } from './ui';

/** "产品推广 · 微信 · 格列净片": a consent scope in words (translator in the `consent` namespace). */
export function scopeText(t: Translate, s: { purpose: string; channel: string; productName?: string | null; productId?: string | null; contentType?: string | null }): string {
  const parts = [t(`purpose.${s.purpose}`)];
  if (s.channel !== 'none') parts.push(t(`channel.${s.channel}`));
  if (s.productName || s.productId) parts.push(s.productName ?? t('unknownProduct'));
  if (s.contentType) parts.push(s.contentType);
  return parts.join(' · ');
}

export function stateTone(state: string): Tone {
  return state === 'granted' ? 'green' : state === 'withdrawn' ? 'red' : state === 'reconsent_required' ? 'amber' : 'slate';
}

/** An audit action's label when the catalogue has one, else the action itself. */
export function auditActionLabel(t: Translate, action: string): string {
  const label = t(`action.${action}`);
  return label.endsWith(action) ? action : label;
}

/** An audited entity's name in words when the catalogue has one (translator in `auditLog`). */
export function entityLabel(t: Translate, entity: string): string {
  const label = t(`entity.${entity}`);
  return label.endsWith(entity) ? entity : label;
}
