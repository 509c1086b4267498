//! Every input rule, in one place. Each check returns an [`Error`] naming the parameter;
//! none of them ever puts the App Certificate's value into a message.

use std::borrow::Cow;

use crate::error::Error;

/// The punctuation Agora allows in a channel name, besides letters, digits and space.
pub const CHANNEL_PUNCTUATION: &str = "!#$%&()+-:;<=.>?@[]^_{|}~,";
/// Longest channel name, in bytes.
pub const MAX_CHANNEL_NAME: usize = 64;
/// Longest user account, user id or uuid, in bytes.
pub const MAX_ACCOUNT: usize = 255;
/// Longest RTM2 resource name, in bytes (the format's length prefix is a u16).
pub const MAX_RESOURCE: usize = u16::MAX as usize;
/// The wildcard of Agora's wildcard tokens: a channel name `*` (any channel) or a pattern
/// such as `1*a*2`. Allowed in channel names besides [`CHANNEL_PUNCTUATION`].
pub const CHANNEL_WILDCARD: char = '*';
/// Most entries a count of the token formats can say (their counts are 16-bit).
pub const MAX_COUNT: usize = u16::MAX as usize;

/// Whether `v` is exactly 32 ASCII hexadecimal digits: written without early exits, so
/// that it compiles to a few vector instructions.
fn is_hex32(v: &[u8]) -> bool {
    let Ok(a) = <&[u8; 32]>::try_from(v) else { return false };
    let mut bad = 0u8;
    for &b in a {
        let digit = b.wrapping_sub(b'0') < 10;
        let letter = (b | 0x20).wrapping_sub(b'a') < 6;
        bad |= u8::from(!(digit | letter));
    }
    bad == 0
}

fn hex32(param: &'static str, value: &str, what: &str, show_char: bool) -> Result<(), Error> {
    if is_hex32(value.as_bytes()) {
        return Ok(());
    }
    if value.is_empty() {
        return Err(Error::type_error(param, format_args!("must be a 32-character hexadecimal {what}, got an empty string")));
    }
    let n = value.chars().count();
    if n != 32 {
        return Err(Error::type_error(param, format_args!("must be a 32-character hexadecimal {what}, got {n} characters")));
    }
    if let Some((i, c)) = value.chars().enumerate().find(|(_, c)| !c.is_ascii_hexdigit()) {
        let shown = if show_char { format!(" {c:?}") } else { String::new() };
        return Err(Error::type_error(
            param,
            format_args!("must be a 32-character hexadecimal {what}: character{shown} at position {i} is not hexadecimal"),
        ));
    }
    Ok(())
}

/// An App ID: 32 hexadecimal characters.
pub fn app_id(param: &'static str, value: &str) -> Result<(), Error> {
    hex32(param, value, "App ID", true)
}

/// An App Certificate: 32 hexadecimal characters. The message gives only its length
/// and the position of a bad character, never a character of the secret.
pub fn app_certificate(param: &'static str, value: &str) -> Result<(), Error> {
    hex32(param, value, "App Certificate", false)
}

fn channel_char_ok(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == ' ' || c == CHANNEL_WILDCARD || CHANNEL_PUNCTUATION.contains(c)
}

/// `CHANNEL_BYTE[b]` is 1 for the bytes a channel name may use (the rule of
/// [`channel_char_ok`], as a table built at compile time).
const CHANNEL_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0usize;
    while b < 128 {
        let c = b as u8;
        let mut ok = c.is_ascii_alphanumeric() || c == b' ' || c == CHANNEL_WILDCARD as u8;
        let p = CHANNEL_PUNCTUATION.as_bytes();
        let mut i = 0;
        while i < p.len() {
            ok |= p[i] == c;
            i += 1;
        }
        t[b] = ok as u8;
        b += 1;
    }
    t
};

