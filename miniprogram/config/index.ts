import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import { bundleFirstScreenPages } from './first-screen'
import devConfig from './dev'
import prodConfig from './prod'

// The mini-program has no same-origin server, so its API base URL is baked in at build time.
// The H5 build is served by the wecrm server itself and always talks to relative `/api` URLs.
const apiBase = process.env.TARO_APP_API_BASE ?? ''
if (process.env.TARO_ENV === 'weapp' && !apiBase) {
  console.warn('[wecrm] TARO_APP_API_BASE is not set: the mini-program will call http://localhost:3000')
}

// npm may keep some Taro packages in this workspace's own node_modules (their peer ranges clash with the
// server's tooling at the root), where packages hoisted to the root cannot find them by walking up.
const workspaceModules = path.resolve(__dirname, '..', 'node_modules')

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'wecrm',
    date: '2026-11-25',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2
    },
    sourceRoot: 'src',
    // One folder per platform so `dist/weapp` (WeChat DevTools) and `dist/h5` (served by the server) coexist.
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {
      'process.env.TARO_APP_API_BASE': JSON.stringify(apiBase || 'http://localhost:3000')
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      // Every component's styles are BEM-scoped to its own block, so the order in which pages pull shared
      // components into the common chunk does not matter (as in the H5 build below).
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        chain.resolve.modules.add('node_modules').add(workspaceModules)
      }
    },
    h5: {
      publicPath: '/',
      // Taro's components as React components rendering plain elements, not Web Components (Stencil): no
      // custom-element upgrades, shadow styles or extra render pass per element before the first screen shows.
      useHtmlComponents: true,
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js'
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[chunkhash:8].css'
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        chain.resolve.modules.add('node_modules').add(workspaceModules)
        // Taro's request API imports a fetch and an AbortController polyfill for browsers without them; every
        // browser the H5 build targets (see browserslist: ES modules) and WeCom's WebViews have both, and the
        // two cost the first screen 18 kB of script to download and run. It also imports a JSONP client for
        // `Taro.request({ jsonp })`, which nothing here asks for (the API is same-origin JSON). Resolved to
        // nothing, here only.
        chain.merge({
          resolve: {
            alias: { 'whatwg-fetch': false, 'abortcontroller-polyfill/dist/abortcontroller-polyfill-only': false, 'jsonp-retry': false }
          }
        })
        // Taro's components as plain React elements (`useHtmlComponents` above), View and Text leaner still: see
        // src/h5/components.ts. Nothing here uses Taro's Web Components (the one that was, Textarea, has an H5
        // file of its own: components/text-area/index.h5.tsx), so their style sheet (injected by a script when
        // the entry runs, with an icon font as a data URL in it) is left out; and the user-agent library behind
        // Taro.getSystemInfo is a small parser that runs when asked (src/h5/platform.ts).
        const h5Src = path.resolve(__dirname, '..', 'src', 'h5')
        chain.resolve.alias.set('@tarojs/components$', path.join(h5Src, 'components.ts')).set('platform$', path.join(h5Src, 'platform.ts'))
        chain.merge({ resolve: { alias: { '@tarojs/components/dist/taro-components/taro-components.css$': false } } })
        if (process.env.NODE_ENV !== 'production') return
        // Split shared code once: Taro splits only the entry's code ('initial'), so every lazily loaded
        // page chunk repeated the components, services and Taro code it shares with other pages. Here code
        // two or more pages share is split once into shared chunks (one per set of pages sharing it, so a
        // page downloads and parses only what it uses; cached immutable afterwards), not too small: on a
        // phone network every extra request of the first screen costs more than the bytes it saves.
        // The entry stays one file (with the first screen's pages in it, below).
        chain.optimization.splitChunks({
          chunks: 'async',
          hidePathInfo: true,
          minSize: 20000,
          cacheGroups: {
            default: false,
            defaultVendors: false,
            shared: { name: false, minChunks: 2, priority: 5, reuseExistingChunk: true }
          }
        })
        // The first screen: the login page (the app's start page; logged out, or passed through with a session)
        // and the customer list (home of every role), built into the entry instead of fetched after it.
        bundleFirstScreenPages(chain, path.resolve(__dirname, '..', 'src'), ['pages/login/index', 'pages/customers/index'])
      }
    }
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
