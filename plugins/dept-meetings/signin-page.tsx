'use client';

import { useEffect, useRef, useState } from 'react';
import { useFormat, useT } from '@/app/_lib/i18n';
import { callPluginMutation, callPluginQuery } from '@/app/_lib/plugin-client';

const ID = 'dept-meetings';

interface Info {
  title: string;
  startsAt: Date;
  endsAt: Date;
  venue: string;
  institutionName: string;
  state: 'early' | 'open' | 'closed';
  invitees: { personId: string; name: string }[];
}

/** The phone page behind the meeting's QR code: pick yourself (or register as walk-in), sign, done. */
export function SigninPhonePage({ token }: { token: string }) {
  const t = useT(`plugins.${ID}`);
  const f = useFormat();
  const [info, setInfo] = useState<Info | null>(null);
  const [personId, setPersonId] = useState('');
  const [walkIn, setWalkIn] = useState(false);
  const [name, setName] = useState('');
  const [department, setDepartment] = useState('');
  const [last4, setLast4] = useState('');
  const [meal, setMeal] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [signed, setSigned] = useState(false);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);

  const load = () => callPluginQuery<{ token: string }, Info>(ID, 'public.signinInfo', { token }).then(setInfo, (e: Error) => setError(e.message));
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per token
  }, [token]);

  const pos = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * e.currentTarget.width) / r.width, y: ((e.clientY - r.top) * e.currentTarget.height) / r.height };
  };
  const clear = () => {
    const c = canvas.current;
    c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    setSigned(false);
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const location = await new Promise<{ latitude: number; longitude: number } | null>((resolve) => {
      if (!navigator.geolocation) return resolve(null);
      navigator.geolocation.getCurrentPosition(
        (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude }),
        () => resolve(null),
        { timeout: 4000, maximumAge: 60_000 },
      );
    });
    try {
      await callPluginMutation(ID, 'public.signin', {
        token,
        personId: walkIn ? null : personId || null,
        name: walkIn ? name : '',
        mobileLast4: last4,
        department: department || null,
        meal,
        signature: signed ? canvas.current!.toDataURL('image/png') : '',
        latitude: location?.latitude ?? null,
        longitude: location?.longitude ?? null,
      });
      setDone(walkIn ? name : info?.invitees.find((i) => i.personId === personId)?.name ?? '');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (!info) return <div className="card p-5 text-sm text-slate-600">{error ?? '…'}</div>;
  if (done !== null)
    return (
      <div className="card space-y-3 p-5" data-testid="dm-signin-done">
        <h1 className="text-lg font-semibold">{t('signin.thanks', { name: done })}</h1>
        <button
          type="button"
          className="btn-secondary"
          data-testid="dm-signin-next"
          onClick={() => {
            setDone(null);
            setPersonId('');
            setName('');
            setLast4('');
            setDepartment('');
            setWalkIn(false);
            clear();
            void load();
          }}
        >
          {t('signin.next')}
        </button>
      </div>
    );
  return (
    <div className="card space-y-4 p-5">
      <div>
        <h1 className="text-lg font-semibold">{info.title}</h1>
        <p className="text-sm text-slate-600">
          {info.institutionName} · {info.venue}
        </p>
        <p className="text-sm text-slate-600">
          {f.dateTime(new Date(info.startsAt))} – {f.dateTime(new Date(info.endsAt))}
        </p>
      </div>
      {info.state !== 'open' ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-800" data-testid="dm-signin-closed">
          {t(info.state === 'early' ? 'errors.signinEarly' : 'errors.signinClosed')}
        </p>
      ) : (
        <form className="space-y-3" onSubmit={submit}>
          {!walkIn ? (
            <label className="block">
              <span className="mb-1 block text-sm font-medium">{t('signin.whoAreYou')}</span>
              <select className="input" required value={personId} onChange={(e) => setPersonId(e.target.value)} data-testid="dm-signin-person">
                <option value="">—</option>
                {info.invitees.map((i) => (
                  <option key={i.personId} value={i.personId}>
                    {i.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <>
              <label className="block">
                <span className="mb-1 block text-sm font-medium">{t('signin.name')}</span>
                <input className="input" required value={name} onChange={(e) => setName(e.target.value)} data-testid="dm-signin-name" />
              </label>
              <label className="block">
                <span className="mb-1 block text-sm font-medium">{t('signin.department')}</span>
                <input className="input" value={department} onChange={(e) => setDepartment(e.target.value)} />
              </label>
            </>
          )}
          <button type="button" className="text-sm text-brand-700 underline" onClick={() => setWalkIn(!walkIn)} data-testid="dm-signin-walkin">
            {walkIn ? t('signin.invited') : t('signin.notListed')}
          </button>
          <label className="block">
            <span className="mb-1 block text-sm font-medium">{t('signin.last4')}</span>
            <input className="input" required inputMode="numeric" pattern="\d{4}" maxLength={4} value={last4} onChange={(e) => setLast4(e.target.value.replace(/\D/g, ''))} data-testid="dm-signin-last4" />
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={meal} onChange={(e) => setMeal(e.target.checked)} data-testid="dm-signin-meal" />
            {t('signin.meal')}
          </label>
          <div>
            <div className="mb-1 flex items-center justify-between text-sm font-medium">
              <span>{t('signin.signHere')}</span>
              <button type="button" className="text-xs text-slate-500 underline" onClick={clear}>
                {t('signin.clear')}
              </button>
            </div>
            <canvas
              ref={canvas}
              width={600}
              height={240}
              className="h-40 w-full touch-none rounded-md border border-slate-300 bg-white"
              data-testid="dm-signin-canvas"
              onPointerDown={(e) => {
                drawing.current = true;
                const ctx = e.currentTarget.getContext('2d')!;
                const p = pos(e);
                ctx.lineWidth = 4;
                ctx.lineCap = 'round';
                ctx.beginPath();
                ctx.moveTo(p.x, p.y);
              }}
              onPointerMove={(e) => {
                if (!drawing.current) return;
                const ctx = e.currentTarget.getContext('2d')!;
                const p = pos(e);
                ctx.lineTo(p.x, p.y);
                ctx.stroke();
                setSigned(true);
              }}
              onPointerUp={() => {
                drawing.current = false;
              }}
              onPointerLeave={() => {
                drawing.current = false;
              }}
            />
          </div>
          {error && (
            <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert" data-testid="dm-signin-error">
              {error}
            </p>
          )}
          <button className="btn-primary w-full" disabled={busy} data-testid="dm-signin-submit">
            {t('signin.submit')}
          </button>
          <p className="text-xs text-slate-500">{t('signin.privacy')}</p>
        </form>
      )}
    </div>
  );
}
