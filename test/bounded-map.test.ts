/** BoundedMap: the caches' eviction (two generations, least recently used half out at a time). */
import t from 'tap';
import { BoundedMap } from '../src/store/index.js';

t.test('never holds more than max entries', async (t) => {
  const map = new BoundedMap<number, number>(10);
  for (let i = 0; i < 1000; i++) {
    map.set(i, i);
    if (map.size > 10) t.fail(`size ${map.size} after ${i + 1} inserts`);
  }
  t.equal(map.get(999), 999, 'the newest entry is there');
  t.equal(map.get(0), undefined, 'the oldest is gone');
});

t.test('an entry read recently outlives entries inserted after it but not read', async (t) => {
  const map = new BoundedMap<string, string>(4);
  map.set('kept', 'k');
  map.set('a', 'a');
  map.set('b', 'b');
  t.equal(map.get('kept'), 'k');
  map.set('c', 'c');
  map.set('d', 'd');
  t.equal(map.get('kept'), 'k', 'read again after an eviction');
  t.equal(map.get('a'), undefined, 'an unread older entry went first');
});

t.test('delete removes an entry from either generation, and null is a value', async (t) => {
  const map = new BoundedMap<string, string | null>(4);
  map.set('old', null);
  map.set('x', 'x');
  map.set('y', 'y');
  map.set('young', 'v');
  t.equal(map.get('old'), null, 'a null value is a hit');
  map.delete('old');
  map.delete('young');
  t.equal(map.get('old'), undefined);
  t.equal(map.get('young'), undefined);
});

t.test('max 0 keeps nothing', async (t) => {
  const map = new BoundedMap<string, number>(0);
  map.set('a', 1);
  t.equal(map.get('a'), undefined);
  t.equal(map.size, 0);
});