/// A channel name: 1 to 64 bytes of a-z, A-Z, 0-9, space, [`CHANNEL_PUNCTUATION`] and the
/// wildcard `*` ([`CHANNEL_WILDCARD`]: `*` or `1*a*2` make a wildcard token, as Agora
/// documents and agora-token builds). With `allow_empty`, the empty string is accepted too (services whose channel is optional).
pub fn channel_name(param: &'static str, value: &str, allow_empty: bool) -> Result<(), Error> {
    if value.is_empty() {
        if allow_empty {
            return Ok(());
        }
        return Err(Error::range_error(param, "must not be empty"));
    }
    if value.len() > MAX_CHANNEL_NAME {
        return Err(Error::range_error(param, format_args!("must be at most {MAX_CHANNEL_NAME} bytes, got {} bytes", value.len())));
    }
    // Every byte allowed: a table lookup per byte, no early exit.
    if value.bytes().fold(1u8, |ok, b| ok & CHANNEL_BYTE[usize::from(b)]) == 1 {
        return Ok(());
    }
    if let Some((i, c)) = value.chars().enumerate().find(|&(_, c)| !channel_char_ok(c)) {
        return Err(Error::range_error(
            param,
            format_args!(
                "has {c:?} at position {i}; a channel name may only use a-z A-Z 0-9, space, {CHANNEL_PUNCTUATION} and the wildcard *"
            ),
        ));
    }
    Ok(())
}

/// A user account, user id or uuid given as a string: at most 255 bytes.
pub fn account(param: &'static str, value: &str) -> Result<(), Error> {
    if value.len() > MAX_ACCOUNT {
        return Err(Error::range_error(param, format_args!("must be at most {MAX_ACCOUNT} bytes, got {} bytes", value.len())));
    }
    Ok(())
}

/// A JavaScript number that must be an integer in `0..=max`.
pub fn integer(param: &'static str, value: f64, max: u32) -> Result<u32, Error> {
    if !value.is_finite() || value.fract() != 0.0 {
        return Err(Error::range_error(param, format_args!("must be an integer from 0 to {max}, got {}", js_number(value))));
    }
    if value < 0.0 || value > max as f64 {
        return Err(Error::range_error(param, format_args!("must be an integer from 0 to {max}, got {}", js_number(value))));
    }
    Ok(value as u32)
}

/// A JavaScript number that must be an integer in `min..=max` (signed).
pub fn signed_integer(param: &'static str, value: f64, min: i32, max: i32) -> Result<i32, Error> {
    if !value.is_finite() || value.fract() != 0.0 || value < min as f64 || value > max as f64 {
        return Err(Error::range_error(param, format_args!("must be an integer from {min} to {max}, got {}", js_number(value))));
    }
    Ok(value as i32)
}

/// An expire or timestamp: an integer in 0..=4294967295.
pub fn u32_value(param: &'static str, value: f64) -> Result<u32, Error> {
    integer(param, value, u32::MAX)
}

/// A numeric uid (0..=4294967295) as the token stores it: 0 ("any uid") becomes the empty
/// string, every other value its decimal digits.
pub fn uid_number(param: &'static str, value: f64) -> Result<Cow<'static, str>, Error> {
    let n = u32_value(param, value)?;
    Ok(uid_string(n))
}

/// The string form of a numeric uid: "" for 0, decimal otherwise.
pub fn uid_string(n: u32) -> Cow<'static, str> {
    if n == 0 {
        Cow::Borrowed("")
    } else {
        Cow::Owned(n.to_string())
    }
}

/// An RTC role for 007 tokens: 1 (publisher) or 2 (subscriber).
pub fn rtc_role(param: &'static str, value: f64) -> Result<bool, Error> {
    match value {
        1.0 => Ok(true),
        2.0 => Ok(false),
        v => Err(Error::range_error(param, format_args!("must be RtcRole.PUBLISHER (1) or RtcRole.SUBSCRIBER (2), got {}", js_number(v)))),
    }
}

