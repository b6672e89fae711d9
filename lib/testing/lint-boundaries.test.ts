import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

/** Lints `code` as if it lived at `file`, with the project's real config. */
async function restrictedImports(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message.split("'")[1] ?? '');
}

describe('lint enforces the dependency direction (HOUSE_STYLE.md)', () => {
  it('keeps lib/domain plain TypeScript', async () => {
    const code = "import { WebSocket } from 'ws';\nimport { useState } from 'react';\nimport Redis from 'ioredis';\nimport { getServices } from '@/lib/server/services';\nimport { x } from '@/lib/domain/other';\nexport const all = [WebSocket, useState, Redis, getServices, x];\n";
    expect(await restrictedImports('lib/domain/planted.ts', code)).toEqual(['ws', 'react', 'ioredis', '@/lib/server/services']);
  });

  it('keeps React out of lib except hooks and stores, and app/components/server out of lib', async () => {
    const code = "import { useState } from 'react';\nimport { x } from '@/app/page';\nexport const all = [useState, x];\n";
    expect(await restrictedImports('lib/bus/planted.ts', code)).toEqual(['react', '@/app/page']);
    expect(await restrictedImports('lib/hooks/planted.ts', "import { useState } from 'react';\nexport const s = useState;\n")).toEqual([]);
  });

  it('keeps lib/client browser-only and components away from server modules', async () => {
    expect(await restrictedImports('lib/client/planted.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toEqual(['node:fs']);
    expect(await restrictedImports('components/planted.tsx', "import { createHub } from '@/lib/ws/hub';\nexport const h = createHub;\n")).toEqual(['@/lib/ws/hub']);
  });
});
