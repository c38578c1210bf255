"""The union hierarchy: city → districts/counties → street federations → grassroots unions."""
import sqlalchemy as sa

from app.extensions import db

ORG_KINDS = ("city", "district", "federation", "grassroots")
GRASSROOTS_SUBKINDS = ("enterprise", "joint", "project", "building", "street", "platform")


class Organization(db.Model):
    __tablename__ = "organizations"
    __table_args__ = (
        sa.CheckConstraint(f"kind IN {ORG_KINDS}", name="kind"),
        # A prefix LIKE on the path must use the index under any collation on PostgreSQL.
        sa.Index("ix_organizations_path", "path", postgresql_ops={"path": "varchar_pattern_ops"}),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(120), nullable=False, index=True)
    kind = sa.Column(sa.String(20), nullable=False, index=True)
    #: Only for grassroots unions: enterprise / joint / project / building / street / platform.
    subkind = sa.Column(sa.String(20))
    parent_id = sa.Column(sa.Integer, sa.ForeignKey("organizations.id"), index=True)
    #: Materialized path of ids, e.g. "/1/4/17/": "everything under X" is `path LIKE '/1/4/%'`.
    path = sa.Column(sa.String(255), nullable=False, unique=True)
    #: The district/county ancestor (itself for a district); None for the city.
    district_id = sa.Column(sa.Integer, sa.ForeignKey("organizations.id"), index=True)
    address = sa.Column(sa.String(255))
    #: 组织代码: assigned by the federation, the key of bulk imports.
    code = sa.Column(sa.String(32), nullable=False, unique=True)
    #: 统一社会信用代码 (GB 32100-2015, 18 characters, last one a check character); optional.
    credit_code = sa.Column(sa.String(18))
    contact_person = sa.Column(sa.String(64))
    contact_phone = sa.Column(sa.String(20))
    #: A deactivated union stays in the tree (history points at it) but takes no new business.
    active = sa.Column(sa.Boolean, nullable=False, default=True, server_default=sa.true())

    parent = db.relationship("Organization", remote_side=[id], foreign_keys=[parent_id])
    district = db.relationship("Organization", remote_side=[id], foreign_keys=[district_id])

    def is_within(self, ancestor):
        return self.path.startswith(ancestor.path)

    @property
    def depth(self):
        return self.path.count("/") - 1

    def __repr__(self):
        return f"<Organization {self.id} {self.name}>"
