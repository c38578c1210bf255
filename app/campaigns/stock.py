"""Station stock: taking a pack and giving it back, under a row lock.

Campaign-wide stock lives on the station row; daily stock in one StationDayStock row per
(station, Shanghai day), created lazily from `Station.daily_stock`. Either way one conditional
`UPDATE … SET stock_left = stock_left - 1 WHERE stock_left > 0` takes the row lock, re-checks
and writes in one statement; PostgreSQL re-evaluates the WHERE after waiting for a competing
writer, so two sign-ups can never both take the last pack, and a station an officer has just
closed gives out no more.
"""
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from app.campaigns.models import Station, StationDayStock
from app.extensions import db
from app.timeutil import local_now


def today():
    return local_now().date()


def locking_enabled():
    """Tests switch this off (CAMPAIGNS_LOCKING=False) to prove the concurrency tests see a race."""
    return current_app.config.get("CAMPAIGNS_LOCKING", True)


def _ensure_day_row(station, day):
    """Create the (station, day) row if it is missing; a racing creator is simply ignored."""
    values = {"station_id": station.id, "day": day, "stock_total": station.daily_stock or 0,
              "stock_left": station.daily_stock or 0}
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(StationDayStock)
    db.session.execute(insert.values(**values).on_conflict_do_nothing(index_elements=["station_id", "day"]))


#: Tables, not mapped classes: an UPDATE on a table skips the ORM's bulk-update machinery
#: (the session holds no stock rows to synchronise), which is most of its cost on the sign-up path.
_stations, _day_stock = Station.__table__, StationDayStock.__table__


def _stock_target(station, day):
    """(table, WHERE clause) of the row that holds this station's stock for `day`."""
    if station.stock_mode == "daily":
        return _day_stock, sa.and_(_day_stock.c.station_id == station.id, _day_stock.c.day == day)
    return _stations, _stations.c.id == station.id


def _take_one(table, *where):
    left = table.c.stock_left
    return sa.update(table).where(*where, left > 0).values(stock_left=left - 1)


#: The conditional UPDATE per stock mode, built once (the surge runs it for every sign-up).
_TAKE_ONE = {
    "campaign": _take_one(_stations, _stations.c.id == sa.bindparam("sid"), _stations.c.is_open.is_(True)),
    "daily": _take_one(_day_stock, _day_stock.c.station_id == sa.bindparam("sid"),
                       _day_stock.c.day == sa.bindparam("stock_day")),
}
_STILL_OPEN = (sa.select(_stations.c.id).where(_stations.c.id == sa.bindparam("sid"), _stations.c.is_open.is_(True))
               .with_for_update(read=True))


def _still_open(station):
    """Re-check `is_open` under a shared lock on the station row (daily stations only).

    The sign-up read the station before it wrote anything; an officer's close committed since
    must win. A campaign-stock station re-checks in its conditional UPDATE instead (the same row).
    FOR SHARE lets sign-ups at one station run side by side while close_station/add_stock wait.
    """
    return db.session.scalar(_STILL_OPEN, {"sid": station.id}) is not None


def take_pack(station, day):
    """Take one pack from the station (from `day`'s stock for a daily station); False if none is
    left or the station has been closed meanwhile (the caller re-reads `is_open` to say which)."""
    if station.stock_mode == "daily":
        if locking_enabled() and not _still_open(station):
            return False
        _ensure_day_row(station, day)
    if locking_enabled():
        return bool(db.session.execute(_TAKE_ONE[station.stock_mode], {"sid": station.id, "stock_day": day}).rowcount)
    # Deliberately racy read-check-write, only for the control test.
    table, where = _stock_target(station, day)
    seen = db.session.scalar(sa.select(table.c.stock_left).where(where))
    if seen > 0:
        db.session.execute(sa.update(table).where(where).values(stock_left=seen - 1))
    return seen > 0


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
