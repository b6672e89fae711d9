import type { Migration } from './types';

/**
 * The schema. The constraints keep the ride rules true even when requests race:
 * one active ride per rider and per driver, one open and one accepted offer per ride,
 * one offer per driver per ride, gapless chat `seq` per ride and idempotent `client_id`.
 */
export const migrations: readonly Migration[] = [
  {
    id: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE users (
  id          text PRIMARY KEY,
  role        text NOT NULL CHECK (role IN ('rider', 'driver')),
  name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 40),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- A driver's presence and last fix. Shared by every instance: dispatch reads it.
CREATE TABLE drivers (
  user_id     text PRIMARY KEY REFERENCES users (id),
  online      boolean NOT NULL DEFAULT false,
  lat         double precision CHECK (lat BETWEEN -90 AND 90),
  lng         double precision CHECK (lng BETWEEN -180 AND 180),
  heading     double precision,
  speed       double precision,
  located_at  timestamptz,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX drivers_online ON drivers (user_id) WHERE online;

CREATE TABLE rides (
  id            text PRIMARY KEY,
  rider_id      text NOT NULL REFERENCES users (id),
  driver_id     text REFERENCES users (id),
  status        text NOT NULL CHECK (status IN ('requested', 'accepted', 'arrived', 'in_progress', 'completed', 'cancelled', 'expired')),
  pickup_lat    double precision NOT NULL CHECK (pickup_lat BETWEEN -90 AND 90),
  pickup_lng    double precision NOT NULL CHECK (pickup_lng BETWEEN -180 AND 180),
  dropoff_lat   double precision NOT NULL CHECK (dropoff_lat BETWEEN -90 AND 90),
  dropoff_lng   double precision NOT NULL CHECK (dropoff_lng BETWEEN -180 AND 180),
  surge         double precision NOT NULL CHECK (surge BETWEEN 1 AND 3),
  fare_amount   numeric(10, 2) NOT NULL CHECK (fare_amount >= 0),
  fare_currency text NOT NULL,
  chat_seq      integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((status IN ('requested', 'cancelled', 'expired')) OR driver_id IS NOT NULL)
);
CREATE UNIQUE INDEX rides_one_active_per_rider ON rides (rider_id)
  WHERE status IN ('requested', 'accepted', 'arrived', 'in_progress');
CREATE UNIQUE INDEX rides_one_active_per_driver ON rides (driver_id)
  WHERE status IN ('accepted', 'arrived', 'in_progress');
CREATE INDEX rides_requested ON rides (created_at) WHERE status = 'requested';

CREATE TABLE offers (
  id          text PRIMARY KEY,
  ride_id     text NOT NULL REFERENCES rides (id),
  driver_id   text NOT NULL REFERENCES users (id),
  status      text NOT NULL CHECK (status IN ('open', 'accepted', 'rejected', 'expired', 'taken', 'cancelled')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  closed_at   timestamptz
);
CREATE UNIQUE INDEX offers_once_per_driver_per_ride ON offers (ride_id, driver_id);
CREATE UNIQUE INDEX offers_one_open_per_ride ON offers (ride_id) WHERE status = 'open';
CREATE UNIQUE INDEX offers_one_accepted_per_ride ON offers (ride_id) WHERE status = 'accepted';
CREATE UNIQUE INDEX offers_one_open_per_driver ON offers (driver_id) WHERE status = 'open';
CREATE INDEX offers_open_by_expiry ON offers (expires_at) WHERE status = 'open';

CREATE TABLE chat_messages (
  ride_id     text NOT NULL REFERENCES rides (id),
  seq         integer NOT NULL CHECK (seq >= 1),
  client_id   text NOT NULL,
  sender_id   text NOT NULL REFERENCES users (id),
  body        text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 1000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ride_id, seq),
  UNIQUE (ride_id, client_id)
);

-- The latest surge per H3 cell (written by whichever instance holds the surge lock).
CREATE TABLE surge_cells (
  h3          text PRIMARY KEY,
  multiplier  double precision NOT NULL CHECK (multiplier BETWEEN 1 AND 3),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    id: 2,
    name: 'surge rounds',
    sql: `
-- When surge was last computed, so several instances compute at most once per interval.
CREATE TABLE surge_rounds (
  id          integer PRIMARY KEY CHECK (id = 1),
  updated_at  timestamptz NOT NULL
);
`,
  },
  {
    id: 3,
    name: 'unfinished rides by age',
    sql: `
-- A starting instance reads the participants of every unfinished ride, newest first
-- (rideAccess.warm); without this it would scan every ride ever taken.
CREATE INDEX rides_unfinished ON rides (created_at) WHERE status IN ('requested', 'accepted', 'arrived', 'in_progress');
`,
  },
];
