/**
 * The typed-array home timelines a worker holds (src/actors/timeline-rings.ts), against a real LMDB
 * store: order, idempotence and trimming under out-of-order pushes, and what a flush leaves behind.
 */
import t, { type Test } from 'tap';
import { TimelineRings } from '../src/actors/timeline-rings.js';
import {
  ENTRY_BYTES,
  entryFlags,
  entryHi,
  entryId,
  entryLo,
  genId,
  openStore,
  type Store,
  TIMELINE_CHUNK,
  timelineEntry,
} from '../src/store/index.js';
import { tempDir } from './helpers/server.js';

const MAX = 300;

function allEntries(rings: TimelineRings, slot: number): string[] {
  return rings.page(slot, null, null, true, 1_000_000).entries.map(entryId);
}

function stored(store: Store, userId: string) {
  return store.homeTimelines.chunks(userId);
}

/** The numbers of the user's stored chunks, in key order. */
const storedSeqs = (store: Store, userId: string) => stored(store, userId).map((chunk) => chunk.seq);

/** The bytes of one stored chunk. */
const storedBytes = (store: Store, userId: string, seq: number) =>
  stored(store, userId).find((chunk) => chunk.seq === seq)?.bytes;

async function flush(store: Store, rings: TimelineRings): Promise<void> {
  const commits: Promise<unknown>[] = [];
  rings.startWrites();
  for (const slot of rings.takeChanges()) rings.write(slot, store.homeTimelines, commits);
  await Promise.all(commits);
}

/** A fresh store and one user's empty timeline in it. */
function emptyTimeline(t: Test) {
  const store = openStore({ path: tempDir('rings-'), mapSizeMb: 256 });
  t.teardown(() => store.close());
  const rings = new TimelineRings(MAX);
  const userId = genId();
  return { store, rings, userId, slot: rings.open(userId, stored(store, userId)) };
}

/** Pushes `count` notes, 10 ms apart from `ms`, with flags cycling through 0..3 when `flagged`. */
function pushNotes(rings: TimelineRings, slot: number, ms: number, count: number, flagged: boolean): number {
  for (let i = 0; i < count; i++) {
    ms += 10;
    const id = genId(ms);
    rings.push(Int32Array.of(slot), entryHi(id), entryLo(id, flagged ? i % 4 : 0), i);
  }
  return ms;
}