/// Formats a number the way JavaScript prints it, for messages.
pub fn js_number(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else if v.fract() == 0.0 && v.abs() < 1e21 {
        format!("{}", v as i128)
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn channel_byte_table_agrees_with_the_rule() {
        for b in 0..=255u8 {
            assert_eq!(CHANNEL_BYTE[usize::from(b)] == 1, b < 128 && channel_char_ok(char::from(b)), "byte {b}");
            let name = [b'a', b, b'z'];
            let ok = std::str::from_utf8(&name).is_ok_and(|s| channel_name("c", s, false).is_ok());
            assert_eq!(ok, CHANNEL_BYTE[usize::from(b)] == 1, "byte {b}");
        }
        assert!(channel_name("c", "caf\u{e9}", false).unwrap_err().to_string().contains("'\u{e9}' at position 3"));
    }

    #[test]
    fn is_hex32_agrees_with_the_standard_library() {
        for b in 0..=255u8 {
            let mut v = [b'a'; 32];
            for at in [0, 17, 31] {
                v[at] = b;
                assert_eq!(is_hex32(&v), b.is_ascii_hexdigit(), "byte {b} at {at}");
                v[at] = b'a';
            }
        }
        assert!(is_hex32(b"0123456789abcdefABCDEF0123456789"));
        assert!(!is_hex32(b"0123456789abcdefABCDEF012345678"));
        assert!(!is_hex32(b"0123456789abcdefABCDEF01234567890"));
    }

    use super::*;

    #[test]
    fn hex_ids() {
        assert!(app_id("appId", "970CA35de60c44645bbae8a215061b33").is_ok());
        let e = app_id("appId", "970CA35de60c44645bbae8a215061b3").unwrap_err();
        assert_eq!(e.message, "appId must be a 32-character hexadecimal App ID, got 31 characters");
        let e = app_certificate("appCertificate", "5CFd2fd1755d40ecb72977518be15d3z").unwrap_err();
        assert!(e.message.contains("position 31"), "{}", e.message);
        assert!(!e.message.contains('z'.to_string().as_str()) || !e.message.contains("'z'"));
        assert!(app_certificate("appCertificate", "").unwrap_err().message.contains("empty"));
    }

    #[test]
    fn channel_names() {
        assert!(channel_name("channelName", "abc XYZ 019 !#$%&()+-:;<=.>?@[]^_{|}~,", false).is_ok());
        assert!(channel_name("channelName", "", false).is_err());
        assert!(channel_name("channelName", "", true).is_ok());
        assert!(channel_name("channelName", &"a".repeat(64), false).is_ok());
        assert!(channel_name("channelName", &"a".repeat(65), false).is_err());
        let e = channel_name("channelName", "caf\u{e9}", false).unwrap_err();
        assert!(e.message.contains("position 3"), "{}", e.message);
        assert!(channel_name("channelName", "a/b", false).is_err());
        // Wildcard tokens: any channel, or a pattern.
        for w in ["*", "1*a*2", "room-*"] {
            assert!(channel_name("channelName", w, false).is_ok(), "{w}");
        }
        assert!(channel_name("channelName", "a\\b", false).unwrap_err().message.contains("and the wildcard *"));
    }

    #[test]
    fn numbers() {
        assert_eq!(u32_value("expire", 4294967295.0), Ok(u32::MAX));
        assert!(u32_value("expire", 4294967296.0).is_err());
        assert!(u32_value("expire", -1.0).is_err());
        assert!(u32_value("expire", 1.5).is_err());
        assert!(u32_value("expire", f64::NAN).unwrap_err().message.ends_with("got NaN"));
        assert_eq!(uid_number("uid", 0.0).unwrap(), "");
        assert_eq!(uid_number("uid", 4294967295.0).unwrap(), "4294967295");
        assert_eq!(rtc_role("role", 1.0), Ok(true));
        assert_eq!(rtc_role("role", 2.0), Ok(false));
        assert!(rtc_role("role", 0.0).is_err());
        // Float patterns compare with `==`: NaN matches no role, 1.5 is not rounded.
        assert!(rtc_role("role", f64::NAN).is_err());
        assert!(rtc_role("role", 1.5).is_err());
        assert_eq!(js_number(-0.5), "-0.5");
    }
}

/// A checked App ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppId<'a>(&'a str);

impl<'a> AppId<'a> {
    pub fn new(param: &'static str, value: &'a str) -> Result<Self, Error> {
        app_id(param, value)?;
        Ok(AppId(value))
    }
    pub fn as_str(&self) -> &'a str {
        self.0
    }
}

