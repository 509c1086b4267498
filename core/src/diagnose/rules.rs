//! Agora's rules that do not depend on one token format: which token versions an SDK reads,
//! how a wildcard channel matches, how a uid matches.

use super::{show, Code, Report, Uid};
use crate::error::Error;

/// A family of client SDKs that share one version line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SdkFamily {
    /// The native Video/Voice SDK (Android, iOS, macOS, Windows, Linux).
    Native,
    /// The Web SDK (`agora-rtc-sdk` 2.x/3.x, `agora-rtc-sdk-ng` 4.x).
    Web,
    /// The native RTM (Signaling) SDK.
    Rtm,
    /// The RTM (Signaling) Web SDK.
    RtmWeb,
}

/// An SDK and its version, as `expected.sdk` gives it: `"web 4.20"`, `"native 3.7.2"`,
/// `"android 4.1"`, `"rtm 1.5"`, `"rtm-web 1.4.5"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sdk {
    pub family: SdkFamily,
    /// Major, minor, patch (missing parts are 0).
    pub version: [u32; 3],
    /// As the caller wrote it, for messages.
    pub text: String,
}

const SDK_RULE: &str =
    "must be \"<sdk> <version>\" with <sdk> one of native, android, ios, macos, windows, linux, web, rtm, rtm-web (e.g. \"web 4.20\")";

impl Sdk {
    pub fn parse(param: &'static str, value: &str) -> Result<Sdk, Error> {
        let bad = || Error::range_error(param, format_args!("{SDK_RULE}, got {}", show(value)));
        let mut words = value.split_whitespace();
        let (Some(name), Some(ver), None) = (words.next(), words.next(), words.next()) else { return Err(bad()) };
        let family = match name.to_ascii_lowercase().as_str() {
            "native" | "android" | "ios" | "macos" | "windows" | "linux" => SdkFamily::Native,
            "web" => SdkFamily::Web,
            "rtm" | "signaling" => SdkFamily::Rtm,
            "rtm-web" | "signaling-web" => SdkFamily::RtmWeb,
            _ => return Err(bad()),
        };
        let ver = ver.strip_prefix(['v', 'V']).unwrap_or(ver);
        let mut version = [0u32; 3];
        let parts: Vec<&str> = ver.split('.').collect();
        if parts.is_empty() || parts.len() > 3 {
            return Err(bad());
        }
        for (slot, p) in version.iter_mut().zip(&parts) {
            if p.is_empty() || p.len() > 6 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            *slot = p.parse().map_err(|_| bad())?;
        }
        Ok(Sdk { family, version, text: value.trim().to_owned() })
    }
}

/// Which token versions an SDK reads. Sources (Agora's documentation):
/// - AccessToken ("006") replaced the Dynamic Key in SDK 2.1.0 (native) and Web SDK 2.4.0
///   ("Token Migration Guide", docs.agora.io/en/Agora%20Platform/token_migration; the
///   AgoraDynamicKey README in github.com/AgoraIO/Tools: "AccessToken is available as of SDK
///   2.1.0", "The Dynamic Key is used by Agora SDKs of versions earlier than 2.1").
/// - AccessToken2 ("007") is read from native SDK 3.5.2 and Web SDK 4.8.0 (the "SDK
///   compatibility for AccessToken2" table, "First SDK version to support AccessToken2", of
///   docs.agora.io/en/agora-chat/reference/access-token-2; the 4.x token server page,
///   docs.agora.io/en/video-calling/token-authentication/deploy-token-server, asks for native
///   4.0.0 and Web 4.8.0 or later), and from RTM SDK 1.5.0 (Web 1.4.6) (RTM "Authenticate
///   your users with tokens": "First SDK version to support AccessToken2"). SDKs that read 007
///   read 006 too ("The SDK versions that supports AccessToken2 also supports AccessToken").
/// - RTM 2.x (Signaling 2.x): Agora documents its tokens as AccessToken2 only (the Signaling
///   authentication pages build them with `RtmTokenBuilder2`), but no page found says that a
///   006 token is refused, so a 006 token for it is a warning, not an error.
struct Support {
    /// First version that reads 006 (older ones read the Dynamic Key only).
    v006: [u32; 3],
    /// First version that reads 007.
    v007: [u32; 3],
    /// First version documented with 007 tokens only (none: `None`).
    only_007: Option<[u32; 3]>,
}

fn support(family: SdkFamily) -> Support {
    match family {
        SdkFamily::Native => Support { v006: [2, 1, 0], v007: [3, 5, 2], only_007: None },
        SdkFamily::Web => Support { v006: [2, 4, 0], v007: [4, 8, 0], only_007: None },
        SdkFamily::Rtm => Support { v006: [0, 0, 0], v007: [1, 5, 0], only_007: Some([2, 0, 0]) },
        SdkFamily::RtmWeb => Support { v006: [0, 0, 0], v007: [1, 4, 6], only_007: Some([2, 0, 0]) },
    }
}

fn ver(v: [u32; 3]) -> String {
    format!("{}.{}.{}", v[0], v[1], v[2])
}

