import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackgroundWork } from '../../src/departments/background-work.js';

// A request's own work while its departments answer starts once they are busy with its calls.

const fail = (error: unknown): never => {
  throw error;
};

describe('work done while the departments answer', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('starts 5 ms after the first department call', () => {
    const work = new BackgroundWork(fail);
    const task = vi.fn();
    work.asking();
    work.run(task);
    work.asking();
    vi.advanceTimersByTime(4);
    expect(task).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(task).toHaveBeenCalledOnce();
  });

  it('starts at the first answer when that comes sooner', () => {
    const work = new BackgroundWork(fail);
    const task = vi.fn();
    work.asking();
    work.run(task);
    work.heard();
    expect(task).toHaveBeenCalledOnce();
    vi.runAllTimers();
    expect(task).toHaveBeenCalledOnce();
  });

  it('runs at once when no department is being asked', () => {
    const work = new BackgroundWork(fail);
    const task = vi.fn();
    work.run(task);
    expect(task).toHaveBeenCalledOnce();
  });

  it('runs at once once the departments are busy', () => {
    const work = new BackgroundWork(fail);
    work.asking();
    vi.advanceTimersByTime(5);
    const task = vi.fn();
    work.run(task);
    expect(task).toHaveBeenCalledOnce();
  });

  it('runs every queued task when one throws, and hands its error on', () => {
    const errors: unknown[] = [];
    const work = new BackgroundWork((error) => errors.push(error));
    const after = vi.fn();
    work.asking();
    work.run(() => {
      throw new Error('lookup failed');
    });
    work.run(after);
    expect(() => vi.advanceTimersByTime(5)).not.toThrow();
    expect(after).toHaveBeenCalledOnce();
    expect(errors).toEqual([new Error('lookup failed')]);
  });

  it('hands on the error of a task run at once, as of a queued one', () => {
    const errors: unknown[] = [];
    const work = new BackgroundWork((error) => errors.push(error));
    expect(() =>
      work.run(() => {
        throw new Error('lookup failed');
      }),
    ).not.toThrow();
    expect(errors).toEqual([new Error('lookup failed')]);
  });
});
