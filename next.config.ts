import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The custom server (server/main.ts) owns the process; Next only renders and routes.
  // ioredis/pino/ws are Node-only and must not be bundled into route handlers.
  serverExternalPackages: ['ioredis', 'pino', 'ws'],
};

export default nextConfig;
