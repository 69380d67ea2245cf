import assert from 'node:assert/strict';
import { test } from 'node:test';

import { caseloadRows, caseloadSummary } from '../src/caseload';
import { chronologyLine, chronologyPage } from '../src/html';

const answer = {
  date: '2026-11-25',
  records: [
    { path: 'b.md', record: 'CIN-2', status: 'green', findings: { total: 0 }, children_seen: [{ child: 'Ben', days_since_seen: 3, planned_frequency: '14 days', days_overdue: null }] },
    { path: 'a.md', record: '', worker: 'Amira Patel', status: 'red', findings: { total: 7 }, children_seen: [{ child: 'Ana', days_since_seen: 40, planned_frequency: '14 days', days_overdue: 26 }] },
    { path: 'c.md', record: 'CIN-3', status: 'amber', findings: { total: 1 }, children_seen: [{ child: 'Cy', days_since_seen: null }] },
  ],
  triage: [
    { concern: 'not-seen', status: 'red', path: 'a.md', child: 'Ana', line: 12, summary: 'last seen 40 days ago; planned every 14 days, 26 days overdue' },
    { concern: 'missing-genogram', status: 'amber', path: 'c.md', line: null, summary: 'no genogram' },
  ],
  uris: { 'a.md': 'file:///w/a.md', 'b.md': 'file:///w/b.md', 'c.md': 'file:///w/c.md' },
};

test('caseload rows: status as words, findings, days since seen, what needs attention', () => {
  const rows = caseloadRows(answer, 'status');
  assert.deepEqual(rows.map((r) => r.label), ['a.md', 'CIN-3', 'CIN-2']);
  const [a, c, b] = rows;
  assert.equal(a.description, 'Red · 7 findings · seen 40 days ago');
  assert.equal(a.uri, 'file:///w/a.md');
  assert.deepEqual(a.attention, [{ summary: 'last seen 40 days ago; planned every 14 days, 26 days overdue', status: 'red', line: 12 }]);
  assert.equal(a.tooltip, 'a.md (a.md): Red\nWorker: Amira Patel\nAna: last seen 40 days ago, planned every 14 days, 26 days overdue\n7 findings; 1 item needs attention');
  assert.equal(c.description, 'Amber · 1 finding · not seen');
  assert.deepEqual(c.attention, [{ summary: 'no genogram', status: 'amber', line: undefined }]);
  assert.equal(b.description, 'Green · 0 findings · seen 3 days ago');
  assert.equal(caseloadSummary(rows), '3 records: 1 red, 1 amber, 1 green');
});

test('caseload rows sort by name, days since seen and findings', () => {
  assert.deepEqual(caseloadRows(answer, 'name').map((r) => r.path), ['a.md', 'b.md', 'c.md']);
  assert.deepEqual(caseloadRows(answer, 'seen').map((r) => r.path), ['a.md', 'b.md', 'c.md']);
  assert.deepEqual(caseloadRows(answer, 'findings').map((r) => r.path), ['a.md', 'c.md', 'b.md']);
  assert.deepEqual(caseloadRows({}, 'status'), []);
});

test('a chronology row leads to its entry\'s line: confirmed events, then unconfirmed', () => {
  const chronology = { chronology: { chronologies: [{ events: [{ line: 9 }, { line: 20 }], unconfirmed: [{ line: 31 }] }] } };
  assert.equal(chronologyLine(chronology, 'row-0-0'), 9);
  assert.equal(chronologyLine(chronology, 'row-0-2'), 31);
  assert.equal(chronologyLine(chronology, 'row-0-3'), undefined);
  assert.equal(chronologyLine(chronology, 'row-1-0'), undefined);
  assert.equal(chronologyLine(chronology, 'summary'), undefined);
  assert.equal(chronologyLine(undefined, 'row-0-0'), undefined);
});

test('the chronology page runs only the panel\'s own script, by its nonce', () => {
  const served = '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'"></head>'
    + '<body><script>alert(1)</script><table><tr id="row-0-0"><td>x</td></tr></table></body></html>';
  const page = chronologyPage(served, 'abc123');
  assert.match(page, /content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-abc123'"/);
  assert.doesNotMatch(page, /alert/);
  assert.match(page, /<script nonce="abc123">[\s\S]*postMessage\(\{ row: id \}\)[\s\S]*<\/script><\/body>/);
});
