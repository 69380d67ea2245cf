import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { chronologyPage, genogramPage } from '../src/html';

const here = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const extension = readFileSync(join(here, 'src', 'extension.ts'), 'utf8');
const settings = readFileSync(join(here, 'src', 'settings.ts'), 'utf8');

test('every contributed command is registered by the extension', () => {
  for (const { command } of manifest.contributes.commands) {
    assert.ok(extension.includes(`registerCommand('${command}'`), `${command} is not registered`);
  }
});

test('every setting the extension reads is contributed, with a description and a default', () => {
  const properties = manifest.contributes.configuration.properties;
  const read = new Set<string>();
  for (const source of [extension, settings]) {
    for (const m of source.matchAll(/(?:get|isSet|get<[^>]+>)\('([A-Za-z.]+)'/g)) {
      read.add(`casenote.${m[1]}`);
    }
  }
  for (const m of settings.matchAll(/\['([A-Za-z]+)', '[a-z-]+'\]/g)) {
    read.add(`casenote.${m[1]}`);
  }
  for (const m of extension.matchAll(/'(casenote\.[a-zA-Z.]+)'/g)) {
    if (m[1] in properties || /^casenote\.(server\.path|files|requireConfig|trace\.server)$/.test(m[1])) {
      read.add(m[1]);
    }
  }
  assert.ok(read.size >= 12, [...read].join(' '));
  for (const key of read) {
    assert.ok(key in properties, `${key} is read but not contributed`);
  }
  for (const [key, schema] of Object.entries<{ default?: unknown; markdownDescription?: string }>(properties)) {
    assert.ok(schema.default !== undefined, `${key} has no default`);
    assert.ok((schema.markdownDescription ?? '').length > 20, `${key} has no description`);
  }
});

test('the grammar and snippets the manifest names exist', () => {
  for (const grammar of manifest.contributes.grammars) {
    JSON.parse(readFileSync(join(here, grammar.path), 'utf8'));
  }
  for (const snippets of manifest.contributes.snippets) {
    const parsed = JSON.parse(readFileSync(join(here, snippets.path), 'utf8'));
    for (const name of ['entry', 'wishes', 'decision', 'genogram']) {
      assert.ok(
        Object.values<{ prefix: string[] }>(parsed).some((s) => s.prefix.includes(name)),
        `no snippet with prefix ${name}`,
      );
    }
  }
});

test('the genogram page shows the SVG and drops scripts', () => {
  const page = genogramPage('a<b>.md', '<svg><script>alert(1)</script><text>Jamie</text></svg>', 'vscode:');
  assert.match(page, /<svg><text>Jamie<\/text><\/svg>/);
  assert.match(page, /Genogram: a&lt;b&gt;\.md/);
  assert.doesNotMatch(page, /alert/);
});

test('the chronology page is the server\'s page without scripts', () => {
  const served = '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'"></head>'
    + '<body><script>alert(1)</script><h1>Chronology: Leo Marsh</h1></body></html>';
  const page = chronologyPage(served);
  assert.match(page, /<h1>Chronology: Leo Marsh<\/h1>/);
  assert.match(page, /default-src 'none'/);
  assert.doesNotMatch(page, /alert/);
  assert.match(page, /background: #fff; color: #000;[^<]*<\/style><\/head>/);
});
