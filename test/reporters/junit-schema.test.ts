// junit.xml against the JUnit schema CI tools read (test/fixtures/junit.xsd, after Jenkins' junit-10.xsd):
// always with the schema-driven checker in xsd-lite.ts, and with xmllint too where it is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GradeEvent } from '../../grader/events.js';
import { createJunitReporter } from '../../grader/reporters/junit.js';
import { causeEvents, ODD_EVENTS, options, realEvents, replay, root, sampleEvents, tempDir } from './helpers.js';
import { loadSchema, parseXml, validate, type XmlNode } from './xsd-lite.js';

const XSD = path.join(root, 'test/fixtures/junit.xsd');
const schema = loadSchema(fs.readFileSync(XSD, 'utf8'));
const xmllint = spawnSync('xmllint', ['--version']).status === 0;

async function junitFile(events: unknown[]): Promise<string> {
  const dir = tempDir();
  await replay(createJunitReporter(options(dir)), events);
  return path.join(dir, 'junit.xml');
}

/** Runs xmllint against the schema; returns its complaints, or null when it accepts the file. */
function lint(file: string): string | null {
  try {
    execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

/** The counts a suite claims agree with the testcases it holds. */
function countProblems(doc: XmlNode): string[] {
  const problems: string[] = [];
  const sum = { tests: 0, failures: 0, errors: 0 };
  for (const suite of doc.children) {
    const cases = suite.children.filter((c) => c.name === 'testcase');
    const having = (kind: string) => cases.filter((c) => c.children.some((k) => k.name === kind)).length;
    const actual = { tests: cases.length, failures: having('failure'), errors: having('error'), skipped: having('skipped') };
    for (const [k, v] of Object.entries(actual)) if (Number(suite.attrs[k]) !== v) problems.push(`${suite.attrs.name}: ${k}=${suite.attrs[k]} but ${v} found`);
    sum.tests += actual.tests;
    sum.failures += actual.failures;
    sum.errors += actual.errors;
  }
  for (const [k, v] of Object.entries(sum)) if (Number(doc.attrs[k]) !== v) problems.push(`testsuites: ${k}=${doc.attrs[k]} but ${v} in its suites`);
  return problems;
}

const inputs: [string, () => unknown[]][] = [
  ['the recorded sample (hostile ids and output, a grader fault)', sampleEvents],
  ['a real run of six fixtures', realEvents],
  ['a run explained by root causes, with evidence', causeEvents],
  ['a run whose submission never finished', () => sampleEvents().filter((e: GradeEvent) => !(e.type === 'submission:end' && e.submissionId === 'alice'))],
  ['odd, truncated and future events', () => ODD_EVENTS],
];

describe('junit.xml against the JUnit schema', () => {
  it.each(inputs)('is valid for %s', async (_name, events) => {
    const file = await junitFile(events());
    const doc = parseXml(fs.readFileSync(file, 'utf8'));
    expect(validate(doc, schema, 'testsuites')).toEqual([]);
    expect(countProblems(doc)).toEqual([]);
    if (xmllint) expect(lint(file)).toBeNull();
  });

  it('has a checker that rejects what the schema forbids', () => {
    const bad = [
      '<testsuites skipped="1"/>',
      '<testsuites><testsuite tests="1" failures="0" errors="0"/></testsuites>',
      '<testsuites><testsuite name="s" tests="1" failures="0" errors="0" time="1.5s"/></testsuites>',
      '<testsuites><testcase name="c"/></testsuites>',
      '<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="c"><properties/></testcase></testsuite></testsuites>',
      '<testsuites>text</testsuites>',
    ];
    for (const xml of bad) expect(validate(parseXml(xml), schema, 'testsuites'), xml).not.toEqual([]);
    expect(() => parseXml('<a><b></a>')).toThrow();
    expect(() => parseXml('<a>x & y</a>')).toThrow();
  });

  it.runIf(xmllint)('is checked by xmllint, which rejects an invalid file', () => {
    const file = path.join(tempDir(), 'bad.xml');
    fs.writeFileSync(file, '<testsuites><testsuite name="s"/></testsuites>');
    expect(lint(file)).toMatch(/tests|failures|errors/);
  });

  it('has xmllint in CI, where .ci/run installs libxml2-utils', () => {
    if (process.env.CI) expect(xmllint, 'xmllint (libxml2-utils) must be installed in CI').toBe(true);
  });
});
