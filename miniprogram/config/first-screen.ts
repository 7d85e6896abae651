import path from 'node:path'

/** The part of Taro's webpack-chain config this needs (kept structural: Taro re-exports its own copy). */
interface EntryChain {
  entry(name: string): { add(value: string): unknown }
}

/**
 * H5 only. Taro's router loads every page with a dynamic import, so each page is a chunk fetched after
 * the entry has run. On a phone network (150 ms RTT) that round trip, and the browser's six connections
 * per host taken by a page's JS, CSS and shared chunks, cost more than their bytes: preloading them from
 * index.html still left the entry queued behind eight other files. The pages given here (the first
 * screen: the start page, and the customer list a logged-in user lands on) are built into the entry
 * itself, with the shared code they use and their CSS (app.css): the first screen is index.html, one
 * script, one style sheet and the API call index.html makes. Their `import()` by the router then resolves
 * without a request; every other page stays lazy.
 */
export function bundleFirstScreenPages(chain: EntryChain, sourceRoot: string, pages: string[]): void {
  const entry = chain.entry('app')
  for (const page of pages) entry.add(path.join(sourceRoot, page))
}
