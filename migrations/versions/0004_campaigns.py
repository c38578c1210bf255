"""heat-relief campaigns

Revision ID: 0004_campaigns
Revises: 0003_legal_aid
"""
from alembic import op
import sqlalchemy as sa

revision = "0004_campaigns"
down_revision = "0003_legal_aid"
branch_labels = None
depends_on = None

_ACTIVE = "status <> 'cancelled'"


def upgrade():
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("pack_contents", sa.JSON(), nullable=False),
        sa.Column("signup_starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signup_ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pickup_starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pickup_ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("eligibility", sa.String(length=20), nullable=False),
        sa.Column("limit_rule", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("eligibility IN ('members_only', 'all_workers')", name=op.f("ck_campaigns_eligibility")),
        sa.CheckConstraint("limit_rule IN ('once_per_campaign', 'once_per_day')", name=op.f("ck_campaigns_limit_rule")),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], name=op.f("fk_campaigns_org_id_organizations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    op.create_index(op.f("ix_campaigns_org_id"), "campaigns", ["org_id"], unique=False)

    op.create_table(
        "stations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("opening_hours", sa.String(length=120), nullable=True),
        sa.Column("stock_mode", sa.String(length=10), nullable=False),
        sa.Column("stock_total", sa.Integer(), nullable=False),
        sa.Column("stock_left", sa.Integer(), nullable=False),
        sa.Column("daily_stock", sa.Integer(), nullable=True),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("stock_mode IN ('campaign', 'daily')", name=op.f("ck_stations_stock_mode")),
        sa.CheckConstraint("stock_left >= 0", name=op.f("ck_stations_stock_left_non_negative")),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"], name=op.f("fk_stations_campaign_id_campaigns")),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], name=op.f("fk_stations_org_id_organizations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stations")),
    )
    op.create_index(op.f("ix_stations_campaign_id"), "stations", ["campaign_id"], unique=False)
    op.create_index(op.f("ix_stations_org_id"), "stations", ["org_id"], unique=False)

    op.create_table(
        "station_day_stock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("stock_total", sa.Integer(), nullable=False),
        sa.Column("stock_left", sa.Integer(), nullable=False),
        sa.CheckConstraint("stock_left >= 0", name=op.f("ck_station_day_stock_stock_left_non_negative")),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"], name=op.f("fk_station_day_stock_station_id_stations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_station_day_stock")),
        sa.UniqueConstraint("station_id", "day", name=op.f("uq_station_day_stock_station_id_day")),
    )

    op.create_table(
        "campaign_signups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("short_code", sa.String(length=6), nullable=False),
        sa.Column("limit_key", sa.String(length=10), nullable=False),
        sa.Column("stock_day", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("picked_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('signed_up', 'picked_up', 'cancelled')", name=op.f("ck_campaign_signups_status")),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"], name=op.f("fk_campaign_signups_campaign_id_campaigns")),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"], name=op.f("fk_campaign_signups_station_id_stations")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_campaign_signups_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_signups")),
    )
    op.create_index(op.f("ix_campaign_signups_station_id"), "campaign_signups", ["station_id"], unique=False)
    op.create_index(op.f("ix_campaign_signups_user_id"), "campaign_signups", ["user_id"], unique=False)
    op.create_index("uq_campaign_signups_one_per_limit", "campaign_signups", ["campaign_id", "user_id", "limit_key"],
                    unique=True, postgresql_where=sa.text(_ACTIVE), sqlite_where=sa.text(_ACTIVE))
    op.create_index("uq_campaign_signups_short_code_active", "campaign_signups", ["campaign_id", "short_code"],
                    unique=True, postgresql_where=sa.text(_ACTIVE), sqlite_where=sa.text(_ACTIVE))

    op.create_table(
        "redemptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signup_id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("redeemed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"], name=op.f("fk_redemptions_officer_id_officers")),
        sa.ForeignKeyConstraint(["signup_id"], ["campaign_signups.id"],
                                name=op.f("fk_redemptions_signup_id_campaign_signups")),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"], name=op.f("fk_redemptions_station_id_stations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redemptions")),
        sa.UniqueConstraint("signup_id", name=op.f("uq_redemptions_signup_id")),
    )
    op.create_index(op.f("ix_redemptions_station_id"), "redemptions", ["station_id"], unique=False)

    # Station staff accounts point at their station (the column exists since the foundation).
    if _is_sqlite():
        _rebuild_officers_on_sqlite(lambda sql: sql.rstrip()[:-1] + f", {_STATION_FK_SQL})")
    else:
        op.create_foreign_key(op.f("fk_officers_station_id_stations"), "officers", "stations",
                              ["station_id"], ["id"])


_STATION_FK_SQL = "CONSTRAINT fk_officers_station_id_stations FOREIGN KEY(station_id) REFERENCES stations (id)"


def _is_sqlite():
    return op.get_bind().dialect.name == "sqlite"


def _rebuild_officers_on_sqlite(transform):
    """SQLite adds or drops a foreign key only by rebuilding the table, and dropping the old copy
    while audit entries and others point at it is refused with foreign keys on. The documented
    procedure (sqlite.org/lang_altertable.html) switches them off, which only works outside a
    transaction, hence the autocommit block."""
    with op.get_context().autocommit_block():
        # The raw sqlite3 connection: SQLAlchemy's "begin" hook (BEGIN IMMEDIATE) must not run
        # before the PRAGMA, or the PRAGMA is silently ignored.
        raw = op.get_bind().connection.driver_connection
        if raw.in_transaction:
            raw.execute("COMMIT")
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            table_sql = raw.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name='officers'").fetchone()[0]
            index_sqls = [row[0] for row in raw.execute(
                "SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name='officers' AND sql IS NOT NULL")]
            raw.execute("BEGIN IMMEDIATE")
            raw.execute(transform(table_sql).replace('"officers"', '"_officers_new"', 1)
                        .replace("TABLE officers", 'TABLE "_officers_new"', 1))
            raw.execute('INSERT INTO "_officers_new" SELECT * FROM officers')
            raw.execute("DROP TABLE officers")
            raw.execute('ALTER TABLE "_officers_new" RENAME TO officers')
            for index_sql in index_sqls:
                raw.execute(index_sql)
            if raw.execute("PRAGMA foreign_key_check").fetchall():
                raise RuntimeError("officers rebuild left dangling foreign keys")
            raw.execute("COMMIT")
        except Exception:
            if raw.in_transaction:
                raw.execute("ROLLBACK")
            raise
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def downgrade():
    if _is_sqlite():
        _rebuild_officers_on_sqlite(lambda sql: sql.replace(f", {_STATION_FK_SQL}", ""))
    else:
        op.drop_constraint(op.f("fk_officers_station_id_stations"), "officers", type_="foreignkey")
    op.execute("UPDATE officers SET station_id = NULL")
    op.drop_index(op.f("ix_redemptions_station_id"), table_name="redemptions")
    op.drop_table("redemptions")
    op.drop_index("uq_campaign_signups_short_code_active", table_name="campaign_signups")
    op.drop_index("uq_campaign_signups_one_per_limit", table_name="campaign_signups")
    op.drop_index(op.f("ix_campaign_signups_user_id"), table_name="campaign_signups")
    op.drop_index(op.f("ix_campaign_signups_station_id"), table_name="campaign_signups")
    op.drop_table("campaign_signups")
    op.drop_table("station_day_stock")
    op.drop_index(op.f("ix_stations_org_id"), table_name="stations")
    op.drop_index(op.f("ix_stations_campaign_id"), table_name="stations")
    op.drop_table("stations")
    op.drop_index(op.f("ix_campaigns_org_id"), table_name="campaigns")
    op.drop_table("campaigns")
