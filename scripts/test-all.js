#!/usr/bin/env node
// Runs every check the project promises (types, lint, unit + route tests on SQLite, route tests on PostgreSQL,
// browser tests), keeps going after a failure so one run shows everything, and ends with one summary line.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const artifacts = path.join(__dirname, '..', 'test-artifacts');
fs.mkdirSync(artifacts, { recursive: true });
const pgUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

const steps = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit', '-p', '.'] },
  { name: 'lint', cmd: ['npm', 'run', '--silent', 'lint'] },
  { name: 'jest (SQLite)', json: 'jest-sqlite.json', cmd: ['npx', 'jest'] },
  { name: 'jest routes (PostgreSQL)', json: 'jest-pg.json', cmd: ['npx', 'jest', 'test/routes'], env: { TEST_DATABASE_URL: pgUrl } },
  { name: 'browser (Chromium + axe)', json: 'jest-browser.json', cmd: ['npx', 'jest', '-c', 'jest.browser.config.js', '--runInBand'] },
];

let passed = 0;
let failed = 0;
let skipped = 0;
const failedSteps = [];
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const args = [...step.cmd.slice(1)];
  const jsonFile = step.json && path.join(artifacts, step.json);
  if (jsonFile) {
    fs.rmSync(jsonFile, { force: true });
    args.push('--json', `--outputFile=${jsonFile}`);
  }
  const result = spawnSync(step.cmd[0], args, { stdio: 'inherit', env: { ...process.env, ...step.env } });
  if (jsonFile && fs.existsSync(jsonFile)) {
    const r = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + r.numTodoTests;
    if (r.numTotalTests === 0) failedSteps.push(`${step.name} (ran no test)`);
    // A file that does not even load counts no failed test, but it is a failure.
    if (r.numRuntimeErrorTestSuites > 0) failedSteps.push(`${step.name} (${r.numRuntimeErrorTestSuites} test file(s) failed to load)`);
  }
  if (result.status !== 0) {
    // Jest also exits 1 with every test passed, e.g. when code still logs after a file's tests ended: say so.
    const r = jsonFile && fs.existsSync(jsonFile) ? JSON.parse(fs.readFileSync(jsonFile, 'utf8')) : undefined;
    const why = r && r.numFailedTests === 0 ? ` (exit code ${result.status} with no failed test: see "Cannot log after tests are done" or a worker crash above)` : '';
    failedSteps.push(step.name + why);
  }
}

console.log('');
if (failedSteps.length) console.log(`Failed steps: ${[...new Set(failedSteps)].join(', ')}`);
if (skipped) console.log(`Skipped tests are bug reports: ${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps.length || failed || skipped ? 1 : 0);
