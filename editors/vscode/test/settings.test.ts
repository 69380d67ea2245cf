import assert from 'node:assert/strict';
import { test } from 'node:test';

import { needsRestart, serverOptions, type SettingsSource } from '../src/settings';

/** Settings as VS Code would give them: defaults, and what the user set. */
function source(set: Record<string, unknown>): SettingsSource {
  const defaults: Record<string, unknown> = {
    lintOn: 'type',
    training: false,
    rules: {},
    acronyms: [],
    longSentenceWords: 35,
    lateRecordingWorkingDays: 2,
    workspaceReview: false,
    docsBaseUrl: '',
  };
  return {
    get: <T>(key: string) => (key in set ? set[key] : defaults[key]) as T,
    isSet: (key: string) => key in set,
  };
}

test('defaults send only what casenote.toml cannot say', () => {
  const { options, problems } = serverOptions(source({}));
  assert.deepEqual(options, { lintOn: 'type', workspaceReview: false });
  assert.deepEqual(problems, []);
});

test('settings the user set are sent with the server names', () => {
  const { options, problems } = serverOptions(
    source({
      lintOn: 'save',
      training: true,
      rules: { 'long-sentence': 'off', 'unlabelled-opinion': 'Error' },
      acronyms: ['CAMHS', ' PEP '],
      longSentenceWords: 30,
      lateRecordingWorkingDays: 3,
      workspaceReview: true,
      docsBaseUrl: ' https://intranet.example/rules/{rule}.html ',
    }),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(options, {
    lintOn: 'save',
    workspaceReview: true,
    rules: { 'long-sentence': 'off', 'unlabelled-opinion': 'error' },
    settings: { acronyms: ['CAMHS', 'PEP'], 'long-sentence-words': 30, 'late-recording-working-days': 3 },
    training: true,
    docsBaseUrl: 'https://intranet.example/rules/{rule}.html',
  });
});

test('training set to false is sent (it overrides casenote.toml), unset is not', () => {
  assert.equal(serverOptions(source({ training: false })).options.training, false);
  assert.equal('training' in serverOptions(source({})).options, false);
});

test('bad values are reported and left out', () => {
  const { options, problems } = serverOptions(
    source({ rules: { 'long-sentence': 'loud', 'vague-language': 'hint' }, longSentenceWords: 3.5, lintOn: 'often' }),
  );
  assert.deepEqual(options.rules, { 'vague-language': 'hint' });
  assert.equal(options.settings, undefined);
  assert.equal(options.lintOn, 'type');
  assert.equal(problems.length, 3);
  assert.match(problems.join('\n'), /long-sentence/);
  assert.match(problems.join('\n'), /longSentenceWords/);
  assert.match(problems.join('\n'), /lintOn/);
});

test('which changes restart the server', () => {
  const only = (changed: string) => (key: string) => key === changed || changed.startsWith(`${key}.`);
  assert.equal(needsRestart(only('casenote.server.path')), true);
  assert.equal(needsRestart(only('casenote.files')), true);
  assert.equal(needsRestart(only('casenote.rules')), false);
  assert.equal(needsRestart(only('casenote.training')), false);
});
