"""Station stock: taking a pack and giving it back, under a row lock.

Campaign-wide stock lives on the station row; daily stock in one StationDayStock row per
(station, Shanghai day), created lazily from `Station.daily_stock`. Taking a pack locks the row
that holds the count (`SELECT … FOR NO KEY UPDATE`), re-checks it (and, for a campaign-stock station,
`is_open`) and only then decrements it, all in the sign-up's transaction: two sign-ups can never
both take the last pack, and a station an officer has just closed gives out no more.
"""
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from app.campaigns.models import Station, StationDayStock
from app.errors import ValidationFailed
from app.extensions import db
from app.locking import lock_rows
from app.timeutil import local_now


def today():
    return local_now().date()


def _ensure_day_row(station, day):
    """Create the (station, day) row if it is missing; a racing creator is simply ignored."""
    values = {"station_id": station.id, "day": day, "stock_total": station.daily_stock or 0,
              "stock_left": station.daily_stock or 0}
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(StationDayStock)
    db.session.execute(insert.values(**values).on_conflict_do_nothing(index_elements=["station_id", "day"]))


#: Tables, not mapped classes: the stock statements skip the ORM's bulk machinery (the session
#: holds no stock rows to synchronise), which is most of its cost on the sign-up path.
_stations, _day_stock = Station.__table__, StationDayStock.__table__


def _stock_target(station, day):
    """(table, WHERE clause) of the row that holds this station's stock for `day`."""
    if station.stock_mode == "daily":
        return _day_stock, sa.and_(_day_stock.c.station_id == station.id, _day_stock.c.day == day)
    return _stations, _stations.c.id == station.id


_SID, _DAY, _SEEN = sa.bindparam("sid"), sa.bindparam("stock_day"), sa.bindparam("seen_left", type_=sa.Integer)
#: Per stock mode, built once (the surge runs them for every sign-up): read the count (and, on the
#: station row, is_open) — locked at run time — then write the count read, less one.
_READ_STOCK = {
    "campaign": sa.select(_stations.c.stock_left, _stations.c.is_open).where(_stations.c.id == _SID),
    "daily": sa.select(_day_stock.c.stock_left, sa.true()).where(_day_stock.c.station_id == _SID,
                                                                 _day_stock.c.day == _DAY),
}
_TAKE_ONE = {
    "campaign": sa.update(_stations).where(_stations.c.id == _SID).values(stock_left=_SEEN - 1),
    "daily": sa.update(_day_stock).where(_day_stock.c.station_id == _SID, _day_stock.c.day == _DAY)
    .values(stock_left=_SEEN - 1),
}
_IS_OPEN = sa.select(_stations.c.is_open).where(_stations.c.id == _SID)


def _still_open(station):
    """Re-check `is_open` under a shared lock on the station row (daily stations only).

    The sign-up read the station before it wrote anything; an officer's close committed since
    must win. A campaign-stock station re-checks `is_open` on its stock row (the same row).
    FOR SHARE lets sign-ups at one station run side by side while close_station/add_stock wait.
    """
    return db.session.scalar(lock_rows(_IS_OPEN, read=True), {"sid": station.id})


def take_pack(station, day):
    """Take one pack from the station (from `day`'s stock for a daily station); False if none is
    left or the station has been closed meanwhile (the caller re-reads `is_open` to say which).

    Lock the row that holds the count, re-check, write: the check sees what every earlier
    sign-up left, and a competing one waits until this transaction ends."""
    if station.stock_mode == "daily":
        if not _still_open(station):
            return False
        _ensure_day_row(station, day)
    params = {"sid": station.id, "stock_day": day}
    # FOR NO KEY UPDATE: the lock an UPDATE of the count takes; it lets the sign-up rows' foreign
    # keys (KEY SHARE on the station) through, so racing sign-ups queue here instead of deadlocking.
    left, is_open = db.session.execute(lock_rows(_READ_STOCK[station.stock_mode], key_share=True), params).one()
    if left <= 0 or not is_open:
        return False
    db.session.execute(_TAKE_ONE[station.stock_mode], {**params, "seen_left": left})
    return True


def return_pack(station, stock_day):
    """Give a cancelled sign-up's pack back to the stock it came from."""
    table, where = _stock_target(station, stock_day)
    db.session.execute(sa.update(table).where(where).values(stock_left=table.c.stock_left + 1))


def add_stock_rows(station, quantity, day):
    """A delivery: campaign stations grow their pool; daily stations today's row."""
    if station.stock_mode == "daily":
        _ensure_day_row(station, day)
    table, where = _stock_target(station, day)
    db.session.execute(sa.update(table).where(where).values(stock_left=table.c.stock_left + quantity,
                                                            stock_total=table.c.stock_total + quantity))


def stock_left_by_station(stations, day):
    """{station_id: packs left now}: the pool, or today's row (daily_stock before the first sign-up)."""
    daily_ids = [s.id for s in stations if s.stock_mode == "daily"]
    day_rows = dict(db.session.execute(
        sa.select(StationDayStock.station_id, StationDayStock.stock_left)
        .where(StationDayStock.station_id.in_(daily_ids), StationDayStock.day == day)).all()) if daily_ids else {}
    return {s.id: (day_rows.get(s.id, s.daily_stock or 0) if s.stock_mode == "daily" else s.stock_left)
            for s in stations}


def packs_taken(station):
    """Packs of a campaign-stock station held by sign-ups (waiting or picked up); cancelled ones came back."""
    return station.stock_total - station.stock_left


def set_stock(station, quantity):
    """Correct a station's stock (its row locked by the caller): the campaign pool's total, never below
    the packs already taken; a daily station's amount per day, for the days whose stock is not yet
    opened (today's, once opened, grows with 补充库存)."""
    if station.stock_mode == "daily":
        station.daily_stock = quantity
        return
    taken = packs_taken(station)
    if quantity < taken:
        raise ValidationFailed(fields={"stock": [f"已有 {taken} 份被报名或领取，库存总量不能少于 {taken} 份"]})
    station.stock_total, station.stock_left = quantity, quantity - taken
