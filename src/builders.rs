//! agora-token's builder classes. Each static method converts its arguments through
//! [`crate::args`] and calls one function of `agora_token_core::builders`: the shared
//! helpers below return a checked result, and each napi method converts it once.

use agora_token_core::builders::{self as b, RtcPrivileges, RtcRtm};
use agora_token_core::validate::Account;
use agora_token_core::{Error as CoreError, ServiceType};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::args::{self, account_arg, creds_in, expire_arg, rtc_args, Arg, CredsBuf, RtcArgs, RtcBuf};
use crate::errors::OrThrow;

type Built = std::result::Result<String, CoreError>;

// The builders' shapes. Each takes a method's arguments as JavaScript passes them, in
// order, and returns the token or the error to throw; the `#[napi]` methods below and
// their raw entries (`crate::fast`, installed by `install_fast`) both call them.

/// The single-RTC-service methods with a role (and `buildTokenWithRtm`): appId,
/// appCertificate, channelName, the uid or account, role, tokenExpire, privilegeExpire.
fn rtc_with_role(a: &[Arg<'_>; 7], account_param: &'static str, with_rtm: bool) -> Built {
    let [app_id, app_certificate, channel_name, account, role, token_expire, privilege_expire] = a;
    let mut buf = RtcBuf::new();
    let RtcArgs { creds: c, channel, account } = rtc_args(&mut buf, app_id, app_certificate, channel_name, account, account_param)?;
    let role = args::rtc_role(role, "role")?;
    let token_expire = expire_arg(token_expire, "tokenExpire", None)?;
    let privilege_expire = expire_arg(privilege_expire, "privilegeExpire", Some(0))?;
    Ok(if with_rtm {
        b::rtc_rtm_token(c, channel, account, role, token_expire, privilege_expire)
    } else {
        b::rtc_token(c, channel, account, role, token_expire, privilege_expire)
    })
}

fn uid_role(a: &[Arg<'_>; 7]) -> Built {
    rtc_with_role(a, "uid", false)
}

fn account_role(a: &[Arg<'_>; 7]) -> Built {
    rtc_with_role(a, "account", false)
}

fn account_role_rtm(a: &[Arg<'_>; 7]) -> Built {
    rtc_with_role(a, "account", true)
}

/// The `...AndPrivilege` methods, an expire for each RTC privilege: appId, appCertificate,
/// channelName, the uid or account, tokenExpire, then the join, audio, video and data expires.
fn rtc_with_privileges(a: &[Arg<'_>; 9], account_param: &'static str) -> Built {
    let [app_id, app_certificate, channel_name, account, token_expire, join, audio, video, data] = a;
    let mut buf = RtcBuf::new();
    let RtcArgs { creds: c, channel, account } = rtc_args(&mut buf, app_id, app_certificate, channel_name, account, account_param)?;
    let token_expire = expire_arg(token_expire, "tokenExpire", None)?;
    let join = expire_arg(join, "joinChannelPrivilegeExpire", None)?;
    let audio = expire_arg(audio, "pubAudioPrivilegeExpire", None)?;
    let video = expire_arg(video, "pubVideoPrivilegeExpire", None)?;
    let data = expire_arg(data, "pubDataStreamPrivilegeExpire", None)?;
    Ok(b::rtc_token_with_privileges(c, channel, account, token_expire, join, audio, video, data))
}

fn uid_privileges(a: &[Arg<'_>; 9]) -> Built {
    rtc_with_privileges(a, "uid")
}

fn account_privileges(a: &[Arg<'_>; 9]) -> Built {
    rtc_with_privileges(a, "account")
}

/// The 12-argument RTC + RTM shape of `buildTokenWithRtm2`, ConvoAI and STT; `extra` is the
/// service ConvoAI and STT add.
fn rtc_rtm2(a: &[Arg<'_>; 12], extra: Option<ServiceType>) -> Built {
    let [app_id, app_certificate, channel_name, rtc_account, rtc_role, rtc_token_expire, join, audio, video, data, rtm_user_id, rtm_token_expire] =
        a;
    let mut buf = RtcBuf::new();
    let RtcArgs { creds: c, channel, account: rtc_account } =
        rtc_args(&mut buf, app_id, app_certificate, channel_name, rtc_account, "rtcAccount")?;
    let role = args::rtc_role(rtc_role, "rtcRole")?;
    let rtc_token_expire = expire_arg(rtc_token_expire, "rtcTokenExpire", None)?;
    let join = expire_arg(join, "joinChannelPrivilegeExpire", None)?;
    let audio = expire_arg(audio, "pubAudioPrivilegeExpire", None)?;
    let video = expire_arg(video, "pubVideoPrivilegeExpire", None)?;
    let data = expire_arg(data, "pubDataStreamPrivilegeExpire", None)?;
    let rtm_user = account_arg(rtm_user_id, "rtmUserId", true)?;
    let rtm_token_expire = expire_arg(rtm_token_expire, "rtmTokenExpire", None)?;
    let spec = RtcRtm {
        channel,
        rtc_account,
        rtc: RtcPrivileges::gated(role, join, [audio, video, data]),
        rtc_token_expire,
        rtm_user_id: rtm_user.check("rtmUserId")?,
        rtm_token_expire,
    };
    Ok(b::rtc_rtm2_token(c, spec, extra))
}

fn rtc_rtm2_only(a: &[Arg<'_>; 12]) -> Built {
    rtc_rtm2(a, None)
}

fn convo_ai(a: &[Arg<'_>; 12]) -> Built {
    rtc_rtm2(a, Some(ServiceType::ConvoAI))
}

fn stt(a: &[Arg<'_>; 12]) -> Built {
    rtc_rtm2(a, Some(ServiceType::Stt))
}

/// Builds 007 tokens for RTC (audio and video), optionally with RTM.
#[napi]
pub struct RtcTokenBuilder {}

#[napi]
impl RtcTokenBuilder {
    /// Builds an RTC token for a numeric uid.
    ///
    /// @param appId The App ID of your project: 32 hexadecimal characters.
    /// @param appCertificate The App Certificate of your project: 32 hexadecimal characters. A secret: keep it on your server.
    /// @param channelName The channel: 1 to 64 bytes of a-z A-Z 0-9, space and `!#$%&()+-:;<=.>?@[]^_{|}~,`.
    /// @param uid The user id: an integer from 0 to 4294967295 (0 lets any uid join), or a string user account of at most 255 bytes.
    /// @param role `RtcRole.PUBLISHER` (join and publish) or `RtcRole.SUBSCRIBER` (join only).
    /// @param tokenExpire Seconds from now until the token expires (0 to 4294967295; Agora caps it at 24 hours).
    /// @param privilegeExpire Seconds from now until the privileges expire; 0 (the default) means they last as long as the token.
    /// @returns The token, starting with "007".
    /// @throws {TypeError|RangeError} When an argument breaks its rule; the message names it.
    #[napi(
        catch_unwind,
        writable = true,
        configurable = true,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, uid: number | string, role: RtcRole | number, tokenExpire: number, privilegeExpire?: number"
    )]
    pub fn build_token_with_uid(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        uid: Arg,
        role: Arg,
        token_expire: Arg,
        privilege_expire: Arg,
    ) -> Result<String> {
        uid_role(&[app_id, app_certificate, channel_name, uid, role, token_expire, privilege_expire]).or_throw(&env)
    }

    /// Builds an RTC token for a string user account.
    ///
    /// @param appId The App ID of your project: 32 hexadecimal characters.
    /// @param appCertificate The App Certificate of your project: 32 hexadecimal characters.
    /// @param channelName The channel: 1 to 64 bytes of a-z A-Z 0-9, space and `!#$%&()+-:;<=.>?@[]^_{|}~,`.
    /// @param account The user account: a string of at most 255 bytes (or a uid number, as for `buildTokenWithUid`).
    /// @param role `RtcRole.PUBLISHER` or `RtcRole.SUBSCRIBER`.
    /// @param tokenExpire Seconds from now until the token expires.
    /// @param privilegeExpire Seconds from now until the privileges expire; 0 (the default) means as long as the token.
    /// @returns The token, starting with "007".
    #[napi(
        catch_unwind,
        writable = true,
        configurable = true,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, account: string | number, role: RtcRole | number, tokenExpire: number, privilegeExpire?: number"
    )]
    pub fn build_token_with_user_account(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        account: Arg,
        role: Arg,
        token_expire: Arg,
        privilege_expire: Arg,
    ) -> Result<String> {
        account_role(&[app_id, app_certificate, channel_name, account, role, token_expire, privilege_expire]).or_throw(&env)
    }

    /// Builds an RTC token with an expire for each privilege: join, publish audio, publish video, publish data.
    ///
    /// @param appId The App ID: 32 hexadecimal characters.
    /// @param appCertificate The App Certificate: 32 hexadecimal characters.
    /// @param channelName The channel name.
    /// @param uid The user id: 0 to 4294967295 (0: any uid), or a string account.
    /// @param tokenExpire Seconds from now until the token expires.
    /// @param joinChannelPrivilegeExpire Seconds from now until joining expires.
    /// @param pubAudioPrivilegeExpire Seconds from now until publishing audio expires.
    /// @param pubVideoPrivilegeExpire Seconds from now until publishing video expires.
    /// @param pubDataStreamPrivilegeExpire Seconds from now until publishing data streams expires.
    #[napi(
        catch_unwind,
        writable = true,
        configurable = true,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, uid: number | string, tokenExpire: number, joinChannelPrivilegeExpire: number, pubAudioPrivilegeExpire: number, pubVideoPrivilegeExpire: number, pubDataStreamPrivilegeExpire: number"
    )]
    pub fn build_token_with_uid_and_privilege(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        uid: Arg,
        token_expire: Arg,
        join: Arg,
        audio: Arg,
        video: Arg,
        data: Arg,
    ) -> Result<String> {
        uid_privileges(&[app_id, app_certificate, channel_name, uid, token_expire, join, audio, video, data]).or_throw(&env)
    }

    /// Builds an RTC token for a user account with an expire for each privilege
    /// (agora-token's name, with a capital B). Same as `buildTokenWithUserAccountAndPrivilege`.
    #[napi(
        js_name = "BuildTokenWithUserAccountAndPrivilege",
        catch_unwind,
        writable = true,
        configurable = true,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, account: string | number, tokenExpire: number, joinChannelPrivilegeExpire: number, pubAudioPrivilegeExpire: number, pubVideoPrivilegeExpire: number, pubDataStreamPrivilegeExpire: number"
    )]
    pub fn build_token_with_user_account_and_privilege_capital(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        account: Arg,
        token_expire: Arg,
        join: Arg,
        audio: Arg,
        video: Arg,
        data: Arg,
    ) -> Result<String> {
        account_privileges(&[app_id, app_certificate, channel_name, account, token_expire, join, audio, video, data]).or_throw(&env)
    }

    /// Builds an RTC token for a user account with an expire for each privilege.
    ///
    /// @param account The user account: a string of at most 255 bytes, or a uid number.
    /// Other parameters as in `buildTokenWithUidAndPrivilege`.
    #[napi(
        catch_unwind,
        writable = true,
        configurable = true,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, account: string | number, tokenExpire: number, joinChannelPrivilegeExpire: number, pubAudioPrivilegeExpire: number, pubVideoPrivilegeExpire: number, pubDataStreamPrivilegeExpire: number"
    )]
    pub fn build_token_with_user_account_and_privilege(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        account: Arg,
        token_expire: Arg,
        join: Arg,
        audio: Arg,
        video: Arg,
        data: Arg,
    ) -> Result<String> {
        account_privileges(&[app_id, app_certificate, channel_name, account, token_expire, join, audio, video, data]).or_throw(&env)
    }

    /// Builds a token with RTC privileges for the account and RTM login for the same account
    /// (RTM login lasts `tokenExpire`).
    ///
    /// @param account The user: a string account or a uid number; it is the RTM user id too.
    /// Other parameters as in `buildTokenWithUserAccount`.
    #[napi(
        catch_unwind,
        writable = true,
        configurable = true,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, account: string | number, role: RtcRole | number, tokenExpire: number, privilegeExpire?: number"
    )]
    pub fn build_token_with_rtm(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        account: Arg,
        role: Arg,
        token_expire: Arg,
        privilege_expire: Arg,
    ) -> Result<String> {
        account_role_rtm(&[app_id, app_certificate, channel_name, account, role, token_expire, privilege_expire]).or_throw(&env)
    }

    /// Builds a token with RTC privileges (each with its own expire; publish privileges only
    /// for `RtcRole.PUBLISHER`) and RTM login for `rtmUserId`.
    ///
    /// @param rtcAccount The RTC user: a uid number (0 to 4294967295) or a string account.
    /// @param rtcRole `RtcRole.PUBLISHER` or `RtcRole.SUBSCRIBER`.
    /// @param rtcTokenExpire Seconds from now until the token expires.
    /// @param rtmUserId The RTM user id: a string of at most 255 bytes (or a number).
    /// @param rtmTokenExpire Seconds from now until RTM login expires.
    #[napi(
        catch_unwind,
        writable = true,
        configurable = true,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, rtcAccount: string | number, rtcRole: RtcRole | number, rtcTokenExpire: number, joinChannelPrivilegeExpire: number, pubAudioPrivilegeExpire: number, pubVideoPrivilegeExpire: number, pubDataStreamPrivilegeExpire: number, rtmUserId: string | number, rtmTokenExpire: number"
    )]
    pub fn build_token_with_rtm2(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        rtc_account: Arg,
        rtc_role: Arg,
        rtc_token_expire: Arg,
        join_channel_privilege_expire: Arg,
        pub_audio_privilege_expire: Arg,
        pub_video_privilege_expire: Arg,
        pub_data_stream_privilege_expire: Arg,
        rtm_user_id: Arg,
        rtm_token_expire: Arg,
    ) -> Result<String> {
        rtc_rtm2_only(&[
            app_id,
            app_certificate,
            channel_name,
            rtc_account,
            rtc_role,
            rtc_token_expire,
            join_channel_privilege_expire,
            pub_audio_privilege_expire,
            pub_video_privilege_expire,
            pub_data_stream_privilege_expire,
            rtm_user_id,
            rtm_token_expire,
        ])
        .or_throw(&env)
    }
}

