/** What the driver sees with no offer and no trip: offline, or waiting for requests. */
export function IdleCard({ online, onGoOnline }: { online: boolean; onGoOnline(): void }) {
  if (!online) {
    return (
      <section aria-labelledby="idle-heading" data-testid="idle-card" data-online="false" className="space-y-3">
        <div>
          <h2 id="idle-heading" className="text-xl font-bold text-ink">You&apos;re offline</h2>
          <p className="text-sm text-slate-700">Go online to get trip requests near you.</p>
        </div>
        <button
          type="button"
          onClick={onGoOnline}
          className="w-full rounded-xl bg-brand px-4 py-3.5 text-lg font-semibold text-white hover:bg-brand-dark focus:outline-none focus-visible:ring-4 focus-visible:ring-brand/40"
        >
          Go online
        </button>
      </section>
    );
  }
  return (
    <section aria-labelledby="idle-heading" data-testid="idle-card" data-online="true" className="flex items-center gap-3">
      <span aria-hidden className="relative flex h-3 w-3 shrink-0">
        <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-500 opacity-60 motion-reduce:animate-none" />
        <span className="relative inline-flex h-3 w-3 rounded-full bg-emerald-600" />
      </span>
      <div>
        <h2 id="idle-heading" className="text-lg font-bold text-ink">Finding trips…</h2>
        <p className="text-sm text-slate-700">You&apos;re online. New requests appear here.</p>
      </div>
    </section>
  );
}
