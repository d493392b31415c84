import { describe, expect, it } from 'vitest';
import { scoreChecks, scoreSubmission } from '../../grader/score.js';
import { greetingMatch, normalise } from '../../exercises/tcp-hello/greeting.js';

describe('scoreChecks', () => {
  it('is passed weight over total weight, skips and errors counting as failed', () => {
    const result = scoreChecks([
      { status: 'pass', weight: 2 },
      { status: 'fail', weight: 1 },
      { status: 'skip', weight: 1 },
      { status: 'error', weight: 1 },
      { status: 'pass', weight: 1 },
    ]);
    expect(result).toEqual({ score: 50, points: 3, maxPoints: 6 });
  });

  it('gives a check with a fraction that share of its weight, whatever its status', () => {
    const checks = [
      { status: 'pass' as const, weight: 3 },
      { status: 'fail' as const, weight: 2, fraction: 0.75 },
      { status: 'pass' as const, weight: 1, fraction: 1 },
      { status: 'fail' as const, weight: 2, fraction: 0 },
    ];
    expect(scoreChecks(checks)).toEqual({ score: 68.8, points: 5.5, maxPoints: 8 });
  });

  it('rounds to one decimal and handles no checks', () => {
    expect(scoreChecks([{ status: 'pass', weight: 1 }, { status: 'fail', weight: 2 }]).score).toBe(33.3);
    expect(scoreChecks([]).score).toBe(0);
  });
});

describe('scoreSubmission', () => {
  it('is the mean over the exercises, a missing exercise counting 0', () => {
    expect(scoreSubmission([{ score: 100, status: 'graded' }, { score: 50, status: 'graded' }])).toBe(75);
    expect(scoreSubmission([{ score: 100, status: 'graded' }, { score: 0, status: 'missing' }])).toBe(50);
    expect(scoreSubmission([])).toBe(0);
  });
});

describe('greeting matching', () => {
  it('accepts the exact handout greeting', () => {
    expect(greetingMatch('Ola Mundo!')).toBe('exact');
    expect(greetingMatch('xx Ola Mundo! yy')).toBe('exact');
  });

  it('accepts case, accent, punctuation and spacing variants as loose', () => {
    for (const text of ['ola mundo', 'Olá, Mundo', 'OLA   MUNDO!!!', 'olá-mundo']) expect(greetingMatch(text)).toBe('loose');
  });

  it('rejects other text', () => {
    for (const text of ['Hello World', 'ola', 'mundo ola', '']) expect(greetingMatch(text)).toBe('none');
  });

  it('normalises to lower-case letters and digits', () => {
    expect(normalise('Olá, Ação! 1')).toBe('olaacao1');
  });
});
