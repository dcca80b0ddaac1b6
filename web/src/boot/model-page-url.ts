/**
 * Model page URLs (`/models/:owner/:model/…`), capturing owner and model. The one copy: the early
 * chunk import (boot/early.ts) reads it here; vite.config.ts writes it into index.html's early
 * fetch script and into the model-page modulepreload script it adds at build time.
 */
export const modelPageUrl = /^\/models\/([^/]+)\/([^/]+)/
