//! Byte sizes as ids and people write them: `4MiB`, `1 GiB`, `512KiB`, or plain bytes.
//! Cache sizes, payload sizes and host-call transfer sizes all use this one form.

const UNITS: [(&str, i64); 5] = [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("B", 1)];

/// `bytes` in the largest binary unit that divides it: `4MiB`, `1GiB`, `1500B`. Ids and
/// tables use this form, and [`parse_size`] reads it back.
pub fn size_label(bytes: i64) -> String {
    let (unit, scale) = UNITS.iter().find(|(_, scale)| bytes != 0 && bytes % scale == 0).copied().unwrap_or(("B", 1));
    format!("{}{unit}", bytes / scale)
}

/// A size in bytes from `4MiB`, `4 MiB`, `4M`, `4mib` or `4194304` (binary units: K, M,
/// G and T are 1024-based, with or without `iB`). At least 1 byte.
pub fn parse_size(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (digits, unit) = (&text[..split], text[split..].trim());
    let number: i64 = digits.parse().map_err(|_| format!("cache size `{text}` does not start with a whole number"))?;
    let scale = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "t" | "tib" => 1 << 40,
        _ => return Err(format!("cache size `{text}`: unknown unit `{unit}` (use B, KiB, MiB, GiB or TiB)")),
    };
    match number.checked_mul(scale) {
        Some(bytes) if bytes >= 1 => Ok(bytes),
        Some(_) => Err(format!("cache size `{text}` must be at least 1 byte")),
        None => Err(format!("cache size `{text}` is too large")),
    }
}
