import { describe, expect, it } from 'vitest';
import { CriticFiles, type CriticVerdict } from './critic-files';
import type { Messages } from './messages';

function setup(verdict: (text: string) => CriticVerdict = () => ({ ok: true, text: 'in force' })) {
  const sent: string[] = [];
  const shown: { kind: string; title: string }[] = [];
  const messages = { show: (m: { kind: string; title: string }) => shown.push(m) } as unknown as Messages;
  let changes = 0;
  const files = new CriticFiles(
    async (text, from) => {
      sent.push(`${from}:${text}`);
      return verdict(text);
    },
    messages,
    () => changes++,
  );
  return { files, sent, shown, changes: () => changes };
}

describe('the critic file the page keeps for the worker', () => {
  it('gives a restarted worker the file last in force', async () => {
    const { files, sent, changes } = setup();
    await files.load('{"c":1}', 'mine.critic.json');
    expect(files.name).toBe('mine.critic.json');
    expect(changes()).toBe(1);
    files.workerStarted();
    expect(files.name).toBeNull();
    await files.afterStart('auto', 'two-rooms');
    expect(sent).toEqual(['mine.critic.json:{"c":1}', 'mine.critic.json:{"c":1}']);
    expect(files.name).toBe('mine.critic.json');
  });

  it('after forget (a reset, a checkpoint without one) no critic comes back, not even the shipped one', async () => {
    const { files, sent } = setup();
    await files.load('{"c":1}', 'mine.critic.json');
    files.forget();
    expect(files.name).toBeNull();
    await files.afterStart('auto', 'two-rooms');
    expect(sent).toHaveLength(1);
  });

  it('a refused file keeps the one in force and says why, naming the file', async () => {
    const { files, shown } = setup((text) =>
      text === 'bad' ? { ok: false, text: 'latentDim: 8, the model has 32' } : { ok: true, text: 'ok' },
    );
    await files.load('good', 'good.critic.json');
    await files.loadFile(new File(['bad'], 'bad.critic.json'));
    expect(files.name).toBe('good.critic.json');
    expect(shown.at(-1)).toMatchObject({
      kind: 'error',
      title: expect.stringContaining('bad.critic.json was refused'),
    });
  });
});
