import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { escapeHtml, explanationPage } from '../src/html';
import {
  AGENCIES,
  AGENCY_NAMES,
  STAGES,
  isoDate,
  newEntrySnippet,
  newRecordText,
  outline,
  recordFileName,
  recordPatterns,
  reviewMessage,
  statusText,
} from '../src/records';

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
    agency: 'childrens-social-care',
  });
});

test('outline: block lists, level-3 entries, a frequency', () => {
  const text = '---\nchildren:\n  - Ella Okafor\n  - "Sam Okafor"\nparents: [Grace Okafor]\ncontact-frequency: weekly\n---\n\n### 3 November 2026 — Visit\n';
  assert.deepEqual(outline(text), { entryLevel: 3, people: ['Ella Okafor', 'Sam Okafor', 'Grace Okafor'], hasFrequency: true, agency: undefined });
  assert.deepEqual(outline('---\nagency: police\n---\n'), { entryLevel: 2, people: [], hasFrequency: false, agency: 'police' });
  assert.deepEqual(outline(''), { entryLevel: 2, people: [], hasFrequency: false, agency: undefined });
});

test('the new entry snippet has today\'s date, the record\'s people and its agency\'s fields', () => {
  const today = new Date(2026, 10, 5, 9, 30);
  assert.equal(isoDate(today), '2026-11-05');
  const snippet = newEntrySnippet(today, { entryLevel: 2, people: ['Jamie Smith', 'Sarah $mith'], hasFrequency: false, agency: 'childrens-social-care' });
  assert.deepEqual(snippet.split('\n').slice(0, 9), [
    '## 2026-11-05 ${1:14:00} — ${2|Home visit,School visit,Office visit,Phone call,Strategy discussion,Meeting,Case note|}',
    '',
    'Recorded: 2026-11-05',
    'Author: ${3:your name, role}',
    'Contact: ${4:home visit, announced}',
    'Present: ${5:Jamie Smith, Sarah \\$mith}',
    'Seen alone: ${6:yes}',
    'Frequency: ${7:weekly}',
    '',
  ]);
  assert.ok(snippet.split('\n').includes('### Wishes and feelings'));
  // Police: its own contact types, no "Seen alone"; a frequency in the front matter.
  const police = newEntrySnippet(today, { entryLevel: 3, people: [], hasFrequency: true, agency: 'police' });
  assert.match(police, /^### 2026-11-05 \$\{1:14:00\} — \$\{2\|Home visit,Phone call,Strategy discussion,Meeting,Case note\|\}/);
  assert.ok(!police.includes('Frequency:'));
  assert.ok(!police.includes('Seen alone:'));
  assert.ok(police.includes('#### Observations'));
  // No agency: children's social care's fields.
  assert.ok(newEntrySnippet(today, { entryLevel: 2, people: [], hasFrequency: true }).includes('Seen alone: ${6:yes}'));
});

/** The casenote program the tests check templates with (built by `cargo build`). */
function casenoteProgram(): string {
  const program = process.env.CASENOTE_SERVER ?? join(root, 'target', 'debug', 'casenote');
  assert.ok(existsSync(program), `${program} is missing: run \`cargo build\` first (or set CASENOTE_SERVER)`);
  return program;
}

test('the agencies and stages are those of grammar/vocabulary.toml', () => {
  const vocabulary = readFileSync(join(root, 'grammar', 'vocabulary.toml'), 'utf8');
  const list = (key: string) => {
    const section = vocabulary.slice(vocabulary.indexOf('[front-matter]'));
    const m = new RegExp(`^${key} = \\[(.*)\\]$`, 'm').exec(section);
    assert.ok(m, key);
    return m[1].split(',').map((v) => v.trim().replace(/^"|"$/g, ''));
  };
  assert.deepEqual([...AGENCIES], list('agency'));
  assert.deepEqual([...STAGES], list('stage'));
  assert.deepEqual(Object.keys(AGENCY_NAMES).sort(), [...AGENCIES].sort());
});

test('a new record from the template has no findings, for every agency and stage', () => {
  const program = casenoteProgram();
  const dir = mkdtempSync(join(tmpdir(), 'casenote-template-'));
  try {
    const today = new Date(2026, 10, 25, 16, 0);
    const files: string[] = [];
    for (const agency of AGENCIES) {
      // No stage, each stage alone (every genogram threshold), and all.
      for (const stages of [[], ...STAGES.map((s) => [s]), [...STAGES]]) {
        const file = join(dir, `${agency}-${stages.length === 1 ? stages[0] : stages.length}.md`);
        writeFileSync(file, newRecordText({ child: "Zoë O'Neil-Brown", agency, stages, worker: 'Amira Patel, social worker' }, today));
        files.push(file);
      }
    }
    const run = spawnSync(program, ['check', '--format', 'json', dir], {
      env: { ...process.env, CASENOTE_TODAY: '2026-11-25' },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), []);
    assert.equal(files.length, AGENCIES.length * (STAGES.length + 2));
    const text = readFileSync(join(dir, 'police-section-47.md'), 'utf8');
    assert.match(text, /^---\nchild: Zoë O'Neil-Brown\nagency: police\ndocument: case-record\nstage: \[section-47\]\n/);
    assert.match(text, /\n# Family composition\n/);
    assert.match(text, /\n```genogram\nupdated: 2026-11-25\nperson Zoë O'Neil-Brown: child, household\n```\n/);
    assert.match(text, /\n## 2026-11-25 — Case note\n\nRecorded: 2026-11-25\nAuthor: Amira Patel, social worker\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('record file names', () => {
  assert.equal(recordFileName('Zoë O\'Neil-Brown'), 'zoe-o-neil-brown.md');
  assert.equal(recordFileName('  '), 'new-record.md');
});

test('status bar text: the count is the Problems panel\'s (hints apart)', () => {
  assert.equal(statusText(undefined).text, '$(book) casenote');
  assert.equal(statusText({ error: 0, warning: 0, info: 0, hint: 0 }).text, '$(check) casenote');
  // The record: 11 warnings, 7 info and a hint; the panel lists 18.
  const some = statusText({ error: 0, warning: 11, info: 7, hint: 1 });
  assert.equal(some.text, '$(warning) casenote: 18');
  assert.equal(
    some.tooltip,
    "casenote: 18 problems in this record (11 warnings, 7 info), as in the Problems panel and 1 hint (dotted under the text, not in the Problems panel). Click for casenote's menu.",
  );
  assert.equal(statusText({ error: 1, warning: 0, info: 0, hint: 0 }).text, '$(error) casenote: 1');
  assert.match(statusText({ error: 1, warning: 0, info: 0, hint: 0 }).tooltip, /1 problem in this record \(1 error\), as in the Problems panel\./);
  assert.equal(statusText({ error: 0, warning: 0, info: 2, hint: 0 }).text, '$(info) casenote: 2');
  const hintsOnly = statusText({ error: 0, warning: 0, info: 0, hint: 2 });
  assert.equal(hintsOnly.text, '$(check) casenote');
  assert.match(hintsOnly.tooltip, /no problems in this record and 2 hints/);
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
