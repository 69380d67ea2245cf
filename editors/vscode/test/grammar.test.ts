import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { scopesAt, tokenize } from './tokenize';

const root = join(__dirname, '..', '..', '..', '..');

const RECORD = `---
record: CIN-2041
worker: Amira Patel
---

# Family composition

\`\`\`genogram
updated: 2026-10-01
# the household in October
person Jamie Smith: child, male, born 2016, household
person Sarah Smith: mother, female, born 1990, PR, household
couple Sarah Smith & Mark Smith: separated 2022
couple Sarah Smith & Tom Reed: cohabiting since 2025
children of Sarah Smith & Mark Smith: Jamie Smith, Ella Smith
\`\`\`

# Case record

## 2026-11-03 14:00 — Home visit (unannounced)

Recorded: 2026-11-04
Author: Amira Patel, social worker
Contact: home visit, unannounced
Present: Jamie Smith, Sarah Smith (mother)
Seen alone: yes, in his bedroom

### Observations

Fact: Jamie showed me his **bike** and a bruise.
**Opinion:** Ms Smith's mood is low.
- Hypothesis: the bruise was caused by the fall.
*Wishes and feelings:* not obtained, Ella was asleep.
In my opinion, the visit went as planned.
The Recorded: value here is not a field.
Opinions: is not a label.

### Worker’s view

Analysis: the home conditions have worsened.

### Decision

Decision: Jamie to remain on the plan.
Endorsed by: Joanne Firth, Team Manager, 04/11/2026
Agreed with: Police, school

## 10/11/2026 — Phone call

### 3 November 2026, 14:30 — Strategy meeting

## Summary

\`\`\`text
Opinion: inside code
\`\`\`
`;

test('entry headings: the date and the contact type in the title', async () => {
  const tokens = await tokenize(RECORD);
  const date = scopesAt(tokens, RECORD, '## 2026-11-03', '2026-11-03 14:00');
  assert.ok(date.includes('constant.numeric.date.entry.casenote'), date.join(' '));
  assert.ok(date.includes('markup.heading.markdown'), date.join(' '));
  assert.ok(date.includes('heading.2.markdown'), date.join(' '));
  assert.ok(scopesAt(tokens, RECORD, '## 2026-11-03', '## ').includes('punctuation.definition.heading.markdown'));
  assert.ok(scopesAt(tokens, RECORD, '## 2026-11-03', 'Home visit').includes('support.constant.contact-type.visit.casenote'));
  assert.ok(scopesAt(tokens, RECORD, '## 2026-11-03', 'unannounced').includes('support.constant.contact-qualifier.casenote'));
  assert.ok(scopesAt(tokens, RECORD, '## 10/11/2026', '10/11/2026').includes('constant.numeric.date.entry.casenote'));
  assert.ok(scopesAt(tokens, RECORD, '## 10/11/2026', 'Phone call').includes('support.constant.contact-type.call.casenote'));
  const words = scopesAt(tokens, RECORD, '### 3 November', '3 November 2026, 14:30');
  assert.ok(words.includes('constant.numeric.date.entry.casenote') && words.includes('heading.3.markdown'), words.join(' '));
  assert.ok(scopesAt(tokens, RECORD, '### 3 November', 'Strategy meeting').includes('support.constant.contact-type.meeting.casenote'));
  // A heading without a date is Markdown's alone.
  const summary = scopesAt(tokens, RECORD, '## Summary', 'Summary');
  assert.ok(summary.includes('entity.name.section.markdown'));
  assert.ok(!summary.some((s) => s.endsWith('.casenote')), summary.join(' '));
});

test('field keys, each its own scope; dates in values', async () => {
  const tokens = await tokenize(RECORD);
  for (const [line, key, field] of [
    ['Recorded: 2026-11-04', 'Recorded', 'recorded'],
    ['Author: Amira', 'Author', 'author'],
    ['Contact: home', 'Contact', 'contact'],
    ['Present: Jamie', 'Present', 'present'],
    ['Seen alone: yes', 'Seen alone', 'seen-alone'],
  ]) {
    const scopes = scopesAt(tokens, RECORD, line, key);
    assert.ok(scopes.includes(`support.type.property-name.field.${field}.casenote`), `${key}: ${scopes.join(' ')}`);
  }
  assert.ok(scopesAt(tokens, RECORD, 'Recorded: 2026-11-04', '2026-11-04').includes('constant.numeric.date.casenote'));
  assert.ok(scopesAt(tokens, RECORD, 'Contact: home', 'home visit').includes('support.constant.contact-type.visit.casenote'));
  // Not a field: mid-sentence, and the front matter's `worker:`.
  assert.ok(!scopesAt(tokens, RECORD, 'The Recorded:', 'Recorded').some((s) => s.includes('field')));
  const worker = scopesAt(tokens, RECORD, 'worker: Amira', 'worker');
  assert.ok(!worker.some((s) => s.endsWith('.casenote')), worker.join(' '));
});

