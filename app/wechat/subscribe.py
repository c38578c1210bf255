"""Sending WeChat subscribe messages (subscribeMessage.send) through wechatpy, or the offline stand-in.

A send either returns, or raises `SendRefused` (WeChat said no for good: do not try again) or
`SendFailed` (worth trying again later).
"""
import logging

import requests
from wechatpy.exceptions import WeChatClientException

from app.wechat.stable_token import stable_client

log = logging.getLogger(__name__)

#: The worker has no acceptance left for this template (they never accepted, or it was used up).
NOT_SUBSCRIBED = 43101
#: Errors that another try cannot fix: refused or malformed (bad openid, template, data or page).
PERMANENT_ERRCODES = {NOT_SUBSCRIBED, 40003, 40037, 47003, 41028, 41029, 41030}


class SendFailed(Exception):
    """The message may go through if tried again later (network, timeout, WeChat busy)."""

    def __init__(self, errcode, errmsg):
        super().__init__(f"errcode {errcode}: {errmsg}")
        self.errcode, self.errmsg = errcode, errmsg


class SendRefused(SendFailed):
    """WeChat refused the message for good."""


def masked_openid(openid):
    """o6_b****Xk2w — enough to match a log line to a worker, not to identify them."""
    if not openid:
        return "-"
    return openid[:4] + "****" + openid[-4:] if len(openid) > 8 else "****"


class LiveSubscribeSender:
    mode = "live"

    def __init__(self, config):
        self.client = stable_client(config)

    def send(self, openid, template_id, data, page):
        try:
            self.client.wxa.send_subscribe_message(openid, template_id, data, page=page)
        except WeChatClientException as exc:
            error = SendRefused if exc.errcode in PERMANENT_ERRCODES else SendFailed
            raise error(exc.errcode, exc.errmsg or "") from None
        except (requests.RequestException, ValueError) as exc:
            raise SendFailed(None, type(exc).__name__) from None


class OfflineSubscribeSender:
    """Development stand-in: one log line per message, the openid masked, no message text."""

    mode = "offline"

    def send(self, openid, template_id, data, page):
        log.info("offline wechat: subscribe message template=%s to=%s page=%s", template_id,
                 masked_openid(openid), page)


def make_subscribe_sender(config):
    return LiveSubscribeSender(config) if config["WECHAT_MODE"] == "live" else OfflineSubscribeSender()
