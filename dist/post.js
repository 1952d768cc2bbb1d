globalThis[Symbol.for('gitlab-pipeline-trigger.step')] = 'post';
await import('./index.js');
