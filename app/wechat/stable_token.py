"""One WeChat access token shared by every process: fetched with `cgi-bin/stable_token`
(getStableAccessToken), kept in Redis when REDIS_URL is set, in the process otherwise.

`cgi-bin/token` hands out a new token and invalidates the previous one, so two processes that
each fetch their own keep breaking each other's calls. The stable token is the same for every
caller until it expires, so any process may (re)fetch it without harming the others.
"""
import logging
import time

import redis
import requests
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session.memorystorage import MemoryStorage
from wechatpy.session.redisstorage import RedisStorage

log = logging.getLogger(__name__)

#: The in-process stores, one per appid, so every client built in a process shares one token.
_LOCAL_STORES = {}


def token_store(appid, redis_url=None, redis_timeout=0.5):
    """Where the access token lives: Redis (shared by every process) or this process's memory."""
    if redis_url:
        return RedisStorage(redis.Redis.from_url(redis_url, socket_timeout=redis_timeout,
                                                 socket_connect_timeout=redis_timeout), prefix="wechat")
    return _LOCAL_STORES.setdefault(appid, MemoryStorage())


class StableTokenClient(WeChatClient):
    """wechatpy's client, fetching its token with getStableAccessToken and a timeout."""

    def __init__(self, appid, secret, *, api_base_url="https://api.weixin.qq.com/", **kwargs):
        super().__init__(appid, secret, **kwargs)
        self.api_base_url = api_base_url
        # Every endpoint group carries its own absolute base URL; point them all at ours.
        self.API_BASE_URL = f"{api_base_url}cgi-bin/"
        self.wxa.API_BASE_URL = api_base_url

    def fetch_access_token(self, force_refresh=False):
        """POST cgi-bin/stable_token; the result goes to the shared store."""
        response = self._http.post(f"{self.api_base_url}cgi-bin/stable_token", timeout=self.timeout,
                                   json={"grant_type": "client_credential", "appid": self.appid,
                                         "secret": self.secret, "force_refresh": force_refresh})
        try:
            response.raise_for_status()
            result = response.json()
        except (requests.RequestException, ValueError):
            raise WeChatClientException(errcode=None, errmsg="stable_token unreadable", client=self,
                                        request=response.request, response=response) from None
        if result.get("errcode") or not result.get("access_token"):
            raise WeChatClientException(result.get("errcode"), result.get("errmsg"), client=self,
                                        request=response.request, response=response)
        expires_in = int(result.get("expires_in") or 7200)
        self.session.set(self.access_token_key, result["access_token"], expires_in)
        self.expires_at = int(time.time()) + expires_in
        log.info("wechat stable access token fetched (expires in %ss)", expires_in)
        return result


def stable_client(config):
    """A client for the configured mini-program sharing the one stable token."""
    return StableTokenClient(config["WECHAT_APPID"], config["WECHAT_SECRET"],
                             session=token_store(config["WECHAT_APPID"], config.get("REDIS_URL"),
                                                 config.get("REDIS_TIMEOUT_SECONDS", 0.5)),
                             timeout=config["WECHAT_TIMEOUT_SECONDS"],
                             api_base_url=config.get("WECHAT_API_BASE_URL") or "https://api.weixin.qq.com/")
