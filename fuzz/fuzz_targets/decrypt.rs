//! Decryption from any key, iv and ciphertext, as raw bytes and as text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use weapp_login::crypto::encode_base64;
use weapp_login::{decrypt_data, decrypt_phone_number, decrypt_user_info, EncryptedData, SessionKey, Validation};

fuzz_target!(|data: &[u8]| {
    let v = Validation::new("wx1234567890abcdef", 1_763_900_005);
    // Raw bytes: 16 of key, 16 of iv, the rest ciphertext (base64 on the way in).
    if data.len() >= 32 {
        let (key, rest) = data.split_at(16);
        let (iv, ct) = rest.split_at(16);
        let key = SessionKey::from_bytes(key.try_into().unwrap_or([0; 16]));
        let (iv, ct) = (encode_base64(iv), encode_base64(ct));
        let sealed = EncryptedData { encrypted_data: &ct, iv: &iv };
        let _ = decrypt_data(&key, &sealed, &v);
        let _ = decrypt_phone_number(&key, &sealed, &v);
        let _ = decrypt_user_info(&key, &sealed, &v);
    }
    // Text: three fields split on newlines, through every base64 rule.
    if let Ok(text) = std::str::from_utf8(data) {
        let mut parts = text.splitn(3, '\n');
        let (key, iv, ct) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        if let Ok(key) = SessionKey::from_base64(key) {
            let sealed = EncryptedData { encrypted_data: ct, iv };
            let _ = decrypt_phone_number(&key, &sealed, &v);
        }
    }
});
