/** The browser's geolocation, in words a person can act on. */

/** Why no position came, for a `GeolocationPositionError`. */
export function describeGeolocationError(error: GeolocationPositionError): string {
  if (error.code === error.PERMISSION_DENIED) return 'Location permission was denied';
  if (error.code === error.TIMEOUT) return 'GPS did not answer in time';
  return error.message || 'Location is unavailable';
}

/** One position from the browser, or why there is none. Never throws. */
export function currentPosition(
  geolocation: Geolocation | undefined = typeof navigator === 'undefined' ? undefined : navigator.geolocation,
  timeoutMs = 15_000,
): Promise<{ lat: number; lng: number } | { error: string }> {
  if (!geolocation) return Promise.resolve({ error: 'This browser has no location service' });
  return new Promise((resolve) => {
    geolocation.getCurrentPosition(
      ({ coords }) => resolve({ lat: coords.latitude, lng: coords.longitude }),
      (error) => resolve({ error: describeGeolocationError(error) }),
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: timeoutMs },
    );
  });
}
