#!/usr/bin/env node
// This machine's npm registry does not serve every platform's optional binary (e.g.
// @tailwindcss/oxide-darwin-x64, @next/swc-win32-x64-msvc): `npm install` then leaves them
// out of package-lock.json, and `npm ci` rejects the lock as "not in sync". This adds an
// `optional: true` entry for each one, which `npm ci` accepts and skips on other platforms.
// Run it after every `npm install` that changes the lock (`npm run lock`); a test checks it.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function missingOptionalEntries(lock) {
  const packages = lock.packages ?? {};
  const missing = new Map();
  for (const [path, entry] of Object.entries(packages)) {
    for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
      const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
      if (packages[nested] || packages[`node_modules/${name}`]) continue;
      missing.set(`node_modules/${name}`, { version: spec.replace(/^[\^~=]/, ''), optional: true });
    }
  }
  return missing;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = new URL('../package-lock.json', import.meta.url);
  const lock = JSON.parse(readFileSync(file, 'utf8'));
  const missing = missingOptionalEntries(lock);
  for (const [key, entry] of missing) lock.packages[key] = entry;
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`package-lock.json: added ${missing.size} optional entries the registry does not serve`);
}
