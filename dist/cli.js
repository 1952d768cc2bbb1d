#!/usr/bin/env node
globalThis[Symbol.for('gitlab-pipeline-trigger.step')] = 'cli';
await import('./index.js');
