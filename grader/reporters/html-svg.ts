// Inline SVG drawings for the HTML report: transcript sequence diagrams and the score histogram.
import { escapeHtml as esc, oneLine, visible } from './html-text.js';

/** A transcript entry with its note already translated. */
export interface SeqEntry {
  t: number;
  from: string;
  to: string;
  kind: string;
  text: string;
  note: string | null;
  missed: boolean;
}

/** How lanes and kinds are named on the page (identifiers stay as they are in the data). */
export interface SeqWords {
  lane(id: string): string;
  kind(kind: string): string;
}

const AS_IS: SeqWords = { lane: (id) => id, kind: (k) => k };

const LANE_GAP = 180;
const MARGIN_X = 70;
const HEAD_H = 26;
const TOP = HEAD_H + 18;
const ROW = 26;
const CHAR_W = 6.7; // 11px monospace, generously rounded up so labels never clip
const LABEL_MAX = 60;
/** Beyond this many entries the drawing stops; the table below still lists them all. */
export const MAX_DRAWN = 300;
const RED = '#c62828';

/** The lanes a check's drawing always starts with. */
const CHECK_LANES = ['student'];

/**
 * Lanes in reading order: the `first` lanes (the student, or a pair's client and server), peers as
 * they appear, the grader last.
 */
export function lanesOf(entries: SeqEntry[], first: string[] = CHECK_LANES): string[] {
  const seen = new Set<string>(first.length ? first : CHECK_LANES);
  for (const e of entries) {
    if (e.kind !== 'stdout') seen.add(e.from).add(e.to);
  }
  const lanes = [...seen].filter((l) => l !== 'grader');
  return seen.has('grader') ? [...lanes, 'grader'] : lanes;
}

/**
 * The sequence diagram of one check; every entry is a `<g class="arrow" data-kind=…>`. A `verdict`
 * (a failed check with no entry marked missed) closes the drawing with a red rule saying why.
 */
export function sequenceSvg(
  entries: SeqEntry[],
  missedLabel: string,
  verdict?: string,
  words: SeqWords = AS_IS,
  first: string[] = CHECK_LANES,
): string {
  const drawn = entries.slice(0, MAX_DRAWN);
  const lanes = lanesOf(drawn, first);
  // Output belongs to the program that printed it when that program has a lane of its own, else the first.
  const outputLane = (e: SeqEntry) => (first.includes(e.from) ? e.from : lanes[0]!);
  const laneX = (name: string) => MARGIN_X + Math.max(0, lanes.indexOf(name)) * LANE_GAP;
  const parts: string[] = [];
  let right = laneX(lanes[lanes.length - 1]!) + MARGIN_X;
  drawn.forEach((e, i) => {
    const drawnEntry = drawEntry(e, TOP + i * ROW + 6, { laneX, lastLane: lanes[lanes.length - 1]!, missedLabel, words, outputLane });
    right = Math.max(right, drawnEntry.right);
    parts.push(drawnEntry.svg);
  });
  let height = TOP + drawn.length * ROW;
  if (entries.length > drawn.length) {
    parts.push(`<text class="more" x="8" y="${height + 6}">… +${entries.length - drawn.length}</text>`);
    height += 18;
  }
  if (verdict) {
    const rule = verdictRule(verdict, height + 4, laneX(lanes[lanes.length - 1]!) + MARGIN_X / 2);
    parts.push(rule.svg);
    right = Math.max(right, rule.right);
    height += ROW;
  }
  const heads = lanes.map((l) => laneHead(words.lane(l), laneX(l), height)).join('');
  const width = Math.ceil(right);
  return `${svgOpen('seq', width, height)}${heads}${parts.join('')}</svg>`;
}

function laneHead(name: string, x: number, height: number): string {
  return (
    '<g class="lane">' +
    `<line x1="${x}" y1="${HEAD_H}" x2="${x}" y2="${height - 2}" stroke="#999" stroke-dasharray="3 3"/>` +
    `<rect x="${x - 60}" y="2" width="120" height="${HEAD_H - 6}" rx="4" fill="#eef" stroke="#99b"/>` +
    `<text x="${x}" y="${HEAD_H - 9}" text-anchor="middle">${esc(oneLine(name, 16))}</text>` +
    `<title>${esc(visible(name))}</title></g>`
  );
}

/** What drawing one entry needs to know about the whole diagram. */
interface Layout {
  laneX: (lane: string) => number;
  lastLane: string;
  missedLabel: string;
  words: SeqWords;
  outputLane: (e: SeqEntry) => string;
}

