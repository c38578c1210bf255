"""The one place that talks to WeChat.

`WeChatGateway` wraps wechatpy (live mode); `OfflineWeChat` is the stand-in for development:
a code `dev:<name>` logs in a stable user `<name>`, any other code (WeChat DevTools' own) the
development user OFFLINE_DEFAULT_USER. Both raise the same two domain errors.
"""
import hashlib
import logging
import secrets

import requests
from flask import current_app
from wechatpy.exceptions import WeChatClientException

from app import incidents
from app.errors import DomainError
from app.wechat.stable_token import StableTokenClient, token_store

log = logging.getLogger(__name__)

#: The origin wechatpy calls, spelled into its code (the access-token URL among them).
WECHAT_ORIGIN = "https://api.weixin.qq.com"

#: errcodes that mean "this code is wrong, used or expired" — the worker should retry wx.login().
_INVALID_CODE_ERRCODES = {40029, 40163, 41008}


class WeChatCodeInvalid(DomainError):
    status, code, message = 400, "wechat_code_invalid", "微信登录凭证无效或已使用，请重新进入小程序"


class WeChatUnavailable(DomainError):
    status, code, message = 502, "wechat_unavailable", "微信服务暂时无法访问，请稍后再试"


class _BoundedHTTP(requests.Session):
    """wechatpy's HTTP session with a timeout on every request and a configurable origin.

    wechatpy passes its `timeout` to API calls but not to the access-token fetch
    (`_fetch_access_token` calls `self._http.get(url, params)`), so a silent WeChat could hang a
    login for minutes; every call goes through this session, so the bound holds for all of them.
    """

    def __init__(self, timeout, origin=WECHAT_ORIGIN):
        super().__init__()
        self.bound = (timeout, timeout)  # (connect, each read)
        self.origin = origin.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.bound
        if self.origin != WECHAT_ORIGIN and url.startswith(WECHAT_ORIGIN + "/"):
            url = self.origin + url[len(WECHAT_ORIGIN):]
        return super().request(method, url, *args, **kwargs)


class WeChatGateway:
    """Live WeChat through wechatpy; one stable access token, shared through Redis when configured."""

    mode = "live"

    def __init__(self, appid, secret, *, timeout=5, redis_url=None, join_page=None, origin=WECHAT_ORIGIN,
                 redis_timeout=1):
        # The stable token (cgi-bin/stable_token) in a store every worker and sender shares: no process
        # invalidates another's token. Every request, the token fetch included, goes through _BoundedHTTP.
        self.client = StableTokenClient(appid, secret, session=token_store(appid, redis_url, redis_timeout),
                                        timeout=(timeout, timeout))
        self.client._http = _BoundedHTTP(timeout, origin)
        self.join_page = join_page

    def _call(self, func, *args):
        try:
            return func(*args)
        except WeChatClientException as exc:
            if exc.errcode in _INVALID_CODE_ERRCODES:
                raise WeChatCodeInvalid() from None
            incidents.report("wechat_unavailable", f"wechat error errcode={exc.errcode} errmsg={exc.errmsg}")
            raise WeChatUnavailable() from None
        except (requests.RequestException, ValueError) as exc:
            incidents.report("wechat_unavailable", f"wechat unreachable: {type(exc).__name__}")
            raise WeChatUnavailable() from None

    def code_to_session(self, code):
        """wx.login code → {openid, session_key, unionid?}."""
        result = self._call(self.client.wxa.code_to_session, code)
        if not result.get("openid"):
            raise WeChatUnavailable()
        return {"openid": result["openid"], "session_key": result.get("session_key"),
                "unionid": result.get("unionid")}

    def phone_number(self, code):
        """getPhoneNumber code → the pure mainland phone number."""
        result = self._call(self.client.wxa.get_phone_number, code)
        info = result.get("phone_info") or {}
        if not info.get("purePhoneNumber"):
            raise WeChatUnavailable()
        return info["purePhoneNumber"]

    def unlimited_wxacode(self, scene):
        """wxacode.getUnlimited → PNG bytes of the mini-program code opening the join page."""
        response = self._call(self.client.wxa.get_wxa_code_unlimited, scene, 430, False, None, self.join_page)
        content = getattr(response, "content", None)
        if not content or not content.startswith(b"\x89PNG"):
            raise WeChatUnavailable()
        return content


class OfflineWeChat:
    """Development stand-in: `dev:<name>` logs in user <name>; `dev-phone:<number>` binds a phone.

    Any other code — what wx.login gives in WeChat DevTools or on a phone — logs in `default_user`
    (config OFFLINE_DEFAULT_USER), so the mini-program works against `make run`; empty refuses it.
    """

    mode = "offline"

    def __init__(self, default_user="devtools"):
        self.default_user = (default_user or "").strip()

    def code_to_session(self, code):
        name = code[4:].strip() if code.startswith("dev:") else ""
        if not name:
            name = self.default_user
        if not name:
            raise WeChatCodeInvalid()
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:24]
        return {"openid": f"offline-{digest}", "session_key": secrets.token_urlsafe(16), "unionid": None,
                "nickname": name[:64]}

    def phone_number(self, code):
        prefix = "dev-phone:"
        number = code[len(prefix):] if code.startswith(prefix) else ""
        if not (len(number) == 11 and number.isdigit()):
            raise WeChatCodeInvalid()
        return number

    def unlimited_wxacode(self, scene):
        return None  # posters fall back to a segno QR of the scene


def make_gateway(config):
    if config["WECHAT_MODE"] == "live":
        return WeChatGateway(config["WECHAT_APPID"], config["WECHAT_SECRET"],
                             timeout=config["WECHAT_TIMEOUT_SECONDS"], redis_url=config.get("REDIS_URL"),
                             join_page=config.get("WECHAT_JOIN_PAGE"),
                             origin=config.get("WECHAT_API_BASE_URL") or WECHAT_ORIGIN,
                             redis_timeout=config.get("REDIS_TIMEOUT_SECONDS", 0.5))
    return OfflineWeChat(config.get("OFFLINE_DEFAULT_USER", "devtools"))


def wechat():
    """The gateway built once in create_app()."""
    return current_app.extensions["wechat"]