test('labels: each kind its own scope, plain, bold, italic and in a list', async () => {
  const tokens = await tokenize(RECORD);
  const cases: [string, string, string][] = [
    ['Fact: Jamie', 'Fact', 'entity.name.type.label.fact.casenote'],
    ['**Opinion:**', 'Opinion', 'keyword.control.label.opinion.casenote'],
    ['- Hypothesis:', 'Hypothesis', 'storage.type.label.hypothesis.casenote'],
    ['*Wishes and feelings:*', 'Wishes and feelings', 'string.other.label.wishes-and-feelings.casenote'],
    ['Analysis: the home', 'Analysis', 'keyword.control.label.opinion.casenote'],
    ['Decision: Jamie', 'Decision', 'entity.name.function.label.decision.casenote'],
    ['Endorsed by:', 'Endorsed by', 'support.function.label.endorsement.casenote'],
    ['Agreed with:', 'Agreed with', 'support.function.label.joint-decision.casenote'],
  ];
  for (const [line, label, scope] of cases) {
    const scopes = scopesAt(tokens, RECORD, line, label);
    assert.ok(scopes.includes(scope), `${label}: ${scopes.join(' ')}`);
  }
  const kinds = new Set(cases.map(([, , scope]) => scope.split('.label.')[1]));
  assert.equal(kinds.size, 7, 'seven label kinds, seven scopes');
  assert.ok(scopesAt(tokens, RECORD, '- Hypothesis:', '-').includes('punctuation.definition.list.begin.markdown'));
  // Markdown still works after a label.
  assert.ok(scopesAt(tokens, RECORD, 'Fact: Jamie', 'bike').includes('markup.bold.markdown'));
  assert.ok(scopesAt(tokens, RECORD, 'Endorsed by:', '04/11/2026').length > 0);
  // Inline labels.
  assert.ok(scopesAt(tokens, RECORD, 'In my opinion,', 'In my opinion').includes('keyword.control.label.opinion.inline.casenote'));
  // Not labels.
  assert.ok(!scopesAt(tokens, RECORD, 'Opinions: is', 'Opinions').some((s) => s.includes('.label.')));
  assert.ok(!scopesAt(tokens, RECORD, 'Opinion: inside code', 'Opinion').some((s) => s.endsWith('.casenote')));
});

test('section headings name their section', async () => {
  const tokens = await tokenize(RECORD);
  const observations = scopesAt(tokens, RECORD, '### Observations', 'Observations');
  assert.ok(observations.includes('entity.name.section.observations.casenote'), observations.join(' '));
  assert.ok(observations.includes('entity.name.section.markdown') && observations.includes('heading.3.markdown'));
  assert.ok(scopesAt(tokens, RECORD, '### Worker’s view', 'Worker').includes('entity.name.section.analysis.casenote'));
  assert.ok(scopesAt(tokens, RECORD, '### Decision', 'Decision').includes('entity.name.section.decision.casenote'));
  assert.ok(
    scopesAt(tokens, RECORD, '# Family composition', 'Family').includes('entity.name.section.family-composition.casenote'),
  );
});

test('the genogram language inside ```genogram blocks', async () => {
  const tokens = await tokenize(RECORD);
  const expect = (line: string, needle: string, scope: string) => {
    const scopes = scopesAt(tokens, RECORD, line, needle);
    assert.ok(scopes.includes(scope), `${needle} on ${JSON.stringify(line)}: ${scopes.join(' ')}`);
    assert.ok(scopes.includes('meta.embedded.block.genogram'), scopes.join(' '));
  };
  assert.ok(scopesAt(tokens, RECORD, '```genogram', 'genogram').includes('fenced_code.block.language.markdown'));
  expect('updated: 2026-10-01', 'updated', 'keyword.other.updated.genogram');
  expect('updated: 2026-10-01', '2026-10-01', 'constant.numeric.date.genogram');
  expect('# the household', '#', 'comment.line.number-sign.genogram');
  expect('person Jamie Smith', 'person', 'keyword.other.person.genogram');
  expect('person Jamie Smith', 'Jamie Smith', 'variable.other.person.genogram');
  expect('person Jamie Smith', 'male', 'support.constant.sex.genogram');
  expect('person Jamie Smith', 'born', 'keyword.other.born.genogram');
  expect('person Jamie Smith', '2016', 'constant.numeric.year.genogram');
  expect('person Jamie Smith', 'household', 'constant.language.household.genogram');
  expect('person Sarah Smith: mother', 'PR', 'constant.language.parental-responsibility.genogram');
  expect('couple Sarah Smith & Mark', 'couple', 'keyword.other.couple.genogram');
  expect('couple Sarah Smith & Mark', 'Mark Smith', 'variable.other.person.genogram');
  expect('couple Sarah Smith & Mark', '&', 'punctuation.separator.couple.genogram');
  expect('couple Sarah Smith & Mark', 'separated', 'support.constant.couple-status.genogram');
  expect('& Tom Reed: cohabiting', 'since', 'keyword.other.since.genogram');
  expect('children of', 'children of', 'keyword.other.children-of.genogram');
  expect('children of', 'Ella Smith', 'variable.other.person.genogram');
  // The block ends at its fence: what follows is Markdown again.
  const after = scopesAt(tokens, RECORD, '# Case record', 'Case record');
  assert.ok(!after.includes('meta.embedded.block.genogram'), after.join(' '));
});

test('the example records tokenize, and their entries and fields are coloured', async () => {
  for (const name of ['jamie-smith-poor.md', 'jamie-smith-improved.md']) {
    const text = readFileSync(join(root, 'examples', name), 'utf8');
    const tokens = await tokenize(text);
    const scopes = new Set(tokens.flatMap((t) => t.scopes));
    assert.ok(scopes.has('constant.numeric.date.entry.casenote'), name);
    assert.ok(scopes.has('support.type.property-name.field.present.casenote'), name);
    assert.ok(scopes.has('entity.name.section.observations.casenote'), name);
  }
});