/// Builds 007 tokens for Conversational AI agents: RTC + RTM + the ConvoAI service.
#[napi(js_name = "ConvoAITokenBuilder")]
pub struct ConvoAITokenBuilder {}

#[napi]
impl ConvoAITokenBuilder {
    /// Same arguments as `RtcTokenBuilder.buildTokenWithRtm2`; adds the ConvoAI service.
    #[napi(
        catch_unwind,
        writable = true,
        configurable = true,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, rtcAccount: string | number, rtcRole: RtcRole | number, rtcTokenExpire: number, joinChannelPrivilegeExpire: number, pubAudioPrivilegeExpire: number, pubVideoPrivilegeExpire: number, pubDataStreamPrivilegeExpire: number, rtmUserId: string | number, rtmTokenExpire: number"
    )]
    pub fn build_token(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        rtc_account: Arg,
        rtc_role: Arg,
        rtc_token_expire: Arg,
        join_channel_privilege_expire: Arg,
        pub_audio_privilege_expire: Arg,
        pub_video_privilege_expire: Arg,
        pub_data_stream_privilege_expire: Arg,
        rtm_user_id: Arg,
        rtm_token_expire: Arg,
    ) -> Result<String> {
        convo_ai(&[
            app_id,
            app_certificate,
            channel_name,
            rtc_account,
            rtc_role,
            rtc_token_expire,
            join_channel_privilege_expire,
            pub_audio_privilege_expire,
            pub_video_privilege_expire,
            pub_data_stream_privilege_expire,
            rtm_user_id,
            rtm_token_expire,
        ])
        .or_throw(&env)
    }
}

