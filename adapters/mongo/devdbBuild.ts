import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Builds the development database (devdb/) against a patched copy of FerretDB.
 *
 * Go refuses overlays of files in the module cache, so the FerretDB module is copied next to the
 * binary, the files under the overlay folder (`devdb/_ferretdb/`, mirroring the module's paths;
 * Go ignores folders starting with `_`, so they are no part of the devdb module) are added to the
 * copy, the patches in `devdb/ferretdb-patches.json` are applied to it, and the build uses a
 * generated go.mod that replaces the module with the copy. The project's own go.mod stays the
 * plain upstream requirement. A patch whose text is no longer in the source, or an overlay file
 * that upstream now has, fails the build: a silently unpatched database would scan every
 * collection on every lookup again.
 */
interface PatchFile {
  module: string;
  /** Folder of new files, relative to devdb/. */
  overlay?: string;
  patches: { file: string; from: string; to: string }[];
}

export const PATCH_LIST = 'ferretdb-patches.json';

export function buildPatchedDevdb(sourceDir: string, binary: string): SpawnSyncReturns<Buffer> {
  const spec = readSpec(sourceDir);
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
  for (const file of overlayFiles(sourceDir, spec)) {
    const target = path.join(moduleCopy, file);
    if (existsSync(target)) throw new Error(`FerretDB overlay: ${file} exists upstream now; merge it by hand.`);
    copyFileSync(path.join(sourceDir, spec.overlay!, file), target);
  }
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

const readSpec = (sourceDir: string) => JSON.parse(readFileSync(path.join(sourceDir, PATCH_LIST), 'utf8')) as PatchFile;

/** The overlay's files, relative to the overlay folder (none without one). */
function overlayFiles(sourceDir: string, spec: PatchFile): string[] {
  if (!spec.overlay) return [];
  const root = path.join(sourceDir, spec.overlay);
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? walk(full) : [path.relative(root, full)];
    });
  return walk(root);
}

/** Every file of the patch set (the list and the overlay), so a change to any one rebuilds the binary. */
export function patchSources(sourceDir: string): string[] {
  const spec = readSpec(sourceDir);
  return [path.join(sourceDir, PATCH_LIST), ...overlayFiles(sourceDir, spec).map((file) => path.join(sourceDir, spec.overlay!, file))];
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
