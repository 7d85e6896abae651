import HtmlWebpackPlugin from 'html-webpack-plugin'
import type { Compiler } from 'webpack'

/**
 * H5 only. Taro's router loads every page with a dynamic import, so the first screen of a logged-in rep
 * used to be a chain of round trips: index.html → entry → login page chunk → (token found) home page chunk
 * → API. On a phone network each hop costs an RTT. This plugin adds `<link rel="preload">` tags to
 * index.html for the chunks (JS and CSS, with the shared chunks they need) of the pages given, so the
 * browser fetches them in parallel with the entry; the other pages stay lazy.
 */
export class PreloadPagesPlugin {
  constructor(private readonly pages: string[]) {}

  apply(compiler: Compiler): void {
    compiler.hooks.compilation.tap('PreloadPagesPlugin', (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap('PreloadPagesPlugin', (data) => {
        const files = new Set<string>()
        const wanted = this.pages.map((p) => `/src/${p}.`)
        for (const group of compilation.chunkGroups) {
          if (group.isInitial()) continue
          const holdsPage = group.chunks.some((chunk) =>
            compilation.chunkGraph.getChunkModules(chunk).some((m) => {
              // a page's modules may be concatenated into one module named after its root module
              const resource = (m.nameForCondition() ?? '').replace(/\\/g, '/')
              return !!resource && wanted.some((w) => resource.includes(w))
            }))
          if (!holdsPage) continue
          for (const chunk of group.chunks) for (const file of chunk.files) files.add(file)
        }
        const publicPath = String(compilation.outputOptions.publicPath ?? '/')
        const tags = [...files].filter((f) => f.endsWith('.js') || f.endsWith('.css')).sort().map((f) => ({
          tagName: 'link',
          voidTag: true,
          meta: { plugin: 'PreloadPagesPlugin' },
          attributes: { rel: 'preload', as: f.endsWith('.css') ? 'style' : 'script', href: publicPath + f },
        }))
        data.headTags.unshift(...tags)
        return data
      })
    })
  }
}