function drawEntry(e: SeqEntry, y: number, { laneX, lastLane, missedLabel, words, outputLane }: Layout) {
  const label = `${e.missed ? '✗ ' : ''}+${e.t}ms ${oneLine(caption(e, words), LABEL_MAX)}`;
  const labelW = [...label].length * CHAR_W;
  const head = `+${e.t}ms ${words.lane(e.from)} → ${words.lane(e.to)} (${words.kind(e.kind)})`;
  const title = [head, visible(e.text), e.note ?? '', e.missed ? missedLabel : ''].filter(Boolean).join('\n');
  const stroke = e.missed ? `stroke="${RED}" stroke-dasharray="5 4"` : 'stroke="#333"';
  const fill = e.missed ? RED : '#333';
  const attrs = `class="arrow" data-kind="${esc(e.kind)}"${e.missed ? ' data-missed="true"' : ''}`;
  let body: string;
  let right: number;
  if (e.kind === 'stdout' || e.from === e.to) {
    // Output and self-events are notes beside a lane rather than arrows between two; on the
    // rightmost lane the note hangs to its left, inside the drawing, when there is room.
    const lane = e.kind === 'stdout' ? outputLane(e) : e.from;
    const leftward = lane === lastLane && laneX(lane) - labelW - 18 >= MARGIN_X / 2;
    const x = leftward ? laneX(lane) - labelW - 18 : laneX(lane) + 8;
    body =
      `<rect x="${x}" y="${y - 13}" width="${labelW + 10}" height="18" rx="3" fill="#fff8dc" ${stroke}/>` +
      `<text x="${x + 5}" y="${y}" fill="${fill}">${esc(label)}</text>`;
    right = x + labelW + 20;
  } else {
    const x1 = laneX(e.from);
    const x2 = laneX(e.to);
    const dir = x2 > x1 ? 1 : -1;
    const head = `${x2},${y + 8} ${x2 - dir * 8},${y + 4} ${x2 - dir * 8},${y + 12}`;
    body =
      `<line x1="${x1}" y1="${y + 8}" x2="${x2 - dir * 2}" y2="${y + 8}" ${stroke} stroke-width="1.5"/>` +
      `<polygon points="${head}" fill="${fill}"/>` +
      `<text x="${Math.min(x1, x2) + 8}" y="${y + 3}" fill="${fill}">${esc(label)}</text>`;
    right = Math.min(x1, x2) + 8 + labelW + 12;
  }
  return { svg: `<g ${attrs}><title>${esc(title)}</title>${body}</g>`, right };
}

/** Where the check gave up: a dashed red rule across the lanes with the reason, cut to fit. */
function verdictRule(text: string, y: number, lanesRight: number) {
  const label = `✗ ${oneLine(text, LABEL_MAX * 2)}`;
  const x2 = Math.max(lanesRight, 12 + [...label].length * CHAR_W);
  const svg =
    `<g class="verdict"><title>${esc(visible(text))}</title>` +
    `<line x1="4" y1="${y}" x2="${x2}" y2="${y}" stroke="${RED}" stroke-dasharray="6 4" stroke-width="1.5"/>` +
    `<text x="8" y="${y + 15}" fill="${RED}">${esc(label)}</text></g>`;
  return { svg, right: x2 + 8 };
}

/** What crossed the wire speaks for itself; other kinds (connect, close, expect…) name themselves. */
function caption(e: SeqEntry, words: SeqWords): string {
  // A printed line's own newline says nothing; ↵ stays for the breaks inside it.
  if (e.kind === 'stdout') return e.text.replace(/\r?\n$/, '');
  if (e.kind === 'send' || e.kind === 'recv') return e.text;
  const kind = words.kind(e.kind);
  return e.text ? `${kind} ${e.text}` : kind;
}

/** A bar chart of counts per score bucket; `barTitle(i)` describes bucket i. */
export function histogramSvg(counts: number[], barTitle: (i: number) => string): string {
  const barW = 30;
  const gap = 6;
  const plotH = 110;
  const top = 16;
  const max = Math.max(1, ...counts);
  const width = 20 + counts.length * (barW + gap);
  const height = top + plotH + 22;
  const bars = counts.map((n, i) => {
    const h = Math.round((n / max) * plotH);
    const x = 16 + i * (barW + gap);
    const y = top + plotH - h;
    return (
      `<g class="bar"><title>${esc(barTitle(i))}</title>` +
      `<rect x="${x}" y="${y}" width="${barW}" height="${Math.max(h, 1)}" fill="${n ? '#4a7bd0' : '#ddd'}"/>` +
      `<text x="${x + barW / 2}" y="${y - 3}" text-anchor="middle">${n}</text>` +
      axisLabel(x - gap / 2, top + plotH + 14, i * (100 / counts.length)) +
      '</g>'
    );
  });
  const end = axisLabel(16 + counts.length * (barW + gap) - gap / 2, top + plotH + 14, 100);
  return `${svgOpen('histogram', width + 10, height)}${bars.join('')}${end}</svg>`;
}

/** Bucket bounds sit between the bars, so a bar reads as "from here to the next label". */
function axisLabel(x: number, y: number, value: number): string {
  return `<text x="${x}" y="${y}" text-anchor="middle" class="axis">${value}</text>`;
}

function svgOpen(cls: string, width: number, height: number): string {
  const size = `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`;
  return `<svg class="${cls}" xmlns="http://www.w3.org/2000/svg" ${size} role="img">`;
}
