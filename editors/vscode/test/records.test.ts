import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { escapeHtml, explanationPage } from '../src/html';
import { isoDate, newEntrySnippet, outline, recordPatterns, reviewMessage, statusText } from '../src/records';

const root = join(__dirname, '..', '..', '..', '..');

test('record patterns: ** kept, relative ones anchored at each folder', () => {
  assert.deepEqual(recordPatterns(undefined, ['/w']), ['**/*.md']);
  assert.deepEqual(recordPatterns(['cases/**/*.md', '**/*.md', './x.md'], ['/w/a', '/w/b/']), [
    '/w/a/cases/**/*.md',
    '/w/b/cases/**/*.md',
    '**/*.md',
    '/w/a/x.md',
    '/w/b/x.md',
  ]);
  assert.deepEqual(recordPatterns(['cases\\*.md'], []), ['**/cases/*.md']);
  assert.deepEqual(recordPatterns([' ', ''], ['/w']), ['**/*.md']);
});

test('the outline of the example record', () => {
  const text = readFileSync(join(root, 'examples', 'jamie-smith-poor.md'), 'utf8');
  assert.deepEqual(outline(text), {
    entryLevel: 2,
    people: ['Jamie Smith', 'Sarah Smith', 'Mark Smith'],
    hasFrequency: false,
  });
});

test('outline: block lists, level-3 entries, a frequency', () => {
  const text = '---\nchildren:\n  - Ella Okafor\n  - "Sam Okafor"\nparents: [Grace Okafor]\ncontact-frequency: weekly\n---\n\n### 3 November 2026 — Visit\n';
  assert.deepEqual(outline(text), { entryLevel: 3, people: ['Ella Okafor', 'Sam Okafor', 'Grace Okafor'], hasFrequency: true });
  assert.deepEqual(outline(''), { entryLevel: 2, people: [], hasFrequency: false });
});

test('the new entry snippet has today\'s date and the record\'s people', () => {
  const today = new Date(2026, 10, 5, 9, 30);
  assert.equal(isoDate(today), '2026-11-05');
  const snippet = newEntrySnippet(today, { entryLevel: 2, people: ['Jamie Smith', 'Sarah $mith'], hasFrequency: false });
  const lines = snippet.split('\n');
  assert.match(lines[0], /^## 2026-11-05 \$\{1:14:00\} — \$\{2\|Home visit,/);
  assert.ok(lines.includes('Recorded: 2026-11-05'));
  assert.ok(lines.includes('Present: ${4:Jamie Smith, Sarah \\$mith}'));
  assert.ok(lines.includes('Frequency: ${5:weekly}'));
  assert.ok(lines.includes('### Wishes and feelings'));
  const withFrequency = newEntrySnippet(today, { entryLevel: 3, people: [], hasFrequency: true });
  assert.match(withFrequency, /^### 2026-11-05 /);
  assert.ok(!withFrequency.includes('Frequency:'));
  assert.ok(withFrequency.includes('#### Observations'));
});

test('status bar text', () => {
  assert.equal(statusText(undefined).text, '$(book) casenote');
  assert.equal(statusText({ error: 0, warning: 0, info: 0, hint: 0 }).text, '$(check) casenote');
  const some = statusText({ error: 0, warning: 11, info: 7, hint: 1 });
  assert.equal(some.text, '$(warning) casenote: 19');
  assert.match(some.tooltip, /19 findings in this record \(11 warnings, 7 info, 1 hint\)/);
  assert.equal(statusText({ error: 1, warning: 0, info: 0, hint: 0 }).text, '$(error) casenote: 1');
  assert.match(statusText({ error: 1, warning: 0, info: 0, hint: 0 }).tooltip, /1 finding in/);
});

test('the explanation page escapes and forbids scripts', () => {
  assert.equal(escapeHtml('<a href="x">&\'</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  const page = explanationPage('vague-language', '<h2>What it checks</h2>', 'vscode-resource:');
  assert.match(page, /default-src 'none'/);
  assert.doesNotMatch(page, /script-src/);
  assert.match(page, /data-rule="vague-language"/);
});

test('the review message', () => {
  assert.equal(
    reviewMessage({ records: 2, open: 1, findings: 3, unreadable: 0 }),
    'casenote: reviewed 2 records (1 open, checked as you type): 3 findings in the 1 record not open. They are listed in the Problems panel.',
  );
  assert.equal(
    reviewMessage({ records: 1, open: 0, findings: 1, unreadable: 2 }),
    'casenote: reviewed 1 record: 1 finding in the 1 record not open; 2 files could not be read. They are listed in the Problems panel.',
  );
  assert.match(reviewMessage({}), /reviewed 0 records: 0 findings/);
});
