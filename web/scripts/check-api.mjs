// Fails when src/api/schema.d.ts differs from what openapi-typescript makes of ../openapi/openapi.json.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'loket-schema-'));
const fresh = join(dir, 'schema.d.ts');
try {
  execFileSync(
    join(web, 'node_modules', '.bin', 'openapi-typescript'),
    [join(web, '..', 'openapi', 'openapi.json'), '-o', fresh],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const committed = readFileSync(join(web, 'src', 'api', 'schema.d.ts'), 'utf8');
  if (readFileSync(fresh, 'utf8') !== committed) {
    console.error(
      'check:api: web/src/api/schema.d.ts is stale: openapi/openapi.json changed since it was generated.\n' +
        '          Run `npm run gen:api` in web/ and commit the result.',
    );
    process.exit(1);
  }
  console.log('check:api: src/api/schema.d.ts matches openapi/openapi.json');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
