//! AES-128-CBC with vector permutes, for wasm SIMD (the Node build).
//!
//! The method is Mike Hamburg's "Accelerating AES with Vector Permute
//! Instructions" (CHES 2009; his reference code is in the public domain, and
//! OpenSSL's and BoringSSL's `vpaes` descend from it). AES's inversion in
//! GF(2^8) is computed in a tower field GF((2^4)^2) where every step is a
//! 16-entry lookup indexed by a 4-bit nibble, done for all 16 bytes at once
//! by `i8x16.swizzle` — a register permute (`pshufb` / `tbl`), not a memory
//! access, so the time does not depend on the key or the data. The constants
//! below are the method's change-of-basis and S-box-half tables.
//!
//! Only AES-128 in CBC mode is here: decryption (opening WeChat's payloads,
//! the hot path) and encryption (sealing, for emulators and tests). Builds
//! without wasm (native code) use RustCrypto's `aes`, with AES-NI or ARMv8
//! instructions where the CPU has them. `tests/wasm.rs` checks this module
//! against RustCrypto's on random keys, ivs and data.

use core::arch::wasm32::{
    i8x16_shuffle, u32x4, u64x2, u64x2_extract_lane, u8x16, u8x16_shr, u8x16_splat, u8x16_swizzle,
    v128, v128_and, v128_xor,
};

/// A 16-byte table given as four little-endian words: byte `i` of the table
/// is byte `i % 4` of word `i / 4`.
const fn t(w0: u32, w1: u32, w2: u32, w3: u32) -> v128 {
    u32x4(w0, w1, w2, w3)
}

const LOW_NIBBLES: v128 = t(0x0F0F0F0F, 0x0F0F0F0F, 0x0F0F0F0F, 0x0F0F0F0F);

