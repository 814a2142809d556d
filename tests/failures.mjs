// Names every failed test in test.sh's result files, with the first line of its error, so that the last lines of a run
// (all a CI summary may keep) say what failed. Usage: node tests/failures.mjs <results directory>
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const lines = [];
const read = (name) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : null);
const unescape = (s) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const firstLine = (s) => unescape(s).trim().split('\n')[0].slice(0, 300);

for (const suite of ['sqlite', 'postgres']) {
  const trx = read(`${suite}.trx`);
  if (trx === null) { lines.push(`server tests on ${suite}: no results`); continue; }
  for (const m of trx.matchAll(/<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="Failed"[^>]*>([\s\S]*?)<\/UnitTestResult>/g)) {
    const message = /<Message>([\s\S]*?)<\/Message>/.exec(m[2]);
    lines.push(`server tests on ${suite}: ${unescape(m[1])}${message ? ' — ' + firstLine(message[1]) : ''}`);
  }
}

const vitest = read('vitest.json');
if (vitest === null) lines.push('web client tests: no results');
else {
  for (const file of JSON.parse(vitest).testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'failed') lines.push(`web client tests: ${test.fullName} — ${firstLine(test.failureMessages?.[0] ?? '')}`);
    }
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed'))
      lines.push(`web client tests: ${file.name} — ${firstLine(file.message ?? 'failed to run')}`);
  }
}

for (const suite of ['sqlite', 'postgres']) {
  const tap = read(`e2e-${suite}.tap`);
  if (tap === null) { lines.push(`end-to-end tests on ${suite}: no results`); continue; }
  const all = tap.split('\n');
  all.forEach((line, i) => {
    const m = /^\s*not ok \d+ - (.*)$/.exec(line);
    if (!m) return;
    // node's TAP reporter follows a failure with a YAML block; its "error:" line says why.
    const block = all.slice(i + 1, i + 60);
    const at = block.findIndex((l) => /^\s*error: /.test(l));
    let error = at < 0 ? '' : block[at].trim().slice('error: '.length);
    if (/^[|>][-+]?$/.test(error)) error = (block[at + 1] ?? '').trim(); // a block scalar: the text starts on the next line
    error = error.replace(/^'(.*)'$/, '$1').slice(0, 300);
    lines.push(`end-to-end tests on ${suite}: ${m[1]}${error ? ' — ' + error : ''}`);
  });
}

if (lines.length > 0) console.log(['== failed', ...lines].join('\n'));