/** A pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

// late pushes arrive at most a few dozen notes behind (another worker's backlog), well inside the bound
t.test('pushes out of order and repeated keep a timeline sorted, unique, gap-free and bounded', async (t) => {
  const { store, rings, slot } = emptyTimeline(t);
  const next = random(7);
  const pushed = new Set<string>();
  const ids: string[] = [];
  let ms = Date.UTC(2026, 0, 1);
  for (let i = 0; i < 3_000; i++) {
    ms += 1 + Math.floor(next() * 5);
    let id = genId(ms);
    if (next() < 0.15 && ids.length > 0) id = ids[Math.max(0, ids.length - 1 - Math.floor(next() * 40))]!;
    else if (next() < 0.1) id = genId(ms - 1 - Math.floor(next() * 100));
    ids.push(id);
    pushed.add(id);
    rings.push(Int32Array.of(slot), entryHi(id), entryLo(id, 0), i);
    if (i % 500 === 499) await flush(store, rings);
  }
  const held = allEntries(rings, slot);
  t.same(held, [...new Set(held)].sort(), 'ascending and without duplicates');
  t.ok(
    held.every((id) => pushed.has(id)),
    'only pushed notes',
  );
  const everyPushed = [...pushed].sort();
  t.same(
    held,
    everyPushed.slice(everyPushed.indexOf(held[0]!)),
    'every pushed note newer than the oldest held one is there',
  );
  t.ok(
    held.length >= MAX && held.length <= rings.mostHeld,
    `bounded (${held.length} entries, at most ${rings.mostHeld})`,
  );
  const newestFirst = rings.page(slot, null, null, false, 20).entries.map(entryId);
  t.same(newestFirst, held.slice(-20).reverse(), 'a default page is the newest 20, newest first');
});

t.test(
  'many timelines sharing the ring arena stay separate while they widen, close, reopen and reuse freed blocks',
  async (t) => {
    const store = openStore({ path: tempDir('rings-'), mapSizeMb: 256 });
    t.teardown(() => store.close());
    const rings = new TimelineRings(MAX);
    const next = random(11);
    const users = Array.from({ length: 60 }, () => genId());
    const model = new Map(users.map((userId) => [userId, [] as string[]]));
    const slots = new Map(users.map((userId) => [userId, rings.open(userId, stored(store, userId))]));
    const expectSame = (when: string) => {
      for (const userId of users) {
        const slot = slots.get(userId);
        if (slot === undefined) continue;
        const held = allEntries(rings, slot);
        const all = model.get(userId)!;
        if (held.length < Math.min(all.length, MAX) || held.join() !== all.slice(all.length - held.length).join()) {
          t.fail(
            `${when}: timeline of user ${users.indexOf(userId)} holds ${held.length} entries that are not the newest ${Math.min(all.length, MAX)}+ pushed to it`,
          );
          return;
        }
      }
      t.pass(`${when}: every open timeline holds the newest entries pushed to it`);
    };
    let ms = Date.UTC(2026, 0, 1);
    const recent: string[] = [];
    for (let step = 0; step < 2_000; step++) {
      ms += 1 + Math.floor(next() * 3);
      // now and then a note that is a few notes late, as pushes from another worker can be
      const id = next() < 0.1 && recent.length > 20 ? recent[recent.length - 1 - Math.floor(next() * 20)]! : genId(ms);
      recent.push(id);
      const audience = users.filter(() => next() < 0.3);
      const open = audience.filter((userId) => slots.has(userId));
      rings.push(
        Int32Array.from(open, (userId) => slots.get(userId)!),
        entryHi(id),
        entryLo(id, 0),
        step,
      );
      for (const userId of audience) {
        if (!slots.has(userId)) continue;
        const list = model.get(userId)!;
        if (!list.includes(id)) list.push(id);
        list.sort();
      }
      if (step % 250 === 249) {
        expectSame(`step ${step + 1}`);
        await flush(store, rings);
        // reopen the timelines closed the time before, from what the flush stored, and close about a third
        for (const userId of users) {
          const slot = slots.get(userId);
          if (slot === undefined) {
            slots.set(userId, rings.open(userId, stored(store, userId)));
          } else if (next() < 0.33) {
            // clean after the flush; notes pushed while it is closed are not in its model either
            rings.close(slot);
            slots.delete(userId);
          }
        }
      }
    }
    expectSame('the end');
  },
);

t.test('a flushed timeline reads back identically and only changed chunks are rewritten', async (t) => {
  const { store, rings, userId, slot } = emptyTimeline(t);
  let ms = pushNotes(rings, slot, Date.UTC(2026, 0, 1), 2 * TIMELINE_CHUNK + 22, true);
  await flush(store, rings);
  t.same(storedSeqs(store, userId), [0, 1, 2], 'three numbered chunks');
  const reopened = new TimelineRings(MAX);
  const again = reopened.open(userId, stored(store, userId));
  t.same(
    reopened.page(again, null, null, true, 1000),
    rings.page(slot, null, null, true, 1000),
    'same entries and flags',
  );
  t.notOk(reopened.isDirty(again), 'nothing to rewrite after reading a consistent timeline');

  const before = storedBytes(store, userId, 0);
  ms += 10;
  const id = genId(ms);
  rings.push(Int32Array.of(slot), entryHi(id), entryLo(id, 0), 200);
  await flush(store, rings);
  t.same(storedBytes(store, userId, 0), before, 'an old full chunk is left as it was');
  t.equal(storedBytes(store, userId, 2)!.length, 23 * ENTRY_BYTES, 'the newest chunk gained the entry');
});

t.test('stored chunks that do not line up are read around and replaced whole by the next flush', async (t) => {
  const { store, rings: writer, userId, slot } = emptyTimeline(t);
  pushNotes(writer, slot, Date.UTC(2026, 0, 1), 2 * TIMELINE_CHUNK + 2, false);
  await flush(store, writer);
  const expected = allEntries(writer, slot);
  await store.homeTimelines.put(userId, 7, Buffer.from('not a chunk'));
  await store.homeTimelines.remove(userId, 1);

  const reader = new TimelineRings(MAX);
  const read = reader.open(userId, stored(store, userId));
  const held = allEntries(reader, read);
  t.same(
    held,
    expected.filter((_, i) => i < TIMELINE_CHUNK || i >= 2 * TIMELINE_CHUNK),
    'the readable entries, in order',
  );
  t.ok(reader.isDirty(read), 'marked for rewriting');
  await flush(store, reader);
  t.same(storedSeqs(store, userId), [0, 1], 'rewritten as consecutive chunks, the garbage gone');
  const third = new TimelineRings(MAX);
  t.same(allEntries(third, third.open(userId, stored(store, userId))), held, 'and read back the same');
});

t.test(
  'an entry turns back into its note id and flag bits, for the extreme ids and ids across five decades',
  async (t) => {
    const ids = ['0000000000000000', 'zzzzzzzzzzzzzzzz', '00000001zzzz0000', 'zzzz00000000zzzz'];
    const now = Date.now();
    for (let i = 0; i < 2000; i++) ids.push(genId(now - Math.floor(i * 789_000_013)));
    const wrong: string[] = [];
    for (const id of ids) {
      for (let flags = 0; flags < 8; flags++) {
        const entry = timelineEntry(entryHi(id), entryLo(id, flags));
        if (entryId(entry) !== id || entryFlags(entry) !== flags || entry.length !== 17)
          wrong.push(`${id}/${flags} -> ${entry}`);
      }
    }
    t.same(wrong, [], `${ids.length * 8} entries round-trip`);
  },
);

t.test(
  'a timeline stored in 64-entry chunks (the earlier layout) is read whole and rewritten in the current chunks',
  async (t) => {
    const { store, rings: writer, userId, slot } = emptyTimeline(t);
    pushNotes(writer, slot, Date.UTC(2026, 0, 1), 150, true);
    const expected = writer.page(slot, null, null, true, 1000);
    const bytes = new Float64Array(300);
    expected.entries.forEach((entry, i) => {
      bytes[2 * i] = entryHi(entryId(entry));
      bytes[2 * i + 1] = entryLo(entryId(entry), entryFlags(entry));
    });
    for (let seq = 0; seq * 64 < 150; seq++) {
      const count = Math.min(64, 150 - seq * 64);
      await store.homeTimelines.put(
        userId,
        seq,
        Buffer.from(bytes.buffer, seq * 64 * ENTRY_BYTES, count * ENTRY_BYTES),
      );
    }

    const reader = new TimelineRings(MAX);
    const read = reader.open(userId, stored(store, userId));
    t.same(reader.page(read, null, null, true, 1000), expected, 'every entry, with its flags');
    t.ok(reader.isDirty(read), 'marked for rewriting');
    await flush(store, reader);
    t.same(storedSeqs(store, userId), [0, 1], `rewritten as chunks of ${TIMELINE_CHUNK}`);
    t.equal(storedBytes(store, userId, 0)!.length, TIMELINE_CHUNK * ENTRY_BYTES, 'the first one full');
    const third = new TimelineRings(MAX);
    t.same(
      third.page(third.open(userId, stored(store, userId)), null, null, true, 1000),
      expected,
      'and read back the same',
    );
  },
);