// Into and out of the method's basis, and GF(2^4) inversion.
const IPT_LO: v128 = t(0x5A2A7000, 0xC2B2E898, 0x52227808, 0xCABAE090);
const IPT_HI: v128 = t(0x317C4D00, 0x4C01307D, 0xB0FDCC81, 0xCD80B1FC);
const INV_A: v128 = t(0x0D080180, 0x0E05060F, 0x0A0B0C02, 0x04070309);
const INV_B: v128 = t(0x0F0B0780, 0x01040A06, 0x02050809, 0x030D0E0C);
// The S-box's output halves, used by the key schedule.
const SB1_U: v128 = t(0xCB503E00, 0xB19BE18F, 0x142AF544, 0xA5DF7A6E);
const SB1_T: v128 = t(0xFAE22300, 0x3618D415, 0x0D2ED9EF, 0x3BF7CCC1);
// Encryption rounds' S-box halves.
const SB2_U: v128 = t(0x0B712400, 0xE27A93C6, 0xBC982FCD, 0x5EB7E955);
const SB2_T: v128 = t(0x0AE12900, 0x69EB8840, 0xAB82234A, 0xC2A163C8);
const SBO_ENC_U: v128 = t(0x6FBDC700, 0xD0D26D17, 0xC502A878, 0x15AABF7A);
const SBO_ENC_T: v128 = t(0x5FBB6A00, 0xCFE474A5, 0x412B35FA, 0x8E1E90D1);
// The last encryption round key, out of the method's basis.
const OUT_LO: v128 = t(0xD6B66000, 0xFF9F4929, 0xDEBE6808, 0xF7974121);
const OUT_HI: v128 = t(0x50BCEC00, 0x01EDBD51, 0xB05C0CE0, 0xE10D5DB1);
// Byte rotations within columns, and ShiftRows.
const MC_FORWARD_0: v128 = t(0x00030201, 0x04070605, 0x080B0A09, 0x0C0F0E0D);
const MC_FORWARD_1: v128 = t(0x04070605, 0x080B0A09, 0x0C0F0E0D, 0x00030201);
const MC_FORWARD_2: v128 = t(0x080B0A09, 0x0C0F0E0D, 0x00030201, 0x04070605);
const MC_FORWARD_3: v128 = t(0x0C0F0E0D, 0x00030201, 0x04070605, 0x080B0A09);
const MC_BACKWARD: [v128; 4] = [
    t(0x02010003, 0x06050407, 0x0A09080B, 0x0E0D0C0F),
    t(0x0E0D0C0F, 0x02010003, 0x06050407, 0x0A09080B),
    t(0x0A09080B, 0x0E0D0C0F, 0x02010003, 0x06050407),
    t(0x06050407, 0x0A09080B, 0x0E0D0C0F, 0x02010003),
];
const SHIFT_ROWS: [v128; 4] = [
    t(0x03020100, 0x07060504, 0x0B0A0908, 0x0F0E0D0C),
    t(0x0F0A0500, 0x030E0904, 0x07020D08, 0x0B06010C),
    t(0x0B020900, 0x0F060D04, 0x030A0108, 0x070E050C),
    t(0x070A0D00, 0x0B0E0104, 0x0F020508, 0x0306090C),
];
const RCON: v128 = t(0xAF9DEEB6, 0x1F8391B9, 0x4D7C7D81, 0x702A9808);
// Decryption round keys: InvMixColumns folded in, and the last key.
const DSK: [v128; 8] = [
    t(0x7ED9A700, 0xB6116FC8, 0x82255BFC, 0x4AED9334),
    t(0x27143300, 0x45765162, 0xE9DAFDCE, 0x8BB89FAC),
    t(0xCCA86400, 0x27438FEB, 0xADC90561, 0x4622EE8A),
    t(0x4F92DD00, 0x815C13CE, 0xBD602FF2, 0x73AEE13C),
    t(0x01C6C700, 0x03C4C502, 0xFA3D3CFB, 0xF83F3EF9),
    t(0x38CFF700, 0xEE1921D6, 0x7384BC4B, 0xA5526A9D),
    t(0x53732000, 0xE3C390B0, 0x10306343, 0xA080D3F3),
    t(0x036982E8, 0xA0CA214B, 0x8CE60D67, 0x2F45AEC4),
];
const DESKEW_LO: v128 = t(0x47A4E300, 0x07E4A340, 0x5DBEF91A, 0x1DFEB95A);
const DESKEW_HI: v128 = t(0x83EA6900, 0x5F36B5DC, 0xF49D1E77, 0x2841C2AB);
// Decryption rounds.
const DIPT_LO: v128 = t(0x0B545F00, 0x0F505B04, 0x114E451A, 0x154A411E);
const DIPT_HI: v128 = t(0x60056500, 0x86E383E6, 0xF491F194, 0x12771772);
const SB9_U: v128 = t(0x9A86D600, 0x851C0353, 0x4F994CC9, 0xCAD51F50);
const SB9_T: v128 = t(0xECD74900, 0xC03B1789, 0xB2FBA565, 0x725E2C9E);
const SBD_U: v128 = t(0xE6B1A200, 0x7D57CCDF, 0x882A4439, 0xF56E9B13);
const SBD_T: v128 = t(0x24C6CB00, 0x3CE2FAF7, 0x15DEEFD3, 0x2931180D);
const SBB_U: v128 = t(0x96B44200, 0xD0226492, 0xB0F2D404, 0x602646F6);
const SBB_T: v128 = t(0xCD596700, 0xC19498A6, 0x3255AA6B, 0xF3FF0C3E);
const SBE_U: v128 = t(0x26D4D000, 0x46F29296, 0x64B4F6B0, 0x22426004);
const SBE_T: v128 = t(0xFFAAC100, 0x0C55A6CD, 0x98593E32, 0x9467F36B);
const SBO_U: v128 = t(0x7EF94000, 0x1387EA53, 0xD4943E2D, 0xC7AA6DB9);
const SBO_T: v128 = t(0x93441D00, 0x12D7560F, 0xD8C58E9C, 0xCA4B8159);

/// `table[index]` for each of the 16 bytes (0 where the index is 16 or more).
#[inline(always)]
fn lookup(table: v128, index: v128) -> v128 {
    u8x16_swizzle(table, index)
}

#[inline(always)]
fn xor3(a: v128, b: v128, c: v128) -> v128 {
    v128_xor(a, v128_xor(b, c))
}

/// The low and the high nibble of every byte.
#[inline(always)]
fn nibbles(x: v128) -> (v128, v128) {
    (v128_and(x, LOW_NIBBLES), u8x16_shr(x, 4))
}

/// A linear map of bytes given by its two nibble tables.
#[inline(always)]
fn transform(x: v128, lo: v128, hi: v128) -> v128 {
    let (l, h) = nibbles(x);
    v128_xor(lookup(lo, l), lookup(hi, h))
}

/// The shared middle of a round: the GF(2^4) inversion steps, giving the two
/// index vectors (`io`, `jo`) the S-box-half tables are read with.
#[inline(always)]
fn invert(x: v128) -> (v128, v128) {
    let (lo, hi) = nibbles(x);
    let a = lookup(INV_B, lo);
    let mixed = v128_xor(lo, hi);
    let b = v128_xor(a, lookup(INV_A, hi));
    let c = v128_xor(a, lookup(INV_A, mixed));
    (
        v128_xor(mixed, lookup(INV_A, b)),
        v128_xor(hi, lookup(INV_A, c)),
    )
}

fn load(block: &[u8; 16]) -> v128 {
    let [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15] = *block;
    u8x16(
        a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15,
    )
}

