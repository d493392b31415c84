// The Markdown job summary written to $GITHUB_STEP_SUMMARY.
import type { Msg, RunSummary } from '../events.js';
import { fmtScore, label } from './safe.js';
import { failedMost, meanScore } from './stats.js';

type UI = (key: string, params?: Msg['params']) => string;
/** Past this many rows the table stops; GitHub caps a step summary at 1 MiB. */
const MAX_ROWS = 500;

/** Escapes text for a Markdown table cell; GitHub renders inline HTML, so `<` `>` `&` become entities. */
export function mdCell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~!()])/g, '\\$1');
}

/** The whole summary as Markdown. */
export function buildMarkdown(summary: RunSummary, t: (msg: Msg) => string): string {
  const ui: UI = (key, params) => label(t, key, params);
  const mean = meanScore(summary.submissions);
  const done = summary.submissions.filter((s) => s.result).length;
  const lines = [`## ${mdCell(ui('ui.report.title'))}`, '', ...warnings(summary, ui)];
  lines.push(mdCell(ui('ui.gh.overview', { count: done, mean: mean === null ? '—' : fmtScore(mean) })), '');
  lines.push(...scoreTable(summary, ui), '', ...failedTable(summary, ui), ...faultList(summary, ui));
  return lines.join('\n') + '\n';
}

function warnings(summary: RunSummary, ui: UI): string[] {
  const lines: string[] = [];
  const tier = summary.begin?.isolation.tier ?? 'none';
  if (tier !== 'full') lines.push(`> ⚠️ ${mdCell(ui('ui.isolation.warning', { tier: ui(`ui.isolation.tier.${tier}`) }))}`, '');
  if (!summary.end || summary.end.interrupted) lines.push(`> ⚠️ ${mdCell(ui('ui.run.interrupted'))}`, '');
  return lines;
}

function scoreTable(summary: RunSummary, ui: UI): string[] {
  const head = [ui('ui.table.student'), ...summary.exercises, ui('ui.table.total')].map(mdCell);
  const rows = summary.submissions.slice(0, MAX_ROWS).map((s) => {
    const byId = new Map((s.result?.exercises ?? []).map((x) => [x.id, x]));
    const cells = summary.exercises.map((id) => {
      const x = byId.get(id);
      if (!x) return '—';
      return x.status === 'missing' ? mdCell(ui('ui.exercise.status.missing')) : fmtScore(x.score);
    });
    const total = s.result ? `**${fmtScore(s.result.score)}**` : mdCell(ui('ui.table.notGraded'));
    return `| ${[mdCell(s.id), ...cells, total].join(' | ')} |`;
  });
  const more = summary.submissions.length - MAX_ROWS;
  const align = `|---|${'---:|'.repeat(head.length - 1)}`;
  return [`| ${head.join(' | ')} |`, align, ...rows, ...(more > 0 ? ['', `… +${more}`] : [])];
}

function failedTable(summary: RunSummary, ui: UI): string[] {
  const failed = failedMost(summary.submissions, 5);
  if (!failed.length) return [];
  const head = [ui('ui.failed.check'), ui('ui.failed.count'), ui('ui.failed.causes'), ui('ui.failed.noCause')].map(mdCell);
  const rows = failed.map((f) => {
    const causes = f.causes.map((c) => `\`${mdCell(c.code)}\` ×${c.count}`).join(', ');
    return `| ${mdCell(`${f.exercise}/${f.check}`)} | ${f.count} | ${causes} | ${f.noCause ? `×${f.noCause}` : ''} |`;
  });
  return [`### ${mdCell(ui('ui.failed.title'))}`, '', `| ${head.join(' | ')} |`, '|---|---:|---|---:|', ...rows, ''];
}

function faultList(summary: RunSummary, ui: UI): string[] {
  if (!summary.errors.length) return [];
  const items = summary.errors.map((e) => `- ${e.submissionId ? `${mdCell(e.submissionId)}: ` : ''}${mdCell(e.message)}`);
  return [`### ${mdCell(ui('ui.errors.title'))}`, '', ...items, ''];
}