/// Builds 007 tokens for Speech-to-Text agents: RTC + RTM + the STT service.
#[napi]
pub struct SttTokenBuilder {}

#[napi]
impl SttTokenBuilder {
    /// Same arguments as `RtcTokenBuilder.buildTokenWithRtm2`; adds the STT service.
    #[napi(
        catch_unwind,
        writable = true,
        configurable = true,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, rtcAccount: string | number, rtcRole: RtcRole | number, rtcTokenExpire: number, joinChannelPrivilegeExpire: number, pubAudioPrivilegeExpire: number, pubVideoPrivilegeExpire: number, pubDataStreamPrivilegeExpire: number, rtmUserId: string | number, rtmTokenExpire: number"
    )]
    pub fn build_token(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        rtc_account: Arg,
        rtc_role: Arg,
        rtc_token_expire: Arg,
        join_channel_privilege_expire: Arg,
        pub_audio_privilege_expire: Arg,
        pub_video_privilege_expire: Arg,
        pub_data_stream_privilege_expire: Arg,
        rtm_user_id: Arg,
        rtm_token_expire: Arg,
    ) -> Result<String> {
        stt(&[
            app_id,
            app_certificate,
            channel_name,
            rtc_account,
            rtc_role,
            rtc_token_expire,
            join_channel_privilege_expire,
            pub_audio_privilege_expire,
            pub_video_privilege_expire,
            pub_data_stream_privilege_expire,
            rtm_user_id,
            rtm_token_expire,
        ])
        .or_throw(&env)
    }
}

