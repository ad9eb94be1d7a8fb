//! The boundary crate's wire rules, checked natively (the guests use the same code).

use abi_types::{BINCODE_CONFIG, MultiplyParams, pack_buffer, unpack_buffer};

#[test]
fn buffer_packing_round_trips_extremes() {
    for (ptr, len) in [(0, 0), (u32::MAX, 0), (0, u32::MAX), (u32::MAX, u32::MAX), (1024, 8)] {
        assert_eq!(unpack_buffer(pack_buffer(ptr, len)), (ptr, len));
    }
}

#[test]
fn bincode_legacy_encoding_of_two_i32_is_the_c_struct() {
    let params = MultiplyParams { x: -7, y: 123_456 };
    let encoded = bincode::serde::encode_to_vec(params, BINCODE_CONFIG).unwrap();
    let c_layout: Vec<u8> = [params.x.to_le_bytes(), params.y.to_le_bytes()].concat();
    assert_eq!(encoded, c_layout);
}

#[test]
fn product_wraps_instead_of_overflowing() {
    assert_eq!(MultiplyParams { x: i32::MAX, y: 2 }.product(), -2);
    assert_eq!(MultiplyParams { x: i32::MIN, y: -1 }.product(), i32::MIN);
}
