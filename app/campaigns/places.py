"""A station's details as officers type them: texts, stock, its public phone number, and its place.

Coordinates are GCJ-02 degrees (国测局坐标, what `wx.getLocation({type: "gcj02"})` and the Chinese
map apps give), stored as typed. No map can be served offline, so they are typed by hand; a point
outside the configured city box (`CITY_BOUNDS`) is refused with 422 `station_outside_city` unless the
officer confirms it (`confirm_outside_city`), and the confirmation is kept in the audit entry.
"""
import re
import unicodedata

from flask import current_app

from app.campaigns.errors import StationOutsideCity
from app.campaigns.models import STOCK_MODES
from app.validation import Checks

#: The most packs one station may be given at once (the API's bound too).
MAX_STOCK = 1_000_000
#: Mainland mobile; landline with its area code (0471-6961234, optional extension); 400/800 hotlines.
PHONE_PATTERNS = (re.compile(r"^1[3-9][0-9]{9}$"), re.compile(r"^0[1-9][0-9]{1,2}-?[0-9]{7,8}(-[0-9]{1,6})?$"),
                  re.compile(r"^[48]00-?[0-9]{3}-?[0-9]{4}$"))
PHONE_MESSAGE = "联系电话格式不正确：请填写手机号，或带区号的固定电话（如 0471-6961234）"


def station_phone(checks, value):
    """The station's contact number, normalised (full-width digits, spaces and brackets removed);
    None when blank."""
    if value is None:
        return None
    if not isinstance(value, str):
        checks.fail("phone", PHONE_MESSAGE)
        return None
    text = re.sub(r"[\s()]", "", unicodedata.normalize("NFKC", value))
    if not text:
        return None
    if len(text) > 20 or not any(pattern.match(text) for pattern in PHONE_PATTERNS):
        checks.fail("phone", PHONE_MESSAGE)
    return text


def checked_station(data):
    """Name, address, place (GCJ-02), opening hours, contact number and stock of a station."""
    checks = Checks()
    clean = {**data,
             "name": checks.text("name", data.get("name"), min_length=2, max_length=120, label="驿站名称"),
             "address": checks.text("address", data.get("address"), min_length=2, max_length=255, label="地址"),
             "opening_hours": checks.text("opening_hours", data.get("opening_hours"), max_length=120,
                                          required=False, label="开放时间"),
             "phone": station_phone(checks, data.get("phone"))}
    checks.number("latitude", data.get("latitude"), minimum=-90, maximum=90, label="纬度")
    checks.number("longitude", data.get("longitude"), minimum=-180, maximum=180, label="经度")
    checks.number("stock", data.get("stock"), minimum=0, maximum=MAX_STOCK, label="库存")
    checks.choice("stock_mode", data.get("stock_mode", "campaign"), STOCK_MODES, label="库存方式")
    checks.done()
    return clean


def city_bounds():
    """(city name, (min lng, min lat, max lng, max lat)) from the configuration."""
    return current_app.config["CITY_NAME"], current_app.config["CITY_BOUNDS"]


def outside_city(latitude, longitude):
    _, (min_lng, min_lat, max_lng, max_lat) = city_bounds()
    return not (min_lng <= longitude <= max_lng and min_lat <= latitude <= max_lat)


def check_in_city(latitude, longitude, confirmed):
    """True when the point lies outside the city and the officer confirmed it; refused (422) when
    outside and unconfirmed; False inside."""
    if not outside_city(latitude, longitude):
        return False
    if confirmed:
        return True
    city, _ = city_bounds()
    message = (f"坐标（纬度 {latitude}，经度 {longitude}）不在{city}范围内，请核对是否填错（GCJ-02 坐标）；"
               f"确认无误请勾选“坐标不在{city}，仍然保存”")
    raise StationOutsideCity(message, fields={"confirm_outside_city": ["请核对坐标，或确认坐标无误后仍然保存"]})