/// A checked App Certificate. Its `Debug` form is redacted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct AppCertificate<'a>(&'a str);

impl<'a> AppCertificate<'a> {
    pub fn new(param: &'static str, value: &'a str) -> Result<Self, Error> {
        app_certificate(param, value)?;
        Ok(AppCertificate(value))
    }
    pub fn as_str(&self) -> &'a str {
        self.0
    }
}

impl std::fmt::Debug for AppCertificate<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppCertificate([redacted])")
    }
}

/// A checked channel name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelName<'a>(&'a str);

impl<'a> ChannelName<'a> {
    /// A channel name that must not be empty.
    pub fn new(param: &'static str, value: &'a str) -> Result<Self, Error> {
        channel_name(param, value, false)?;
        Ok(ChannelName(value))
    }
    /// A channel name that may be empty (services whose channel is optional).
    pub fn optional(param: &'static str, value: &'a str) -> Result<Self, Error> {
        channel_name(param, value, true)?;
        Ok(ChannelName(value))
    }
    pub fn as_str(&self) -> &'a str {
        self.0
    }
}

/// A checked uid, account, user id or uuid, in the form the token stores it.
/// A numeric 0 means "any user" and is stored as the empty string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account<'a> {
    value: Cow<'a, str>,
    from_zero: bool,
}

impl<'a> Account<'a> {
    /// From a string: at most 255 bytes.
    pub fn from_str(param: &'static str, value: &'a str) -> Result<Self, Error> {
        account(param, value)?;
        Ok(Account { value: Cow::Borrowed(value), from_zero: false })
    }
    /// From a JavaScript number: an integer in 0..=4294967295.
    pub fn from_number(param: &'static str, value: f64) -> Result<Account<'static>, Error> {
        let n = u32_value(param, value)?;
        Ok(Account::from_u32(n))
    }
    pub fn from_u32(n: u32) -> Account<'static> {
        Account { value: uid_string(n), from_zero: n == 0 }
    }
    /// From an owned string the library made itself (no caller-facing rule applies).
    pub fn owned(value: String) -> Account<'static> {
        Account { value: Cow::Owned(value), from_zero: false }
    }
    /// The empty account ("any user").
    pub fn empty() -> Account<'static> {
        Account { value: Cow::Borrowed(""), from_zero: false }
    }
    /// The value packed into the token.
    pub fn as_str(&self) -> &str {
        &self.value
    }
    pub fn into_cow(self) -> Cow<'a, str> {
        self.value
    }
    /// The value as its caller wrote it: `"0"` for the number 0, otherwise as packed.
    pub fn as_written(&self) -> &str {
        if self.from_zero {
            "0"
        } else {
            &self.value
        }
    }
}

/// The role of an RTC user in a 007 token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RtcRole {
    /// May join and publish audio, video and data streams.
    Publisher = 1,
    /// May only join.
    Subscriber = 2,
}

impl RtcRole {
    pub fn from_number(param: &'static str, value: f64) -> Result<Self, Error> {
        Ok(if rtc_role(param, value)? { RtcRole::Publisher } else { RtcRole::Subscriber })
    }
}

/// The role of an RTC user in a legacy 006 token (agora-access-token's `RtcRole`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyRtcRole {
    /// Deprecated; same privileges as a publisher.
    Attendee = 0,
    /// Join and publish audio, video and data.
    Publisher = 1,
    /// Join only.
    Subscriber = 2,
    /// Deprecated; same privileges as a publisher.
    Admin = 101,
}

