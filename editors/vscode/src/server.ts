// Finding the `casenote` program: the `casenote.server.path` setting when
// set, else the server bundled in the extension (`server/casenote`), else
// `casenote` on PATH.
//
// Pure apart from the file-system and environment access passed in, so it
// runs under `node --test` with a fake file system.

import * as path from 'path';

/** What discovery may look at. */
export interface Environment {
  /** The PATH variable. */
  path: string;
  /** Windows: the PATHEXT variable. */
  pathExt?: string;
  platform: NodeJS.Platform;
  home: string;
  /** The first workspace folder, for relative paths. */
  workspaceFolder?: string;
  /** The extension's own folder, which may hold a bundled server. */
  extensionPath?: string;
  /** Whether `file` is an executable regular file. */
  isExecutable(file: string): boolean;
  /** Whether `file` exists at all (for a better message). */
  exists(file: string): boolean;
}

export type Discovery =
  | { ok: true; command: string; args: string[] }
  | { ok: false; message: string; fix: string };

/** The program looked up on PATH when neither the setting nor a bundled server gives one. */
export const DEFAULT_SERVER = 'casenote';

/** Where a platform-specific .vsix carries its server (see scripts/package.mjs). */
export function bundledServer(extensionPath: string, platform: NodeJS.Platform): string {
  const api = platform === 'win32' ? path.win32 : path.posix;
  return api.join(extensionPath, 'server', platform === 'win32' ? 'casenote.exe' : 'casenote');
}

const FIX_INSTALL =
  'Install casenote (from its source folder: `cargo install --locked --path .`, or ask your IT team for the package), ' +
  'then restart VS Code, or set "casenote.server.path" to the full path of the casenote program.';

/**
 * Resolves the program to run as `PROGRAM server`: the setting when set
 * (a path, or a name looked up on PATH), else the bundled server, else
 * `casenote` on PATH.
 */
export function findServer(setting: string | undefined, env: Environment): Discovery {
  const api = env.platform === 'win32' ? path.win32 : path.posix;
  let wanted = (setting ?? '').trim();
  if (wanted === '') {
    if (env.extensionPath) {
      const bundled = bundledServer(env.extensionPath, env.platform);
      if (env.isExecutable(bundled)) {
        return { ok: true, command: bundled, args: ['server'] };
      }
    }
    wanted = DEFAULT_SERVER;
  }
  if (wanted === '~' || wanted.startsWith('~/') || wanted.startsWith('~\\')) {
    wanted = api.join(env.home, wanted.slice(1));
  }
  const hasSeparator = wanted.includes('/') || (env.platform === 'win32' && wanted.includes('\\'));
  if (hasSeparator) {
    let file = wanted;
    if (!api.isAbsolute(file)) {
      if (!env.workspaceFolder) {
        return {
          ok: false,
          message: `casenote: the server path "${setting}" is relative, and there is no workspace folder to read it from.`,
          fix: 'Set "casenote.server.path" to the full path of the casenote program.',
        };
      }
      file = api.resolve(env.workspaceFolder, file);
    }
    for (const candidate of withExtensions(file, env)) {
      if (env.isExecutable(candidate)) {
        return { ok: true, command: candidate, args: ['server'] };
      }
    }
    if (env.exists(file)) {
      return {
        ok: false,
        message: `casenote: "${file}" (setting casenote.server.path) is not a program that can be run.`,
        fix: env.platform === 'win32'
          ? 'Point "casenote.server.path" at casenote.exe.'
          : `Point "casenote.server.path" at the casenote program, and make it executable (chmod +x "${file}").`,
      };
    }
    return {
      ok: false,
      message: `casenote: the server program "${file}" (setting casenote.server.path) does not exist.`,
      fix: FIX_INSTALL,
    };
  }
  const separator = env.platform === 'win32' ? ';' : ':';
  for (const dir of env.path.split(separator)) {
    if (dir.trim() === '') {
      continue;
    }
    for (const candidate of withExtensions(api.join(dir, wanted), env)) {
      if (env.isExecutable(candidate)) {
        return { ok: true, command: candidate, args: ['server'] };
      }
    }
  }
  return {
    ok: false,
    message: `casenote: cannot find the "${wanted}" program on PATH, so records are not being checked.`,
    fix: FIX_INSTALL,
  };
}

/** On Windows, `casenote` may be `casenote.exe` (PATHEXT). */
function withExtensions(file: string, env: Environment): string[] {
  if (env.platform !== 'win32' || path.win32.extname(file) !== '') {
    return [file];
  }
  const extensions = (env.pathExt ?? '.EXE;.CMD;.BAT;.COM').split(';').filter((e) => e !== '');
  return [file, ...extensions.map((e) => file + e.toLowerCase())];
}

/** The real environment of this process. */
export function processEnvironment(workspaceFolder: string | undefined, extensionPath?: string): Environment {
  // Required lazily so that tests can use the pure functions alone.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const fs = require('fs') as typeof import('fs');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const os = require('os') as typeof import('os');
  return {
    path: process.env.PATH ?? '',
    pathExt: process.env.PATHEXT,
    platform: process.platform,
    home: os.homedir(),
    workspaceFolder,
    extensionPath,
    isExecutable(file: string): boolean {
      try {
        if (!fs.statSync(file).isFile()) {
          return false;
        }
        if (process.platform === 'win32') {
          return true;
        }
        fs.accessSync(file, fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    exists(file: string): boolean {
      return fs.existsSync(file);
    },
  };
}
