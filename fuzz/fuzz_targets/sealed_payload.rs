//! Any text, sealed as WeChat would: reaches the JSON, watermark and shape
//! checks behind a successful decryption.
#![no_main]
use libfuzzer_sys::fuzz_target;
use weapp_login::crypto::{encode_base64, seal};
use weapp_login::{decrypt_data, decrypt_phone_number, decrypt_user_info, EncryptedData, KeyRing, SessionKey, Validation};

fuzz_target!(|data: &[u8]| {
    let key = SessionKey::from_bytes([7; 16]);
    let iv = [9u8; 16];
    let ct = encode_base64(&seal(&key, &iv, data));
    let iv_text = encode_base64(&iv);
    let sealed = EncryptedData { encrypted_data: &ct, iv: &iv_text };
    for max_age in [Some(600), None] {
        let v = Validation::new("wx1234567890abcdef", 1_763_900_005).with_max_age(max_age);
        let _ = decrypt_data(&key, &sealed, &v);
        let _ = decrypt_phone_number(&key, &sealed, &v);
        let _ = decrypt_user_info(&key, &sealed, &v);
        let mut ring = KeyRing::new();
        ring.push(SessionKey::from_bytes([1; 16]), 10, 3, 100);
        ring.push(key.clone(), 20, 3, 100);
        let _ = ring.decrypt_phone_number(&sealed, &v);
    }
});