/// `WRONG_VERSION`: the token's version is one the SDK does not read.
pub(super) fn check_version(r: &mut Report, version: &str, sdk: &Sdk) {
    let s = support(sdk.family);
    let v = sdk.version;
    let name = show(&sdk.text);
    match version {
        "007" if v < s.v007 => r.error(
            Code::WrongVersion,
            "sdk",
            format!(
                "this is an AccessToken2 (007) token, but SDK {name} reads only older tokens: AccessToken2 needs version {} or later",
                ver(s.v007)
            ),
            "upgrade the client SDK, or build a 006 token for it with agora-token-native/legacy (agora-access-token's API)",
        ),
        "006" if s.only_007.is_some_and(|o| v >= o) => r.warning(
            Code::WrongVersion,
            "sdk",
            format!(
                "this is a legacy AccessToken (006) token, but Agora documents SDK {name} with AccessToken2 (007) tokens only: it may refuse this one"
            ),
            "build the token with the 007 builders (agora-token's API: RtmTokenBuilder.buildToken), not agora-access-token's",
        ),
        "006" if v < s.v006 => r.error(
            Code::WrongVersion,
            "sdk",
            format!(
                "this is an AccessToken (006) token, but SDK {name} predates AccessToken ({}) and reads Dynamic Keys only",
                ver(s.v006)
            ),
            "upgrade the client SDK, or build a DynamicKey5 with agora-token-native/legacy",
        ),
        "005" if matches!(sdk.family, SdkFamily::Rtm | SdkFamily::RtmWeb) => r.error(
            Code::WrongVersion,
            "sdk",
            format!("this is a DynamicKey5 (005), which RTM SDK {name} does not read"),
            "build an RTM token (RtmTokenBuilder.buildToken)",
        ),
        "005" if v >= s.v006 => r.warning(
            Code::WrongVersion,
            "sdk",
            format!("this is a DynamicKey5 (005), the key of SDKs older than {}; SDK {name} uses tokens", ver(s.v006)),
            "build a 007 token (RtcTokenBuilder.buildTokenWithUid) instead of a Dynamic Key",
        ),
        _ => {}
    }
}

/// Whether a token's channel `pattern` admits the channel `name` a client joins.
/// Agora documents wildcard tokens: a channel name `*` admits every channel, and a `*` inside
/// a name (`1*a*2`) stands for any run of characters, possibly empty. Everything else must
/// be equal, byte for byte (channel names are case-sensitive).
///
/// Agora's channel names are at most 64 bytes; a pattern longer than [`MAX_WILDCARD`] bytes
/// is compared as plain text, which keeps the match bounded on hostile tokens.
pub fn channel_matches(pattern: &str, name: &str) -> bool {
    if !pattern.contains('*') || pattern.len() > MAX_WILDCARD {
        return pattern == name;
    }
    // Greedy glob with one backtrack point: linear in practice, at worst the product of the
    // two lengths (at most MAX_WILDCARD times MAX_EXPECTED_CHANNEL).
    let (p, n) = (pattern.as_bytes(), name.as_bytes());
    let (mut i, mut j) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while j < n.len() {
        if i < p.len() && p[i] == b'*' {
            star = Some((i, j));
            i += 1;
        } else if i < p.len() && p[i] == n[j] {
            i += 1;
            j += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&b| b == b'*')
}

/// The longest token channel name matched as a wildcard pattern, in bytes.
pub const MAX_WILDCARD: usize = 256;
/// The longest expected channel name, in bytes: a token cannot hold a longer one (its
/// strings have a 16-bit length).
pub const MAX_EXPECTED_CHANNEL: usize = u16::MAX as usize;

/// `CHANNEL_MISMATCH` for a token channel read in clear (007).
pub(super) fn check_channel(r: &mut Report, token_channel: &str, expected: &str, service: &str) {
    if channel_matches(token_channel, expected) {
        return;
    }
    let hint = if token_channel.eq_ignore_ascii_case(expected) {
        "channel names are case-sensitive: build the token with exactly the name the client joins".to_string()
    } else if token_channel.trim() == expected.trim() {
        "one of the names has spaces around it: trim the channel name where the token is built or where the client joins".to_string()
    } else if expected.contains('*') {
        "a '*' in the channel the client joins is not a wildcard: only the token's channel name can be one".to_string()
    } else {
        format!("build the token for the channel the client joins ({}), or for a wildcard channel such as \"*\"", show(expected))
    };
    r.error(
        Code::ChannelMismatch,
        "channelName",
        format!("the {service} token is for channel {}, but the client joins channel {}", show(token_channel), show(expected)),
        hint,
    );
}

/// `UID_MISMATCH` for a token uid read in clear (007 RTC: "" is uid 0, "any uid").
pub(super) fn check_uid(r: &mut Report, token_uid: &str, expected: &Uid) {
    // A token for uid 0 admits any uid; uid 123 and account "123" are stored alike.
    if token_uid.is_empty() || token_uid == expected.token_form() {
        return;
    }
    let token_desc = if token_uid.bytes().all(|b| b.is_ascii_digit()) {
        format!("uid {token_uid} (stored as the string {})", show(token_uid))
    } else {
        format!("user account {}", show(token_uid))
    };
    let hint = match expected {
        Uid::Number(0) if token_uid == "0" => {
            "the token was built for the string account \"0\", which is not uid 0: build it with the number 0 (buildTokenWithUid(..., 0, ...)) to admit any uid".to_string()
        }
        Uid::Number(0) => format!(
            "the client joins with uid 0, so Agora assigns it a uid the token is not for: join with uid {token_uid}, or build the token with uid 0 to admit any uid"
        ),
        Uid::Number(_) if !token_uid.bytes().all(|b| b.is_ascii_digit()) => {
            "the token was built with a string user account but the client joins with a number: join with the same string (joinChannelWithUserAccount), or build the token with buildTokenWithUid".to_string()
        }
        Uid::Account(a) if a.trim() == token_uid.trim() => {
            "one of the two has spaces around it: trim the user id where the token is built or where the client joins".to_string()
        }
        _ => "build the token for the uid the client joins with (a uid 123 and a user account \"123\" are the same token; uid 0 admits any uid, account \"0\" does not)".to_string(),
    };
    r.error(Code::UidMismatch, "uid", format!("the token is for {token_desc}, but the client joins with {}", expected.describe()), hint);
}
