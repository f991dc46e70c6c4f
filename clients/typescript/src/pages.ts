/** One page of a listing; `nextCursor` is absent or null on the last one. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/**
 * A listing of the API's keyset pages: `for await (const flow of flows.list())` goes through every item, fetching each
 * page when the one before is used up; `pages()` goes page by page. Nothing is fetched until it is iterated.
 */
export class Paginated<T> implements AsyncIterable<T> {
  constructor(private readonly fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  }

  /** The page after `cursor` (the first without one). */
  page(cursor?: string): Promise<Page<T>> {
    return this.fetchPage(cursor);
  }

  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.fetchPage(cursor);
      yield page;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) {
      yield* page.items;
    }
  }

  /** The items, up to `max` of them (all by default), fetching only the pages they need. */
  async toArray(max = Number.POSITIVE_INFINITY): Promise<T[]> {
    const items: T[] = [];
    if (max <= 0) {
      return items;
    }
    for await (const item of this) {
      items.push(item);
      if (items.length >= max) {
        break;
      }
    }
    return items;
  }
}