fn store(value: v128, block: &mut [u8; 16]) {
    let lo = u64x2_extract_lane::<0>(value).to_le_bytes();
    let hi = u64x2_extract_lane::<1>(value).to_le_bytes();
    let (a, b) = block.split_at_mut(8);
    a.copy_from_slice(&lo);
    b.copy_from_slice(&hi);
}

/// One step of the encryption key schedule, in the method's basis.
#[inline(always)]
fn schedule_round(rcon: &mut v128, key: v128) -> v128 {
    let zero = u64x2(0, 0);
    // The round constant goes into byte 0; the next one is rotated in.
    let with_rcon = v128_xor(
        key,
        i8x16_shuffle::<15, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16>(
            *rcon, zero,
        ),
    );
    *rcon = i8x16_shuffle::<15, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14>(*rcon, *rcon);
    // RotWord of the last word, in every word.
    let rotated =
        i8x16_shuffle::<13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, 12>(key, key);
    // Each word XORs all words before it.
    let smeared = v128_xor(
        with_rcon,
        i8x16_shuffle::<16, 16, 16, 16, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11>(with_rcon, zero),
    );
    let smeared = xor3(
        smeared,
        i8x16_shuffle::<16, 16, 16, 16, 16, 16, 16, 16, 0, 1, 2, 3, 4, 5, 6, 7>(smeared, zero),
        u8x16_splat(0x5B),
    );
    let (io, jo) = invert(rotated);
    xor3(lookup(SB1_U, io), lookup(SB1_T, jo), smeared)
}

/// An encryption-schedule key as a decryption round key, ending with the
/// round's ShiftRows `pattern`.
#[inline(always)]
fn mangle_for_decryption(key: v128, pattern: v128) -> v128 {
    let mut step = transform(key, DSK[0], DSK[1]);
    let mut out = lookup(step, MC_FORWARD_0);
    for pair in [[DSK[2], DSK[3]], [DSK[4], DSK[5]], [DSK[6], DSK[7]]] {
        let [lo, hi] = pair;
        step = transform(step, lo, hi);
        out = lookup(v128_xor(step, out), MC_FORWARD_0);
    }
    lookup(out, pattern)
}

/// The eleven encryption round keys of an AES-128 key.
#[target_feature(enable = "simd128")]
fn encryption_keys(key: &[u8; 16]) -> [v128; 11] {
    let mut k = transform(load(key), IPT_LO, IPT_HI);
    let mut keys = [k; 11];
    let [_, middle @ .., last] = &mut keys;
    let mut rcon = RCON;
    // Keys 1 to 9, with ShiftRows patterns 3, 2, 1, 0, 3, …
    let patterns = SHIFT_ROWS.iter().rev().cycle();
    for (slot, pattern) in middle.iter_mut().zip(patterns) {
        k = schedule_round(&mut rcon, k);
        let t1 = lookup(v128_xor(k, u8x16_splat(0x5B)), MC_FORWARD_0);
        let t2 = lookup(t1, MC_FORWARD_0);
        let t3 = lookup(t2, MC_FORWARD_0);
        *slot = lookup(xor3(t1, t2, t3), *pattern);
    }
    k = schedule_round(&mut rcon, k);
    let k = v128_xor(lookup(k, SHIFT_ROWS[2]), u8x16_splat(0x5B));
    *last = transform(k, OUT_LO, OUT_HI);
    keys
}

/// Encrypts one block.
#[inline(always)]
fn encrypt_block(block: v128, keys: &[v128; 11]) -> v128 {
    let [k0, round_keys @ .., k10] = keys;
    let mut b = v128_xor(transform(block, IPT_LO, IPT_HI), *k0);
    let forward = [MC_FORWARD_1, MC_FORWARD_2, MC_FORWARD_3, MC_FORWARD_0];
    let backward = [
        MC_BACKWARD[1],
        MC_BACKWARD[2],
        MC_BACKWARD[3],
        MC_BACKWARD[0],
    ];
    // Not unrolled (see `Rounds::decrypt4`).
    for ((k, fwd), bwd) in core::hint::black_box(round_keys.as_slice())
        .iter()
        .zip(forward.iter().cycle())
        .zip(backward.iter().cycle())
    {
        let (io, jo) = invert(b);
        let t7 = xor3(lookup(SB1_T, jo), lookup(SB1_U, io), *k);
        let t8 = xor3(lookup(SB2_T, jo), lookup(SB2_U, io), lookup(t7, *fwd));
        b = xor3(lookup(t8, *fwd), lookup(t7, *bwd), t8);
    }
    let (io, jo) = invert(b);
    let out = xor3(lookup(SBO_ENC_U, io), lookup(SBO_ENC_T, jo), *k10);
    lookup(out, SHIFT_ROWS[2])
}