impl LegacyRtcRole {
    /// 0, 1, 2 or 101. agora-access-token gives any other value the subscriber's
    /// privileges without a word; here it is refused.
    pub fn from_number(param: &'static str, value: f64) -> Result<Self, Error> {
        Ok(match value {
            0.0 => LegacyRtcRole::Attendee,
            1.0 => LegacyRtcRole::Publisher,
            2.0 => LegacyRtcRole::Subscriber,
            101.0 => LegacyRtcRole::Admin,
            v => {
                return Err(Error::range_error(
                    param,
                    format_args!(
                        "must be RtcRole.ATTENDEE (0), RtcRole.PUBLISHER (1), RtcRole.SUBSCRIBER (2) or RtcRole.ADMIN (101), got {}",
                        js_number(v)
                    ),
                ))
            }
        })
    }
    /// Whether the role gets the publish privileges (everything but subscriber).
    pub fn can_publish(self) -> bool {
        self != LegacyRtcRole::Subscriber
    }
}

/// Below this, a 006 expiry is a duration mistaken for a timestamp (one year after 1970).
pub const MIN_UNIX_TIMESTAMP: u32 = 31_536_000;

/// A 006 privilege expiry: an absolute Unix timestamp in seconds, or 0 for "no expiry".
///
/// A value from 1 to 31535999 is refused: as a timestamp it is in 1970, so the token
/// would be expired on arrival; it is almost always a duration written where 006 wants
/// `now + duration` (007 builders take durations, 006 builders take timestamps).
pub fn unix_timestamp_006(param: &'static str, value: f64) -> Result<u32, Error> {
    let n = u32_value(param, value)?;
    if n != 0 && n < MIN_UNIX_TIMESTAMP {
        return Err(Error::range_error(
            param,
            format_args!(
                "must be an absolute Unix timestamp in seconds (or 0 for no expiry), got {n}, which is in 1970: \
                 006 tokens take a timestamp, not a duration; use Math.floor(Date.now() / 1000) + {n}"
            ),
        ));
    }
    Ok(n)
}

#[cfg(test)]
mod legacy_tests {
    use super::*;

    #[test]
    fn legacy_roles_and_timestamps() {
        assert_eq!(LegacyRtcRole::from_number("role", 101.0), Ok(LegacyRtcRole::Admin));
        assert!(LegacyRtcRole::from_number("role", 0.0).unwrap().can_publish());
        // Float patterns compare with `==`: -0 (what JS `-0` arrives as) is ATTENDEE, NaN no role.
        assert_eq!(LegacyRtcRole::from_number("role", -0.0), Ok(LegacyRtcRole::Attendee));
        assert!(LegacyRtcRole::from_number("role", f64::NAN).is_err());
        assert!(!LegacyRtcRole::from_number("role", 2.0).unwrap().can_publish());
        assert!(LegacyRtcRole::from_number("role", 3.0).unwrap_err().message.contains("ADMIN (101)"));
        assert_eq!(unix_timestamp_006("privilegeExpiredTs", 0.0), Ok(0));
        assert_eq!(unix_timestamp_006("privilegeExpiredTs", 31_536_000.0), Ok(31_536_000));
        let e = unix_timestamp_006("privilegeExpiredTs", 3600.0).unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::Range);
        assert!(e.message.contains("Math.floor(Date.now() / 1000) + 3600"), "{}", e.message);
        assert!(unix_timestamp_006("privilegeExpiredTs", -1.0).is_err());
    }
}

/// A number given as a string (`req.query.expire`): where the reference packages take a
/// number they also take its decimal digits, because `Buffer` writes `+value`. Only the
/// canonical form is accepted, `0` or digits without a leading zero (`/^(0|[1-9][0-9]*)$/`);
/// the value then meets the same rule as the number would. `'1.5'`, `'-1'`, `' 42'`,
/// `'0x10'`, `''` and `'1e3'` are refused: the references would turn them into some other
/// number, or into 0, without a word.
pub fn decimal_string(param: &'static str, value: &str) -> Result<f64, Error> {
    let b = value.as_bytes();
    let canonical = !b.is_empty() && b.iter().all(u8::is_ascii_digit) && (b[0] != b'0' || b.len() == 1);
    if !canonical {
        return Err(Error::type_error(
            param,
            "must be a number or a string of decimal digits such as '3600' (no sign, point, spaces, leading zeros or hex), \
             got a string that is not one",
        ));
    }
    // Digits only, so this parse cannot fail; past 2^53 it rounds, and every rule refuses
    // such a value as out of range anyway.
    Ok(value.parse::<f64>().unwrap_or(f64::INFINITY))
}

