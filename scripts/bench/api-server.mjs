// Starts a bench:api server (api-product.ts or api-baseline.ts) the way bin/wecrm.mjs starts the
// app: plain node with tsx's ESM loader registered, so that both measure what production runs.
import { register } from 'tsx/esm/api';

register();
await import(new URL(`./${process.argv[2]}`, import.meta.url).href);