/// Builds 007 tokens for RTM (Signaling).
#[napi]
pub struct RtmTokenBuilder {}

#[napi]
impl RtmTokenBuilder {
    /// Builds an RTM login token.
    ///
    /// @param appId The App ID: 32 hexadecimal characters.
    /// @param appCertificate The App Certificate: 32 hexadecimal characters.
    /// @param userId The RTM user id: a string of at most 255 bytes (or a number).
    /// @param expire Seconds from now until the token expires.
    #[napi(
        catch_unwind,
        writable = true,
        configurable = true,
        ts_args_type = "appId: string, appCertificate: string, userId: string | number, expire: number"
    )]
    pub fn build_token(env: Env, app_id: Arg, app_certificate: Arg, user_id: Arg, expire: Arg) -> Result<String> {
        rtm_user(&[app_id, app_certificate, user_id, expire]).or_throw(&env)
    }

    /// Builds an RTM token (service RTM2) carrying resource permissions.
    ///
    /// @param userId The RTM user id.
    /// @param permissions An `Rtm2Permissions` listing resources per resource and permission type.
    /// @param expire Seconds from now until the token expires.
    #[napi(
        catch_unwind,
        ts_args_type = "appId: string, appCertificate: string, userId: string | number, permissions: Rtm2Permissions, expire: number"
    )]
    pub fn build_token_with_permissions(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        user_id: Arg,
        permissions: Arg,
        expire: Arg,
    ) -> Result<String> {
        rtm_with_permissions(&app_id, &app_certificate, &user_id, &permissions, &expire).or_throw(&env)
    }
}

