'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '@/lib/client/http';

type Role = 'rider' | 'driver';

export function SignInForm() {
  const router = useRouter();
  const [role, setRole] = useState<Role>('rider');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role, name }),
      });
      if (!response.ok) {
        setError(await errorMessage(response));
        return;
      }
      router.push(`/${role}`);
    } catch {
      setError('Could not reach Curbside. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-5 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">I want to</legend>
        <div className="grid grid-cols-2 gap-2">
          {(['rider', 'driver'] as const).map((option) => (
            <label
              key={option}
              className={`flex cursor-pointer items-center justify-center rounded-xl border-2 px-3 py-3 font-semibold focus-within:ring-2 focus-within:ring-brand ${
                role === option ? 'border-brand bg-teal-50 text-brand-dark' : 'border-slate-200 text-slate-700'
              }`}
            >
              <input
                type="radio"
                name="role"
                value={option}
                checked={role === option}
                onChange={() => setRole(option)}
                className="sr-only"
              />
              {option === 'rider' ? 'Ride' : 'Drive'}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="space-y-2">
        <label htmlFor="name" className="block text-sm font-medium text-slate-700">Your name</label>
        <input
          id="name"
          name="name"
          required
          maxLength={40}
          autoComplete="given-name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          className="w-full rounded-xl border border-slate-300 px-3 py-3 text-base outline-none focus:border-brand focus:ring-2 focus:ring-brand/40"
          placeholder="e.g. Ada"
        />
      </div>
      {error && <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>}
      <button
        type="submit"
        disabled={busy || name.trim().length === 0}
        className="w-full rounded-xl bg-brand px-4 py-3 text-base font-semibold text-white hover:bg-brand-dark focus:outline-none focus-visible:ring-4 focus-visible:ring-brand/40 disabled:opacity-50"
      >
        {busy ? 'Signing in…' : `Continue as ${role}`}
      </button>
    </form>
  );
}
