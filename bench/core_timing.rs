//! Times the core's parts for one 160-byte phone payload, natively or in wasm:
//!   cargo run --release --example core_timing
//!   cargo build --release --example core_timing --target wasm32-wasip1
//!   node bench/wasi-run.mjs target/wasm32-wasip1/release/examples/core_timing.wasm
#![allow(clippy::unwrap_used, missing_docs)]

use std::time::Instant;
use weapp_login::*;
fn main() {
    let key = SessionKey::from_base64("LOuXutcBgDlbsaD1O5w6Ug==").unwrap();
    let sealed = EncryptedData { encrypted_data: "z02WdQ1D1JZIIrZmvvo8voIOQL2MA6XdAY1cfHqdOBO0H86YM4MxbxZpdadXoYQwsUlLlS7mGmLsht/mQscck6/Qb5HmAFkCH/8cglPpNdanDrPoxkQeMgjJ8ggiLeIHvrEKfsq8B0pDquSPw48iAp4Q9xXQDUQQFq+naU+zbiMJSmJbMPOlKNPzTAMv7UculQcIVtvRrkyca5cVBIwRDg==", iv: "1dvXHYlDfDSEF66O0UI/nQ==" };
    let v = Validation::new("wx1234567890abcdef", 1_763_900_005);
    let n = 200_000;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(decrypt_phone_number(&key, &sealed, &v).unwrap());
    }
    println!("decrypt_phone_number: {:?}/call", t.elapsed() / n);
    let iv = crypto::decode_iv(sealed.iv).unwrap();
    let ct = crypto::decode_ciphertext(sealed.encrypted_data).unwrap();
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(crypto::open(&key, &iv, &ct).unwrap());
    }
    println!("open only: {:?}/call", t.elapsed() / n);
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(crypto::decode_ciphertext(sealed.encrypted_data).unwrap());
    }
    println!("base64 only: {:?}/call", t.elapsed() / n);
    let one_block = crypto::seal(&key, &iv, b"x");
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(crypto::open(&key, &iv, &one_block).unwrap());
    }
    println!(
        "open of one block (mostly the key schedule): {:?}/call",
        t.elapsed() / n
    );
    let plain = crypto::open(&key, &iv, &ct).unwrap();
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(json::parse_bytes(&plain).unwrap());
    }
    println!("json parse only: {:?}/call", t.elapsed() / n);
}
