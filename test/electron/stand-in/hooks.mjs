// Module hook for the contract test: `electron` resolves to the recording stand-in (through the
// rest of the chain, so tsx still compiles it).
export async function resolve(specifier, context, next) {
  if (specifier === 'electron')
    return next(new URL('./electron.ts', import.meta.url).href, context);
  return next(specifier, context);
}
