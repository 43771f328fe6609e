/**
 * Storage for many rings of float64s in a few large pages. A ring is a block of a power-of-two number
 * of floats at an offset in a page; the page array is short and stays in the CPU's caches, so reaching
 * a ring costs no cache miss of its own (with one typed array per ring, the array object was one more
 * dependent miss on every push). Blocks given back wait on a free list per size; a larger free block
 * is split when a size has none (split halves are not merged again). Pages are never returned: the
 * rings a worker holds are bounded by its timeline cache, and freed blocks serve later rings of their
 * size or smaller.
 */

/** Address of a block: page index times this plus the float offset in the page. */
const PAGE_SPAN = 2 ** 32;
/** The first page's floats; later pages double up to the arena's page size. */
const FIRST_PAGE_FLOATS = 2 ** 16;

export class RingArena {
  readonly pages: Float64Array[] = [];
  /** Free block addresses, by log2 of their size in floats. */
  private readonly free: number[][] = [];
  private bumpUsed = 0;

  /** `pageFloats` must be a power of two; a block larger than it gets a page of its own size. */
  constructor(private readonly pageFloats: number) {}

  static pageOf(address: number): number {
    return Math.floor(address / PAGE_SPAN);
  }

  static offsetOf(address: number): number {
    return address % PAGE_SPAN;
  }

  static addressOf(page: number, offset: number): number {
    return page * PAGE_SPAN + offset;
  }

  /** A block of 2^log2 floats (its contents are whatever the last user left). */
  allocate(log2: number): number {
    for (let size = log2; size < this.free.length; size++) {
      const address = this.free[size]!.pop();
      if (address === undefined) continue;
      // keep the low half, give the upper halves back one size at a time
      for (let half = size - 1; half >= log2; half--) this.freeList(half).push(address + 2 ** half);
      return address;
    }
    const floats = 2 ** log2;
    const page = this.pages.length - 1;
    if (page < 0 || this.bumpUsed + floats > this.pages[page]!.length) this.newPage(floats);
    const address = (this.pages.length - 1) * PAGE_SPAN + this.bumpUsed;
    this.bumpUsed += floats;
    return address;
  }

  release(address: number, log2: number): void {
    this.freeList(log2).push(address);
  }

  private freeList(log2: number): number[] {
    while (this.free.length <= log2) this.free.push([]);
    return this.free[log2]!;
  }

  /** Opens a page for a block of `floats`, first handing the rest of the current page out as free blocks. */
  private newPage(floats: number): void {
    const last = this.pages.length - 1;
    if (last >= 0) {
      const page = this.pages[last]!;
      // the binary digits of what is left, largest first
      for (let log2 = Math.floor(Math.log2(page.length)); log2 >= 0 && this.bumpUsed < page.length; log2--) {
        if (this.bumpUsed + 2 ** log2 > page.length) continue;
        this.freeList(log2).push(last * PAGE_SPAN + this.bumpUsed);
        this.bumpUsed += 2 ** log2;
      }
    }
    const grown = Math.min(this.pageFloats, FIRST_PAGE_FLOATS * 2 ** this.pages.length);
    this.pages.push(new Float64Array(Math.max(grown, floats)));
    this.bumpUsed = 0;
  }
}
