/**
 * Seeds a benchmark data set through Flock's own store repositories, record shapes and renderers:
 * users (with `lite`), tokens, the follow graph in its three indexes, notes (with `body`) and their
 * indexes, reactions, and materialised home timelines bounded to homeTimelineMax.
 *
 * Everything is generated in id order (ids are aidx from genId(ms) with increasing ms), so each index
 * is written in key order, and written outside transactions: the repositories' writes are lmdb-js
 * async puts, which it group-commits in big transactions on its write thread while this thread
 * generates and encodes the next chunk.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword, newLocalUser } from '../src/domain/index.js';
import { storedProjection } from '../src/misskey/index.js';
import {
  ChildKind,
  encodeTimelineChunk,
  entryHi,
  entryLo,
  genId,
  NO_COUNTS,
  NoteFlag,
  type NoteRecord,
  openStore,
  type Store,
  TIMELINE_CHUNK,
  TIMELINE_CLEAN,
  tokenKey,
  type UserRecord,
  type Visibility,
} from '../src/store/index.js';
import { type DataParams, dataHash } from './params.js';

/** The public URL the data set is rendered for; the benchmarked server runs with FLOCK_URL set to it. */
export const BENCH_URL = 'https://flock.example';
/** The fragments stored with seeded users and notes, rendered as the server's actors render them. */
const projection = storedProjection(BENCH_URL);
/** Password of every seeded user (one scrypt hash is shared). */
export const BENCH_PASSWORD = 'bench-password';
/** scrypt cost (log2 N) of the one shared password hash: the bench never signs in, so the hash only has to be valid. */
const BENCH_PASSWORD_COST = 14;
/** Map size the seeded environment is opened with (the server's default). */
const MAP_SIZE_MB = 65536;
/** Puts issued before waiting for the previous chunk to commit (bounds memory; keeps one chunk in flight). */
const CHUNK = 100_000;

/** What a seeded directory holds besides data.mdb: written last, so its presence means the seed finished. */
export interface SeedManifest {
  hash: string;
  params: DataParams;
  url: string;
  seededAt: string;
  seedSeconds: number;
  /** Native tokens of the regular users, in user order (users 0..n-1). */
  userTokens: string[];
  /** Native tokens of the fan-out authors (exactly `fanoutFollowers` followers each). */
  fanoutTokens: string[];
  fanoutUserIds: string[];
  counts: Record<string, number>;
}

const MANIFEST = 'bench.json';

/** Deterministic 32-bit generator (mulberry32): the same seed gives the same graph and texts. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the a of and to in is it that for on with as was at by this be from or have an are not but had ' +
  'fediverse note timeline server instance cat coffee morning night rain sun weekend code bug deploy release ' +
  'music book walk train city garden tea bread photo friend today tomorrow really maybe never always again ' +
  'small big new old good bad quick slow happy tired busy quiet loud early late first last little great ' +
  'think know want see look make go come take give find tell ask work feel try leave call keep start show'
).split(' ');
const REACTIONS = ['👍', '❤', '😆', '🎉', '🤔', '🍮', '⭐'];
const ALPHANUMERIC = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Note kinds decided in the first pass (0 is a plain note). */
const REPLY = 1;
const RENOTE = 2;
const VISIBILITIES: Visibility[] = ['public', 'home', 'followers'];
/** Every how many regular users one has mutes, a renote mute, a block and a hard word mute, so reads pay the relations filter. */
const RELATIONS_EVERY = 10;
const hasRelations = (u: number) => u % RELATIONS_EVERY === 0;
/** Both words must occur (Misskey's AND within one entry): hides a few percent of notes. */
const BENCH_HARD_MUTE = ['cat', 'coffee'];

/**
 * Follows the commits of the repositories' async writes (lmdb-js batches them into big transactions
 * on its write thread) and keeps one chunk in flight: `wrote` answers true every CHUNK writes, and the
 * caller then awaits `next()`, which waits for the chunk before the last one to commit. Awaiting only
 * then keeps the loop synchronous.
 */
class ChunkedWriter {
  count = 0;
  private inChunk = 0;
  private previous: Promise<unknown> | undefined;
  private last: Promise<unknown> | undefined;
  /** Each distinct commit (writes queued into one transaction share its promise), so `flush` covers both environments. */
  private readonly commits: Promise<unknown>[] = [];

  /** Counts one write, given the commit it answered. */
  wrote(commit: Promise<unknown>): boolean {
    this.last = commit;
    if (this.commits[this.commits.length - 1] !== commit) this.commits.push(commit);
    this.count++;
    return ++this.inChunk >= CHUNK;
  }

