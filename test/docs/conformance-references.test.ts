/**
 * The conformance pages (docs/conformance.md and docs/conformance/*.md) name, for every reading of the guide
 * and the specifications, the test that pins it: a test file, then the test's name in quotes ("…" marks
 * a part left out; a name may wrap across lines; a quote inside it is written \"). The other pages of
 * docs/ and the README name their tests the same way. A page that names a file that is gone, or a test
 * that was renamed, no longer says what pins the behaviour, so each reference is checked here against the
 * test sources: the file exists, and every part of each quoted name is in it (whitespace compared loosely,
 * so names built from a template are found by their fixed parts). docs/decisions.md is left out: it is a
 * record of what was decided when, with the names of that time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const conformancePages = ['docs/conformance.md', ...readdirSync(join(root, 'docs/conformance')).filter((f) => f.endsWith('.md')).map((f) => `docs/conformance/${f}`)];
const otherPages = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md') && f !== 'conformance.md' && f !== 'decisions.md').map((f) => `docs/${f}`)];

/** A test file's path, then the quoted test names that follow it (separated by commas, semicolons, "and" or an opening parenthesis). */
const REFERENCE = /((?:src|test|bench|examples)\/[\w\-./]+\.test\.ts)`?((?:\s*(?:\(|,|;|and)?\s*"(?:[^"\\]|\\.)+")*)/g;
const QUOTED = /"((?:[^"\\]|\\.)+)"/g;
const loose = (s: string): string => s.replace(/\\(['"`])/g, '$1').replace(/\s+/g, ' ');

interface Reference { page: string; file: string; names: string[] }

function references(pages: string[]): Reference[] {
  const out: Reference[] = [];
  for (const page of pages) {
    for (const m of readFileSync(join(root, page), 'utf8').matchAll(REFERENCE)) {
      out.push({ page, file: m[1]!, names: [...m[2]!.matchAll(QUOTED)].map((q) => q[1]!.replace(/\\"/g, '"')) });
    }
  }
  return out;
}

/** The references that no longer point at a test: a file that is gone, or a name with a part not in the file. */
function stale(refs: Reference[]): string[] {
  const out: string[] = [];
  for (const { page, file, names } of refs) {
    if (!existsSync(join(root, file))) { out.push(`${page}: ${file} does not exist`); continue; }
    const source = loose(readFileSync(join(root, file), 'utf8'));
    for (const name of names) {
      const parts = loose(name).split('…').map((p) => p.trim()).filter((p) => p.length > 0);
      const gone = parts.filter((p) => !source.includes(p));
      if (gone.length > 0) out.push(`${page}: ${file} has no test "${loose(name)}" (missing: "${gone.join('", "')}")`);
    }
  }
  return out;
}

test('conformance pages: every test file a row names exists, and every quoted test name is in that file', () => {
  const refs = references(conformancePages);
  assert.ok(refs.length >= 80, `the pages name at least 80 tests (found ${refs.length}); has the reference format changed?`);
  assert.ok(refs.filter((r) => r.names.length > 0).length >= 40, 'most references quote a test name');
  assert.deepEqual(stale(refs), []);
});

test('README and the other pages of docs/ (not decisions.md): every test they name exists under that name', () => {
  const refs = references(otherPages);
  assert.ok(refs.length >= 50, `the pages name at least 50 tests (found ${refs.length})`);
  assert.deepEqual(stale(refs), []);
});

test('the reference reader: a stale file, a renamed test and a quote written \\" inside a name are told apart', () => {
  // Built from two parts: the whole name must not appear in this file's own text.
  const unwritten = ['a test that was', 'never written'].join(' ');
  const refs: Reference[] = [
    { page: 'p', file: 'test/docs/conformance-references.test.ts', names: ['the reference reader: … told apart'] },
    { page: 'p', file: 'test/docs/no-such.test.ts', names: [] },
    { page: 'p', file: 'test/docs/conformance-references.test.ts', names: [unwritten] },
  ];
  assert.deepEqual(stale(refs), ['p: test/docs/no-such.test.ts does not exist', `p: test/docs/conformance-references.test.ts has no test "${unwritten}" (missing: "${unwritten}")`]);
  const [read] = [...'see `src/x.test.ts` ("mode \\"viewed\\" …")'.matchAll(REFERENCE)];
  assert.deepEqual([read![1], [...read![2]!.matchAll(QUOTED)].map((q) => q[1]!.replace(/\\"/g, '"'))], ['src/x.test.ts', ['mode "viewed" …']]);
});
