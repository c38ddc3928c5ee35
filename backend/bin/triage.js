#!/usr/bin/env node
// `npx triage …` once installed: runs the built CLI (npm run build first in a checkout).
import '../dist/triage.js';
