// esbuild's "binary" loader turns a .wasm import into its bytes (default entry); the workerd entry keeps the
// import, and the runtime gives a compiled WebAssembly.Module.
declare module "*.wasm" {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
