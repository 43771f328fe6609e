/** Placement: an actor id always hashes to the same shard, and shards spread over workers round-robin. */
import t from 'tap';
import { Placement, WorkerPlacement } from '../src/actors/placement.js';

t.test('shardOf is FNV-1a over the id, stable across placements', async (t) => {
  const placement = new Placement(64, 3);
  // FNV-1a of "" is the offset basis 0x811c9dc5 = 2166136261; of "a" is 0xe40c292c = 3826002220
  t.equal(placement.shardOf(''), 2166136261 % 64);
  t.equal(placement.shardOf('a'), 3826002220 % 64);
  t.equal(
    new Placement(64, 1).shardOf('9x1abcdefghijkl0'),
    placement.shardOf('9x1abcdefghijkl0'),
    'the worker count does not move an id',
  );
});

t.test('a shard runs on worker shard % W, and each worker with shards has a first one', async (t) => {
  const placement = new Placement(8, 3);
  t.same(
    [0, 1, 2, 3, 4, 5, 6, 7].map((shard) => placement.workerOf(shard)),
    [0, 1, 2, 0, 1, 2, 0, 1],
  );
  t.same(
    [0, 1, 2].map((worker) => placement.workerOf(placement.firstShardOf(worker))),
    [0, 1, 2],
  );
  const crowded = new Placement(2, 4);
  t.equal(crowded.workersWithShards, 2, 'workers beyond the shard count hold none');
  t.throws(() => crowded.firstShardOf(2), RangeError);
});

t.test("a worker's placement tells its shards from the others'", async (t) => {
  const second = new WorkerPlacement(8, 3, 1);
  t.same(
    [0, 1, 2, 3, 4].map((shard) => second.isLocal(shard)),
    [false, true, false, false, true],
  );
});

t.test('a placement needs at least one shard and one worker', async (t) => {
  t.throws(() => new Placement(0, 1), RangeError);
  t.throws(() => new Placement(4, 0), RangeError);
  t.throws(() => new Placement(1.5, 1), RangeError);
});
