import { describe, expect, it } from 'vitest';
import { isNotRated, ratingWordKey, resolveRatingWords } from '../../src/normalise/rating-words.js';
import { stageOfRatingHeader, stageTarget } from '../../src/load/calibrated-columns.js';
import { periodInLabel } from '../../src/load/cycle-inference.js';

const none = new Map<string, number>();

describe('ratings as words', () => {
  it('reads the scale file\'s labels without case, accents, punctuation or repeated spaces', () => {
    const labels = new Map([['Übertrifft die Erwartungen', 4], ['Erfüllt die Erwartungen', 3]].map(([l, v]) => [ratingWordKey(l as string), v as number]));
    expect(resolveRatingWords(['ÜBERTRIFFT DIE  ERWARTUNGEN', 'erfullt die erwartungen'], labels)).toMatchObject({
      how: 'scale',
      values: new Map([['ÜBERTRIFFT DIE  ERWARTUNGEN', 4], ['erfullt die erwartungen', 3]]),
    });
  });

  it('takes the number a label starts with', () => {
    expect(resolveRatingWords(['3 - Meets Expectations', '4 Exceeds'], none)).toMatchObject({ how: 'number-prefix', values: new Map([['3 - Meets Expectations', 3], ['4 Exceeds', 4]]) });
  });

  it('is certain when only one wording size has every word, or every fitting size reads them alike', () => {
    expect(resolveRatingWords(['Meets Expectations', 'Far Exceeds Expectations'], none)).toMatchObject({ how: 'built-in', points: 5, values: new Map([['Meets Expectations', 3], ['Far Exceeds Expectations', 5]]) });
    expect(resolveRatingWords(['Conforme aux attentes', 'Répond partiellement aux attentes'], none)).toMatchObject({ how: 'built-in', values: new Map([['Conforme aux attentes', 3], ['Répond partiellement aux attentes', 2]]) });
  });

  it('asks when the scale size changes the numbers, naming the sizes that read differently; a declared size answers', () => {
    const asked = resolveRatingWords(['Meets Expectations', 'Exceeds Expectations'], none);
    expect(asked).toMatchObject({ fits: [3, 5] });
    expect((asked as { question: string }).question).toContain('"Meets Expectations" is 2 of 3 or 3 of 5');
    expect(resolveRatingWords(['Meets Expectations', 'Exceeds Expectations'], none, 3)).toMatchObject({ values: new Map([['Meets Expectations', 2], ['Exceeds Expectations', 3]]) });
  });

  it('says which words it does not know', () => {
    expect(resolveRatingWords(['Meets Expectations', 'Rockstar'], none)).toEqual({ unknown: ['Rockstar'] });
  });

  it('knows "no rating" in en/de/fr', () => {
    for (const cell of ['Too New to Rate', 'n/a', 'N/A', 'nicht bewertet', 'Trop récent pour être évalué', 'non évalué']) expect(isNotRated(cell), cell).toBe(true);
    expect(isNotRated('Meets Expectations')).toBe(false);
  });
});

describe('stage columns', () => {
  it('reads the stage a rating header names, never from a person column', () => {
    expect(stageOfRatingHeader('Self-Evaluation Avg')).toBe('self');
    expect(stageOfRatingHeader('Manager - Total')).toBe('manager');
    expect(stageOfRatingHeader('Rating After Calibration')).toBe('calibrated');
    expect(stageOfRatingHeader('Bewertung vor Kalibrierung')).toBe('manager');
    expect(stageOfRatingHeader('Bewertung nach Kalibrierung')).toBe('calibrated');
    expect(stageOfRatingHeader('Note finale')).toBe('final');
    expect(stageOfRatingHeader('Manager ID')).toBeNull();
    expect(stageOfRatingHeader('Manager Email')).toBeNull();
    expect(stageOfRatingHeader('Overall Rating')).toBeNull();
  });

  it('maps the @stage syntax onto the stage column', () => {
    expect(stageTarget('ratings.rating@calibrated')).toBe('calibrated.rating');
    expect(stageTarget('rating@self')).toBe('self.rating');
    expect(stageTarget('rating')).toBe('rating');
  });
});

describe('review cycle labels', () => {
  it('finds the period in a longer label, or none when two periods are named', () => {
    expect(periodInLabel('H2 2026 Performance Review')).toMatchObject({ period: { start: '2026-07-01', end: '2026-12-31' }, text: 'H2 2026' });
    expect(periodInLabel('Revue annuelle 2026')).toMatchObject({ period: { start: '2026-01-01', end: '2026-12-31' } });
    expect(periodInLabel('Mid-year review')).toBeNull();
    expect(periodInLabel('2025 vs 2026 review')).toBeNull();
  });
});