/// Builds 007 tokens for Agora Chat.
#[napi]
pub struct ChatTokenBuilder {}

#[napi]
impl ChatTokenBuilder {
    /// Builds a Chat user token.
    ///
    /// @param userUuid The chat user's uuid: a string of at most 255 bytes.
    /// @param expire Seconds from now until the token expires.
    #[napi(
        catch_unwind,
        writable = true,
        configurable = true,
        ts_args_type = "appId: string, appCertificate: string, userUuid: string | number, expire: number"
    )]
    pub fn build_user_token(env: Env, app_id: Arg, app_certificate: Arg, user_uuid: Arg, expire: Arg) -> Result<String> {
        chat_user(&[app_id, app_certificate, user_uuid, expire]).or_throw(&env)
    }

    /// Builds a Chat app token (server-side administration).
    ///
    /// @param expire Seconds from now until the token expires.
    #[napi(catch_unwind, writable = true, configurable = true, ts_args_type = "appId: string, appCertificate: string, expire: number")]
    pub fn build_app_token(env: Env, app_id: Arg, app_certificate: Arg, expire: Arg) -> Result<String> {
        chat_app(&[app_id, app_certificate, expire]).or_throw(&env)
    }
}

fn rtm_with_permissions(app_id: &Arg<'_>, app_certificate: &Arg<'_>, user_id: &Arg<'_>, permissions: &Arg<'_>, expire: &Arg<'_>) -> Built {
    let mut cb = CredsBuf::new();
    let c = creds_in(&mut cb, app_id, app_certificate)?;
    let user = account_arg(user_id, "userId", true)?;
    let permissions = crate::services::permissions_arg(permissions, "permissions")?;
    let expire = expire_arg(expire, "expire", None)?;
    Ok(b::rtm2_token(c, user.check("userId")?, permissions.get(), expire))
}

