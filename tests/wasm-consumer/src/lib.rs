//! Someone else's wasm crate that uses weapp-login: it picks its own
//! allocator and exports its own function.

#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// 1 when the library classifies errcode 40163 as a used code, else 0.
#[no_mangle]
pub extern "C" fn code_used_is_known() -> u32 {
    u32::from(weapp_login::wechat_error_kind(40163) == weapp_login::ErrorKind::CodeUsed)
}
