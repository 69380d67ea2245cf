import assert from 'node:assert/strict';
import { test } from 'node:test';

import { type Environment, findServer } from '../src/server';

function env(files: Record<string, 'exe' | 'file'>, over: Partial<Environment> = {}): Environment {
  return {
    path: '/usr/local/bin:/usr/bin::/opt/casenote/bin',
    platform: 'linux',
    home: '/home/amira',
    workspaceFolder: '/work/cases',
    isExecutable: (f) => files[f] === 'exe',
    exists: (f) => f in files,
    ...over,
  };
}

test('the default finds casenote on PATH, in PATH order', () => {
  const found = findServer(undefined, env({ '/usr/bin/casenote': 'exe', '/opt/casenote/bin/casenote': 'exe' }));
  assert.deepEqual(found, { ok: true, command: '/usr/bin/casenote', args: ['server'] });
  assert.deepEqual(findServer('  ', env({ '/opt/casenote/bin/casenote': 'exe' })), {
    ok: true,
    command: '/opt/casenote/bin/casenote',
    args: ['server'],
  });
});

test('a file on PATH that cannot be run is skipped', () => {
  const found = findServer('casenote', env({ '/usr/local/bin/casenote': 'file', '/usr/bin/casenote': 'exe' }));
  assert.equal(found.ok && found.command, '/usr/bin/casenote');
});

test('not on PATH: a message that names the setting and the fix', () => {
  const found = findServer('casenote', env({}));
  assert.equal(found.ok, false);
  if (!found.ok) {
    assert.match(found.message, /cannot find the "casenote" program on PATH/);
    assert.match(found.fix, /cargo install --locked --path \./);
    assert.match(found.fix, /casenote\.server\.path/);
  }
});

test('absolute, home and workspace-relative paths', () => {
  const files = {
    '/opt/x/casenote': 'exe',
    '/home/amira/bin/casenote': 'exe',
    '/work/cases/tools/casenote': 'exe',
  } as const;
  assert.equal((findServer('/opt/x/casenote', env(files)) as { command: string }).command, '/opt/x/casenote');
  assert.equal((findServer('~/bin/casenote', env(files)) as { command: string }).command, '/home/amira/bin/casenote');
  assert.equal((findServer('tools/casenote', env(files)) as { command: string }).command, '/work/cases/tools/casenote');
  assert.equal((findServer('./tools/casenote', env(files)) as { command: string }).command, '/work/cases/tools/casenote');
});

test('a configured path that is missing, or not executable, says which', () => {
  const missing = findServer('/opt/none/casenote', env({}));
  assert.equal(missing.ok, false);
  assert.match(!missing.ok ? missing.message : '', /"\/opt\/none\/casenote".*does not exist/);
  const plain = findServer('/opt/x/casenote', env({ '/opt/x/casenote': 'file' }));
  assert.equal(plain.ok, false);
  assert.match(!plain.ok ? plain.fix : '', /chmod \+x/);
  const relative = findServer('bin/casenote', env({}, { workspaceFolder: undefined }));
  assert.match(!relative.ok ? relative.message : '', /relative/);
});

test('Windows: PATHEXT and ; in PATH', () => {
  const found = findServer(
    'casenote',
    env({ 'C:\\tools\\casenote.exe': 'exe' }, { platform: 'win32', path: 'C:\\Windows;C:\\tools', pathExt: '.COM;.EXE' }),
  );
  assert.deepEqual(found, { ok: true, command: 'C:\\tools\\casenote.exe', args: ['server'] });
});

test('order: the setting, then the bundled server, then PATH', () => {
  const files = {
    '/ext/casenote-0.1.0/server/casenote': 'exe',
    '/usr/bin/casenote': 'exe',
    '/opt/x/casenote': 'exe',
  } as const;
  const withExtension = { extensionPath: '/ext/casenote-0.1.0' };
  // Set: the setting wins over the bundled server, as a path or as a name on PATH.
  assert.deepEqual(findServer('/opt/x/casenote', env(files, withExtension)), {
    ok: true,
    command: '/opt/x/casenote',
    args: ['server'],
  });
  assert.equal((findServer('casenote', env(files, withExtension)) as { command: string }).command, '/usr/bin/casenote');
  // Not set (undefined, the empty default, blanks): the bundled server wins over PATH.
  for (const unset of [undefined, '', '  ']) {
    assert.deepEqual(findServer(unset, env(files, withExtension)), {
      ok: true,
      command: '/ext/casenote-0.1.0/server/casenote',
      args: ['server'],
    });
  }
  // No bundled server (a .vsix without one), or one that cannot be run: PATH.
  assert.equal((findServer('', env(files, { extensionPath: '/ext/other' })) as { command: string }).command, '/usr/bin/casenote');
  const notExecutable = { ...files, '/ext/casenote-0.1.0/server/casenote': 'file' } as const;
  assert.equal((findServer('', env(notExecutable, withExtension)) as { command: string }).command, '/usr/bin/casenote');
  // Neither: the message names PATH and the setting.
  const none = findServer('', env({}, withExtension));
  assert.equal(none.ok, false);
  assert.match(!none.ok ? none.message : '', /cannot find the "casenote" program on PATH/);
});

test('Windows: the bundled server is server\\casenote.exe', () => {
  const found = findServer(
    '',
    env(
      { 'C:\\ext\\casenote\\server\\casenote.exe': 'exe', 'C:\\tools\\casenote.exe': 'exe' },
      { platform: 'win32', path: 'C:\\tools', extensionPath: 'C:\\ext\\casenote' },
    ),
  );
  assert.deepEqual(found, { ok: true, command: 'C:\\ext\\casenote\\server\\casenote.exe', args: ['server'] });
});
