// Imported first by index.tsx, so it runs before the libraries and the app start up: a model
// page's code begins to download at once instead of when the router gets to it. The router's lazy
// import then finds the module already on its way.
import { modelPageUrl } from './model-page-url'

if (modelPageUrl.test(window.location.pathname)) {
  void import('../pages/model')
}
