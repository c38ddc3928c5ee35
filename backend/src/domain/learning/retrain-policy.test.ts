import { describe, expect, it } from 'vitest';
import { decideRetrain, retrainThreshold } from './index';

const model = { version: 'sha256:aaa', trainedOn: 200, trainingDigest: 'd1' };

describe('retrain policy', () => {
  it('trains a first model as soon as there is labelled history', () => {
    expect(decideRetrain({ cases: 0, digest: 'd0' }, null).retrain).toBe(false);
    expect(decideRetrain({ cases: 3, digest: 'd0' }, null)).toMatchObject({
      retrain: true,
      reason: 'no model yet',
    });
  });

  it('retrains when the history grew by 10 % or 1,000 labelled cases, whichever comes first', () => {
    expect(retrainThreshold(200)).toBe(20);
    expect(retrainThreshold(5)).toBe(1);
    expect(retrainThreshold(50_000)).toBe(1000);
    expect(decideRetrain({ cases: 219, digest: 'd2' }, model)).toMatchObject({
      retrain: false,
      growth: 19,
      threshold: 20,
    });
    expect(decideRetrain({ cases: 220, digest: 'd2' }, model)).toMatchObject({ retrain: true, growth: 20 });
  });

  it('never retrains on the very history the current model saw; a forced run skips only the threshold', () => {
    expect(decideRetrain({ cases: 200, digest: 'd1' }, model, { force: true }).retrain).toBe(false);
    expect(decideRetrain({ cases: 201, digest: 'd2' }, model, { force: true }).retrain).toBe(true);
    expect(decideRetrain({ cases: 200, digest: 'd2' }, { ...model, trainingDigest: null }).retrain).toBe(
      false,
    );
  });
});