/// AES-128-CBC encryption in place (padding already added). `data`'s
/// length must be a multiple of 16; a trailing partial block is left as it is.
#[target_feature(enable = "simd128")]
pub(crate) fn cbc_encrypt(key: &[u8; 16], iv: &[u8; 16], data: &mut [u8]) {
    let mut keys = encryption_keys(key);
    let mut previous = load(iv);
    for chunk in data.chunks_exact_mut(16) {
        if let Ok(block) = <&mut [u8; 16]>::try_from(chunk) {
            previous = encrypt_block(v128_xor(load(block), previous), &keys);
            store(previous, block);
        }
    }
    forget_keys(&mut keys);
}

/// Overwrites round keys once they are used, so they do not stay on the
/// wasm stack (the key itself is zeroed by `SessionKey`'s drop).
#[inline(always)]
fn forget_keys(keys: &mut [v128; 11]) {
    *keys = [u64x2(0, 0); 11];
    // Seen by "something", so the compiler keeps the stores.
    core::hint::black_box(keys);
}

/// The eleven decryption round keys of an AES-128 key, in the order used.
#[target_feature(enable = "simd128")]
fn decryption_keys(key: &[u8; 16]) -> [v128; 11] {
    let raw = load(key);
    let mut keys = [raw; 11];
    let [first, middle @ .., last] = &mut keys;
    *last = lookup(raw, SHIFT_ROWS[2]);
    let mut rcon = RCON;
    let mut k = transform(raw, IPT_LO, IPT_HI);
    // Keys 9 down to 1, with ShiftRows patterns 1, 0, 3, 2, 1, …
    let patterns = SHIFT_ROWS.iter().rev().cycle().skip(2);
    for (slot, pattern) in middle.iter_mut().rev().zip(patterns) {
        k = schedule_round(&mut rcon, k);
        *slot = mangle_for_decryption(k, *pattern);
    }
    k = schedule_round(&mut rcon, k);
    *first = transform(v128_xor(k, u8x16_splat(0x5B)), DESKEW_LO, DESKEW_HI);
    keys
}

/// One middle round of decryption; `rot` is the round's column rotation.
#[inline(always)]
fn decrypt_round(b: v128, key: v128, rot: v128) -> v128 {
    let (io, jo) = invert(b);
    let t = xor3(lookup(SB9_T, jo), lookup(SB9_U, io), key);
    let t = xor3(lookup(t, rot), lookup(SBD_U, io), lookup(SBD_T, jo));
    let t = xor3(lookup(t, rot), lookup(SBB_U, io), lookup(SBB_T, jo));
    xor3(lookup(t, rot), lookup(SBE_U, io), lookup(SBE_T, jo))
}

/// Decrypts four blocks side by side: one block's rounds are a long chain
/// of dependent steps, so the CPU runs several blocks at once.
#[inline(always)]
fn decrypt4(blocks: [v128; 4], keys: &[v128; 11]) -> [v128; 4] {
    let [k0, round_keys @ .., k10] = keys;
    let mut b = blocks.map(|x| {
        let (lo, hi) = nibbles(x);
        xor3(lookup(DIPT_HI, hi), *k0, lookup(DIPT_LO, lo))
    });
    // Not unrolled (the slice's length is hidden): nine copies of a
    // four-block round would triple the module's AES code for no gain.
    let mut rot = MC_FORWARD_3;
    for k in core::hint::black_box(round_keys.as_slice()) {
        b = b.map(|x| decrypt_round(x, *k, rot));
        rot = i8x16_shuffle::<12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11>(rot, rot);
    }
    b.map(|x| {
        let (io, jo) = invert(x);
        lookup(
            xor3(lookup(SBO_U, io), *k10, lookup(SBO_T, jo)),
            SHIFT_ROWS[2],
        )
    })
}

/// AES-128-CBC decryption in place (no padding removed). `data`'s length
/// must be a multiple of 16; a trailing partial block is left as it is.
#[target_feature(enable = "simd128")]
pub(crate) fn cbc_decrypt(key: &[u8; 16], iv: &[u8; 16], data: &mut [u8]) {
    let mut keys = decryption_keys(key);
    let mut previous = load(iv);
    // Four blocks at a time; a last group of fewer is padded with zeros
    // whose output is dropped (it costs no more time than fewer blocks).
    for group in data.chunks_mut(64) {
        let mut sealed = [u64x2(0, 0); 4];
        for (slot, block) in sealed.iter_mut().zip(group.chunks_exact(16)) {
            if let Ok(block) = <&[u8; 16]>::try_from(block) {
                *slot = load(block);
            }
        }
        let plain = decrypt4(sealed, &keys);
        for ((block, plain), sealed) in group.chunks_exact_mut(16).zip(plain).zip(sealed) {
            if let Ok(block) = <&mut [u8; 16]>::try_from(block) {
                store(v128_xor(plain, previous), block);
            }
            previous = sealed;
        }
    }
    forget_keys(&mut keys);
}
