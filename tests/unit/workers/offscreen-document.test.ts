import { describe, expect, it, vi } from 'vitest';
import { createOffscreenEnsurer, type OffscreenLike } from '../../../workers/offscreen-document';

const URL = 'chrome-extension://preflighttest/offscreen.html';

function fakeOffscreen(behaviour: () => Promise<void>) {
  const createDocument = vi.fn<OffscreenLike['createDocument']>(behaviour);
  return { offscreen: { createDocument }, createDocument };
}

describe('offscreen document ensurer', () => {
  it('creates the document with reason WORKERS, once for concurrent callers', async () => {
    const { offscreen, createDocument } = fakeOffscreen(() => new Promise((resolve) => setTimeout(resolve, 10)));
    const ensure = createOffscreenEnsurer(offscreen, URL);
    await Promise.all([ensure(), ensure(), ensure()]);
    expect(createDocument).toHaveBeenCalledTimes(1);
    expect(createDocument.mock.calls[0]![0]).toMatchObject({ url: URL, reasons: ['WORKERS'] });
  });

  it('treats Chrome\'s "single offscreen document" error as success', async () => {
    const { offscreen } = fakeOffscreen(() => Promise.reject(new Error('Only a single offscreen document may be created.')));
    await expect(createOffscreenEnsurer(offscreen, URL)()).resolves.toBeUndefined();
  });

  it('passes other failures on, and tries again on the next call', async () => {
    const { offscreen, createDocument } = fakeOffscreen(() => Promise.reject(new Error('Missing "offscreen" permission')));
    const ensure = createOffscreenEnsurer(offscreen, URL);
    await expect(ensure()).rejects.toThrow('permission');
    createDocument.mockResolvedValue(undefined);
    await expect(ensure()).resolves.toBeUndefined();
    expect(createDocument).toHaveBeenCalledTimes(2);
  });
});

describe('a createDocument call that never answers', () => {
  it('is given up on after its timeout, and the next call tries again', async () => {
    vi.useFakeTimers();
    try {
      const { offscreen, createDocument } = fakeOffscreen(() => new Promise<void>(() => {}));
      const ensure = createOffscreenEnsurer(offscreen, URL, 10_000);
      const first = ensure();
      const settled = expect(first).rejects.toThrow('did not settle in 10000 ms');
      // Callers meanwhile share the call that is under way.
      void ensure().catch(() => undefined);
      expect(createDocument).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(10_000);
      await settled;
      createDocument.mockResolvedValue(undefined);
      await expect(ensure()).resolves.toBeUndefined();
      expect(createDocument).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
