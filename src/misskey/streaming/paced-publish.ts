/**
 * Publishes in slices, so a note to 10,000 sockets does not hold the gateway thread for the whole
 * fan-out: the sockets riding a topic are spread over TOPIC_SHARDS sub-topics (a socket keeps its shard),
 * and the queue publishes about PUBLISH_SLICE deliveries per event-loop turn, letting requests in
 * between. The queue is first in, first out, so each socket still gets its messages in order.
 */
import type { Publisher } from '../../gateway/index.js';

/** How many sub-topics the sockets of one topic are spread over. */
export const TOPIC_SHARDS = 8;
/** Deliveries published per event-loop turn before yielding to other work. */
const PUBLISH_SLICE = 2_000;

let nextShard = 0;

/** The sub-topic shard of a new socket (round robin). */
export const shardForSocket = () => nextShard++ % TOPIC_SHARDS;

/** `topic` for the sockets of one shard. */
export const shardTopic = (topic: string, shard: number) => `${topic}|${shard}`;

interface Pending {
  topic: string;
  text: string;
  sockets: number;
}

export class PacedPublisher {
  private readonly queue: Pending[] = [];
  private head = 0;
  private scheduled = false;

  constructor(private readonly publisher: Publisher) {}

  /** Queues `text` for every shard of `topic` that has sockets; `text` is made only if one has. */
  publish(topic: string, text: () => string): void {
    let made: string | undefined;
    for (let shard = 0; shard < TOPIC_SHARDS; shard++) {
      const sub = shardTopic(topic, shard);
      const sockets = this.publisher.subscribers(sub);
      if (sockets === 0) continue;
      made ??= text();
      this.queue.push({ topic: sub, text: made, sockets });
    }
    if (!this.scheduled && this.head < this.queue.length) {
      this.scheduled = true;
      this.drain();
    }
  }

  private readonly drain = (): void => {
    let budget = PUBLISH_SLICE;
    while (this.head < this.queue.length && budget > 0) {
      const next = this.queue[this.head++]!;
      this.publisher.publish(next.topic, next.text);
      budget -= next.sockets;
    }
    if (this.head < this.queue.length) {
      setImmediate(this.drain);
      return;
    }
    this.queue.length = 0;
    this.head = 0;
    this.scheduled = false;
  };
}
