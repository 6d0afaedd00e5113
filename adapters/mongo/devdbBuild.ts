import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Builds the development database (devdb/) against a patched copy of FerretDB.
 *
 * Go refuses overlays of files in the module cache, so the FerretDB module is copied next to the
 * binary, the patches in `devdb/ferretdb-patches.json` are applied to the copy, and the build uses
 * a generated go.mod that replaces the module with the copy. The project's own go.mod stays the
 * plain upstream requirement. A patch whose text is no longer in the source fails the build: a
 * silently unpatched database would scan every collection on every lookup again.
 */
interface PatchFile {
  module: string;
  patches: { file: string; from: string; to: string }[];
}

export const PATCH_LIST = 'ferretdb-patches.json';

export function buildPatchedDevdb(sourceDir: string, binary: string): SpawnSyncReturns<Buffer> {
  const spec = JSON.parse(readFileSync(path.join(sourceDir, PATCH_LIST), 'utf8')) as PatchFile;
  // Beside the (per-process) output name, so two processes building at once never share a copy.
  const workDir = `${binary}.build`;
  const moduleCopy = path.join(workDir, 'ferretdb');
  // A fresh machine's module cache may not hold FerretDB yet: `go list -m` does not fetch it.
  spawnSync('go', ['mod', 'download', spec.module], { cwd: sourceDir, stdio: ['ignore', 'inherit', 'inherit'] });
  const located = spawnSync('go', ['list', '-m', '-f', '{{.Dir}}', spec.module], { cwd: sourceDir, encoding: 'utf8' });
  const moduleDir = located.stdout?.trim();
  if (located.status !== 0 || !moduleDir) {
    throw new Error(`Could not locate ${spec.module} with "go list" (${located.stderr?.trim() || 'no output'}).`);
  }
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  cpSync(moduleDir, moduleCopy, { recursive: true });
  makeWritable(moduleCopy);
  for (const patch of spec.patches) {
    const file = path.join(moduleCopy, patch.file);
    const source = readFileSync(file, 'utf8');
    if (!source.includes(patch.from)) throw new Error(`FerretDB patch no longer applies: "${patch.from}" is not in ${patch.file}.`);
    writeFileSync(file, source.replace(patch.from, patch.to));
  }
  const modFile = path.join(workDir, 'go.mod');
  const goMod = readFileSync(path.join(sourceDir, 'go.mod'), 'utf8');
  writeFileSync(modFile, `${goMod}\nreplace ${spec.module} => ${moduleCopy}\n`);
  copyFileSync(path.join(sourceDir, 'go.sum'), path.join(workDir, 'go.sum'));
  const result = spawnSync('go', ['build', `-modfile=${modFile}`, '-o', binary, '.'], { cwd: sourceDir, stdio: ['ignore', 'inherit', 'inherit'] });
  rmSync(workDir, { recursive: true, force: true });
  return result;
}

/** The module cache is read-only; the copy must be editable (and removable on the next build). */
function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) makeWritable(full);
    else chmodSync(full, 0o644);
  }
}
