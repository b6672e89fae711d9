'use client';

import { ConnectionBadge } from '@/components/connection-badge';
import type { EventSourceState } from '@/lib/client/event-source-client';
import type { ReconnectingSocketState } from '@/lib/client/reconnecting-socket';

interface DriverTopBarProps {
  name: string;
  online: boolean;
  onOnlineChange(online: boolean): void;
  socket: ReconnectingSocketState;
  /** The surge stream (demand on the map). */
  surge: EventSourceState;
  /** The ride stream, shown only during a ride. */
  rideStream: EventSourceState | null;
  networkOnline: boolean;
  usingGps: boolean;
  gpsNote: string | null;
  onUseGps(): void;
  onUseSimulation(): void;
  onSignOut(): void;
}

/** Name, the Online switch, honest connection badges, the position source, and sign-out. */
export function DriverTopBar(props: DriverTopBarProps) {
  const { name, online, onOnlineChange, socket, surge, rideStream, networkOnline, usingGps, gpsNote } = props;
  return (
    <header className="pointer-events-none absolute inset-x-0 top-0 z-10 space-y-2 p-3 lg:right-auto lg:w-[448px] lg:p-6">
      <div className="pointer-events-auto flex items-center gap-3 rounded-2xl bg-white/95 px-4 py-2.5 shadow-md ring-1 ring-slate-200 backdrop-blur">
        <div className="min-w-0 flex-1">
          <p aria-hidden className="text-xs font-semibold uppercase text-brand-dark">Curbside</p>
          <h1 className="truncate text-base font-bold text-ink">
            <span className="sr-only">Curbside driver: </span>
            <span data-testid="user-name">{name}</span>
          </h1>
        </div>
        <label className="flex cursor-pointer items-center gap-2">
          <span id="online-switch-label" className={`text-sm font-semibold ${online ? 'text-emerald-800' : 'text-slate-700'}`}>Online</span>
          <button
            type="button"
            role="switch"
            aria-checked={online}
            aria-labelledby="online-switch-label"
            data-testid="online-switch"
            onClick={() => onOnlineChange(!online)}
            className={`relative h-8 w-14 shrink-0 rounded-full transition-colors focus:outline-none focus-visible:ring-4 focus-visible:ring-brand/40 ${online ? 'bg-emerald-600' : 'bg-slate-400'}`}
          >
            <span aria-hidden className={`absolute top-1 h-6 w-6 rounded-full bg-white shadow transition-[left] ${online ? 'left-7' : 'left-1'}`} />
          </button>
        </label>
        <button
          type="button"
          onClick={props.onSignOut}
          className="shrink-0 rounded-lg px-2 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 focus:outline-none focus-visible:ring-4 focus-visible:ring-brand/40"
        >
          Sign out
        </button>
      </div>
      <div className="pointer-events-auto flex flex-wrap items-center gap-2" aria-label="Connection status">
        <ConnectionBadge label="Socket" status={socket.status} nextRetryAt={socket.nextRetryAt} online={networkOnline} />
        <ConnectionBadge label="Surge" status={surge.status} nextRetryAt={surge.nextRetryAt} online={networkOnline} />
        {rideStream && <ConnectionBadge label="Ride" status={rideStream.status} nextRetryAt={rideStream.nextRetryAt} online={networkOnline} />}
        <button
          type="button"
          onClick={usingGps ? props.onUseSimulation : props.onUseGps}
          className="rounded-full bg-white px-2.5 py-1 text-xs font-semibold text-slate-800 shadow-sm ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus-visible:ring-4 focus-visible:ring-brand/40"
        >
          {usingGps ? 'Use simulated position' : 'Use my GPS'}
        </button>
      </div>
      {gpsNote && (
        <p role="status" data-testid="gps-note" className="pointer-events-auto w-fit rounded-lg bg-amber-50 px-3 py-1.5 text-xs font-medium text-amber-950 ring-1 ring-amber-200">
          {gpsNote}
        </p>
      )}
    </header>
  );
}
