// Builds the two sidebar apps before `npm start` and `npm test` when their output is missing or older
// than their sources, so the preview (and the tests of the pages that host them) always have the apps
// as they are in the working tree.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const APPS = [
  {
    workspace: 'zendesk-app',
    outputs: ['zendesk-app/dist/sidebar/index.html'],
    sources: ['zendesk-app/src', 'shared/src'],
  },
  {
    workspace: 'jira-forge-app',
    // The panel, and its harness build that `/harness/jsm` frames.
    outputs: ['jira-forge-app/dist/index.html', 'jira-forge-app/harness/dist/index.html'],
    sources: ['jira-forge-app/src', 'shared/src'],
  },
];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

for (const app of APPS) {
  const sourcesChanged = Math.max(...app.sources.map(newestMtime));
  const fresh = app.outputs.every(
    (output) => existsSync(output) && sourcesChanged <= statSync(output).mtimeMs,
  );
  if (fresh) continue;
  process.stdout.write(`Building ${app.workspace}...\n`);
  const result = spawnSync('npm', ['run', '-s', 'build', '-w', app.workspace], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
