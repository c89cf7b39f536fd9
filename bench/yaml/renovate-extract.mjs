// Renovate's own extraction, in one node process: each file Renovate's CLI read for a manager (listed in its
// extract report) goes through that manager's extractPackageFile, so parsing is measured without Renovate's start-up,
// repository scan and logging. Prints the docker dependencies found per manager as JSON.
// Usage: node renovate-extract.mjs RENOVATE_DIR REPORT.json REPO_DIR
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [renovateDir, reportPath, repoDir] = process.argv.slice(2);
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
// Managers that read other files (gitlabci's local includes) resolve them under the repository, as the CLI sets it.
const { GlobalConfig } = await import(pathToFileURL(join(renovateDir, 'dist/config/global.js')).href);
GlobalConfig.set({ localDir: repoDir });
const packageFiles = Object.values(report.repositories)[0].packageFiles ?? {};
const counts = {};
for (const [manager, files] of Object.entries(packageFiles)) {
  const { extractPackageFile } = await import(pathToFileURL(join(renovateDir, 'dist/modules/manager', manager, 'extract.js')).href);
  let all = 0, usable = 0;
  for (const { packageFile } of files) {
    const content = readFileSync(join(repoDir, packageFile), 'utf8');
    const result = await extractPackageFile(content, packageFile, {});
    for (const dep of result?.deps ?? []) {
      if (dep.datasource !== 'docker') continue;
      all++;
      if (!dep.skipReason) usable++;
    }
  }
  counts[manager] = { files: files.length, all, usable };
}
console.log(JSON.stringify(counts));
