//! Decimal amounts as integer minor units, by the currency's ISO 4217 exponent.

/// Currencies without minor units (ISO 4217 exponent 0).
const NO_MINOR_UNITS: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF",
    "XPF",
];
/// Currencies with three decimal places.
const THREE_DECIMALS: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

/// `amount` (such as `49.99`) in the minor units of `currency` (4999 for USD; 4999 yen is
/// `4999` for JPY). More decimals than the currency has, a sign, or anything but digits and
/// one point is an error that says so.
pub fn minor_units(amount: &str, currency: &str) -> Result<i64, String> {
    let exponent = if NO_MINOR_UNITS.contains(&currency) {
        0
    } else if THREE_DECIMALS.contains(&currency) {
        3
    } else {
        2
    };
    let amount = amount.trim();
    let (whole, fraction) = amount.split_once('.').unwrap_or((amount, ""));
    let digits = |text: &str| text.bytes().all(|byte| byte.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return Err(format!("`{amount}` is not an amount such as 49.99"));
    }
    if fraction.len() > exponent {
        return Err(format!("`{amount}` has more decimal places than {currency} has ({exponent})"));
    }
    let scale = 10_i64.pow(exponent as u32);
    let padded = format!("{fraction:0<exponent$}");
    let whole: i64 = whole.parse().map_err(|_| format!("`{amount}` is too large"))?;
    let fraction: i64 =
        if padded.is_empty() { 0 } else { padded.parse().map_err(|_| format!("`{amount}` is too large"))? };
    whole
        .checked_mul(scale)
        .and_then(|minor| minor.checked_add(fraction))
        .ok_or_else(|| format!("`{amount}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::minor_units;

    #[test]
    fn uses_the_currency_exponent() {
        assert_eq!(minor_units("49.99", "USD"), Ok(4999));
        assert_eq!(minor_units("49.9", "EUR"), Ok(4990));
        assert_eq!(minor_units("49", "GBP"), Ok(4900));
        assert_eq!(minor_units("4999", "JPY"), Ok(4999));
        assert_eq!(minor_units("1.250", "KWD"), Ok(1250));
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        assert!(minor_units("49.999", "USD").unwrap_err().contains("more decimal places than USD has (2)"));
        assert!(minor_units("-5", "USD").is_err());
        assert!(minor_units("1,000.00", "USD").is_err());
        assert!(minor_units("", "USD").is_err());
        assert!(minor_units("99999999999999999999", "USD").unwrap_err().contains("too large"));
    }
}
