// The specs' scripts require @stoplight/prism-http; the Stainless build of Prism ships it as
// @stainless-api/prism-http. Preloaded with node -r so those scripts run unchanged.
const Module = require('module');
const orig = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === '@stoplight/prism-http' || request.startsWith('@stoplight/prism-http/')) {
    request = request.replace('@stoplight/prism-http', '@stainless-api/prism-http');
  }
  return orig.call(this, request, ...rest);
};