/// A count the token format stores in 16 bits (privileges of a service, RTM2 resource
/// types, permission types and names, DynamicKey5 `extra` entries): at most 65535.
/// `what` says what is counted, e.g. `"privileges a service can hold"`.
pub fn count(param: &'static str, n: usize, what: &str) -> Result<(), Error> {
    if n > MAX_COUNT {
        return Err(Error::range_error(param, format_args!("must number at most {MAX_COUNT} {what}, got {n}")));
    }
    Ok(())
}

/// A byte string the token format prefixes with a 16-bit length: at most 65535 bytes.
/// `what` names it (`"values"`), `at` says where it is (`" at key 1"`, or `""`).
pub fn length_u16(param: &'static str, n: usize, what: &str, at: impl std::fmt::Display) -> Result<(), Error> {
    if n > MAX_COUNT {
        return Err(Error::range_error(param, format_args!("{what} must be at most {MAX_COUNT} bytes, got {n}{at}")));
    }
    Ok(())
}

/// The user account of a 006 RTM token: not empty (an RTM token logs in one user id).
/// agora-access-token builds a token for the empty account, which no RTM client can use.
pub fn rtm_account_006(param: &'static str, account: &str) -> Result<(), Error> {
    if account.is_empty() {
        return Err(Error::range_error(param, "must not be empty: an RTM token is for one user id"));
    }
    self::account(param, account)
}

/// The permission of a DynamicKey5 in-channel permission key: 1 to 255 bytes
/// (`DynamicKey5.noUpload` `'0'` or `DynamicKey5.audioVideoUpload` `'3'`).
pub fn dynamic_key5_permission(param: &'static str, value: &str) -> Result<(), Error> {
    if value.is_empty() || value.len() > 255 {
        return Err(Error::range_error(
            param,
            "must be DynamicKey5.noUpload ('0') or DynamicKey5.audioVideoUpload ('3'): a string of 1 to 255 bytes",
        ));
    }
    Ok(())
}

/// The uid of a DynamicKey5, given in the form a token stores uids (`""` for 0, decimal
/// digits otherwise, as an `Account` makes them): a number from 0 to 4294967295.
pub fn dynamic_key5_uid(param: &'static str, stored: &str) -> Result<u32, Error> {
    if stored.is_empty() {
        return Ok(0);
    }
    match stored.parse::<u32>() {
        Ok(n) if n.to_string() == stored => Ok(n),
        _ => Err(Error::type_error(param, "must be a number from 0 to 4294967295 for a DynamicKey5")),
    }
}

/// Agora caps a token's life at 24 hours: a longer 007 expiry still builds, with a warning.
pub const MAX_AGORA_EXPIRE: u32 = 24 * 3600;
/// From this value on, a 007 expiry ("seconds from now") is a Unix timestamp by mistake:
/// 10^9 seconds is 31.7 years, and 10^9 as a timestamp is September 2001.
pub const UNIX_TIMESTAMP_AS_EXPIRE: u32 = 1_000_000_000;

/// A 007 expiry that builds but is almost certainly not what its caller meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpireWarning {
    /// At least [`UNIX_TIMESTAMP_AS_EXPIRE`]: a Unix timestamp passed as "seconds from now".
    UnixTimestamp,
    /// Above [`MAX_AGORA_EXPIRE`] (and below the timestamp threshold).
    Over24Hours,
}

