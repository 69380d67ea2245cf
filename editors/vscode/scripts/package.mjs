// `npm run package`: builds a platform-specific .vsix that carries the
// casenote server, so that a practitioner needs neither Rust nor Node.
//
//   1. the server: `cargo build --release --locked --bin casenote` at the
//      repository root, unless CASENOTE_SERVER_BINARY names a program to
//      bundle instead (CI's debug build, or a cross-compiled release one);
//   2. copied to editors/vscode/server/casenote (casenote.exe on Windows),
//      where the extension looks for it (src/server.ts);
//   3. the extension checked and bundled, then
//      `vsce package --target <platform>` → casenote-<platform>-<version>.vsix.
//
// The platform is this machine's (linux-x64, darwin-arm64, win32-x64, …);
// `npm run package -- --target linux-arm64` names another one, for a
// binary built for it and given in CASENOTE_SERVER_BINARY.

import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..'); // editors/vscode
const root = resolve(here, '..', '..'); // the crate

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(2);
}

function run(command, args, cwd) {
  console.log(`package: ${command} ${args.join(' ')}`);
  // shell on Windows only, for npx.cmd.
  execFileSync(command, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
}

const args = process.argv.slice(2);
const targetAt = args.indexOf('--target');
const target = targetAt >= 0 ? args[targetAt + 1] : `${process.platform}-${process.arch}`;
if (!target || !/^(linux|darwin|win32|alpine)-(x64|arm64|armhf)$/.test(target)) {
  fail(`"${target}" is not a VS Code platform target (e.g. linux-x64, darwin-arm64, win32-x64)`);
}
const windows = target.startsWith('win32-');

let binary = process.env.CASENOTE_SERVER_BINARY ?? '';
if (binary !== '') {
  // Relative to the folder npm was run from (npm runs scripts in editors/vscode).
  binary = resolve(process.env.INIT_CWD ?? process.cwd(), binary);
  if (!existsSync(binary) || !statSync(binary).isFile()) {
    fail(`CASENOTE_SERVER_BINARY="${process.env.CASENOTE_SERVER_BINARY}" is not a file`);
  }
} else {
  if (target !== `${process.platform}-${process.arch}`) {
    fail(`building for ${target} on ${process.platform}-${process.arch}: set CASENOTE_SERVER_BINARY to a casenote built for ${target}`);
  }
  run('cargo', ['build', '--release', '--locked', '--bin', 'casenote'], root);
  binary = join(root, 'target', 'release', windows ? 'casenote.exe' : 'casenote');
}

const serverDir = join(here, 'server');
rmSync(serverDir, { recursive: true, force: true });
mkdirSync(serverDir, { recursive: true });
const bundled = join(serverDir, windows ? 'casenote.exe' : 'casenote');
copyFileSync(binary, bundled);
chmodSync(bundled, 0o755);
console.log(`package: bundled ${binary} as server/${windows ? 'casenote.exe' : 'casenote'}`);

const { version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const out = `casenote-${target}-${version}.vsix`;
run('npx', ['tsc', '-p', '.', '--noEmit'], here);
run(process.execPath, ['esbuild.mjs', '--production'], here);
run(
  'npx',
  [
    'vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links',
    '--target', target, '--out', out,
  ],
  here,
);
console.log(`package: ${join(here, out)}`);
