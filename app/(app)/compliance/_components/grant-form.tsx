'use client';

import { useMemo, useState } from 'react';
import { CONTACT_CHANNELS, CONTACT_PURPOSES, GRANT_CAPTURE_METHODS, LEGAL_BASES, SEPARATE_PURPOSES, type LegalBasis } from '@/server/db/entities/compliance-enums';

type GrantCaptureMethod = (typeof GRANT_CAPTURE_METHODS)[number];
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useLocale, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';

export interface NoticeOption {
  id: string;
  purpose: string;
  locale: string;
  version: number;
  title: string;
}

export interface ProductOption {
  id: string;
  name: string;
}

type Mode = 'contact' | (typeof SEPARATE_PURPOSES)[number];

function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * Recording a consent as staff: ordinary contact purposes × channels in one go, or ONE separate
 * purpose (sensitive data, cross-border, third party) on its own — the form never bundles them.
 * The person's consent rests on the active notice of each purpose in the language they read.
 */
export function GrantForm({
  personId,
  notices,
  products,
  onDone,
  onCancel,
}: {
  personId: string;
  notices: NoticeOption[];
  products: ProductOption[];
  onDone: (r: { number: string; createdAt: Date; items: { purpose: string; channel: string }[] }) => void;
  onCancel: () => void;
}) {
  const t = useT('consent');
  const tc = useT('common');
  const locale = useLocale();
  const [mode, setMode] = useState<Mode>('contact');
  const [purposes, setPurposes] = useState<string[]>([]);
  const [channels, setChannels] = useState<string[]>([]);
  const [productId, setProductId] = useState('');
  const [contentType, setContentType] = useState('');
  const [noticeLocale, setNoticeLocale] = useState<string>(notices.some((n) => n.locale === locale) ? locale : (notices[0]?.locale ?? locale));
  const [legalBasis, setLegalBasis] = useState<LegalBasis>('consent');
  const [captureMethod, setCaptureMethod] = useState<GrantCaptureMethod>('electronic');
  const [captureReference, setCaptureReference] = useState('');
  const [occurredAt, setOccurredAt] = useState(() => localInput(new Date()));
  const [expiresAt, setExpiresAt] = useState('');
  const [recipient, setRecipient] = useState('');
  const [recipientCountry, setRecipientCountry] = useState('');
  const [note, setNote] = useState('');
  const [evidence, setEvidence] = useState<{ id: string; fileName: string } | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const grant = trpc.compliance.consent.grant.useMutation({ onSuccess: onDone });
  const errors = fieldErrorsOf(grant.error);

  const chosenPurposes = mode === 'contact' ? purposes : [mode];
  const noticeFor = useMemo(() => new Map(notices.filter((n) => n.locale === noticeLocale).map((n) => [n.purpose, n])), [notices, noticeLocale]);
  const missingNotice = chosenPurposes.filter((p) => !noticeFor.has(p));
  const items = mode === 'contact' ? purposes.flatMap((purpose) => channels.map((channel) => ({ purpose, channel, productId: productId || null, contentType: contentType || null }))) : [{ purpose: mode, channel: 'none', productId: null, contentType: contentType || null }];
  const ready = items.length > 0 && missingNotice.length === 0;
  const toggle = (list: string[], set: (v: string[]) => void, v: string) => set(list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const referenceLabel = captureMethod === 'paper_form' ? t('grant.formNumber') : captureMethod === 'verbal_witnessed' ? t('grant.witness') : captureMethod === 'double_opt_in' ? t('grant.confirmationId') : t('grant.reference');

  async function upload(file: File) {
    setUploading(true);
    setUploadError(null);
    try {
      const res = await fetch(`/api/compliance/evidence?personId=${encodeURIComponent(personId)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name), 'x-file-type': encodeURIComponent(file.type || 'application/octet-stream') },
        body: file,
      });
      const body = (await res.json()) as { id?: string; fileName?: string; error?: { message: string } };
      if (!res.ok || !body.id) throw new Error(body.error?.message ?? t('grant.uploadFailed'));
      setEvidence({ id: body.id, fileName: body.fileName ?? file.name });
    } catch (err) {
      setUploadError(err instanceof Error ? err.message : t('grant.uploadFailed'));
    } finally {
      setUploading(false);
    }
  }

  const err = (key: string) =>
    errors[key] ? (
      <p className="mt-1 text-xs text-red-700" role="alert">
        {errors[key]}
      </p>
    ) : null;

  return (
    <form
      className="mt-3 space-y-4 rounded-md border border-slate-200 bg-slate-50 p-3"
      data-testid="consent-grant-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!ready) return;
        grant.mutate({
          personId,
          items: items as never,
          noticeIds: chosenPurposes.map((p) => noticeFor.get(p)!.id),
          legalBasis,
          captureMethod,
          captureReference: captureReference || null,
          evidenceId: evidence?.id ?? null,
          occurredAt: occurredAt ? new Date(occurredAt) : null,
          expiresAt: expiresAt ? new Date(`${expiresAt}T23:59:59`) : null,
          recipient: recipient || null,
          recipientCountry: recipientCountry || null,
          note: note || null,
        });
      }}
    >
      <fieldset>
        <legend className="mb-1 text-sm font-medium">{t('grant.kind')}</legend>
        <div className="flex flex-wrap gap-3 text-sm">
          {(['contact', ...SEPARATE_PURPOSES] as Mode[]).map((m) => (
            <label key={m} className="inline-flex items-center gap-1.5">
              <input type="radio" name="grant-mode" checked={mode === m} onChange={() => setMode(m)} data-testid={`grant-mode-${m}`} />
              {m === 'contact' ? t('grant.contactPurposes') : t(`purpose.${m}`)}
            </label>
          ))}
        </div>
        {mode !== 'contact' && <p className="mt-1 text-xs text-amber-800">{t('grant.separateHint')}</p>}
      </fieldset>

      {mode === 'contact' ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <fieldset>
            <legend className="mb-1 text-sm font-medium">{t('grant.purposes')}</legend>
            {CONTACT_PURPOSES.map((p) => (
              <label key={p} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" checked={purposes.includes(p)} onChange={() => toggle(purposes, setPurposes, p)} data-testid={`grant-purpose-${p}`} />
                {t(`purpose.${p}`)}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend className="mb-1 text-sm font-medium">{t('grant.channels')}</legend>
            {CONTACT_CHANNELS.map((c) => (
              <label key={c} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" checked={channels.includes(c)} onChange={() => toggle(channels, setChannels, c)} data-testid={`grant-channel-${c}`} />
                {t(`channel.${c}`)}
              </label>
            ))}
          </fieldset>
          <label className="block text-sm">
            <span className="mb-1 block font-medium">{t('grant.product')}</span>
            <select className="input" value={productId} onChange={(e) => setProductId(e.target.value)}>
              <option value="">{t('grant.allProducts')}</option>
              {products.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-sm">
            <span className="mb-1 block font-medium">{t('grant.contentType')}</span>
            <input className="input" value={contentType} maxLength={60} onChange={(e) => setContentType(e.target.value)} placeholder={t('grant.contentTypePlaceholder')} />
          </label>
        </div>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          {mode !== 'sensitive_data' && (
            <label className="block text-sm">
              <span className="mb-1 block font-medium">{t('grant.recipient')}</span>
              <input className="input" value={recipient} maxLength={200} onChange={(e) => setRecipient(e.target.value)} data-testid="grant-recipient" />
              {err('recipient')}
            </label>
          )}
          {mode === 'cross_border' && (
            <label className="block text-sm">
              <span className="mb-1 block font-medium">{t('grant.recipientCountry')}</span>
              <input className="input" value={recipientCountry} maxLength={60} onChange={(e) => setRecipientCountry(e.target.value)} data-testid="grant-recipient-country" />
              {err('recipientCountry')}
            </label>
          )}
          {mode === 'sensitive_data' && (
            <label className="block text-sm">
              <span className="mb-1 block font-medium">{t('grant.sensitiveKind')}</span>
              <input className="input" value={contentType} maxLength={60} onChange={(e) => setContentType(e.target.value)} placeholder={t('grant.sensitiveKindPlaceholder')} />
            </label>
          )}
        </div>
      )}

      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{t('grant.noticeLanguage')}</span>
          <select className="input" value={noticeLocale} onChange={(e) => setNoticeLocale(e.target.value)}>
            {['zh-CN', 'en'].map((l) => (
              <option key={l} value={l}>
                {t(`locale.${l}`)}
              </option>
            ))}
          </select>
          <span className="mt-1 block text-xs text-slate-500">
            {chosenPurposes.filter((p) => noticeFor.has(p)).map((p) => t('grant.noticeVersion', { purpose: t(`purpose.${p}`), title: noticeFor.get(p)!.title, version: noticeFor.get(p)!.version })).join('；')}
          </span>
          {missingNotice.length > 0 && (
            <span className="mt-1 block text-xs text-red-700" role="alert" data-testid="grant-missing-notice">
              {t('grant.noNotice', { purposes: missingNotice.map((p) => t(`purpose.${p}`)).join('、') })}
            </span>
          )}
          {err('noticeIds')}
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{t('grant.legalBasis')}</span>
          <select className="input" value={legalBasis} onChange={(e) => setLegalBasis(e.target.value as LegalBasis)}>
            {LEGAL_BASES.map((b) => (
              <option key={b} value={b}>
                {t(`legalBasis.${b}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{t('grant.captureMethod')}</span>
          <select className="input" value={captureMethod} onChange={(e) => setCaptureMethod(e.target.value as GrantCaptureMethod)} data-testid="grant-capture-method">
            {GRANT_CAPTURE_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`capture.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{referenceLabel}</span>
          <input className="input" value={captureReference} maxLength={200} onChange={(e) => setCaptureReference(e.target.value)} data-testid="grant-reference" />
          {err('captureReference')}
        </label>
        <div className="text-sm">
          <span className="mb-1 block font-medium">{t('grant.evidence')}</span>
          {evidence ? (
            <span className="flex items-center gap-2">
              <span className="truncate">{evidence.fileName}</span>
              <button type="button" className="text-xs text-brand-700 underline" onClick={() => setEvidence(null)}>
                {t('grant.replaceEvidence')}
              </button>
            </span>
          ) : (
            <input type="file" accept="application/pdf,image/jpeg,image/png,image/webp,audio/mpeg,audio/mp4,audio/x-m4a,audio/wav" disabled={uploading} onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} className="block w-full text-sm" />
          )}
          {uploading && <span className="text-xs text-slate-500">{tc('working')}</span>}
          {uploadError && (
            <span className="block text-xs text-red-700" role="alert">
              {uploadError}
            </span>
          )}
          {err('evidenceId')}
        </div>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{t('grant.occurredAt')}</span>
          <input type="datetime-local" className="input" value={occurredAt} onChange={(e) => setOccurredAt(e.target.value)} />
          {err('occurredAt')}
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{t('grant.expiresAt')}</span>
          <input type="date" className="input" value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} />
          <span className="mt-1 block text-xs text-slate-500">{t('grant.expiresHint')}</span>
          {err('expiresAt')}
        </label>
        <label className="block text-sm sm:col-span-2">
          <span className="mb-1 block font-medium">{t('grant.note')}</span>
          <input className="input" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        </label>
      </div>

      {grant.error && !Object.keys(errors).length && (
        <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert" data-testid="grant-error">
          {grant.error.message}
        </p>
      )}
      {grant.error && Object.keys(errors).length > 0 && errors.items && (
        <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert" data-testid="grant-error">
          {errors.items}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <button type="submit" className="btn-primary" disabled={!ready || grant.isPending || uploading} data-testid="grant-submit">
          {grant.isPending ? tc('saving') : t('grant.submit', { count: items.length })}
        </button>
        <button type="button" className="btn-secondary" onClick={onCancel}>
          {tc('cancel')}
        </button>
      </div>
    </form>
  );
}