/// The (appId, appCertificate, expire) shape of the Chat and APaaS app tokens.
fn app_shape(a: &[Arg<'_>; 3], build: fn(b::Credentials<'_>, u32) -> String) -> Built {
    let [app_id, app_certificate, expire] = a;
    let mut cb = CredsBuf::new();
    let c = creds_in(&mut cb, app_id, app_certificate)?;
    let expire = expire_arg(expire, "expire", None)?;
    Ok(build(c, expire))
}

fn chat_app(a: &[Arg<'_>; 3]) -> Built {
    app_shape(a, b::chat_app_token)
}

fn apaas_app(a: &[Arg<'_>; 3]) -> Built {
    app_shape(a, b::apaas_app_token)
}

/// APaaS room user tokens: appId, appCertificate, roomUuid, userUuid, role, expire.
fn room_user_shape(a: &[Arg<'_>; 6]) -> Built {
    let [app_id, app_certificate, room_uuid, user_uuid, role, expire] = a;
    let mut cb = CredsBuf::new();
    let c = creds_in(&mut cb, app_id, app_certificate)?;
    let room = account_arg(room_uuid, "roomUuid", true)?;
    let user = account_arg(user_uuid, "userUuid", true)?;
    let role = args::apaas_role(role, "role")?;
    let expire = expire_arg(expire, "expire", None)?;
    Ok(b::apaas_room_user_token(c, room.check("roomUuid")?, user.check("userUuid")?, role, expire))
}

/// The (appId, appCertificate, user, expire) shape of the RTM, Chat and APaaS user tokens.
fn user_shape(a: &[Arg<'_>; 4], user_param: &'static str, build: fn(b::Credentials<'_>, Account<'_>, u32) -> String) -> Built {
    let [app_id, app_certificate, user, expire] = a;
    let mut cb = CredsBuf::new();
    let c = creds_in(&mut cb, app_id, app_certificate)?;
    let user = account_arg(user, user_param, true)?;
    let expire = expire_arg(expire, "expire", None)?;
    Ok(build(c, user.check(user_param)?, expire))
}

fn rtm_user(a: &[Arg<'_>; 4]) -> Built {
    user_shape(a, "userId", b::rtm_token)
}

fn chat_user(a: &[Arg<'_>; 4]) -> Built {
    user_shape(a, "userUuid", b::chat_user_token)
}

fn apaas_user(a: &[Arg<'_>; 4]) -> Built {
    user_shape(a, "userUuid", b::apaas_user_token)
}

fn fpa(a: &[Arg<'_>; 2]) -> Built {
    let [app_id, app_certificate] = a;
    Ok(b::fpa_token(creds_in(&mut CredsBuf::new(), app_id, app_certificate)?))
}

macro_rules! apaas_builder {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        #[napi]
        pub struct $name {}

        #[napi]
        impl $name {
            /// Builds a room user token: the APaaS service for the room, user and role, RTM login
            /// for the user, and Chat for the MD5 of the user uuid, all lasting `expire` seconds.
            ///
            /// @param roomUuid The room's uuid.
            /// @param userUuid The user's uuid.
            /// @param role The user's role in the room (an integer; 1 teacher, 2 student, 3 assistant, ...).
            /// @param expire Seconds from now until the token expires.
            #[napi(catch_unwind, writable = true, configurable = true, ts_args_type = "appId: string, appCertificate: string, roomUuid: string, userUuid: string | number, role: number, expire: number")]
            pub fn build_room_user_token(env: Env, app_id: Arg, app_certificate: Arg, room_uuid: Arg, user_uuid: Arg, role: Arg, expire: Arg) -> Result<String> {
                room_user_shape(&[app_id, app_certificate, room_uuid, user_uuid, role, expire]).or_throw(&env)
            }

            /// Builds a user token (APaaS user privilege).
            ///
            /// @param userUuid The user's uuid.
            /// @param expire Seconds from now until the token expires.
            #[napi(catch_unwind, writable = true, configurable = true, ts_args_type = "appId: string, appCertificate: string, userUuid: string | number, expire: number")]
            pub fn build_user_token(env: Env, app_id: Arg, app_certificate: Arg, user_uuid: Arg, expire: Arg) -> Result<String> {
                apaas_user(&[app_id, app_certificate, user_uuid, expire]).or_throw(&env)
            }

            /// Builds an app token (APaaS app privilege).
            ///
            /// @param expire Seconds from now until the token expires.
            #[napi(catch_unwind, writable = true, configurable = true, ts_args_type = "appId: string, appCertificate: string, expire: number")]
            pub fn build_app_token(env: Env, app_id: Arg, app_certificate: Arg, expire: Arg) -> Result<String> {
                apaas_app(&[app_id, app_certificate, expire]).or_throw(&env)
            }
        }
    };
}

apaas_builder!(ApaasTokenBuilder, "Builds 007 tokens for Flexible Classroom (APaaS).");
apaas_builder!(EducationTokenBuilder, "Builds 007 tokens for Flexible Classroom (Education); the same tokens as `ApaasTokenBuilder`.");

/// Builds 007 tokens for FPA (Full-path Acceleration).
#[napi]
pub struct FpaTokenBuilder {}

#[napi]
impl FpaTokenBuilder {
    /// Builds an FPA token: valid for 24 hours, login privilege.
    #[napi(catch_unwind, writable = true, configurable = true, ts_args_type = "appId: string, appCertificate: string")]
    pub fn build_token(env: Env, app_id: Arg, app_certificate: Arg) -> Result<String> {
        fpa(&[app_id, app_certificate]).or_throw(&env)
    }
}

/// Installs the raw entries ([`crate::fast`]) over the builder methods above, each with the
/// shape its `#[napi]` method calls. (`RtmTokenBuilder.buildTokenWithPermissions` keeps
/// the generated glue: it reads an `Rtm2Permissions` instance, a borrow the glue tracks.)
pub fn install_fast(env: &Env, exports: &Object) -> Result<()> {
    use crate::fast::install;
    install(env, exports, "RtcTokenBuilder", "buildTokenWithUid", uid_role)?;
    install(env, exports, "RtcTokenBuilder", "buildTokenWithUserAccount", account_role)?;
    install(env, exports, "RtcTokenBuilder", "buildTokenWithUidAndPrivilege", uid_privileges)?;
    install(env, exports, "RtcTokenBuilder", "BuildTokenWithUserAccountAndPrivilege", account_privileges)?;
    install(env, exports, "RtcTokenBuilder", "buildTokenWithUserAccountAndPrivilege", account_privileges)?;
    install(env, exports, "RtcTokenBuilder", "buildTokenWithRtm", account_role_rtm)?;
    install(env, exports, "RtcTokenBuilder", "buildTokenWithRtm2", rtc_rtm2_only)?;
    install(env, exports, "ConvoAITokenBuilder", "buildToken", convo_ai)?;
    install(env, exports, "SttTokenBuilder", "buildToken", stt)?;
    install(env, exports, "RtmTokenBuilder", "buildToken", rtm_user)?;
    install(env, exports, "ChatTokenBuilder", "buildUserToken", chat_user)?;
    install(env, exports, "ChatTokenBuilder", "buildAppToken", chat_app)?;
    for class in ["ApaasTokenBuilder", "EducationTokenBuilder"] {
        install(env, exports, class, "buildRoomUserToken", room_user_shape)?;
        install(env, exports, class, "buildUserToken", apaas_user)?;
        install(env, exports, class, "buildAppToken", apaas_app)?;
    }
    install(env, exports, "FpaTokenBuilder", "buildToken", fpa)
}