  async next(): Promise<void> {
    this.inChunk = 0;
    const wait = this.previous;
    this.previous = this.last;
    await wait;
  }

  /** Resolves once every write issued so far is committed. */
  async flush(): Promise<void> {
    await Promise.all(this.commits);
  }
}

/** The seeded data set for `data`, from the cache under `cacheRoot` or freshly seeded there. */
export async function ensureSeeded(
  cacheRoot: string,
  data: DataParams,
  log: (line: string) => void,
): Promise<{ dir: string; manifest: SeedManifest; cached: boolean }> {
  const hash = dataHash(data);
  const dir = join(cacheRoot, hash);
  const manifestPath = join(dir, MANIFEST);
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as SeedManifest;
    log(`seed: cached data set ${hash} (seeded ${manifest.seededAt} in ${manifest.seedSeconds.toFixed(1)} s)`);
    return { dir, manifest, cached: true };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(
    `seed: seeding ${data.users} users, ${data.notes} notes, ${data.followMin}-${data.followMax} follows each, ${data.fanoutAuthors} authors with ${data.fanoutFollowers} followers into ${dir}`,
  );
  const started = performance.now();
  const store = openStore({ path: dir, mapSizeMb: MAP_SIZE_MB });
  let manifest: SeedManifest;
  try {
    manifest = await seedInto(store, data, hash, log);
  } finally {
    await store.close();
  }
  manifest.seedSeconds = (performance.now() - started) / 1000;
  writeFileSync(manifestPath, JSON.stringify(manifest));
  log(
    `seed: done in ${manifest.seedSeconds.toFixed(1)} s: ${Object.entries(manifest.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  return { dir, manifest, cached: false };
}

async function seedInto(store: Store, p: DataParams, hash: string, log: (line: string) => void): Promise<SeedManifest> {
  const rand = prng(p.seed);
  const int = (n: number) => Math.floor(rand() * n);
  const phase = timer(log);
  const nRegular = p.users;
  const nAll = p.users + p.fanoutAuthors;

  // ---- the follow graph: CSR by follower, edges numbered in creation order ----
  const extra: number[][] = Array.from({ length: nRegular }, () => []);
  const mark = new Int32Array(nAll).fill(-1);
  for (let a = 0; a < p.fanoutAuthors; a++) {
    const author = nRegular + a;
    for (let picked = 0; picked < Math.min(p.fanoutFollowers, nRegular); ) {
      const u = int(nRegular);
      if (mark[u] === author) continue;
      mark[u] = author;
      extra[u]!.push(author);
      picked++;
    }
  }
  mark.fill(-1);
  const followOffsets = new Int32Array(nAll + 1);
  const followeeChunks: Int32Array[] = [];
  let edges = 0;
  for (let u = 0; u < nRegular; u++) {
    const want = Math.min(p.followMin + int(p.followMax - p.followMin + 1), nRegular - 1);
    const list = new Int32Array(want + extra[u]!.length);
    mark[u] = u;
    for (let picked = 0; picked < want; ) {
      const v = int(nRegular);
      if (mark[v] === u) continue;
      mark[v] = u;
      list[picked++] = v;
    }
    list.set(extra[u]!, want);
    followeeChunks.push(list);
    followOffsets[u] = edges;
    edges += list.length;
  }
  for (let u = nRegular; u <= nAll; u++) followOffsets[u] = edges;
  const followeeOf = new Int32Array(edges);
  for (const [u, list] of followeeChunks.entries()) followeeOf.set(list, followOffsets[u]!);
  followeeChunks.length = 0;
  const followerOf = new Int32Array(edges);
  for (let u = 0; u < nRegular; u++) followerOf.fill(u, followOffsets[u]!, followOffsets[u + 1]!);
  // reverse CSR (followers of each user), edges in creation order
  const followersCount = new Int32Array(nAll);
  for (let e = 0; e < edges; e++) followersCount[followeeOf[e]!]!++;
  const revOffsets = new Int32Array(nAll + 1);
  for (let u = 0; u < nAll; u++) revOffsets[u + 1] = revOffsets[u]! + followersCount[u]!;
  const revEdge = new Int32Array(edges);
  const fill = revOffsets.slice(0, nAll);
  for (let e = 0; e < edges; e++) revEdge[fill[followeeOf[e]!]!++] = e;
  phase(`follow graph: ${edges} edges`);

  // ---- notes, first pass: kind, author, target, visibility, reply/renote counts ----
  const nNotes = p.notes;
  const authorOf = new Int32Array(nNotes);
  const kindOf = new Uint8Array(nNotes);
  const targetOf = new Int32Array(nNotes).fill(-1);
  const visOf = new Uint8Array(nNotes);
  const repliesCount = new Int32Array(nNotes);
  const renoteCount = new Int32Array(nNotes);
  const notesCount = new Int32Array(nAll);
  for (let k = 0; k < nNotes; k++) {
    authorOf[k] = int(nRegular);
    notesCount[authorOf[k]!]!++;
    const r = rand();
    const v = rand();
    visOf[k] = v < 0.85 ? 0 : v < 0.95 ? 1 : 2;
    if (k < 50) continue;
    // targets among the recent notes, public or home (readable by anyone), not pure renotes
    const t = k - 1 - int(Math.min(k, 2000));
    if (kindOf[t] === RENOTE || visOf[t] === 2) continue;
    if (r < 0.1) {
      kindOf[k] = REPLY;
      targetOf[k] = t;
      repliesCount[t]!++;
    } else if (r < 0.15 && visOf[t] === 0) {
      kindOf[k] = RENOTE;
      targetOf[k] = t;
      visOf[k] = 0;
      renoteCount[t]!++;
    }
  }

  // ---- home timelines: fan-out on write into per-user rings of the newest homeTimelineMax notes ----
  const max = p.homeTimelineMax;
  const ring = new Int32Array(nRegular * max);
  const received = new Int32Array(nRegular);
  const push = (u: number, k: number) => {
    ring[u * max + (received[u]! % max)] = k;
    received[u]!++;
  };
  let pushes = 0;
  for (let k = 0; k < nNotes; k++) {
    const author = authorOf[k]!;
    push(author, k);
    pushes++;
    const from = revOffsets[author]!;
    const to = revOffsets[author + 1]!;
    if (kindOf[k] === REPLY) {
      // a reply reaches followers only when it answers the author, or answers that follower
      const replyUser = authorOf[targetOf[k]!]!;
      if (replyUser === author) {
        for (let i = from; i < to; i++) push(followerOf[revEdge[i]!]!, k);
        pushes += to - from;
      } else {
        for (let i = from; i < to; i++) {
          const f = followerOf[revEdge[i]!]!;
          if (f === replyUser) {
            push(f, k);
            pushes++;
          }
        }
      }
    } else {
      for (let i = from; i < to; i++) push(followerOf[revEdge[i]!]!, k);
      pushes += to - from;
    }
  }
  phase(`notes planned, ${pushes} timeline pushes computed`);

  // ---- ids, in time order: users, then follow edges, then notes (an hour before now) ----
  const end = Date.now() - 3_600_000;
  const step = Math.max(20, Math.floor((p.spanDays * 86_400_000) / Math.max(1, nNotes)));
  const tNotes = end - nNotes * step;
  const tFollows = tNotes - edges - 10_000;
  const tUsers = tFollows - nAll - 10_000;
  const userIds = Array.from({ length: nAll }, (_, u) => genId(tUsers + u));
  const edgeIds = Array.from({ length: edges }, (_, e) => genId(tFollows + e));
  const noteIds = Array.from({ length: nNotes }, (_, k) => genId(tNotes + k * step));
  const tokenOf = Array.from({ length: nAll }, () => {
    let t = '';
    for (let i = 0; i < 16; i++) t += ALPHANUMERIC[int(62)];
    return t;
  });
  phase('ids generated');

  const w = new ChunkedWriter();
  const counts: Record<string, number> = {};
  const count = (name: string, n = 1) => (counts[name] = (counts[name] ?? 0) + n);

  // ---- users, acct, auth, tokens ----
  const hash0 = await hashPassword(BENCH_PASSWORD, BENCH_PASSWORD_COST);
  for (let u = 0; u < nAll; u++) {
    const id = userIds[u]!;
    const regular = u < nRegular;
    const username = regular ? `user${u}` : `author${u - nRegular}`;
    const user: Omit<UserRecord, 'lite'> = {
      ...newLocalUser(id, username),
      name: regular ? `User ${u}` : `Author ${u - nRegular}`,
      isCat: u % 20 === 0,
      hardMutedWords: hasRelations(u) ? [BENCH_HARD_MUTE] : [],
    };
    if (w.wrote(store.users.put({ ...user, lite: projection.userLite(user, []) }))) await w.next();
    const counts = {
      ...NO_COUNTS,
      notesCount: notesCount[u]!,
      followersCount: followersCount[u]!,
      followingCount: followOffsets[u + 1]! - followOffsets[u]!,
    };
    if (w.wrote(store.counts.set(id, counts))) await w.next();
    if (w.wrote(store.accounts.register(user.usernameLower, null, id))) await w.next();
    if (w.wrote(store.accounts.setPasswordHash(id, hash0))) await w.next();
    if (w.wrote(store.tokens.issue(tokenKey(tokenOf[u]!), id, tUsers + u))) await w.next();
  }
  count('users', nAll);
  phase(`users written (${nAll})`);

  // ---- follow edges: follows (follower+followee), following (follower+edge), followers (followee+edge) ----
  for (let u = 0; u < nRegular; u++) {
    const from = followOffsets[u]!;
    const to = followOffsets[u + 1]!;
    const byFollowee = Array.from({ length: to - from }, (_, i) => from + i).sort(
      (x, y) => followeeOf[x]! - followeeOf[y]!,
    );
    for (const e of byFollowee)
      if (
        w.wrote(
          store.follows.loadEdge(userIds[u]!, userIds[followeeOf[e]!]!, {
            id: edgeIds[e]!,
            withReplies: false,
            notify: 'none',
          }),
        )
      )
        await w.next();
    for (let e = from; e < to; e++)
      if (w.wrote(store.follows.loadFollowing(userIds[u]!, edgeIds[e]!, userIds[followeeOf[e]!]!))) await w.next();
  }
  for (let v = 0; v < nAll; v++) {
    for (let i = revOffsets[v]!; i < revOffsets[v + 1]!; i++) {
      const e = revEdge[i]!;
      if (w.wrote(store.follows.loadFollower(userIds[v]!, edgeIds[e]!, userIds[followerOf[e]!]!))) await w.next();
    }
  }
  count('follows', edges);
  phase(`follow edges written (${edges} x 3 indexes)`);

  // ---- notes (second pass: texts, reactions, bodies) and their indexes ----
  const flagsOf = new Uint8Array(nNotes);
  /** Each note's thread root (replies target earlier notes, so a target's root is known when its reply is written). */
  const threadOf = new Int32Array(nNotes);
  /** Index entries (owner id, note id, value), written after the notes in key order. */
  const userNotes: [string, string, number][] = [];
  const replies: [string, string][] = [];
  const renotes: [string, string, string][] = [];
  for (let k = 0; k < nNotes; k++) {
    const id = noteIds[k]!;
    const kind = kindOf[k]!;
    const author = authorOf[k]!;
    const target = targetOf[k]!;
    threadOf[k] = kind === REPLY ? threadOf[target]! : k;
    let text: string | null = null;
    const tags: string[] = [];
    if (kind !== RENOTE) {
      const n = 3 + int(38);
      const words: string[] = [];
      for (let i = 0; i < n; i++) words.push(WORDS[int(WORDS.length)]!);
      if (rand() < 0.1) {
        words.push('#bench');
        tags.push('bench');
      }
      text = words.join(' ');
    }
    const reactions: Record<string, number> = {};
    if (kind !== RENOTE && rand() < 0.2) {
      const n = 1 + int(5);
      const by = new Set<number>();
      for (let i = 0; i < n; i++) by.add(int(nRegular));
      let r = 0;
      for (const u of by) {
        const type = REACTIONS[int(REACTIONS.length)]!;
        const reactionId = genId(tNotes + k * step + 1 + r++);
        reactions[type] = (reactions[type] ?? 0) + 1;
        if (w.wrote(store.reactions.add(id, userIds[u]!, { id: reactionId, type }))) await w.next();
        count('reactions');
      }
    }
    const fields: Omit<NoteRecord, 'body'> = {
      id,
      userId: userIds[author]!,
      userHost: null,
      text,
      cw: null,
      visibility: VISIBILITIES[visOf[k]!]!,
      localOnly: false,
      reactionAcceptance: null,
      replyId: kind === REPLY ? noteIds[target]! : null,
      renoteId: kind === RENOTE ? noteIds[target]! : null,
      replyUserId: kind === REPLY ? userIds[authorOf[target]!]! : null,
      visibleUserIds: [],
      mentions: [],
      tags,
      poll: null,
      uri: null,
      url: null,
      reactions,
      renoteCount: renoteCount[k]!,
      repliesCount: repliesCount[k]!,
      renoteUserId: kind === RENOTE ? userIds[authorOf[target]!]! : null,
      threadId: noteIds[threadOf[k]!]!,
      fileIds: [],
      updatedAt: null,
    };
    if (w.wrote(store.notes.put({ ...fields, body: projection.noteBody(fields, []) }))) await w.next();
    const flags = (kind === REPLY ? NoteFlag.reply : 0) | (kind === RENOTE ? NoteFlag.pureRenote : 0);
    flagsOf[k] = flags;
    userNotes.push([userIds[author]!, id, flags]);
    if (visOf[k] === 0 && w.wrote(store.noteIndexes.addPublic(id, flags, true))) await w.next();
    if (kind === REPLY) replies.push([noteIds[target]!, id]);
    if (kind === RENOTE) renotes.push([noteIds[target]!, id, userIds[author]!]);
  }
  count('notes', nNotes);
  const indexes = store.noteIndexes;
  userNotes.sort(byOwnerThenId);
  for (const [userId, noteId, flags] of userNotes)
    if (w.wrote(indexes.addUserNote(userId, noteId, flags))) await w.next();
  replies.sort(byOwnerThenId);
  for (const [parentId, noteId] of replies)
    if (w.wrote(indexes.addChild(parentId, noteId, ChildKind.reply))) await w.next();
  renotes.sort(byOwnerThenId);
  for (const [targetId, noteId, userId] of renotes)
    if (w.wrote(indexes.addRenote(targetId, noteId, userId))) await w.next();
  phase(`notes written (${nNotes}, ${counts.reactions ?? 0} reactions)`);

  // ---- relations: every RELATIONS_EVERY-th reader mutes two followees, renote-mutes a third, blocks a stranger ----
  let relationIds = tFollows - 10_000;
  for (let u = 0; u < nRegular; u += RELATIONS_EVERY) {
    const followees = followeeOf.subarray(followOffsets[u]!, followOffsets[u + 1]!);
    if (followees.length < 3) continue;
    const id = userIds[u]!;
    store.mutes.add(id, userIds[followees[0]!]!, { id: genId(relationIds++), expiresAt: null });
    store.mutes.add(id, userIds[followees[1]!]!, { id: genId(relationIds++), expiresAt: null });
    store.renoteMutes.add(id, userIds[followees[2]!]!, genId(relationIds++));
    let stranger = (u + (nRegular >> 1)) % nRegular;
    while (stranger === u || followees.includes(stranger)) stranger = (stranger + 1) % nRegular;
    store.blocks.add(id, userIds[stranger]!, genId(relationIds++));
    count('usersWithRelations');
  }
  phase(`relations written (${counts.usersWithRelations ?? 0} users with mutes, a renote mute and a block)`);

  // ---- home timelines: each user's newest entries, oldest first ----
  let tl = 0;
  for (let u = 0; u < nRegular; u++) {
    const n = Math.min(received[u]!, max);
    const start = received[u]! - n;
    // numbered chunks of TIMELINE_CHUNK entries, oldest first (store/home-timeline.ts)
    for (let c = start; c < received[u]!; c += TIMELINE_CHUNK) {
      const entries: number[] = [];
      for (let i = c; i < Math.min(c + TIMELINE_CHUNK, received[u]!); i++) {
        const k = ring[u * max + (i % max)]!;
        entries.push(entryHi(noteIds[k]!), entryLo(noteIds[k]!, flagsOf[k]!));
      }
      if (w.wrote(store.homeTimelines.put(userIds[u]!, (c - start) / TIMELINE_CHUNK, encodeTimelineChunk(entries))))
        await w.next();
      count('homeTlChunks');
    }
    tl += n;
  }
  count('homeTl', tl);
  // the timelines above are complete: no fan-out to replay at the server's first start
  if (w.wrote(store.checkpoints.record(0, TIMELINE_CLEAN))) await w.next();
  await w.flush();
  phase(`home timelines written (${tl} entries)`);
  count('writes', w.count);

  return {
    hash,
    params: p,
    url: BENCH_URL,
    seededAt: new Date().toISOString(),
    seedSeconds: 0,
    userTokens: tokenOf.slice(0, nRegular),
    fanoutTokens: tokenOf.slice(nRegular),
    fanoutUserIds: userIds.slice(nRegular),
    counts,
  };
}

/** Key order of an index entry (owner id, then id: both fixed-width, so this is the order of their concatenation). */
const byOwnerThenId = (a: readonly [string, string, ...unknown[]], b: readonly [string, string, ...unknown[]]) =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

function timer(log: (line: string) => void): (what: string) => void {
  let last = performance.now();
  return (what) => {
    const now = performance.now();
    log(`seed:   ${what} (${((now - last) / 1000).toFixed(1)} s)`);
    last = now;
  };
}
