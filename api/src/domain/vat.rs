//! Belgian VAT (enterprise) numbers: `BE` + 10 digits, the last two a mod-97 check of the first eight.

/// A Belgian VAT number that failed validation, with the reason in words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VatError {
    /// Not `BE` followed by ten digits.
    #[error("a Belgian VAT number is BE followed by 10 digits, e.g. BE0417497106")]
    Format,
    /// The first digit of a Belgian enterprise number is 0 or 1.
    #[error("a Belgian VAT number starts with BE0 or BE1")]
    FirstDigit,
    /// The check digits do not match.
    #[error("the check digits do not match (typo?)")]
    Checksum,
}

/// Normalises a Belgian VAT number (spaces, dots and dashes dropped, upper-case, `BE` prefix added
/// to a bare 10-digit number) and checks it; returns the canonical form `BE0123456749`.
pub fn normalize_belgian_vat(input: &str) -> Result<String, VatError> {
    let compact: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect::<String>()
        .to_ascii_uppercase();
    let digits = compact.strip_prefix("BE").unwrap_or(&compact);
    // Old 9-digit numbers got a leading 0 when Belgium moved to 10 digits.
    let digits = if digits.len() == 9 {
        format!("0{digits}")
    } else {
        digits.to_owned()
    };
    if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(VatError::Format);
    }
    if !digits.starts_with(['0', '1']) {
        return Err(VatError::FirstDigit);
    }
    let (base, check) = digits.split_at(8);
    let base: u64 = base.parse().map_err(|_| VatError::Format)?;
    let check: u64 = check.parse().map_err(|_| VatError::Format)?;
    if 97 - base % 97 != check {
        return Err(VatError::Checksum);
    }
    Ok(format!("BE{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_real_numbers_in_every_usual_notation() {
        for input in [
            "BE0417497106",
            "be 0417.497.106",
            "0417497106",
            "BE 0417-497-106",
            "417497106",
        ] {
            assert_eq!(normalize_belgian_vat(input).as_deref(), Ok("BE0417497106"), "{input}");
        }
        assert_eq!(normalize_belgian_vat("BE0403170701").as_deref(), Ok("BE0403170701"));
    }

    #[test]
    fn refuses_wrong_checksum_length_letters_and_first_digit() {
        assert_eq!(normalize_belgian_vat("BE0123456789"), Err(VatError::Checksum));
        assert_eq!(normalize_belgian_vat("BE041749710"), Err(VatError::Checksum));
        assert_eq!(normalize_belgian_vat("BE04174971066"), Err(VatError::Format));
        assert_eq!(normalize_belgian_vat("NL0417497106"), Err(VatError::Format));
        assert_eq!(normalize_belgian_vat("BE04174971O6"), Err(VatError::Format));
        assert_eq!(normalize_belgian_vat("BE2417497106"), Err(VatError::FirstDigit));
        assert_eq!(normalize_belgian_vat(""), Err(VatError::Format));
    }

    proptest! {
        #[test]
        fn every_number_built_with_its_check_digits_is_accepted(base in 0u64..20_000_000) {
            let number = format!("BE{base:08}{:02}", 97 - base % 97);
            prop_assert_eq!(normalize_belgian_vat(&number), Ok(number.clone()));
        }

        #[test]
        fn a_wrong_check_is_always_refused(base in 0u64..20_000_000, delta in 1u64..97) {
            let wrong = (97 - base % 97 + delta) % 100;
            prop_assume!(wrong != 97 - base % 97);
            let number = format!("BE{base:08}{wrong:02}");
            prop_assert_eq!(normalize_belgian_vat(&number), Err(VatError::Checksum));
        }
    }
}