impl ExpireWarning {
    /// Which warning, if any, a 007 expiry of `value` seconds deserves. 0 never warns.
    pub fn of(value: u32) -> Option<Self> {
        if value >= UNIX_TIMESTAMP_AS_EXPIRE {
            Some(ExpireWarning::UnixTimestamp)
        } else if value > MAX_AGORA_EXPIRE {
            Some(ExpireWarning::Over24Hours)
        } else {
            None
        }
    }
    /// A stable code, for `process.emitWarning` and for filtering it.
    pub fn code(self) -> &'static str {
        match self {
            ExpireWarning::UnixTimestamp => "AGORA_TOKEN_EXPIRE_TIMESTAMP",
            ExpireWarning::Over24Hours => "AGORA_TOKEN_EXPIRE_OVER_24H",
        }
    }
    /// What the warning says, naming the parameter and the value.
    pub fn message(self, param: &str, value: u32) -> String {
        match self {
            ExpireWarning::UnixTimestamp => format!(
                "{param} is {value}, which looks like a Unix timestamp, but 007 expiries are seconds from now: \
                 this token is valid for {} years. Pass seconds from now (3600 for one hour), \
                 not Math.floor(Date.now() / 1000) + seconds",
                value / (365 * 24 * 3600)
            ),
            ExpireWarning::Over24Hours => format!(
                "{param} is {value} seconds ({:.1} hours), above the 24 hours (86400 seconds) Agora caps a token's life at: \
                 pass seconds from now, at most 86400",
                value as f64 / 3600.0
            ),
        }
    }
}

#[cfg(test)]
mod input_tests {
    use super::*;

    #[test]
    fn decimal_strings() {
        assert_eq!(decimal_string("expire", "0"), Ok(0.0));
        assert_eq!(decimal_string("expire", "3600"), Ok(3600.0));
        assert_eq!(decimal_string("expire", "4294967296"), Ok(4294967296.0));
        assert!(u32_value("expire", decimal_string("expire", "4294967296").unwrap()).is_err());
        for bad in ["", "1.5", "-1", " 42", "42 ", "0x10", "1e3", "01", "+1", "\u{0661}"] {
            let e = decimal_string("expire", bad).unwrap_err();
            assert_eq!(e.kind, crate::ErrorKind::Type, "{bad:?}");
            assert!(e.message.starts_with("expire must be a number or a string of decimal digits"), "{}", e.message);
        }
        assert!(decimal_string("x", &"9".repeat(400)).unwrap().is_infinite());
    }

    #[test]
    fn counts_and_legacy_rules() {
        assert!(count("privilege", 65535, "privileges").is_ok());
        assert!(count("privilege", 65536, "privileges").unwrap_err().message.contains("65536"));
        assert_eq!(
            length_u16("extra", 65536, "values", " at key 1").unwrap_err().message,
            "extra values must be at most 65535 bytes, got 65536 at key 1"
        );
        assert!(rtm_account_006("account", "").is_err());
        assert!(rtm_account_006("account", &"a".repeat(256)).is_err());
        assert!(rtm_account_006("account", "alice").is_ok());
        assert!(dynamic_key5_permission("permission", "").is_err());
        assert!(dynamic_key5_permission("permission", "3").is_ok());
        assert_eq!(dynamic_key5_uid("uid", ""), Ok(0));
        assert_eq!(dynamic_key5_uid("uid", "42"), Ok(42));
        assert!(dynamic_key5_uid("uid", "042").is_err());
        assert!(dynamic_key5_uid("uid", "alice").is_err());
    }

    #[test]
    fn expire_warnings() {
        assert_eq!(ExpireWarning::of(0), None);
        assert_eq!(ExpireWarning::of(86400), None);
        assert_eq!(ExpireWarning::of(86401), Some(ExpireWarning::Over24Hours));
        assert_eq!(ExpireWarning::of(999_999_999), Some(ExpireWarning::Over24Hours));
        assert_eq!(ExpireWarning::of(1_700_000_000), Some(ExpireWarning::UnixTimestamp));
        let m = ExpireWarning::UnixTimestamp.message("tokenExpire", 1_700_000_000);
        assert!(m.starts_with("tokenExpire is 1700000000") && m.contains("53 years"), "{m}");
    }
}
