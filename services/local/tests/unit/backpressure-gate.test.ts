import { BackpressureGate } from '../../src/iot-core/backpressure-gate';

describe('BackpressureGate', () => {
  it('holds publishes above the high-water mark and releases them, in order, below the low one', () => {
    const gate = new BackpressureGate(10, 5);
    const passed: number[] = [];
    gate.pass(() => passed.push(1));
    gate.update(10);
    gate.pass(() => passed.push(2));
    gate.pass(() => passed.push(3));
    gate.update(7);
    expect(passed).toEqual([1]);
    expect(gate.isOpen).toBe(false);
    gate.update(5);
    expect(passed).toEqual([1, 2, 3]);
    gate.pass(() => passed.push(4));
    expect(passed).toEqual([1, 2, 3, 4]);
  });

  it('lets everything through on release', () => {
    const gate = new BackpressureGate(2, 1);
    const passed: string[] = [];
    gate.update(3);
    gate.pass(() => passed.push('held'));
    gate.release();
    expect(passed).toEqual(['held']);
  });

  it('refuses a low-water mark that is not below the high one', () => {
    expect(() => new BackpressureGate(5, 5)).toThrow('low must be below high');
  });
});
