// Runs a wasm32-wasip1 program (bench/core_timing.rs built for WASI) under
// node:wasi, i.e. in the same V8 that runs the npm package:
//   cargo build --release --example core_timing --target wasm32-wasip1
//   node bench/wasi-run.mjs target/wasm32-wasip1/release/examples/core_timing.wasm
import { WASI } from 'node:wasi'
import fs from 'node:fs'

const wasi = new WASI({ version: 'preview1', args: [], env: {} })
const module = await WebAssembly.compile(fs.readFileSync(process.argv[2]))
wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject()))
