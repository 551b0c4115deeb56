/* global process */
// Preloaded with --require: makes the optional PKCS#11 packages unresolvable, as on a machine
// where the native addon could not build, so a test can check what the token features say then.
const Module = process.getBuiltinModule('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (/^(pkcs11js|graphene-pk11|node-webcrypto-p11)(\/|$)/.test(request)) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolve.call(this, request, ...rest);
};
